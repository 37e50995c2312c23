import './quiet';
import { expect } from 'chai';
import type { Context } from 'fabric-contract-api';
import {
  AccountContract,
  AuditContract,
  BilateralContract,
  CreditContract,
  DocumentContract,
  InternationalContract,
  MonitoringContract,
  ProjectContract,
  RegistryContract,
} from '../../../src';
import {
  parseErrorCode,
  type CreditBlock,
  type ErrorCode,
  type MonitoringReport,
  type Project,
} from '../../../src/domain';
import type { IntegrityReport } from '../../../src/contracts/audit/integrity';
import { FakeLedger, type TestIdentity, type TxOutcome } from './fake-ledger';

export const ID = {
  govAdmin: { mspId: 'GovernmentMSP', cn: 'gov-admin', ou: 'admin' },
  govOfficer: { mspId: 'GovernmentMSP', cn: 'gov-officer', ou: 'client' },
  govClient: { mspId: 'GovernmentMSP', cn: 'gov-client', ou: 'client' },
  certA: { mspId: 'CertifierMSP', cn: 'cert-a-admin', ou: 'client' },
  certB: { mspId: 'CertifierMSP', cn: 'cert-b-admin', ou: 'client' },
  devA: { mspId: 'DeveloperMSP', cn: 'dev-a-admin', ou: 'client' },
  devAManager: { mspId: 'DeveloperMSP', cn: 'dev-a-manager', ou: 'client' },
  devAViewer: { mspId: 'DeveloperMSP', cn: 'dev-a-viewer', ou: 'client' },
  devB: { mspId: 'DeveloperMSP', cn: 'dev-b-admin', ou: 'client' },
  stranger: { mspId: 'DeveloperMSP', cn: 'nobody', ou: 'client' },
} as const satisfies Record<string, TestIdentity>;

export const ACCOUNTS = { gov: 'GOV-GHA', certA: 'CER-A', certB: 'CER-B', devA: 'DEV-A', devB: 'DEV-B' } as const;

const contracts = {
  registry: new RegistryContract(),
  accounts: new AccountContract(),
  projects: new ProjectContract(),
  monitoring: new MonitoringContract(),
  credits: new CreditContract(),
  audit: new AuditContract(),
  documents: new DocumentContract(),
  international: new InternationalContract(),
  bilateral: new BilateralContract(),
};
type Contracts = typeof contracts;

export const sha = (label: string): string =>
  Array.from({ length: 64 }, (_, i) => '0123456789abcdef'[(label.charCodeAt(i % label.length) + i) % 16]).join('');

export const doc = (label: string): { uri: string; sha256: string } => ({
  uri: `https://docs.example/${label}.pdf`,
  sha256: sha(label),
});

/** A registry under test: a fake ledger plus one method per transaction call. */
export class World {
  readonly ledger = new FakeLedger();

  /** Runs `contract:method` as `who` with one JSON argument (or none). */
  async tx(who: TestIdentity, contract: keyof Contracts, method: string, arg?: unknown): Promise<TxOutcome> {
    const target = contracts[contract] as unknown as Record<string, (ctx: Context, json?: string) => Promise<string>>;
    const fn = target[method];
    if (fn === undefined) {
      throw new Error(`no transaction ${contract}:${method}`);
    }
    return this.ledger.invoke(who, (ctx) =>
      arg === undefined
        ? fn.call(target, ctx)
        : fn.call(target, ctx, typeof arg === 'string' ? arg : JSON.stringify(arg)),
    );
  }

  /**
   * Makes `other` this peer's channel `channel`: the chaincode's cross-channel reads (`invokeChaincode`) run there as
   * the same caller, and answer as fabric-shim does (200 and the payload, or 500 and the error message).
   */
  link(channel: string, other: World): void {
    this.ledger.otherChannels.set(channel, async (who, [fn = '', json]) => {
      const [contract = '', method = ''] = fn.split(':');
      const outcome = await other.tx(who, contract as keyof Contracts, method, json);
      return outcome.error === undefined
        ? { status: 200, message: '', payload: Buffer.from(outcome.result ?? '', 'utf8') }
        : { status: 500, message: outcome.error.message, payload: new Uint8Array(0) };
    });
  }

  /** Runs a transaction that must succeed and returns its parsed result. */
  async ok<T = Record<string, unknown>>(
    who: TestIdentity,
    contract: keyof Contracts,
    method: string,
    arg?: unknown,
  ): Promise<T> {
    const outcome = await this.tx(who, contract, method, arg);
    if (outcome.error !== undefined) {
      throw new Error(`${contract}:${method} failed: ${outcome.error.message}`);
    }
    return JSON.parse(outcome.result ?? 'null') as T;
  }

  /** Runs a transaction that must fail with `code`; asserts it wrote nothing and emitted nothing. */
  async fails(
    code: ErrorCode,
    who: TestIdentity,
    contract: keyof Contracts,
    method: string,
    arg?: unknown,
  ): Promise<string> {
    const before = new Map(this.ledger.state);
    const outcome = await this.tx(who, contract, method, arg);
    expect(outcome.error, `${contract}:${method} should fail with ${code}`).to.be.instanceOf(Error);
    const message = outcome.error?.message ?? '';
    expect(parseErrorCode(message), message).to.equal(code);
    expect(this.ledger.state).to.deep.equal(before);
    return message;
  }

  // ------------------------------------------------------------ scenario steps

  async init(cooperativeApproaches = [{ id: 'CA0001', partnerParties: ['CHE'] }]): Promise<void> {
    await this.ok(ID.govAdmin, 'registry', 'InitRegistry', {
      party: 'GHA',
      registryId: 'GHA01',
      name: 'Ghana Carbon Registry',
      ndcPeriod: { firstYear: 2021, lastYear: 2030 },
      cooperativeApproaches,
      governmentAccount: { id: ACCOUNTS.gov, name: 'Environmental Protection Agency' },
    });
  }

  /** Registry with a government officer (MANAGER), two certifiers and two developer companies. */
  async setup(): Promise<void> {
    await this.init();
    await this.ok(ID.govAdmin, 'accounts', 'BindIdentity', {
      accountId: ACCOUNTS.gov,
      mspId: 'GovernmentMSP',
      enrollmentId: ID.govOfficer.cn,
      role: 'MANAGER',
    });
    const create = (id: string, type: string, admin: TestIdentity): Promise<unknown> =>
      this.ok(ID.govAdmin, 'accounts', 'CreateAccount', {
        id,
        name: `${id} Ltd`,
        type,
        country: 'GHA',
        admin: { mspId: admin.mspId, enrollmentId: admin.cn },
      });
    await create(ACCOUNTS.certA, 'CERTIFIER', ID.certA);
    await create(ACCOUNTS.certB, 'CERTIFIER', ID.certB);
    await create(ACCOUNTS.devA, 'DEVELOPER', ID.devA);
    await create(ACCOUNTS.devB, 'DEVELOPER', ID.devB);
    for (const [who, role] of [
      [ID.devAManager, 'MANAGER'],
      [ID.devAViewer, 'VIEWER'],
    ] as const) {
      await this.ok(ID.devA, 'accounts', 'BindIdentity', {
        accountId: ACCOUNTS.devA,
        mspId: 'DeveloperMSP',
        enrollmentId: who.cn,
        role,
      });
    }
  }

  projectInput(overrides: Record<string, unknown> = {}): Record<string, unknown> {
    return {
      title: 'Volta cookstoves',
      sector: 'Energy generation',
      activityType: 'Energy Efficiency households',
      methodology: 'GS TPDDTEC v3.1',
      location: { country: 'GHA', region: 'Volta', coordinates: { latitude: 6.6, longitude: 0.47 } },
      creditingPeriod: { start: '2021-01-01', end: '2030-12-31' },
      estimatedAnnualReductions: 10_000,
      certifierAccountId: ACCOUNTS.certA,
      documents: [{ type: 'PDD', ...doc('pdd') }],
      ...overrides,
    };
  }

  async registerProject(who: TestIdentity = ID.devA, overrides: Record<string, unknown> = {}): Promise<Project> {
    return this.ok<Project>(who, 'projects', 'RegisterProject', this.projectInput(overrides));
  }

  async authorisedProject(who: TestIdentity = ID.devA, authorisation: Record<string, unknown> = {}): Promise<Project> {
    const project = await this.registerProject(who);
    await this.ok(ID.certA, 'projects', 'ValidateProject', {
      projectId: project.id,
      approved: true,
      report: doc('validation'),
    });
    return this.ok<Project>(ID.govOfficer, 'projects', 'AuthoriseProject', {
      projectId: project.id,
      approved: true,
      authorisationId: 'GHA-AUTH-2024-001',
      date: '2024-03-01',
      purposes: 'NDC and OIMP',
      cooperativeApproachId: 'CA0001',
      firstTransferDefinition: 'Issuance',
      timeframe: '2021 - 2030',
      ...authorisation,
    });
  }

  async verifiedReport(
    project: Project,
    vintage = 2023,
    quantity = 5000,
    who: TestIdentity = ID.devA,
  ): Promise<MonitoringReport> {
    const report = await this.ok<MonitoringReport>(who, 'monitoring', 'SubmitMonitoringReport', {
      projectId: project.id,
      periodStart: `${vintage}-01-01`,
      periodEnd: `${vintage}-12-31`,
      vintage,
      claimedReductions: quantity,
      document: doc(`monitoring-${vintage}`),
    });
    return this.ok<MonitoringReport>(ID.certA, 'monitoring', 'VerifyMonitoringReport', {
      reportId: report.id,
      approved: true,
      verifiedReductions: quantity,
      report: doc(`verification-${vintage}`),
    });
  }

  /** Full workflow up to an issued block owned by `who`'s developer account. */
  async issuedBlock(quantity = 1000, who: TestIdentity = ID.devA, vintage = 2023): Promise<CreditBlock> {
    const project = await this.authorisedProject(who);
    const report = await this.verifiedReport(project, vintage, quantity, who);
    return this.ok<CreditBlock>(ID.govOfficer, 'monitoring', 'IssueCredits', { reportId: report.id });
  }

  /** A block of 10 units (vintage 2022) of a project authorised for NDC use only, owned by `who`'s account. */
  async ndcOnlyBlock(who: TestIdentity = ID.devB): Promise<CreditBlock> {
    const project = await this.authorisedProject(who, {
      purposes: 'NDC',
      firstTransferDefinition: undefined,
      cooperativeApproachId: undefined,
    });
    const report = await this.verifiedReport(project, 2022, 10, who);
    return this.ok<CreditBlock>(ID.govOfficer, 'monitoring', 'IssueCredits', { reportId: report.id });
  }

  /** Every page of the integrity audit at `pageSize`, run by a certifier, from an empty bookmark to the last page. */
  async audit(pageSize: number): Promise<IntegrityReport[]> {
    const pages: IntegrityReport[] = [];
    let bookmark = '';
    do {
      const page = await this.ok<IntegrityReport>(ID.certB, 'audit', 'VerifyIntegrity', { pageSize, bookmark });
      pages.push(page);
      bookmark = page.bookmark;
    } while (bookmark !== '' && pages.length < 10_000);
    return pages;
  }
}
