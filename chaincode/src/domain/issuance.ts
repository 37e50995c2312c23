import { invalidState, validation } from './errors';
import type { Account, CreditBlock, MonitoringReport, Project } from './schemas';
import type { QuantifiedRange } from './serial';
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
