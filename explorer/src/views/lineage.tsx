/**
 * A serial's lineage as a graph: the issued block, each block split from it down to the one holding the serial, then
 * what happened to that block (transfers, retirement, cancellation, freezes), read from its ledger history. Drawn as
 * an SVG path of our own: the lineage of one serial is a chain (every block has one parent), so a layout library
 * would add weight and nothing else.
 */
export interface Lineage {
  readonly serial: number;
  readonly itmoId?: string;
  readonly block: {
    id: string;
    projectId: string;
    ownerAccountId: string;
    status: string;
    serialStart: number;
    serialEnd: number;
  };
  readonly lineage: {
    block: { id: string; parentBlockId?: string; serialStart: number; serialEnd: number };
    history?: unknown[];
  }[];
}

type Kind =
  | 'issuance'
  | 'split'
  | 'transfer'
  | 'retirement'
  | 'retirementRequest'
  | 'retirementRejection'
  | 'cancellation'
  | 'freeze'
  | 'unfreeze'
  | 'change';

interface GraphNode {
  readonly key: string;
  readonly kind: Kind;
  readonly title: string;
  readonly detail: string;
}

/** A block's state as one history entry wrote it (the fields the graph tells apart). */
interface BlockState {
  readonly txId: string;
  readonly at: string;
  readonly ownerAccountId?: string;
  readonly status?: string;
  readonly frozen?: boolean;
  readonly serialStart?: number;
  readonly serialEnd?: number;
}

const record = (value: unknown): Record<string, unknown> =>
  typeof value === 'object' && value !== null ? Object.fromEntries(Object.entries(value)) : {};
const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const int = (value: unknown): number | undefined => (typeof value === 'number' ? value : undefined);

/** The block's states, oldest first, from its ledger history (`{txId, at, value}` entries). */
function statesOf(history: readonly unknown[] | undefined): BlockState[] {
  return (history ?? [])
    .map(record)
    .filter((entry) => typeof entry.txId === 'string')
    .map((entry) => {
      const value = record(entry.value);
      return {
        txId: text(entry.txId) ?? '',
        at: text(entry.at) ?? '',
        ownerAccountId: text(value.ownerAccountId),
        status: text(value.status),
        frozen: typeof value.frozen === 'boolean' ? value.frozen : undefined,
        serialStart: int(value.serialStart),
        serialEnd: int(value.serialEnd),
      };
    })
    .sort((a, b) => a.at.localeCompare(b.at));
}

const TITLES: Readonly<Record<Kind, string>> = {
  issuance: 'Issuance',
  split: 'Split',
  transfer: 'Transfer',
  retirement: 'Retirement',
  retirementRequest: 'Retirement requested',
  retirementRejection: 'Retirement rejected',
  cancellation: 'Cancellation',
  freeze: 'Frozen',
  unfreeze: 'Unfrozen',
  change: 'Change',
};

/** What one write of the holding block did, against the state before it (none: the block was just made). */
function changeOf(before: BlockState | undefined, after: BlockState): Kind | undefined {
  if (after.status !== before?.status && after.status === 'RETIRED') return 'retirement';
  if (after.status !== before?.status && after.status === 'CANCELLED') return 'cancellation';
  if (after.status !== before?.status && after.status === 'PENDING_RETIREMENT') return 'retirementRequest';
  if (before?.status === 'PENDING_RETIREMENT' && after.status === 'HELD') return 'retirementRejection';
  if (before === undefined) return undefined;
  if (after.ownerAccountId !== before.ownerAccountId) return 'transfer';
  if (after.frozen !== before.frozen) return after.frozen === true ? 'freeze' : 'unfreeze';
  return 'change';
}

const range = (b: { serialStart?: number; serialEnd?: number }): string => `serials ${b.serialStart}–${b.serialEnd}`;

/** The graph's nodes in order, from issuance to the holding block's latest state. */
function lineageNodes(found: Lineage): GraphNode[] {
  const blocks: GraphNode[] = [...found.lineage].reverse().map(({ block }) => ({
    key: block.id,
    kind: block.parentBlockId === undefined ? 'issuance' : 'split',
    title: block.parentBlockId === undefined ? 'Issuance' : 'Split',
    detail: `block ${block.id}, now ${range(block)}`,
  }));
  const states = statesOf(found.lineage[0]?.history);
  const events = states.flatMap((state, i): GraphNode[] => {
    const kind = changeOf(states[i - 1], state);
    if (kind === undefined) return [];
    const who = kind === 'transfer' ? ` to ${state.ownerAccountId ?? '?'}` : '';
    const serials = kind === 'change' ? `, now ${range(state)}` : '';
    return [
      {
        key: state.txId,
        kind,
        title: `${TITLES[kind]}${who}`,
        detail: `${state.at}, tx ${state.txId.slice(0, 12)}…${serials}`,
      },
    ];
  });
  return [...blocks, ...events];
}

const WIDTH = 520;
const BOX = { x: 10, width: 500, height: 50, gap: 34 };

/** The lineage drawn top to bottom, one box per node, an arrow between each two. */
export function LineageGraph(props: { found: Lineage }) {
  const nodes = lineageNodes(props.found);
  const top = (i: number): number => 10 + i * (BOX.height + BOX.gap);
  const height = top(nodes.length) - BOX.gap + 10;
  const summary = nodes.map((n) => `${n.title} (${n.detail})`).join(', then ');
  return (
    <figure class="lineage-graph">
      <svg
        data-testid="lineage-graph"
        role="img"
        aria-label={`Lineage graph of serial ${props.found.serial}: ${summary}`}
        viewBox={`0 0 ${WIDTH} ${height}`}
        width={WIDTH}
        height={height}
      >
        <defs>
          <marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" markerHeight="8" orient="auto">
            <path d="M0,0 L10,5 L0,10 z" fill="#444" />
          </marker>
        </defs>
        {nodes.map((node, i) => (
          <g key={node.key + node.kind} data-testid={`lineage-node-${node.kind}`} class={`node ${node.kind}`}>
            {i === 0 ? null : (
              <line
                x1={WIDTH / 2}
                x2={WIDTH / 2}
                y1={top(i) - BOX.gap}
                y2={top(i) - 2}
                stroke="#444"
                marker-end="url(#arrow)"
              />
            )}
            <rect x={BOX.x} y={top(i)} width={BOX.width} height={BOX.height} rx="6" />
            <text x={BOX.x + 12} y={top(i) + 20} class="title">
              {node.title}
            </text>
            <text x={BOX.x + 12} y={top(i) + 40} class="detail">
              {node.detail}
            </text>
          </g>
        ))}
      </svg>
      <figcaption>From issuance (top) to the serial's latest state; the list below says the same in words.</figcaption>
    </figure>
  );
}
