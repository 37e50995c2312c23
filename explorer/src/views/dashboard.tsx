import { useEffect, useState } from 'preact/hooks';
import { followEvents } from '../api';
import type { Summary } from '../types';
import { Hash, describe, link } from './common';

interface LiveEvent {
  readonly id: string;
  readonly name: string;
  readonly blockNumber: string;
  readonly txId: string;
}

/** Committed events as they arrive (`/v1/events`); each one tells that a block was committed. */
function useLiveEvents(onEvent: () => void): { events: LiveEvent[]; status: string } {
  const [events, setEvents] = useState<LiveEvent[]>([]);
  const [status, setStatus] = useState('connecting');
  useEffect(() => {
    const abort = new AbortController();
    setStatus('live');
    followEvents((event) => {
      const [blockNumber = '', txId = ''] = event.id.split(':');
      setEvents((list) => [{ id: event.id, name: event.name, blockNumber, txId }, ...list].slice(0, 10));
      onEvent();
    }, abort.signal).catch((err: unknown) => {
      if (!abort.signal.aborted) setStatus(`disconnected (${describe(err)})`);
    });
    return () => {
      abort.abort();
    };
  }, []);
  return { events, status };
}

function Nodes(props: { summary: Summary }) {
  return (
    <table>
      <caption>Peers and orderers (their operations endpoints)</caption>
      <thead>
        <tr>
          <th scope="col">Node</th>
          <th scope="col">Organisation</th>
          <th scope="col">Kind</th>
          <th scope="col">Status</th>
          <th scope="col">Height</th>
          <th scope="col">Raft</th>
        </tr>
      </thead>
      <tbody>
        {props.summary.nodes.map((n) => (
          <tr key={n.name} data-testid={`node-${n.name}`}>
            <td>{n.name}</td>
            <td>{n.mspId}</td>
            <td>{n.kind}</td>
            <td>{n.up ? 'up' : 'DOWN'}</td>
            <td>{n.height ?? '—'}</td>
            <td>{n.raftLeader === null ? '—' : n.raftLeader ? 'leader' : 'follower'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Chaincodes(props: { summary: Summary }) {
  const chaincodes = props.summary.chaincodes;
  if (!Array.isArray(chaincodes)) return <p>Chaincode definitions: {chaincodes.unavailable}</p>;
  return (
    <table>
      <caption>Chaincode definitions (_lifecycle)</caption>
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">Version</th>
          <th scope="col">Sequence</th>
          <th scope="col">Endorsement policy</th>
          <th scope="col">Approvals</th>
        </tr>
      </thead>
      <tbody>
        {chaincodes.map((c) => (
          <tr key={c.name}>
            <td>{c.name}</td>
            <td>{c.version}</td>
            <td>{c.sequence}</td>
            <td>
              <code>{c.endorsementPolicy}</code>
            </td>
            <td>
              {Object.entries(c.approvals)
                .map(([org, yes]) => `${org}: ${yes ? 'approved' : 'not approved'}`)
                .join(', ')}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function Dashboard(props: { summary: Summary; refresh: () => void }) {
  const { summary } = props;
  const live = useLiveEvents(props.refresh);
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
          <dd data-testid="tx-count">{summary.transactionCount}</dd>
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
      <Nodes summary={summary} />
      <Chaincodes summary={summary} />
      <h3>
        Live events <small>({live.status})</small>
      </h3>
      <ul data-testid="live-events">
        {live.events.length === 0 ? <li>No event since this page opened.</li> : null}
        {live.events.map((e) => (
          <li key={e.id}>
            block <a href={link(`/blocks/${e.blockNumber}`)}>{e.blockNumber}</a>: {e.name} in{' '}
            <a href={link(`/transactions/${e.txId}`)}>{e.txId.slice(0, 12)}…</a>
          </li>
        ))}
      </ul>
    </section>
  );
}
