import { invalidState, validation } from './errors';
import type { Account, CreditBlock, MonitoringReport, Project } from './schemas';
import { planAction, type QuantifiedRange } from './serial';
import { issuanceCap } from './time';

type ProjectAuthorisation = NonNullable<Project['authorisation']>;

/** Monitoring, verification and issuance need an AUTHORISED project: INVALID_STATE otherwise. */
export function assertAuthorised(project: Project): ProjectAuthorisation {
  if (project.status !== 'AUTHORISED' || project.authorisation === undefined) {
    throw invalidState(`project ${project.id} is ${project.status}; this step requires AUTHORISED`);
  }
  return project.authorisation;
}

/** A vintage is never later than the transaction's year: VALIDATION otherwise. */
export function assertVintageNotInFuture(vintage: number, year: number): void {
  if (vintage > year) throw validation(`vintage ${vintage} is in the future`);
}

/**
 * Whether a verified report may be issued now, and how much: the project is authorised, the vintage is not in the
 * future, the project's estimate over its crediting period and the authorised quantity are not exceeded, and the
 * receiving developer account is active. Returns the quantity and the authorisation the units carry.
 */
export function assertIssuable(
  report: MonitoringReport,
  project: Project,
  owner: Account,
  year: number,
): { readonly quantity: number; readonly authorisation: ProjectAuthorisation } {
  const authorisation = assertAuthorised(project);
  const quantity = report.verification?.verifiedReductions;
  if (quantity === undefined) throw invalidState(`report ${report.id} has no verified quantity`);
  assertVintageNotInFuture(report.vintage, year);
  const cap = issuanceCap(
    project.estimatedAnnualReductions,
    project.creditingPeriod.start,
    project.creditingPeriod.end,
  );
  if (project.issuedTotal + quantity > cap) {
    throw invalidState(`issuing ${quantity} would exceed the project's estimate over its crediting period (${cap})`);
  }
  const authorised = authorisation.authorisedQuantity;
  if (authorised !== undefined && project.issuedTotal + quantity > authorised) {
    throw invalidState(`issuing ${quantity} would exceed the authorised quantity ${authorised}`);
  }
  if (owner.status !== 'ACTIVE') throw invalidState(`developer account ${owner.id} is ${owner.status}`);
  return { quantity, authorisation };
}

/** The block an issuance creates, before its range-dependent fields are computed (see withRange). */
export function buildIssuedBlock(args: {
  readonly id: string;
  readonly report: MonitoringReport;
  readonly project: Project;
  readonly owner: Account;
  readonly authorisation: ProjectAuthorisation;
  readonly range: QuantifiedRange;
  readonly tx: { readonly txId: string; readonly at: string };
}): CreditBlock {
  const { authorisation, tx } = args;
  return {
    id: args.id,
    projectId: args.project.id,
    issuanceReportId: args.report.id,
    vintage: args.report.vintage,
    ...args.range,
    ownerAccountId: args.owner.id,
    status: 'HELD',
    frozen: false,
    serialNumber: '',
    authorisation: {
      authorisationId: authorisation.authorisationId,
      purposes: authorisation.purposes,
      firstTransferDefinition: authorisation.firstTransferDefinition,
      cooperativeApproachId: authorisation.cooperativeApproachId,
    },
    createdAt: tx.at,
    createdTxId: tx.txId,
    updatedAt: tx.at,
    updatedTxId: tx.txId,
  };
}

/** The largest share of proceeds a profile may set: the developer always receives some of an issuance. */
export const MAX_SHARE_OF_PROCEEDS_PERCENT = 99;

/** How an issuance's serials are divided between the developer and the share of proceeds (docs/workflows.md). */
export interface IssuanceParts {
  /** The developer's block: the start of the issued range. */
  readonly developer: QuantifiedRange;
  /** The share of proceeds, when it is at least one unit: the end of the issued range. */
  readonly share?: QuantifiedRange;
}

/**
 * `floor(quantity × percent / 100)` exactly, for any safe-integer quantity: the product itself could pass 2^53, so
 * the hundreds and the rest are taken apart.
 */
export function shareQuantity(quantity: number, percent: number): number {
  if (!Number.isSafeInteger(quantity) || quantity < 1) {
    throw validation(`quantity ${quantity} must be a positive integer`);
  }
  if (!Number.isInteger(percent) || percent < 0 || percent > MAX_SHARE_OF_PROCEEDS_PERCENT) {
    throw validation(`share of proceeds ${percent}% is not a whole percent in [0, ${MAX_SHARE_OF_PROCEEDS_PERCENT}]`);
  }
  return Math.floor(quantity / 100) * percent + Math.floor(((quantity % 100) * percent) / 100);
}

/**
 * Divides an issued range: the share of proceeds (`shareQuantity`, none when it rounds down to 0) is split off the end
 * of the range by the split rule (`planAction`), the developer keeps the start. The two ranges are contiguous and
 * add up to the issued quantity.
 */
export function splitIssuance(range: QuantifiedRange, percent: number): IssuanceParts {
  const share = shareQuantity(range.quantity, percent);
  if (share === 0) return { developer: range };
  const plan = planAction(range, share);
  if (plan.kind === 'whole') throw validation(`a share of ${percent}% would leave the developer nothing`);
  return { developer: plan.kept, share: plan.moved };
}
