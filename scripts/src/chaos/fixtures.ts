import {
  authorisedProject,
  companyKeys,
  type DemoKeys,
  splitBetweenCompanies,
  verifiedReport,
} from '../bench/fixtures';
import { numberField, type Rest, stringField } from '../bench/rest';
import type { Holder, IssuerKeys } from './load';

/**
 * What the chaos clients need, made through the REST API as the demo users would: credits issued on a project of
 * the first developer company and split so that each client holds a block of the second company with an API key
 * of its own (MANAGER); and, for the issuer, a second authorised project whose crediting period starts in 1995.
 */

export interface ChaosFixtures {
  readonly holders: readonly Holder[];
  /** Quantity of each holder's block when the load starts, by block ID. */
  readonly initial: ReadonlyMap<string, number>;
  /** The account transfers go to (the first developer company). */
  readonly recipient: string;
  readonly transferProject: string;
  readonly issued: number;
  readonly issuer: IssuerKeys | undefined;
}

const PER_BLOCK = 100_000;

async function holders(rest: Rest, keys: DemoKeys, tag: string, clients: number): Promise<ChaosFixtures> {
  const [first, second] = keys.developers;
  if (first === undefined || second === undefined) throw new Error('two developer companies are needed');
  const issued = PER_BLOCK * 2 ** (Math.ceil(Math.log2(clients)) + 1);
  const transferProject = await authorisedProject(rest, keys, {
    tag: `${tag}-C`,
    creditingPeriod: { start: '2024-01-01', end: '2033-12-31' },
    estimatedAnnualReductions: issued,
  });
  const period = { start: '2024-01-01', end: '2024-12-31', vintage: 2024 };
  const reportId = await verifiedReport(rest, keys, transferProject, period, issued);
  const block = await rest.write(`/v1/monitoring-reports/${reportId}/issuance`, keys.gov);
  const blocks = await splitBetweenCompanies(
    rest,
    keys,
    { id: stringField(block, 'id'), owner: stringField(block, 'ownerAccountId'), quantity: issued },
    clients,
  );
  const held = blocks.filter((b) => b.owner === second.account).slice(0, clients);
  const apiKeys = await companyKeys(rest, second.key, `chaos-${tag}`, clients, 'MANAGER');
  const initial = new Map<string, number>();
  for (const b of held)
    initial.set(b.id, numberField(await rest.read(`/v1/credit-blocks/${b.id}`, keys.gov), 'quantity'));
  return {
    holders: held.map((b, index) => ({ name: `client-${index}`, apiKey: apiKeys[index] ?? '', blockId: b.id })),
    initial,
    recipient: first.account,
    transferProject,
    issued,
    issuer: undefined,
  };
}

/** Makes the fixtures of a run tagged `tag` for `clients` holders (and the issuer's project when asked). */
export async function chaosFixtures(
  rest: Rest,
  keys: DemoKeys,
  tag: string,
  clients: number,
  withIssuer: boolean,
): Promise<ChaosFixtures> {
  const made = await holders(rest, keys, tag, clients);
  if (!withIssuer) return made;
  const [developer] = keys.developers;
  if (developer === undefined) throw new Error('no developer admin');
  const year = new Date().getUTCFullYear();
  const projectId = await authorisedProject(rest, keys, {
    tag: `${tag}-I`,
    creditingPeriod: { start: '1995-01-01', end: `${year}-12-31` },
    estimatedAnnualReductions: 1_000_000_000,
  });
  return {
    ...made,
    issuer: { projectId, developer: developer.key, certifier: keys.certifier, government: keys.gov },
  };
}
