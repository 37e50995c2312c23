import { expect } from 'chai';
import { createLogger } from '../../src/log';
import { RegistryRejection, type RegistryChannel } from '../../src/international/channel';
import { Relayer, StepLimitReached } from '../../src/international/relayer';

/**
 * The relayer's decisions against fake channels that keep records as the chaincode does (one decision per request,
 * one apply): each step is taken only when the ledgers say it is missing, so a replayed event changes nothing.
 */
const TERMS = {
  requestId: 'X-0000000000000001',
  cooperativeApproachId: 'CA0001',
  transferringParty: 'GHA',
  transferringRegistryId: 'GHA01',
  acquiringParty: 'CHE',
  fromAccountId: 'DEV-A',
  toAccountId: 'GOV-CHE',
  projectId: 'GHA-P-000000000A',
  issuanceReportId: 'GHA-P-000000000A-M-00000001',
  vintage: 2024,
  mitigationType: 'Emission reductions',
  quantity: 300,
  serialStart: 701,
  serialEnd: 1000,
  serialNumber: 'GHA01-GHA-P-000000000A-2024-701-1000',
  itmo: { firstId: 'CA0001-GHA01-GHA-701-2024', lastId: 'CA0001-GHA01-GHA-1000-2024' },
  authorisation: { authorisationId: 'AUTH-1', purposes: 'NDC', cooperativeApproachId: 'CA0001' },
};
const ACTED = { createdAt: 't', createdTxId: 'a', updatedAt: 't', updatedTxId: 'a' };
const ACTOR = { accountId: 'DEV-A', mspId: 'DeveloperMSP', enrollmentId: 'dev' };

/** A channel whose reads answer from `records` and whose writes run `writes[transaction]`; every call is logged. */
function channel(name: string, records: Map<string, unknown>, writes: Record<string, (arg: unknown) => void>) {
  const calls: string[] = [];
  const fake = {
    name,
    read: (transaction: string, arg?: unknown) => {
      calls.push(`read ${transaction}`);
      return Promise.resolve(records.get(`${transaction} ${JSON.stringify(arg)}`));
    },
    write: (transaction: string, arg: unknown) => {
      calls.push(`write ${transaction}`);
      const write = writes[transaction];
      if (write === undefined) return Promise.reject(new Error(`unexpected ${transaction}`));
      return new Promise<string>((resolve) => {
        write(arg);
        resolve('tx');
      });
    },
  };
  return { fake: fake as unknown as RegistryChannel, calls };
}

describe('international transfer relayer', () => {
  const id = { requestId: TERMS.requestId };
  const key = (transaction: string) => `${transaction} ${JSON.stringify(id)}`;

  function registries(party: string, maxSteps?: number, refuse = false) {
    const national = new Map<string, unknown>();
    const bilateral = new Map<string, unknown>();
    const request = { ...TERMS, id: TERMS.requestId, blockId: 'B-1', status: 'PENDING', requestedBy: ACTOR, ...ACTED };
    if (party === 'GHA') national.set(key('international:GetExport'), request);
    const decide = (status: string) => {
      if (bilateral.has(key('bilateral:GetTransfer'))) throw new RegistryRejection('CONFLICT', 'CONFLICT: decided');
      bilateral.set(key('bilateral:GetTransfer'), {
        requestId: TERMS.requestId,
        cooperativeApproachId: 'CA0001',
        status,
        ...(status === 'RECORDED' ? { terms: TERMS } : { reason: 'x' }),
        signer: { mspId: 'GovernmentMSP', enrollmentId: 'admin' },
        at: 't',
        txId: 'b'.repeat(64),
      });
    };
    const applied: unknown[] = [];
    const n = channel('ncr', national, {
      'international:CompleteExport': (arg) => {
        applied.push(arg);
        national.set(key('international:GetExport'), { ...request, status: 'TRANSFERRED' });
      },
      'international:RecordAcquisition': () => {
        if (refuse) throw new RegistryRejection('NOT_FOUND', 'NOT_FOUND: account GOV-CHE does not exist');
        national.set(key('international:GetAcquisition'), {
          ...TERMS,
          blockId: 'B-2',
          bilateralTxId: 'b',
          acquiredBy: ACTOR,
          ...ACTED,
        });
      },
    });
    const b = channel('ca0001', bilateral, {
      'bilateral:RecordTransfer': () => {
        decide('RECORDED');
      },
    });
    const logger = createLogger('silent');
    const make = (steps?: number) =>
      new Relayer({ national: n.fake, bilateral: () => b.fake, party, logger, maxSteps: steps });
    return { relayer: make(maxSteps), make, national: n.calls, bilateral: b.calls, decide, applied };
  }

  it('records the decision, then applies it at home; the same event again only reads', async () => {
    const host = registries('GHA');
    await host.relayer.onNational('EXPORT_REQUESTED', id);
    expect([...host.bilateral, ...host.national].filter((c) => c.startsWith('write'))).to.deep.equal([
      'write bilateral:RecordTransfer',
      'write international:CompleteExport',
    ]);
    host.bilateral.length = 0;
    host.national.length = 0;
    await host.relayer.onNational('EXPORT_REQUESTED', id);
    await host.relayer.onBilateral('ca0001', 'TRANSFER_RECORDED', id);
    expect([...host.bilateral, ...host.national].filter((c) => c.startsWith('write'))).to.deep.equal([]);
  });

  it('stops right after its last allowed step; restarted, it finds the decision and only applies it', async () => {
    const first = registries('GHA', 1);
    let stopped: unknown;
    await first.relayer.onNational('EXPORT_REQUESTED', id).catch((err: unknown) => (stopped = err));
    expect(stopped).to.be.instanceOf(StepLimitReached);
    expect(first.national.filter((c) => c.startsWith('write'))).to.deep.equal([]);
    await first.make().onNational('EXPORT_REQUESTED', id);
    expect(first.bilateral.filter((c) => c.startsWith('write'))).to.deep.equal(['write bilateral:RecordTransfer']);
    expect(first.national.filter((c) => c.startsWith('write'))).to.deep.equal(['write international:CompleteExport']);
  });

  it('applies an abandoned decision as abandoned, and a partner acquires a recorded one once', async () => {
    const host = registries('GHA');
    host.decide('ABANDONED');
    await host.relayer.onBilateral('ca0001', 'TRANSFER_ABANDONED', id);
    expect(host.national.filter((c) => c.startsWith('write'))).to.deep.equal(['write international:CompleteExport']);
    expect(host.applied).to.deep.equal([
      { requestId: TERMS.requestId, outcome: 'ABANDONED', bilateralTxId: 'b'.repeat(64) },
    ]);
    const partner = registries('CHE');
    partner.decide('RECORDED');
    await partner.relayer.onBilateral('ca0001', 'TRANSFER_RECORDED', id);
    await partner.relayer.onBilateral('ca0001', 'TRANSFER_RECORDED', id);
    expect(partner.national.filter((c) => c.startsWith('write'))).to.deep.equal([
      'write international:RecordAcquisition',
    ]);
  });

  it('goes on after a step the chaincode refuses (an acquiring account missing): the event does not block later ones', async () => {
    const partner = registries('CHE', undefined, true);
    partner.decide('RECORDED');
    await partner.relayer.onBilateral('ca0001', 'TRANSFER_RECORDED', id);
    expect(partner.national.filter((c) => c.startsWith('write'))).to.deep.equal([
      'write international:RecordAcquisition',
    ]);
    expect(partner.national.at(-1)).to.equal('write international:RecordAcquisition');
  });
});
