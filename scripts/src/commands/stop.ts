import { detail, step } from '../lib/log';
import { recordedDaemons, stopDaemon } from '../lib/processes';

/** Stop order: clients first, then chaincode services, peers, orderers, CAs. */
const ORDER = ['gateway', 'chaincode.', 'peer', 'orderer', 'ca.'];
const rank = (name: string): number => {
  const index = ORDER.findIndex((prefix) => name.startsWith(prefix));
  return index < 0 ? 0 : index;
};

/** Stops every process that start recorded, by PID (process group), and reports what it stopped. */
export async function stopNetwork(): Promise<string[]> {
  const names = recordedDaemons().sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  step(names.length === 0 ? 'Nothing recorded as running' : `Stopping ${names.length} processes`);
  const stopped: string[] = [];
  for (const rankValue of [...new Set(names.map(rank))]) {
    const group = names.filter((name) => rank(name) === rankValue);
    const results = await Promise.all(group.map(async (name) => ({ name, wasRunning: await stopDaemon(name) })));
    for (const { name, wasRunning } of results) {
      detail(`${name}: ${wasRunning ? 'stopped' : 'was not running'}`);
      if (wasRunning) stopped.push(name);
    }
  }
  return stopped;
}
