import { caProcessName } from '../network/ca';
import { GATEWAY_PROCESS, READ_MODEL_PROCESS } from '../network/gateway';
import { startOrderer } from '../network/nodes';
import { names, type OrgConfig, type Topology } from '../network/topology';
import type { Fault } from './options';
import { raftRoles, runStartCommand } from './processes';

/** What each fault kills, and the steps that bring it back. */

interface RestoreStep {
  readonly label: string;
  readonly run: () => Promise<void>;
}

export interface FaultPlan {
  /** Process names (pid files) to kill -9, all at once. */
  readonly targets: readonly string[];
  /**
   * Steps run one after the other once the fault was held; before each step but the first, the run waits for a
   * write to succeed (or for the hold time). The last step is always the start command.
   */
  readonly restore: readonly RestoreStep[];
}

function org(topology: Topology, key: string): OrgConfig {
  const found = topology.orgs.find((o) => o.key === key);
  if (found === undefined) throw new Error(`no organisation ${key} in the topology`);
  return found;
}

/** The process a per-organisation fault (`peer-<org>`, `chaincode-<org>`, `ca-<org>`) kills. */
function orgProcess(topology: Topology, fault: string): string | undefined {
  const match = /^(peer|chaincode|ca)-(.+)$/.exec(fault);
  if (match === null) return undefined;
  const [, kind, key = ''] = match;
  const target = org(topology, key);
  if (kind === 'peer') return names.peer(target);
  return kind === 'chaincode' ? names.chaincodeService(target) : caProcessName(target);
}

/**
 * The plan of `fault` on the network as it runs now: the Raft leader and followers are read from the orderers'
 * metrics when the fault needs them (waiting for a leader after an earlier fault).
 */
export async function planFault(fault: Fault, topology: Topology, restartLog: string): Promise<FaultPlan> {
  const startCommand: RestoreStep = { label: 'start command', run: () => runStartCommand(restartLog) };
  const single = (target: string): FaultPlan => ({ targets: [target], restore: [startCommand] });
  switch (fault) {
    case 'orderer-leader':
      return single(names.orderer((await raftRoles(topology)).leader));
    case 'orderer-follower': {
      const [follower] = (await raftRoles(topology)).followers;
      if (follower === undefined) throw new Error('the Raft cluster has no follower');
      return single(names.orderer(follower));
    }
    case 'orderers-two': {
      const { leader, followers } = await raftRoles(topology);
      const [follower] = followers;
      if (follower === undefined) throw new Error('the Raft cluster has no follower');
      const first: RestoreStep = {
        label: `${names.orderer(follower)} alone (quorum back)`,
        run: () => startOrderer(topology, follower),
      };
      return { targets: [names.orderer(leader), names.orderer(follower)], restore: [first, startCommand] };
    }
    case 'gateway':
      return single(GATEWAY_PROCESS);
    case 'read-model':
      return single(READ_MODEL_PROCESS);
    default: {
      const target = orgProcess(topology, fault);
      if (target === undefined) throw new Error(`no plan for fault ${fault}`);
      return single(target);
    }
  }
}
