import type { AuthorisationPurpose, FirstTransferDefinition, RetirementPurpose } from './nomenclature';

/**
 * What an authorisation's purposes mean for the units it covers (docs/aef.md): the one place where purpose
 * strings are read. IMP and OP are kinds of OIMP.
 */

/** The OIMP part of each purpose: `NDC and IMP` → `IMP`; NDC alone has none. */
const OIMP_PART = {
  NDC: undefined,
  OIMP: 'OIMP',
  IMP: 'IMP',
  OP: 'OP',
  'NDC and OIMP': 'OIMP',
  'NDC and IMP': 'IMP',
  'NDC and OP': 'OP',
} as const satisfies Record<AuthorisationPurpose, AuthorisationPurpose | undefined>;

export function oimpPart(purposes: AuthorisationPurpose): AuthorisationPurpose | undefined {
  return OIMP_PART[purposes];
}

/** True when the purposes cover other international mitigation purposes (so a first transfer definition applies). */
export function purposeIncludesOimp(purposes: AuthorisationPurpose): boolean {
  return oimpPart(purposes) !== undefined;
}

/** True when the purposes cover use towards the Party's NDC. */
export function purposeIncludesNdc(purposes: AuthorisationPurpose): boolean {
  return purposes === 'NDC' || purposes.startsWith('NDC and ');
}

/** Whether units authorised for `purposes` may be retired for `purpose` (voluntary retirement always may). */
export function retirementCovered(purposes: AuthorisationPurpose, purpose: RetirementPurpose): boolean {
  if (purpose === 'NDC') return purposeIncludesNdc(purposes);
  if (purpose === 'OIMP') return purposeIncludesOimp(purposes);
  return true;
}

/**
 * Whether units are first-transferred from the moment they exist: OIMP units whose first transfer is defined as
 * their authorisation or their issuance.
 */
export function firstTransferredAtIssuance(authorisation: {
  readonly purposes: AuthorisationPurpose;
  readonly firstTransferDefinition?: FirstTransferDefinition | undefined;
}): boolean {
  const ftd = authorisation.firstTransferDefinition;
  return purposeIncludesOimp(authorisation.purposes) && (ftd === 'Issuance' || ftd === 'Authorisation');
}
