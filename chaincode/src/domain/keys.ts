import { padSerial } from './serial';

/**
 * World-state key layout (docs/world-state.md). Records and indexes are composite keys, so each lists with a
 * paginated partial-key query; the two serial indexes are simple keys because Fabric refuses range queries on
 * composite keys and serial lookup needs "first key >= serial".
 */
export const OBJECT = {
  account: 'ncr.account',
  accountByType: 'ncr.account~type',
  binding: 'ncr.binding',
  bindingByAccount: 'ncr.binding~account',
  application: 'ncr.application',
  applicationByStatus: 'ncr.application~status',
  project: 'ncr.project',
  projectByStatus: 'ncr.project~status',
  projectByDeveloper: 'ncr.project~developer',
  report: 'ncr.report',
  reportByProject: 'ncr.report~project',
  block: 'ncr.block',
  blockByOwner: 'ncr.block~owner',
  blockByProject: 'ncr.block~project',
  blockByStatus: 'ncr.block~status',
  blockByIssuance: 'ncr.block~issuance',
  authorisationDetails: 'ncr.authdetails',
  workflowProfile: 'ncr.profile',
  document: 'ncr.document',
  documentByHolder: 'ncr.document~holder',
  documentByProject: 'ncr.document~project',
  /** International transfers (docs/international.md): the request, by status; the acquisition; on the bilateral channel its settings and decisions. */
  exportRequest: 'ncr.export',
  exportByStatus: 'ncr.export~status',
  acquisition: 'ncr.acquisition',
  bilateralSettings: 'ncr.bilateral',
  bilateralTransfer: 'ncr.bitransfer',
} as const;

export const SETTINGS_KEY = 'settings';
/** The version of the workflow profile new projects follow (`{ version }`); each version is `ncr.profile [id]`. */
export const WORKFLOW_PROFILE_KEY = 'profile~current';

/** The ID of a workflow profile version in its key: zero-padded, so versions list in order. */
export function profileVersionId(version: number): string {
  return String(version).padStart(8, '0');
}
/** The one registry-wide serial counter; written only by IssueCredits (government-only, so the hot key is fine). */
export const SERIAL_COUNTER_KEY = 'counter~serial';
export const SERIAL_INDEX_PREFIX = 'serial~';
export const ISSUANCE_INDEX_PREFIX = 'issuance~';
/** '~' sorts after every digit, so `prefix + '~'` bounds a range over zero-padded serials. */
export const RANGE_END_SUFFIX = '~';

export function serialIndexKey(serialEnd: number): string {
  return `${SERIAL_INDEX_PREFIX}${padSerial(serialEnd)}`;
}

export function issuanceIndexKey(serialStart: number): string {
  return `${ISSUANCE_INDEX_PREFIX}${padSerial(serialStart)}`;
}

export type ObjectType = (typeof OBJECT)[keyof typeof OBJECT];

/** Fabric's composite key layout: U+0000, the object type, then each attribute, each followed by U+0000. */
const SEPARATOR = '\u0000';

/** The composite key Fabric's `createCompositeKey` makes (for readers of written keys, such as the read model). */
export function compositeKey(objectType: ObjectType, attributes: readonly string[]): string {
  return `${SEPARATOR}${[objectType, ...attributes].map((part) => `${part}${SEPARATOR}`).join('')}`;
}

/** Object type and attributes of a composite key; undefined for a simple key. */
export function splitCompositeKey(key: string): { objectType: string; attributes: string[] } | undefined {
  if (!key.startsWith(SEPARATOR)) return undefined;
  const parts = key.slice(1).split(SEPARATOR);
  parts.pop(); // the trailing separator
  const [objectType = '', ...attributes] = parts;
  return { objectType, attributes };
}
