import type { Daemon } from '../lib/processes';
import { caDaemon } from '../network/ca';
import { chaincodeDaemon } from '../network/chaincode';
import { gatewayDaemon, readModelDaemon } from '../network/gateway';
import { ordererDaemon, peerDaemon, startOrderer } from '../network/nodes';
import { names, orgByKey, type Topology } from '../network/topology';
import { fillDisk, freeDisk, mountSmallDisk, unmountSmallDisk } from './disk';
import type { Fault } from './options';
import { raftRoles, runCliCommand } from './processes';

/** What each fault kills, and the steps that bring it back. */

interface RestoreStep {
  readonly label: string;
  readonly run: () => Promise<void>;
}

export interface FaultPlan {
  /** Processes (pid files) to kill -9, all at once. */
  readonly targets: readonly Daemon[];
  /**
   * Steps run one after the other once the fault was held; before each step but the first, the run waits for a
   * write to succeed (or for the hold time). The last step is the start command, except for a fault that kills
   * nothing.
   */
  readonly restore: readonly RestoreStep[];
  /** A fault that kills nothing: what it hits, what it does instead (its description), and its setting up. */
  readonly other?: {
    readonly hit: string;
    /** Before the fault's window (not timed). */
    readonly prepare: () => Promise<void>;
    readonly inflict: () => Promise<string>;
    /** Once writes succeed again and the read model caught up: puts back what `prepare` changed. */
    readonly cleanup: () => Promise<void>;
  };
}

/** The read model's database on a tmpfs of its own, filled for the hold, then freed (scripts/src/chaos/disk.ts). */
const readModelDisk: FaultPlan = {
  targets: [],
  restore: [
    {
      label: 'free the disk',
      run: () => {
        freeDisk();
        return Promise.resolve();
      },
    },
  ],
  other: {
    hit: "the read model's disk",
    prepare: async () => {
      await mountSmallDisk();
    },
    inflict: () => Promise.resolve(`filled the read model's tmpfs (${fillDisk()} more bytes)`),
    cleanup: unmountSmallDisk,
  },
};

/** The process a per-organisation fault (`peer-<org>`, `chaincode-<org>`, `ca-<org>`) kills. */
function orgProcess(topology: Topology, fault: string): Daemon | undefined {
  const match = /^(peer|chaincode|ca)-(.+)$/.exec(fault);
  if (match === null) return undefined;
  const [, kind, key = ''] = match;
  const target = orgByKey(topology, key);
  if (kind === 'peer') return peerDaemon(target);
  return kind === 'chaincode' ? chaincodeDaemon(target) : caDaemon(target);
}

/**
 * The plan of `fault` on the network as it runs now: the Raft leader and followers are read from the orderers'
 * metrics when the fault needs them (waiting for a leader after an earlier fault).
 */
export async function planFault(fault: Fault, topology: Topology, restartLog: string): Promise<FaultPlan> {
  const startCommand: RestoreStep = { label: 'start command', run: () => runCliCommand(restartLog) };
  const all = (targets: Daemon[]): FaultPlan => ({ targets, restore: [startCommand] });
  const single = (target: Daemon): FaultPlan => all([target]);
  switch (fault) {
    case 'orderer-leader':
      return single(ordererDaemon((await raftRoles(topology)).leader));
    case 'orderer-follower': {
      const [follower] = (await raftRoles(topology)).followers;
      if (follower === undefined) throw new Error('the Raft cluster has no follower');
      return single(ordererDaemon(follower));
    }
    case 'orderers-two': {
      const { leader, followers } = await raftRoles(topology);
      const [follower] = followers;
      if (follower === undefined) throw new Error('the Raft cluster has no follower');
      const first: RestoreStep = {
        label: `${names.orderer(follower)} alone (quorum back)`,
        run: () => startOrderer(topology, follower),
      };
      return { targets: [ordererDaemon(leader), ordererDaemon(follower)], restore: [first, startCommand] };
    }
    case 'gateway':
      return all(topology.orgs.map(gatewayDaemon));
    case 'read-model':
      return all(topology.orgs.map(readModelDaemon));
    case 'read-model-disk':
      return readModelDisk;
    default: {
      const target = orgProcess(topology, fault);
      if (target === undefined) throw new Error(`no plan for fault ${fault}`);
      return single(target);
    }
  }
}
