import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { NotificationStore } from '../../src/notifications/store';
import { type TestApp, call, errorOf, startTestApp, stubLedger } from './helpers';

describe('/v1/webhooks: who manages subscriptions, which targets are accepted', () => {
  let app: TestApp;
  let dir: string;
  let store: NotificationStore;

  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'ncr-webhooks-'));
    store = NotificationStore.open(path.join(dir, 'notifications.sqlite'));
    const ledger = stubLedger();
    ledger.chainInfo.resolves({ height: 42, currentBlockHash: '', previousBlockHash: '' });
    app = await startTestApp({ ledger, notifications: { store, allowHosts: ['hooks.example.org'], email: false } });
  });
  after(async () => {
    await app.cleanup();
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const post = (key: string, body: unknown) => call(app, 'POST', '/v1/webhooks', { key, body });
  const admin = (): string => app.keys['dev-admin'] ?? '';
  const hook = { url: 'https://hooks.example.org/ncr', eventTypes: ['CREDITS_TRANSFERRED'] };

  it("an ADMIN subscribes its own account from the ledger's height; the secret is answered once", async () => {
    const reply = await post(admin(), hook);
    expect(reply.status, reply.text).to.equal(201);
    const body = reply.body as Record<string, unknown>;
    expect(body).to.include({ accountId: 'DEV-ACME', url: hook.url, fromBlock: 42, createdBy: 'dev-admin' });
    expect(body.id).to.match(/^sub_[0-9a-f]{24}$/);
    expect(body.secret).to.match(/^whsec_/);
    const list = await call(app, 'GET', '/v1/webhooks', { key: admin() });
    expect(list.text).to.not.contain(body.secret);
    expect((list.body as { items: { id: string }[] }).items.map((s) => s.id)).to.deep.equal([body.id]);
  });

  it('a VIEWER may neither subscribe nor list (403 FORBIDDEN)', async () => {
    const viewer = app.keys['dev-viewer'] ?? '';
    expect(errorOf(await post(viewer, hook)).code).to.equal('FORBIDDEN');
    expect(errorOf(await call(app, 'GET', '/v1/webhooks', { key: viewer })).code).to.equal('FORBIDDEN');
  });

  it('422 TARGET_NOT_ALLOWED for a host off the allow-list or for e-mail at a site without SMTP', async () => {
    const other = await post(admin(), { ...hook, url: 'http://169.254.169.254/latest' });
    expect(other.status).to.equal(422);
    expect(errorOf(other)).to.include({ code: 'TARGET_NOT_ALLOWED' });
    expect(errorOf(other).message).to.contain('169.254.169.254 is not in');
    const mail = await post(admin(), { email: 'a@example.org', eventTypes: ['CREDITS_ISSUED'] });
    expect(errorOf(mail)).to.deep.include({ code: 'TARGET_NOT_ALLOWED' });
    expect(errorOf(mail).message).to.contain('NCR_SMTP_URL');
  });

  it('400 VALIDATION for both a URL and an e-mail, no event type, one twice, or an unknown one', async () => {
    for (const body of [
      { ...hook, email: 'a@example.org' },
      { ...hook, eventTypes: [] },
      { ...hook, eventTypes: ['CREDITS_ISSUED', 'CREDITS_ISSUED'] },
      { ...hook, eventTypes: ['NOT_AN_EVENT'] },
    ]) {
      expect(errorOf(await post(admin(), body)).code, JSON.stringify(body)).to.equal('VALIDATION');
    }
  });

  it("another account's subscription is not found: not listed, no deliveries, not removable", async () => {
    const gov = app.keys['gov-admin'] ?? '';
    const [mine] = store.subscriptions('DEV-ACME');
    if (mine === undefined) throw new Error('the first test subscribes');
    expect((await call(app, 'GET', '/v1/webhooks', { key: gov })).body).to.deep.equal({ items: [] });
    expect(errorOf(await call(app, 'GET', `/v1/webhooks/${mine.id}/deliveries`, { key: gov })).code).to.equal(
      'NOT_FOUND',
    );
    expect(errorOf(await call(app, 'DELETE', `/v1/webhooks/${mine.id}`, { key: gov })).code).to.equal('NOT_FOUND');
    expect(errorOf(await call(app, 'GET', '/v1/webhooks/nope/deliveries', { key: admin() })).code).to.equal(
      'VALIDATION',
    );
    const removed = await call(app, 'DELETE', `/v1/webhooks/${mine.id}`, { key: admin() });
    expect(removed.status).to.equal(200);
    expect(store.subscriptions('DEV-ACME')).to.deep.equal([]);
  });
});
