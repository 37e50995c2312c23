import { createHash } from 'node:crypto';
import { ApiClient, ApiError, currentProfile, type DemoUser, demoUsers } from './api-client';
import { PROJECT_EXAMPLE } from '@ncr/gateway-api';

/** The fields of a credit block the demo prints. */
export interface Block {
  id: string;
  serialStart: number;
  serialEnd: number;
  quantity: number;
  ownerAccountId: string;
  status: string;
  vintage: number;
  serialNumber: string;
  parentBlockId?: string;
}

interface Committed {
  txId: string;
  blockNumber: number;
}

type Outcome = Committed & { moved: Block; kept?: Block };

interface IntegrityPage {
  violations: unknown[];
  checked: { issuances: number; blocks: number };
  totals: Partial<Record<'issued' | 'HELD' | 'RETIRED' | 'CANCELLED', number>>;
  bookmark: string;
  complete: boolean;
}

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');
const doc = (name: string) => ({ uri: `https://documents.example.org/demo/${name}.pdf`, sha256: sha256(name) });

function printStep(title: string, committed: Committed, detail = ''): void {
  process.stdout.write(
    `${title.padEnd(44)} tx ${committed.txId.slice(0, 16)}… block ${String(committed.blockNumber).padStart(4)}  ${detail}\n`,
  );
}

interface ParentRef {
  readonly id: string;
  readonly serialStart: number;
  readonly serialEnd: number;
}

function printBlocks(blocks: readonly (Block | undefined)[]): void {
  for (const block of blocks) {
    if (!block) continue;
    process.stdout.write(
      `    ${block.id.padEnd(22)} serials ${block.serialStart}–${block.serialEnd} (${block.quantity} t) ` +
        `${block.status.padEnd(9)} owner ${block.ownerAccountId.padEnd(9)} ${block.serialNumber}` +
        `${block.parentBlockId ? `  ← ${block.parentBlockId}` : ''}\n`,
    );
  }
}

async function refused(title: string, attempt: () => Promise<unknown>): Promise<void> {
  try {
    await attempt();
  } catch (err) {
    if (err instanceof ApiError) {
      process.stdout.write(`${title.padEnd(44)} refused: ${err.status} ${err.code}\n`);
      return;
    }
    throw err;
  }
  throw new Error(`${title}: expected a refusal, but the request succeeded`);
}

/** The demo users, each with a REST client acting as them. */
export interface Actors {
  readonly developer: ApiClient;
  readonly developer2: ApiClient;
  readonly certifier: ApiClient;
  readonly government: ApiClient;
  readonly auditor: ApiClient;
}

/**
 * The whole Article 6.2 workflow through the REST API, each step by the user whose role it is: register, validate,
 * authorise, monitor, verify, issue, split transfer, retire, cancel, serial lookup, integrity audit.
 */
export async function runDemo(): Promise<void> {
  const actors = demoActors();
  const { developer, developer2, certifier, government, auditor } = actors;
  for (const actor of [developer, developer2, certifier, government, auditor]) {
    process.stdout.write(`${actor.user.name.padEnd(17)} (${actor.user.org}) works through ${actor.user.url}\n`);
  }
  const run = Date.now().toString(36).toUpperCase();
  const projectId = await authoriseProject(actors, run);
  const issued = await issueCredits(actors, projectId, run);
  const retired = await moveCredits(actors, issued, run);
  await lookUpSerial(actors.government, retired.serialStart);
  await auditIntegrity(actors.auditor);
}

/** Each demo user with their own organisation's gateway (by default this network's .ncr/users.json). */
export function demoActors(users: ReadonlyMap<string, DemoUser> = demoUsers()): Actors {
  const as = (name: string): ApiClient => {
    const user = users.get(name);
    if (!user) throw new Error(`demo user ${name} is missing from .ncr/users.json`);
    return new ApiClient(user);
  };
  return {
    developer: as('developer-admin'),
    developer2: as('developer2-admin'),
    certifier: as('certifier-admin'),
    government: as('gov-admin'),
    auditor: as('auditor'),
  };
}

/** Steps 1a–1b when the profile uses them: the developer's idea note, the government's no-objection letter. */
async function noObjection({ developer, government }: Actors, projectId: string, run: string): Promise<void> {
  const { steps } = await currentProfile(government);
  if (steps.IDEA_NOTE?.used === true) {
    const note = await developer.post<Committed>(`/v1/projects/${projectId}/idea-note`, {
      documents: [{ type: 'IDEA_NOTE', ...doc(`idea-note-${run}`) }],
    });
    printStep('1a. developer submits the idea note', note);
  }
  if (steps.NO_OBJECTION?.used === true) {
    const letter = await government.post<Committed>(`/v1/projects/${projectId}/no-objection`, {
      documents: [{ type: 'NO_OBJECTION_LETTER', ...doc(`no-objection-${run}`) }],
    });
    printStep('1b. government gives its no-objection', letter);
  }
}

/**
 * Steps 1–3: the developer registers a project (with the idea note and no-objection letter when the installed
 * profile asks for them), the certifier validates it, the government authorises it.
 */
export async function authoriseProject(actors: Actors, run: string): Promise<string> {
  const { developer, certifier, government } = actors;
  const project = await developer.post<Committed & { id: string; status: string }>('/v1/projects', {
    ...PROJECT_EXAMPLE,
    title: `${PROJECT_EXAMPLE.title} (demo ${run})`,
    certifierAccountId: certifier.user.account,
    documents: [{ type: 'PDD', ...doc(`pdd-${run}`) }],
  });
  printStep('1. developer registers project', project, `${project.id} ${project.status}`);
  await noObjection(actors, project.id, run);

  const validated = await certifier.post<Committed & { status: string }>(`/v1/projects/${project.id}/validation`, {
    approved: true,
    report: doc(`validation-${run}`),
    comment: 'PDD conforms to AMS-I.L',
  });
  printStep('2. certifier validates', validated, validated.status);

  const authorised = await government.post<Committed & { status: string }>(`/v1/projects/${project.id}/authorisation`, {
    approved: true,
    authorisationId: `GHA-AUTH-${run}`,
    purposes: 'NDC and OIMP',
    cooperativeApproachId: 'CA0001',
    firstTransferDefinition: 'Authorisation',
    timeframe: '2024 - 2030',
    comment: 'Letter of authorisation issued',
  });
  printStep('3. government authorises (Article 6)', authorised, authorised.status);
  return project.id;
}

/**
 * Steps 4–6: a monitoring report, its verification and the issuance; then two refusals (another developer moving
 * the credits, the developer issuing credits itself). Returns the issued block.
 */
export async function issueCredits(actors: Actors, projectId: string, run: string): Promise<Block> {
  const { developer, developer2, certifier, government } = actors;
  const report = await developer.post<Committed & { id: string }>(`/v1/projects/${projectId}/monitoring-reports`, {
    periodStart: '2024-01-01',
    periodEnd: '2024-12-31',
    vintage: 2024,
    claimedReductions: 10_000,
    document: doc(`monitoring-${run}`),
  });
  printStep('4. developer submits monitoring report', report, report.id);

  const verified = await certifier.post<Committed & { status: string }>(
    `/v1/monitoring-reports/${report.id}/verification`,
    { approved: true, verifiedReductions: 9_500, report: doc(`verification-${run}`) },
  );
  printStep('5. certifier verifies 9,500 t', verified, verified.status);

  const issued = await government.post<Committed & Block>(`/v1/monitoring-reports/${report.id}/issuance`);
  printStep('6. government issues credits', issued);
  printBlocks([issued]);

  await refused('   developer 2 moves developer 1’s credits', () =>
    developer2.post('/v1/transfers', { blockId: issued.id, quantity: 10, toAccountId: developer2.user.account }),
  );
  await refused('   developer issues credits itself', () =>
    developer.post(`/v1/monitoring-reports/${report.id}/issuance`),
  );
  return issued;
}

/** Steps 7–9: a split transfer to developer 2, a retirement by developer 2, a cancellation. Returns the retired block. */
async function moveCredits(actors: Actors, issued: Block, run: string): Promise<Block> {
  const { developer, developer2, government } = actors;
  const transfer = await developer.post<Outcome>(
    '/v1/transfers',
    { blockId: issued.id, quantity: 3_000, toAccountId: developer2.user.account },
    { 'idempotency-key': `demo-transfer-${run}` },
  );
  printStep('7. developer transfers 3,000 t (split)', transfer);
  printBlocks([transfer.kept, transfer.moved]);

  const retirement = await retire(actors, {
    blockId: transfer.moved.id,
    quantity: 1_000,
    beneficiary: 'Beta Forestry Co (NDC use)',
    purpose: 'NDC',
  });

  const cancellation = await government.post<Outcome>('/v1/cancellations', {
    blockId: issued.id,
    quantity: 500,
    reason: 'Double claim found in verification follow-up',
  });
  printStep('9. government cancels 500 t', cancellation);
  printBlocks([cancellation.kept, cancellation.moved]);
  return retirement.moved;
}

/** Step 8: developer 2 retires, in two steps (request, government approval) when the profile asks for approval. */
async function retire({ developer2, government }: Actors, body: Record<string, unknown>): Promise<Outcome> {
  if (!(await currentProfile(government)).retirementApproval) {
    const retirement = await developer2.post<Outcome>('/v1/retirements', body);
    printStep('8. developer 2 retires 1,000 t towards NDC', retirement);
    printBlocks([retirement.kept, retirement.moved]);
    return retirement;
  }
  const request = await developer2.post<Outcome>('/v1/retirement-requests', body);
  printStep('8a. developer 2 asks to retire 1,000 t (NDC)', request);
  printBlocks([request.kept, request.moved]);
  const approved = await government.post<Outcome>(`/v1/retirements/${request.moved.id}/approve`);
  printStep('8b. government approves the retirement', approved);
  printBlocks([approved.moved]);
  return approved;
}

/** Step 10: the block holding `serial`, and the blocks it was split from. */
async function lookUpSerial(government: ApiClient, serial: number): Promise<void> {
  const lookup = await government.get<{ itmoId?: string; block: Block; lineage: { block: ParentRef }[] }>(
    `/v1/serials/${serial}`,
  );
  process.stdout.write(
    `10. serial ${serial}${lookup.itmoId ? ` (ITMO ${lookup.itmoId})` : ''} is in block ${lookup.block.id}; lineage:\n`,
  );
  printBlocks([lookup.block]);
  // The blocks it was split from come as IDs and serial ranges only (they may be other accounts' holdings).
  for (const { block } of lookup.lineage.slice(1)) {
    process.stdout.write(`    ${block.id.padEnd(22)} serials ${block.serialStart}–${block.serialEnd} (split from)\n`);
  }
}

/** Step 11: the auditor's integrity audit, page by page; throws if the totals do not add up or it finds violations. */
async function auditIntegrity(auditor: ApiClient): Promise<void> {
  let bookmark = '';
  const checked = { issuances: 0, blocks: 0 };
  const totals = { issued: 0, HELD: 0, RETIRED: 0, CANCELLED: 0 };
  let violations: unknown[] = [];
  for (;;) {
    const page = await auditor.get<IntegrityPage>(
      `/v1/audit/integrity?pageSize=100${bookmark ? `&bookmark=${encodeURIComponent(bookmark)}` : ''}`,
    );
    checked.issuances += page.checked.issuances;
    checked.blocks += page.checked.blocks;
    for (const key of Object.keys(totals) as (keyof typeof totals)[]) totals[key] += page.totals[key] ?? 0;
    violations = [...violations, ...page.violations];
    if (page.complete || page.bookmark === '') break;
    bookmark = page.bookmark;
  }
  process.stdout.write(
    `11. integrity audit by the auditor: ${checked.issuances} issuances, ${checked.blocks} blocks checked; ` +
      `issued ${totals.issued} = held ${totals.HELD} + retired ${totals.RETIRED} + cancelled ${totals.CANCELLED}; ` +
      `${violations.length} violations\n`,
  );
  if (totals.issued !== totals.HELD + totals.RETIRED + totals.CANCELLED) {
    throw new Error('the audit totals do not add up');
  }
  if (violations.length > 0) {
    process.stdout.write(`${JSON.stringify(violations, null, 2)}\n`);
    throw new Error('the integrity audit found violations');
  }
}
