// Workflow commands as the runner parses them (actions/runner src/Runner.Common/ActionCommand.cs):
// `::name key=value,key=value::data` (v2, after .NET's TrimStart) and the legacy
// `##[name key=value;key=value]data` form (found anywhere in the line), tried in that order
// (ActionCommandManager.TryProcessCommand). The runner's StartsWith("::") and IndexOf("##[") are
// culture-sensitive, and with ICU (Linux, macOS) they skip default-ignorable characters such as
// U+200B (https://learn.microsoft.com/dotnet/standard/base-types/string-comparison-net-5-plus):
// a line that is a command once those are removed is treated as one here too, so a test never
// passes on a zero-width "escape" the real runner may see through.

export interface ParsedCommand {
  /** Lower-cased command name. */
  name: string;
  /** Property names lower-cased (the runner looks them up case-insensitively). */
  properties: Record<string, string>;
  data: string;
  legacy: boolean;
}

/** Commands the runner registers (ActionCommandManager extensions + stop-commands). */
export const REGISTERED_COMMANDS: readonly string[] = [
  'stop-commands',
  'set-env',
  'set-output',
  'save-state',
  'add-mask',
  'add-path',
  'add-matcher',
  'remove-matcher',
  'debug',
  'warning',
  'error',
  'notice',
  'group',
  'endgroup',
  'echo',
];

function replaceAll(s: string, mappings: ReadonlyArray<readonly [string, string]>): string {
  let out = s;
  for (const [token, replacement] of mappings) out = out.split(replacement).join(token);
  return out;
}

// Order matters: the runner replaces in this order, %25 last.
const DATA: ReadonlyArray<readonly [string, string]> = [
  ['\r', '%0D'],
  ['\n', '%0A'],
  ['%', '%25'],
];
const PROPERTY: ReadonlyArray<readonly [string, string]> = [
  ['\r', '%0D'],
  ['\n', '%0A'],
  [':', '%3A'],
  [',', '%2C'],
  ['%', '%25'],
];
const LEGACY: ReadonlyArray<readonly [string, string]> = [
  [';', '%3B'],
  ['\r', '%0D'],
  ['\n', '%0A'],
  [']', '%5D'],
  ['%', '%25'],
];

export function unescapeData(s: string): string {
  return replaceAll(s, DATA);
}
export function unescapeProperty(s: string): string {
  return replaceAll(s, PROPERTY);
}
/** What @actions/core's escapeData does (for fixtures and tests). */
export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}
/** What @actions/core's escapeProperty does. */
export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

function splitPair(s: string): [string, string] | undefined {
  // .NET Split('=', 2, RemoveEmptyEntries) keeps a pair only when both sides are non-empty.
  const i = s.indexOf('=');
  if (i <= 0 || i === s.length - 1) return undefined;
  return [s.slice(0, i), s.slice(i + 1)];
}

const IGNORABLE = /\p{Default_Ignorable_Code_Point}/u;

export function parseCommandLine(line: string, registered: ReadonlySet<string>): ParsedCommand | undefined {
  const parsed = parseV2(line, registered) ?? parseLegacy(line, registered);
  if (parsed || !IGNORABLE.test(line)) return parsed;
  const visible = line.replace(new RegExp(IGNORABLE, 'gu'), '');
  return parseV2(visible, registered) ?? parseLegacy(visible, registered);
}

/** .NET's String.TrimStart(): char.IsWhiteSpace, which (unlike JavaScript's) excludes U+FEFF and includes U+0085. */
export function dotnetTrimStart(s: string): string {
  return s.replace(/^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/, '');
}

function parseV2(line: string, registered: ReadonlySet<string>): ParsedCommand | undefined {
  const message = dotnetTrimStart(line);
  if (!message.startsWith('::')) return undefined;
  const end = message.indexOf('::', 2);
  if (end < 0) return undefined;
  const info = message.slice(2, end);
  const space = info.indexOf(' ');
  const name = (space < 0 ? info : info.slice(0, space)).toLowerCase();
  if (name === '' || !registered.has(name)) return undefined;
  const properties: Record<string, string> = {};
  if (space > 0) {
    for (const part of info.slice(space + 1).trim().split(',')) {
      if (part === '') continue;
      const pair = splitPair(part);
      if (pair) properties[pair[0].toLowerCase()] = unescapeProperty(pair[1]);
    }
  }
  return { name, properties, data: unescapeData(message.slice(end + 2)), legacy: false };
}

function parseLegacy(line: string, registered: ReadonlySet<string>): ParsedCommand | undefined {
  const prefix = line.indexOf('##[');
  if (prefix < 0) return undefined;
  const rb = line.indexOf(']', prefix);
  if (rb < 0) return undefined;
  const info = line.slice(prefix + 3, rb);
  const space = info.indexOf(' ');
  const name = (space < 0 ? info : info.slice(0, space)).toLowerCase();
  if (name === '' || !registered.has(name)) return undefined;
  const properties: Record<string, string> = {};
  if (space > 0) {
    for (const part of info.slice(space + 1).split(';')) {
      if (part === '') continue;
      const pair = splitPair(part);
      if (pair) properties[pair[0].toLowerCase()] = replaceAll(pair[1], LEGACY);
    }
  }
  return { name, properties, data: replaceAll(line.slice(rb + 1), LEGACY), legacy: true };
}
