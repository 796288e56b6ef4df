import * as core from '@actions/core';
import type { Redactor } from './redact.ts';

/**
 * Typed main → post state. State is a plain file the runner keeps for the job, so it holds
 * identifiers only: saving anything the redactor knows as secret is refused (a bug, not a choice).
 */
export interface State<K extends string> {
  save(key: K, value: string | number | boolean): void;
  get(key: K): string | undefined;
}

export function createState<K extends string>(
  redactor: Redactor,
  io: { save(name: string, value: string): void; get(name: string): string } = { save: core.saveState, get: core.getState },
): State<K> {
  return {
    save(key, value) {
      const text = String(value);
      if (redactor.scrub(text) !== text) throw new Error(`Refusing to save a secret value in state '${key}'`);
      io.save(key, text);
    },
    get(key) {
      return io.get(key) || undefined;
    },
  };
}
