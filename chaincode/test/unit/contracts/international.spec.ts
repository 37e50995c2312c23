import { expect } from 'chai';
import { ACCOUNTS, ID, World } from '../support/world';
import { compositeKey, type TestIdentity } from '../support/fake-ledger';
import {
  termsOf,
  type Acquisition,
  type BilateralTransfer,
  type CreditBlock,
  type ExportRequest,
  type TransferTerms,
} from '../../../src/domain';

/**
 * International transfers between two registries on three fake channels of the same peers: the host's `ncr`, the
 * partner's `che` and the bilateral `ca0001`. Cross-channel reads go through the stubbed `invokeChaincode`; which
 * peer endorses is the stubbed `getMspID`.
 */

const CHE = {
  admin: { mspId: 'SwitzerlandMSP', cn: 'che-admin', ou: 'admin' },
  client: { mspId: 'SwitzerlandMSP', cn: 'che-client', ou: 'client' },
} as const satisfies Record<string, TestIdentity>;
const CHE_GOV = 'GOV-CHE';
const GOV_PEER = 'GovernmentMSP';
const CHE_PEER = 'SwitzerlandMSP';

const PARTIES = [
  { party: 'GHA', registryId: 'GHA01', mspId: 'GovernmentMSP', channel: 'ncr' },
  { party: 'CHE', registryId: 'CHE01', mspId: 'SwitzerlandMSP', channel: 'che' },
];

interface Registries {
  readonly host: World;
  readonly partner: World;
  readonly bilateral: World;
  readonly block: CreditBlock;
}

async function registries(): Promise<Registries> {
  const host = new World();
  await host.setup();
  const block = await host.issuedBlock(1000);
  const partner = new World();
  partner.ledger.channel = 'che';
  partner.ledger.peerMspId = CHE_PEER;
  await partner.ok(CHE.admin, 'registry', 'InitRegistry', {
    party: 'CHE',
    registryId: 'CHE01',
    name: 'Swiss Emissions Registry',
    ndcPeriod: { firstYear: 2021, lastYear: 2030 },
    cooperativeApproaches: [{ id: 'CA0001', partnerParties: ['GHA'] }],
    governmentAccount: { id: CHE_GOV, name: 'Federal Office for the Environment' },
    governmentMspId: 'SwitzerlandMSP',
  });
  const bilateral = new World();
  bilateral.ledger.channel = 'ca0001';
  host.link('ca0001', bilateral);
  partner.link('ca0001', bilateral);
  bilateral.link('ncr', host);
  bilateral.link('che', partner);
  await bilateral.ok(ID.govAdmin, 'bilateral', 'InitBilateral', { cooperativeApproachId: 'CA0001', parties: PARTIES });
  return { host, partner, bilateral, block };
}

const exportInput = (block: CreditBlock, quantity = 300) => ({
  blockId: block.id,
  quantity,
  partyId: 'CHE',
  toAccountId: CHE_GOV,
  cooperativeApproachId: 'CA0001',
});

/** Runs a bilateral transaction as endorsed by the peer of `peerMspId`. */
function onPeer(w: World, peerMspId: string): World {
  w.ledger.peerMspId = peerMspId;
  return w;
}

describe('international transfers (bilateral channel, corresponding adjustments)', () => {
  let r: Registries;
  let request: ExportRequest;

  beforeEach(async () => {
    r = await registries();
    request = await r.host.ok<ExportRequest>(ID.devA, 'international', 'RequestExport', exportInput(r.block));
  });

  it('a request splits the units off and locks them (PENDING_EXPORT): no transfer, retirement or cancellation', async () => {
    const locked = await r.host.ok<CreditBlock>(ID.govOfficer, 'credits', 'GetBlock', { blockId: request.blockId });
    expect(locked).to.deep.include({ status: 'PENDING_EXPORT', quantity: 300, serialStart: 701, serialEnd: 1000 });
    expect(locked.exportRequest).to.deep.include({
      requestId: request.id,
      acquiringParty: 'CHE',
      toAccountId: CHE_GOV,
    });
    expect(request).to.deep.include({
      status: 'PENDING',
      transferringParty: 'GHA',
      transferringRegistryId: 'GHA01',
      acquiringParty: 'CHE',
      fromAccountId: ACCOUNTS.devA,
      quantity: 300,
      itmo: { firstId: 'CA0001-GHA01-GHA-701-2023', lastId: 'CA0001-GHA01-GHA-1000-2023' },
    });
    expect(request.id).to.match(/^X-[0-9A-F]{16}$/);
    const blockId = request.blockId;
    await r.host.fails('INVALID_STATE', ID.devA, 'credits', 'Transfer', { blockId, quantity: 1, toAccountId: 'DEV-B' });
    const retire = { blockId, quantity: 1, beneficiary: 'x', purpose: 'VOLUNTARY' };
    await r.host.fails('INVALID_STATE', ID.devA, 'credits', 'Retire', retire);
    await r.host.fails('INVALID_STATE', ID.govOfficer, 'credits', 'Cancel', { blockId, quantity: 1, reason: 'x' });
    await r.host.fails('INVALID_STATE', ID.devA, 'international', 'RequestExport', exportInput(locked, 1));
  });

  it('is refused for a Party outside the cooperative approach, domestic units, or by another holder', async () => {
    const kept = { ...r.block, quantity: 700 };
    await r.host.fails('VALIDATION', ID.devA, 'international', 'RequestExport', {
      ...exportInput(kept),
      partyId: 'JPN',
    });
    await r.host.fails('FORBIDDEN', ID.devB, 'international', 'RequestExport', exportInput(kept));
    const domestic = await r.host.ndcOnlyBlock(ID.devB);
    await r.host.fails('VALIDATION', ID.devB, 'international', 'RequestExport', exportInput(domestic, 5));
  });

  it('recorded, applied once on each side: TRANSFERRED at home, the same ITMO IDs held abroad, conservation on both', async () => {
    const terms = termsOf(request);
    const record = await onPeer(r.bilateral, GOV_PEER).ok<BilateralTransfer>(
      ID.govAdmin,
      'bilateral',
      'RecordTransfer',
      terms,
    );
    expect(record).to.deep.include({ requestId: request.id, status: 'RECORDED', terms });
    await r.bilateral.fails('CONFLICT', ID.govAdmin, 'bilateral', 'AbandonTransfer', {
      requestId: request.id,
      cooperativeApproachId: 'CA0001',
      reason: 'too late',
    });

    const apply = { requestId: request.id, outcome: 'TRANSFERRED', bilateralTxId: record.txId };
    const done = await r.host.tx(ID.govAdmin, 'international', 'CompleteExport', apply);
    expect(done.error).to.equal(undefined);
    expect(done.events.map((e) => e.name)).to.deep.equal(['ITMOS_TRANSFERRED']);
    const sent = await r.host.ok<CreditBlock>(ID.govOfficer, 'credits', 'GetBlock', { blockId: request.blockId });
    expect(sent).to.deep.include({
      status: 'TRANSFERRED',
      transfer: { bilateralTxId: record.txId, at: sent.updatedAt, txId: done.txId },
    });
    await r.host.fails('INVALID_STATE', ID.govAdmin, 'international', 'CompleteExport', apply);

    const acquire = { ...terms, bilateralTxId: record.txId };
    const acquisition = await r.partner.ok<Acquisition>(CHE.admin, 'international', 'RecordAcquisition', acquire);
    await r.partner.fails('INVALID_STATE', CHE.admin, 'international', 'RecordAcquisition', acquire);
    const held = await r.partner.ok<CreditBlock>(CHE.admin, 'credits', 'GetBlock', { blockId: acquisition.blockId });
    expect(held).to.deep.include({
      ownerAccountId: CHE_GOV,
      status: 'HELD',
      serialStart: 701,
      serialEnd: 1000,
      quantity: 300,
      itmo: request.itmo,
      serialNumber: request.serialNumber,
    });
    expect(r.partner.ledger.state.has(`serial~${String(1000).padStart(16, '0')}`)).to.equal(false);

    const used = await r.partner.ok<{ moved: CreditBlock; kept: CreditBlock }>(CHE.admin, 'credits', 'Retire', {
      blockId: held.id,
      quantity: 100,
      beneficiary: 'Swiss NDC',
      purpose: 'NDC',
    });
    expect(used.moved.itmo).to.deep.equal({
      firstId: 'CA0001-GHA01-GHA-901-2023',
      lastId: 'CA0001-GHA01-GHA-1000-2023',
    });
    expect(used.kept.itmo).to.deep.equal({ firstId: 'CA0001-GHA01-GHA-701-2023', lastId: 'CA0001-GHA01-GHA-900-2023' });

    const [audit] = await r.host.audit(100);
    expect(audit?.totals).to.deep.equal({ issued: 1000, HELD: 700, RETIRED: 0, CANCELLED: 0, TRANSFERRED: 300 });
  });

  it('abandoned: recording is refused, the host unlocks the units, the partner cannot acquire them', async () => {
    const abandon = { requestId: request.id, cooperativeApproachId: 'CA0001', reason: 'partner account closed' };
    const decision = await onPeer(r.bilateral, GOV_PEER).ok<BilateralTransfer>(
      ID.govAdmin,
      'bilateral',
      'AbandonTransfer',
      abandon,
    );
    const terms = termsOf(request);
    await r.bilateral.fails('CONFLICT', ID.govAdmin, 'bilateral', 'RecordTransfer', terms);
    const bilateralTxId = decision.txId;
    await r.host.fails('INVALID_STATE', ID.govAdmin, 'international', 'CompleteExport', {
      requestId: request.id,
      outcome: 'TRANSFERRED',
      bilateralTxId,
    });
    await r.partner.fails('INVALID_STATE', CHE.admin, 'international', 'RecordAcquisition', {
      ...terms,
      bilateralTxId,
    });
    const outcome = await r.host.tx(ID.govAdmin, 'international', 'CompleteExport', {
      requestId: request.id,
      outcome: 'ABANDONED',
      bilateralTxId,
    });
    expect(outcome.events.map((e) => e.name)).to.deep.equal(['EXPORT_ABANDONED']);
    const freed = await r.host.ok<CreditBlock>(ID.govOfficer, 'credits', 'GetBlock', { blockId: request.blockId });
    expect(freed.status).to.equal('HELD');
    expect(freed.exportRequest).to.equal(undefined);
    await r.host.ok(ID.devA, 'credits', 'Transfer', { blockId: freed.id, quantity: 10, toAccountId: 'DEV-B' });
    expect(outcome.writes.has(compositeKey('ncr.export~status', ['ABANDONED', request.id]))).to.equal(true);
    expect(outcome.writes.get(compositeKey('ncr.export~status', ['PENDING', request.id]))).to.equal(null);
  });

  it('forged decisions: made-up or altered requests are refused by the transferring government peer only', async () => {
    const terms = termsOf(request);
    const madeUp: TransferTerms = { ...terms, requestId: 'X-0000000000000000' };
    await onPeer(r.bilateral, GOV_PEER).fails('NOT_FOUND', ID.govAdmin, 'bilateral', 'RecordTransfer', madeUp);
    const inflated = { ...terms, quantity: 3000, serialStart: 1 };
    const message = await r.bilateral.fails('INVALID_STATE', ID.govAdmin, 'bilateral', 'RecordTransfer', inflated);
    expect(message).to.contain('quantity, serialStart');
    // The partner's peer cannot read the host's channel: its endorsement alone would pass, hence AND of both peers.
    await onPeer(r.bilateral, CHE_PEER).ok(ID.govAdmin, 'bilateral', 'RecordTransfer', inflated);
    await onPeer(r.bilateral, GOV_PEER).fails('FORBIDDEN', CHE.admin, 'bilateral', 'RecordTransfer', terms);
    await r.bilateral.fails('FORBIDDEN', ID.govClient, 'bilateral', 'RecordTransfer', terms);
  });

  it('forged applies: an unknown request or bilateral record is refused on both national channels', async () => {
    const bilateralTxId = 'f'.repeat(64);
    await r.host.fails('NOT_FOUND', ID.govAdmin, 'international', 'CompleteExport', {
      requestId: 'X-0000000000000000',
      outcome: 'TRANSFERRED',
      bilateralTxId,
    });
    await r.host.fails('NOT_FOUND', ID.govAdmin, 'international', 'CompleteExport', {
      requestId: request.id,
      outcome: 'TRANSFERRED',
      bilateralTxId,
    });
    const terms = termsOf(request);
    await r.partner.fails('NOT_FOUND', CHE.admin, 'international', 'RecordAcquisition', { ...terms, bilateralTxId });
    const record = await onPeer(r.bilateral, GOV_PEER).ok<BilateralTransfer>(
      ID.govAdmin,
      'bilateral',
      'RecordTransfer',
      terms,
    );
    await r.partner.fails('VALIDATION', CHE.admin, 'international', 'RecordAcquisition', { ...terms, bilateralTxId });
    const more = { ...terms, quantity: 301, serialStart: 700, bilateralTxId: record.txId };
    await r.partner.fails('INVALID_STATE', CHE.admin, 'international', 'RecordAcquisition', more);
    await r.partner.fails('FORBIDDEN', CHE.client, 'international', 'RecordAcquisition', {
      ...terms,
      bilateralTxId: record.txId,
    });
  });
});
