import { randomBytes } from 'node:crypto';
import type { Contract } from '@hyperledger/fabric-gateway';
import { demoUsers, type DemoUser } from '../demo/api-client';
import { progress } from './progress';
import { asRecord, numberField, type Rest, stringField } from './rest';

/**
 * What the transfer phases need, created through the REST API as the demo users would: a project taken through
 * validation, authorisation, monitoring, verification and issuance, then split so that every client owns a block.
 */

export interface DemoKeys {
  readonly gov: string;
  readonly certifier: string;
  readonly certifierAccount: string;
  readonly auditor: string;
  /** Admins of the two demo developer companies, by account ID; the first registers the projects. */
  readonly developers: readonly { readonly account: string; readonly key: string }[];
}

function required(users: Map<string, DemoUser>, predicate: (user: DemoUser) => boolean, what: string): DemoUser[] {
  const found = [...users.values()].filter(predicate);
  if (found.length === 0) throw new Error(`.ncr/users.json has no ${what}`);
  return found;
}

export function demoKeys(): DemoKeys {
  const users = demoUsers();
  const admin = (org: string) => (user: DemoUser) => user.org === org && user.role === 'ADMIN';
  const [gov] = required(users, admin('GovernmentMSP'), 'government admin');
  const [certifier] = required(users, admin('CertifierMSP'), 'certifier admin');
  const [auditor] = required(users, (u) => u.org === 'GovernmentMSP' && u.role === 'VIEWER', 'government viewer');
  const developers = required(users, admin('DeveloperMSP'), 'developer admin');
  if (gov === undefined || certifier === undefined || auditor === undefined || developers.length < 2) {
    throw new Error('.ncr/users.json needs a government admin and viewer, a certifier admin and two developer admins');
  }
  return {
    gov: gov.apiKey,
    certifier: certifier.apiKey,
    certifierAccount: certifier.account,
    auditor: auditor.apiKey,
    developers: developers.map((user) => ({ account: user.account, key: user.apiKey })),
  };
}

export const runTag = (): string => `${Date.now().toString(36)}${randomBytes(2).toString('hex')}`.toUpperCase();

const doc = (label: string): { uri: string; sha256: string } => ({
  uri: `https://docs.example.org/bench/${label}.pdf`,
  sha256: randomBytes(32).toString('hex'),
});

export interface ProjectSpec {
  readonly tag: string;
  readonly creditingPeriod: { readonly start: string; readonly end: string };
  readonly estimatedAnnualReductions: number;
}

/** Registers, validates and authorises a project of the first developer company; returns its ID. */
export async function authorisedProject(rest: Rest, keys: DemoKeys, spec: ProjectSpec): Promise<string> {
  const developer = keys.developers[0];
  if (developer === undefined) throw new Error('no developer admin');
  const project = await rest.write('/v1/projects', developer.key, {
    title: `Bench ${spec.tag}`,
    sector: 'Energy generation',
    activityType: 'Wind',
    methodology: 'ACM0002',
    location: { country: 'GHA', region: 'Volta' },
    creditingPeriod: spec.creditingPeriod,
    estimatedAnnualReductions: spec.estimatedAnnualReductions,
    certifierAccountId: keys.certifierAccount,
    documents: [{ type: 'PDD', ...doc(`pdd-${spec.tag}`) }],
  });
  const projectId = stringField(project, 'id');
  await rest.write(`/v1/projects/${projectId}/validation`, keys.certifier, {
    approved: true,
    report: doc(`val-${spec.tag}`),
  });
  // Under the registry's first cooperative approach, so that its actions are internationally transferred
  // mitigation outcomes and appear in the AEF's action table (domestic units stay out of it).
  const settings = await rest.read('/v1/settings', keys.gov);
  const approaches = Array.isArray(settings.cooperativeApproaches) ? (settings.cooperativeApproaches as unknown[]) : [];
  const first = approaches[0];
  const cooperativeApproachId = first === undefined ? undefined : stringField(asRecord(first), 'id');
  await rest.write(`/v1/projects/${projectId}/authorisation`, keys.gov, {
    approved: true,
    authorisationId: `BENCH-${spec.tag}`,
    purposes: 'NDC',
    ...(cooperativeApproachId === undefined ? {} : { cooperativeApproachId }),
  });
  return projectId;
}

export interface Period {
  readonly start: string;
  readonly end: string;
  readonly vintage: number;
}

/** Monitoring report and verification of `quantity`; returns the report ID, ready to be issued. */
export async function verifiedReport(
  rest: Rest,
  keys: DemoKeys,
  projectId: string,
  period: Period,
  quantity: number,
): Promise<string> {
  const developer = keys.developers[0];
  if (developer === undefined) throw new Error('no developer admin');
  const report = await rest.write(`/v1/projects/${projectId}/monitoring-reports`, developer.key, {
    periodStart: period.start,
    periodEnd: period.end,
    vintage: period.vintage,
    claimedReductions: quantity,
    document: doc(`mr-${period.start}`),
  });
  const reportId = stringField(report, 'id');
  await rest.write(`/v1/monitoring-reports/${reportId}/verification`, keys.certifier, {
    approved: true,
    verifiedReductions: quantity,
    report: doc(`ver-${period.start}`),
  });
  return reportId;
}

export interface HeldBlock {
  readonly id: string;
  readonly owner: string;
  quantity: number;
}

/**
 * Splits `issued` (owned by the first developer company) by halves, each round every block giving half of itself to
 * the other company, until each company owns at least `perCompany` blocks. Blocks of different owners never share a
 * key, so every round runs in parallel; a round takes one commit.
 */
export async function splitBetweenCompanies(
  rest: Rest,
  keys: DemoKeys,
  issued: HeldBlock,
  perCompany: number,
): Promise<HeldBlock[]> {
  const [first, second] = keys.developers;
  if (first === undefined || second === undefined) throw new Error('two developer companies are needed');
  const keyOf = new Map([
    [first.account, first.key],
    [second.account, second.key],
  ]);
  const other = (owner: string): string => (owner === first.account ? second.account : first.account);
  const blocks: HeldBlock[] = [issued];
  const count = (owner: string): number => blocks.filter((block) => block.owner === owner).length;
  for (let round = 1; count(first.account) < perCompany || count(second.account) < perCompany; round++) {
    const moved = await Promise.all(
      [...blocks].map(async (block) => {
        const quantity = Math.floor(block.quantity / 2);
        if (quantity < 1) throw new Error(`block ${block.id} is too small to split`);
        const key = keyOf.get(block.owner);
        if (key === undefined) throw new Error(`no admin key for ${block.owner}`);
        const reply = await rest.write('/v1/transfers', key, {
          blockId: block.id,
          quantity,
          toAccountId: other(block.owner),
        });
        block.quantity -= quantity;
        const part = asRecord(reply.moved);
        return { id: stringField(part, 'id'), owner: other(block.owner), quantity: numberField(part, 'quantity') };
      }),
    );
    blocks.push(...moved);
    progress(`fixtures: split round ${round}: ${count(first.account)} + ${count(second.account)} blocks`);
  }
  return blocks;
}

/** Creates `count` users with `role` in the company whose admin key is given; returns their API keys. */
export async function companyKeys(
  rest: Rest,
  adminKey: string,
  tag: string,
  count: number,
  role: 'MANAGER' | 'VIEWER',
): Promise<string[]> {
  const keys: string[] = [];
  const parallel = 4;
  for (let start = 0; start < count; start += parallel) {
    const batch = Array.from({ length: Math.min(parallel, count - start) }, (_, i) => start + i);
    const made = await Promise.all(
      batch.map(async (index) => {
        const reply = await rest.write('/v1/users', adminKey, { name: `bench-${tag}-${index}`.toLowerCase(), role });
        return stringField(asRecord(reply.user), 'apiKey');
      }),
    );
    keys.push(...made);
  }
  return keys;
}

/** The account the contract's caller is bound to, read with accounts:WhoAmI, if it may move credits. */
export async function callerAccount(accounts: Contract): Promise<{ accountId?: string; enrollmentId: string }> {
  const who = asRecord(JSON.parse(Buffer.from(await accounts.evaluateTransaction('WhoAmI')).toString('utf8')));
  const enrollmentId = stringField(who, 'enrollmentId');
  const binding = who.binding;
  const account = who.account;
  if (typeof binding !== 'object' || binding === null || typeof account !== 'object' || account === null) {
    return { enrollmentId };
  }
  const b = asRecord(binding);
  const a = asRecord(account);
  const canMove = b.status === 'ACTIVE' && (b.role === 'ADMIN' || b.role === 'MANAGER') && a.status === 'ACTIVE';
  return canMove && a.type === 'DEVELOPER' ? { accountId: stringField(a, 'id'), enrollmentId } : { enrollmentId };
}
