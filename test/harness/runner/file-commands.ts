// Environment files as the runner reads them after each step (actions/runner
// src/Runner.Worker/FileCommandManager.cs, Linux behaviour): GITHUB_OUTPUT, GITHUB_ENV and
// GITHUB_STATE hold `name=value` lines or `name<<DELIMITER` … `DELIMITER` blocks; GITHUB_PATH holds
// one directory per line.

export interface KeyValueParse {
  entries: Array<[string, string]>;
  /** Set when the runner would fail the step ("Unable to process file command … successfully"). */
  error?: string;
}

/** Reads one line ending in '\n' (on Linux the runner splits on LF only, so a CR stays in the line). */
function readLine(text: string, at: { index: number }): { line: string; newline: boolean } | undefined {
  if (at.index >= text.length) return undefined;
  const start = at.index;
  const lf = text.indexOf('\n', start);
  if (lf < 0) {
    at.index = text.length;
    return { line: text.slice(start), newline: false };
  }
  at.index = lf + 1;
  return { line: text.slice(start, lf), newline: true };
}

export function parseKeyValueFile(text: string): KeyValueParse {
  const entries: Array<[string, string]> = [];
  const at = { index: 0 };
  for (let r = readLine(text, at); r !== undefined; r = readLine(text, at)) {
    const line = r.line;
    if (line === '') continue;
    const eq = line.indexOf('=');
    const hd = line.indexOf('<<');
    if (eq >= 0 && (hd < 0 || eq < hd)) {
      const name = line.slice(0, eq);
      if (name === '') return { entries, error: `Invalid format '${line}'. Name must not be empty` };
      entries.push([name, line.slice(eq + 1)]);
    } else if (hd >= 0 && (eq < 0 || hd < eq)) {
      const name = line.slice(0, hd);
      const delimiter = line.slice(hd + 2);
      if (name === '' || delimiter === '') {
        return { entries, error: `Invalid format '${line}'. Name must not be empty and delimiter must not be empty` };
      }
      const start = at.index;
      let end = at.index;
      let next = readLine(text, at);
      while (next === undefined || next.line !== delimiter) {
        if (next === undefined) return { entries, error: `Invalid value. Matching delimiter not found '${delimiter}'` };
        if (!next.newline) return { entries, error: 'Invalid value. EOF marker missing new line.' };
        end = at.index - 1;
        next = readLine(text, at);
      }
      entries.push([name, end > start ? text.slice(start, end) : '']);
    } else {
      return { entries, error: `Invalid format '${line}'` };
    }
  }
  return { entries };
}

/** Directories added through GITHUB_PATH, in the order they were written. */
export function parsePathFile(text: string): string[] {
  return text.split('\n').filter((l) => l !== '');
}
