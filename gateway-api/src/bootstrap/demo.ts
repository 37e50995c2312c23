import path from 'node:path';
import { type AccountType, type InitRegistryInput, type Role } from '@ncr/chaincode/domain';
import { type Config, loadConfig } from '../config/config';
import { ApiError } from '../errors';
import type { IdentityRef } from '../identity/credentials';
import { type GatewayUser, identityOf } from '../identity/users';
import { type Logger, createLogger } from '../log';
import { type GatewayServices, openServices } from '../server';
import { readJsonFile, writeFileAtomic } from '../storage/atomic-file';

/** One line of `.ncr/users.json`. */
export interface DemoUser {
  readonly name: string;
  readonly org: string;
  readonly account: string;
  readonly role: Role;
  readonly apiKey: string;
}

const DEMO_REGISTRY: InitRegistryInput = {
  party: 'GHA',
  registryId: 'GHA01',
  name: 'National Carbon Registry (demo)',
  ndcPeriod: { firstYear: 2021, lastYear: 2030 },
  cooperativeApproaches: [{ id: 'CA0001', partnerParties: ['CHE'] }],
  governmentAccount: { id: 'GOV-NRA', name: 'National Registry Authority' },
};
const GOV_ACCOUNT_ID = 'GOV-NRA';

interface DemoAccount {
  readonly id: string;
  readonly name: string;
  readonly type: AccountType;
  readonly admin: string;
}

const DEMO_ACCOUNTS: readonly DemoAccount[] = [
  { id: 'CERT-VVB1', name: 'Accredited Verification Body One', type: 'CERTIFIER', admin: 'certifier-admin' },
  { id: 'DEV-ACME', name: 'Acme Renewables Ltd', type: 'DEVELOPER', admin: 'developer-admin' },
  { id: 'DEV-BETA', name: 'Beta Forestry Co', type: 'DEVELOPER', admin: 'developer2-admin' },
];

const isCode = (err: unknown, code: string): boolean => err instanceof ApiError && err.code === code;

async function existingKeys(file: string): Promise<Map<string, string>> {
  const raw = await readJsonFile(file).catch(() => undefined);
  const keys = new Map<string, string>();
  if (Array.isArray(raw)) {
    for (const entry of raw as unknown[]) {
      const { name, apiKey } = (entry ?? {}) as { name?: unknown; apiKey?: unknown };
      if (typeof name === 'string' && typeof apiKey === 'string') keys.set(name, apiKey);
    }
  }
  return keys;
}

class DemoBootstrap {
  readonly #s: GatewayServices;
  readonly #log: Logger;

  constructor(services: GatewayServices, logger: Logger) {
    this.#s = services;
    this.#log = logger;
  }

  #orgAdmin(mspId: string): IdentityRef {
    const admin = this.#s.orgAdmins.get(mspId);
    if (admin === undefined) throw new Error(`network.json has no admin for ${mspId}`);
    return admin;
  }

  async initRegistry(): Promise<void> {
    try {
      const committed = await this.#s.registry.submit(
        this.#orgAdmin('GovernmentMSP'),
        'registry:InitRegistry',
        DEMO_REGISTRY,
      );
      this.#log.info({ txId: committed.txId }, 'registry initialised');
    } catch (err) {
      if (!isCode(err, 'CONFLICT')) throw err;
      this.#log.info('registry already initialised');
    }
  }

  /** gov-admin: enrolled with the government CA, bound ADMIN of the authority account by the org admin. */
  async govAdmin(): Promise<GatewayUser> {
    const existing = this.#s.users.findByName('gov-admin');
    if (existing !== undefined) return existing;
    const { committed, created } = await this.#s.onboarding.bindBySystem(this.#orgAdmin('GovernmentMSP'), {
      name: 'gov-admin',
      mspId: 'GovernmentMSP',
      accountId: GOV_ACCOUNT_ID,
      role: 'ADMIN',
    });
    this.#log.info({ txId: committed.txId }, 'gov-admin bound');
    return created.user;
  }

  /** An account with its custodial admin; a run stopped after the account's creation was sent is finished. */
  async account(govAdmin: GatewayUser, account: DemoAccount): Promise<void> {
    if (this.#s.users.findByName(account.admin) !== undefined) return;
    const { committed } = await this.#s.onboarding.createAccount(identityOf(govAdmin), {
      id: account.id,
      name: account.name,
      type: account.type,
      country: DEMO_REGISTRY.party,
      admin: { name: account.admin },
    });
    this.#log.info({ txId: committed.txId, account: account.id }, 'account created');
  }

  async auditor(govAdmin: GatewayUser): Promise<void> {
    if (this.#s.users.findByName('auditor') !== undefined) return;
    const { committed } = await this.#s.onboarding.createUser(govAdmin, { name: 'auditor', role: 'VIEWER' });
    this.#log.info({ txId: committed.txId }, 'auditor bound');
  }

  /** Keys still valid in users.json are kept; others are rotated (the directory stores only hashes). */
  async writeUsersFile(file: string, names: readonly string[]): Promise<DemoUser[]> {
    const previous = await existingKeys(file);
    const out: DemoUser[] = [];
    for (const name of names) {
      const user = this.#s.users.findByName(name);
      if (user === undefined) throw new Error(`demo user ${name} missing`);
      const kept = previous.get(name);
      const apiKey =
        kept !== undefined && this.#s.users.authenticate(kept)?.name === name
          ? kept
          : await this.#s.users.rotateKey(name);
      out.push({ name, org: user.mspId, account: user.accountId, role: user.role, apiKey });
    }
    await writeFileAtomic(file, `${JSON.stringify(out, null, 2)}\n`, 0o600);
    return out;
  }
}

const DEMO_USER_NAMES = ['gov-admin', 'certifier-admin', 'developer-admin', 'developer2-admin', 'auditor'];

/**
 * Initialises the registry and creates the demo accounts and users, then writes `.ncr/users.json`
 * (`[{name, org, account, role, apiKey}]`). Idempotent: run it as often as you like. Needs the network up and
 * network.json written; it does not need the gateway server (it shares the gateway's files).
 */
export async function bootstrapDemo(options: { config?: Config; logger?: Logger } = {}): Promise<DemoUser[]> {
  const config = options.config ?? loadConfig();
  const logger = options.logger ?? createLogger(config.logLevel);
  const services = await openServices(config, logger);
  try {
    const demo = new DemoBootstrap(services, logger);
    await demo.initRegistry();
    const govAdmin = await demo.govAdmin();
    for (const account of DEMO_ACCOUNTS) await demo.account(govAdmin, account);
    await demo.auditor(govAdmin);
    const file = path.join(config.ncrHome, 'users.json');
    const users = await demo.writeUsersFile(file, DEMO_USER_NAMES);
    logger.info({ file, users: users.map((u) => u.name) }, 'demo users written');
    return users;
  } finally {
    await services.close();
  }
}
