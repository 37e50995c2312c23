/**
 * `fn`'s answer reused for `ttlMs` after it settles, and shared by callers that arrive while it runs, so that
 * however often it is asked for, what it probes is probed at most once per window.
 */
export function cachedFor<T>(ttlMs: number, fn: () => Promise<T>, now: () => number = Date.now): () => Promise<T> {
  let cached: { readonly value: Promise<T>; expiresAt: number } | undefined;
  return () => {
    if (cached !== undefined && now() < cached.expiresAt) return cached.value;
    const entry = { value: fn(), expiresAt: Number.POSITIVE_INFINITY };
    cached = entry;
    const settled = (): void => {
      entry.expiresAt = now() + ttlMs;
    };
    entry.value.then(settled, settled);
    return entry.value;
  };
}
