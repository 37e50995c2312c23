import { getJson } from '../api';
import type { Transaction } from '../types';
import { Json, Loaded, creatorText, link, useLoad } from './common';
import { Table, columns } from './table';

type Read = Transaction['reads'][number];
type Write = Transaction['writes'][number];

const READ_COLUMNS = columns<Read>({
  Namespace: (r) => r.namespace,
  Key: (r) => <code>{r.key}</code>,
  Version: (r) => (r.version === null ? 'absent' : `block ${r.version.blockNumber}, tx ${r.version.txNumber}`),
});

const WRITE_COLUMNS = columns<Write>({
  Namespace: (w) => w.namespace,
  Key: (w) => <code>{w.key}</code>,
  Value: (w) => (w.isDelete ? 'deleted' : <Json value={w.value} />),
});

export function TransactionDetail(props: { channel: string; txId: string }) {
  const state = useLoad(
    () => getJson<Transaction>(`/v1/explorer/transactions/${props.txId}?channel=${props.channel}`),
    [props.txId],
  );
  return (
    <section aria-labelledby="tx-title">
      <h2 id="tx-title">Transaction</h2>
      <Loaded state={state}>
        {(t) => (
          <>
            <dl class="fields" data-testid="transaction">
              <dt>ID</dt>
              <dd>
                <code data-testid="tx-id">{t.txId}</code>
              </dd>
              <dt>Block</dt>
              <dd>
                <a href={link(`/blocks/${t.blockNumber}`)}>{t.blockNumber}</a> (position {t.index})
              </dd>
              <dt>Type</dt>
              <dd>{t.type}</dd>
              <dt>Time</dt>
              <dd>{t.timestamp ?? '—'}</dd>
              <dt>Creator</dt>
              <dd data-testid="tx-creator">{creatorText(t.creator)}</dd>
              <dt>Validation code</dt>
              <dd data-testid="tx-validation">{t.validationCode}</dd>
              <dt>Endorsing organisations</dt>
              <dd data-testid="tx-endorsers">{t.endorsingOrganisations.join(', ') || '—'}</dd>
              <dt>Chaincode and function</dt>
              <dd data-testid="tx-function">
                {t.chaincode ?? '—'} {t.function ?? ''}
              </dd>
            </dl>
            <h3>Arguments</h3>
            <Json value={t.args} />
            <Table
              caption="Keys read (with the version read)"
              columns={READ_COLUMNS}
              rows={t.reads}
              rowKey={(r) => `${r.namespace}/${r.key}`}
            />
            <Table
              caption="Keys written (with the value written)"
              testId="tx-writes"
              columns={WRITE_COLUMNS}
              rows={t.writes}
              rowKey={(w) => `${w.namespace}/${w.key}`}
            />
            <h3>Events</h3>
            {t.events.length === 0 ? (
              <p>None.</p>
            ) : (
              t.events.map((e) => (
                <div key={e.name} data-testid="tx-event">
                  <strong>{e.name}</strong> ({e.chaincode}) <Json value={e.payload} />
                </div>
              ))
            )}
          </>
        )}
      </Loaded>
    </section>
  );
}
