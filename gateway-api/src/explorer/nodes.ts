import { cachedFor } from '../cache';
import type { FetchText } from '../fabric/ordering';
import type { OperationsNode } from './config';

export interface NodeStatus {
  readonly name: string;
  readonly mspId: string;
  readonly kind: 'peer' | 'orderer';
  readonly operationsUrl: string;
  /** `/healthz` answered 200. */
  readonly up: boolean;
  /** `ledger_blockchain_height{channel}` (peers and orderers both report it); null when not reported. */
  readonly height: number | null;
  /** `consensus_etcdraft_is_leader{channel}` (orderers); null for peers or when not reported. */
  readonly raftLeader: boolean | null;
}

/** The value of a Prometheus sample `name{...channel="<channel>"...} value`, or null. */
export function metricValue(metrics: string, name: string, channel: string): number | null {
  const line = metrics.split('\n').find((l) => l.startsWith(`${name}{`) && l.includes(`channel="${channel}"`));
  const value = line === undefined ? NaN : Number(line.trim().split(/\s+/).pop());
  return Number.isFinite(value) ? value : null;
}

const fetchText: FetchText = async (url, timeoutMs) => {
  const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  return { ok: response.ok, text: await response.text() };
};

/** Reads each node's operations endpoint (`/healthz`, `/metrics`), at most once a second per channel. */
export class NodeProbe {
  readonly #nodes: readonly OperationsNode[];
  readonly #fetch: FetchText;
  readonly #byChannel = new Map<string, () => Promise<NodeStatus[]>>();

  constructor(nodes: readonly OperationsNode[], fetch: FetchText = fetchText) {
    this.#nodes = nodes;
    this.#fetch = fetch;
  }

  status(channel: string): Promise<NodeStatus[]> {
    let probe = this.#byChannel.get(channel);
    if (probe === undefined) {
      probe = cachedFor(1_000, () => Promise.all(this.#nodes.map((node) => this.#observe(node, channel))));
      this.#byChannel.set(channel, probe);
    }
    return probe();
  }

  async #observe(node: OperationsNode, channel: string): Promise<NodeStatus> {
    const get = (path: string) => this.#fetch(`${node.operationsUrl}${path}`, 2_000).catch(() => undefined);
    const [healthz, metrics] = await Promise.all([get('/healthz'), get('/metrics')]);
    const text = metrics?.ok === true ? metrics.text : '';
    const leader = node.kind === 'orderer' ? metricValue(text, 'consensus_etcdraft_is_leader', channel) : null;
    return {
      ...node,
      up: healthz?.ok === true,
      height: metricValue(text, 'ledger_blockchain_height', channel),
      raftLeader: leader === null ? null : leader === 1,
    };
  }
}
