import { Context, Contract, Returns, Transaction } from 'fabric-contract-api';
import { z } from 'zod';
import { forbidden, notFound } from '../../domain';
import { callerIdentity, isOrgAdmin } from '../common/auth';
import { parseInput, result, txInfo } from '../common/tx';

/** A probe is an operator's canary write: it proves the whole write path (endorse, order, commit) works. */
const ProbeInputSchema = z.object({ probeId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/) }).strict();

const PROBE_PREFIX = 'probe~';
const PROBE_RECORDED = 'PROBE_RECORDED';

/**
 * Network diagnostics used by operators and the network integration tests. Probes live under their own key
 * prefix, never touch registry assets, and can only be written by an organisation admin.
 */
export class DiagnosticsContract extends Contract {
  constructor() {
    super('diagnostics');
  }

  /**
   * Records a probe `{probeId}` with the transaction ID, time and the caller's MSP. Caller: any organisation
   * admin (certificate NodeOU `admin`). Writes `probe~<probeId>`. Emits PROBE_RECORDED.
   */
  @Transaction()
  @Returns('string')
  async RecordProbe(ctx: Context, json: string): Promise<string> {
    const { probeId } = parseInput(ProbeInputSchema, json);
    if (!isOrgAdmin(ctx)) throw forbidden('only an organisation admin may record a probe');
    const { txId, at } = txInfo(ctx);
    const probe = { probeId, txId, at, mspId: callerIdentity(ctx).mspId };
    const bytes = Buffer.from(result(probe), 'utf8');
    await ctx.stub.putState(PROBE_PREFIX + probeId, bytes);
    ctx.stub.setEvent(PROBE_RECORDED, bytes);
    return result(probe);
  }

  /** Reads a probe. Caller: any channel member. */
  @Transaction(false)
  @Returns('string')
  async GetProbe(ctx: Context, json: string): Promise<string> {
    const { probeId } = parseInput(ProbeInputSchema, json);
    const bytes = await ctx.stub.getState(PROBE_PREFIX + probeId);
    if (bytes.length === 0) throw notFound(`probe ${probeId} does not exist`);
    return Buffer.from(bytes).toString('utf8');
  }
}
