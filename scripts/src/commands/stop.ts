import { detail, step } from '../lib/log';
import { type Daemon, recordedDaemons, stopDaemon } from '../lib/processes';

/** Stop order: clients first, then chaincode services, peers, orderers, CAs. */
const ORDER = ['gateway', 'chaincode.', 'peer', 'orderer', 'ca.'];
const rank = ({ name }: Daemon): number => {
  const index = ORDER.findIndex((prefix) => name.startsWith(prefix));
  return index < 0 ? 0 : index;
};

/**
 * Stops every process that start recorded in the given sites (by default every site), by PID (process group), and
 * reports the names of those it stopped.
 */
export async function stopNetwork(sites?: readonly string[]): Promise<string[]> {
  const daemons = recordedDaemons(sites).sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name));
  step(daemons.length === 0 ? 'Nothing recorded as running' : `Stopping ${daemons.length} processes`);
  const stopped: string[] = [];
  for (const rankValue of [...new Set(daemons.map(rank))]) {
    const group = daemons.filter((daemon) => rank(daemon) === rankValue);
    const results = await Promise.all(
      group.map(async (daemon) => ({ name: daemon.name, wasRunning: await stopDaemon(daemon) })),
    );
    for (const { name, wasRunning } of results) {
      detail(`${name}: ${wasRunning ? 'stopped' : 'was not running'}`);
      if (wasRunning) stopped.push(name);
    }
  }
  return stopped;
}
