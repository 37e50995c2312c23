import { getJson } from '../api';
import { Json, Loaded, link, useLoad } from './common';
import { Table, columns } from './table';

/** One action of the read model's log (`/v1/explorer/accounts/:id/actions`). */
interface Action {
  readonly seq: number;
  readonly blockNumber: number;
  readonly txId: string;
  readonly at: string;
  readonly kind: string;
  readonly projectId: string | null;
  readonly blockId: string | null;
  readonly serialStart: number | null;
  readonly serialEnd: number | null;
  readonly quantity: number | null;
  readonly fromAccountId: string | null;
  readonly toAccountId: string | null;
}

interface ActionPage {
  readonly items: Action[];
  readonly next: number | null;
  readonly blockHeight: number;
}

const PAGE = 20;

const ACTION_COLUMNS = columns<Action>({
  Time: (a) => a.at,
  Action: (a) => a.kind,
  Transaction: (a) => (
    <a href={link(`/transactions/${a.txId}`)}>
      <code>{a.txId.slice(0, 12)}…</code>
    </a>
  ),
  Block: (a) => <a href={link(`/blocks/${a.blockNumber}`)}>{a.blockNumber}</a>,
  Project: (a) => a.projectId ?? '—',
  Serials: (a) => (a.serialStart === null ? '—' : `${a.serialStart}–${a.serialEnd ?? '?'}`),
  Quantity: (a) => a.quantity ?? '—',
  From: (a) => a.fromAccountId ?? '—',
  To: (a) => a.toAccountId ?? '—',
});

/** An account's actions over time (newest first, a page at a time), then what it holds now. */
export function AccountHistory(props: { id: string; before?: number }) {
  const id = encodeURIComponent(props.id);
  const query = `limit=${PAGE}${props.before === undefined ? '' : `&before=${props.before}`}`;
  const actions = useLoad(() => getJson<ActionPage>(`/v1/explorer/accounts/${id}/actions?${query}`), [id, query]);
  const holdings = useLoad(() => getJson<unknown>(`/v1/credit-blocks?owner=${id}&pageSize=100`), [id]);
  return (
    <section aria-labelledby="history-title">
      <h2 id="history-title">History of account {props.id}</h2>
      <Loaded state={actions}>
        {(page) => (
          <>
            <Table
              caption={`Actions, newest first (read model at block height ${page.blockHeight})`}
              testId="account-actions"
              columns={ACTION_COLUMNS}
              rows={page.items}
              rowKey={(a) => a.seq}
            />
            <nav aria-label="Pages of actions" class="pager">
              {page.next === null ? null : <a href={link(`/accounts/${id}?before=${page.next}`)}>Older actions</a>}
            </nav>
          </>
        )}
      </Loaded>
      <h3>Holdings now</h3>
      <Loaded state={holdings}>{(value) => <Json value={value} />}</Loaded>
    </section>
  );
}
