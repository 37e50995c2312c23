import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../storage/atomic-file';
import {
  type CredentialStore,
  type IdentityRef,
  type WalletEntry,
  identityKey,
  identityRefFields,
  inCustody,
} from './credentials';

const ALGORITHM = 'aes-256-gcm';
const IV_BYTES = 12;

const sealedSchema = z.object({
  version: z.literal(1),
  algorithm: z.literal('AES-256-GCM'),
  label: z.string(),
  iv: z.string(),
  tag: z.string(),
  ciphertext: z.string(),
});

/** One encrypted wallet entry, as stored on disk. */
export type SealedEntry = z.infer<typeof sealedSchema>;

/** An entry's content: the private key only when the gateway holds it (custody external: certificate alone). */
const entrySchema = z.object({
  ...identityRefFields,
  certificate: z.string().min(1),
  privateKey: z.string().min(1).optional(),
});

/**
 * Encrypts a wallet entry with AES-256-GCM. The label (mspId/enrollmentId) is bound as additional authenticated
 * data, so an entry copied over another identity's file fails to open instead of impersonating it.
 */
export function seal(key: Buffer, credentials: WalletEntry): SealedEntry {
  const label = identityKey(credentials);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv(ALGORITHM, key, iv);
  cipher.setAAD(Buffer.from(label, 'utf8'));
  const plaintext = Buffer.from(
    JSON.stringify({
      mspId: credentials.mspId,
      enrollmentId: credentials.enrollmentId,
      certificate: credentials.certificate,
      ...(inCustody(credentials) ? { privateKey: credentials.privateKey } : {}),
    }),
    'utf8',
  );
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return {
    version: 1,
    algorithm: 'AES-256-GCM',
    label,
    iv: iv.toString('base64'),
    tag: cipher.getAuthTag().toString('base64'),
    ciphertext: ciphertext.toString('base64'),
  };
}

/** Decrypts and authenticates an entry; throws if the key is wrong or the entry was tampered with. */
export function unseal(key: Buffer, entry: SealedEntry, expected: IdentityRef): WalletEntry {
  const label = identityKey(expected);
  if (entry.label !== label) throw new Error(`wallet entry is labelled ${entry.label}, expected ${label}`);
  const decipher = createDecipheriv(ALGORITHM, key, Buffer.from(entry.iv, 'base64'));
  decipher.setAAD(Buffer.from(label, 'utf8'));
  decipher.setAuthTag(Buffer.from(entry.tag, 'base64'));
  const plaintext = Buffer.concat([decipher.update(Buffer.from(entry.ciphertext, 'base64')), decipher.final()]);
  const { privateKey, ...enrolled } = entrySchema.parse(JSON.parse(plaintext.toString('utf8')));
  if (identityKey(enrolled) !== label) throw new Error('wallet entry content does not match its label');
  return privateKey === undefined ? enrolled : { ...enrolled, privateKey };
}

/** Opens the text of any wallet file with `key`, whichever identity it holds (an audit of a site's files). */
export function unsealFile(key: Buffer, text: string): WalletEntry {
  const entry = sealedSchema.parse(JSON.parse(text));
  const slash = entry.label.indexOf('/');
  return unseal(key, entry, { mspId: entry.label.slice(0, slash), enrollmentId: entry.label.slice(slash + 1) });
}

function fileNameFor(ref: IdentityRef): string {
  const label = identityKey(ref);
  // Readable where safe; base64url otherwise, so no enrollment ID can escape the folder.
  return /^[A-Za-z0-9._@-]+\/[A-Za-z0-9._@-]+$/.test(label) && !label.includes('..')
    ? `${label.replace('/', '__')}.json`
    : `b64_${Buffer.from(label, 'utf8').toString('base64url')}.json`;
}

/** A folder of encrypted wallet entries, one file per identity (`.ncr/gateway/wallet/`). */
export class EncryptedFileWallet implements CredentialStore {
  readonly #dir: string;
  readonly #key: Buffer;

  constructor(dir: string, key: Buffer) {
    if (key.length !== 32) throw new Error('wallet key must be 32 bytes');
    this.#dir = dir;
    this.#key = Buffer.from(key);
  }

  async get(ref: IdentityRef): Promise<WalletEntry | undefined> {
    let text: string;
    try {
      text = await readFile(path.join(this.#dir, fileNameFor(ref)), 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
    return unseal(this.#key, sealedSchema.parse(JSON.parse(text)), ref);
  }

  /** Every entry of the folder, each opened and authenticated under its own label (an audit reads them all). */
  async entries(): Promise<WalletEntry[]> {
    let names: string[];
    try {
      names = await readdir(this.#dir);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw err;
    }
    const files = names.filter((name) => name.endsWith('.json'));
    return Promise.all(
      files.map(async (name) => {
        const sealed = sealedSchema.parse(JSON.parse(await readFile(path.join(this.#dir, name), 'utf8')));
        const [mspId = '', ...rest] = sealed.label.split('/');
        return unseal(this.#key, sealed, { mspId, enrollmentId: rest.join('/') });
      }),
    );
  }

  async put(credentials: WalletEntry): Promise<void> {
    const entry = seal(this.#key, credentials);
    await writeFileAtomic(path.join(this.#dir, fileNameFor(credentials)), `${JSON.stringify(entry, null, 2)}\n`);
  }
}

/**
 * The gateway's two custody stores, never mixed: system identities (organisation admins, CA registrars: from
 * network.json) and users (enrolled by the gateway, `<name>@<suffix>`). A reference is looked up in exactly one
 * of them, decided by the list of system identities, so no user can ever be handed a system key.
 */
export class CustodyWallets implements CredentialStore {
  readonly system: EncryptedFileWallet;
  readonly users: EncryptedFileWallet;
  readonly #systemKeys: ReadonlySet<string>;

  constructor(system: EncryptedFileWallet, users: EncryptedFileWallet, systemIdentities: Iterable<IdentityRef>) {
    this.system = system;
    this.users = users;
    this.#systemKeys = new Set([...systemIdentities].map(identityKey));
  }

  /** `gateway/wallet/system/` and `gateway/wallet/users/`, one AES-256-GCM key. */
  static open(walletDir: string, key: Buffer, systemIdentities: Iterable<IdentityRef>): CustodyWallets {
    return new CustodyWallets(
      new EncryptedFileWallet(path.join(walletDir, 'system'), key),
      new EncryptedFileWallet(path.join(walletDir, 'users'), key),
      systemIdentities,
    );
  }

  isSystem(ref: IdentityRef): boolean {
    return this.#systemKeys.has(identityKey(ref));
  }

  #storeOf(ref: IdentityRef): CredentialStore {
    return this.isSystem(ref) ? this.system : this.users;
  }

  get(ref: IdentityRef): Promise<WalletEntry | undefined> {
    return this.#storeOf(ref).get(ref);
  }

  put(credentials: WalletEntry): Promise<void> {
    return this.#storeOf(credentials).put(credentials);
  }

  /** Every entry of both stores. */
  async entries(): Promise<WalletEntry[]> {
    const [system, users] = await Promise.all([this.system.entries(), this.users.entries()]);
    return [...system, ...users];
  }
}
