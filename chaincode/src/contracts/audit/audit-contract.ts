import { Context, Contract, Returns, Transaction } from 'fabric-contract-api';
import { forbidden, VerifyIntegrityInputSchema } from '../../domain';
import { readScope } from '../common/auth';
import { WorldState } from '../common/state';
import { parseInput, result } from '../common/tx';
import { verifyIssuances } from './integrity';

/** Read-only integrity audit of the serialised credits. */
export class AuditContract extends Contract {
  constructor() {
    super('audit');
  }

  /**
   * Checks one page of issuances, in serial order: issuances tile [1, last serial] without gap or overlap, each
   * issuance's blocks tile its range exactly (so blocks are disjoint and held + retired + cancelled = issued per
   * issuance, hence per project and vintage), quantities match ranges, and the serial index points at each block.
   * Returns violations (expected: none) and a bookmark to continue; the bookmark is the chaincode's own cursor, so
   * each page is checked soundly on its own. Caller: government or certifier identities.
   */
  @Transaction(false)
  @Returns('string')
  async VerifyIntegrity(ctx: Context, json: string): Promise<string> {
    const input = parseInput(VerifyIntegrityInputSchema, json);
    const ws = new WorldState(ctx);
    if ((await readScope(ctx, ws)).kind !== 'ALL') {
      throw forbidden('only government and certifier identities may run the integrity audit');
    }
    return result(await verifyIssuances(ws, input.pageSize, input.bookmark));
  }
}
