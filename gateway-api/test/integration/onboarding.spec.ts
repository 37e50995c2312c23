import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { type Reply, api, errorCode, ncrHome, network, request, urlOf } from './support';

interface Binding {
  mspId: string;
  enrollmentId: string;
  accountId: string;
}

/** Every identity binding of an account, all pages, as the government sees them. */
async function bindingsOf(accountId: string): Promise<Binding[]> {
  const all: Binding[] = [];
  let bookmark = '';
  for (;;) {
    const query = `pageSize=100${bookmark === '' ? '' : `&bookmark=${encodeURIComponent(bookmark)}`}`;
    const page = await api('GET', `/v1/accounts/${accountId}/identities?${query}`, 'gov-admin');
    expect(page.status, JSON.stringify(page.body)).to.equal(200);
    const items = page.body.items as Binding[];
    all.push(...items);
    bookmark = (page.body.bookmark as string | undefined) ?? '';
    if (items.length === 0 || bookmark === '') return all;
  }
}

/** A custodial user's enrollment ID is the user name, possibly followed by `@` and a suffix of its own. */
const belongsTo = (binding: Binding, name: string): boolean =>
  binding.enrollmentId === name || binding.enrollmentId.startsWith(`${name}@`);

interface Me {
  user: { enrollmentId: string; mspId: string };
  ledger: { orgAdmin: boolean };
}

describe('users are ordinary client identities, never system ones', function () {
  this.timeout(300_000);

  it('no demo user of .ncr/users.json signs as an organisation admin (GET /v1/me: orgAdmin false)', async () => {
    const users = JSON.parse(readFileSync(path.join(ncrHome, 'users.json'), 'utf8')) as {
      name: string;
      apiKey: string;
      url: string;
    }[];
    expect(users.length).to.be.greaterThan(0);
    for (const user of users) {
      const me = await request('GET', '/v1/me', { key: user.apiKey, url: user.url });
      expect(me.status, user.name).to.equal(200);
      expect((me.body as unknown as Me).ledger.orgAdmin, `${user.name} is an org admin`).to.equal(false);
    }
  });

  it('a user named like a system identity is refused or gets a fresh identity of its own', async () => {
    const developer = network.orgs.DeveloperMSP!;
    // The registrar, the organisation admin and the TLS client of the developers' site (scripts/src/network).
    const system = ['registrar', `${developer.key}-admin`, `${developer.key}-tls-client`];
    for (const name of system) {
      const created = await api('POST', '/v1/users', 'developer-admin', { name, role: 'VIEWER' });
      if (created.status !== 201) {
        expect(created.status, `${name}: ${JSON.stringify(created.body)}`).to.equal(409);
        continue;
      }
      const apiKey = (created.body.user as { apiKey: string }).apiKey;
      const me = (await request('GET', '/v1/me', { key: apiKey, url: urlOf('developer-admin') })).body as unknown as Me;
      expect(me.user.enrollmentId, name).to.not.be.oneOf(system);
      expect(me.ledger.orgAdmin, name).to.equal(false);
    }
  });
});

describe('onboarding: a rejected request leaves nothing on the ledger', function () {
  this.timeout(600_000);

  // Each organisation's gateway keeps its own users, so a user name is unique within an organisation: two companies
  // of the same organisation (one gateway) race for each name.
  it('the same user name created by two companies of one organisation at once: one binding per 201, none behind a 4xx', async () => {
    const run = randomBytes(3).toString('hex');
    const names = Array.from({ length: 20 }, (_, i) => `race-${run}-${i}`);
    const creators = [
      { as: 'developer-admin', accountId: 'DEV-ACME' },
      { as: 'developer2-admin', accountId: 'DEV-BETA' },
    ];
    const answers: { name: string; accountId: string; reply: Reply }[] = await Promise.all(
      names.flatMap((name) =>
        creators.map(async ({ as, accountId }) => ({
          name,
          accountId,
          reply: await api('POST', '/v1/users', as, { name, role: 'VIEWER' }),
        })),
      ),
    );
    const bindings = [...(await bindingsOf('DEV-ACME')), ...(await bindingsOf('DEV-BETA'))];
    for (const name of names) {
      const accepted = answers.filter((a) => a.name === name && a.reply.status === 201);
      const refused = answers.filter((a) => a.name === name && a.reply.status >= 400 && a.reply.status < 500);
      expect(accepted.length, `${name}: at most one creation accepted`).to.be.at.most(1);
      for (const { reply } of refused) expect(errorCode(reply), name).to.equal('CONFLICT');
      const bound = bindings.filter((b) => belongsTo(b, name));
      expect(
        bound.map((b) => b.accountId),
        `${name}: bindings ${JSON.stringify(bound)}, answers ${JSON.stringify(answers.filter((a) => a.name === name).map((a) => [a.accountId, a.reply.status]))}`,
      ).to.deep.equal(accepted.map((a) => a.accountId));
    }
  });
});
