import type { ComponentChildren } from 'preact';

/** One column: its header and what a row shows in it. */
export interface Column<R> {
  readonly header: string;
  readonly cell: (row: R) => ComponentChildren;
}

/** Columns from a header-to-cell table, in its order: `columns({ Name: (r) => r.name })`. */
export function columns<R>(cells: Readonly<Record<string, (row: R) => ComponentChildren>>): Column<R>[] {
  return Object.entries(cells).map(([header, cell]) => ({ header, cell }));
}

interface TableProps<R> {
  readonly columns: readonly Column<R>[];
  readonly rows: readonly R[];
  /** A stable key per row (its ID). */
  readonly rowKey: (row: R, index: number) => string | number;
  readonly caption?: string;
  readonly testId?: string;
  readonly rowTestId?: (row: R) => string;
}

/** Every table of the explorer and the register: a caption, a header row, one row per item. */
export function Table<R>(props: TableProps<R>) {
  return (
    <table data-testid={props.testId}>
      {props.caption === undefined ? null : <caption>{props.caption}</caption>}
      <thead>
        <tr>
          {props.columns.map((c) => (
            <th key={c.header} scope="col">
              {c.header}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {props.rows.map((row, i) => (
          <tr key={props.rowKey(row, i)} data-testid={props.rowTestId?.(row)}>
            {props.columns.map((c) => (
              <td key={c.header}>{c.cell(row)}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
