import { describeIssues } from '@ncr/chaincode/domain';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { z } from 'zod';

/** Finds the repository root (the folder whose package.json declares workspaces), whatever the build layout. */
export function findRepoRoot(start: string = __dirname): string {
  let dir = path.resolve(start);
  for (;;) {
    const candidate = path.join(dir, 'package.json');
    if (existsSync(candidate)) {
      const pkg = JSON.parse(readFileSync(candidate, 'utf8')) as { workspaces?: unknown };
      if (pkg.workspaces !== undefined) return dir;
    }
    const parent = path.dirname(dir);
    if (parent === dir) return process.cwd();
    dir = parent;
  }
}

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

/** Parses a 32-byte key given as 64 hex characters or as base64 / base64url. */
export function parseWalletKey(text: string): Buffer {
  const trimmed = text.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(trimmed) ? Buffer.from(trimmed, 'hex') : Buffer.from(trimmed, 'base64');
  if (key.length !== 32) {
    throw new Error('WALLET_KEY must be 32 bytes, given as 64 hex characters or base64');
  }
  return key;
}

const envSchema = z.object({
  NCR_HOME: z.string().min(1).optional(),
  NCR_NETWORK_CONFIG: z.string().min(1).optional(),
  NCR_DOCUMENTS_DIR: z.string().min(1).optional(),
  NCR_WALLET_KEY_FILE: z.string().min(1).optional(),
  XDG_CONFIG_HOME: z.string().min(1).optional(),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  WALLET_KEY: z
    .string()
    .optional()
    .transform((value, ctx) => {
      if (value === undefined || value === '') return undefined;
      try {
        return parseWalletKey(value);
      } catch (err) {
        ctx.addIssue({ code: 'custom', message: (err as Error).message });
        return z.NEVER;
      }
    }),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  NCR_EVALUATE_TIMEOUT_MS: positiveInt(5_000),
  NCR_ENDORSE_TIMEOUT_MS: positiveInt(15_000),
  NCR_SUBMIT_TIMEOUT_MS: positiveInt(5_000),
  NCR_COMMIT_STATUS_TIMEOUT_MS: positiveInt(60_000),
  NCR_MVCC_RETRIES: z.coerce.number().int().min(0).max(10).default(3),
  NCR_CATCH_UP_WAIT_MS: z.coerce.number().int().min(0).max(60_000).default(3_000),
  NCR_BODY_LIMIT: z.string().default('100kb'),
  NCR_RATE_LIMIT_PER_MINUTE: positiveInt(600),
  NCR_PUBLIC_RATE_LIMIT_PER_MINUTE: positiveInt(300),
  NCR_HEALTH_CACHE_MS: z.coerce.number().int().min(0).max(60_000).default(3_000),
  NCR_SHUTDOWN_GRACE_MS: positiveInt(10_000),
  NCR_READMODEL_MIN_FREE_BYTES: z.coerce.number().int().min(0).default(1_048_576),
});

export interface Deadlines {
  readonly evaluateMs: number;
  readonly endorseMs: number;
  readonly submitMs: number;
  readonly commitStatusMs: number;
}

export interface Config {
  readonly ncrHome: string;
  readonly gatewayHome: string;
  readonly networkConfigPath: string;
  /** The folder document store: `NCR_DOCUMENTS_DIR`, else `<NCR_HOME>/documents` (docs/documents.md). */
  readonly documentsDir: string;
  readonly host: string;
  readonly port: number;
  /** Absent when not given in the environment: see {@link resolveWalletKey}. */
  readonly walletKey: Buffer | undefined;
  /** `NCR_WALLET_KEY_FILE`; absent → {@link walletKeyPath} picks the default outside NCR_HOME. */
  readonly walletKeyFile: string | undefined;
  /** `$XDG_CONFIG_HOME/ncr`, or `~/.config/ncr`: per-user configuration, outside any NCR_HOME. */
  readonly configHome: string;
  readonly logLevel: string;
  readonly deadlines: Deadlines;
  readonly mvccRetries: number;
  /** How long a call waits for peers to hold the last block committed through the gateway (0: no wait). */
  readonly catchUpWaitMs: number;
  readonly bodyLimit: string;
  readonly rateLimitPerMinute: number;
  /** Per client address on the endpoints without an API key (health, metrics, OpenAPI, docs). */
  readonly publicRateLimitPerMinute: number;
  /** How long one ledger probe answers /v1/health. */
  readonly healthCacheMs: number;
  readonly shutdownGraceMs: number;
  /** Below this many free bytes on the read model's disk, its views answer 503 READ_MODEL_DISK_FULL (0: never). */
  readonly readModelMinFreeBytes: number;
}

/** Reads the configuration from the environment; throws with every problem listed if anything is invalid. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new Error(`Invalid gateway configuration: ${describeIssues(parsed.error, undefined, Infinity)}`);
  }
  const e = parsed.data;
  const ncrHome = path.resolve(e.NCR_HOME ?? path.join(findRepoRoot(), '.ncr'));
  const gatewayHome = path.join(ncrHome, 'gateway');
  return {
    ncrHome,
    gatewayHome,
    networkConfigPath: path.resolve(e.NCR_NETWORK_CONFIG ?? path.join(ncrHome, 'network.json')),
    documentsDir: path.resolve(e.NCR_DOCUMENTS_DIR ?? path.join(ncrHome, 'documents')),
    host: e.HOST,
    port: e.PORT,
    walletKey: e.WALLET_KEY,
    walletKeyFile: e.NCR_WALLET_KEY_FILE === undefined ? undefined : path.resolve(e.NCR_WALLET_KEY_FILE),
    configHome: path.join(path.resolve(e.XDG_CONFIG_HOME ?? path.join(homedir(), '.config')), 'ncr'),
    logLevel: e.LOG_LEVEL,
    deadlines: {
      evaluateMs: e.NCR_EVALUATE_TIMEOUT_MS,
      endorseMs: e.NCR_ENDORSE_TIMEOUT_MS,
      submitMs: e.NCR_SUBMIT_TIMEOUT_MS,
      commitStatusMs: e.NCR_COMMIT_STATUS_TIMEOUT_MS,
    },
    mvccRetries: e.NCR_MVCC_RETRIES,
    catchUpWaitMs: e.NCR_CATCH_UP_WAIT_MS,
    bodyLimit: e.NCR_BODY_LIMIT,
    rateLimitPerMinute: e.NCR_RATE_LIMIT_PER_MINUTE,
    publicRateLimitPerMinute: e.NCR_PUBLIC_RATE_LIMIT_PER_MINUTE,
    healthCacheMs: e.NCR_HEALTH_CACHE_MS,
    shutdownGraceMs: e.NCR_SHUTDOWN_GRACE_MS,
    readModelMinFreeBytes: e.NCR_READMODEL_MIN_FREE_BYTES,
  };
}

/**
 * Returns the wallet key from the file at `keyPath`, creating a fresh random key there (mode 0600) when the
 * file does not exist yet. The file holds the key as 64 hex characters.
 */
export function loadOrCreateWalletKey(keyPath: string): Buffer {
  if (existsSync(keyPath)) {
    return parseWalletKey(readFileSync(keyPath, 'utf8'));
  }
  mkdirSync(path.dirname(keyPath), { recursive: true, mode: 0o700 });
  const key = randomBytes(32);
  // 'wx' so that two processes racing here cannot both write different keys.
  try {
    writeFileSync(keyPath, `${key.toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return parseWalletKey(readFileSync(keyPath, 'utf8'));
    throw err;
  }
  return key;
}

/**
 * This site's identifier, `ncr-<12 hex>`, kept in `$NCR_HOME/gateway/network-id` (created once; NCR_HOME is the
 * organisation's site folder): it names the site's folder under {@link Config.configHome}, so that each
 * organisation's gateway, and each network of one user, has a wallet key of its own, and a moved NCR_HOME still
 * finds its key.
 */
function networkId(config: Config): string {
  const file = path.join(config.gatewayHome, 'network-id');
  const read = (): string => readFileSync(file, 'utf8').trim();
  if (existsSync(file)) return read();
  mkdirSync(config.gatewayHome, { recursive: true, mode: 0o700 });
  try {
    writeFileSync(file, `ncr-${randomBytes(6).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  return read();
}

/**
 * Where the wallet key file is: `NCR_WALLET_KEY_FILE`, else `<configHome>/<network id>/wallet.key`, outside the
 * data it protects (a copy of NCR_HOME alone does not open the wallet).
 */
export function walletKeyPath(config: Config): string {
  return config.walletKeyFile ?? path.join(config.configHome, networkId(config), 'wallet.key');
}

/** True when `file` lies inside NCR_HOME, beside the wallet it encrypts. */
export function keptBesideData(config: Config, file: string): boolean {
  const relative = path.relative(config.ncrHome, file);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}

/** Where earlier versions kept the key: beside the wallet. Moved out by {@link resolveWalletKey}. */
const legacyWalletKeyPath = (config: Config): string => path.join(config.gatewayHome, 'wallet.key');

/**
 * The wallet key to use: `WALLET_KEY` if given, else the key file ({@link walletKeyPath}), created (mode 0600)
 * when missing. A key left beside the data by an earlier version is moved to the default file on first use.
 */
export function resolveWalletKey(config: Config): Buffer {
  if (config.walletKey !== undefined) return config.walletKey;
  const file = walletKeyPath(config);
  const legacy = legacyWalletKeyPath(config);
  if (config.walletKeyFile === undefined && !existsSync(file) && existsSync(legacy)) {
    const key = parseWalletKey(readFileSync(legacy, 'utf8'));
    mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    writeFileSync(file, `${key.toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
    unlinkSync(legacy);
    return key;
  }
  return loadOrCreateWalletKey(file);
}
