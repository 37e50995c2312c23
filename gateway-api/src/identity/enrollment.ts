import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import FabricCAServices from 'fabric-ca-client';
import { User } from 'fabric-common';
import { ApiError, IdentityTakenError, LedgerUnavailableError, ValidationError } from '../errors';
import { type NetworkConfig, type SiteOrg, siteOrg } from '../fabric/network-config';
import { type Credentials, type Enrolled, type IdentityRef, signingCredentials } from './credentials';
import type { CustodyWallets } from './wallet';

/** Registers and enrolls the gateway's users with the organisations' Fabric CAs. */
export interface Enroller {
  /**
   * Registers `ref` as a new identity of type `client` (NodeOU client: never an admin) with the MSP's CA, enrolls
   * it and stores the credentials in the user wallet. Never reuses anything: a system identity, an enrollment ID
   * already in the user wallet or already registered at the CA is refused with 409 `IDENTITY_TAKEN`.
   */
  enrollNew(ref: IdentityRef): Promise<Credentials>;
  /**
   * Registers `ref` as {@link enrollNew} does, enrolls it with the certificate request `csr` of a key the gateway
   * never sees (its subject CN is `ref.enrollmentId`), and stores the certificate alone in the user wallet.
   */
  enrollExternal(ref: IdentityRef, csr: string): Promise<Enrolled>;
}

/**
 * Whether a fabric-ca-client failure means the CA did not answer: refused, reset or timed-out connections, and any
 * of its "Calling <endpoint> endpoint failed" errors (e.g. `register`, `CONNECTION Timeout` on a loaded CA).
 */
export function isUnreachable(err: unknown): boolean {
  const text = err instanceof Error ? `${err.message} ${String((err as { code?: unknown }).code)}` : String(err);
  return /ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|socket hang up|Calling \w+ endpoint failed/i.test(text);
}

/**
 * fabric-ca-client over the site's own organisation's CA (network.json: the site's `org`), the only CA whose
 * registrar secret the site holds. The registrar is enrolled once and kept in the system wallet; users go to the
 * user wallet. Each registration gets a random one-time secret, used once to enroll and never stored. A user of
 * another organisation is enrolled by that organisation's own gateway.
 */
export class FabricCaEnroller implements Enroller {
  readonly #site: SiteOrg;
  readonly #wallets: CustodyWallets;
  #service: FabricCAServices | undefined;

  constructor(network: NetworkConfig, wallets: CustodyWallets) {
    this.#site = siteOrg(network);
    this.#wallets = wallets;
  }

  async #ca(): Promise<FabricCAServices> {
    if (this.#service !== undefined) return this.#service;
    const { ca } = this.#site.org;
    const trustedRoot = await readFile(ca.tlsCACertPath);
    this.#service = new FabricCAServices(ca.url, { trustedRoots: trustedRoot, verify: true }, ca.caName);
    return this.#service;
  }

  async #enroll(mspId: string, enrollmentID: string, enrollmentSecret: string): Promise<Credentials> {
    const ca = await this.#ca();
    const enrollment = await ca.enroll({ enrollmentID, enrollmentSecret });
    return {
      mspId,
      enrollmentId: enrollmentID,
      certificate: enrollment.certificate,
      privateKey: enrollment.key.toBytes(),
    };
  }

  async #registrar(): Promise<User> {
    const { mspId, registrar } = this.#site;
    const ref = { mspId, enrollmentId: registrar.enrollmentId };
    const held = await this.#wallets.system.get(ref);
    let credentials: Credentials;
    if (held === undefined) {
      credentials = await this.#enroll(mspId, ref.enrollmentId, registrar.secret);
      await this.#wallets.system.put(credentials);
    } else {
      credentials = signingCredentials(held, ref);
    }
    return User.createUser(ref.enrollmentId, '', mspId, credentials.certificate, credentials.privateKey);
  }

  enrollNew(ref: IdentityRef): Promise<Credentials> {
    return this.#registered(ref, async (secret) => {
      const credentials = await this.#enroll(ref.mspId, ref.enrollmentId, secret);
      await this.#wallets.users.put(credentials);
      return credentials;
    });
  }

  enrollExternal(ref: IdentityRef, csr: string): Promise<Enrolled> {
    return this.#registered(ref, async (enrollmentSecret) => {
      const ca = await this.#ca();
      const enrollment = await ca.enroll({ enrollmentID: ref.enrollmentId, enrollmentSecret, csr });
      const enrolled: Enrolled = { ...ref, certificate: enrollment.certificate };
      await this.#wallets.users.put(enrolled);
      return enrolled;
    });
  }

  /**
   * Registers `ref` (type `client`, one enrollment, a random one-time secret) with the site's CA after checking it
   * is new and of the site's organisation, then runs `enroll` with the secret. An unreachable CA is 503.
   */
  async #registered<T>(ref: IdentityRef, enroll: (secret: string) => Promise<T>): Promise<T> {
    if (ref.mspId !== this.#site.mspId) {
      throw new ValidationError(
        `this gateway registers users with the ${this.#site.mspId} CA only; a ${ref.mspId} user is enrolled by ` +
          `the ${ref.mspId} gateway, and bound here as {mspId, enrollmentId}`,
      );
    }
    if (this.#wallets.isSystem(ref)) throw new IdentityTakenError(ref.enrollmentId, 'by a system identity');
    if ((await this.#wallets.users.get(ref)) !== undefined)
      throw new IdentityTakenError(ref.enrollmentId, 'in the gateway wallet');
    const secret = randomBytes(24).toString('base64url');
    try {
      const ca = await this.#ca();
      const registrar = await this.#registrar();
      try {
        await ca.register(
          {
            enrollmentID: ref.enrollmentId,
            enrollmentSecret: secret,
            role: 'client',
            affiliation: '',
            maxEnrollments: 1,
          },
          registrar,
        );
      } catch (registerError) {
        if (registerError instanceof Error && /already registered/i.test(registerError.message)) {
          throw new IdentityTakenError(ref.enrollmentId, `at the ${ref.mspId} CA`);
        }
        throw registerError;
      }
      return await enroll(secret);
    } catch (err) {
      if (err instanceof ApiError) throw err;
      if (isUnreachable(err)) throw new LedgerUnavailableError(`the ${ref.mspId} CA is unreachable`, { cause: err });
      throw err;
    }
  }
}
