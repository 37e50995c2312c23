import { createHmac } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import FabricCAServices from 'fabric-ca-client';
import { User } from 'fabric-common';
import { ConflictError, LedgerUnavailableError } from '../errors';
import { type NetworkConfig, orgOf } from '../fabric/network-config';
import type { Credentials, CredentialStore, IdentityRef } from './credentials';

/** Registers and enrolls client identities with the organisations' Fabric CAs. */
export interface Enroller {
  /**
   * Makes sure `ref` is enrolled and its credentials are in the wallet: returns them from the wallet, or
   * registers (type `client`, CN = enrollment ID) and enrolls with the MSP's CA and stores the result.
   */
  ensureEnrolled(ref: IdentityRef): Promise<Credentials>;
}

function isUnreachable(err: unknown): boolean {
  const text = err instanceof Error ? `${err.message} ${String((err as { code?: unknown }).code)}` : String(err);
  return /ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|socket hang up|Calling enrollment endpoint failed/i.test(text);
}

/**
 * fabric-ca-client over the CAs listed in network.json. The registrar of each CA (credentials in network.json)
 * is enrolled once and kept in the wallet. Enrollment secrets are derived (HMAC of the wallet key), so an
 * identity registered by a request that then failed can still be enrolled by a retry: no orphaned names.
 */
export class FabricCaEnroller implements Enroller {
  readonly #network: NetworkConfig;
  readonly #wallet: CredentialStore;
  readonly #secretKey: Buffer;
  readonly #services = new Map<string, FabricCAServices>();
  readonly #pending = new Map<string, Promise<Credentials>>();

  constructor(network: NetworkConfig, wallet: CredentialStore, secretKey: Buffer) {
    this.#network = network;
    this.#wallet = wallet;
    this.#secretKey = secretKey;
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

  #secretFor(ref: IdentityRef): string {
    return createHmac('sha256', this.#secretKey)
      .update(`ca-secret|${ref.mspId}|${ref.enrollmentId}`)
      .digest('base64url')
      .slice(0, 32);
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
    let credentials = await this.#wallet.get(ref);
    if (credentials === undefined) {
      credentials = await this.#enroll(mspId, ref.enrollmentId, org.ca.registrar.secret);
      await this.#wallet.put(credentials);
    }
    return User.createUser(ref.enrollmentId, '', mspId, credentials.certificate, credentials.privateKey);
  }

  async #registerAndEnroll(ref: IdentityRef): Promise<Credentials> {
    const existing = await this.#wallet.get(ref);
    if (existing !== undefined) return existing;
    const secret = this.#secretFor(ref);
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
            maxEnrollments: -1,
          },
          registrar,
        );
      } catch (registerError) {
        // Already registered: by an earlier attempt of ours (the derived secret works) or by someone else.
        try {
          const credentials = await this.#enroll(ref.mspId, ref.enrollmentId, secret);
          await this.#wallet.put(credentials);
          return credentials;
        } catch {
          if (isUnreachable(registerError)) throw registerError;
          throw new ConflictError(`the name ${ref.enrollmentId} is already taken at the ${ref.mspId} CA`);
        }
      }
      const credentials = await this.#enroll(ref.mspId, ref.enrollmentId, secret);
      await this.#wallet.put(credentials);
      return credentials;
    } catch (err) {
      if (err instanceof ConflictError) throw err;
      if (isUnreachable(err)) throw new LedgerUnavailableError(`the ${ref.mspId} CA is unreachable`, { cause: err });
      throw err;
    }
  }

  ensureEnrolled(ref: IdentityRef): Promise<Credentials> {
    const key = `${ref.mspId}/${ref.enrollmentId}`;
    const pending = this.#pending.get(key);
    if (pending !== undefined) return pending;
    const running = this.#registerAndEnroll(ref).finally(() => this.#pending.delete(key));
    this.#pending.set(key, running);
    return running;
  }
}
