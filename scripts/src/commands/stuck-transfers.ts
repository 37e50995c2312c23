import { demoUsers } from '../demo/api-client';
import { ApiTransport } from '../lib/api';
import { detail, step, warn } from '../lib/log';
import { partners } from '../network/partners';

interface Listed {
  readonly id: string;
  readonly acquiringParty: string;
}

/** GET `route` as demo user `user` (its own gateway), JSON. */
async function get(user: string, route: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const apiKey = demoUsers().get(user)?.apiKey;
  if (apiKey === undefined) throw new Error(`no user ${user} in .ncr/users.json`);
  const answer = await new ApiTransport('http://127.0.0.1', 60_000).send('GET', route, apiKey);
  return { status: answer.status, body: JSON.parse(answer.text || '{}') as Record<string, unknown> };
}

/** Every request of the host in `status` (all pages). */
async function requests(status: string): Promise<Listed[]> {
  const all: Listed[] = [];
  let bookmark = '';
  do {
    const page = await get(
      'auditor',
      `/v1/international-transfers?status=${status}&pageSize=100&bookmark=${encodeURIComponent(bookmark)}`,
    );
    all.push(...((page.body.items ?? []) as Listed[]));
    bookmark = typeof page.body.bookmark === 'string' ? page.body.bookmark : '';
  } while (bookmark !== '');
  return all;
}

/**
 * `npm run reconcile -- --transfers`: the international transfers stuck in a step (docs/international.md): the host's
 * requests still PENDING (no decision yet, or a decision not applied at home), and the host's TRANSFERRED requests
 * the acquiring partner has not acquired. Returns how many (each printed with its step).
 */
export async function stuckTransfers(): Promise<number> {
  step('International transfers not done on both sides');
  let stuck = 0;
  for (const request of await requests('PENDING')) {
    const status = await get('auditor', `/v1/international-transfers/${request.id}`);
    warn(`${request.id} to ${request.acquiringParty}: ${String(status.body.step)} at home (not applied here yet)`);
    stuck++;
  }
  for (const request of await requests('TRANSFERRED')) {
    const partner = partners().find((p) => p.party === request.acquiringParty);
    if (partner === undefined) continue; // a registry that does not run this software: its records are its own
    const there = await get(`${partner.org.key}-officer`, `/v1/international-transfers/${request.id}`);
    if (there.body.step === 'ACQUIRED') continue;
    const step = typeof there.body.step === 'string' ? there.body.step : `HTTP ${there.status}`;
    warn(`${request.id} to ${request.acquiringParty}: TRANSFERRED at home, ${step} there`);
    stuck++;
  }
  detail(stuck === 0 ? 'no transfer stuck' : `${stuck} transfer(s) not done`);
  return stuck;
}
