import { MSP_BY_ACCOUNT_TYPE, type CreateAccountInput, type Role } from '@ncr/chaincode/domain';
import { ConflictError, ForbiddenError } from '../errors';
import type { Committed } from '../fabric/ledger';
import type { RegistryClient } from '../fabric/registry';
import type { IdentityRef } from './credentials';
import type { Enroller } from './enrollment';
import { type GatewayUser, type UserDirectory, identityOf } from './users';

export interface NewUser {
  readonly user: GatewayUser;
  /** Shown once; only its SHA-256 is stored. */
  readonly apiKey: string;
}

/** CreateAccount's input with the first admin either custodial (a new gateway user) or an existing identity. */
export type NewAccount = Omit<CreateAccountInput, 'admin'> & {
  readonly admin: { readonly name: string } | { readonly mspId: string; readonly enrollmentId: string };
};

/**
 * Onboarding of people: CA registration and enrollment, the ledger binding (signed by the acting admin's own
 * identity), and the API key. The enrollment ID of a custodial user is their user name (the certificate CN).
 */
export class Onboarding {
  readonly #enroller: Enroller;
  readonly #users: UserDirectory;
  readonly #registry: RegistryClient;

  constructor(enroller: Enroller, users: UserDirectory, registry: RegistryClient) {
    this.#enroller = enroller;
    this.#users = users;
    this.#registry = registry;
  }

  #assertNameFree(name: string): void {
    if (this.#users.findByName(name) !== undefined) throw new ConflictError(`user ${name} already exists`);
  }

  /** An account ADMIN adds a user to their own account: enroll with the account's CA, bind, issue a key. */
  async createUser(
    actor: GatewayUser,
    input: { readonly name: string; readonly role: Role },
  ): Promise<{ committed: Committed; created: NewUser }> {
    if (actor.role !== 'ADMIN') throw new ForbiddenError('only an account ADMIN can create users');
    this.#assertNameFree(input.name);
    const ref: IdentityRef = { mspId: actor.mspId, enrollmentId: input.name };
    await this.#enroller.ensureEnrolled(ref);
    const committed = await this.#registry.submit(identityOf(actor), 'accounts:BindIdentity', {
      accountId: actor.accountId,
      mspId: ref.mspId,
      enrollmentId: ref.enrollmentId,
      role: input.role,
    });
    const created = await this.#users.create({
      name: input.name,
      ...ref,
      accountId: actor.accountId,
      role: input.role,
    });
    return { committed, created };
  }

  /**
   * A government ADMIN creates an account. With `admin: {name}` the gateway enrolls that person with the CA of
   * the account type's MSP and returns their API key; with `admin: {mspId, enrollmentId}` it binds an identity
   * enrolled elsewhere (no key: that person signs through another gateway or offline).
   */
  async createAccount(actor: IdentityRef, input: NewAccount): Promise<{ committed: Committed; admin?: NewUser }> {
    if (!('name' in input.admin)) {
      const committed = await this.#registry.submit(actor, 'accounts:CreateAccount', { ...input, admin: input.admin });
      return { committed };
    }
    const name = input.admin.name;
    this.#assertNameFree(name);
    const ref: IdentityRef = { mspId: MSP_BY_ACCOUNT_TYPE[input.type], enrollmentId: name };
    await this.#enroller.ensureEnrolled(ref);
    const committed = await this.#registry.submit(actor, 'accounts:CreateAccount', { ...input, admin: ref });
    const accountId = (committed.result as { id?: unknown } | null)?.id;
    if (typeof accountId !== 'string') throw new Error('CreateAccount returned no account id');
    const admin = await this.#users.create({ name, ...ref, accountId, role: 'ADMIN' });
    return { committed, admin };
  }
}
