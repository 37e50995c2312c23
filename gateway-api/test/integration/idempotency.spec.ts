import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { expect } from 'chai';
import { type Reply, api, errorCode, issuedBlock, listAll, request } from './support';

const PAIRS = 20;

/**
 * A client that gives up on a transfer after 300 ms and retries at once with the same Idempotency-Key must not
 * spend twice: the gateway keeps the key until the first request settles, then replays its result.
 */
describe('Idempotency-Key when the client times out and retries at once', function () {
  this.timeout(600_000);

  it(`commits each of ${PAIRS} aborted-then-retried transfers exactly once`, async () => {
    const run = randomBytes(3).toString('hex');
    const { projectId, block } = await issuedBlock(`abort-${run}`, 1_000);
    const txIds: string[] = [];
    let aborted = 0;
    let waited = 0;
    for (let i = 0; i < PAIRS; i++) {
      const send = (signal?: AbortSignal): Promise<Reply> =>
        request('POST', '/v1/transfers', {
          as: 'developer-admin',
          body: { blockId: block.id, quantity: i + 1, toAccountId: 'DEV-BETA' },
          headers: { 'Idempotency-Key': `abort-${run}-${i}` },
          ...(signal === undefined ? {} : { signal }),
        });
      const first = await send(AbortSignal.timeout(300)).catch(() => undefined);
      if (first === undefined) aborted++;
      let reply = await send();
      const deadline = Date.now() + 60_000;
      while (reply.status === 409 && errorCode(reply) === 'IDEMPOTENCY_IN_PROGRESS' && Date.now() < deadline) {
        waited++;
        await sleep(100);
        reply = await send();
      }
      expect(reply.status, `pair ${i}: ${JSON.stringify(reply.body)}`).to.equal(201);
      if (first !== undefined) expect(reply.body.txId, `pair ${i}`).to.equal(first.body.txId);
      txIds.push(reply.body.txId as string);
    }
    // The scenario was exercised: some first requests were cut off while their transfer was running.
    expect(aborted, 'first requests aborted').to.be.greaterThan(0);
    expect(new Set(txIds).size).to.equal(PAIRS);

    const source = await api('GET', `/v1/credit-blocks/${block.id}`, 'developer-admin');
    const moved = (PAIRS * (PAIRS + 1)) / 2;
    expect(source.body.quantity, `each transfer once (${aborted} aborted, ${waited} waits)`).to.equal(1_000 - moved);
    // every page: a page reads DEV-BETA's blocks of every project and keeps this project's
    const received = await listAll<{ quantity: number }>(
      `/v1/credit-blocks?owner=DEV-BETA&project=${projectId}`,
      'gov-admin',
    );
    const quantities = received.map((b) => b.quantity).sort((a, b) => a - b);
    expect(quantities).to.deep.equal(Array.from({ length: PAIRS }, (_, i) => i + 1));
  });
});
