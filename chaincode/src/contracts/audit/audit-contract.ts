import { forbidden, VerifyIntegrityInputSchema } from '../../domain';
import { readScope } from '../common/auth';
import { contractOf, read, type TransactionTable } from '../common/transactions';
import { verifyIntegrity } from './integrity';

const AUDIT_TRANSACTIONS = {
  /**
   * Checks one page of the registry, in serial order: issuances tile [1, last serial] without gap or overlap and agree
   * with their monitoring reports; inside each, the serial index's blocks tile its range exactly (well-formed
   * quantities, disjoint, contiguous, so held + retired + cancelled = issued per issuance, hence per project and
   * vintage) and agree with it, and the issuance's block index lists exactly those blocks; at the end the counter
   * stands at the last serial. A page stops after `pageSize` blocks' worth of key reads (6 each), even inside an
   * issuance. Returns violations (expected: none) and a bookmark to continue, which each page checks against the
   * ledger (VALIDATION when it names no place the walk can stop). Caller: government or certifier identities.
   */
  VerifyIntegrity: read(VerifyIntegrityInputSchema, async (ws, input, ctx) => {
    if ((await readScope(ctx, ws)).kind !== 'ALL') {
      throw forbidden('only government and certifier identities may run the integrity audit');
    }
    return verifyIntegrity(ws, input.pageSize, input.bookmark);
  }),
} satisfies TransactionTable;

/** Read-only integrity audit of the serialised credits. */
export class AuditContract extends contractOf('audit', AUDIT_TRANSACTIONS) {}
