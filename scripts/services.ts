/**
 * The test service manager from the command line.
 *
 *   node scripts/services.ts install [NAME…]   install the Debian packages of the named services
 *                                              (default: all) in one apt-get call; .ci/run calls
 *                                              it once up front so tests don't each pay for it
 *   node scripts/services.ts start NAME…       start services for manual use and print their
 *                                              connection info as JSON; they keep running
 *   node scripts/services.ts stop [NAME…]      stop what `start` left running (default: all)
 *   node scripts/services.ts status            print what `start` left running
 *
 * NAME is one of postgres, mariadb, redis, pushgateway, prometheus, ansible.
 */
import {
  type AnyService,
  ensureInstalled,
  isServiceName,
  type Pushgateway,
  SERVICE_NAMES,
  type ServiceName,
  startService,
} from '../test/harness/services/index.ts';
import { readState, type SavedService, STATE_FILE, stopSaved, writeState } from '../test/harness/services/state.ts';

const USAGE = `usage: node scripts/services.ts install [NAME…] | start NAME… | stop [NAME…] | status
NAME: ${SERVICE_NAMES.join(', ')}`;

function parseNames(args: readonly string[], fallback: readonly ServiceName[]): ServiceName[] {
  const unknown = args.filter((arg) => !isServiceName(arg));
  if (unknown.length > 0) throw new Error(`unknown service ${unknown.join(', ')}\n${USAGE}`);
  return args.length === 0 ? [...fallback] : [...new Set(args as ServiceName[])];
}

/** Connection info only: the handles' data fields (functions vanish in JSON), minus pids and dirs. */
function info(handle: AnyService): Record<string, unknown> {
  return JSON.parse(JSON.stringify(handle, (key, value: unknown) => (key === 'resources' ? undefined : value))) as Record<
    string,
    unknown
  >;
}

async function install(args: readonly string[]): Promise<void> {
  const names = parseNames(args, SERVICE_NAMES);
  const started = Date.now();
  const installed = await ensureInstalled(names, (line) => console.log(line));
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(
    installed.length === 0
      ? `services: everything for ${names.join(', ')} is installed`
      : `services: installed ${installed.join(' ')} in ${seconds} s`,
  );
}

async function start(args: readonly string[]): Promise<void> {
  if (args.length === 0) throw new Error(`start needs at least one service name\n${USAGE}`);
  const names = parseNames(args, []);
  await ensureInstalled(names, (line) => console.error(line));
  const saved = readState();
  const printed: Record<string, unknown> = {};
  let pushgateway: Pushgateway | undefined;
  // The gateway first, so a Prometheus started alongside scrapes it instead of its own.
  for (const name of [...names].sort((a, b) => Number(b === 'pushgateway') - Number(a === 'pushgateway'))) {
    const handle: AnyService =
      name === 'prometheus'
        ? await startService('prometheus', { persistent: true, ...(pushgateway ? { pushgateway } : {}) })
        : await startService(name, { persistent: true });
    if (handle.name === 'pushgateway') pushgateway = handle;
    printed[name] = info(handle);
    saved.push({ name, startedAt: new Date().toISOString(), info: info(handle), resources: handle.resources });
    // Saved after each start, so a failure half way still leaves the earlier ones stoppable.
    writeState(saved);
  }
  console.log(JSON.stringify(printed, null, 2));
}

async function stop(args: readonly string[]): Promise<void> {
  const names = parseNames(args, SERVICE_NAMES);
  const saved = readState();
  const keep: SavedService[] = [];
  // Reverse start order: a Prometheus stops before the gateway it scrapes.
  for (const service of [...saved].reverse()) {
    if (names.includes(service.name)) {
      await stopSaved(service);
      console.log(`stopped ${service.name}`);
    } else {
      keep.unshift(service);
    }
  }
  writeState(keep);
}

function status(): void {
  const saved = readState();
  if (saved.length === 0) console.log(`no services started (${STATE_FILE} is absent)`);
  else console.log(JSON.stringify(Object.fromEntries(saved.map((s) => [s.name, { ...s.info, startedAt: s.startedAt }])), null, 2));
}

async function main(argv: readonly string[]): Promise<void> {
  const [command, ...args] = argv;
  switch (command) {
    case 'install':
      return install(args);
    case 'start':
      return start(args);
    case 'stop':
      return stop(args);
    case 'status':
      return status();
    default:
      throw new Error(USAGE);
  }
}

try {
  await main(process.argv.slice(2));
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
}
