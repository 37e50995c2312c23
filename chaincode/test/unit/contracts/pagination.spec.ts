import { expect } from 'chai';
import type { Account, CreditBlock, Project } from '../../../src/domain';
import { compositeKey } from '../support/fake-ledger';
import { ACCOUNTS, ID, World } from '../support/world';

/**
 * Fabric starts a paginated query at the caller's bookmark as it is (the fake ledger does the same), so a bookmark
 * taken from another index or another account's entries must be refused rather than followed.
 */
describe('page bookmarks', () => {
  let w: World;
  let blockA: CreditBlock;
  let projectB: Project;
  beforeEach(async () => {
    w = new World();
    await w.setup();
    blockA = await w.issuedBlock(700, ID.devA);
    const blockB = await w.issuedBlock(300, ID.devB);
    projectB = { id: blockB.projectId } as Project;
  });

  it("GetBalance refuses a bookmark into another owner's entries (VALIDATION), which used to return its holdings", async () => {
    const forged = compositeKey('ncr.block~owner', [ACCOUNTS.devA]);
    const message = await w.fails('VALIDATION', ID.devB, 'accounts', 'GetBalance', {
      accountId: ACCOUNTS.devB,
      bookmark: forged,
    });
    expect(message).to.contain('bookmark');
    const own = await w.ok<{ total: number }>(ID.devB, 'accounts', 'GetBalance', { accountId: ACCOUNTS.devB });
    expect(own.total).to.equal(300);
  });

  it("ListIdentities refuses a bookmark into another account's bindings (VALIDATION)", async () => {
    await w.fails('VALIDATION', ID.devB, 'accounts', 'ListIdentities', {
      accountId: ACCOUNTS.devB,
      bookmark: compositeKey('ncr.binding~account', [ACCOUNTS.devA]),
    });
  });

  it("ListBlocks refuses a bookmark into another owner's blocks or another index (VALIDATION)", async () => {
    for (const bookmark of [
      compositeKey('ncr.block~owner', [ACCOUNTS.devA, 'HELD']),
      compositeKey('ncr.block', [blockA.id]),
    ]) {
      await w.fails('VALIDATION', ID.devB, 'credits', 'ListBlocks', { bookmark });
    }
    await w.fails('VALIDATION', ID.govOfficer, 'credits', 'ListBlocks', {
      status: 'HELD',
      bookmark: compositeKey('ncr.block~owner', [ACCOUNTS.devA]),
    });
  });

  it('every other paginated query refuses a bookmark from another index (VALIDATION)', async () => {
    const elsewhere = compositeKey('ncr.account', [ACCOUNTS.devA]);
    await w.fails('VALIDATION', ID.stranger, 'projects', 'ListProjects', { bookmark: elsewhere });
    await w.fails('VALIDATION', ID.stranger, 'projects', 'ListProjects', {
      developer: ACCOUNTS.devB,
      bookmark: compositeKey('ncr.project~developer', [ACCOUNTS.devA]),
    });
    await w.fails('VALIDATION', ID.stranger, 'projects', 'ListProjects', {
      status: 'AUTHORISED',
      bookmark: compositeKey('ncr.project~status', ['AUTHORISE']),
    });
    await w.fails('VALIDATION', ID.stranger, 'monitoring', 'ListMonitoringReports', {
      projectId: projectB.id,
      bookmark: compositeKey('ncr.report~project', [blockA.projectId]),
    });
    await w.fails('VALIDATION', ID.stranger, 'accounts', 'ListAccounts', {
      type: 'DEVELOPER',
      bookmark: compositeKey('ncr.account~type', ['CERTIFIER']),
    });
    await w.fails('VALIDATION', ID.stranger, 'accounts', 'ListAccounts', {
      bookmark: compositeKey('ncr.account~type', ['DEVELOPER']),
    });
    await w.fails('VALIDATION', ID.stranger, 'registry', 'ListAuthorisationDetails', { bookmark: elsewhere });
    await w.fails('VALIDATION', ID.stranger, 'accounts', 'ListAccounts', { bookmark: 'DEV-A' });
  });

  it('a bookmark returned by the previous page continues the same query to its end', async () => {
    const seen: string[] = [];
    let bookmark = '';
    do {
      const page = await w.ok<{ items: Account[]; bookmark: string }>(ID.stranger, 'accounts', 'ListAccounts', {
        pageSize: 2,
        bookmark,
      });
      seen.push(...page.items.map((a) => a.id));
      bookmark = page.bookmark;
    } while (bookmark !== '');
    expect(seen).to.deep.equal([...Object.values(ACCOUNTS)].sort());
  });
});
