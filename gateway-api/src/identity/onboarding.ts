import { randomBytes } from 'node:crypto';
import { MSP_BY_ACCOUNT_TYPE, type CreateAccountInput, type Role } from '@ncr/chaincode/domain';
import { CommitStatusUnknownError, ForbiddenError, InternalError, toApiError } from '../errors';
import type { Committed } from '../fabric/ledger';
import type { RegistryClient } from '../fabric/registry';
import { type SubmissionJournal, currentJournal, withJournal } from '../fabric/submission';
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
 * A new user's own enrollment ID (certificate CN): the name, `@`, 8 random hex digits. `@` cannot occur in a
 * user name, and system identities (org admins, registrars, TLS clients, nodes) carry no `@`, so a user never
 * gets an existing identity, even when named like one.
 */
export function freshEnrollmentId(name: string): string {
  return `${name}@${randomBytes(4).toString('hex')}`;
}

/**
 * Onboarding of people: CA registration and enrollment, the ledger binding (signed by the acting admin's own
 * identity), and the API key. Each user gets a new identity of its own ({@link freshEnrollmentId}). Every creation first reserves the user name in the gateway's user directory
 * (atomically), then acts: a failure before the ledger write was sent frees the name and changes nothing; a
 * failure after it keeps the name reserved and is reported with the txId, never as a clean rejection.
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

  /**
   * Reserves `name`, enrolls its identity, runs the ledger write `bind`, then turns the reservation into a user
   * bound to the account `bind` returns.
   */
  async #onboard(
    name: string,
    mspId: string,
    bind: (ref: IdentityRef) => Promise<{ committed: Committed; accountId: string; role: Role }>,
  ): Promise<{ committed: Committed; created: NewUser }> {
    const reservation = await this.#users.reserve(name, { mspId, enrollmentId: freshEnrollmentId(name) });
    const ref: IdentityRef = { mspId: reservation.mspId, enrollmentId: reservation.enrollmentId };
    const outer = currentJournal();
    let sent: string | undefined;
    const journal: SubmissionJournal = {
      ordering: async (tx) => {
        sent = tx.txId;
        await this.#users.markSent(name, tx.txId);
        await outer?.ordering(tx);
      },
    };
    let bound: { committed: Committed; accountId: string; role: Role };
    try {
      await this.#enroller.enrollNew(ref);
      bound = await withJournal(journal, () => bind(ref));
    } catch (err) {
      const error = toApiError(err);
      if (sent === undefined) {
        await this.#users.release(name);
        throw error;
      }
      if (error.txId === sent && error.validationCode !== undefined) {
        // Committed invalid: nothing was written, the name is free again.
        await this.#users.release(name, sent);
        throw error;
      }
      // The binding may be on the ledger: the name stays reserved and the answer names the transaction.
      throw error.txId === sent ? error : new CommitStatusUnknownError(sent, { cause: error });
    }
    const { committed, accountId, role } = bound;
    try {
      const { user, apiKey } = await this.#users.complete(reservation, { accountId, role });
      return { committed, created: { user, apiKey } };
    } catch (err) {
      throw new InternalError({ txId: committed.txId, cause: err });
    }
  }

  /** An account ADMIN adds a user to their own account: enroll with the account's CA, bind, issue a key. */
  async createUser(
    actor: GatewayUser,
    input: { readonly name: string; readonly role: Role },
  ): Promise<{ committed: Committed; created: NewUser }> {
    if (actor.role !== 'ADMIN') throw new ForbiddenError('only an account ADMIN can create users');
    return this.#onboard(input.name, actor.mspId, async (ref) => ({
      committed: await this.#registry.submit(identityOf(actor), 'accounts:BindIdentity', {
        accountId: actor.accountId,
        mspId: ref.mspId,
        enrollmentId: ref.enrollmentId,
        role: input.role,
      }),
      accountId: actor.accountId,
      role: input.role,
    }));
  }

  /**
   * A system identity (the government organisation admin, during the demo bootstrap) binds a new user to an
   * account: the first government ADMIN cannot be bound by a user, since none exists yet.
   */
  async bindBySystem(
    signer: IdentityRef,
    input: { readonly name: string; readonly mspId: string; readonly accountId: string; readonly role: Role },
  ): Promise<{ committed: Committed; created: NewUser }> {
    return this.#onboard(input.name, input.mspId, async (ref) => ({
      committed: await this.#registry.submit(signer, 'accounts:BindIdentity', {
        accountId: input.accountId,
        ...ref,
        role: input.role,
      }),
      accountId: input.accountId,
      role: input.role,
    }));
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
    const { committed, created } = await this.#onboard(
      input.admin.name,
      MSP_BY_ACCOUNT_TYPE[input.type],
      async (ref) => {
        const done = await this.#registry.submit(actor, 'accounts:CreateAccount', { ...input, admin: ref });
        const accountId = (done.result as { id?: unknown } | null)?.id;
        if (typeof accountId !== 'string') throw new Error('CreateAccount returned no account id');
        return { committed: done, accountId, role: 'ADMIN' };
      },
    );
    return { committed, admin: created };
  }
}
