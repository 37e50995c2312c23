import { setTimeout as sleep } from 'node:timers/promises';
import {
  AccountIdSchema,
  type Balance,
  balanceOf,
  canReadHoldings,
  holdingsForbidden,
  readScopeOf,
} from '@ncr/chaincode/domain';
import { z } from 'zod';
import { ForbiddenError, NotFoundError } from '../errors';
import { type Route, defineRoute, ok } from '../http/route';
import { looseObject } from '../http/schemas';
import { callerAccount } from '../identity/caller-account';
import type { IdentityRef } from '../identity/credentials';
import { identityOf } from '../identity/users';
import type { RouteDeps } from './deps';

/** How long a balance waits for the read model to reach the caller's peer before the chaincode answers instead. */
const CATCH_UP_MS = 1000;
const POLL_MS = 10;

/**
 * The balance from the read model, once it holds every block the caller's peer holds (what a query on that peer
 * would see): one SQL sum over its owner index, whatever the size of the holding. Undefined when the peer's height
 * is not followed, the read model is not there, or it stays behind: the chaincode answers then.
 */
async function fromReadModel(
  deps: RouteDeps,
  actor: IdentityRef,
  accountId: string,
): Promise<(Balance & { blockHeight: number }) | undefined> {
  const target = deps.peerHeight?.(actor.mspId);
  if (target === undefined || deps.readModel === undefined) return undefined;
  let store;
  try {
    store = deps.readModel();
  } catch {
    return undefined;
  }
  try {
    const deadline = Date.now() + CATCH_UP_MS;
    while (store.status().blockHeight < target) {
      if (Date.now() > deadline) return undefined;
      await sleep(POLL_MS);
    }
    return store.snapshot(() => {
      if (!store.hasAccount(accountId)) throw new NotFoundError(`account ${accountId} does not exist`);
      const { lines, blocks } = store.heldBalance(accountId);
      const balance = balanceOf(accountId, lines, { blocks, complete: true, bookmark: '' });
      return { ...balance, blockHeight: store.status().blockHeight };
    });
  } finally {
    store.close();
  }
}

/**
 * `GET /v1/accounts/:id/balance`: who may read it is the chaincode's rule (`readScopeOf`, `canReadHoldings`) on the
 * caller's binding asked of the ledger; the sum comes from the read model when it has caught up with the caller's
 * peer, otherwise (and for a continuation `bookmark`) from the chaincode's GetBalance.
 */
export function balanceRoute(deps: RouteDeps): Route {
  return defineRoute({
    method: 'get',
    path: '/v1/accounts/:id/balance',
    tag: 'accounts',
    summary: 'Held credits of an account by project and vintage',
    description:
      'Answered from the read model (with its `blockHeight`) once it holds every block of the caller’s peer, ' +
      'otherwise by the chaincode (accounts:GetBalance; a very large holding continues from `bookmark`).',
    params: z.object({ id: AccountIdSchema }),
    query: z.object({ bookmark: z.string().max(1024).optional() }),
    responses: { 200: { description: 'the balance', schema: looseObject } },
    handler: async ({ params, query, user }) => {
      const actor = identityOf(user);
      if (query.bookmark === undefined) {
        const scope = readScopeOf(await callerAccount(deps.registry, actor));
        if (!canReadHoldings(scope, params.id)) throw new ForbiddenError(holdingsForbidden(params.id));
        const balance = await fromReadModel(deps, actor, params.id);
        if (balance !== undefined) return ok(balance);
      }
      return ok(await deps.registry.evaluate(actor, 'accounts:GetBalance', { accountId: params.id, ...query }));
    },
  });
}
