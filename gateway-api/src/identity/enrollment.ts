import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import FabricCAServices from 'fabric-ca-client';
import { User } from 'fabric-common';
import { ApiError, IdentityTakenError, LedgerUnavailableError } from '../errors';
import { type NetworkConfig, orgOf } from '../fabric/network-config';
import type { Credentials, IdentityRef } from './credentials';
import type { CustodyWallets } from './wallet';

/** Registers and enrolls the gateway's users with the organisations' Fabric CAs. */
export interface Enroller {
  /**
   * Registers `ref` as a new identity of type `client` (NodeOU client: never an admin) with the MSP's CA, enrolls
   * it and stores the credentials in the user wallet. Never reuses anything: a system identity, an enrollment ID
   * already in the user wallet or already registered at the CA is refused with 409 `IDENTITY_TAKEN`.
   */
  enrollNew(ref: IdentityRef): Promise<Credentials>;
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
 * fabric-ca-client over the CAs listed in network.json. The registrar of each CA (credentials in network.json)
 * is enrolled once and kept in the system wallet; users go to the user wallet. Each registration gets a random
 * one-time secret, used once to enroll and never stored.
 */
export class FabricCaEnroller implements Enroller {
  readonly #network: NetworkConfig;
  readonly #wallets: CustodyWallets;
  readonly #services = new Map<string, FabricCAServices>();

  constructor(network: NetworkConfig, wallets: CustodyWallets) {
    this.#network = network;
    this.#wallets = wallets;
  }

  async #ca(mspId: string): Promise<FabricCAServices> {
    const cached = this.#services.get(mspId);
    if (cached !== undefined) return cached;
    const org = orgOf(this.#network, mspId);
    const trustedRoot = await readFile(org.ca.tlsCACertPath);
    const service = new FabricCAServices(org.ca.url, { trustedRoots: trustedRoot, verify: true }, org.ca.caName);
    this.#services.set(mspId, service);
    return service;
  }

  async #enroll(mspId: string, enrollmentID: string, enrollmentSecret: string): Promise<Credentials> {
    const ca = await this.#ca(mspId);
    const enrollment = await ca.enroll({ enrollmentID, enrollmentSecret });
    return {
      mspId,
      enrollmentId: enrollmentID,
      certificate: enrollment.certificate,
      privateKey: enrollment.key.toBytes(),
    };
  }

  async #registrar(mspId: string): Promise<User> {
    const org = orgOf(this.#network, mspId);
    const ref = { mspId, enrollmentId: org.ca.registrar.enrollmentId };
    let credentials = await this.#wallets.system.get(ref);
    if (credentials === undefined) {
      credentials = await this.#enroll(mspId, ref.enrollmentId, org.ca.registrar.secret);
      await this.#wallets.system.put(credentials);
    }
    return User.createUser(ref.enrollmentId, '', mspId, credentials.certificate, credentials.privateKey);
  }

  async enrollNew(ref: IdentityRef): Promise<Credentials> {
    if (this.#wallets.isSystem(ref)) throw new IdentityTakenError(ref.enrollmentId, 'by a system identity');
    if ((await this.#wallets.users.get(ref)) !== undefined)
      throw new IdentityTakenError(ref.enrollmentId, 'in the gateway wallet');
    const secret = randomBytes(24).toString('base64url');
    try {
      const ca = await this.#ca(ref.mspId);
      const registrar = await this.#registrar(ref.mspId);
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
      const credentials = await this.#enroll(ref.mspId, ref.enrollmentId, secret);
      await this.#wallets.users.put(credentials);
      return credentials;
    } catch (err) {
      if (err instanceof ApiError) throw err;
      if (isUnreachable(err)) throw new LedgerUnavailableError(`the ${ref.mspId} CA is unreachable`, { cause: err });
      throw err;
    }
  }
}
