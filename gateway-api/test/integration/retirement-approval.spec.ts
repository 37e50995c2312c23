import { expect } from 'chai';
import { api, errorCode, issuedBlock, leanInForce, putProfile, write } from './support';

interface Block {
  id: string;
  status: string;
  quantity: number;
  ownerAccountId: string;
}

const retirement = { beneficiary: 'Acme Airlines', purpose: 'VOLUNTARY' } as const;

async function blockOf(id: string): Promise<Block> {
  const reply = await api('GET', `/v1/credit-blocks/${id}`, 'gov-admin');
  expect(reply.status, JSON.stringify(reply.body)).to.equal(200);
  return reply.body as unknown as Block;
}

/** Every page of the integrity audit: its violations. */
async function auditViolations(): Promise<string[]> {
  const violations: string[] = [];
  let bookmark = '';
  for (let page = 0; page < 10_000; page++) {
    const query = `pageSize=100${bookmark === '' ? '' : `&bookmark=${encodeURIComponent(bookmark)}`}`;
    const reply = await api('GET', `/v1/audit/integrity?${query}`, 'auditor');
    expect(reply.status, JSON.stringify(reply.body)).to.equal(200);
    violations.push(...(reply.body.violations as string[]));
    if (reply.body.complete === true) return violations;
    bookmark = reply.body.bookmark as string;
  }
  throw new Error('integrity audit did not complete');
}

describe('retirement approval on the running network', function () {
  this.timeout(300_000);
  let source: Block;

  before(async () => {
    await leanInForce();
    source = (await issuedBlock(`ret-approval-${Date.now()}`, 1000)).block as Block;
    const installed = await putProfile('lean', 'gov-admin', { retirementApproval: true });
    expect(installed.status, JSON.stringify(installed.body)).to.equal(201);
  });

  // The other specs run on the same network after this one: the lean profile goes back whatever happened here.
  after(async () => {
    await leanInForce();
    const current = await api('GET', '/v1/workflow-profile', 'auditor');
    expect(current.body).to.include({ name: 'Lean', retirementApproval: false });
  });

  it('a direct retirement is refused under the profile (409, naming RequestRetirement) and changes nothing', async () => {
    const reply = await api('POST', '/v1/retirements', 'developer-admin', {
      blockId: source.id,
      quantity: 1,
      ...retirement,
    });
    expect(reply.status, JSON.stringify(reply.body)).to.equal(409);
    expect(errorCode(reply)).to.equal('INVALID_STATE');
    expect(JSON.stringify(reply.body)).to.contain('RequestRetirement');
    expect((await blockOf(source.id)).quantity).to.equal(1000);
  });

  it('a request locks the units; approval retires them; another request is rejected and the units are held again', async () => {
    const requested = await write('/v1/retirement-requests', 'developer-admin', {
      blockId: source.id,
      quantity: 300,
      ...retirement,
    });
    const pending = requested.moved as Block;
    expect(pending).to.include({ status: 'PENDING_RETIREMENT', quantity: 300 });
    expect((requested.kept as Block).quantity).to.equal(700);

    const transfer = await api('POST', '/v1/transfers', 'developer-admin', {
      blockId: pending.id,
      quantity: 300,
      toAccountId: 'DEV-BETA',
    });
    expect(transfer.status, JSON.stringify(transfer.body)).to.equal(409);
    expect(errorCode(transfer)).to.equal('INVALID_STATE');
    const byHolder = await api('POST', `/v1/retirements/${pending.id}/approve`, 'developer-admin');
    expect(byHolder.status, JSON.stringify(byHolder.body)).to.equal(403);
    expect((await blockOf(pending.id)).status).to.equal('PENDING_RETIREMENT');

    const approved = await write(`/v1/retirements/${pending.id}/approve`, 'gov-admin');
    expect(approved.moved).to.include({ id: pending.id, status: 'RETIRED', quantity: 300 });
    expect((await blockOf(pending.id)).status).to.equal('RETIRED');

    const second = (
      await write('/v1/retirement-requests', 'developer-admin', { blockId: source.id, quantity: 200, ...retirement })
    ).moved as Block;
    const rejected = await write(`/v1/retirements/${second.id}/reject`, 'gov-admin', { reason: 'beneficiary unknown' });
    expect(rejected.moved).to.include({ id: second.id, status: 'HELD', quantity: 200 });
    const again = await api('POST', `/v1/retirements/${second.id}/reject`, 'gov-admin', { reason: 'twice' });
    expect(again.status, JSON.stringify(again.body)).to.equal(409);
    expect(errorCode(again)).to.equal('INVALID_STATE');
    expect((await blockOf(source.id)).quantity).to.equal(500);
  });

  it('the integrity audit finds no violation', async () => {
    expect(await auditViolations()).to.deep.equal([]);
  });
});
