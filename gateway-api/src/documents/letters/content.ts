import type { Project, Settings } from '@ncr/chaincode/domain';
import { ConflictError } from '../../errors';

/** The letters the registry writes from the ledger's data (docs/documents.md). */
export const LETTER_KINDS = ['authorisation', 'no-objection'] as const;
export type LetterKind = (typeof LETTER_KINDS)[number];

/** The document type each letter is recorded as. */
export const LETTER_DOCUMENT_TYPES = {
  authorisation: 'AUTHORISATION_LETTER',
  'no-objection': 'NO_OBJECTION_LETTER',
} as const satisfies Record<LetterKind, string>;

/** What a letter says, before it is laid out: made only of ledger data, so the same data gives the same letter. */
export interface LetterContent {
  readonly title: string;
  /** The letter's date (YYYY-MM-DD), a date on the ledger: never the time it was written. */
  readonly date: string;
  readonly issuer: string;
  readonly paragraphs: readonly string[];
  /** Labelled values, in order. */
  readonly fields: readonly (readonly [label: string, value: string])[];
  /** Where the data comes from: the transaction the letter rests on. */
  readonly source: string;
}

/** The fields every letter gives of its project. */
function projectFields(project: Project, settings: Settings): [string, string][] {
  const { location, creditingPeriod } = project;
  return [
    ['Project ID', project.id],
    ['Title', project.title],
    ['Host Party', settings.party],
    ['Location', `${location.region}, ${location.country}`],
    ['Sector', project.sector],
    ['Activity type', project.activityType],
    ['Mitigation type', project.mitigationType],
    ['Methodology', project.methodology],
    ['Crediting period', `${creditingPeriod.start} to ${creditingPeriod.end}`],
    ['Estimated annual reductions', `${String(project.estimatedAnnualReductions)} tCO2e`],
    ['Project developer (account)', project.developerAccountId],
    ['Validation and verification body (account)', project.certifierAccountId],
  ];
}

const issuerOf = (settings: Settings): string => `${settings.name} (registry ${settings.registryId})`;

/**
 * The letter of authorisation of an AUTHORISED project: the authorisation's fields (ID, date, purposes, cooperative
 * approach, quantity, timeframe, first-transfer definition) and the project's. 409 CONFLICT when the project is not
 * authorised.
 */
export function authorisationLetter(project: Project, settings: Settings): LetterContent {
  const { authorisation } = project;
  if (project.status !== 'AUTHORISED' || authorisation === undefined) {
    throw new ConflictError(`project ${project.id} is ${project.status}: only an authorised project has this letter`);
  }
  const authorised = [...project.transitions].reverse().find((t) => t.to === 'AUTHORISED');
  return {
    title: 'Letter of authorisation (Article 6.2 of the Paris Agreement)',
    date: authorisation.date,
    issuer: issuerOf(settings),
    paragraphs: [
      `${settings.name}, for the host Party ${settings.party}, authorises the mitigation outcomes of project ` +
        `${project.id}, "${project.title}", as internationally transferred mitigation outcomes under Article 6.2 ` +
        'of the Paris Agreement, on the terms below.',
      'Corresponding adjustments are applied as the first transfer definition below states. This letter restates ' +
        'the authorisation recorded on the registry ledger; the ledger record prevails.',
    ],
    fields: [
      ['Authorisation ID', authorisation.authorisationId],
      ['Date of authorisation', authorisation.date],
      ['Authorised purposes', authorisation.purposes],
      ['Cooperative approach', authorisation.cooperativeApproachId ?? 'not given'],
      ['First transfer definition', authorisation.firstTransferDefinition ?? 'first international transfer (NDC use)'],
      [
        'Authorised quantity',
        authorisation.authorisedQuantity === undefined
          ? 'not limited'
          : `${String(authorisation.authorisedQuantity)} ITMOs`,
      ],
      ['Timeframe', authorisation.timeframe ?? 'the crediting period'],
      ...projectFields(project, settings),
    ],
    source: `registry transaction ${authorised?.txId ?? project.updatedTxId} at ${authorised?.at ?? project.updatedAt}`,
  };
}

/**
 * The no-objection letter of a project: dated when its no-objection was recorded, or (before that) at the project's
 * last change on the ledger.
 */
export function noObjectionLetter(project: Project, settings: Settings): LetterContent {
  if (project.status === 'REJECTED') {
    throw new ConflictError(`project ${project.id} is REJECTED: it has no no-objection letter`);
  }
  const given = project.steps?.find((step) => step.step === 'NO_OBJECTION');
  const at = given?.at ?? project.updatedAt;
  return {
    title: 'Letter of no objection',
    date: at.slice(0, 10),
    issuer: issuerOf(settings),
    paragraphs: [
      `${settings.name}, for the host Party ${settings.party}, has no objection to project ${project.id}, ` +
        `"${project.title}", proposed by account ${project.developerAccountId}, going forward to validation.`,
      'This letter is not an authorisation under Article 6.2 of the Paris Agreement: an authorisation is a ' +
        'separate decision, recorded on the registry ledger with its own letter.',
    ],
    fields: projectFields(project, settings),
    source: `registry transaction ${given?.txId ?? project.updatedTxId} at ${at}`,
  };
}

/** The content of a letter of `kind`. */
export function letterContent(kind: LetterKind, project: Project, settings: Settings): LetterContent {
  return kind === 'authorisation' ? authorisationLetter(project, settings) : noObjectionLetter(project, settings);
}
