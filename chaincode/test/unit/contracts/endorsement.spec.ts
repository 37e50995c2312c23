import { common, msp } from '@hyperledger/fabric-protos';
import { expect } from 'chai';
import type { CreditBlock, MonitoringReport } from '../../../src/domain';
import { compositeKey } from '../support/fake-ledger';
import { ACCOUNTS, ID, World } from '../support/world';

/** A key-level endorsement policy decoded from its SignaturePolicyEnvelope bytes. */
function decode(policy: Uint8Array | undefined): { required: number; peersOf: string[] } {
  expect(policy, 'a key-level endorsement policy').to.not.equal(undefined);
  const envelope = common.SignaturePolicyEnvelope.deserializeBinary(policy!);
  const rule = envelope.getRule()!.getNOutOf()!;
  const principals = envelope.getIdentitiesList().map((identity) => {
    expect(identity.getPrincipalClassification()).to.equal(msp.MSPPrincipal.Classification.ROLE);
    const role = msp.MSPRole.deserializeBinary(identity.getPrincipal_asU8());
    expect(role.getRole()).to.equal(msp.MSPRole.MSPRoleType.PEER);
    return role.getMspIdentifier();
  });
  const signedBy = rule.getRulesList().map((r) => r.getSignedBy());
  expect(signedBy).to.deep.equal(principals.map((_, i) => i));
  return { required: rule.getN(), peersOf: principals };
}

const reportKey = (id: string): string => compositeKey('ncr.report', [id]);
const blockKey = (id: string): string => compositeKey('ncr.block', [id]);
const GOV_AND_CERTIFIER = { required: 2, peersOf: ['CertifierMSP', 'GovernmentMSP'] };
const GOV_AND_DEVELOPER = { required: 2, peersOf: ['DeveloperMSP', 'GovernmentMSP'] };

describe('key-level endorsement policies', () => {
  let w: World;
  beforeEach(async () => {
    w = new World();
    await w.setup();
  });

  it('a submitted monitoring report needs Government and Certifier peers, through verification and issuance', async () => {
    const project = await w.authorisedProject();
    const submitted = await w.tx(ID.devA, 'monitoring', 'SubmitMonitoringReport', {
      projectId: project.id,
      periodStart: '2023-01-01',
      periodEnd: '2023-12-31',
      vintage: 2023,
      claimedReductions: 500,
      document: { uri: 'https://docs.example/mr.pdf', sha256: 'a'.repeat(64) },
    });
    const report = JSON.parse(submitted.result!) as MonitoringReport;
    expect([...submitted.validationParameters.keys()]).to.deep.equal([reportKey(report.id)]);
    expect(decode(submitted.validationParameters.get(reportKey(report.id)))).to.deep.equal(GOV_AND_CERTIFIER);

    const verified = await w.tx(ID.certA, 'monitoring', 'VerifyMonitoringReport', {
      reportId: report.id,
      approved: true,
      verifiedReductions: 500,
      report: { uri: 'https://docs.example/ver.pdf', sha256: 'b'.repeat(64) },
    });
    expect(decode(verified.validationParameters.get(reportKey(report.id)))).to.deep.equal(GOV_AND_CERTIFIER);

    const issued = await w.tx(ID.govOfficer, 'monitoring', 'IssueCredits', { reportId: report.id });
    const block = JSON.parse(issued.result!) as CreditBlock;
    expect([...issued.validationParameters.keys()]).to.have.members([blockKey(block.id), reportKey(report.id)]);
    expect(decode(issued.validationParameters.get(reportKey(report.id)))).to.deep.equal(GOV_AND_CERTIFIER);
    expect(decode(issued.validationParameters.get(blockKey(block.id)))).to.deep.equal(GOV_AND_DEVELOPER);
    expect(decode(w.ledger.validationParameters.get(blockKey(block.id)))).to.deep.equal(GOV_AND_DEVELOPER);
  });

  it("a block needs Government and its owner's organisation, also after a split, a transfer or a cancellation", async () => {
    const block = await w.issuedBlock(1000);
    const split = await w.tx(ID.devA, 'credits', 'Transfer', {
      blockId: block.id,
      quantity: 400,
      toAccountId: ACCOUNTS.devB,
    });
    const { moved } = JSON.parse(split.result!) as { moved: CreditBlock };
    expect([...split.validationParameters.keys()]).to.have.members([blockKey(block.id), blockKey(moved.id)]);
    expect(decode(split.validationParameters.get(blockKey(block.id)))).to.deep.equal(GOV_AND_DEVELOPER);
    expect(decode(split.validationParameters.get(blockKey(moved.id)))).to.deep.equal(GOV_AND_DEVELOPER);

    // to the government: only the government's peers are its owner's organisation
    const toGov = await w.tx(ID.devB, 'credits', 'Transfer', {
      blockId: moved.id,
      quantity: 400,
      toAccountId: ACCOUNTS.gov,
    });
    expect(toGov.error).to.equal(undefined);
    expect(decode(toGov.validationParameters.get(blockKey(moved.id)))).to.deep.equal({
      required: 1,
      peersOf: ['GovernmentMSP'],
    });

    const cancelled = await w.tx(ID.govOfficer, 'credits', 'Cancel', { blockId: block.id, quantity: 600, reason: 'x' });
    expect(cancelled.error).to.equal(undefined);
    expect(decode(cancelled.validationParameters.get(blockKey(block.id)))).to.deep.equal(GOV_AND_DEVELOPER);
  });

  it('no other key carries a key-level policy (projects, accounts, indexes follow the chaincode policy)', async () => {
    const project = await w.registerProject();
    const outcome = await w.tx(ID.certA, 'projects', 'ValidateProject', {
      projectId: project.id,
      approved: true,
      report: { uri: 'https://docs.example/val.pdf', sha256: 'c'.repeat(64) },
    });
    expect(outcome.error).to.equal(undefined);
    expect(outcome.validationParameters.size).to.equal(0);
    expect(w.ledger.validationParameters.size).to.equal(0);
  });
});
