import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import { type Reply, api, errorCode } from './support';

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

describe('onboarding: a rejected request leaves nothing on the ledger', function () {
  this.timeout(600_000);

  it('the same user name created by two organisations at once: one binding per 201, none behind a 4xx', async () => {
    const run = randomBytes(3).toString('hex');
    const names = Array.from({ length: 20 }, (_, i) => `race-${run}-${i}`);
    const creators = [
      { as: 'developer-admin', accountId: 'DEV-ACME' },
      { as: 'certifier-admin', accountId: 'CERT-VVB1' },
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
    const bindings = [...(await bindingsOf('DEV-ACME')), ...(await bindingsOf('CERT-VVB1'))];
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
