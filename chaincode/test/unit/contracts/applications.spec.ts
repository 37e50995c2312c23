import { expect } from 'chai';
import type { AccountApplication, IdentityBinding } from '../../../src/domain';
import { compositeKey, type TestIdentity } from '../support/fake-ledger';
import { ACCOUNTS, ID, World, sha } from '../support/world';

/** The organisation admins of the developers' and certifiers' sites (certificate NodeOU `admin`). */
const ORG_ADMIN = {
  developer: { mspId: 'DeveloperMSP', cn: 'developer-admin', ou: 'admin' },
  certifier: { mspId: 'CertifierMSP', cn: 'certifier-admin', ou: 'admin' },
  member: { mspId: 'Developer2MSP', cn: 'developer2-admin', ou: 'admin' },
} as const satisfies Record<string, TestIdentity>;

/** The applicant's first ADMIN, enrolled by the developers' CA (a client identity). */
const APPLICANT = { mspId: 'DeveloperMSP', cn: 'greenco-admin@0a1b2c3d', ou: 'client' } as const;

const APP_ID = 'APP-0A1B2C3D4E5F6A7B8C9D';

const application = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  applicationId: APP_ID,
  organisationName: 'GreenCo Ltd',
  accountType: 'DEVELOPER',
  requestedAccountId: 'DEV-GREENCO',
  country: 'GHA',
  admin: { mspId: APPLICANT.mspId, enrollmentId: APPLICANT.cn },
  documents: [{ type: 'CERTIFICATE_OF_INCORPORATION', sha256: sha('incorporation') }],
  ...overrides,
});

const appKey = (id = APP_ID): string => compositeKey('ncr.application', [id]);
const statusKey = (status: string, id = APP_ID): string => compositeKey('ncr.application~status', [status, id]);

describe('account applications', () => {
  let w: World;
  beforeEach(async () => {
    w = new World();
    await w.setup();
  });

  describe('SubmitAccountApplication', () => {
    it('records a SUBMITTED application signed by the organisation admin and emits ACCOUNT_APPLICATION_SUBMITTED', async () => {
      const outcome = await w.tx(ORG_ADMIN.developer, 'accounts', 'SubmitAccountApplication', application());
      expect(outcome.error).to.equal(undefined);
      expect([...outcome.writes.keys()]).to.deep.equal([appKey(), statusKey('SUBMITTED')]);
      const recorded = JSON.parse(outcome.result ?? '') as AccountApplication;
      expect(recorded).to.deep.include({
        id: APP_ID,
        status: 'SUBMITTED',
        accountType: 'DEVELOPER',
        requestedAccountId: 'DEV-GREENCO',
        admin: { mspId: 'DeveloperMSP', enrollmentId: APPLICANT.cn },
        submittedBy: { mspId: 'DeveloperMSP', enrollmentId: 'developer-admin' },
        submittedTxId: outcome.txId,
      });
      expect(recorded.decision).to.equal(undefined);
      expect(outcome.events.map((e) => e.name)).to.deep.equal(['ACCOUNT_APPLICATION_SUBMITTED']);
      expect(JSON.parse(outcome.events[0]!.payload)).to.deep.equal({
        applicationId: APP_ID,
        accountType: 'DEVELOPER',
        requestedAccountId: 'DEV-GREENCO',
        organisationName: 'GreenCo Ltd',
        admin: { mspId: 'DeveloperMSP', enrollmentId: APPLICANT.cn },
        submittedBy: { mspId: 'DeveloperMSP', enrollmentId: 'developer-admin' },
        txId: outcome.txId,
      });
    });

    it('refuses callers that are not an organisation admin of the MSP matching the account type', async () => {
      await w.fails('FORBIDDEN', ID.devA, 'accounts', 'SubmitAccountApplication', application());
      await w.fails('FORBIDDEN', ORG_ADMIN.certifier, 'accounts', 'SubmitAccountApplication', application());
      await w.fails('FORBIDDEN', ID.govAdmin, 'accounts', 'SubmitAccountApplication', application());
      const certifierApp = application({
        accountType: 'CERTIFIER',
        admin: { mspId: 'CertifierMSP', enrollmentId: 'v' },
      });
      await w.fails('FORBIDDEN', ORG_ADMIN.developer, 'accounts', 'SubmitAccountApplication', certifierApp);
      await w.ok(ORG_ADMIN.certifier, 'accounts', 'SubmitAccountApplication', certifierApp);
    });

    it("refuses an admin identity of another organisation than the site's, and government accounts", async () => {
      const foreign = application({ admin: { mspId: 'Developer2MSP', enrollmentId: 'x' } });
      await w.fails('VALIDATION', ORG_ADMIN.developer, 'accounts', 'SubmitAccountApplication', foreign);
      const government = application({ accountType: 'GOVERNMENT' });
      await w.fails('VALIDATION', ORG_ADMIN.developer, 'accounts', 'SubmitAccountApplication', government);
    });

    it('refuses a malformed application ID, account ID or document digest', async () => {
      for (const bad of [
        { applicationId: 'APP-1' },
        { requestedAccountId: 'dev greenco' },
        { documents: [{ type: 'CERTIFICATE', sha256: 'ABC' }] },
        { documents: [{ type: 'lower', sha256: sha('x') }] },
      ]) {
        await w.fails('VALIDATION', ORG_ADMIN.developer, 'accounts', 'SubmitAccountApplication', application(bad));
      }
    });

    it('refuses a taken application ID, an existing account and an admin bound elsewhere (CONFLICT)', async () => {
      await w.ok(ORG_ADMIN.developer, 'accounts', 'SubmitAccountApplication', application());
      await w.fails('CONFLICT', ORG_ADMIN.developer, 'accounts', 'SubmitAccountApplication', application());
      const other = (fields: Record<string, unknown>) =>
        application({ applicationId: 'APP-00000000000000000001', ...fields });
      await w.fails(
        'CONFLICT',
        ORG_ADMIN.developer,
        'accounts',
        'SubmitAccountApplication',
        other({ requestedAccountId: ACCOUNTS.devA }),
      );
      const bound = { mspId: 'DeveloperMSP', enrollmentId: ID.devAManager.cn };
      await w.fails('CONFLICT', ORG_ADMIN.developer, 'accounts', 'SubmitAccountApplication', other({ admin: bound }));
    });

    it('accepts the admin of a member organisation once the settings admit it for the account type', async () => {
      const member = application({ admin: { mspId: 'Developer2MSP', enrollmentId: 'm-admin' } });
      await w.fails('FORBIDDEN', ORG_ADMIN.member, 'accounts', 'SubmitAccountApplication', member);
      await w.ok(ID.govAdmin, 'registry', 'UpdateSettings', {
        memberOrganisations: [{ mspId: 'Developer2MSP', accountType: 'DEVELOPER' }],
      });
      await w.ok(ORG_ADMIN.member, 'accounts', 'SubmitAccountApplication', member);
    });
  });

  describe('decisions', () => {
    beforeEach(async () => {
      await w.ok(ORG_ADMIN.developer, 'accounts', 'SubmitAccountApplication', application());
    });

    it('approval opens the account with the applicant bound as ADMIN, in one transaction, and emits ACCOUNT_CREATED', async () => {
      const outcome = await w.tx(ID.govAdmin, 'accounts', 'ApproveAccountApplication', { applicationId: APP_ID });
      expect(outcome.error).to.equal(undefined);
      expect([...outcome.writes.entries()].map(([key, value]) => [key, value === null])).to.deep.equal([
        [compositeKey('ncr.account', ['DEV-GREENCO']), false],
        [compositeKey('ncr.account~type', ['DEVELOPER', 'DEV-GREENCO']), false],
        [compositeKey('ncr.binding', ['DeveloperMSP', APPLICANT.cn]), false],
        [compositeKey('ncr.binding~account', ['DEV-GREENCO', 'DeveloperMSP', APPLICANT.cn]), false],
        [appKey(), false],
        [statusKey('SUBMITTED'), true],
        [statusKey('APPROVED'), false],
      ]);
      const by = { accountId: ACCOUNTS.gov, mspId: 'GovernmentMSP', enrollmentId: 'gov-admin' };
      expect(outcome.events.map((e) => e.name)).to.deep.equal(['ACCOUNT_CREATED']);
      expect(JSON.parse(outcome.events[0]!.payload)).to.deep.equal({
        accountId: 'DEV-GREENCO',
        type: 'DEVELOPER',
        admin: { mspId: 'DeveloperMSP', enrollmentId: APPLICANT.cn },
        applicationId: APP_ID,
        by,
        txId: outcome.txId,
      });
      const result = JSON.parse(outcome.result ?? '') as { application: AccountApplication; account: unknown };
      expect(result.application.status).to.equal('APPROVED');
      expect(result.application.decision).to.deep.include({ by, txId: outcome.txId });
      expect(result.account).to.deep.include({
        id: 'DEV-GREENCO',
        name: 'GreenCo Ltd',
        type: 'DEVELOPER',
        status: 'ACTIVE',
      });
      // The applicant acts as ADMIN of its new account: it binds a user of its own.
      const user = {
        accountId: 'DEV-GREENCO',
        mspId: 'DeveloperMSP',
        enrollmentId: 'greenco-clerk@1',
        role: 'MANAGER',
      };
      const bound = await w.ok<IdentityBinding>(APPLICANT, 'accounts', 'BindIdentity', user);
      expect(bound).to.include({ accountId: 'DEV-GREENCO', role: 'MANAGER', status: 'ACTIVE' });
    });

    it('only a government ADMIN decides, and each application once (INVALID_STATE after)', async () => {
      for (const who of [ID.govOfficer, ID.devA, ORG_ADMIN.developer]) {
        await w.fails('FORBIDDEN', who, 'accounts', 'ApproveAccountApplication', { applicationId: APP_ID });
        await w.fails('FORBIDDEN', who, 'accounts', 'RejectAccountApplication', {
          applicationId: APP_ID,
          reason: 'no',
        });
      }
      await w.ok(ID.govAdmin, 'accounts', 'ApproveAccountApplication', { applicationId: APP_ID });
      const again = await w.fails('INVALID_STATE', ID.govAdmin, 'accounts', 'ApproveAccountApplication', {
        applicationId: APP_ID,
      });
      expect(again).to.include('APPROVED');
      await w.fails('INVALID_STATE', ID.govAdmin, 'accounts', 'RejectAccountApplication', {
        applicationId: APP_ID,
        reason: 'late',
      });
      await w.fails('NOT_FOUND', ID.govAdmin, 'accounts', 'ApproveAccountApplication', {
        applicationId: 'APP-FFFFFFFFFFFFFFFFFFFF',
      });
    });

    it('rejection keeps the reason, emits ACCOUNT_APPLICATION_REJECTED and opens nothing', async () => {
      const outcome = await w.tx(ID.govAdmin, 'accounts', 'RejectAccountApplication', {
        applicationId: APP_ID,
        reason: 'no proof of incorporation',
      });
      expect(outcome.error).to.equal(undefined);
      expect([...outcome.writes.keys()]).to.deep.equal([appKey(), statusKey('SUBMITTED'), statusKey('REJECTED')]);
      expect(outcome.events.map((e) => e.name)).to.deep.equal(['ACCOUNT_APPLICATION_REJECTED']);
      expect(JSON.parse(outcome.events[0]!.payload)).to.deep.include({
        applicationId: APP_ID,
        accountType: 'DEVELOPER',
        requestedAccountId: 'DEV-GREENCO',
        reason: 'no proof of incorporation',
      });
      const read = await w.ok<AccountApplication>(ORG_ADMIN.developer, 'accounts', 'GetAccountApplication', {
        applicationId: APP_ID,
      });
      expect(read.status).to.equal('REJECTED');
      expect(read.decision?.reason).to.equal('no proof of incorporation');
      await w.fails('NOT_FOUND', ID.stranger, 'accounts', 'GetAccount', { accountId: 'DEV-GREENCO' });
      await w.fails('INVALID_STATE', ID.govAdmin, 'accounts', 'ApproveAccountApplication', { applicationId: APP_ID });
    });

    it('approval is CONFLICT, changing nothing, when the account was opened meanwhile', async () => {
      await w.ok(ID.govAdmin, 'accounts', 'CreateAccount', {
        id: 'DEV-GREENCO',
        name: 'Someone else',
        type: 'DEVELOPER',
        country: 'GHA',
        admin: { mspId: 'DeveloperMSP', enrollmentId: 'someone-else' },
      });
      await w.fails('CONFLICT', ID.govAdmin, 'accounts', 'ApproveAccountApplication', { applicationId: APP_ID });
      await w.ok(ID.govAdmin, 'accounts', 'RejectAccountApplication', { applicationId: APP_ID, reason: 'ID taken' });
    });

    it('a decision dated before the submission is refused (INVALID_STATE)', async () => {
      w.ledger.clock -= 3600;
      await w.fails('INVALID_STATE', ID.govAdmin, 'accounts', 'ApproveAccountApplication', { applicationId: APP_ID });
    });
  });

  describe('reads', () => {
    beforeEach(async () => {
      await w.ok(ORG_ADMIN.developer, 'accounts', 'SubmitAccountApplication', application());
      const certifierApp = application({
        applicationId: 'APP-00000000000000000002',
        accountType: 'CERTIFIER',
        requestedAccountId: 'CER-NEW',
        admin: { mspId: 'CertifierMSP', enrollmentId: 'vvb-admin@1' },
      });
      await w.ok(ORG_ADMIN.certifier, 'accounts', 'SubmitAccountApplication', certifierApp);
      await w.ok(ID.govAdmin, 'accounts', 'RejectAccountApplication', {
        applicationId: 'APP-00000000000000000002',
        reason: 'not accredited',
      });
    });

    it('government users and the recording organisation admin read an application; nobody else', async () => {
      for (const who of [ID.govAdmin, ID.govOfficer, ORG_ADMIN.developer]) {
        const read = await w.ok<AccountApplication>(who, 'accounts', 'GetAccountApplication', {
          applicationId: APP_ID,
        });
        expect(read.id).to.equal(APP_ID);
      }
      for (const who of [ORG_ADMIN.certifier, ID.devA, ID.stranger]) {
        await w.fails('FORBIDDEN', who, 'accounts', 'GetAccountApplication', { applicationId: APP_ID });
      }
    });

    it('government users list applications by status; others are refused', async () => {
      type Page = { items: AccountApplication[] };
      const ids = async (status?: string): Promise<string[]> =>
        (
          await w.ok<Page>(ID.govOfficer, 'accounts', 'ListAccountApplications', status === undefined ? {} : { status })
        ).items.map((a) => a.id);
      expect(await ids('SUBMITTED')).to.deep.equal([APP_ID]);
      expect(await ids('REJECTED')).to.deep.equal(['APP-00000000000000000002']);
      expect(await ids('APPROVED')).to.deep.equal([]);
      expect(await ids()).to.have.members([APP_ID, 'APP-00000000000000000002']);
      for (const who of [ORG_ADMIN.developer, ID.devA]) {
        await w.fails('FORBIDDEN', who, 'accounts', 'ListAccountApplications', {});
      }
    });
  });
});
