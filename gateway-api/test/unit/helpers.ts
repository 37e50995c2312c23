import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import type { AccountType, Role } from '@ncr/chaincode/domain';
import sinon from 'sinon';
import { AccountApplications } from '../../src/applications/service';
import { SqliteApplicationStore } from '../../src/applications/store';
import type { Ledger } from '../../src/fabric/ledger';
import { RegistryClient } from '../../src/fabric/registry';
import { type AppDeps, createApp } from '../../src/http/app';
import { SqliteIdempotencyStore } from '../../src/storage/idempotency-store';
import { listen } from '../../src/http/listen';
import type { Credentials, Enrolled, IdentityRef } from '../../src/identity/credentials';
import type { Enroller } from '../../src/identity/enrollment';
import { Onboarding } from '../../src/identity/onboarding';
import { UserDirectory } from '../../src/identity/users';
import { Metrics } from '../../src/metrics';

export type StubLedger = sinon.SinonStubbedInstance<Ledger> & Ledger;

/** An identity's ACTIVE binding as the fake ledger holds it: the account it acts for, and its role there. */
export interface LedgerBinding {
  readonly accountId: string;
  readonly type: AccountType;
  readonly role: Role;
}

/**
 * The bindings of the test users on the fake ledger, by enrollment ID (startTestApp's users, and a certifier). The
 * gateway's user directory holds the same facts, but the ledger is the authority: a test that wants them to differ
 * gives stubLedger other bindings.
 */
export const LEDGER_BINDINGS: Readonly<Record<string, LedgerBinding>> = {
  'dev-admin': { accountId: 'DEV-ACME', type: 'DEVELOPER', role: 'ADMIN' },
  'dev-viewer': { accountId: 'DEV-ACME', type: 'DEVELOPER', role: 'VIEWER' },
  'gov-admin': { accountId: 'GOV-NRA', type: 'GOVERNMENT', role: 'ADMIN' },
  'cert-admin': { accountId: 'CERT-VVB1', type: 'CERTIFIER', role: 'ADMIN' },
};

/** accounts:WhoAmI as the chaincode answers it: the caller, its ACTIVE binding and account, or null for each. */
export function whoAmI(actor: IdentityRef, bindings: Readonly<Record<string, LedgerBinding>> = LEDGER_BINDINGS) {
  const bound = bindings[actor.enrollmentId];
  return {
    ...actor,
    orgAdmin: false,
    binding: bound === undefined ? null : { ...actor, accountId: bound.accountId, role: bound.role, status: 'ACTIVE' },
    account: bound === undefined ? null : { id: bound.accountId, type: bound.type, status: 'ACTIVE' },
  };
}

/**
 * A stub of our own Ledger facade (never of Fabric): it answers accounts:WhoAmI from `bindings`; every other call
 * rejects unless a test says otherwise.
 */
export function stubLedger(bindings: Readonly<Record<string, LedgerBinding>> = LEDGER_BINDINGS): StubLedger {
  const fail = () => Promise.reject(new Error('unexpected ledger call'));
  const evaluate = (actor: IdentityRef, contract: string, transaction: string) =>
    `${contract}:${transaction}` === 'accounts:WhoAmI' ? Promise.resolve(whoAmI(actor, bindings)) : fail();
  return {
    evaluate: sinon.stub().callsFake(evaluate),
    submit: sinon.stub().callsFake(fail),
    resubmit: sinon.stub().callsFake(fail),
    chainInfo: sinon.stub().callsFake(fail),
    block: sinon.stub().callsFake(fail),
    transaction: sinon.stub().callsFake(fail),
    events: sinon.stub().callsFake(fail),
    peers: sinon.stub().resolves([]),
  } as unknown as StubLedger;
}

/** The organisation admin of the test app's site, which records account applications. */
export const DEVELOPER_SITE_ADMIN = { mspId: 'DeveloperMSP', enrollmentId: 'developer-admin' } as const;

export interface TestApp {
  readonly url: string;
  readonly ledger: StubLedger;
  readonly users: UserDirectory;
  readonly dir: string;
  readonly keys: Readonly<Record<string, string>>;
  readonly enroller: sinon.SinonStubbedInstance<Enroller>;
  /** The site's records of account applications (the test site is the developers' one). */
  readonly applicationStore: SqliteApplicationStore;
  /** Stops the server (the temp folder stays for restart tests until `cleanup`). */
  stop(): Promise<void>;
  cleanup(): Promise<void>;
}

export async function startTestApp(
  options: {
    dir?: string;
    ledger?: StubLedger;
    rateLimitPerMinute?: number;
    publicRateLimitPerMinute?: number;
    healthCacheMs?: number;
    ordering?: AppDeps['ordering'];
    explorer?: AppDeps['explorer'];
    readModel?: AppDeps['readModel'];
    peerHeight?: AppDeps['peerHeight'];
    offline?: AppDeps['offline'];
    notifications?: AppDeps['notifications'];
  } = {},
): Promise<TestApp> {
  const dir = options.dir ?? (await mkdtemp(path.join(tmpdir(), 'ncr-gw-test-')));
  const ledger = options.ledger ?? stubLedger();
  const users = await UserDirectory.open(path.join(dir, 'users.json'));
  const keys: Record<string, string> = {};
  for (const [name, mspId, accountId, role] of [
    ['dev-admin', 'DeveloperMSP', 'DEV-ACME', 'ADMIN'],
    ['dev-viewer', 'DeveloperMSP', 'DEV-ACME', 'VIEWER'],
    ['gov-admin', 'GovernmentMSP', 'GOV-NRA', 'ADMIN'],
  ] as const) {
    const existing = users.findByName(name);
    keys[name] =
      existing === undefined
        ? (await users.create({ name, mspId, enrollmentId: name, accountId, role })).apiKey
        : await users.rotateKey(name);
  }
  const registry = new RegistryClient(ledger);
  const logger = pino({ level: 'silent' });
  const enroller = {
    enrollNew: sinon.stub<[IdentityRef], Promise<Credentials>>(),
    enrollExternal: sinon.stub<[IdentityRef, string], Promise<Enrolled>>(),
  };
  const applicationStore = SqliteApplicationStore.open(path.join(dir, 'applications.sqlite'));
  const applications = new AccountApplications({
    store: applicationStore,
    users,
    enroller,
    registry,
    siteAdmin: DEVELOPER_SITE_ADMIN,
  });
  const app = createApp({
    ledger,
    registry,
    onboarding: new Onboarding({ enroller, users, registry, ledger }),
    applications,
    systemIdentity: { mspId: 'GovernmentMSP', enrollmentId: 'government-admin' },
    users,
    idempotency: await SqliteIdempotencyStore.open(path.join(dir, 'idempotency.sqlite')),
    metrics: new Metrics({ defaultMetrics: false }),
    logger,
    rateLimitPerMinute: options.rateLimitPerMinute ?? 1000,
    publicRateLimitPerMinute: options.publicRateLimitPerMinute ?? 1000,
    healthCacheMs: options.healthCacheMs ?? 0,
    ordering: options.ordering,
    ...(options.explorer === undefined ? {} : { explorer: options.explorer }),
    ...(options.readModel === undefined ? {} : { readModel: options.readModel }),
    ...(options.peerHeight === undefined ? {} : { peerHeight: options.peerHeight }),
    ...(options.offline === undefined ? {} : { offline: options.offline }),
    ...(options.notifications === undefined ? {} : { notifications: options.notifications }),
  });
  const server = await listen(app, 0, '127.0.0.1', logger);
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  const stop = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => {
        resolve();
      });
    });
  return {
    url: `http://127.0.0.1:${port}`,
    ledger,
    users,
    dir,
    keys,
    enroller,
    applicationStore,
    stop,
    cleanup: async () => {
      await stop().catch(() => undefined);
      applicationStore.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export interface CallResult {
  readonly status: number;
  readonly headers: Headers;
  readonly body: unknown;
  readonly text: string;
}

/** Real HTTP against the test server. */
export async function call(
  app: TestApp,
  method: string,
  pathname: string,
  options: { key?: string; body?: unknown; rawBody?: string; headers?: Record<string, string> } = {},
): Promise<CallResult> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.key !== undefined) headers.authorization = `Bearer ${options.key}`;
  let body: string | undefined;
  if (options.rawBody !== undefined) body = options.rawBody;
  else if (options.body !== undefined) body = JSON.stringify(options.body);
  if (body !== undefined) headers['content-type'] ??= 'application/json';
  const response = await fetch(`${app.url}${pathname}`, { method, headers, ...(body === undefined ? {} : { body }) });
  const text = await response.text();
  let parsed: unknown = undefined;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  return { status: response.status, headers: response.headers, body: parsed, text };
}

export const errorOf = (result: CallResult): { code: string; message: string; txId?: string } =>
  (result.body as { error: { code: string; message: string; txId?: string } }).error;
