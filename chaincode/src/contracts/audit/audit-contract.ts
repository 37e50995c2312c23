import { forbidden, VerifyIntegrityInputSchema } from '../../domain';
import { readScope } from '../common/auth';
import { contractOf, read, type TransactionTable } from '../common/transactions';
import { verifyIssuances } from './integrity';

const AUDIT_TRANSACTIONS = {
  /**
   * Checks one page of issuances, in serial order: issuances tile [1, last serial] without gap or overlap, each
   * issuance's blocks tile its range exactly (so blocks are disjoint and held + retired + cancelled = issued per
   * issuance, hence per project and vintage), quantities match ranges, and the serial index points at each block.
   * Returns violations (expected: none) and a bookmark to continue; the bookmark is the chaincode's own cursor, so
   * each page is checked soundly on its own. Caller: government or certifier identities.
   */
  VerifyIntegrity: read(VerifyIntegrityInputSchema, async (ws, input, ctx) => {
    if ((await readScope(ctx, ws)).kind !== 'ALL') {
      throw forbidden('only government and certifier identities may run the integrity audit');
    }
    return verifyIssuances(ws, input.pageSize, input.bookmark);
  }),
} satisfies TransactionTable;

/** Read-only integrity audit of the serialised credits. */
export class AuditContract extends contractOf('audit', AUDIT_TRANSACTIONS) {}
