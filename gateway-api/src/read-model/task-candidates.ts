import { MonitoringReportSchema, ProjectSchema } from '@ncr/chaincode/domain';
import type Database from 'better-sqlite3';
import type { TaskCandidate } from '../tasks/select';
import type { TaskParty, TaskPosition } from './store-types';

/**
 * The projects and monitoring reports (each with its project) of a party, in task order (the block that last wrote
 * the record, then kind, then ID) after a position: what `GET /v1/tasks` examines.
 */
const TASK_CANDIDATES_SQL = `
SELECT * FROM (
  SELECT 'PROJECT' AS kind, p.id AS id, p.json AS project, NULL AS report, p.block_number AS block_number, p.tx_id AS tx_id
  FROM projects p
  WHERE (@developer IS NULL OR p.developer_account_id = @developer)
    AND (@certifier IS NULL OR json_extract(p.json, '$.certifierAccountId') = @certifier)
  UNION ALL
  SELECT 'REPORT', r.id, p.json, r.json, r.block_number, r.tx_id
  FROM monitoring_reports r JOIN projects p ON p.id = r.project_id
  WHERE (@developer IS NULL OR json_extract(r.json, '$.developerAccountId') = @developer)
    AND (@certifier IS NULL OR json_extract(r.json, '$.certifierAccountId') = @certifier)
)
WHERE (block_number, kind, id) > (@block, @kind, @id)
ORDER BY block_number, kind, id
LIMIT @limit`;

interface TaskScanParams {
  readonly developer: string | null;
  readonly certifier: string | null;
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
  readonly report: string | null;
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
    block: after?.block ?? -1,
    kind: after?.kind ?? '',
    id: after?.id ?? '',
    limit,
  };
}

function scannedCandidate(row: RawTaskCandidate): ScannedCandidate {
  const kind = row.kind === 'REPORT' ? 'REPORT' : 'PROJECT';
  const project = ProjectSchema.parse(JSON.parse(row.project));
  const report = row.report === null ? undefined : MonitoringReportSchema.parse(JSON.parse(row.report));
  return {
    candidate: {
      kind,
      project,
      ...(report === undefined ? {} : { report }),
      blockNumber: row.block_number,
      txId: row.tx_id,
    },
    position: { block: row.block_number, kind, id: row.id },
  };
}

/**
 * Projects and monitoring reports (each with its project) of `party`, oldest write first, then kind and ID: up to
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
