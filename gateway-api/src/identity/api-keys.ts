import { createHash, randomBytes } from 'node:crypto';

const PREFIX = 'ncr_';

/** A new API key: 32 random bytes, base64url, with a recognisable prefix (for secret scanners). */
export function generateApiKey(): string {
  return `${PREFIX}${randomBytes(32).toString('base64url')}`;
}

/**
 * The only form in which a key is stored: its SHA-256, hex. Keys carry 256 bits of entropy, so a fast
 * unsalted hash is enough (no dictionary to attack), and it allows a direct lookup by hash.
 */
export function hashApiKey(apiKey: string): string {
  return createHash('sha256').update(apiKey, 'utf8').digest('hex');
}

/** Cheap syntactic check before any lookup. */
export function looksLikeApiKey(text: string): boolean {
  return text.startsWith(PREFIX) && /^[A-Za-z0-9_-]{40,80}$/.test(text.slice(PREFIX.length));
}
