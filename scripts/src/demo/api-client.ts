import fs from 'node:fs';
import path from 'node:path';
import { ApiTransport } from '../lib/api';
import { paths } from '../lib/paths';

/** One line of .ncr/users.json, written by the demo bootstrap of `npm start`. */
export interface DemoUser {
  readonly name: string;
  readonly org: string;
  readonly account: string;
  readonly role: string;
  readonly apiKey: string;
  /** Their own organisation's gateway, the only one that knows their key. */
  readonly url: string;
}

/** The demo users of a network, by name (by default of this one: .ncr/users.json). */
export function demoUsers(file = path.join(paths.home, 'users.json')): Map<string, DemoUser> {
  if (!fs.existsSync(file)) throw new Error(`${file} is missing: run npm start first`);
  const users = JSON.parse(fs.readFileSync(file, 'utf8')) as DemoUser[];
  return new Map(users.map((user) => [user.name, user]));
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(`${status} ${code}: ${message}`);
  }
}

/** A REST client acting as one user (its API key), against their own organisation's gateway. */
export class ApiClient {
  readonly #api: ApiTransport;

  constructor(readonly user: DemoUser) {
    this.#api = new ApiTransport(user.url, 120_000);
  }

  async get<T>(route: string): Promise<T> {
    return this.call<T>('GET', route);
  }

  async post<T>(route: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
    return this.call<T>('POST', route, body, headers);
  }

  private async call<T>(
    method: string,
    route: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<T> {
    const { ok, status, text } = await this.#api.send(method, route, this.user.apiKey, body, headers);
    const parsed: unknown = text === '' ? undefined : JSON.parse(text);
    if (!ok) {
      const error = (parsed as { error?: { code?: string; message?: string } } | undefined)?.error;
      throw new ApiError(status, error?.code ?? 'UNKNOWN', error?.message ?? text);
    }
    return parsed as T;
  }
}

/** What the demo needs to know of the workflow profile new projects follow (docs/workflows.md). */
interface ProfileView {
  readonly steps: Partial<Record<string, { used: boolean }>>;
  readonly retirementApproval: boolean;
}

/** The installed profile, or the built-in lean flow when none is installed yet (404). */
export async function currentProfile(government: ApiClient): Promise<ProfileView> {
  try {
    return await government.get<ProfileView>('/v1/workflow-profile');
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) return { steps: {}, retirementApproval: false };
    throw err;
  }
}
