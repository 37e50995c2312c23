import fs from 'node:fs';
import { paths } from './paths';

/** What the gateway answered: the status and the body as text (JSON, XLSX, CSV or empty). */
export interface ApiAnswer {
  readonly status: number;
  readonly ok: boolean;
  readonly text: string;
  readonly headers: Headers;
}

/**
 * Which gateway serves an API key: each organisation's gateway knows only its own users. A demo user's is given in
 * .ncr/users.json (`url`); a key a gateway hands out (`admin.apiKey`, `user.apiKey` of a creation) is that gateway's.
 */
const gatewayOfKey = new Map<string, string>();
/** When users.json was last read: it is read again once it changed (a partner's or joined site's users added). */
let demoUsersReadAt: number | undefined;

function readDemoUsers(): void {
  if (!fs.existsSync(paths.users)) return;
  const changedAt = fs.statSync(paths.users).mtimeMs;
  if (demoUsersReadAt === changedAt) return;
  demoUsersReadAt = changedAt;
  const users: unknown = JSON.parse(fs.readFileSync(paths.users, 'utf8'));
  for (const user of Array.isArray(users) ? (users as unknown[]) : []) learnKey(user, undefined);
}

/** Records `{apiKey, url}` (a users.json line) or an `apiKey` handed out by the gateway at `url`. */
function learnKey(value: unknown, url: string | undefined): void {
  if (typeof value !== 'object' || value === null || !('apiKey' in value)) return;
  const own = 'url' in value && typeof value.url === 'string' ? value.url : url;
  if (typeof value.apiKey === 'string' && own !== undefined) gatewayOfKey.set(value.apiKey, own);
}

/** The base URL of the gateway that serves `apiKey`, or `fallback` for a key no gateway handed out. */
export function gatewayOf(apiKey: string, fallback: string): string {
  const known = gatewayOfKey.get(apiKey);
  if (known !== undefined) return known;
  readDemoUsers();
  return gatewayOfKey.get(apiKey) ?? fallback;
}

function learnFromAnswer(text: string, url: string): void {
  if (!text.includes('"apiKey"')) return;
  try {
    const body: unknown = JSON.parse(text);
    if (typeof body !== 'object' || body === null) return;
    learnKey('admin' in body ? body.admin : undefined, url);
    learnKey('user' in body ? body.user : undefined, url);
  } catch {
    // not JSON
  }
}

/**
 * HTTP to the REST gateways: each request goes to the gateway of its API key ({@link gatewayOf}); `baseUrl` (the
 * government's gateway by default) serves keys no gateway handed out (unknown keys, fuzzing).
 */
export class ApiTransport {
  constructor(
    readonly baseUrl: string,
    private readonly timeoutMs: number,
  ) {}

  /** Sends `body` (as JSON, when given) to `route` with `apiKey` as the bearer token. */
  async send(
    method: string,
    route: string,
    apiKey: string,
    body?: unknown,
    headers: Readonly<Record<string, string>> = {},
  ): Promise<ApiAnswer> {
    const url = gatewayOf(apiKey, this.baseUrl);
    const response = await fetch(`${url}${route}`, {
      method,
      headers: {
        authorization: `Bearer ${apiKey}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    const text = await response.text();
    if (response.ok) learnFromAnswer(text, url);
    return { status: response.status, ok: response.ok, text, headers: response.headers };
  }
}
