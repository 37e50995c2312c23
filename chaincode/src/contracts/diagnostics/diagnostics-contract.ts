import { z } from 'zod';
import { forbidden, notFound } from '../../domain';
import { callerIdentity, isOrgAdmin } from '../common/auth';
import { contractOf, submit, type TransactionTable } from '../common/transactions';
import { parseInput, result, txInfo } from '../common/tx';

/** A probe is an operator's canary write: it proves the whole write path (endorse, order, commit) works. */
const ProbeInputSchema = z.object({ probeId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/) }).strict();

const PROBE_PREFIX = 'probe~';
const PROBE_RECORDED = 'PROBE_RECORDED';

const DIAGNOSTICS_TRANSACTIONS = {
  /**
   * Records a probe `{probeId}` with the transaction ID, time and the caller's MSP. Caller: any organisation
   * admin (certificate NodeOU `admin`). Writes `probe~<probeId>`. Emits PROBE_RECORDED.
   */
  RecordProbe: submit(ProbeInputSchema, async (_ws, { probeId }, ctx) => {
    if (!isOrgAdmin(ctx)) throw forbidden('only an organisation admin may record a probe');
    const { txId, at } = txInfo(ctx);
    const probe = { probeId, txId, at, mspId: callerIdentity(ctx).mspId };
    const bytes = Buffer.from(result(probe), 'utf8');
    await ctx.stub.putState(PROBE_PREFIX + probeId, bytes);
    ctx.stub.setEvent(PROBE_RECORDED, bytes);
    return probe;
  }),

  /** Reads a probe: the bytes `RecordProbe` wrote. Caller: any channel member. */
  GetProbe: {
    kind: 'evaluate',
    takesJson: true,
    run: async (ctx, json) => {
      const { probeId } = parseInput(ProbeInputSchema, json);
      const bytes = await ctx.stub.getState(PROBE_PREFIX + probeId);
      if (bytes.length === 0) throw notFound(`probe ${probeId} does not exist`);
      return Buffer.from(bytes).toString('utf8');
    },
  },
} satisfies TransactionTable;

/**
 * Network diagnostics used by operators and the network integration tests. Probes live under their own key
 * prefix, never touch registry assets, and can only be written by an organisation admin.
 */
export class DiagnosticsContract extends contractOf('diagnostics', DIAGNOSTICS_TRANSACTIONS) {}
