import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip } from 'chart.js';
import { render } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { getJson } from './api';
import './style.css';
import { Loaded, useLoad } from './views/common';
import { Table } from './views/table';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip);

type Row = Record<string, unknown>;
interface Rows {
  readonly items: Row[];
  /** Where the next page starts (lists only); null after the last page. */
  readonly next?: string | number | null;
  readonly blockHeight: number;
}
type List = 'projects' | 'issuances' | 'retirements';
/** The query parameter that asks a list for the page after `next`. */
const CURSOR: Record<List, string> = { projects: 'after', issuances: 'before', retirements: 'before' };
interface Total {
  readonly vintage: number;
  readonly status: string;
  readonly quantity: number;
}

const cell = (value: unknown): string =>
  value === null || value === undefined ? '—' : typeof value === 'string' ? value : JSON.stringify(value);

/** The register's tables: one column per published field, named as the field. */
function FieldTable(props: { caption: string; rows: Row[]; fields: string[]; testId: string }) {
  const shown = props.fields.map((f) => ({ header: f, cell: (row: Row) => cell(row[f]) }));
  return <Table caption={props.caption} testId={props.testId} columns={shown} rows={props.rows} rowKey={(_, i) => i} />;
}

/** A list's first page, then the next ones on request (the register can hold many more rows than a page). */
function PagedTable(props: { what: List; first: Rows; fields: string[] }) {
  const [rows, setRows] = useState(props.first.items);
  const [next, setNext] = useState(props.first.next ?? null);
  const [error, setError] = useState<string>();
  const more = async (): Promise<void> => {
    if (next === null) return;
    try {
      const page = await getJson<Rows>(`/v1/public/${props.what}?${CURSOR[props.what]}=${encodeURIComponent(next)}`);
      setRows((shown) => [...shown, ...page.items]);
      setNext(page.next ?? null);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  };
  const caption = `${props.what.charAt(0).toUpperCase()}${props.what.slice(1)}`;
  return (
    <>
      <FieldTable caption={caption} rows={rows} fields={props.fields} testId={`public-${props.what}`} />
      {next === null ? null : (
        <button type="button" data-testid={`more-${props.what}`} onClick={() => void more()}>
          More {props.what}
        </button>
      )}
      {error === undefined ? null : <p role="alert">{error}</p>}
    </>
  );
}

/** Credits by vintage, one bar per status (chart.js), with the same numbers in a table for screen readers. */
function TotalsChart(props: { totals: Total[] }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (canvas.current === null) return;
    const vintages = [...new Set(props.totals.map((t) => t.vintage))].sort();
    const statuses = [...new Set(props.totals.map((t) => t.status))].sort();
    const chart = new Chart(canvas.current, {
      type: 'bar',
      data: {
        labels: vintages.map(String),
        datasets: statuses.map((status) => ({
          label: status,
          data: vintages.map((v) => props.totals.find((t) => t.vintage === v && t.status === status)?.quantity ?? 0),
        })),
      },
      options: {
        animation: false,
        responsive: true,
        scales: { x: { stacked: true }, y: { stacked: true, title: { display: true, text: 'tCO2e' } } },
      },
    });
    return () => {
      chart.destroy();
    };
  }, [props.totals]);
  return (
    <canvas
      ref={canvas}
      role="img"
      aria-label="Credits by vintage and status (tCO2e); the table below gives the numbers"
    />
  );
}

function Register() {
  const about = useLoad(() => getJson<{ title: string; fields: Record<string, string[]> }>('/v1/public/about'), []);
  const data = useLoad(async () => {
    const rows = (what: string) => getJson<Rows>(`/v1/public/${what}`);
    const [projects, issuances, retirements, totals] = await Promise.all([
      rows('projects'),
      rows('issuances'),
      rows('retirements'),
      rows('totals'),
    ]);
    return { projects, issuances, retirements, totals };
  }, []);
  return (
    <Loaded state={about}>
      {({ title, fields }) => (
        <>
          <header>
            <h1>{title}</h1>
            <p>Published from the registry's ledger; no account or key needed.</p>
          </header>
          <main>
            <Loaded state={data}>
              {(d) => {
                const totals = d.totals.items.map((t) => ({
                  vintage: Number(t.vintage),
                  status: String(t.status),
                  quantity: Number(t.quantity),
                }));
                return (
                  <>
                    <p>As of ledger block {d.projects.blockHeight}.</p>
                    <h2>Credits by vintage and status</h2>
                    <TotalsChart totals={totals} />
                    <FieldTable
                      caption="Credits by vintage and status (tCO2e)"
                      rows={d.totals.items}
                      fields={['vintage', 'status', 'quantity']}
                      testId="public-totals"
                    />
                    {(['projects', 'issuances', 'retirements'] as const).map((what) => (
                      <PagedTable key={what} what={what} first={d[what]} fields={fields[what] ?? []} />
                    ))}
                  </>
                );
              }}
            </Loaded>
          </main>
        </>
      )}
    </Loaded>
  );
}

document.title = 'Public register';
const root = document.getElementById('app');
if (root !== null) render(<Register />, root);
