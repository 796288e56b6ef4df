/**
 * The suite's error kinds. Each tells run-action how to report a failure:
 * - InputError: the workflow must change (bad or missing input). Named input, value, expected form.
 * - UserError: the environment must change (missing permission, refused promotion, failed deploy).
 * - TransientError: worth retrying (network, 5xx, rate limit); retry.ts decides how long to wait.
 * Anything else is a bug in the suite, reported with its stack in debug.
 */

export class InputError extends Error {
  override readonly name: string = 'InputError';
  readonly input: string;
  readonly value: string;
  readonly expected: string;
  #parts: readonly InputError[] | undefined;

  constructor(input: string, value: string, expected: string, options?: { secret?: boolean }) {
    const shown = options?.secret ? '***' : JSON.stringify(value);
    super(`Input '${input}' has value ${shown}; expected ${expected}.`);
    this.input = input;
    this.value = options?.secret ? '***' : value;
    this.expected = expected;
  }

  /** An input problem that is not about a value's form (an unknown input, an empty token), in its own words. */
  static withMessage(input: string, message: string): InputError {
    const error = new InputError(input, '', 'a valid value');
    error.message = message;
    return error;
  }

  /** Several invalid inputs reported at once, so the user fixes them in one go. */
  static combine(errors: readonly InputError[]): InputError {
    const combined = new InputError(errors.map((e) => e.input).join(', '), '', 'valid values');
    combined.message = `${errors.length} inputs are invalid:\n${errors.map((e) => `- ${e.message}`).join('\n')}`;
    combined.#parts = errors.flatMap((e) => e.parts);
    return combined;
  }

  /** The single-input errors this one reports: itself, or each of those it combines. */
  get parts(): readonly InputError[] {
    return this.#parts ?? [this];
  }

  /** This error with the report on some inputs replaced by a better one (same input name). */
  replacing(better: readonly InputError[]): InputError {
    const byInput = new Map(better.map((e) => [e.input, e]));
    if (!this.parts.some((p) => byInput.has(p.input))) return this;
    const parts = this.parts.map((p) => byInput.get(p.input) ?? p);
    return parts.length === 1 ? parts[0]! : InputError.combine(parts);
  }
}

export class UserError extends Error {
  override readonly name: string = 'UserError';
  /** How to fix it, when the message does not say: the job summary shows it under "How to fix". */
  readonly fix: string | undefined;

  constructor(message: string, options?: { cause?: unknown; fix?: string }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.fix = options?.fix;
  }
}

export class TransientError extends Error {
  override readonly name: string = 'TransientError';
  /** Milliseconds the server asked us to wait, when it said. */
  readonly retryAfterMs: number | undefined;

  constructor(message: string, options?: { cause?: unknown; retryAfterMs?: number }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.retryAfterMs = options?.retryAfterMs;
  }
}

/** A child process that failed: its exit code or signal, and the scrubbed tail of its stderr. */
export class ExecError extends Error {
  override readonly name: string = 'ExecError';
  readonly exitCode: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly timedOut: boolean;
  /** The last lines of stderr, already scrubbed. */
  readonly stderrTail: string;

  constructor(command: string, r: { exitCode: number | null; signal: NodeJS.Signals | null; timedOut: boolean; stderrTail: string }) {
    const how = r.timedOut ? 'timed out' : r.signal ? `was killed by ${r.signal}` : `exited with code ${r.exitCode}`;
    super(`${command} ${how}${r.stderrTail ? `:\n${r.stderrTail}` : ''}`);
    this.exitCode = r.exitCode;
    this.signal = r.signal;
    this.timedOut = r.timedOut;
    this.stderrTail = r.stderrTail;
  }
}

/** The error and its causes, outermost first (boundaries wrap: `new Error('Failed to …', { cause })`). */
export function causeChain(error: unknown, max = 5): unknown[] {
  const chain: unknown[] = [];
  for (let e: unknown = error; e !== undefined && e !== null && chain.length < max; e = (e as { cause?: unknown }).cause) chain.push(e);
  return chain;
}

/** The message of anything thrown: a thrown string or object must not pass as success. */
export function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'string') return error;
  try {
    return JSON.stringify(error) ?? String(error);
  } catch {
    return String(error);
  }
}
