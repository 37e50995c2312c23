import path from 'node:path';
import {
  type AccountType,
  type InitRegistryInput,
  MSP_BY_ACCOUNT_TYPE,
  type Role,
  WorkflowProfileSchema,
} from '@ncr/chaincode/domain';
import { type Config, loadConfig } from '../config/config';
import { ApiError } from '../errors';
import { siteOrg } from '../fabric/network-config';
import type { IdentityRef } from '../identity/credentials';
import { type GatewayUser, identityOf } from '../identity/users';
import { type Logger, createLogger } from '../log';
import { type GatewayServices, openServices } from '../server';
import { readJsonFile, writeFileAtomic } from '../storage/atomic-file';

/** One line of a site's `users.json` (merged into `.ncr/users.json` by `npm start`). */
export interface DemoUser {
  readonly name: string;
  readonly org: string;
  readonly enrollmentId: string;
  readonly account: string;
  readonly role: Role;
  readonly apiKey: string;
  /** Their own organisation's gateway. */
  readonly url: string;
}

/** The first ADMINs of the demo accounts, enrolled by their own organisations' sites, by user name. */
export type DemoAdmins = Readonly<Record<string, IdentityRef>>;

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

  /** An account, its first ADMIN enrolled by that organisation's own site; an existing account is kept. */
  async account(govAdmin: GatewayUser, account: DemoAccount, admin: IdentityRef | undefined): Promise<void> {
    if (admin === undefined) throw new Error(`the first ADMIN of ${account.id} (${account.admin}) is not enrolled`);
    try {
      const { committed } = await this.#s.onboarding.createAccount(identityOf(govAdmin), {
        id: account.id,
        name: account.name,
        type: account.type,
        country: DEMO_REGISTRY.party,
        admin,
      });
      this.#log.info({ txId: committed.txId, account: account.id }, 'account created');
    } catch (err) {
      if (!isCode(err, 'CONFLICT')) throw err;
    }
  }

  /** A demo account's first ADMIN, enrolled with this site's CA, for the government to bind. */
  async accountAdmin(account: DemoAccount): Promise<void> {
    if (this.#s.users.findByName(account.admin) !== undefined) return;
    const { user } = await this.#s.onboarding.enrollForBinding(MSP_BY_ACCOUNT_TYPE[account.type], {
      name: account.admin,
      accountId: account.id,
      role: 'ADMIN',
    });
    this.#log.info({ user: user.name, enrollmentId: user.enrollmentId }, 'account admin enrolled');
  }

  /**
   * Installs the workflow profile in `file` (`network/profiles/*.json`) as version 1, unless the ledger has a
   * profile already: a later change is a government transaction (`PUT /v1/workflow-profile`), never a restart.
   */
  async workflowProfile(govAdmin: GatewayUser, file: string): Promise<void> {
    const profile = WorkflowProfileSchema.parse(await readJsonFile(file));
    try {
      await this.#s.registry.evaluate(identityOf(govAdmin), 'registry:GetWorkflowProfile', {});
      this.#log.info('workflow profile already installed');
      return;
    } catch (err) {
      if (!isCode(err, 'NOT_FOUND')) throw err;
    }
    const committed = await this.#s.registry.submit(identityOf(govAdmin), 'registry:UpdateWorkflowProfile', profile);
    this.#log.info({ txId: committed.txId, file, name: profile.name }, 'workflow profile installed');
  }

  async auditor(govAdmin: GatewayUser): Promise<void> {
    if (this.#s.users.findByName('auditor') !== undefined) return;
    const { committed } = await this.#s.onboarding.createUser(govAdmin, { name: 'auditor', role: 'VIEWER' });
    this.#log.info({ txId: committed.txId }, 'auditor bound');
  }

  /** Keys still valid in users.json are kept; others are rotated (the directory stores only hashes). */
  async writeUsersFile(file: string, names: readonly string[], url: string): Promise<DemoUser[]> {
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
      out.push({
        name,
        org: user.mspId,
        enrollmentId: user.enrollmentId,
        account: user.accountId,
        role: user.role,
        apiKey,
        url,
      });
    }
    await writeFileAtomic(file, `${JSON.stringify(out, null, 2)}\n`, 0o600);
    return out;
  }
}

const GOVERNMENT_USER_NAMES = ['gov-admin', 'auditor'];

/**
 * The demo on this site, as far as its own organisation goes, then writes the site's `users.json`
 * (`[{name, org, enrollmentId, account, role, apiKey, url}]`). The government's site initialises the registry, binds
 * gov-admin and the auditor, and creates the demo accounts with the first ADMINs given in `admins`; each other site
 * enrolls the first ADMINs of its own demo accounts, to be bound by the government. The government's site installs
 * the workflow profile file `workflowProfile` when the ledger has none. Idempotent. Needs the network up
 * and the site's network.json written; it does not need the gateway server (it shares the gateway's files).
 */
export async function bootstrapDemo(
  options: { config?: Config; logger?: Logger; admins?: DemoAdmins; workflowProfile?: string } = {},
): Promise<DemoUser[]> {
  const config = options.config ?? loadConfig();
  const logger = options.logger ?? createLogger(config.logLevel);
  const services = await openServices(config, logger);
  try {
    const demo = new DemoBootstrap(services, logger);
    const { mspId, org } = siteOrg(services.network);
    const own = DEMO_ACCOUNTS.filter((account) => MSP_BY_ACCOUNT_TYPE[account.type] === mspId);
    for (const account of own) await demo.accountAdmin(account);
    const names = own.map((account) => account.admin);
    if (mspId === MSP_BY_ACCOUNT_TYPE.GOVERNMENT) {
      await demo.initRegistry();
      const govAdmin = await demo.govAdmin();
      for (const account of DEMO_ACCOUNTS.filter((entry) => !own.includes(entry))) {
        await demo.account(govAdmin, account, options.admins?.[account.admin]);
      }
      await demo.auditor(govAdmin);
      if (options.workflowProfile !== undefined) await demo.workflowProfile(govAdmin, options.workflowProfile);
      names.push(...GOVERNMENT_USER_NAMES);
    }
    const file = path.join(config.ncrHome, 'users.json');
    const users = await demo.writeUsersFile(file, names, org.gatewayUrl);
    logger.info({ file, users: users.map((u) => u.name) }, 'demo users written');
    return users;
  } finally {
    await services.close();
  }
}
