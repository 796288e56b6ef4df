import * as core from '@actions/core';
import type { Redactor } from './redact.ts';

/**
 * Structured logging: human text by default, JSON lines with `log-format: json`. Everything passes
 * through the redactor first; warnings and errors become annotations through @actions/core.
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
      return JSON.stringify(redactor.scrubDeep({ time: new Date(now()).toISOString(), level, msg: message, ...fields }));
    }
    const suffix = fields && Object.keys(fields).length > 0 ? ` ${formatFields(redactor.scrubDeep(fields))}` : '';
    return redactor.scrub(message) + suffix;
  };

  return {
    redactor,
    debug: (m, f) => sink.debug(render('debug', m, f)),
    info: (m, f) => sink.info(render('info', m, f)),
    warning: (m, f, p) => sink.warning(render('warning', m, f), scrubProps(redactor, p)),
    error: (m, f, p) => sink.error(render('error', m, f), scrubProps(redactor, p)),
    async group(name, fn) {
      const started = now();
      sink.startGroup(redactor.scrub(name));
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
  return { ...props, ...(props.title === undefined ? {} : { title: redactor.scrub(props.title) }) };
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
