import { createTransport } from 'nodemailer';
import type { DueDelivery } from './store';
import { signature } from './signing';
import { refusedUrl } from './targets';

/** What one attempt to send came to: `ok` for a 2xx (webhook) or an accepted message (e-mail). */
export interface SendResult {
  readonly ok: boolean;
  /** HTTP status, or the SMTP server's reply code. */
  readonly status?: number;
  readonly error?: string;
}

/** Sends a due delivery, attempt number `attempt` (1 for the first). Never throws: a failure is a result. */
export type Send = (delivery: DueDelivery, attempt: number) => Promise<SendResult>;

const messageOf = (err: unknown): string => {
  const cause = err instanceof Error && err.cause instanceof Error ? `: ${err.cause.message}` : '';
  return `${err instanceof Error ? err.message : String(err)}${cause}`.slice(0, 500);
};

/**
 * Webhooks: POSTs the delivery's JSON body with `X-NCR-Delivery`, `X-NCR-Event`, `X-NCR-Attempt`, `X-NCR-Timestamp`
 * (Unix seconds) and `X-NCR-Signature` (signing.ts); no redirect is followed and the response body is not read. The
 * URL is checked against the allow-list again before each attempt.
 */
export function webhookSender(options: { readonly allowHosts: readonly string[]; readonly timeoutMs: number }): Send {
  return async ({ subscription, body }, attempt) => {
    const url = subscription.url ?? '';
    const refused = refusedUrl(url, options.allowHosts);
    if (refused !== undefined || subscription.secret === undefined) {
      return { ok: false, error: `not sent: ${refused ?? 'the subscription has no secret'}` };
    }
    const text = JSON.stringify(body);
    const timestamp = Math.floor(Date.now() / 1000);
    try {
      const response = await fetch(url, {
        method: 'POST',
        redirect: 'manual',
        signal: AbortSignal.timeout(options.timeoutMs),
        headers: {
          'content-type': 'application/json',
          'user-agent': 'ncr-notifications/1',
          'x-ncr-delivery': body.id,
          'x-ncr-event': body.event.eventName,
          'x-ncr-attempt': String(attempt),
          'x-ncr-timestamp': String(timestamp),
          'x-ncr-signature': signature(subscription.secret, timestamp, text),
        },
        body: text,
      });
      await response.body?.cancel();
      const ok = response.status >= 200 && response.status < 300;
      return { ok, status: response.status, ...(ok ? {} : { error: `HTTP ${String(response.status)}` }) };
    } catch (err) {
      return { ok: false, error: messageOf(err) };
    }
  };
}

/** The text of a notice e-mail: what happened, where on the ledger, and the event's payload. */
function emailText(delivery: DueDelivery): { subject: string; text: string } {
  const { body } = delivery;
  const { event } = body;
  return {
    subject: `[NCR] ${event.eventName} (account ${body.accountId}, block ${String(event.blockNumber)})`,
    text: [
      `Registry event ${event.eventName} committed in block ${String(event.blockNumber)}, transaction ${event.txId}.`,
      `Account: ${body.accountId}`,
      '',
      JSON.stringify(event.payload, null, 2),
      '',
      `Delivery ${body.id} of subscription ${body.subscriptionId} (the same ID if this notice comes again).`,
    ].join('\n'),
  };
}

/**
 * E-mail through the SMTP server of `url` (nodemailer), from `from`; `close` ends its connections. The Message-ID
 * is the delivery's, so a notice sent again is the same message to the receiver's mail client.
 */
export function emailSender(smtp: { readonly url: string; readonly from: string }): { send: Send; close(): void } {
  const transport = createTransport(smtp.url);
  const send: Send = async (delivery, attempt) => {
    const to = delivery.subscription.email;
    if (to === undefined) return { ok: false, error: 'not sent: the subscription has no e-mail address' };
    try {
      const info = await transport.sendMail({
        from: smtp.from,
        to,
        ...emailText(delivery),
        messageId: `<${delivery.body.id}@notifications.ncr>`,
        headers: { 'X-NCR-Delivery': delivery.body.id, 'X-NCR-Attempt': String(attempt) },
      });
      const code = /^(\d{3})/.exec(info.response)?.[1];
      return { ok: true, ...(code === undefined ? {} : { status: Number(code) }) };
    } catch (err) {
      const code = (err as { responseCode?: unknown }).responseCode;
      return { ok: false, error: messageOf(err), ...(typeof code === 'number' ? { status: code } : {}) };
    }
  };
  return {
    send,
    close: () => {
      transport.close();
    },
  };
}
