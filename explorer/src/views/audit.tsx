import { useState } from 'preact/hooks';
import { getBlobUrl, getJson } from '../api';
import type { Summary } from '../types';
import { Json, Loaded, describe, link, useLoad } from './common';
import { type Lineage, LineageGraph } from './lineage';

interface IntegrityPage {
  readonly violations: string[];
  readonly checked: { issuances: number; blocks: number };
  readonly bookmark: string;
  readonly complete: boolean;
}

/** Every page of the chaincode's integrity audit, 100 blocks a page (at most 100 pages). */
async function integrityAudit(): Promise<{
  violations: string[];
  issuances: number;
  blocks: number;
  complete: boolean;
}> {
  const total = { violations: [] as string[], issuances: 0, blocks: 0, complete: false };
  let bookmark = '';
  for (let page = 0; page < 100 && !total.complete; page++) {
    const answer = await getJson<IntegrityPage>(
      `/v1/audit/integrity?pageSize=100${bookmark === '' ? '' : `&bookmark=${encodeURIComponent(bookmark)}`}`,
    );
    total.violations.push(...answer.violations);
    total.issuances += answer.checked.issuances;
    total.blocks += answer.checked.blocks;
    total.complete = answer.complete;
    bookmark = answer.bookmark;
  }
  return total;
}

/** The integrity audit, the read model against the ledger, and the AEF report. */
export function Audit(props: { summary: Summary }) {
  const audit = useLoad(integrityAudit, []);
  const readModel = useLoad(() => getJson<{ blockHeight: number }>('/v1/reports/read-model'), []);
  const [year, setYear] = useState(String(new Date().getUTCFullYear()));
  const [download, setDownload] = useState<{ url?: string; error?: string }>({});
  const prepare = (event: Event) => {
    event.preventDefault();
    setDownload({});
    getBlobUrl(`/v1/reports/aef?year=${encodeURIComponent(year)}&format=xlsx`).then(
      (url) => {
        setDownload({ url });
      },
      (err: unknown) => {
        setDownload({ error: describe(err) });
      },
    );
  };
  return (
    <section aria-labelledby="audit-title">
      <h2 id="audit-title">Registry audit</h2>
      <h3>Integrity audit (chaincode invariants)</h3>
      <Loaded state={audit}>
        {(a) => (
          <p data-testid="integrity">
            {a.violations.length === 0 ? 'No violation' : `${a.violations.length} violation(s)`} in {a.issuances}{' '}
            issuances and {a.blocks} blocks
            {a.complete ? '' : ' (incomplete)'}.
          </p>
        )}
      </Loaded>
      <h3>Read model against the ledger</h3>
      <Loaded state={readModel}>
        {(r) => (
          <p data-testid="read-model">
            Read model height {r.blockHeight}, ledger height {props.summary.chain.height}:{' '}
            {r.blockHeight === props.summary.chain.height
              ? 'up to date'
              : `${props.summary.chain.height - r.blockHeight} block(s) behind`}
            .
          </p>
        )}
      </Loaded>
      <h3>Article 6.2 report (AEF)</h3>
      <form onSubmit={prepare}>
        <label for="aef-year">Year</label>{' '}
        <input
          id="aef-year"
          inputMode="numeric"
          value={year}
          onInput={(e) => {
            setYear(e.currentTarget.value);
          }}
        />{' '}
        <button type="submit">Prepare the workbook</button>
      </form>
      {download.url !== undefined ? (
        <a href={download.url} download={`aef-${year}.xlsx`} data-testid="aef-link">
          Download aef-{year}.xlsx
        </a>
      ) : null}
      {download.error !== undefined ? (
        <p role="alert" class="error">
          {download.error}
        </p>
      ) : null}
    </section>
  );
}

/** A serial number, or the serial inside an ITMO ID (`<approach>-<registry>-<party>-<serial>-<vintage>`). */
function serialOf(text: string): string | undefined {
  const trimmed = text.trim();
  if (/^\d+$/.test(trimmed)) return trimmed;
  return /-(\d+)-\d{4}$/.exec(trimmed)?.[1];
}

export function Provenance(props: { query: string }) {
  const [text, setText] = useState(props.query);
  const serial = serialOf(props.query);
  const state = useLoad(
    async () => (serial === undefined ? null : getJson<Lineage>(`/v1/serials/${serial}`)),
    [serial],
  );
  return (
    <section aria-labelledby="provenance-title">
      <h2 id="provenance-title">Provenance of a serial or ITMO</h2>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          location.hash = link(`/provenance?q=${encodeURIComponent(text)}`);
        }}
      >
        <label for="serial">Serial number or ITMO ID</label>{' '}
        <input
          id="serial"
          value={text}
          onInput={(e) => {
            setText(e.currentTarget.value);
          }}
        />{' '}
        <button type="submit">Search</button>
      </form>
      {props.query !== '' && serial === undefined ? (
        <p role="alert" class="error">
          Not a serial number or an ITMO ID.
        </p>
      ) : null}
      <Loaded state={state}>
        {(found) =>
          found === null ? null : (
            <>
              {found.itmoId !== undefined &&
              props.query.trim() !== String(found.serial) &&
              found.itmoId !== props.query.trim() ? (
                <p role="alert" class="error">
                  The registry knows serial {found.serial} as {found.itmoId}, not {props.query}.
                </p>
              ) : null}
              <p data-testid="provenance-holder">
                Serial {found.serial}
                {found.itmoId === undefined ? '' : ` (${found.itmoId})`} is in block <code>{found.block.id}</code> of
                project {found.block.projectId}, held by{' '}
                <a href={link(`/accounts/${encodeURIComponent(found.block.ownerAccountId)}`)}>
                  {found.block.ownerAccountId}
                </a>
                , {found.block.status}.
              </p>
              <LineageGraph found={found} />
              <ol
                class="lineage"
                data-testid="lineage"
                aria-label="Lineage, from issuance to the block holding the serial"
              >
                {[...found.lineage].reverse().map((entry) => (
                  <li key={entry.block.id}>
                    <code>{entry.block.id}</code>: serials {entry.block.serialStart}–{entry.block.serialEnd}
                    {entry.block.parentBlockId === undefined
                      ? ' (issued)'
                      : ` (split from ${entry.block.parentBlockId})`}
                    {entry.history === undefined ? null : <Json value={entry.history} />}
                  </li>
                ))}
              </ol>
            </>
          )
        }
      </Loaded>
    </section>
  );
}

export function ProjectHistory(props: { id: string }) {
  const path = `/v1/projects/${encodeURIComponent(props.id)}/history`;
  const state = useLoad(() => getJson<unknown>(path), [path]);
  return (
    <section aria-labelledby="history-title">
      <h2 id="history-title">History of project {props.id}</h2>
      <Loaded state={state}>{(value) => <Json value={value} />}</Loaded>
    </section>
  );
}
