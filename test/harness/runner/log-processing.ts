// Workflow commands on a step's stdout and stderr, processed line by line as the runner does
// (actions/runner src/Runner.Worker/ActionCommandManager.cs): stop-commands, masks, outputs and
// state (deprecated), set-env / add-path (disabled unless allowed), debug, annotations, groups,
// echo. Each line also lands in the transcript, masked with the masks known when it was printed.

import { isAbsolute, relative, sep } from 'node:path';
import { parseCommandLine } from './commands.ts';
import { addPrependPath, annotate, runnerError } from './job-state.ts';
import type { JobState, StepRunState } from './job-state.ts';
import type { Annotation, TranscriptLine } from './types.ts';

// The runner's own wording; `%s` is the command name.
const DEPRECATED_COMMAND =
  'The `%s` command is deprecated and will be disabled soon. Please upgrade to using Environment Files. For more information see: https://github.blog/changelog/2022-10-11-github-actions-deprecating-save-state-and-set-output-commands/';
const DISABLED_COMMAND =
  'The `%s` command is disabled. Please upgrade to using Environment Files or opt into unsecure command execution by setting the `ACTIONS_ALLOW_UNSECURE_COMMANDS` environment variable to `true`. For more information see: https://github.blog/changelog/2020-10-01-github-actions-deprecating-set-env-and-add-path-commands/';
/** Commands the runner never echoes, even with echo on (their OmitEcho flag in ActionCommandManager). */
const OMIT_ECHO = new Set(['add-mask', 'debug', 'warning', 'error', 'notice']);

const UNSUPPORTED_STOP_TOKEN =
  "You cannot use a endToken that is an empty string, the string 'pause-logging', or another workflow command. For more information see: https://docs.github.com/actions/learn-github-actions/workflow-commands-for-github-actions#example-stopping-and-starting-workflow-commands or opt into insecure command execution by setting the `ACTIONS_ALLOW_UNSECURE_STOPCOMMAND_TOKENS` environment variable to `true`.";

function fmt(template: string, arg: string): string {
  return template.replace('%s', arg);
}

/** An annotation's line / column property, when it is a whole number (anything else is dropped). */
function toInt(v: string | undefined): number | undefined {
  return v !== undefined && /^\d+$/.test(v.trim()) ? Number(v.trim()) : undefined;
}

/** Handles one complete line a step printed on `stream`. */
export function processLine(job: JobState, step: StepRunState, stream: 'stdout' | 'stderr', line: string): void {
  const masker = job.masker;
  const cmd = parseCommandLine(line, job.registered);
  const plain = (): void => {
    const m = masker.mask(line);
    job.transcript.push({ step: step.entry, stream, line, masked: m, shown: m });
  };
  if (!cmd) return plain();

  if (job.stopToken !== undefined) {
    if (cmd.name === job.stopToken.toLowerCase()) {
      job.registered.delete(cmd.name);
      job.stopToken = undefined;
      const m = masker.mask(line);
      job.transcript.push({ step: step.entry, stream, line, masked: m, shown: m, command: cmd });
      return;
    }
    return plain();
  }

  const entry: TranscriptLine = { step: step.entry, stream, line, masked: '', shown: null, command: cmd };
  job.transcript.push(entry);
  if (cmd.name === 'add-mask') {
    entry.masked = '::add-mask::***';
  } else {
    entry.masked = masker.mask(line);
  }
  const echo = step.echo && !OMIT_ECHO.has(cmd.name) ? masker.mask(line) : null;
  entry.shown = echo;

  const fail = (message: string): void => {
    runnerError(job, step.entry, `Unable to process command '${OMIT_ECHO.has(cmd.name) ? cmd.name : masker.mask(line)}' successfully.`);
    runnerError(job, step.entry, message);
    step.commandFailed = true;
  };

  switch (cmd.name) {
    case 'stop-commands': {
      // ValidateStopToken: an empty token, 'pause-logging' or a command's name is refused unless
      // ACTIONS_ALLOW_UNSECURE_STOPCOMMAND_TOKENS is true; a token longer than 6 is masked.
      const token = cmd.data;
      if ((token === '' || token.toLowerCase() === 'pause-logging' || job.registered.has(token.toLowerCase())) && !step.allowUnsecureStopTokens) {
        return fail(UNSUPPORTED_STOP_TOKEN);
      }
      job.stopToken = token;
      job.registered.add(token.toLowerCase());
      if (token.length > 6) masker.addValue(token);
      entry.shown = masker.mask(line);
      return;
    }
    case 'add-mask':
      if (!masker.addMask(cmd.data)) {
        annotate(job, { level: 'warning', message: "Can't add secret mask for empty string in ##[add-mask] command.", step: step.entry, source: 'runner' });
      } else {
        if (!job.masks.includes(cmd.data)) job.masks.push(cmd.data);
        if (step.echo) entry.shown = '::add-mask::***';
      }
      return;
    case 'set-output':
    case 'save-state': {
      annotate(job, { level: 'warning', message: fmt(DEPRECATED_COMMAND, cmd.name), step: step.entry, source: 'runner' });
      const name = cmd.properties['name'];
      if (!name) return fail(`Required field 'name' is missing in ##[${cmd.name}] command.`);
      if (cmd.name === 'set-output') step.outputs[name] = cmd.data;
      else job.state[name] = cmd.data;
      return;
    }
    case 'set-env': {
      if (!step.allowUnsecure) return fail(fmt(DISABLED_COMMAND, 'set-env'));
      const name = cmd.properties['name'];
      if (!name) return fail("Required field 'name' is missing in ##[set-env] command.");
      if (name.toUpperCase() === 'NODE_OPTIONS') {
        runnerError(job, step.entry, "Can't update NODE_OPTIONS environment variable using ::set-env:: command.");
        return;
      }
      job.exported[name] = cmd.data;
      return;
    }
    case 'add-path': {
      if (!step.allowUnsecure) return fail(fmt(DISABLED_COMMAND, 'add-path'));
      if (!cmd.data) return fail("Required field 'path' is missing in ##[add-path] command.");
      addPrependPath(job, cmd.data);
      return;
    }
    case 'debug':
      job.debug.push({ step: step.entry, message: cmd.data });
      entry.shown = job.debugEnabled ? `##[debug]${masker.mask(cmd.data)}` : null;
      return;
    case 'error':
    case 'warning':
    case 'notice': {
      const p = cmd.properties;
      let file = p['file'];
      if (file !== undefined && isAbsolute(file)) {
        const rel = relative(job.workspace, file);
        if (rel !== '' && !rel.startsWith('..') && !isAbsolute(rel)) file = rel.split(sep).join('/');
      }
      const a: Omit<Annotation, 'maskedMessage'> = { level: cmd.name, message: cmd.data, step: step.entry, source: 'action' };
      if (file !== undefined) a.file = file;
      const line = toInt(p['line']);
      if (line !== undefined) a.line = line;
      const endLine = toInt(p['endline']);
      if (endLine !== undefined) a.endLine = endLine;
      const col = toInt(p['col']);
      if (col !== undefined) a.col = col;
      const endColumn = toInt(p['endcolumn']);
      if (endColumn !== undefined) a.endColumn = endColumn;
      if (p['title'] !== undefined) a.title = p['title'];
      annotate(job, a);
      entry.shown = `##[${cmd.name}]${masker.mask(cmd.data)}`;
      return;
    }
    case 'group':
      job.groups.push({ step: step.entry, name: cmd.data });
      entry.shown = `##[group]${masker.mask(cmd.data)}`;
      return;
    case 'endgroup':
      entry.shown = '##[endgroup]';
      return;
    case 'echo': {
      const v = cmd.data.trim().toUpperCase();
      if (v === 'ON') step.echo = true;
      else if (v === 'OFF') step.echo = false;
      else fail(`Invalid echo command value. Possible values can be: 'on', 'off'. Current value is: '${cmd.data}'.`);
      return;
    }
    default:
      // add-matcher / remove-matcher: accepted, problem matchers are not emulated.
      return;
  }
}
