import { appendFileSync, existsSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { LINUX, readReading } from './readings.ts';

/**
 * The detached sampler (its own bundle, dist/report-metrics/sampler/index.js): started by main
 * with `sample-resources: true`, it appends one JSON reading per `sample-interval` to a file under
 * RUNNER_TEMP until post sends SIGTERM. No port, no network, no dependency: a file is the whole
 * interface (catchpoint/workflow-telemetry-action#108 and #81 are what a localhost port costs).
 * It also stops by itself: after 6 hours and 5 minutes (GitHub's job limit), past 64 MiB of
 * readings, or when its folder is gone (the runner cleaned RUNNER_TEMP).
 *
 *   node sampler/index.js <file> <interval-ms> <workspace>
 */

const MAX_LIFETIME_MS = (6 * 60 + 5) * 60_000;
const MAX_BYTES = 64 * 1024 * 1024;

const [file, intervalText, workspace] = process.argv.slice(2);
const interval = Number(intervalText);
if (!file || !workspace || !Number.isInteger(interval) || interval < 100) {
  process.stderr.write('usage: sampler <readings-file> <interval-ms ≥ 100> <workspace>\n');
  process.exit(2);
}

const started = Date.now();
const sample = (): void => {
  try {
    appendFileSync(file, `${JSON.stringify(readReading({ ...LINUX, workspace }))}\n`);
  } catch {
    // A reading that cannot be written is lost, not fatal; a missing folder stops us below.
  }
};
const stop = (): void => {
  sample();
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);

sample();
setInterval(() => {
  if (!existsSync(dirname(file)) || Date.now() - started > MAX_LIFETIME_MS || (statSync(file, { throwIfNoEntry: false })?.size ?? 0) > MAX_BYTES) {
    process.exit(0);
  }
  sample();
}, interval);
