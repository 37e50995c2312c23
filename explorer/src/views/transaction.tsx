import { getJson } from '../api';
import type { Transaction } from '../types';
import { Json, Loaded, link, useLoad } from './common';

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
              <dd data-testid="tx-creator">
                {t.creator === null ? '—' : `${t.creator.mspId} / ${t.creator.commonName ?? '?'}`}
              </dd>
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
            <table>
              <caption>Keys read (with the version read)</caption>
              <thead>
                <tr>
                  <th scope="col">Namespace</th>
                  <th scope="col">Key</th>
                  <th scope="col">Version</th>
                </tr>
              </thead>
              <tbody>
                {t.reads.map((r) => (
                  <tr key={`${r.namespace}/${r.key}`}>
                    <td>{r.namespace}</td>
                    <td>
                      <code>{r.key}</code>
                    </td>
                    <td>
                      {r.version === null ? 'absent' : `block ${r.version.blockNumber}, tx ${r.version.txNumber}`}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            <table data-testid="tx-writes">
              <caption>Keys written (with the value written)</caption>
              <thead>
                <tr>
                  <th scope="col">Namespace</th>
                  <th scope="col">Key</th>
                  <th scope="col">Value</th>
                </tr>
              </thead>
              <tbody>
                {t.writes.map((w) => (
                  <tr key={`${w.namespace}/${w.key}`}>
                    <td>{w.namespace}</td>
                    <td>
                      <code>{w.key}</code>
                    </td>
                    <td>{w.isDelete ? 'deleted' : <Json value={w.value} />}</td>
                  </tr>
                ))}
              </tbody>
            </table>
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
