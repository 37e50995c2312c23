import {
  AccountApplicationSchema,
  SettingsSchema,
  mspsOfAccountType,
  type AccountApplication,
  type SubmitAccountApplicationInput,
} from '@ncr/chaincode/domain';
import { CommitStatusUnknownError, ConflictError, NotFoundError, ValidationError, toApiError } from '../errors';
import type { Committed } from '../fabric/ledger';
import type { RegistryClient } from '../fabric/registry';
import { withJournal } from '../fabric/submission';
import { SHOWN_ONCE } from '../http/idempotency';
import type { IdentityRef } from '../identity/credentials';
import type { Enroller } from '../identity/enrollment';
import { freshEnrollmentId } from '../identity/onboarding';
import type { UserDirectory } from '../identity/users';
import {
  type Contact,
  type LocalApplication,
  type SqliteApplicationStore,
  claimDigest,
  generateClaimToken,
  newApplicationId,
} from './store';

/** What a company sends to apply: the ledger's fields (but the IDs the site chooses), its contact, its admin's name. */
export type NewApplication = Omit<SubmitAccountApplicationInput, 'applicationId' | 'admin'> & {
  readonly contact: Contact;
  readonly adminName: string;
};

/** An application as its applicant reads it: the ledger's record, and its first ADMIN (with the key once). */
export interface ClaimedApplication {
  readonly application: AccountApplication;
  readonly admin: IdentityRef & { readonly name: string; readonly apiKey?: string };
}

export interface ApplicationDeps {
  readonly store: SqliteApplicationStore;
  readonly users: UserDirectory;
  readonly enroller: Enroller;
  readonly registry: RegistryClient;
  /** The site's organisation admin: it records applications and reads them back for the applicants. */
  readonly siteAdmin: IdentityRef;
}

/** Who holds the reservation of an applicant's admin name (never a `by` of another kind of creation). */
const applicantOf = (applicationId: string): string => `application:${applicationId}`;

/**
 * Companies apply to join through the site of the organisation whose identities their account will hold (docs/api.md,
 * _Applications_). The site reserves the admin's user name, enrolls its identity with its own CA (custodial), keeps the
 * contact and the claim token's digest in its own store, and records the application on the ledger as its
 * organisation admin. A failure before the ledger write was sent undoes all but the CA registration.
 */
export class AccountApplications {
  readonly #deps: ApplicationDeps;

  constructor(deps: ApplicationDeps) {
    this.#deps = deps;
  }

  /** Records a new application: the committed transaction and the claim token (shown once). */
  async apply(input: NewApplication): Promise<{ committed: Committed; claimToken: string; admin: IdentityRef }> {
    const { store, users, enroller, registry, siteAdmin } = this.#deps;
    await this.#assertHoldsAccountsOf(input.accountType);
    await this.#assertAccountFree(input.requestedAccountId);
    const { contact, adminName, ...fields } = input;
    const applicationId = newApplicationId();
    const claimToken = generateClaimToken();
    const reservation = await users.reserve(
      adminName,
      { mspId: siteAdmin.mspId, enrollmentId: freshEnrollmentId(adminName) },
      { by: applicantOf(applicationId), accountId: input.requestedAccountId, role: 'ADMIN' },
    );
    const admin = { mspId: reservation.mspId, enrollmentId: reservation.enrollmentId };
    let sent: string | undefined;
    try {
      store.insert({ id: applicationId, claimSha256: claimDigest(claimToken), adminName, contact });
      await enroller.enrollNew(admin);
      const journal = {
        ordering: (tx: { readonly txId: string }) => {
          store.markSent(applicationId, tx.txId);
          sent = tx.txId;
          return Promise.resolve();
        },
      };
      const record = { ...fields, applicationId, admin };
      const committed = await withJournal(journal, () =>
        registry.submit(siteAdmin, 'accounts:SubmitAccountApplication', record),
      );
      return { committed, claimToken, admin };
    } catch (err) {
      const error = toApiError(err);
      if (sent === undefined || (error.txId === sent && error.validationCode !== undefined)) {
        // Nothing on the ledger: the application and the name are forgotten (the CA registration stays unused).
        store.remove(applicationId);
        await users.release(adminName);
        throw error;
      }
      throw error.txId === sent ? error : new CommitStatusUnknownError(sent, { cause: error });
    }
  }

  /**
   * The applicant's read with its claim token: NOT_FOUND for an unknown application and for a wrong token alike.
   * Once approved, the first read turns the admin's reservation into a user and answers its API key; later reads
   * answer the placeholder. Once rejected, the admin's user name is freed.
   */
  async claim(applicationId: string, token: string): Promise<ClaimedApplication> {
    const { store, registry, siteAdmin } = this.#deps;
    const local = store.claim(applicationId, token);
    if (local === undefined) {
      throw new NotFoundError(`no account application ${applicationId} with this claim token at this site`);
    }
    const application = AccountApplicationSchema.parse(
      await registry.evaluate(siteAdmin, 'accounts:GetAccountApplication', { applicationId }),
    );
    const admin = { name: local.adminName, ...application.admin };
    if (application.status === 'APPROVED') {
      return { application, admin: { ...admin, apiKey: await this.#issueKey(local, application) } };
    }
    if (application.status === 'REJECTED') await this.#releaseName(local);
    return { application, admin };
  }

  /** The admin's API key the first time; the placeholder after (or while another read is handing it out). */
  async #issueKey(local: LocalApplication, application: AccountApplication): Promise<string> {
    const { store, users } = this.#deps;
    const reservation = users.reservationOf(local.adminName);
    if (local.keyIssuedAt !== undefined || reservation?.by !== applicantOf(local.id)) {
      store.markKeyIssued(local.id);
      return SHOWN_ONCE;
    }
    try {
      const { apiKey } = await users.complete(reservation, {
        accountId: application.requestedAccountId,
        role: 'ADMIN',
      });
      store.markKeyIssued(local.id);
      return apiKey;
    } catch (err) {
      if (err instanceof ConflictError) return SHOWN_ONCE;
      throw err;
    }
  }

  /** Frees the user name reserved for the admin of a rejected application (its identity is never bound). */
  async #releaseName(local: LocalApplication): Promise<void> {
    if (this.#deps.users.reservationOf(local.adminName)?.by === applicantOf(local.id)) {
      await this.#deps.users.release(local.adminName);
    }
  }

  /** 400 unless this site's organisation holds accounts of `type` (founding or admitted member): apply elsewhere. */
  async #assertHoldsAccountsOf(type: NewApplication['accountType']): Promise<void> {
    const { registry, siteAdmin } = this.#deps;
    const settings = SettingsSchema.pick({ memberOrganisations: true }).parse(
      await registry.query(siteAdmin, 'registry:GetSettings'),
    );
    const msps = mspsOfAccountType(type, settings.memberOrganisations);
    if (!msps.includes(siteAdmin.mspId)) {
      throw new ValidationError(
        `${type} accounts hold identities of ${msps.join(' or ')}: apply at that organisation's gateway, ` +
          `not at ${siteAdmin.mspId}'s`,
      );
    }
  }

  /** 409 when the requested account exists, before any name is reserved or identity enrolled. */
  async #assertAccountFree(accountId: string): Promise<void> {
    try {
      await this.#deps.registry.evaluate(this.#deps.siteAdmin, 'accounts:GetAccount', { accountId });
    } catch (err) {
      if (toApiError(err).code === 'NOT_FOUND') return;
      throw err;
    }
    throw new ConflictError(`account ${accountId} already exists`);
  }
}
