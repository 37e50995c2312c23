import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { type IncomingHttpHeaders, type Server, createServer } from 'node:http';
import { type AddressInfo, createServer as createNetServer } from 'node:net';
import path from 'node:path';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { ReadModelStore } from '../../src/read-model/store';
import { repoRoot, siteHome } from './support';

/*
 * A second gateway and read-model process of the developers' site, configured for the test (webhooks to 127.0.0.1,
 * a short retry base, an SMTP server of the test's own) with a notifications database and a read-model copy of
 * their own, so the running site's are untouched; and the receivers they deliver to.
 */

const gatewayMain = path.join(repoRoot, 'gateway-api', 'dist', 'src', 'main.js');
const readModelMain = path.join(repoRoot, 'gateway-api', 'dist', 'src', 'read-model', 'main.js');
export const developerSite = siteHome('DeveloperMSP');

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export async function until<T>(
  what: string,
  check: () => Promise<T | undefined> | T | undefined,
  ms = 60_000,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const found = await check();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`timed out: ${what}`);
    await sleep(100);
  }
}

async function freePort(): Promise<number> {
  const server = createNetServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) =>
    server.close(() => {
      resolve();
    }),
  );
  return port;
}

export interface Received {
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/** The webhook receiver: answers each path with the status `answer` gives for it (200 when it gives none). */
export async function startReceiver(
  answer: (path: string, received: readonly Received[]) => number | undefined,
): Promise<{ url: string; received: Received[]; close(): Promise<void> }> {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    // A sender killed with SIGKILL mid-request resets the connection: that request is simply not received.
    req.on('error', () => undefined);
    res.on('error', () => undefined);
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const entry = { path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      received.push(entry);
      res.statusCode = answer(entry.path, received) ?? 200;
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${String((server.address() as AddressInfo).port)}`,
    received,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          resolve();
        });
      }),
  };
}

/** An SMTP server on 127.0.0.1 that keeps each message it accepts, parsed. */
export async function startSmtp(): Promise<{ url: string; mails: ParsedMail[]; close(): Promise<void> }> {
  const mails: ParsedMail[] = [];
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, done) {
      simpleParser(stream).then(
        (mail) => {
          mails.push(mail);
          done();
        },
        (err: unknown) => {
          done(err as Error);
        },
      );
    },
  });
  smtp.on('error', () => undefined); // a sender killed mid-message resets its connection
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  return {
    url: `smtp://127.0.0.1:${String((smtp.server.address() as AddressInfo).port)}`,
    mails,
    close: () =>
      new Promise((resolve) => {
        smtp.close(resolve);
      }),
  };
}

/** The test's own gateway and read-model processes of the developers' site, each restartable. */
export class TestSite {
  readonly #dir: string;
  readonly #env: Record<string, string>;
  #gateway: ChildProcess | undefined;
  #readModel: ChildProcess | undefined;
  url = '';

  constructor(dir: string, env: Record<string, string>) {
    this.#dir = dir;
    this.#env = {
      NCR_HOME: developerSite,
      NCR_READMODEL_DB: path.join(dir, 'registry.sqlite'),
      NCR_NOTIFY_DB: path.join(dir, 'notifications.sqlite'),
      LOG_LEVEL: 'info',
      ...env,
    };
  }

  #spawn(name: string, main: string, env: Record<string, string> = {}): ChildProcess {
    const log = openSync(path.join(this.#dir, `${name}.log`), 'a');
    const child = spawn(process.execPath, [main], {
      env: { ...process.env, ...this.#env, ...env },
      stdio: ['ignore', log, log],
    });
    closeSync(log);
    return child;
  }

  /** Seeds the read-model copy from the running site's, so that the copy starts near the ledger's height. */
  async seedReadModel(): Promise<void> {
    const live = ReadModelStore.openReader(path.join(developerSite, 'read-model', 'registry.sqlite'));
    try {
      await live.backupTo(this.#env.NCR_READMODEL_DB ?? '');
    } finally {
      live.close();
    }
  }

  startReadModel(): void {
    this.#readModel = this.#spawn('read-model', readModelMain);
  }

  async startGateway(): Promise<void> {
    const port = await freePort();
    this.#gateway = this.#spawn('gateway', gatewayMain, { PORT: String(port), HOST: '127.0.0.1' });
    this.url = `http://127.0.0.1:${String(port)}`;
    await until('the test gateway answers /v1/health', async () => {
      const ok = await fetch(`${this.url}/v1/health`).then(
        (r) => r.ok,
        () => false,
      );
      return ok ? true : undefined;
    });
  }

  /** SIGKILL: nothing is flushed, closed or released. */
  static async kill(child: ChildProcess | undefined): Promise<void> {
    if (child === undefined || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }

  async killReadModel(): Promise<void> {
    await TestSite.kill(this.#readModel);
  }

  async killGateway(): Promise<void> {
    await TestSite.kill(this.#gateway);
  }

  async stop(): Promise<void> {
    await Promise.all([this.killGateway(), this.killReadModel()]);
  }
}
