import { expect } from 'chai';
import { ACCOUNTS, ID, World } from '../support/world';
import { compositeKey } from '../support/fake-ledger';
import type { Account, IdentityBinding } from '../../../src/domain';

describe('accounts contract', () => {
  let w: World;
  beforeEach(async () => {
    w = new World();
    await w.setup();
  });

  describe('CreateAccount', () => {
    it('creates an ACTIVE account with its ADMIN binding and emits ACCOUNT_CREATED', async () => {
      const outcome = await w.tx(ID.govAdmin, 'accounts', 'CreateAccount', {
        id: 'DEV-C',
        name: 'C Ltd',
        type: 'DEVELOPER',
        country: 'GHA',
        admin: { mspId: 'DeveloperMSP', enrollmentId: 'dev-c-admin' },
      });
      expect(outcome.error).to.equal(undefined);
      expect([...outcome.writes.keys()]).to.deep.equal([
        compositeKey('ncr.account', ['DEV-C']),
        compositeKey('ncr.account~type', ['DEVELOPER', 'DEV-C']),
        compositeKey('ncr.binding', ['DeveloperMSP', 'dev-c-admin']),
        compositeKey('ncr.binding~account', ['DEV-C', 'DeveloperMSP', 'dev-c-admin']),
      ]);
      expect(outcome.events).to.have.length(1);
      expect(outcome.events[0]!.name).to.equal('ACCOUNT_CREATED');
      expect(JSON.parse(outcome.events[0]!.payload)).to.deep.equal({
        accountId: 'DEV-C',
        type: 'DEVELOPER',
        admin: { mspId: 'DeveloperMSP', enrollmentId: 'dev-c-admin' },
        by: { accountId: ACCOUNTS.gov, mspId: 'GovernmentMSP', enrollmentId: 'gov-admin' },
        txId: outcome.txId,
      });
      const account = await w.ok<Account>(ID.stranger, 'accounts', 'GetAccount', { accountId: 'DEV-C' });
      expect(account).to.include({ id: 'DEV-C', type: 'DEVELOPER', status: 'ACTIVE' });
    });

    it('derives the account ID from the transaction when none is given', async () => {
      const account = await w.ok<Account>(ID.govAdmin, 'accounts', 'CreateAccount', {
        name: 'C Ltd',
        type: 'CERTIFIER',
        country: 'GHA',
        admin: { mspId: 'CertifierMSP', enrollmentId: 'cert-c' },
      });
      expect(account.id).to.match(/^CER-[0-9A-F]{10}$/);
    });

    const input = {
      id: 'DEV-C',
      name: 'C',
      type: 'DEVELOPER',
      country: 'GHA',
      admin: { mspId: 'DeveloperMSP', enrollmentId: 'c' },
    };

    it('refuses a government MANAGER, a developer admin and an unbound identity', async () => {
      await w.fails('FORBIDDEN', ID.govOfficer, 'accounts', 'CreateAccount', input);
      await w.fails('FORBIDDEN', ID.devA, 'accounts', 'CreateAccount', input);
      await w.fails('FORBIDDEN', ID.stranger, 'accounts', 'CreateAccount', input);
    });

    it('refuses an admin whose MSP does not match the account type', async () => {
      await w.fails('VALIDATION', ID.govAdmin, 'accounts', 'CreateAccount', {
        ...input,
        admin: { mspId: 'CertifierMSP', enrollmentId: 'c' },
      });
    });

    it('accepts an admin of an organisation the settings admit for the type (a member), only for that type', async () => {
      const vvb2 = { id: 'CER-2', name: 'VVB 2', type: 'CERTIFIER', country: 'GHA' };
      const admin = { mspId: 'Certifier2MSP', enrollmentId: 'vvb2-admin' };
      await w.fails('VALIDATION', ID.govAdmin, 'accounts', 'CreateAccount', { ...vvb2, admin });
      await w.ok(ID.govAdmin, 'registry', 'UpdateSettings', {
        memberOrganisations: [{ mspId: 'Certifier2MSP', accountType: 'CERTIFIER' }],
      });
      await w.fails('VALIDATION', ID.govAdmin, 'accounts', 'CreateAccount', { ...input, id: 'DEV-2', admin });
      const account = await w.ok<Account>(ID.govAdmin, 'accounts', 'CreateAccount', { ...vvb2, admin });
      expect(account).to.include({ id: 'CER-2', type: 'CERTIFIER' });
      // Its own organisation still: a founding certifier account binds a member's identity too, a developer's not.
      await w.ok(ID.certA, 'accounts', 'BindIdentity', {
        accountId: ACCOUNTS.certA,
        mspId: 'Certifier2MSP',
        enrollmentId: 'vvb2-officer',
        role: 'MANAGER',
      });
      await w.fails('VALIDATION', ID.devA, 'accounts', 'BindIdentity', {
        accountId: ACCOUNTS.devA,
        mspId: 'Certifier2MSP',
        enrollmentId: 'vvb2-dev',
        role: 'MANAGER',
      });
    });

    it('refuses a founding organisation, or one MSP twice, as a member organisation', async () => {
      for (const memberOrganisations of [
        [{ mspId: 'CertifierMSP', accountType: 'CERTIFIER' }],
        [
          { mspId: 'Certifier2MSP', accountType: 'CERTIFIER' },
          { mspId: 'Certifier2MSP', accountType: 'DEVELOPER' },
        ],
      ]) {
        await w.fails('VALIDATION', ID.govAdmin, 'registry', 'UpdateSettings', { memberOrganisations });
      }
    });

    it('refuses an existing account ID and an identity already bound elsewhere', async () => {
      await w.fails('CONFLICT', ID.govAdmin, 'accounts', 'CreateAccount', { ...input, id: ACCOUNTS.devA });
      await w.fails('CONFLICT', ID.govAdmin, 'accounts', 'CreateAccount', {
        ...input,
        admin: { mspId: 'DeveloperMSP', enrollmentId: ID.devB.cn },
      });
    });
  });

  describe('ListAccounts', () => {
    it('pages through all accounts and filters by type', async () => {
      const first = await w.ok<{ items: Account[]; bookmark: string }>(ID.stranger, 'accounts', 'ListAccounts', {
        pageSize: 3,
      });
      expect(first.items).to.have.length(3);
      expect(first.bookmark).to.not.equal('');
      const second = await w.ok<{ items: Account[]; bookmark: string }>(ID.stranger, 'accounts', 'ListAccounts', {
        pageSize: 3,
        bookmark: first.bookmark,
      });
      expect(second.items.map((a) => a.id)).to.have.length(2);
      expect(second.bookmark).to.equal('');
      const developers = await w.ok<{ items: Account[] }>(ID.stranger, 'accounts', 'ListAccounts', {
        type: 'DEVELOPER',
      });
      expect(developers.items.map((a) => a.id)).to.deep.equal([ACCOUNTS.devA, ACCOUNTS.devB]);
    });

    it('refuses a page size above the cap', async () => {
      await w.fails('VALIDATION', ID.stranger, 'accounts', 'ListAccounts', { pageSize: 101 });
    });
  });

  describe('SuspendAccount and ReactivateAccount', () => {
    it('suspends and reactivates an account, emitting one event each', async () => {
      const suspended = await w.tx(ID.govAdmin, 'accounts', 'SuspendAccount', {
        accountId: ACCOUNTS.devB,
        reason: 'audit',
      });
      expect(suspended.events.map((e) => e.name)).to.deep.equal(['ACCOUNT_SUSPENDED']);
      expect([...suspended.writes.keys()]).to.deep.equal([compositeKey('ncr.account', [ACCOUNTS.devB])]);
      expect(w.ledger.get(compositeKey('ncr.account', [ACCOUNTS.devB]))).to.include({
        status: 'SUSPENDED',
        statusReason: 'audit',
      });
      const reactivated = await w.tx(ID.govAdmin, 'accounts', 'ReactivateAccount', { accountId: ACCOUNTS.devB });
      expect(reactivated.events.map((e) => e.name)).to.deep.equal(['ACCOUNT_REACTIVATED']);
      expect(w.ledger.get(compositeKey('ncr.account', [ACCOUNTS.devB]))).to.include({ status: 'ACTIVE' });
    });

    it('a suspended account can still read but can do nothing else', async () => {
      await w.ok(ID.govAdmin, 'accounts', 'SuspendAccount', { accountId: ACCOUNTS.devA, reason: 'audit' });
      await w.fails('FORBIDDEN', ID.devA, 'projects', 'RegisterProject', w.projectInput());
      await w.fails('FORBIDDEN', ID.devA, 'accounts', 'BindIdentity', {
        accountId: ACCOUNTS.devA,
        mspId: 'DeveloperMSP',
        enrollmentId: 'someone',
        role: 'VIEWER',
      });
      const balance = await w.ok(ID.devA, 'accounts', 'GetBalance', { accountId: ACCOUNTS.devA });
      expect(balance).to.include({ total: 0 });
    });

    it('refuses non-government callers, the authority account, and wrong states', async () => {
      await w.fails('FORBIDDEN', ID.devA, 'accounts', 'SuspendAccount', { accountId: ACCOUNTS.devB, reason: 'x' });
      await w.fails('FORBIDDEN', ID.govOfficer, 'accounts', 'SuspendAccount', {
        accountId: ACCOUNTS.devB,
        reason: 'x',
      });
      await w.fails('INVALID_STATE', ID.govAdmin, 'accounts', 'SuspendAccount', {
        accountId: ACCOUNTS.gov,
        reason: 'x',
      });
      await w.fails('NOT_FOUND', ID.govAdmin, 'accounts', 'SuspendAccount', { accountId: 'DEV-ZZZ', reason: 'x' });
      await w.fails('INVALID_STATE', ID.govAdmin, 'accounts', 'ReactivateAccount', { accountId: ACCOUNTS.devB });
      await w.ok(ID.govAdmin, 'accounts', 'SuspendAccount', { accountId: ACCOUNTS.devB, reason: 'x' });
      await w.fails('INVALID_STATE', ID.govAdmin, 'accounts', 'SuspendAccount', {
        accountId: ACCOUNTS.devB,
        reason: 'x',
      });
    });
  });

  describe('BindIdentity and RevokeIdentity', () => {
    const bind = { accountId: ACCOUNTS.devB, mspId: 'DeveloperMSP', enrollmentId: 'dev-b-clerk', role: 'MANAGER' };

    it('an account ADMIN binds an identity of its MSP and emits IDENTITY_BOUND', async () => {
      const outcome = await w.tx(ID.devB, 'accounts', 'BindIdentity', bind);
      expect(outcome.error).to.equal(undefined);
      expect([...outcome.writes.keys()]).to.deep.equal([
        compositeKey('ncr.binding', ['DeveloperMSP', 'dev-b-clerk']),
        compositeKey('ncr.binding~account', [ACCOUNTS.devB, 'DeveloperMSP', 'dev-b-clerk']),
      ]);
      expect(outcome.events.map((e) => e.name)).to.deep.equal(['IDENTITY_BOUND']);
      const who = await w.ok<{ account: Account; binding: IdentityBinding }>(
        { mspId: 'DeveloperMSP', cn: 'dev-b-clerk', ou: 'client' },
        'accounts',
        'WhoAmI',
      );
      expect(who.account.id).to.equal(ACCOUNTS.devB);
      expect(who.binding.role).to.equal('MANAGER');
    });

    it('refuses another company, a MANAGER, a VIEWER, a foreign MSP and own binding', async () => {
      await w.fails('FORBIDDEN', ID.devA, 'accounts', 'BindIdentity', bind);
      await w.fails('FORBIDDEN', ID.devAManager, 'accounts', 'BindIdentity', { ...bind, accountId: ACCOUNTS.devA });
      await w.fails('FORBIDDEN', ID.devAViewer, 'accounts', 'BindIdentity', { ...bind, accountId: ACCOUNTS.devA });
      await w.fails('FORBIDDEN', ID.govAdmin, 'accounts', 'BindIdentity', bind);
      await w.fails('VALIDATION', ID.devB, 'accounts', 'BindIdentity', { ...bind, mspId: 'GovernmentMSP' });
      await w.fails('INVALID_STATE', ID.devB, 'accounts', 'BindIdentity', {
        ...bind,
        enrollmentId: ID.devB.cn,
        role: 'VIEWER',
      });
    });

    it('refuses an identity actively bound to another account', async () => {
      await w.fails('CONFLICT', ID.devB, 'accounts', 'BindIdentity', { ...bind, enrollmentId: ID.devAViewer.cn });
    });

    it('revokes a binding (kept as REVOKED) and the identity can no longer act', async () => {
      const outcome = await w.tx(ID.devA, 'accounts', 'RevokeIdentity', {
        accountId: ACCOUNTS.devA,
        mspId: 'DeveloperMSP',
        enrollmentId: ID.devAManager.cn,
      });
      expect(outcome.events.map((e) => e.name)).to.deep.equal(['IDENTITY_REVOKED']);
      expect(w.ledger.get(compositeKey('ncr.binding', ['DeveloperMSP', ID.devAManager.cn]))).to.include({
        status: 'REVOKED',
      });
      await w.fails('FORBIDDEN', ID.devAManager, 'projects', 'RegisterProject', w.projectInput());
      const who = await w.ok<{ binding: unknown }>(ID.devAManager, 'accounts', 'WhoAmI');
      expect(who.binding).to.equal(null);
    });

    it("restores a REVOKED binding only by a government ADMIN, never by the account's own admin", async () => {
      const identity = { mspId: 'DeveloperMSP', enrollmentId: ID.devAManager.cn };
      await w.ok(ID.devA, 'accounts', 'RevokeIdentity', { accountId: ACCOUNTS.devA, ...identity });
      const restore = { accountId: ACCOUNTS.devA, ...identity, role: 'MANAGER' };
      const refused = await w.fails('FORBIDDEN', ID.devA, 'accounts', 'BindIdentity', restore);
      expect(refused).to.contain('a DEVELOPER account may not restore a revoked binding');
      await w.fails('FORBIDDEN', ID.devB, 'accounts', 'BindIdentity', { ...restore, accountId: ACCOUNTS.devB });
      await w.fails('FORBIDDEN', ID.govOfficer, 'accounts', 'BindIdentity', restore);
      await w.fails('VALIDATION', ID.govAdmin, 'accounts', 'BindIdentity', { ...restore, accountId: ACCOUNTS.gov });
      await w.fails('FORBIDDEN', ID.devAManager, 'projects', 'RegisterProject', w.projectInput());
      const outcome = await w.tx(ID.govAdmin, 'accounts', 'BindIdentity', restore);
      expect(outcome.error).to.equal(undefined);
      expect(w.ledger.get(compositeKey('ncr.binding', ['DeveloperMSP', ID.devAManager.cn]))).to.include({
        accountId: ACCOUNTS.devA,
        role: 'MANAGER',
        status: 'ACTIVE',
      });
      await w.ok(ID.devAManager, 'projects', 'RegisterProject', w.projectInput());
    });

    it('a government ADMIN may revoke on any account; another company may not', async () => {
      const target = { accountId: ACCOUNTS.devA, mspId: 'DeveloperMSP', enrollmentId: ID.devAViewer.cn };
      await w.fails('FORBIDDEN', ID.devB, 'accounts', 'RevokeIdentity', target);
      await w.ok(ID.govAdmin, 'accounts', 'RevokeIdentity', target);
      await w.fails('NOT_FOUND', ID.govAdmin, 'accounts', 'RevokeIdentity', target);
      await w.fails('INVALID_STATE', ID.devA, 'accounts', 'RevokeIdentity', { ...target, enrollmentId: ID.devA.cn });
    });

    it('ListIdentities shows active and revoked bindings to the account and government only', async () => {
      await w.ok(ID.devA, 'accounts', 'RevokeIdentity', {
        accountId: ACCOUNTS.devA,
        mspId: 'DeveloperMSP',
        enrollmentId: ID.devAViewer.cn,
      });
      const list = await w.ok<{ items: IdentityBinding[] }>(ID.devAManager, 'accounts', 'ListIdentities', {
        accountId: ACCOUNTS.devA,
      });
      expect(list.items.map((b) => `${b.enrollmentId}:${b.status}`)).to.have.members([
        'dev-a-admin:ACTIVE',
        'dev-a-manager:ACTIVE',
        'dev-a-viewer:REVOKED',
      ]);
      await w.ok(ID.govOfficer, 'accounts', 'ListIdentities', { accountId: ACCOUNTS.devA });
      await w.fails('FORBIDDEN', ID.devB, 'accounts', 'ListIdentities', { accountId: ACCOUNTS.devA });
      await w.fails('FORBIDDEN', ID.certA, 'accounts', 'ListIdentities', { accountId: ACCOUNTS.devA });
    });
  });

  describe('WhoAmI', () => {
    it('reports an unbound identity with null binding and the org-admin flag from the certificate', async () => {
      const stranger = await w.ok(ID.stranger, 'accounts', 'WhoAmI');
      expect(stranger).to.deep.equal({
        mspId: 'DeveloperMSP',
        enrollmentId: 'nobody',
        orgAdmin: false,
        binding: null,
        account: null,
      });
      const admin = await w.ok<{ orgAdmin: boolean; account: Account }>(ID.govAdmin, 'accounts', 'WhoAmI');
      expect(admin.orgAdmin).to.equal(true);
      expect(admin.account.id).to.equal(ACCOUNTS.gov);
    });
  });

  describe('GetBalance', () => {
    it('sums HELD credits per project and vintage, reporting frozen credits separately', async () => {
      const block = await w.issuedBlock(1000);
      await w.ok(ID.devA, 'credits', 'Transfer', { blockId: block.id, quantity: 300, toAccountId: ACCOUNTS.devB });
      await w.ok(ID.devA, 'credits', 'Retire', {
        blockId: block.id,
        quantity: 100,
        beneficiary: 'Acme',
        purpose: 'VOLUNTARY',
      });
      await w.ok(ID.govOfficer, 'credits', 'Freeze', { blockId: block.id, reason: 'investigation' });
      const a = await w.ok(ID.devA, 'accounts', 'GetBalance', { accountId: ACCOUNTS.devA });
      expect(a).to.deep.equal({
        accountId: ACCOUNTS.devA,
        lines: [{ projectId: block.projectId, vintage: 2023, quantity: 600, frozenQuantity: 600 }],
        total: 600,
        frozen: 600,
        blocks: 1,
        complete: true,
        bookmark: '',
      });
      const b = await w.ok(ID.certB, 'accounts', 'GetBalance', { accountId: ACCOUNTS.devB });
      expect(b).to.include({ total: 300, frozen: 0, blocks: 1 });
    });

    it('a developer cannot read another company balance; unbound identities read none', async () => {
      await w.fails('FORBIDDEN', ID.devB, 'accounts', 'GetBalance', { accountId: ACCOUNTS.devA });
      await w.fails('FORBIDDEN', ID.stranger, 'accounts', 'GetBalance', { accountId: ACCOUNTS.devA });
      await w.fails('NOT_FOUND', ID.govAdmin, 'accounts', 'GetBalance', { accountId: 'DEV-ZZZ' });
    });
  });
});
