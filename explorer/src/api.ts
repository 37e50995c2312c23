/** Calls to the gateway's API, with the user's key (kept for this browser tab only). */
const KEY = 'ncr-explorer-api-key';

export const session = {
  key: (): string | null => sessionStorage.getItem(KEY),
  signIn: (key: string): void => {
    sessionStorage.setItem(KEY, key.trim());
  },
  signOut: (): void => {
    sessionStorage.removeItem(KEY);
  },
};

/** An error answer of the gateway: `{error: {code, message}}` with its status. */
export class ApiFailure extends Error {
  readonly status: number;
  readonly code: string;
  constructor(status: number, code: string, message: string) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

function headers(): Record<string, string> {
  const key = session.key();
  return key === null ? {} : { authorization: `Bearer ${key}` };
}

async function failure(response: Response): Promise<ApiFailure> {
  const text = await response.text();
  try {
    const body: unknown = JSON.parse(text);
    const error = typeof body === 'object' && body !== null && 'error' in body ? body.error : undefined;
    if (typeof error === 'object' && error !== null && 'code' in error && 'message' in error) {
      return new ApiFailure(response.status, String(error.code), String(error.message));
    }
  } catch {
    // not JSON: reported with the status below
  }
  return new ApiFailure(response.status, 'HTTP', `${response.status} ${response.statusText}`);
}

/**
 * GET a JSON answer. The shapes are the gateway's OpenAPI document (`/v1/openapi.json`); the browser trusts them
 * for display only, and verifies blocks from their raw bytes (verify/block.ts).
 */
export async function getJson<T>(path: string): Promise<T> {
  const response = await fetchAgainWhileBusy(path);
  if (!response.ok) throw await failure(response);
  return (await response.json()) as T;
}

/** How often a read is sent again while the gateway answers that it is busy or a node is briefly unreachable. */
const BUSY_ATTEMPTS = 3;
const BUSY_WAIT_MAX_MS = 5_000;

/**
 * A GET, sent again (at most {@link BUSY_ATTEMPTS} times in all) while the gateway answers 429 or 503, after the
 * `Retry-After` it gives (at most 5 s; 1 s without one): a read's transient failure does not end a page's
 * verification. Any other answer, and the last busy one, is returned as it is.
 */
async function fetchAgainWhileBusy(path: string): Promise<Response> {
  for (let attempt = 1; ; attempt++) {
    const response = await fetch(path, { headers: headers() });
    if ((response.status !== 429 && response.status !== 503) || attempt === BUSY_ATTEMPTS) return response;
    const seconds = Number(response.headers.get('retry-after'));
    const wait = Number.isFinite(seconds) && seconds > 0 ? Math.min(seconds * 1000, BUSY_WAIT_MAX_MS) : 1_000;
    await new Promise((resolve) => setTimeout(resolve, wait));
  }
}

/** GET a file (AEF workbook) as a download link. */
export async function getBlobUrl(path: string): Promise<string> {
  const response = await fetch(path, { headers: headers() });
  if (!response.ok) throw await failure(response);
  return URL.createObjectURL(await response.blob());
}

/**
 * One of the gateway's event streams (server-sent events: `/v1/explorer/stream`) read with fetch, so that the key goes
 * in a header; `onOpen` once the gateway accepted it.
 */
export async function followEvents(
  path: string,
  handlers: { onOpen: () => void; onEvent: (event: { id: string; name: string; data: string }) => void },
  signal: AbortSignal,
): Promise<void> {
  const response = await fetch(path, { headers: headers(), signal });
  if (!response.ok || response.body === null) throw await failure(response);
  handlers.onOpen();
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value;
    let end = buffer.indexOf('\n\n');
    while (end >= 0) {
      const message = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const field = (name: string): string =>
        message
          .split('\n')
          .find((line) => line.startsWith(`${name}: `))
          ?.slice(name.length + 2) ?? '';
      if (field('event') !== '') handlers.onEvent({ id: field('id'), name: field('event'), data: field('data') });
      end = buffer.indexOf('\n\n');
    }
  }
}
