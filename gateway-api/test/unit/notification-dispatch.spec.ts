import { mkdtempSync, rmSync } from 'node:fs';
import { type IncomingMessage, type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { type ParsedMail, simpleParser } from 'mailparser';
import pino from 'pino';
import { SMTPServer } from 'smtp-server';
import { emailSender, webhookSender } from '../../src/notifications/channels';
import { Dispatcher } from '../../src/notifications/dispatcher';
import { deliveriesOf, deliveryId } from '../../src/notifications/fanout';
import { verifySignature } from '../../src/notifications/signing';
import { NotificationStore } from '../../src/notifications/store';
import { TX, blockOf, subscriptionOf } from './notification-fixtures';

interface Received {
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
}

/** An HTTP receiver on 127.0.0.1 that answers each request with the next status of `statuses` (then the last). */
async function receiver(statuses: number[]): Promise<{ url: string; received: Received[]; server: Server }> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.statusCode = statuses[Math.min(received.length, statuses.length) - 1] ?? 200;
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${String((server.address() as AddressInfo).port)}/hook`, received, server };
}

const closeServer = (server: Server): Promise<void> =>
  new Promise((resolve) => {
    server.closeAllConnections();
    server.close(() => {
      resolve();
    });
  });

const transfer = { name: 'CREDITS_TRANSFERRED', payload: { fromAccountId: 'DEV-ACME', toAccountId: 'DEV-BETA' } };
const logger = pino({ level: 'silent' });

describe('notifications: dispatch over HTTP and SMTP', () => {
  let dir: string;
  let store: NotificationStore;

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'ncr-dispatch-'));
    store = NotificationStore.open(path.join(dir, 'notifications.sqlite'));
  });
  afterEach(() => {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** One subscription and one transfer in the outbox. */
  function outbox(target: { url: string } | { email: string }): string {
    const record = subscriptionOf({ id: 'sub_a', ...('url' in target ? {} : { url: undefined }), ...target });
    store.addSubscription(record, 1, 20);
    const block = blockOf(4, [transfer]);
    store.recordBlock(block, (subs) => deliveriesOf(block, subs, () => []), Date.now());
    return deliveryId('sub_a', 4, TX(400));
  }

  const dispatcher = (maxAttempts: number, email?: ReturnType<typeof emailSender>) =>
    new Dispatcher({
      store,
      retry: { baseMs: 1, maxDelayMs: 10, maxAttempts },
      pollMs: 20,
      leaseMs: 5_000,
      webhook: webhookSender({ allowHosts: ['127.0.0.1'], timeoutMs: 2_000 }),
      email: email?.send,
      logger,
    });

  it('posts the signed JSON body; a 500 is retried with the same delivery ID, then a 200 delivers it', async () => {
    const hook = await receiver([500, 200]);
    try {
      const id = outbox({ url: hook.url });
      const d = dispatcher(5);
      expect(await d.pass()).to.equal(1);
      expect(await d.pass(Date.now() + 50)).to.equal(1);
      expect(await d.pass(Date.now() + 50)).to.equal(0);
      expect(hook.received.map((r) => r.headers['x-ncr-attempt'])).to.deep.equal(['1', '2']);
      for (const { headers, body } of hook.received) {
        expect(headers['x-ncr-delivery']).to.equal(id);
        expect(headers['x-ncr-event']).to.equal('CREDITS_TRANSFERRED');
        expect(headers['content-type']).to.equal('application/json');
        const signed = {
          timestamp: headers['x-ncr-timestamp'] as string,
          signature: headers['x-ncr-signature'] as string,
        };
        expect(verifySignature('whsec_test', signed, body, { nowSeconds: Date.now() / 1000 })).to.equal(true);
        expect(JSON.parse(body)).to.deep.equal({
          id,
          subscriptionId: 'sub_a',
          accountId: 'DEV-ACME',
          eventId: `4:${TX(400)}`,
          event: { blockNumber: 4, txId: TX(400), eventName: 'CREDITS_TRANSFERRED', payload: transfer.payload },
        });
      }
      const [delivery] = store.deliveries('sub_a', 10).items;
      expect(delivery?.status).to.equal('DELIVERED');
      expect(delivery?.attempts.map((a) => a.status)).to.deep.equal([500, 200]);
    } finally {
      await closeServer(hook.server);
    }
  });

  it('after the last attempt fails the delivery is FAILED and never sent again', async () => {
    const hook = await receiver([503]);
    try {
      outbox({ url: hook.url });
      const d = dispatcher(2);
      await d.pass();
      await d.pass(Date.now() + 50);
      expect(await d.pass(Date.now() + 10_000)).to.equal(0);
      expect(hook.received).to.have.length(2);
      expect(store.deliveries('sub_a', 10).items[0]).to.deep.include({ status: 'FAILED', lastStatus: 503 });
    } finally {
      await closeServer(hook.server);
    }
  });

  it('a refused connection and a redirect are failed attempts with the reason', async () => {
    const hook = await receiver([302]);
    const port = (hook.server.address() as AddressInfo).port;
    await closeServer(hook.server);
    outbox({ url: `http://127.0.0.1:${String(port)}/gone` });
    await dispatcher(3).pass();
    const [delivery] = store.deliveries('sub_a', 10).items;
    expect(delivery?.status).to.equal('PENDING');
    expect(delivery?.lastError).to.match(/fetch failed|ECONNREFUSED/);
    const redirecting = await receiver([302]);
    try {
      const send = webhookSender({ allowHosts: ['127.0.0.1'], timeoutMs: 2_000 });
      const [due] = store.due(Date.now() + 10_000, 1);
      if (due === undefined) throw new Error('no due delivery');
      const result = await send({ ...due, subscription: { ...due.subscription, url: redirecting.url } }, 2);
      expect(result).to.deep.equal({ ok: false, status: 302, error: 'HTTP 302' });
      const refused = await webhookSender({ allowHosts: [], timeoutMs: 2_000 })(due, 3);
      expect(refused.error).to.match(/^not sent: webhooks are off/);
    } finally {
      await closeServer(redirecting.server);
    }
  });

  it('only the lease holder sends: a second dispatcher on the same database sends nothing meanwhile', async () => {
    const hook = await receiver([200]);
    const other = NotificationStore.open(path.join(dir, 'notifications.sqlite'));
    try {
      outbox({ url: hook.url });
      const first = dispatcher(3);
      const second = new Dispatcher({
        store: other,
        retry: { baseMs: 1, maxDelayMs: 10, maxAttempts: 3 },
        pollMs: 20,
        leaseMs: 5_000,
        webhook: webhookSender({ allowHosts: ['127.0.0.1'], timeoutMs: 2_000 }),
        email: undefined,
        logger,
      });
      expect(await first.pass()).to.equal(0 + 1);
      expect(await second.pass()).to.equal(0);
      await first.stop();
      expect(await second.pass()).to.equal(0, 'nothing left to send once the first released its lease');
      expect(hook.received).to.have.length(1);
    } finally {
      other.close();
      await closeServer(hook.server);
    }
  });

  it('e-mails a notice through SMTP: the event in the text, the delivery as Message-ID', async () => {
    const mails: ParsedMail[] = [];
    const smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData(stream, _session, done) {
        simpleParser(stream).then(
          (mail) => {
            mails.push(mail);
            done();
          },
          (err: unknown) => {
            done(err as Error);
          },
        );
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    const port = (smtp.server.address() as AddressInfo).port;
    const email = emailSender({ url: `smtp://127.0.0.1:${String(port)}`, from: 'registry@example.org' });
    try {
      const id = outbox({ email: 'acme@example.org' });
      expect(await dispatcher(3, email).pass()).to.equal(1);
      expect(mails).to.have.length(1);
      const [mail] = mails;
      expect(mail?.messageId).to.equal(`<${id}@notifications.ncr>`);
      expect(mail?.subject).to.equal('[NCR] CREDITS_TRANSFERRED (account DEV-ACME, block 4)');
      expect(mail?.text)
        .to.contain(`transaction ${TX(400)}`)
        .and.to.contain('"toAccountId": "DEV-BETA"');
      expect(store.deliveries('sub_a', 10).items[0]).to.deep.include({ status: 'DELIVERED', lastStatus: 250 });
    } finally {
      email.close();
      await new Promise<void>((resolve) => {
        smtp.close(resolve);
      });
    }
  });

  it('an e-mail subscription at a site without SMTP fails its attempt, to be retried', async () => {
    outbox({ email: 'acme@example.org' });
    await dispatcher(3).pass();
    expect(store.deliveries('sub_a', 10).items[0]).to.deep.include({
      status: 'PENDING',
      lastError: 'not sent: e-mail is off at this site (NCR_SMTP_URL)',
    });
  });
});
