import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** A new subscription secret: 32 random bytes, base64url, with a prefix that says what it is. */
export function newSecret(): string {
  return `whsec_${randomBytes(32).toString('base64url')}`;
}

/**
 * The `X-NCR-Signature` value of a webhook delivery: `sha256=` and the hex HMAC-SHA256, keyed with the subscription's
 * secret (its UTF-8 text), of `<timestamp>.<body>` (the `X-NCR-Timestamp` value, a dot, the exact body bytes).
 */
export function signature(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac('sha256', secret)
    .update(`${String(timestamp)}.${body}`)
    .digest('hex')}`;
}

/**
 * The receiver's check (docs/notifications.md): the signature matches and the timestamp (Unix seconds) is within
 * `toleranceSeconds` of `nowSeconds`, so a captured delivery cannot be replayed later.
 */
export function verifySignature(
  secret: string,
  headers: { readonly timestamp: string | undefined; readonly signature: string | undefined },
  body: string,
  options: { readonly nowSeconds: number; readonly toleranceSeconds?: number },
): boolean {
  const timestamp = Number(headers.timestamp);
  if (headers.signature === undefined || !/^\d{1,12}$/.test(headers.timestamp ?? '')) return false;
  if (Math.abs(options.nowSeconds - timestamp) > (options.toleranceSeconds ?? 300)) return false;
  const expected = Buffer.from(signature(secret, timestamp, body));
  const given = Buffer.from(headers.signature);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
