import {
  balanceOf,
  BindIdentityInputSchema,
  CreateAccountInputSchema,
  deriveAccountId,
  EVENTS,
  forbidden,
  GetAccountInputSchema,
  GetBalanceInputSchema,
  IdentityBindingSchema,
  invalidState,
  ListAccountsInputSchema,
  ListIdentitiesInputSchema,
  assertMspOfAccountType,
  notFound,
  ReactivateAccountInputSchema,
  RevokeIdentityInputSchema,
  SuspendAccountInputSchema,
  OBJECT,
  type Account,
  type ReactivateAccountInput,
  type SuspendAccountInput,
} from '../../domain';
import { assertCanReadHoldings, callerBinding, isOrgAdmin, readScope, type Actor } from '../common/auth';
import { contractOf, read, readWithoutInput, write, type TransactionTable } from '../common/transactions';
import { updated } from '../common/tx';
import { nothing, type WriteSpec } from '../common/write';
import { computeBalance } from '../credits/block-state';
import { cancelPendingRequests } from '../credits/retirement-requests';
import { requireSettings } from '../registry/settings-state';
import { ACCOUNTS, bindableTo, changed, getBinding, openAccount, saveAccount, saveBinding } from './account-state';
import { APPLICATION_TRANSACTIONS } from './applications';

/** Whether `binding` names the caller's own identity. */
function isOwnBinding(actor: Actor, binding: { readonly mspId: string; readonly enrollmentId: string }): boolean {
  return binding.mspId === actor.identity.mspId && binding.enrollmentId === actor.identity.enrollmentId;
}

/** What a status change does once the account is written: its own writes and its one event. */
type StatusEffect<I> = (step: Parameters<WriteSpec<I, Account>['apply']>[0]) => Promise<void>;

/**
 * Suspends an ACTIVE account (never the registry authority nor the caller's own) or reactivates a SUSPENDED one,
 * with the reason; `effect` then writes what else changes and emits the event.
 */
function statusChange<I extends SuspendAccountInput | ReactivateAccountInput>(
  status: 'SUSPENDED' | 'ACTIVE',
  effect: StatusEffect<I>,
): WriteSpec<I, Account> {
  const suspend = status === 'SUSPENDED';
  return {
    rule: { action: suspend ? 'suspend accounts' : 'reactivate accounts', types: ['GOVERNMENT'], roles: ['ADMIN'] },
    load: (ws, input) => ACCOUNTS.require(ws, input.accountId),
    check: async ({ ws, record: account, actor }) => {
      if (suspend) {
        const settings = await requireSettings(ws);
        if (account.id === settings.authorityAccountId || account.id === actor.account.id) {
          throw invalidState(`account ${account.id} cannot be suspended (registry authority or own account)`);
        }
      }
      if (account.status !== (suspend ? 'ACTIVE' : 'SUSPENDED')) {
        throw invalidState(`account ${account.id} is ${account.status}`);
      }
    },
    since: (account) => [`account ${account.id}`, account.updatedAt],
    apply: async (step) => {
      const { ws, input, record: account, tx } = step;
      const next: Account = { ...account, status, statusReason: input.reason, ...updated(tx) };
      await saveAccount(ws, next, false);
      await effect(step);
      return next;
    },
  };
}

/**
 * A suspension cancels the account's pending retirement requests in the same transaction (`cancelPendingRequests`:
 * each block HELD again) and lists them in its event.
 */
const suspension: StatusEffect<SuspendAccountInput> = async ({ ws, input: { reason }, record, tx, emit }) => {
  const cancelled = await cancelPendingRequests(ws, tx, record.id);
  const retirementRequestsCancelled = cancelled.length === 0 ? undefined : cancelled;
  emit(EVENTS.ACCOUNT_SUSPENDED, { accountId: record.id, reason, retirementRequestsCancelled });
};

const reactivation: StatusEffect<ReactivateAccountInput> = ({ input: { reason }, record, emit }) => {
  emit(EVENTS.ACCOUNT_REACTIVATED, { accountId: record.id, reason });
  return Promise.resolve();
};

const ACCOUNT_TRANSACTIONS = {
  /**
   * Creates an ACTIVE account and binds its first ADMIN identity, whose MSP must match the account type.
   * Caller: ADMIN of a government account. Emits ACCOUNT_CREATED.
   */
  CreateAccount: write(CreateAccountInputSchema, {
    rule: { action: 'create accounts', types: ['GOVERNMENT'], roles: ['ADMIN'] },
    load: nothing,
    check: async ({ ws, input }) => {
      const settings = await requireSettings(ws);
      assertMspOfAccountType(input.admin.mspId, input.type, settings.memberOrganisations, settings.governmentMspId);
    },
    apply: async ({ ws, input, actor, tx, emit }) => {
      const id = input.id ?? deriveAccountId(input.type, tx.txId);
      const fields = { id, name: input.name, type: input.type, country: input.country };
      const account = await openAccount(ws, fields, input.admin, actor, tx);
      emit(EVENTS.ACCOUNT_CREATED, { accountId: id, type: account.type, admin: input.admin });
      return account;
    },
  }),

  /** Returns an account (the directory of participants is public). Caller: anyone. */
  GetAccount: read(GetAccountInputSchema, (ws, input) => ACCOUNTS.require(ws, input.accountId)),

  /** Lists accounts, optionally of one type, one page at a time. Caller: anyone. */
  ListAccounts: read(ListAccountsInputSchema, (ws, input) =>
    input.type === undefined
      ? ACCOUNTS.page(ws, input)
      : ACCOUNTS.pageBy(ws, OBJECT.accountByType, [input.type], input),
  ),

  /**
   * Suspends an account: its identities can then only read, and its pending retirement requests are cancelled (the
   * units HELD again; at most MAX_PENDING_RETIREMENTS). Caller: government ADMIN. Emits ACCOUNT_SUSPENDED, listing
   * the cancelled requests in `retirementRequestsCancelled`.
   */
  SuspendAccount: write(SuspendAccountInputSchema, statusChange('SUSPENDED', suspension)),

  /** Reactivates a suspended account. Caller: government ADMIN. Emits ACCOUNT_REACTIVATED. */
  ReactivateAccount: write(ReactivateAccountInputSchema, statusChange('ACTIVE', reactivation)),

  /**
   * Binds an identity of the account's own MSP to the account with a role, or changes its role. Caller: ADMIN of
   * that account (not on its own binding). An identity whose binding was revoked (a lost or compromised key) is
   * restored only by a government ADMIN, to any account. Emits IDENTITY_BOUND.
   */
  BindIdentity: write(BindIdentityInputSchema, {
    load: (ws, input) => getBinding(ws, input.mspId, input.enrollmentId),
    rule: (existing, input) =>
      existing?.status === 'REVOKED'
        ? { action: 'restore a revoked binding', types: ['GOVERNMENT'], roles: ['ADMIN'] }
        : { action: 'bind identities', roles: ['ADMIN'], accountId: input.accountId },
    check: async ({ ws, input, record: existing, actor }) => {
      const account = existing?.status === 'REVOKED' ? await ACCOUNTS.require(ws, input.accountId) : actor.account;
      const settings = await requireSettings(ws);
      assertMspOfAccountType(input.mspId, account.type, settings.memberOrganisations, settings.governmentMspId);
      if (isOwnBinding(actor, input)) {
        throw invalidState('an identity cannot change its own binding');
      }
    },
    apply: async ({ ws, input, record: existing, actor, tx, emit }) => {
      await bindableTo(ws, input, input.accountId, tx);
      const binding = { ...input, status: 'ACTIVE' as const, ...changed(actor, tx) };
      await saveBinding(ws, binding);
      emit(EVENTS.IDENTITY_BOUND, {
        ...input,
        previousRole: existing?.status === 'ACTIVE' ? existing.role : undefined,
      });
      return binding;
    },
  }),

  /**
   * Revokes an identity's binding (kept on the ledger as REVOKED). Caller: ADMIN of that account, or a government
   * ADMIN (e.g. a compromised key); never on its own binding. Emits IDENTITY_REVOKED.
   */
  RevokeIdentity: write(RevokeIdentityInputSchema, {
    rule: { action: 'revoke identities', roles: ['ADMIN'] },
    authorised: (actor, input) => {
      if (actor.account.id !== input.accountId && actor.account.type !== 'GOVERNMENT') {
        throw forbidden(`account ${actor.account.id} may not revoke identities of account ${input.accountId}`);
      }
      if (isOwnBinding(actor, input)) {
        throw invalidState('an identity cannot revoke its own binding');
      }
    },
    load: async (ws, input) => {
      const existing = await getBinding(ws, input.mspId, input.enrollmentId);
      if (existing?.status !== 'ACTIVE' || existing.accountId !== input.accountId) {
        throw notFound(`identity ${input.enrollmentId} has no active binding to account ${input.accountId}`);
      }
      return existing;
    },
    since: (existing) => [`binding of ${existing.enrollmentId}`, existing.changedAt],
    apply: async ({ ws, input, record: existing, actor, tx, emit }) => {
      const binding = { ...existing, status: 'REVOKED' as const, ...changed(actor, tx) };
      await saveBinding(ws, binding);
      emit(EVENTS.IDENTITY_REVOKED, { ...input, role: existing.role });
      return binding;
    },
  }),

  /** Lists an account's identity bindings (active and revoked). Caller: identities of that account, or government. */
  ListIdentities: read(ListIdentitiesInputSchema, async (ws, input, ctx) => {
    const { account } = await callerBinding(ctx, ws);
    if (account === undefined || (account.id !== input.accountId && account.type !== 'GOVERNMENT')) {
      throw forbidden(`caller may not list identities of account ${input.accountId}`);
    }
    const page = await ws.page(OBJECT.bindingByAccount, [input.accountId], input.pageSize, input.bookmark);
    const items = await Promise.all(
      page.items.map(async (e) => {
        const [, mspId = '', enrollmentId = ''] = e.attributes;
        return IdentityBindingSchema.parse(await getBinding(ws, mspId, enrollmentId));
      }),
    );
    return { ...page, items };
  }),

  /** Returns the caller's identity, whether it is an organisation admin, its active binding and account. Caller: anyone. */
  WhoAmI: readWithoutInput(async (ws, ctx) => {
    const { identity, binding, account } = await callerBinding(ctx, ws);
    return { ...identity, orgAdmin: isOrgAdmin(ctx), binding: binding ?? null, account: account ?? null };
  }),

  /**
   * Sums the account's HELD credits per project and vintage from the owner index (frozen credits reported
   * separately). Caller: the account's own identities, government or certifier.
   */
  GetBalance: read(GetBalanceInputSchema, async (ws, input, ctx) => {
    assertCanReadHoldings(await readScope(ctx, ws), input.accountId);
    await ACCOUNTS.require(ws, input.accountId);
    const { lines, ...part } = await computeBalance(ws, input.accountId, input.bookmark);
    return balanceOf(input.accountId, lines, part);
  }),

  ...APPLICATION_TRANSACTIONS,
} satisfies TransactionTable;

/** Accounts (legal entities) and the identities bound to them. */
export class AccountContract extends contractOf('accounts', ACCOUNT_TRANSACTIONS) {}
