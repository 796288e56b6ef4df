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

  constructor(input: string, value: string, expected: string, options?: { secret?: boolean }) {
    const shown = options?.secret ? '***' : JSON.stringify(value);
    super(`Input '${input}' has value ${shown}; expected ${expected}.`);
    this.input = input;
    this.value = options?.secret ? '***' : value;
    this.expected = expected;
  }

  /** Several invalid inputs reported at once, so the user fixes them in one go. */
  static combine(errors: readonly InputError[]): InputError {
    const combined = new InputError(errors.map((e) => e.input).join(', '), '', 'valid values');
    combined.message = `${errors.length} inputs are invalid:\n${errors.map((e) => `- ${e.message}`).join('\n')}`;
    return combined;
  }
}

export class UserError extends Error {
  override readonly name: string = 'UserError';
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

/** Errors the user can act on; everything else is reported as a bug in the suite. */
export function isUserFacing(error: unknown): boolean {
  return error instanceof InputError || error instanceof UserError;
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
