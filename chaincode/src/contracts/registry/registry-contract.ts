import type { Context } from 'fabric-contract-api';
import {
  conflict,
  deriveAccountId,
  EVENTS,
  forbidden,
  GetAuthorisationDetailsInputSchema,
  GetWorkflowProfileInputSchema,
  notFound,
  UpdateWorkflowProfileInputSchema,
  type WorkflowProfileRecord,
  InitRegistryInputSchema,
  ListAuthorisationDetailsInputSchema,
  MSP_BY_ACCOUNT_TYPE,
  SetAuthorisationDetailsInputSchema,
  UpdateSettingsInputSchema,
  validation,
  type AuthorisationDetails,
  type Settings,
  type InitRegistryInput,
  type UpdateSettingsInput,
} from '../../domain';
import { ACCOUNTS, getBinding, newAccount, saveAccount, saveBinding } from '../accounts/account-state';
import { callerIdentity, isOrgAdmin } from '../common/auth';
import type { WorldState } from '../common/state';
import { contractOf, read, readWithoutInput, submit, write, type TransactionTable } from '../common/transactions';
import { assertNotBefore, emit, txInfo, updated } from '../common/tx';
import {
  assertEntitiesReferToApproaches,
  assertNoneRemoved,
  AUTHORISATION_DETAILS,
  getSettings,
  requireSettings,
  saveAuthorisationDetails,
  saveSettings,
} from './settings-state';
import {
  assertProceedsAccount,
  currentProfile,
  currentProfileVersion,
  requireProfile,
  saveProfile,
} from './profile-state';

/** The lists an update leaves in the settings: the given ones, or the current ones. */
function settingsLists(
  input: UpdateSettingsInput,
  current: Settings,
): Pick<Settings, 'cooperativeApproaches' | 'authorisedEntities' | 'memberOrganisations'> {
  return {
    cooperativeApproaches: input.cooperativeApproaches ?? current.cooperativeApproaches,
    authorisedEntities: input.authorisedEntities ?? current.authorisedEntities,
    memberOrganisations: input.memberOrganisations ?? current.memberOrganisations,
  };
}

/** The bootstrap (see `InitRegistry`): the one write without `writeTransaction`'s steps, as no account exists yet. */
async function initRegistry(ws: WorldState, input: InitRegistryInput, ctx: Context): Promise<Settings> {
  const identity = callerIdentity(ctx);
  const governmentMspId = input.governmentMspId ?? MSP_BY_ACCOUNT_TYPE.GOVERNMENT;
  if (identity.mspId !== governmentMspId || !isOrgAdmin(ctx)) {
    throw forbidden(`only a ${governmentMspId} admin may initialise the registry`);
  }
  // Another organisation naming itself the government: each endorsing peer other than that organisation's refuses,
  // so the endorsement policy (which asks for the host government's peer) can never be met by it alone.
  if (governmentMspId !== MSP_BY_ACCOUNT_TYPE.GOVERNMENT && ctx.stub.getMspID() !== governmentMspId) {
    throw forbidden(`a registry governed by ${governmentMspId} is initialised through that organisation's own peer`);
  }
  if ((await getSettings(ws)) !== undefined) {
    throw conflict('registry is already initialised');
  }
  const authorisedEntities = input.authorisedEntities ?? [];
  assertEntitiesReferToApproaches(authorisedEntities, input.cooperativeApproaches);
  const tx = txInfo(ctx);
  const accountId = input.governmentAccount.id ?? deriveAccountId('GOVERNMENT', tx.txId);
  if ((await ACCOUNTS.get(ws, accountId)) !== undefined) {
    throw conflict(`account ${accountId} already exists`);
  }
  if ((await getBinding(ws, identity.mspId, identity.enrollmentId))?.status === 'ACTIVE') {
    throw conflict(`identity ${identity.enrollmentId} is already bound`);
  }
  const settings: Settings = {
    party: input.party,
    registryId: input.registryId,
    name: input.name,
    ndcPeriod: input.ndcPeriod,
    cooperativeApproaches: input.cooperativeApproaches,
    authorisedEntities,
    memberOrganisations: [],
    authorityAccountId: accountId,
    governmentMspId,
    ...updated(tx),
  };
  const account = newAccount(
    { id: accountId, name: input.governmentAccount.name, type: 'GOVERNMENT', country: input.party },
    tx,
  );
  await saveSettings(ws, settings);
  await saveAccount(ws, account, true);
  await saveBinding(ws, {
    ...identity,
    accountId,
    role: 'ADMIN',
    status: 'ACTIVE',
    changedAt: tx.at,
    changedTxId: tx.txId,
  });
  emit(ctx, EVENTS.REGISTRY_INITIALISED, {
    registryId: settings.registryId,
    party: settings.party,
    authorityAccountId: accountId,
    admin: identity,
    txId: tx.txId,
  });
  return settings;
}

const REGISTRY_TRANSACTIONS = {
  /**
   * Initialises the registry once: settings, the government registry-authority account and the caller bound to it
   * as ADMIN. Caller: an organisation admin (certificate NodeOU `admin`) of `governmentMspId` (GovernmentMSP unless
   * given: another Party's registry on its own channel names its own, docs/international.md). Emits
   * REGISTRY_INITIALISED.
   */
  InitRegistry: submit(InitRegistryInputSchema, initRegistry),

  /** Returns the registry settings. Caller: anyone. */
  GetSettings: readWithoutInput((ws) => requireSettings(ws)),

  /**
   * Changes the registry name, NDC period, cooperative approaches or authorised entities (party and registry ID
   * never change: serials carry them; cooperative approaches and authorised entities are never removed:
   * authorisations and AEF rows refer to them). Caller: ADMIN of a government account. Emits SETTINGS_UPDATED.
   */
  UpdateSettings: write(UpdateSettingsInputSchema, {
    rule: { action: 'update settings', types: ['GOVERNMENT'], roles: ['ADMIN'] },
    load: requireSettings,
    check: ({ input, record: current }) => {
      const { cooperativeApproaches, authorisedEntities } = settingsLists(input, current);
      assertNoneRemoved('cooperative approaches', current.cooperativeApproaches, cooperativeApproaches);
      assertNoneRemoved('authorised entities', current.authorisedEntities, authorisedEntities);
      assertEntitiesReferToApproaches(authorisedEntities, cooperativeApproaches);
    },
    since: (current) => ['the registry settings', current.updatedAt],
    apply: async ({ ws, input, record: current, tx, emit }) => {
      const next: Settings = {
        ...current,
        name: input.name ?? current.name,
        ndcPeriod: input.ndcPeriod ?? current.ndcPeriod,
        ...settingsLists(input, current),
        ...updated(tx),
      };
      await saveSettings(ws, next);
      emit(EVENTS.SETTINGS_UPDATED, { changed: Object.keys(input).sort() });
      return next;
    },
  }),

  /**
   * Records (or replaces with a new version) the Article 6 terms of an authorisation that the AEF reports and the
   * project workflow does not capture: version, metric, GWP values, authorised Parties and entities, terms.
   * Entities must be in the settings. Caller: ADMIN or MANAGER of a government account.
   * Emits AUTHORISATION_DETAILS_SET.
   */
  SetAuthorisationDetails: write(SetAuthorisationDetailsInputSchema, {
    rule: { action: 'record authorisation details', types: ['GOVERNMENT'] },
    load: requireSettings,
    check: ({ input, record: settings }) => {
      const known = new Set(settings.authorisedEntities.map((e) => e.id));
      const unknown = input.authorisedEntityIds.filter((id) => !known.has(id));
      if (unknown.length > 0) {
        throw validation(`authorised entities not in the registry settings: ${unknown.join(', ')}`);
      }
    },
    apply: async ({ ws, input, actor, tx, emit }) => {
      const previous = await AUTHORISATION_DETAILS.get(ws, input.authorisationId);
      assertNotBefore(tx, `authorisation ${input.authorisationId}`, previous?.updatedAt);
      const details: AuthorisationDetails = { ...input, updatedBy: actor.ref, ...updated(tx) };
      await saveAuthorisationDetails(ws, details);
      emit(EVENTS.AUTHORISATION_DETAILS_SET, { authorisationId: details.authorisationId, version: details.version });
      return details;
    },
  }),

  /** Returns the Article 6 details of an authorisation (NOT_FOUND when none were recorded). Caller: anyone. */
  GetAuthorisationDetails: read(GetAuthorisationDetailsInputSchema, (ws, input) =>
    AUTHORISATION_DETAILS.require(ws, input.authorisationId),
  ),

  /** Lists the Article 6 details of every authorisation, one page at a time. Caller: anyone. */
  ListAuthorisationDetails: read(ListAuthorisationDetailsInputSchema, (ws, input) =>
    AUTHORISATION_DETAILS.page(ws, input),
  ),

  /**
   * Installs a new version of the workflow profile (version 1, 2, …; every version stays on the ledger). New
   * projects follow it; a project keeps the version it was registered under. The share-of-proceeds account must be
   * a government account. Caller: ADMIN of a government account. Emits WORKFLOW_PROFILE_UPDATED.
   */
  UpdateWorkflowProfile: write(UpdateWorkflowProfileInputSchema, {
    rule: { action: 'update the workflow profile', types: ['GOVERNMENT'], roles: ['ADMIN'] },
    load: currentProfile,
    since: (current) => ['the workflow profile', current?.updatedAt],
    apply: async ({ ws, input, record: current, actor, tx, emit }) => {
      await assertProceedsAccount(ws, input.shareOfProceeds.accountId);
      const record: WorkflowProfileRecord = {
        ...input,
        version: (current?.version ?? 0) + 1,
        updatedBy: actor.ref,
        ...updated(tx),
      };
      await saveProfile(ws, record);
      emit(EVENTS.WORKFLOW_PROFILE_UPDATED, { version: record.version, name: record.name });
      return record;
    },
  }),

  /**
   * Returns a version of the workflow profile, the current one when no version is given (NOT_FOUND before the
   * first was installed: projects then follow the built-in lean flow). Caller: anyone.
   */
  GetWorkflowProfile: read(GetWorkflowProfileInputSchema, async (ws, input) => {
    const version = input.version ?? (await currentProfileVersion(ws));
    if (version === undefined) {
      throw notFound('no workflow profile is installed; projects follow the built-in lean flow');
    }
    return requireProfile(ws, version);
  }),
} satisfies TransactionTable;

/** Registry-wide settings and the bootstrap of the ledger. */
export class RegistryContract extends contractOf('registry', REGISTRY_TRANSACTIONS) {}
