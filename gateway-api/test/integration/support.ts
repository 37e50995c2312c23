import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { canonicalJson } from '@ncr/chaincode/domain';
import { expect } from 'chai';
import { findRepoRoot } from '../../src/config/config';
import { orgOf, parseNetworkConfig } from '../../src/fabric/network-config';
import { PROJECT_EXAMPLE } from '../../src/routes/examples';

/** Real HTTP against the gateway `npm start` runs (demo users of .ncr/users.json). */
export interface Reply {
  status: number;
  headers: Headers;
  body: Record<string, unknown>;
  bytes: Buffer;
}

export const ncrHome = process.env.NCR_HOME ?? path.join(findRepoRoot(), '.ncr');
export const repoRoot = findRepoRoot();
const networkFile = path.join(ncrHome, 'public', 'network.json');
/** .ncr/public/network.json (no secret), as `npm start` wrote it. */
export const network = parseNetworkConfig(readFileSync(networkFile, 'utf8'), networkFile);
/** An organisation's site folder (.ncr/orgs/<org>/). */
export const siteHome = (mspId: string): string => path.join(ncrHome, 'orgs', orgOf(network, mspId).key);
/** The government's gateway (also the auditor's: the explorer and the raw ledger views). */
export const baseUrl = process.env.NCR_GATEWAY_URL ?? orgOf(network, 'GovernmentMSP').gatewayUrl;
const users = JSON.parse(readFileSync(path.join(ncrHome, 'users.json'), 'utf8')) as {
  name: string;
  org: string;
  apiKey: string;
  url: string;
}[];

function demoUser(name: string): (typeof users)[number] {
  const user = users.find((u) => u.name === name);
  if (user === undefined) throw new Error(`demo user ${name} missing from .ncr/users.json`);
  return user;
}

export const keyOf = (name: string): string => demoUser(name).apiKey;
/** A demo user's own organisation's gateway: the only one that knows their key. */
export const urlOf = (name: string): string => demoUser(name).url;

export interface RequestOptions {
  /** Demo user whose API key authenticates the request. */
  as?: string;
  /** An explicit API key instead (e.g. an unknown one). */
  key?: string;
  /** The gateway to call: by default the `as` user's own, else the government's. */
  url?: string;
  body?: unknown;
  /** A raw body sent as is (e.g. malformed JSON). */
  raw?: string;
  headers?: Record<string, string>;
  /** Aborts the request (the client gives up; the server is not told why). */
  signal?: AbortSignal;
}

export async function request(method: string, pathname: string, options: RequestOptions = {}): Promise<Reply> {
  const headers: Record<string, string> = { ...options.headers };
  const key = options.key ?? (options.as === undefined ? undefined : keyOf(options.as));
  if (key !== undefined) headers.authorization = `Bearer ${key}`;
  const payload = options.raw ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
  if (payload !== undefined) headers['content-type'] = 'application/json';
  const url = options.url ?? (options.as === undefined ? baseUrl : urlOf(options.as));
  const response = await fetch(`${url}${pathname}`, { method, headers, body: payload, signal: options.signal });
  const bytes = Buffer.from(await response.arrayBuffer());
  let parsed: Record<string, unknown> = {};
  try {
    parsed = JSON.parse(bytes.toString('utf8')) as Record<string, unknown>;
  } catch {
    parsed = { text: bytes.toString('utf8') };
  }
  return { status: response.status, headers: response.headers, body: parsed, bytes };
}

/** A user enrolled by an organisation's own site for another organisation's admin to bind (its operator's command). */
export interface SiteUser {
  readonly name: string;
  readonly mspId: string;
  readonly enrollmentId: string;
  readonly apiKey: string;
  readonly url: string;
}

/**
 * `npm run org -- <org> enroll <name> <account> <role>`, as the site's operator runs it (its own folder only). Run
 * asynchronously: a test process blocked for the seconds an enrollment takes would miss a gateway closing an idle
 * keep-alive connection, and its next request would go out on the closed socket ("other side closed").
 */
export function enrollAtSite(mspId: string, name: string, accountId: string, role: string): Promise<SiteUser> {
  const cli = path.join(repoRoot, 'gateway-api', 'dist', 'src', 'bootstrap', 'enroll-cli.js');
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [cli, name, accountId, role],
      { env: { ...process.env, NCR_HOME: siteHome(mspId) }, encoding: 'utf8' },
      (error, stdout, stderr) => {
        if (error !== null) reject(new Error(`${error.message}\n${stderr}`));
        else resolve(JSON.parse(stdout) as SiteUser);
      },
    );
  });
}

export async function eventText(user: string, fromBlock: number, until: string): Promise<string> {
  const controller = new AbortController();
  const response = await fetch(`${urlOf(user)}/v1/events?fromBlock=${fromBlock}`, {
    headers: { authorization: `Bearer ${keyOf(user)}` },
    signal: controller.signal,
  });
  expect(response.status, `${user} events`).to.equal(200);
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let text = '';
  const deadline = Date.now() + 30_000;
  try {
    while (!text.includes(until) && Date.now() < deadline) {
      const chunk = await reader.read();
      if (chunk.done) break;
      text += decoder.decode(chunk.value, { stream: true });
    }
  } finally {
    controller.abort();
  }
  return text;
}

export function api(method: string, pathname: string, as: string, body?: unknown): Promise<Reply> {
  return request(method, pathname, { as, body });
}

export const errorCode = (reply: Reply): unknown => (reply.body.error as { code?: unknown } | undefined)?.code;

/** A committed write (201) or a failed test naming the reply. */
export async function write(pathname: string, as: string, body?: unknown): Promise<Record<string, unknown>> {
  const reply = await api('POST', pathname, as, body ?? {});
  expect(reply.status, `${pathname}: ${JSON.stringify(reply.body)}`).to.equal(201);
  return reply.body;
}

/**
 * Every item of a list route (`/v1/credit-blocks?owner=…`), page after page: a filtered page may hold fewer items
 * than it read, so one page of a long list can miss what is further on.
 */
export async function listAll<T>(pathname: string, as: string): Promise<T[]> {
  const PAGE = 100;
  const items: T[] = [];
  let bookmark = '';
  for (;;) {
    const query = `pageSize=${PAGE}${bookmark === '' ? '' : `&bookmark=${encodeURIComponent(bookmark)}`}`;
    const page = await api('GET', `${pathname}${pathname.includes('?') ? '&' : '?'}${query}`, as);
    expect(page.status, `${pathname}: ${JSON.stringify(page.body)}`).to.equal(200);
    items.push(...(page.body.items as T[]));
    const next = page.body.bookmark;
    if (typeof next !== 'string' || next === '' || next === bookmark || (page.body.fetched as number) < PAGE) {
      return items;
    }
    bookmark = next;
  }
}

export const doc = (label: string): { uri: string; sha256: string } => ({
  uri: `https://docs.example.org/${label}.pdf`,
  sha256: randomBytes(32).toString('hex'),
});

/** The API document's example project (assigned to CERT-VVB1) with its own title and PDD; `overrides` change any field. */
export const projectBody = (
  title: string,
  pddLabel: string,
  overrides: Record<string, unknown> = {},
): Record<string, unknown> => ({
  ...PROJECT_EXAMPLE,
  title,
  documents: [{ type: 'PDD', ...doc(pddLabel) }],
  ...overrides,
});

/** Waits until the read model reflects block `blockNumber` (its height is past it). */
export async function readModelPast(blockNumber: number, timeoutMs = 60_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const reply = await api('GET', '/v1/reports/read-model', 'auditor');
    const height = reply.body.blockHeight;
    if (reply.status === 200 && typeof height === 'number' && height > blockNumber) return height;
    if (Date.now() > deadline)
      throw new Error(`read model not past block ${blockNumber}: ${JSON.stringify(reply.body)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** A new project of DEV-ACME, validated, authorised, monitored, verified and issued: the issued block. */
export async function issuedBlock(
  run: string,
  quantity: number,
): Promise<{ projectId: string; block: { id: string; quantity: number } }> {
  const project = await write(
    '/v1/projects',
    'developer-admin',
    projectBody(`Credits for ${run}`, `pdd-${run}`, { estimatedAnnualReductions: quantity }),
  );
  const projectId = project.id as string;
  await write(`/v1/projects/${projectId}/validation`, 'certifier-admin', { approved: true, report: doc(`v-${run}`) });
  await write(`/v1/projects/${projectId}/authorisation`, 'gov-admin', {
    approved: true,
    authorisationId: `AUTH-${run}`,
    purposes: 'NDC',
  });
  const report = await write(`/v1/projects/${projectId}/monitoring-reports`, 'developer-admin', {
    periodStart: '2024-01-01',
    periodEnd: '2024-12-31',
    vintage: 2024,
    claimedReductions: quantity,
    document: doc(`mr-${run}`),
  });
  await write(`/v1/monitoring-reports/${String(report.id)}/verification`, 'certifier-admin', {
    approved: true,
    verifiedReductions: quantity,
    report: doc(`ver-${run}`),
  });
  const block = await write(`/v1/monitoring-reports/${String(report.id)}/issuance`, 'gov-admin');
  return { projectId, block: { id: block.id as string, quantity: block.quantity as number } };
}

/**
 * A fixture step that runs when a hook or test first needs it, then answers the same result: a test run alone
 * builds the state it needs, and a whole run builds it once, in the order of its tests.
 */
export function once<T>(step: () => Promise<T>): () => Promise<T> {
  let result: Promise<T> | undefined;
  return () => (result ??= step());
}

/** A shipped workflow profile (`network/profiles/<name>.json`), as a government sends it. */
export const profileFile = (name: 'lean' | 'article6'): Record<string, unknown> =>
  JSON.parse(readFileSync(path.join(repoRoot, 'network', 'profiles', `${name}.json`), 'utf8')) as Record<
    string,
    unknown
  >;

/** `PUT /v1/workflow-profile` with a shipped profile, `changes` applied, as `as` (a government ADMIN by default). */
export const putProfile = (
  name: 'lean' | 'article6',
  as = 'gov-admin',
  changes: Record<string, unknown> = {},
): Promise<Reply> => request('PUT', '/v1/workflow-profile', { as, body: { ...profileFile(name), ...changes } });

/**
 * Makes `network/profiles/lean.json` the profile in force, exactly (installing it when another profile, or a lean one
 * with changes such as `retirementApproval`, is current), and returns its version. Every spec that switches profiles
 * calls it before (whatever ran earlier in the suite, or a run that stopped half-way) and after (for the specs that
 * run next, which follow the lean flow).
 */
export async function leanInForce(): Promise<number> {
  const lean = profileFile('lean');
  const current = await api('GET', '/v1/workflow-profile', 'auditor');
  const same = (record: Record<string, unknown>): boolean =>
    canonicalJson(Object.fromEntries(Object.keys(lean).map((key) => [key, record[key]]))) === canonicalJson(lean);
  if (current.status === 200 && same(current.body)) return current.body.version as number;
  const installed = await putProfile('lean');
  expect(installed.status, JSON.stringify(installed.body)).to.equal(201);
  expect(same(installed.body), JSON.stringify(installed.body)).to.equal(true);
  return installed.body.version as number;
}
