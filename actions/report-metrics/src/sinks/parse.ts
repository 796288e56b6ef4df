import { InputError } from '../../../../shared/errors.ts';
import { urlSecrets, type Field } from '../../../../shared/inputs.ts';
import type { SinkKind, SinkTarget } from './types.ts';

/**
 * The `export` and `export-headers` inputs, parsed once into the final `SinkTarget`s. This file is
 * on the start path (inputs.ts), so it holds every kind's line syntax and nothing else — no I/O,
 * no encoder; each sink's file is loaded by open.ts when a line names it.
 *
 * `export` lines are `kind=target` (or `none`). URLs may carry credentials (`https://user:pass@…`,
 * Influx v1's `?p=`): each field's `secretsOf` names them, so readInputs registers them with the
 * redactor before `parse` runs, and every message and label masks them too.
 */

const SINK_KINDS: readonly SinkKind[] = [
  'pushgateway',
  'prometheus-remote-write',
  'otlp',
  'influx',
  'datadog',
  'statsd',
  'elasticsearch',
  'splunk-hec',
  'file',
];

/** Query parameters that carry credentials in the wild (Influx v1 `p`, tokens, API keys). */
const SECRET_PARAMS = /^(p|password|token|api[-_]?key|dd-api-key|access[-_]?token|auth)$/i;

const EXPECTED =
  'none, or one of pushgateway=URL, prometheus-remote-write=URL, otlp=URL, influx=URL (…/write?db=DB or …/api/v2/write?org=ORG&bucket=BUCKET), ' +
  'datadog=URL, statsd=udp://HOST:PORT, elasticsearch=URL/INDEX, splunk-hec=URL, file=PATH (relative to the workspace)';

/** The `export` input: a list of sink targets (empty for `none`). */
export const exportField: Field<SinkTarget[], true> = {
  required: true,
  secret: false,
  expected: `one sink per line: ${EXPECTED}`,
  secretsOf: (raw) => raw.split(/\r?\n/).flatMap((line) => lineSecrets(line.slice(line.indexOf('=') + 1).trim())),
  parse(raw, name) {
    const lines = raw.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
    if (lines.length === 1 && lines[0] === 'none') return [];
    const targets = lines.map((line) => parseExportLine(line, name));
    const labels = targets.map((t) => t.label);
    const twice = labels.find((l, i) => labels.indexOf(l) !== i);
    if (twice) throw new InputError(name, twice, 'each sink once');
    return targets;
  },
};

export function parseExportLine(line: string, name = 'export'): SinkTarget {
  const eq = line.indexOf('=');
  const kind = line.slice(0, Math.max(0, eq)).trim() as SinkKind;
  const value = line.slice(eq + 1).trim();
  if (eq < 0 || !SINK_KINDS.includes(kind) || value === '') throw new InputError(name, maskLine(line), `each line to be ${EXPECTED}`);
  const fail = (expected: string): never => {
    throw new InputError(name, maskLine(line), expected);
  };

  if (kind === 'file') {
    if (value.startsWith('/') || /^[A-Za-z]:[\\/]/.test(value) || value.split(/[\\/]/).includes('..') || /[\0\r\n]/.test(value)) {
      fail('file=PATH with a relative path inside the workspace (no leading /, no ..)');
    }
    return Object.freeze({ kind, url: undefined, path: value, label: `file=${value}`, headers: {} });
  }

  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return fail(`${kind}=URL with an absolute URL`);
  }
  const scheme = url.protocol.replace(/:$/, '');
  if (kind === 'statsd') {
    if (scheme !== 'udp' || !url.hostname || !url.port || url.username || url.password || (url.pathname !== '' && url.pathname !== '/')) {
      fail('statsd=udp://HOST:PORT');
    }
  } else if (scheme !== 'https' && scheme !== 'http') {
    fail(`${kind}=URL with scheme http or https`);
  }

  const basic = basicAuth(url);
  url.username = '';
  url.password = '';
  const endpoint = endpointOf(kind, url, fail);
  return Object.freeze({ kind, url: endpoint, path: undefined, label: `${kind}=${maskUrl(endpoint)}`, headers: basic ? { authorization: `Basic ${basic}` } : {} });
}

/** The base64 `user:password` of a URL with a password (what basic auth sends). */
function basicAuth(url: URL): string | undefined {
  if (!url.password) return undefined;
  return Buffer.from(`${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`).toString('base64');
}

/** The credentials of one line's target: its user-info (shared/inputs.ts), the basic-auth token it becomes, secret query values. */
function lineSecrets(value: string): string[] {
  const secrets = urlSecrets(value);
  try {
    const url = new URL(value);
    const basic = basicAuth(url);
    if (basic) secrets.push(basic);
    for (const [key, v] of url.searchParams) if (SECRET_PARAMS.test(key) && v) secrets.push(v, encodeURIComponent(v));
  } catch {
    // Not a URL: parse refuses it, with the user-info masked.
  }
  return [...new Set(secrets)];
}

/** The URL each kind posts to: documented defaults appended when the line gives only the base. */
function endpointOf(kind: SinkKind, url: URL, fail: (expected: string) => never): URL {
  const path = url.pathname.replace(/\/+$/, '');
  const withPath = (suffix: string): URL => (path.endsWith(suffix) ? url : new URL(`${path}${suffix}${url.search}`, url));
  switch (kind) {
    case 'prometheus-remote-write':
      return path === '' ? new URL(`/api/v1/write${url.search}`, url) : url;
    case 'otlp':
      return withPath('/v1/metrics');
    case 'datadog':
      return withPath('/api/v1/series');
    case 'splunk-hec': {
      // Splunk index names: lower-case letters, digits, _ and -, not starting with _ or -.
      const index = url.searchParams.get('index');
      if (index !== null && !/^[a-z0-9][a-z0-9_-]*$/.test(index)) fail('splunk-hec=URL with ?index= a Splunk index name (lower-case letters, digits, _ and -)');
      return path.includes('/services/collector') ? url : withPath('/services/collector');
    }
    case 'influx': {
      const v2 = path.endsWith('/api/v2/write') && url.searchParams.get('bucket') && (url.searchParams.get('org') || url.searchParams.get('orgID'));
      const v1 = !path.endsWith('/api/v2/write') && path.endsWith('/write') && url.searchParams.get('db');
      if (!v1 && !v2) fail('influx=URL ending in /write?db=DATABASE (API v1) or /api/v2/write?org=ORG&bucket=BUCKET (API v2)');
      return url;
    }
    case 'elasticsearch': {
      const index = path.split('/').pop() ?? '';
      if (!/^[a-z0-9][a-z0-9._+-]*$/.test(index) || index.startsWith('_')) fail('elasticsearch=URL/INDEX (the index or data stream, lower case, as the last path segment)');
      return url;
    }
    default:
      return url;
  }
}

/** A URL as it may be shown: no user info, secret query values masked. */
function maskUrl(url: URL): string {
  const shown = new URL(url.href);
  shown.username = '';
  shown.password = '';
  for (const key of [...shown.searchParams.keys()]) if (SECRET_PARAMS.test(key)) shown.searchParams.set(key, '***');
  return shown.href.replace(/%2A%2A%2A/g, '***');
}

/** A whole line as it may be shown in an error: credentials of a URL-looking value masked, whatever else is wrong. */
function maskLine(line: string): string {
  return line
    .replace(/(\/\/)[^/@\s]*@/g, '$1***@')
    .replace(/([?&](?:p|password|token|api[-_]?key|dd-api-key|access[-_]?token|auth)=)[^&\s]*/gi, '$1***');
}

/** One `export-headers` line: `Name: value` for every HTTP sink, `[kind] Name: value` for one. */
export interface HeaderLine {
  readonly kind: SinkKind | undefined;
  readonly name: string;
  readonly value: string;
}

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const RESERVED = new Set(['host', 'content-length', 'content-type', 'content-encoding', 'transfer-encoding', 'connection']);

/** The `export-headers` input (secret): each value, and the token after its scheme (`Bearer x`, `Splunk x`), is registered too. Errors name the line number, never the value. */
export const headersField: Field<HeaderLine[], false> = {
  required: false,
  secret: true,
  expected: 'lines "Name: value" (or "[kind] Name: value" for one sink)',
  secretsOf: (raw) =>
    raw.split(/\r?\n/).flatMap((line) => {
      const value = line.slice(line.indexOf(':') + 1).trim();
      const token = value.split(/\s+/).slice(1).join(' ');
      return [value, ...(token.length >= 4 ? [token] : [])].filter((v) => v.length >= 4);
    }),
  parse(raw, name) {
    const out: HeaderLine[] = [];
    raw.split(/\r?\n/).forEach((text, i) => {
      const line = text.trim();
      if (!line) return;
      const match = /^(?:\[([a-z-]+)\]\s*)?([^:\s]+)\s*:\s*(.+)$/.exec(line);
      const kind = match?.[1] as SinkKind | undefined;
      const header = match?.[2] ?? '';
      const value = match?.[3]?.trim() ?? '';
      const where = `line ${i + 1}`;
      if (!match || !TOKEN.test(header) || !value) throw new InputError(name, where, '"Name: value" or "[kind] Name: value" on every line');
      if (kind !== undefined && !SINK_KINDS.includes(kind)) throw new InputError(name, where, `a sink kind in brackets, one of ${SINK_KINDS.join(', ')}`);
      if (RESERVED.has(header.toLowerCase())) throw new InputError(name, where, `a header other than ${[...RESERVED].join(', ')} (the sink sets those)`);
      out.push(Object.freeze({ kind, name: header.toLowerCase(), value }));
    });
    return out;
  },
};

/** The targets with their `export-headers` attached (both inputs are parsed, their secrets registered). */
export function withHeaders(targets: readonly SinkTarget[], headers: readonly HeaderLine[]): SinkTarget[] {
  // The most specific wins: a line's own user:password, then `[kind]` lines, then lines for every sink
  // (two influx lines, one v1 with user:password and one v2 with `[influx] Authorization: Token …`, each get theirs).
  const pick = (scoped: boolean, kind: SinkKind): Record<string, string> =>
    Object.fromEntries(headers.filter((h) => (scoped ? h.kind === kind : h.kind === undefined)).map((h) => [h.name, h.value]));
  return targets.map((t) => Object.freeze({ ...t, headers: Object.freeze({ ...pick(false, t.kind), ...pick(true, t.kind), ...t.headers }) }));
}
