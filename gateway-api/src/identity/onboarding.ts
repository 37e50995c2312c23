import { randomBytes } from 'node:crypto';
import { MSP_BY_ACCOUNT_TYPE, type CreateAccountInput, type Role } from '@ncr/chaincode/domain';
import { CommitStatusUnknownError, ConflictError, ForbiddenError, InternalError, toApiError } from '../errors';
import type { Committed, Ledger } from '../fabric/ledger';
import type { RegistryClient } from '../fabric/registry';
import {
  type SubmissionJournal,
  committedAs,
  currentJournal,
  sentTransaction,
  withJournal,
} from '../fabric/submission';
import { callerAccount } from './caller-account';
import { type IdentityRef, identityKey } from './credentials';
import type { Enroller } from './enrollment';
import { userEnrollmentIdOf } from './csr';
import { type Custody, type GatewayUser, type Reservation, type UserDirectory, identityOf } from './users';

export interface NewUser {
  readonly user: GatewayUser;
  /** Shown once; only its SHA-256 is stored. */
  readonly apiKey: string;
  /** The certificate the CA signed for a user that keeps its own key (custody external). */
  readonly certificate?: string;
}

/** A new identity: enrollment ID, who keeps the key, the enrollment (answers an external user's certificate). */
interface NewIdentity {
  readonly enrollmentId: string;
  readonly custody?: Custody;
  readonly enroll: (ref: IdentityRef) => Promise<string | undefined>;
}

/** CreateAccount's input with the first admin either custodial (a new gateway user) or an existing identity. */
export type NewAccount = Omit<CreateAccountInput, 'admin'> & {
  readonly admin: { readonly name: string } | { readonly mspId: string; readonly enrollmentId: string };
};

/** Who creates a user, for which account and role. */
interface Intent {
  readonly actor: IdentityRef;
  readonly by: string;
  /** Undefined when the ledger chooses it (CreateAccount without an id): then read from the result. */
  readonly accountId: string | undefined;
  readonly role: Role;
}

/**
 * A new user's own enrollment ID (certificate CN): the name, `@`, 8 random hex digits. `@` cannot occur in a
 * user name, and system identities (org admins, registrars, TLS clients, nodes) carry no `@`, so a user never
 * gets an existing identity, even when named like one.
 */
export function freshEnrollmentId(name: string): string {
  return `${name}@${randomBytes(4).toString('hex')}`;
}

export interface OnboardingDeps {
  /** Registers and enrolls new identities with their organisation's CA. */
  readonly enroller: Enroller;
  readonly users: UserDirectory;
  /** Binds identities on the ledger and asks it who the caller is. */
  readonly registry: RegistryClient;
  /** Looks up a binding transaction whose outcome was not known. */
  readonly ledger: Pick<Ledger, 'transaction'>;
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
  readonly #ledger: Pick<Ledger, 'transaction'>;

  constructor(deps: OnboardingDeps) {
    this.#enroller = deps.enroller;
    this.#users = deps.users;
    this.#registry = deps.registry;
    this.#ledger = deps.ledger;
  }

  /**
   * Reserves `name`, enrolls its identity, runs the ledger write `bind`, then turns the reservation into a user.
   * If `name` is held by the same creation (same actor, account and role) whose ledger write was sent but whose
   * outcome was not known, that creation is finished from the ledger instead (see `#resume`).
   */
  async #onboard(
    name: string,
    mspId: string,
    intent: Intent,
    bind: (ref: IdentityRef) => Promise<Committed>,
    identity: NewIdentity = this.#custodial(name),
  ): Promise<{ committed: Committed; created: NewUser }> {
    const { actor, ...rest } = intent;
    const recorded = { ...rest, custody: identity.custody };
    let reservation: Reservation;
    try {
      reservation = await this.#users.reserve(name, { mspId, enrollmentId: identity.enrollmentId }, recorded);
    } catch (err) {
      const pending = this.#users.reservationOf(name);
      const txId = pending?.txId;
      const same =
        pending?.mspId === mspId &&
        pending.by === recorded.by &&
        pending.accountId === recorded.accountId &&
        pending.role === recorded.role;
      if (txId === undefined || pending === undefined || !same) throw err;
      const resumed = await this.#resume(actor, { ...pending, txId });
      return resumed ?? this.#onboard(name, mspId, intent, bind, identity);
    }
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
    let committed: Committed;
    let certificate: string | undefined;
    try {
      certificate = await identity.enroll(ref);
      committed = await withJournal(journal, () => bind(ref));
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
    const done = await this.#complete(reservation, committed);
    return certificate === undefined ? done : { ...done, created: { ...done.created, certificate } };
  }

  /** A custodial identity: a fresh enrollment ID, the key made at enrollment and kept in the user wallet. */
  #custodial(name: string): NewIdentity {
    return {
      enrollmentId: freshEnrollmentId(name),
      enroll: async (ref) => {
        await this.#enroller.enrollNew(ref);
        return undefined;
      },
    };
  }

  /**
   * An identity whose owner keeps its key (custody external): enrolled with the owner's certificate request, whose
   * subject CN must be `<name>@<8 hex digits>` (the form of every user's enrollment ID), checked before any CA call.
   */
  #external(name: string, csr: string): NewIdentity {
    return {
      enrollmentId: userEnrollmentIdOf(csr, name),
      custody: 'external',
      enroll: async (ref) => (await this.#enroller.enrollExternal(ref, csr)).certificate,
    };
  }

  async #complete(reservation: Reservation, committed: Committed): Promise<{ committed: Committed; created: NewUser }> {
    const created = (committed.result as { id?: unknown } | null)?.id;
    const accountId = reservation.accountId ?? (typeof created === 'string' ? created : undefined);
    const role = reservation.role;
    if (accountId === undefined || role === undefined) throw new InternalError({ txId: committed.txId });
    try {
      const { user, apiKey } = await this.#users.complete(reservation, { accountId, role });
      return { committed, created: { user, apiKey } };
    } catch (err) {
      throw new InternalError({ txId: committed.txId, cause: err });
    }
  }

  /**
   * Finishes a creation whose ledger write was sent but whose outcome was unknown, by looking its transaction up:
   * committed VALID → the user is recorded with a new key (nothing is submitted again); committed invalid → the
   * name is freed and undefined returned (the caller starts afresh); not visible yet → 409 with the txId.
   */
  async #resume(
    actor: IdentityRef,
    reservation: Reservation & { txId: string },
  ): Promise<{ committed: Committed; created: NewUser } | undefined> {
    const tx = await sentTransaction(this.#ledger, actor, reservation.txId);
    if (tx === undefined) {
      throw new ConflictError(
        `the creation of ${reservation.name} sent transaction ${reservation.txId}, not on the ledger yet; retry later`,
        { txId: reservation.txId },
      );
    }
    if (tx.validationCode !== 'VALID') {
      await this.#users.release(reservation.name, reservation.txId);
      return undefined;
    }
    return this.#complete(reservation, committedAs(tx));
  }

  /**
   * An account ADMIN adds a user to their own account: enroll with the account's CA, bind, issue a key. Who is an
   * ADMIN of which account is asked of the ledger (the gateway's record of the caller may be out of date), before
   * the CA is called.
   */
  async createUser(
    actor: GatewayUser,
    input: { readonly name: string; readonly role: Role; readonly csr?: string | undefined },
  ): Promise<{ committed: Committed; created: NewUser }> {
    const identity = input.csr === undefined ? this.#custodial(input.name) : this.#external(input.name, input.csr);
    const signer = identityOf(actor);
    const account = await callerAccount(this.#registry, signer);
    if (account?.role !== 'ADMIN') throw new ForbiddenError('only an account ADMIN can create users');
    const intent = { actor: signer, by: `user:${actor.name}`, accountId: account.id, role: input.role };
    return this.#onboard(
      input.name,
      actor.mspId,
      intent,
      (ref) =>
        this.#registry.submit(signer, 'accounts:BindIdentity', { accountId: account.id, ...ref, role: input.role }),
      identity,
    );
  }

  /**
   * A system identity (the government organisation admin, during the demo bootstrap) binds a new user to an
   * account: the first government ADMIN cannot be bound by a user, since none exists yet.
   */
  async bindBySystem(
    signer: IdentityRef,
    input: { readonly name: string; readonly mspId: string; readonly accountId: string; readonly role: Role },
  ): Promise<{ committed: Committed; created: NewUser }> {
    const intent = { actor: signer, by: identityKey(signer), accountId: input.accountId, role: input.role };
    return this.#onboard(input.name, input.mspId, intent, (ref) =>
      this.#registry.submit(signer, 'accounts:BindIdentity', { accountId: input.accountId, ...ref, role: input.role }),
    );
  }

  /**
   * The site's operator enrolls a user of its own organisation (`identity.mspId`) whom an admin of another
   * organisation binds: a company's first ADMIN, bound by the government when it creates the account. The gateway
   * records the account and role the user is to hold; the ledger alone decides what they may do once bound.
   */
  async enrollForBinding(
    mspId: string,
    input: { readonly name: string; readonly accountId: string; readonly role: Role },
  ): Promise<NewUser> {
    const { name, accountId, role } = input;
    const reservation = await this.#users.reserve(
      name,
      { mspId, enrollmentId: freshEnrollmentId(name) },
      { by: 'operator', accountId, role },
    );
    try {
      await this.#enroller.enrollNew({ mspId, enrollmentId: reservation.enrollmentId });
    } catch (err) {
      await this.#users.release(name);
      throw toApiError(err);
    }
    return this.#users.complete(reservation, { accountId, role });
  }

  /**
   * A government ADMIN creates an account. With `admin: {name}` the gateway enrolls that person with the CA of
   * the account type's MSP, which must be its own organisation's, and returns their API key; with
   * `admin: {mspId, enrollmentId}` it binds an identity enrolled elsewhere (no key: that person signs through their
   * own organisation's gateway, which enrolled them, or offline).
   */
  async createAccount(actor: IdentityRef, input: NewAccount): Promise<{ committed: Committed; admin?: NewUser }> {
    if (!('name' in input.admin)) {
      const committed = await this.#registry.submit(actor, 'accounts:CreateAccount', { ...input, admin: input.admin });
      return { committed };
    }
    const intent = { actor, by: identityKey(actor), accountId: input.id, role: 'ADMIN' as const };
    const mspId = MSP_BY_ACCOUNT_TYPE[input.type];
    const { committed, created } = await this.#onboard(input.admin.name, mspId, intent, (ref) =>
      this.#registry.submit(actor, 'accounts:CreateAccount', { ...input, admin: ref }),
    );
    return { committed, admin: created };
  }
}
