import type { AccountType } from './identity';

/**
 * What a caller may read of holdings (blocks, balances, serials): government and certifier identities read
 * everything, a developer identity reads its own account's holdings, an unbound identity none. A suspended account
 * keeps its read access. The chaincode decides it from the caller's binding on the ledger; the gateway, answering a
 * balance from its read model, from the same binding asked of the ledger (accounts:WhoAmI).
 */
export type ReadScope =
  { readonly kind: 'ALL' } | { readonly kind: 'OWN'; readonly accountId: string } | { readonly kind: 'NONE' };

/** The read scope of an identity bound to `account` (undefined: not bound). */
export function readScopeOf(account: { readonly id: string; readonly type: AccountType } | undefined): ReadScope {
  if (account === undefined) return { kind: 'NONE' };
  return account.type === 'DEVELOPER' ? { kind: 'OWN', accountId: account.id } : { kind: 'ALL' };
}

export function canReadHoldings(scope: ReadScope, ownerAccountId: string): boolean {
  return scope.kind === 'ALL' || (scope.kind === 'OWN' && scope.accountId === ownerAccountId);
}

/** The FORBIDDEN detail when a scope does not cover an account's holdings. */
export const holdingsForbidden = (ownerAccountId: string): string =>
  `caller may not read holdings of account ${ownerAccountId}`;

export interface BalanceLine {
  readonly projectId: string;
  readonly vintage: number;
  readonly quantity: number;
  readonly frozenQuantity: number;
}

export interface Balance {
  readonly accountId: string;
  /** By project, then vintage. */
  readonly lines: BalanceLine[];
  readonly total: number;
  readonly frozen: number;
  /** HELD blocks summed. */
  readonly blocks: number;
  /** False when a large holder's balance continues from `bookmark` (the chaincode sums a bounded part a call). */
  readonly complete: boolean;
  readonly bookmark: string;
}

/** A balance from its lines per project and vintage, in any order. */
export function balanceOf(
  accountId: string,
  lines: readonly BalanceLine[],
  part: { readonly blocks: number; readonly complete: boolean; readonly bookmark: string },
): Balance {
  const sorted = [...lines].sort((a, b) =>
    a.projectId < b.projectId ? -1 : a.projectId > b.projectId ? 1 : a.vintage - b.vintage,
  );
  return {
    accountId,
    lines: sorted,
    total: sorted.reduce((sum, l) => sum + l.quantity, 0),
    frozen: sorted.reduce((sum, l) => sum + l.frozenQuantity, 0),
    ...part,
  };
}
