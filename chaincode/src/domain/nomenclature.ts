/**
 * Controlled lists and formats (docs/domain.md: the UNFCCC common nomenclatures, February 2026 edition).
 * Every list a country may need to change lives here and nowhere else.
 */

// What a project declares: its sectors and activity types, and the kinds of documents attached to it.

export const SECTORS = [
  'Agriculture',
  'Building and construction',
  'Cross-sectoral mechanisms',
  'Energy generation',
  'Forestry and land use',
  'Industrial processes',
  'Transportation',
  'Urban development',
  'Waste management',
] as const;

export const ACTIVITY_TYPES = [
  'Afforestation',
  'Agriculture',
  'Biogas',
  'Biomass Energy',
  'Cement',
  'C02 usage', // sic: the nomenclature spells it with a zero
  'Coal bed/mine methane',
  'Energy distribution',
  'Energy Efficiency households',
  'Energy Efficiency Industry',
  'Energy Efficiency own generation',
  'Energy Efficiency service',
  'Energy Efficiency supply side',
  'Fossil fuel switch',
  'Fugitive',
  'Geothermal',
  'Hydro',
  'Landfill gas',
  'Methane avoidance',
  'N2O',
  'PFCs and SF6',
  'Reforestation',
  'Solar',
  'Tidal',
  'Transport',
  'Waste',
  'Wind',
] as const;

export const DOCUMENT_TYPES = [
  'IDEA_NOTE',
  'PDD',
  'NO_OBJECTION_LETTER',
  'VALIDATION_REPORT',
  'AUTHORISATION_LETTER',
  'MONITORING_REPORT',
  'VERIFICATION_REPORT',
  'OTHER',
] as const;

// Article 6 authorisations and the use of their credits.

/** Purposes for authorisation. IMP and OP are kinds of OIMP (e.g. CORSIA). */
export const AUTHORISATION_PURPOSES = [
  'NDC',
  'OIMP',
  'IMP',
  'OP',
  'NDC and OIMP',
  'NDC and IMP',
  'NDC and OP',
] as const;

/** First transfer definition for OIMP; for NDC use the first transfer is the first international transfer. */
export const FIRST_TRANSFER_DEFINITIONS = ['Authorisation', 'Issuance', 'Use or Cancellation'] as const;

/** Retirement purposes offered to holders: voluntary, use towards the NDC, use for other international purposes. */
export const RETIREMENT_PURPOSES = ['VOLUNTARY', 'NDC', 'OIMP'] as const;

export const METRICS = ['GHG', 'non-GHG'] as const;

/**
 * IPCC assessment report whose 100-year GWP values apply (AEF "Applicable GWP value(s)"); AR5 is the default and the
 * list is ours, not a published nomenclature (docs/domain.md).
 */
export const GWP_VALUES = ['AR5', 'AR6'] as const;

/** What an authorisation's Article 6 details are when the government has not set them, and the AEF version. */
export const AEF_DEFAULTS = { version: '1.0', metric: 'GHG', gwpValues: 'AR5' } as const;

// The AEF report: its actions, and what it says of the units behind them.

export const AEF_ACTION_TYPES = [
  'Authorization',
  'First transfer',
  'Transfer',
  'Acquisition',
  'Use',
  'Cancellation',
  'Voluntary Cancellation',
] as const;

/** AEF action subtypes (common nomenclatures); `NA` is written where an action type has no subtype. */
export const AEF_ACTION_SUBTYPES = [
  'First transfer to another Party',
  'Authorization',
  'Issuance',
  'Use or cancellation',
  'Mandatory transfer to the Adaptation Fund (A6.4 ERs)',
  'Voluntary transfer to the Adaptation Fund (A6.4 ERs)',
  'Mandatory cancellation to deliver OMGE',
  'Voluntary cancellation to deliver OMGE',
  'Other cancellations',
  'Not yet defined',
] as const;

export const MITIGATION_TYPES = ['Emission reductions', 'Removals', 'Emission reductions and removals'] as const;

export const UNDERLYING_UNIT_REGISTRIES = [
  'VCS',
  'GS',
  'CAR',
  'ACR',
  'ART',
  'GCC',
  'Cercarbono',
  'Isometric',
  'ISFL',
  'FCPF',
  'T-VER',
  'JCM',
] as const;

// Values anywhere in the registry.

/** Years the registry accepts anywhere (vintages, reported years, NDC periods). */
export const YEAR_RANGE = { min: 1990, max: 2100 } as const;

export const FORMATS = {
  party: /^[A-Z]{3}$/,
  cooperativeApproachId: /^CA\d{4}$/,
  registryId: /^[A-Z]{3}\d{2}$/,
  submissionVersion: /^[1-9]\d*\.\d+$/,
  timeframe: /^\d{4} - \d{4}$/,
  authorisationId: /^[A-Za-z0-9 -]+$/,
  /** Version of an authorisation (AEF Table 2): `1.0`, `1.1`, `2.0`... (same shape as a submission version). */
  authorisationVersion: /^[1-9]\d*\.\d+$/,
  /** Our identifier of an authorised entity (AEF Table 5 and the entity columns of Tables 2 and 3). */
  authorisedEntityId: /^[A-Z0-9][A-Z0-9-]{1,39}$/,
  isoDate: /^\d{4}-\d{2}-\d{2}$/,
  sha256: /^[a-f0-9]{64}$/,
} as const;

export type AuthorisationPurpose = (typeof AUTHORISATION_PURPOSES)[number];
export type FirstTransferDefinition = (typeof FIRST_TRANSFER_DEFINITIONS)[number];
export type RetirementPurpose = (typeof RETIREMENT_PURPOSES)[number];
export type AefActionType = (typeof AEF_ACTION_TYPES)[number];
export type AefActionSubtype = (typeof AEF_ACTION_SUBTYPES)[number];
