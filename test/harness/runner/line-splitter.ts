/** Splits a stream into lines the way the runner's reader does (LF, CRLF or a lone CR). */
export class LineSplitter {
  #buf = '';
  readonly #onLine: (line: string) => void;
  constructor(onLine: (line: string) => void) {
    this.#onLine = onLine;
  }
  push(chunk: string): void {
    this.#buf += chunk;
    for (;;) {
      const m = /\r\n|\r|\n/.exec(this.#buf);
      if (!m) return;
      // A CR at the very end may be the first half of CRLF: wait for more.
      if (m[0] === '\r' && m.index === this.#buf.length - 1) return;
      const line = this.#buf.slice(0, m.index);
      this.#buf = this.#buf.slice(m.index + m[0].length);
      this.#onLine(line);
    }
  }
  end(): void {
    let rest = this.#buf;
    this.#buf = '';
    if (rest.endsWith('\r')) rest = rest.slice(0, -1);
    if (rest !== '') this.#onLine(rest);
  }
}
