import { decodeBlock } from '@ncr/gateway-api';
import { BlockStatusSchema, conservedStatus, MAX_PAGE_SIZE } from '@ncr/chaincode/domain';
import { asRecord, numberField, type Rest, RestError, stringField } from '../bench/rest';
import { chainHeight, connectAsAdmin, network } from '../network/client';
import { FUNCTION_OF, type LedgerWrite, subjectOf } from './matching';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Reading the ledger after the run: its blocks (qscc, as the GovernmentMSP admin), holdings and the audit. */

const TRACKED = new Set(Object.values(FUNCTION_OF));

/** Every transaction of a tracked function in blocks [fromBlock, height), with its subject and validation code. */
export async function scanLedger(fromBlock: number): Promise<{ writes: LedgerWrite[]; toBlock: number }> {
  const connection = connectAsAdmin('GovernmentMSP');
  try {
    const { channel } = network();
    const qscc = connection.gateway.getNetwork(channel).getContract('qscc');
    const height = await chainHeight(connection.gateway);
    const writes: LedgerWrite[] = [];
    const parallel = 4;
    for (let start = fromBlock; start < height; start += parallel) {
      const numbers = Array.from({ length: Math.min(parallel, height - start) }, (_, i) => start + i);
      const blocks = await Promise.all(
        numbers.map(async (n) => decodeBlock(await qscc.evaluateTransaction('GetBlockByNumber', channel, String(n)))),
      );
      for (const block of blocks) {
        for (const tx of block.details) {
          if (tx.function === null || !TRACKED.has(tx.function)) continue;
          const subject = subjectOf(tx.function, tx.args) ?? '';
          const { txId, validationCode } = tx;
          writes.push({ txId, function: tx.function, subject, validationCode, blockNumber: block.number });
        }
      }
    }
    return { writes, toBlock: height };
  } finally {
    connection.close();
  }
}

export interface Holdings {
  readonly HELD: number;
  readonly RETIRED: number;
  readonly CANCELLED: number;
  /** Moved to another Party's registry (docs/international.md). */
  readonly TRANSFERRED: number;
  readonly blocks: number;
}

/** Every credit block of a project (all pages), summed by status (`conservedStatus`). */
export async function projectHoldings(rest: Rest, key: string, projectId: string): Promise<Holdings> {
  const sums = { HELD: 0, RETIRED: 0, CANCELLED: 0, TRANSFERRED: 0, blocks: 0 };
  let bookmark = '';
  do {
    const query = `project=${projectId}&pageSize=${MAX_PAGE_SIZE}${bookmark === '' ? '' : `&bookmark=${encodeURIComponent(bookmark)}`}`;
    const page = await rest.read(`/v1/credit-blocks?${query}`, key);
    const items = Array.isArray(page.items) ? page.items : [];
    for (const item of items) {
      const block = asRecord(item);
      // pending retirements are still held
      const status = conservedStatus(BlockStatusSchema.parse(stringField(block, 'status')));
      sums[status] += numberField(block, 'quantity');
      sums.blocks++;
    }
    bookmark = typeof page.bookmark === 'string' ? page.bookmark : '';
  } while (bookmark !== '');
  return sums;
}

export interface IntegrityAudit {
  readonly pages: number;
  readonly issuances: number;
  readonly blocks: number;
  readonly violations: readonly string[];
}

/**
 * Blocks per audit page: one page is one chaincode evaluation under the gateway's evaluate deadline (5 s), and it
 * reads at most 6 keys per block wherever the blocks lie (docs/world-state.md); 100 took about 0.5 s on a two-core
 * machine (docs/performance.md, integrity audit).
 */
const AUDIT_PAGE_SIZE = MAX_PAGE_SIZE;

/** One page of the audit; a 503 (deadline passed, a peer busy) is asked again, at most three times. */
async function auditPage(rest: Rest, key: string, query: string): Promise<Record<string, unknown>> {
  for (let attempt = 1; ; attempt++) {
    const reply = await rest.call('GET', `/v1/audit/integrity?${query}`, key);
    if (reply.status === 200) return asRecord(reply.body);
    if (reply.status !== 503 || attempt >= 3) throw new RestError('GET', '/v1/audit/integrity', reply);
    await sleep(1_000);
  }
}

/** `GET /v1/audit/integrity`, page after page until complete. */
export async function integrityAudit(rest: Rest, key: string): Promise<IntegrityAudit> {
  const audit = { pages: 0, issuances: 0, blocks: 0, violations: [] as string[] };
  let bookmark = '';
  for (;;) {
    const query = `pageSize=${AUDIT_PAGE_SIZE}${bookmark === '' ? '' : `&bookmark=${encodeURIComponent(bookmark)}`}`;
    const page = await auditPage(rest, key, query);
    audit.pages++;
    const checked = asRecord(page.checked);
    audit.issuances += numberField(checked, 'issuances');
    audit.blocks += numberField(checked, 'blocks');
    if (Array.isArray(page.violations)) audit.violations.push(...page.violations.map(String));
    if (page.complete === true) return audit;
    bookmark = stringField(page, 'bookmark');
  }
}

/** Waits (up to `timeoutMs`) until the read model reflects the ledger height; returns both heights. */
export async function readModelCatchUp(
  rest: Rest,
  key: string,
  timeoutMs = 60_000,
): Promise<{ ledgerHeight: number; readModelHeight: number; caughtUp: boolean }> {
  const deadline = Date.now() + timeoutMs;
  const ledgerHeight = numberField(await rest.read('/v1/ledger', key), 'height');
  for (;;) {
    const readModelHeight = numberField(await rest.read('/v1/reports/read-model', key), 'blockHeight');
    if (readModelHeight >= ledgerHeight || Date.now() > deadline) {
      return { ledgerHeight, readModelHeight, caughtUp: readModelHeight >= ledgerHeight };
    }
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
}
