// Terraform's shutdown (command/meta.go, signal_unix.go): the first SIGINT or SIGTERM asks the
// running operation to stop — in-flight provider calls finish, the state is written and the lock
// released; a second one exits at once, "data loss may have occurred", lock left behind.
import { logSignal } from './faults.ts';

type Listener = () => void;

let interrupts = 0;
const listeners = new Set<Listener>();

export function installSignalHandlers(onFirst: Listener, onSecond: Listener): void {
  const handle = (signal: NodeJS.Signals): void => {
    logSignal(signal);
    interrupts++;
    if (interrupts === 1) {
      onFirst();
      for (const l of listeners) l();
      return;
    }
    onSecond();
    process.exit(1);
  };
  process.on('SIGINT', handle);
  process.on('SIGTERM', handle);
}

export const interrupted = (): boolean => interrupts > 0;

/** Called once on the first interrupt (e.g. to kill a running provisioner). */
export function onInterrupt(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
