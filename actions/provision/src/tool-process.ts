import { ExecError, execFile, type ExecOptions, type ExecResult } from '../../../shared/exec.ts';
import { withheldEnv } from '../../../shared/inherited-env.ts';
import { formatDuration } from '../../../shared/log.ts';
import { ProvisionFailure } from './failure.ts';
import type { ToolRun } from './state-keys.ts';
import type { ToolContext } from './tools/types.ts';

/**
 * Runs one tool process the way every tool run goes: argv only; the cloud credentials (fetched now,
 * refreshed when near expiry) and the caller's variables in its environment, the step's INPUT_*,
 * the runner-only variables and (unless tool-oidc) the OIDC token request removed from it — the
 * tool runs the repository's code (providers, local-exec, Ansible tasks); output through the redactor into the log; the `timeout` and cancellation
 * stopping it with one SIGINT and `stop-grace` before its process group is terminated; and
 * `tool-run` in state while it runs, so a post step after a cancelled job knows a lock may be held.
 */
export async function runTool(
  t: ToolContext,
  bin: string,
  args: readonly string[],
  o: {
    label: string;
    env?: Record<string, string>;
    acceptExitCodes?: readonly number[];
    /** stdout lines: returns the text to log (undefined: nothing). Default: logged as is. */
    onStdout?: (line: string) => string | undefined;
    stdoutFile?: string;
  },
): Promise<ExecResult> {
  const { ctx, settings } = t;
  // A cancelled job starts nothing new (a signal sent before a tool installs its handlers kills it outright).
  if (ctx.signal.aborted) throw new ProvisionFailure('cancelled', `${o.label} was not started: the job was cancelled`);
  const env: ExecOptions['env'] = { ...withheldEnv(process.env, { oidc: settings.toolOidc }), ...(await t.cloud.env()), ...o.env };
  const run: ToolRun = { tool: settings.tool, command: o.label, dir: t.job.dir, workspace: settings.workspace ?? 'default' };
  t.state.save('tool-run', JSON.stringify(run));
  // Left set when we had to stop the tool: the post step then looks for a lock it may have left.
  let stopped = false;
  try {
    return await execFile(bin, args, {
      cwd: t.job.dir,
      env,
      redactor: ctx.redactor,
      timeoutMs: settings.timeout,
      signal: ctx.signal,
      stop: { signal: 'SIGINT', graceMs: settings.stopGrace },
      ...(o.acceptExitCodes ? { acceptExitCodes: o.acceptExitCodes } : {}),
      ...(o.stdoutFile ? { stdoutFile: o.stdoutFile } : {}),
      onLine: (line, stream) => {
        const text = stream === 'stdout' && o.onStdout ? o.onStdout(line) : line;
        if (text !== undefined) ctx.log.info(text);
      },
    });
  } catch (error) {
    stopped = (error instanceof ExecError && error.timedOut) || ctx.signal.aborted;
    if (error instanceof ExecError && error.timedOut) {
      throw new ProvisionFailure('timeout', `${o.label} did not finish within the timeout (${formatDuration(settings.timeout)}); it was sent SIGINT and given stop-grace (${formatDuration(settings.stopGrace)}) to stop cleanly`, { cause: error, ...(error.exitCode !== null ? { exitCode: error.exitCode } : {}) });
    }
    if (ctx.signal.aborted) {
      throw new ProvisionFailure('cancelled', `${o.label} was stopped because the job was cancelled (one SIGINT, then stop-grace)`, { cause: error });
    }
    throw error;
  } finally {
    if (!stopped) t.state.save('tool-run', '');
  }
}

/**
 * The failure for an error that escaped a retry loop after the job was cancelled: withRetry then
 * rejects with the cancellation itself rather than with what the tool did.
 */
export function cancelled(t: ToolContext, error: unknown): ProvisionFailure | undefined {
  if (error instanceof ProvisionFailure) return error;
  if (t.ctx.signal.aborted) return new ProvisionFailure('cancelled', 'The job was cancelled; the tool was stopped with one SIGINT (and stop-grace)', { cause: error });
  return undefined;
}
