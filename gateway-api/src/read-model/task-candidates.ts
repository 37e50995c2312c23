import { CreditBlockSchema, MonitoringReportSchema, ProjectSchema } from '@ncr/chaincode/domain';
import type Database from 'better-sqlite3';
import type { TaskCandidate, TaskKind } from '../tasks/select';
import type { TaskParty, TaskPosition } from './store-types';

/**
 * The projects and monitoring reports (each with its project) of a party, and for the government the blocks pending
 * retirement (each with its project), in task order (the block that last wrote the record, then kind, then ID) after
 * a position: what `GET /v1/tasks` examines. `record` is the report's or the block's JSON.
 */
const TASK_CANDIDATES_SQL = `
SELECT * FROM (
  SELECT 'PROJECT' AS kind, p.id AS id, p.json AS project, NULL AS record, p.block_number AS block_number, p.tx_id AS tx_id
  FROM projects p
  WHERE (@developer IS NULL OR p.developer_account_id = @developer)
    AND (@certifier IS NULL OR json_extract(p.json, '$.certifierAccountId') = @certifier)
  UNION ALL
  SELECT 'REPORT', r.id, p.json, r.json, r.block_number, r.tx_id
  FROM monitoring_reports r JOIN projects p ON p.id = r.project_id
  WHERE (@developer IS NULL OR json_extract(r.json, '$.developerAccountId') = @developer)
    AND (@certifier IS NULL OR json_extract(r.json, '$.certifierAccountId') = @certifier)
  UNION ALL
  SELECT 'RETIREMENT_REQUEST', b.id, p.json, b.json, b.block_number, b.tx_id
  FROM credit_blocks b JOIN projects p ON p.id = b.project_id
  WHERE @requests = 1 AND b.status = 'PENDING_RETIREMENT'
)
WHERE (block_number, kind, id) > (@block, @kind, @id)
ORDER BY block_number, kind, id
LIMIT @limit`;

interface TaskScanParams {
  readonly developer: string | null;
  readonly certifier: string | null;
  readonly requests: 0 | 1;
  readonly block: number;
  readonly kind: string;
  readonly id: string;
  readonly limit: number;
}

/** A row of {@link TASK_CANDIDATES_SQL}. */
interface RawTaskCandidate {
  readonly kind: string;
  readonly id: string;
  readonly project: string;
  readonly record: string | null;
  readonly block_number: number;
  readonly tx_id: string;
}

/** A project or report the scan found, and its position (the next scan's `after`). */
export interface ScannedCandidate {
  readonly candidate: TaskCandidate;
  readonly position: TaskPosition;
}

/** The named parameters of {@link TASK_CANDIDATES_SQL}: no party filter is NULL, no position is before every row. */
function taskScanParams(party: TaskParty, limit: number, after?: TaskPosition): TaskScanParams {
  return {
    developer: party.developerAccountId ?? null,
    certifier: party.certifierAccountId ?? null,
    requests: party.retirementRequests === true ? 1 : 0,
    block: after?.block ?? -1,
    kind: after?.kind ?? '',
    id: after?.id ?? '',
    limit,
  };
}

const kindOf = (kind: string): TaskKind =>
  kind === 'REPORT' ? 'REPORT' : kind === 'RETIREMENT_REQUEST' ? 'RETIREMENT_REQUEST' : 'PROJECT';

function scannedCandidate(row: RawTaskCandidate): ScannedCandidate {
  const kind = kindOf(row.kind);
  const project = ProjectSchema.parse(JSON.parse(row.project));
  const record = row.record === null ? undefined : (JSON.parse(row.record) as unknown);
  const attached =
    record === undefined
      ? {}
      : kind === 'RETIREMENT_REQUEST'
        ? { block: CreditBlockSchema.parse(record) }
        : { report: MonitoringReportSchema.parse(record) };
  return {
    candidate: { kind, project, ...attached, blockNumber: row.block_number, txId: row.tx_id },
    position: { block: row.block_number, kind, id: row.id },
  };
}

/**
 * Projects and monitoring reports (each with its project) of `party`, and the blocks pending retirement when the party
 * asks for them, oldest write first, then kind and ID: up to
 * `limit` after `after` (the position of the last one the previous scan examined), each with its own position.
 */
export function scanTaskCandidates(
  db: Database.Database,
  party: TaskParty,
  limit: number,
  after?: TaskPosition,
): ScannedCandidate[] {
  return db
    .prepare<TaskScanParams, RawTaskCandidate>(TASK_CANDIDATES_SQL)
    .all(taskScanParams(party, limit, after))
    .map(scannedCandidate);
}
