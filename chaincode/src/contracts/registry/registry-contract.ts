import { Context, Contract, Returns, Transaction } from 'fabric-contract-api';
import {
  conflict,
  deriveAccountId,
  EVENTS,
  forbidden,
  InitRegistryInputSchema,
  MSP_BY_ACCOUNT_TYPE,
  UpdateSettingsInputSchema,
  validation,
  type Account,
  type Settings,
} from '../../domain';
import { getAccount, getBinding, saveAccount, saveBinding } from '../accounts/account-state';
import { callerIdentity, isOrgAdmin, requireActor } from '../common/auth';
import { WorldState } from '../common/state';
import { emit, parseInput, result, txInfo } from '../common/tx';
import { getSettings, requireSettings, saveSettings } from './settings-state';

/** Registry-wide settings and the bootstrap of the ledger. */
export class RegistryContract extends Contract {
  constructor() {
    super('registry');
  }

  /**
   * Initialises the registry once: settings, the government registry-authority account and the caller bound to it
   * as ADMIN. Caller: a GovernmentMSP organisation admin (certificate NodeOU `admin`). Emits REGISTRY_INITIALISED.
   */
  @Transaction()
  @Returns('string')
  async InitRegistry(ctx: Context, json: string): Promise<string> {
    const input = parseInput(InitRegistryInputSchema, json);
    const ws = new WorldState(ctx);
    const identity = callerIdentity(ctx);
    if (identity.mspId !== MSP_BY_ACCOUNT_TYPE.GOVERNMENT || !isOrgAdmin(ctx)) {
      throw forbidden('only a GovernmentMSP admin may initialise the registry');
    }
    if ((await getSettings(ws)) !== undefined) {
      throw conflict('registry is already initialised');
    }
    const tx = txInfo(ctx);
    const accountId = input.governmentAccount.id ?? deriveAccountId('GOVERNMENT', tx.txId);
    if ((await getAccount(ws, accountId)) !== undefined) {
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
      authorityAccountId: accountId,
      updatedAt: tx.at,
      updatedTxId: tx.txId,
    };
    const account: Account = {
      id: accountId,
      name: input.governmentAccount.name,
      type: 'GOVERNMENT',
      country: input.party,
      status: 'ACTIVE',
      createdAt: tx.at,
      createdTxId: tx.txId,
      updatedAt: tx.at,
      updatedTxId: tx.txId,
    };
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
    return result(settings);
  }

  /** Returns the registry settings. Caller: anyone. */
  @Transaction(false)
  @Returns('string')
  async GetSettings(ctx: Context): Promise<string> {
    return result(await requireSettings(new WorldState(ctx)));
  }

  /**
   * Changes the registry name, NDC period or cooperative approaches (party and registry ID never change: serials
   * carry them; cooperative approaches are never removed: authorisations refer to them).
   * Caller: ADMIN of a government account. Emits SETTINGS_UPDATED.
   */
  @Transaction()
  @Returns('string')
  async UpdateSettings(ctx: Context, json: string): Promise<string> {
    const input = parseInput(UpdateSettingsInputSchema, json);
    const ws = new WorldState(ctx);
    const actor = await requireActor(ctx, ws, { action: 'update settings', types: ['GOVERNMENT'], roles: ['ADMIN'] });
    const current = await requireSettings(ws);
    if (input.cooperativeApproaches !== undefined) {
      const kept = new Set(input.cooperativeApproaches.map((c) => c.id));
      const removed = current.cooperativeApproaches.filter((c) => !kept.has(c.id)).map((c) => c.id);
      if (removed.length > 0) {
        throw validation(`cooperative approaches cannot be removed: ${removed.join(', ')}`);
      }
    }
    const tx = txInfo(ctx);
    const next: Settings = {
      ...current,
      name: input.name ?? current.name,
      ndcPeriod: input.ndcPeriod ?? current.ndcPeriod,
      cooperativeApproaches: input.cooperativeApproaches ?? current.cooperativeApproaches,
      updatedAt: tx.at,
      updatedTxId: tx.txId,
    };
    await saveSettings(ws, next);
    emit(ctx, EVENTS.SETTINGS_UPDATED, {
      changed: Object.keys(input).sort(),
      by: actor.ref,
      txId: tx.txId,
    });
    return result(next);
  }
}
