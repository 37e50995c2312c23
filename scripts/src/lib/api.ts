/** What the gateway answered: the status and the body as text (JSON, XLSX, CSV or empty). */
export interface ApiAnswer {
  readonly status: number;
  readonly ok: boolean;
  readonly text: string;
  readonly headers: Headers;
}

/** HTTP to the REST gateway at `baseUrl` (the one `npm start` runs), as the scripts' clients send it. */
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
    const response = await fetch(`${this.baseUrl}${route}`, {
      method,
      headers: {
        authorization: `Bearer ${apiKey}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    return { status: response.status, ok: response.ok, text: await response.text(), headers: response.headers };
  }
}
