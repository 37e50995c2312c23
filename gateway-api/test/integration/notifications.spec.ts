import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import type { ParsedMail } from 'mailparser';
import { verifySignature } from '../../src/notifications/signing';
import { type Received, TestSite, startReceiver, startSmtp, until } from './notification-site';
import { errorCode, issuedBlock, once, request, write } from './support';

/*
 * Notifications through the real network: the developers' site runs a second gateway and read-model process for the
 * test (notification-site.ts); DEV-ACME's ADMIN subscribes through that gateway; credits are issued and transferred
 * through the running gateways; the committed CREDITS_TRANSFERRED events reach the test's HTTP receiver (signed) and
 * SMTP server, a failing receiver's delivery is retried, and killing both processes between a commit and its
 * delivery loses nothing.
 */

interface Delivery {
  id: string;
  status: string;
  event: { blockNumber: number; txId: string; eventName: string; payload: Record<string, unknown> };
  attempts: { number: number; status?: number; error?: string }[];
  lastStatus: number | null;
  nextAttemptAt: string | null;
  deliveredAt: string | null;
}

const secondsNow = (): number => Date.now() / 1000;

describe('notifications on the running network: signed webhooks and e-mail for committed events', function () {
  this.timeout(300_000);
  const dir = mkdtempSync(path.join(tmpdir(), 'ncr-notify-'));
  let receiverDown = true;
  const hooks = once(() =>
    startReceiver((at, received) => {
      if (at === '/flaky') return received.filter((r) => r.path === '/flaky').length === 1 ? 500 : 200;
      if (at === '/down') return receiverDown ? 503 : 200;
      return 200;
    }),
  );
  const smtp = once(startSmtp);
  const site = once(async () => {
    const test = new TestSite(dir, {
      NCR_WEBHOOK_ALLOW_HOSTS: '127.0.0.1',
      NCR_NOTIFY_RETRY_BASE_MS: '300',
      NCR_NOTIFY_RETRY_MAX_MS: '1000',
      NCR_NOTIFY_POLL_MS: '100',
      NCR_SMTP_URL: (await smtp()).url,
      NCR_SMTP_FROM: 'registry@example.org',
    });
    await test.seedReadModel();
    test.startReadModel();
    await test.startGateway();
    return test;
  });

  const asAdmin = async (method: string, pathname: string, body?: unknown) =>
    request(method, pathname, { as: 'developer-admin', url: (await site()).url, body });
  const subscribe = async (target: Record<string, string>): Promise<{ id: string; secret?: string }> => {
    const reply = await asAdmin('POST', '/v1/webhooks', { ...target, eventTypes: ['CREDITS_TRANSFERRED'] });
    expect(reply.status, JSON.stringify(reply.body)).to.equal(201);
    return reply.body as { id: string; secret?: string };
  };
  const deliveries = async (subscriptionId: string): Promise<Delivery[]> => {
    const reply = await asAdmin('GET', `/v1/webhooks/${subscriptionId}/deliveries`);
    expect(reply.status, JSON.stringify(reply.body)).to.equal(200);
    return reply.body.items as Delivery[];
  };
  const deliveryOf = (subscriptionId: string, txId: string, done: (d: Delivery) => boolean) =>
    until(`${subscriptionId}'s delivery of ${txId}`, async () =>
      (await deliveries(subscriptionId)).find((d) => d.event.txId === txId && done(d)),
    );

  const subscribed = once(async () => {
    const { url } = await hooks();
    return {
      ok: await subscribe({ url: `${url}/ok` }),
      flaky: await subscribe({ url: `${url}/flaky` }),
      email: await subscribe({ email: 'acme-registry@example.org' }),
    };
  });
  const credits = once(async () => {
    await subscribed();
    return (await issuedBlock(`notify-${String(Date.now())}`, 100)).block;
  });
  const transfer = async (): Promise<{ txId: string; blockNumber: number }> => {
    const body = await write('/v1/transfers', 'developer-admin', {
      blockId: (await credits()).id,
      quantity: 10,
      toAccountId: 'DEV-BETA',
    });
    return { txId: body.txId as string, blockNumber: body.blockNumber as number };
  };
  const firstTransfer = once(transfer);

  /** What the receiver got at `at` for transaction `txId`. */
  const receivedFor = async (at: string, txId: string): Promise<Received[]> =>
    (await hooks()).received.filter(
      (r) => r.path === at && (JSON.parse(r.body) as { event: { txId: string } }).event.txId === txId,
    );

  after(async () => {
    await (await site().catch(() => undefined))?.stop();
    await (await hooks().catch(() => undefined))?.close();
    await (await smtp().catch(() => undefined))?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  describe('subscribing', () => {
    it("an ADMIN's webhook: 201 with its secret once, listed without it, from the ledger's height on", async () => {
      const { ok } = await subscribed();
      expect(ok.secret).to.match(/^whsec_/);
      const list = await asAdmin('GET', '/v1/webhooks');
      expect(list.status).to.equal(200);
      const items = list.body.items as Record<string, unknown>[];
      const shown = items.find((s) => s.id === ok.id);
      expect(shown).to.include({ accountId: 'DEV-ACME', createdBy: 'developer-admin' });
      expect(shown?.fromBlock).to.be.a('number').greaterThan(0);
      expect(items.every((s) => !('secret' in s))).to.equal(true);
    });

    it('refuses a host outside the allow-list (422 TARGET_NOT_ALLOWED) and any event name not the registry’s (400)', async () => {
      const private10 = await asAdmin('POST', '/v1/webhooks', {
        url: 'http://10.1.2.3/hook',
        eventTypes: ['CREDITS_ISSUED'],
      });
      expect(private10.status).to.equal(422);
      expect(errorCode(private10)).to.equal('TARGET_NOT_ALLOWED');
      const ftp = await asAdmin('POST', '/v1/webhooks', { url: 'ftp://127.0.0.1/x', eventTypes: ['CREDITS_ISSUED'] });
      expect(errorCode(ftp)).to.equal('TARGET_NOT_ALLOWED');
      const unknown = await asAdmin('POST', '/v1/webhooks', { url: 'http://127.0.0.1/x', eventTypes: ['NOPE'] });
      expect(unknown.status).to.equal(400);
    });

    it('the running gateway, configured by default, allows no webhook host at all', async () => {
      const reply = await request('POST', '/v1/webhooks', {
        as: 'developer-admin',
        body: { url: `${(await hooks()).url}/ok`, eventTypes: ['CREDITS_TRANSFERRED'] },
      });
      expect(reply.status).to.equal(422);
      expect(errorCode(reply)).to.equal('TARGET_NOT_ALLOWED');
    });
  });

  describe('a committed transfer from DEV-ACME', () => {
    it('reaches the webhook: HMAC signature and timestamp verify, the body is the committed event', async () => {
      const { ok } = await subscribed();
      const { txId, blockNumber } = await firstTransfer();
      const [received] = await until('the webhook receives the transfer', async () => {
        const found = await receivedFor('/ok', txId);
        return found.length > 0 ? found : undefined;
      });
      if (received === undefined || ok.secret === undefined) throw new Error('unreachable');
      const headers = {
        timestamp: received.headers['x-ncr-timestamp'] as string,
        signature: received.headers['x-ncr-signature'] as string,
      };
      expect(headers.signature).to.match(/^sha256=[0-9a-f]{64}$/);
      expect(verifySignature(ok.secret, headers, received.body, { nowSeconds: secondsNow() })).to.equal(true);
      expect(verifySignature(ok.secret, headers, `${received.body} `, { nowSeconds: secondsNow() })).to.equal(false);
      const body = JSON.parse(received.body) as Record<string, unknown>;
      expect(body).to.include({
        id: received.headers['x-ncr-delivery'],
        subscriptionId: ok.id,
        accountId: 'DEV-ACME',
        eventId: `${String(blockNumber)}:${txId}`,
      });
      expect(body.event).to.deep.include({ blockNumber, txId, eventName: 'CREDITS_TRANSFERRED' });
      expect((body.event as Delivery['event']).payload).to.include({
        fromAccountId: 'DEV-ACME',
        toAccountId: 'DEV-BETA',
        quantity: 10,
      });
    });

    it('every delivery the receiver got is signed, fresh, a CREDITS_TRANSFERRED of DEV-ACME (never the issuance)', async () => {
      const { ok } = await subscribed();
      await firstTransfer();
      const got = (await hooks()).received.filter((r) => r.path === '/ok');
      expect(got.length).to.be.greaterThan(0);
      for (const r of got) {
        const signed = {
          timestamp: r.headers['x-ncr-timestamp'] as string,
          signature: r.headers['x-ncr-signature'] as string,
        };
        expect(verifySignature(ok.secret ?? '', signed, r.body, { nowSeconds: secondsNow() })).to.equal(true);
        const event = (JSON.parse(r.body) as { event: Delivery['event'] }).event;
        expect(event.eventName).to.equal('CREDITS_TRANSFERRED');
        expect([event.payload.fromAccountId, event.payload.toAccountId]).to.include('DEV-ACME');
      }
    });

    it('a receiver that answers 500 first: the delivery is retried and GET deliveries lists both attempts', async () => {
      const { flaky } = await subscribed();
      const { txId } = await firstTransfer();
      const delivered = await deliveryOf(flaky.id, txId, (d) => d.status === 'DELIVERED');
      expect(delivered.attempts.map((a) => [a.number, a.status])).to.deep.equal([
        [1, 500],
        [2, 200],
      ]);
      expect(delivered).to.include({ lastStatus: 200, nextAttemptAt: null });
      expect(delivered.deliveredAt).to.be.a('string');
      const sent = await receivedFor('/flaky', txId);
      expect(sent.map((r) => r.headers['x-ncr-delivery'])).to.deep.equal([delivered.id, delivered.id]);
      expect(sent.map((r) => r.headers['x-ncr-attempt'])).to.deep.equal(['1', '2']);
    });

    it('is e-mailed: the SMTP server receives the notice with the event and the transaction in its text', async () => {
      const { email } = await subscribed();
      const { txId } = await firstTransfer();
      const mails = (await smtp()).mails;
      const mail: ParsedMail = await until('the notice e-mail', () => mails.find((m) => m.text?.includes(txId)));
      expect(mail.subject).to.match(/^\[NCR\] CREDITS_TRANSFERRED \(account DEV-ACME, block \d+\)$/);
      expect(mail.text).to.contain('Registry event CREDITS_TRANSFERRED').and.to.contain('"toAccountId": "DEV-BETA"');
      expect(mail.from?.text).to.contain('registry@example.org');
      const delivered = await deliveryOf(email.id, txId, (d) => d.status === 'DELIVERED');
      expect(mail.messageId).to.equal(`<${delivered.id}@notifications.ncr>`);
      expect(delivered.lastStatus).to.equal(250);
    });
  });

  describe('a restart between a commit and its delivery', () => {
    it('read model and gateway killed with SIGKILL: the commit made meanwhile and the pending delivery both arrive', async () => {
      const test = await site();
      await firstTransfer();
      const { url } = await hooks();
      const down = await subscribe({ url: `${url}/down` });
      const { ok } = await subscribed();

      await test.killReadModel();
      const { txId } = await transfer(); // committed while the site's notifier is down
      test.startReadModel();
      const pending = await deliveryOf(down.id, txId, (d) => d.attempts.length > 0);
      expect(pending.status).to.equal('PENDING');
      expect(pending.attempts[0]?.status).to.equal(503);

      await Promise.all([test.killReadModel(), test.killGateway()]);
      receiverDown = false;
      test.startReadModel();
      await test.startGateway();

      const delivered = await deliveryOf(down.id, txId, (d) => d.status === 'DELIVERED');
      expect(delivered.id).to.equal(pending.id);
      expect(delivered.attempts.at(-1)?.status).to.equal(200);
      expect(delivered.attempts.slice(0, -1).map((a) => a.status)).to.satisfy((s: number[]) =>
        s.every((x) => x === 503),
      );
      const sent = await receivedFor('/down', txId);
      expect(new Set(sent.map((r) => r.headers['x-ncr-delivery']))).to.deep.equal(new Set([pending.id]));
      const toOk = await until('the transfer made while the notifier was down reaches /ok', async () => {
        const found = await receivedFor('/ok', txId);
        return found.length > 0 ? found : undefined;
      });
      expect(new Set(toOk.map((r) => r.headers['x-ncr-delivery'])).size, 'one delivery ID').to.equal(1);
      const list = await asAdmin('GET', '/v1/webhooks');
      expect((list.body.items as { id: string }[]).map((s) => s.id)).to.include.members([ok.id, down.id]);
    });
  });

  describe('unsubscribing', () => {
    it('DELETE removes a subscription and its deliveries; it is then not found', async () => {
      const { ok, flaky, email } = await subscribed();
      for (const id of [ok.id, flaky.id, email.id]) {
        const removed = await asAdmin('DELETE', `/v1/webhooks/${id}`);
        expect(removed.status, JSON.stringify(removed.body)).to.equal(200);
        expect(removed.body.id).to.equal(id);
        expect(errorCode(await asAdmin('GET', `/v1/webhooks/${id}/deliveries`))).to.equal('NOT_FOUND');
      }
      expect(errorCode(await asAdmin('DELETE', `/v1/webhooks/${ok.id}`))).to.equal('NOT_FOUND');
    });
  });
});
