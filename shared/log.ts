import * as core from '@actions/core';
import type { Redactor } from './redact.ts';

/**
 * Structured logging: human text by default, JSON lines with `log-format: json`. Everything passes
 * through the redactor first, then `inert` (no printed text can issue a workflow command; see
 * docs/faults.md); warnings and errors become annotations through @actions/core.
 */

export type LogFormat = 'text' | 'json';
export type Fields = Record<string, unknown>;
export interface AnnotationProps {
  title?: string;
  file?: string;
  startLine?: number;
}

/** The @actions/core calls the logger makes; injectable so unit tests can see what reaches the runner. */
export interface LogSink {
  debug(message: string): void;
  info(message: string): void;
  warning(message: string, props?: AnnotationProps): void;
  error(message: string, props?: AnnotationProps): void;
  startGroup(name: string): void;
  endGroup(): void;
}

export interface Logger {
  readonly redactor: Redactor;
  debug(message: string, fields?: Fields): void;
  info(message: string, fields?: Fields): void;
  warning(message: string, fields?: Fields, props?: AnnotationProps): void;
  error(message: string, fields?: Fields, props?: AnnotationProps): void;
  /** Runs `fn` inside a collapsible group and logs how long it took. */
  group<T>(name: string, fn: () => Promise<T>): Promise<T>;
}

export function createLogger(opts: {
  redactor: Redactor;
  format?: LogFormat;
  sink?: LogSink;
  now?: () => number;
}): Logger {
  const { redactor, format = 'text', sink = core, now = Date.now } = opts;

  const render = (level: string, message: string, fields?: Fields): string => {
    if (format === 'json') {
      return inertJson(JSON.stringify(redactor.scrubDeep({ time: new Date(now()).toISOString(), level, msg: message, ...fields })));
    }
    const suffix = fields && Object.keys(fields).length > 0 ? ` ${formatFields(redactor.scrubDeep(fields))}` : '';
    return inert(redactor.scrub(message) + suffix);
  };

  return {
    redactor,
    debug: (m, f) => sink.debug(render('debug', m, f)),
    info: (m, f) => sink.info(render('info', m, f)),
    warning: (m, f, p) => sink.warning(render('warning', m, f), scrubProps(redactor, p)),
    error: (m, f, p) => sink.error(render('error', m, f), scrubProps(redactor, p)),
    async group(name, fn) {
      const started = now();
      sink.startGroup(inert(redactor.scrub(name)));
      let outcome = 'failed';
      try {
        const result = await fn();
        outcome = 'done';
        return result;
      } finally {
        sink.endGroup();
        const ms = now() - started;
        const fields = format === 'json' ? { phase: name, outcome, duration_ms: ms } : undefined;
        sink.info(render('info', `${name}: ${outcome} in ${formatDuration(ms)}`, fields));
      }
    },
  };
}

function scrubProps(redactor: Redactor, props: AnnotationProps | undefined): AnnotationProps | undefined {
  if (!props) return undefined;
  return { ...props, ...(props.title === undefined ? {} : { title: inert(redactor.scrub(props.title)) }) };
}

/*
 * How the runner reads a step's output (actions/runner src/Runner.Common/ActionCommand.cs,
 * src/Runner.Worker/ActionCommandManager.cs): line by line (LF, CRLF or a lone CR end a line); a
 * line is a command when, after leading whitespace, it starts with `::name` (V2), or when it holds
 * `##[name` anywhere (the legacy form, tried when V2 does not match); `::stop-commands::TOKEN`
 * stops all processing for the rest of the job. The runner's StartsWith/IndexOf are culture-
 * sensitive, and with ICU (Linux, macOS) default-ignorable characters such as U+200B are skipped
 * by them (https://learn.microsoft.com/dotnet/standard/base-types/string-comparison-net-5-plus),
 * so a zero-width character cannot neutralise a command: visible ASCII does.
 */
const IGNORABLE = '\\p{Default_Ignorable_Code_Point}';
/** `##[` with anything the runner's comparison skips between its characters. */
const LEGACY = new RegExp(`#[${IGNORABLE}]*#[${IGNORABLE}]*\\[`, 'gu');
/** A V2 command start: .NET whitespace (U+FEFF is not whitespace there) or skipped characters, then `::`. */
const V2_START = new RegExp(`^[\\t\\n\\v\\f\\r \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000${IGNORABLE}]*:[${IGNORABLE}]*:`, 'u');

/**
 * Text the runner will print and never honour as a workflow command, whatever it holds: each line
 * (CR, LF and CRLF all end one) that would start a V2 command gets a leading `\`, and every legacy
 * `##[` becomes `##\[`. Every line the suite prints goes through here (the logger does it; the
 * few direct @actions/core calls wrap their text in it).
 */
export function inert(text: string): string {
  return text
    .split(/\r\n|\r|\n/)
    .map((line) => (V2_START.test(line) ? `\\${line}` : line).replace(LEGACY, '##\\['))
    .join('\n');
}

/** A JSON line made inert without changing its value: `[` and the skipped characters as \u escapes. */
export function inertJson(line: string): string {
  return line
    .replace(new RegExp(`[${IGNORABLE}]`, 'gu'), (c) => [...Array(c.length).keys()].map((i) => `\\u${c.charCodeAt(i).toString(16).padStart(4, '0')}`).join(''))
    .replace(/##\[/g, '##\\u005b');
}

function formatFields(fields: Fields): string {
  return Object.entries(fields)
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(' ');
}

/** 850 → "850ms", 1234 → "1.2s", 95000 → "1m35s". */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)}s`;
  const minutes = Math.floor(ms / 60_000);
  return `${minutes}m${Math.round((ms % 60_000) / 1000)}s`;
}
