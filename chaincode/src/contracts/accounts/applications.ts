import type { Context } from 'fabric-contract-api';
import {
  AccountApplicationSchema,
  ApproveAccountApplicationInputSchema,
  assertMspOfAccountType,
  conflict,
  EVENTS,
  forbidden,
  GetAccountApplicationInputSchema,
  ListAccountApplicationsInputSchema,
  mspsOfAccountType,
  nextApplicationStatus,
  OBJECT,
  RejectAccountApplicationInputSchema,
  SubmitAccountApplicationInputSchema,
  validation,
  type AccountApplication,
  type ApplicationAction,
  type RejectAccountApplicationInput,
  type SubmitAccountApplicationInput,
} from '../../domain';
import { callerBinding, callerIdentity, isOrgAdmin, type ActorRule } from '../common/auth';
import { recordType } from '../common/records';
import type { WorldState } from '../common/state';
import { read, submit, write } from '../common/transactions';
import { emit, recorded, txInfo, updated, type TxInfo } from '../common/tx';
import type { WriteSpec } from '../common/write';
import { requireSettings } from '../registry/settings-state';
import { ACCOUNTS, bindableTo, openAccount } from './account-state';

/**
 * Companies apply to join (docs/api.md, _Applications_): the site of the organisation whose identities the account
 * will hold records the application with its organisation admin, having enrolled the applicant's first ADMIN; a
 * government ADMIN approves it (the account is opened with that ADMIN bound, in the same transaction) or rejects it.
 */

const APPLICATIONS = recordType(
  OBJECT.application,
  AccountApplicationSchema,
  (id) => `account application ${id} does not exist`,
);

/** Writes an application and its status index entry (moved from the previous status on a decision). */
async function saveApplication(ws: WorldState, next: AccountApplication, previous?: AccountApplication): Promise<void> {
  await ws.write(APPLICATIONS.key(ws, next.id), next);
  if (previous !== undefined) {
    await ws.remove(ws.key(OBJECT.applicationByStatus, [previous.status, previous.id]));
  }
  await ws.writeIndex(ws.key(OBJECT.applicationByStatus, [next.status, next.id]));
}

/**
 * The submission: the caller must be an organisation admin (from its certificate) of an MSP that holds accounts of
 * the type applied for (FORBIDDEN), the applicant's admin an identity of that same MSP (VALIDATION: a site vouches
 * only for identities its own CA enrolled), and neither the application ID nor the account taken (CONFLICT).
 */
async function submitApplication(
  ws: WorldState,
  input: SubmitAccountApplicationInput,
  ctx: Context,
): Promise<AccountApplication> {
  const submitter = callerIdentity(ctx);
  const msps = mspsOfAccountType(input.accountType, (await requireSettings(ws)).memberOrganisations);
  if (!isOrgAdmin(ctx) || !msps.includes(submitter.mspId)) {
    throw forbidden(`only an organisation admin of ${msps.join(' or ')} records applications for ${input.accountType}`);
  }
  if (input.admin.mspId !== submitter.mspId) {
    throw validation(`the applicant's admin must be an identity of ${submitter.mspId}, not ${input.admin.mspId}`);
  }
  if ((await APPLICATIONS.get(ws, input.applicationId)) !== undefined) {
    throw conflict(`account application ${input.applicationId} already exists`);
  }
  if ((await ACCOUNTS.get(ws, input.requestedAccountId)) !== undefined) {
    throw conflict(`account ${input.requestedAccountId} already exists`);
  }
  const tx = txInfo(ctx);
  await bindableTo(ws, input.admin, input.requestedAccountId, tx);
  const { applicationId: id, ...fields } = input;
  const application: AccountApplication = {
    id,
    ...fields,
    status: 'SUBMITTED',
    submittedBy: submitter,
    submittedAt: tx.at,
    submittedTxId: tx.txId,
    ...updated(tx),
  };
  await saveApplication(ws, application);
  const { accountType, requestedAccountId, organisationName, admin } = input;
  emit(ctx, EVENTS.ACCOUNT_APPLICATION_SUBMITTED, {
    ...{ applicationId: id, accountType, requestedAccountId, organisationName, admin },
    submittedBy: submitter,
    txId: tx.txId,
  });
  return application;
}

/** Whether the caller is bound to a government account (any role: its auditors read the raw ledger anyway). */
async function isGovernmentCaller(ctx: Context, ws: WorldState): Promise<boolean> {
  return (await callerBinding(ctx, ws)).account?.type === 'GOVERNMENT';
}

/**
 * Who reads an application: government users, and the organisation admin of the site that recorded it (which
 * answers the applicant). FORBIDDEN before the record is read for anyone who could be neither.
 */
async function readableApplication(ctx: Context, ws: WorldState, applicationId: string): Promise<AccountApplication> {
  const government = await isGovernmentCaller(ctx, ws);
  if (!government && !isOrgAdmin(ctx)) {
    throw forbidden('only government users and the recording organisation admin read account applications');
  }
  const application = await APPLICATIONS.require(ws, applicationId);
  if (!government && application.submittedBy.mspId !== ctx.clientIdentity.getMSPID()) {
    throw forbidden(`account application ${applicationId} was recorded by another organisation`);
  }
  return application;
}

/** Decisions are a government ADMIN's, once each (INVALID_STATE when the application was decided already). */
function decision<I extends { readonly applicationId: string }>(
  action: ApplicationAction,
  apply: WriteSpec<I, AccountApplication>['apply'],
): WriteSpec<I, AccountApplication> {
  const rule: ActorRule = {
    action: `${action === 'APPROVE' ? 'approve' : 'reject'} account applications`,
    types: ['GOVERNMENT'],
    roles: ['ADMIN'],
  };
  return {
    rule,
    load: (ws, input) => APPLICATIONS.require(ws, input.applicationId),
    check: ({ record: application }) => {
      nextApplicationStatus(application.status, action);
    },
    since: (application) => [`account application ${application.id}`, application.updatedAt],
    apply,
  };
}

/** The decided application: its new status and who decided, when, why. */
function decided(
  application: AccountApplication,
  action: ApplicationAction,
  made: AccountApplication['decision'],
  tx: TxInfo,
): AccountApplication {
  const status = nextApplicationStatus(application.status, action);
  return { ...application, status, decision: made, ...updated(tx) };
}

const approve = decision<{ applicationId: string }>('APPROVE', async ({ ws, record: application, actor, tx, emit }) => {
  const { requestedAccountId: id, organisationName: name, accountType: type, country, admin } = application;
  assertMspOfAccountType(admin.mspId, type, (await requireSettings(ws)).memberOrganisations);
  const account = await openAccount(ws, { id, name, type, country }, admin, actor, tx);
  const next = decided(application, 'APPROVE', recorded(actor, tx), tx);
  await saveApplication(ws, next, application);
  emit(EVENTS.ACCOUNT_CREATED, { accountId: id, type, admin, applicationId: application.id });
  return { application: next, account };
});

const reject = decision<RejectAccountApplicationInput>('REJECT', async ({ ws, input, record, actor, tx, emit }) => {
  const next = decided(record, 'REJECT', { ...recorded(actor, tx), reason: input.reason }, tx);
  await saveApplication(ws, next, record);
  const { accountType, requestedAccountId } = record;
  emit(EVENTS.ACCOUNT_APPLICATION_REJECTED, {
    ...{ applicationId: record.id, accountType, requestedAccountId },
    reason: input.reason,
  });
  return { application: next };
});

/** The application transactions of the accounts contract. */
export const APPLICATION_TRANSACTIONS = {
  /**
   * Records a company's application for a DEVELOPER or CERTIFIER account, with the admin identity the applying
   * organisation's CA enrolled for it. Caller: an organisation admin (certificate) of an MSP of that account type.
   * Emits ACCOUNT_APPLICATION_SUBMITTED.
   */
  SubmitAccountApplication: submit(SubmitAccountApplicationInputSchema, submitApplication),

  /**
   * Approves a SUBMITTED application: opens the requested account as CreateAccount does, with the applicant's admin
   * bound as ADMIN, and marks the application APPROVED. Caller: government ADMIN. Emits ACCOUNT_CREATED (with the
   * application ID).
   */
  ApproveAccountApplication: write(ApproveAccountApplicationInputSchema, approve),

  /** Rejects a SUBMITTED application with a reason. Caller: government ADMIN. Emits ACCOUNT_APPLICATION_REJECTED. */
  RejectAccountApplication: write(RejectAccountApplicationInputSchema, reject),

  /** Returns an application. Caller: government users, or the organisation admin of the site that recorded it. */
  GetAccountApplication: read(GetAccountApplicationInputSchema, (ws, input, ctx) =>
    readableApplication(ctx, ws, input.applicationId),
  ),

  /** Lists applications, optionally of one status, one page at a time. Caller: government users. */
  ListAccountApplications: read(ListAccountApplicationsInputSchema, async (ws, input, ctx) => {
    if (!(await isGovernmentCaller(ctx, ws))) {
      throw forbidden('only government users list account applications');
    }
    return input.status === undefined
      ? APPLICATIONS.page(ws, input)
      : APPLICATIONS.pageBy(ws, OBJECT.applicationByStatus, [input.status], input);
  }),
};
