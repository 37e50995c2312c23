import { AEF_DEFAULTS, type AuthorisationDetails, type Settings } from '@ncr/chaincode/domain';
import type { AefInput } from './model';
import type { Cell } from './tables';

/** A column that does not apply to a row. */
export const NA = 'NA';
/** A column the UNFCCC's CARP platform fills: left blank. */
export const CARP = '';

/** What every table builder looks up: settings, authorisation details, projects, authorised entities. */
export interface ReportContext {
  readonly year: number;
  readonly settings: Settings;
  details(authorisationId: string): AuthorisationDetails | undefined;
  mitigationType(projectId: string): Cell;
  /** The authorised entity ID of a registry account, when the account is one. */
  entityOfAccount(accountId: string | undefined): string | undefined;
}

export function reportContext(input: AefInput): ReportContext {
  const details = new Map(input.authorisationDetails.map((d) => [d.authorisationId, d]));
  const projects = new Map(input.projects.map((p) => [p.id, p]));
  const entities = new Map(
    input.settings.authorisedEntities.flatMap((e) => (e.accountId === undefined ? [] : [[e.accountId, e.id] as const])),
  );
  return {
    year: input.year,
    settings: input.settings,
    details: (id) => details.get(id),
    mitigationType: (projectId) => projects.get(projectId)?.mitigationType ?? NA,
    entityOfAccount: (accountId) => (accountId === undefined ? undefined : entities.get(accountId)),
  };
}

/** The metric columns (Metric, GWP, non-GHG metric) of an authorisation, with the registry's defaults. */
export function metricColumns(details: AuthorisationDetails | undefined): {
  readonly Metric: Cell;
  readonly 'Applicable GWP value(s)': Cell;
  readonly 'Applicable non-GHG metric': Cell;
} {
  const metric = details?.metric ?? AEF_DEFAULTS.metric;
  return {
    Metric: metric,
    'Applicable GWP value(s)': details?.gwpValues ?? AEF_DEFAULTS.gwpValues,
    'Applicable non-GHG metric': metric === 'GHG' ? NA : (details?.nonGhgMetric ?? NA),
  };
}

export const dateOf = (at: string): string => at.slice(0, 10);
export const yearOf = (at: string): number => Number(at.slice(0, 4));
