/**
 * Where a webhook may post: the SSRF stance. A gateway runs next to peers, orderers, CAs and their operations
 * endpoints, so a URL chosen by an account's admin must not reach them: only http(s) URLs without credentials whose
 * host the operator listed in `NCR_WEBHOOK_ALLOW_HOSTS` (exact, or `*.suffix` for its subdomains) are accepted, at
 * registration and again before every attempt (the list may have changed). Nothing is allowed by default. Redirects
 * are not followed (a 3xx is a failed attempt), so an allowed host cannot send a delivery elsewhere.
 */

/** Why a webhook URL is refused, or undefined when it is allowed. */
export function refusedUrl(text: string, allowHosts: readonly string[]): string | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return 'not a URL';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'only http and https URLs are allowed';
  if (url.username !== '' || url.password !== '') return 'a webhook URL may not carry credentials';
  const host = url.hostname.toLowerCase();
  const allowed = allowHosts.some((entry) =>
    entry.startsWith('*.') ? host.endsWith(entry.slice(1)) && host.length > entry.length - 1 : host === entry,
  );
  if (!allowed) {
    return allowHosts.length === 0
      ? 'webhooks are off on this gateway: its operator allows none (NCR_WEBHOOK_ALLOW_HOSTS)'
      : `host ${host} is not in this gateway's allow-list (NCR_WEBHOOK_ALLOW_HOSTS)`;
  }
  return undefined;
}
