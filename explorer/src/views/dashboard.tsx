import { useEffect, useState } from 'preact/hooks';
import { followEvents } from '../api';
import type { ChaincodeDefinition, NodeStatus, Summary } from '../types';
import { Hash, describe, link } from './common';
import { Table, columns } from './table';

/** A block as the live stream tells it (`/v1/explorer/stream`). */
interface LiveBlock {
  readonly number: number;
  readonly hash: string;
  readonly txCount: number;
  readonly time: string | null;
}

/** Blocks as they are committed, every one (configuration blocks too); each refreshes the dashboard. */
function useLiveBlocks(channel: string, onBlock: () => void): { blocks: LiveBlock[]; status: string } {
  const [blocks, setBlocks] = useState<LiveBlock[]>([]);
  const [status, setStatus] = useState('connecting');
  useEffect(() => {
    const abort = new AbortController();
    followEvents(
      `/v1/explorer/stream?channel=${channel}`,
      {
        onOpen: () => {
          setStatus('live');
        },
        onEvent: (event) => {
          if (event.name !== 'block') return;
          const block = JSON.parse(event.data) as LiveBlock;
          setBlocks((list) => [block, ...list].slice(0, 10));
          onBlock();
        },
      },
      abort.signal,
    ).catch((err: unknown) => {
      if (!abort.signal.aborted) setStatus(`disconnected (${describe(err)})`);
    });
    return () => {
      abort.abort();
    };
  }, [channel]);
  return { blocks, status };
}

const NODE_COLUMNS = columns<NodeStatus>({
  Node: (n) => n.name,
  Organisation: (n) => n.mspId,
  Kind: (n) => n.kind,
  Status: (n) => (n.up ? 'up' : 'DOWN'),
  Height: (n) => n.height ?? '—',
  Raft: (n) => (n.raftLeader === null ? '—' : n.raftLeader ? 'leader' : 'follower'),
});

const CHAINCODE_COLUMNS = columns<ChaincodeDefinition>({
  Name: (c) => c.name,
  Version: (c) => c.version,
  Sequence: (c) => c.sequence,
  'Endorsement policy': (c) => <code>{c.endorsementPolicy}</code>,
  Approvals: (c) =>
    Object.entries(c.approvals)
      .map(([org, yes]) => `${org}: ${yes ? 'approved' : 'not approved'}`)
      .join(', '),
});

function Chaincodes(props: { summary: Summary }) {
  const chaincodes = props.summary.chaincodes;
  if (!Array.isArray(chaincodes)) return <p>Chaincode definitions: {chaincodes.unavailable}</p>;
  return (
    <Table
      caption="Chaincode definitions (_lifecycle)"
      columns={CHAINCODE_COLUMNS}
      rows={chaincodes}
      rowKey={(c) => c.name}
    />
  );
}

export function Dashboard(props: { summary: Summary; refresh: () => void }) {
  const { summary } = props;
  const live = useLiveBlocks(summary.channel, props.refresh);
  return (
    <section aria-labelledby="dashboard-title">
      <h2 id="dashboard-title">Dashboard</h2>
      <dl class="cards">
        <div>
          <dt>Channel</dt>
          <dd data-testid="channel">{summary.channel}</dd>
        </div>
        <div>
          <dt>Block height</dt>
          <dd data-testid="height">{summary.chain.height}</dd>
        </div>
        <div>
          <dt>Transactions</dt>
          <dd data-testid="tx-count">{summary.transactionCount ?? 'not available'}</dd>
          {summary.transactionCountHeight !== null && summary.transactionCountHeight < summary.chain.height ? (
            <dd class="note">in blocks 0 to {summary.transactionCountHeight - 1} (the read model is catching up)</dd>
          ) : null}
        </div>
        <div>
          <dt>Organisations</dt>
          <dd data-testid="organisations">{summary.organisations.join(', ')}</dd>
        </div>
        <div>
          <dt>Raft leader</dt>
          <dd data-testid="raft-leader">{summary.raftLeader ?? 'unknown'}</dd>
        </div>
      </dl>
      <p>
        Current block hash: <Hash value={summary.chain.currentBlockHash} />
      </p>
      <Table
        caption="Peers and orderers (their operations endpoints)"
        columns={NODE_COLUMNS}
        rows={summary.nodes}
        rowKey={(n) => n.name}
        rowTestId={(n) => `node-${n.name}`}
      />
      <Chaincodes summary={summary} />
      <h3>
        New blocks <small data-testid="live-status">({live.status})</small>
      </h3>
      <ul data-testid="live-blocks">
        {live.blocks.length === 0 ? <li>No block since this page opened.</li> : null}
        {live.blocks.map((b) => (
          <li key={b.number}>
            block <a href={link(`/blocks/${b.number}`)}>{b.number}</a>: {b.txCount} transaction
            {b.txCount === 1 ? '' : 's'}, <Hash value={b.hash} />
          </li>
        ))}
      </ul>
    </section>
  );
}
