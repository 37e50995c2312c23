import { AEF_DEFAULTS, FORMATS, GWP_VALUES, METRICS } from '../nomenclature';
import { z } from 'zod';
import { MSP_BY_ACCOUNT_TYPE } from '../identity';
import {
  AccountIdSchema,
  ActorRefSchema,
  AuthorisationIdSchema,
  CooperativeApproachIdSchema,
  IsoDateSchema,
  LongTextSchema,
  MspIdSchema,
  PaginationSchema,
  PartyIdSchema,
  RegistryIdSchema,
  TextSchema,
  UPDATED_FIELDS,
  YearSchema,
} from './primitives';

/** Registry settings and Article 6 authorisation details: assets and transaction inputs. */

const NdcPeriodSchema = z
  .strictObject({ firstYear: YearSchema, lastYear: YearSchema })
  .refine((p) => p.firstYear <= p.lastYear, 'firstYear must not be after lastYear');

export const CooperativeApproachSchema = z.strictObject({
  id: CooperativeApproachIdSchema,
  partnerParties: z.array(PartyIdSchema).max(50),
});

/**
 * An entity the Party authorises to participate in a cooperative approach (AEF Table 5). `accountId` links it to
 * the registry account that acts for it, so uses and cancellations by that account name the entity in Table 3.
 */
export const AuthorisedEntitySchema = z.strictObject({
  id: z.string().regex(FORMATS.authorisedEntityId, 'upper-case letters, digits and dashes, 2 to 40 characters'),
  name: TextSchema,
  country: PartyIdSchema,
  identificationNumber: TextSchema,
  authorisationDate: IsoDateSchema,
  cooperativeApproachId: CooperativeApproachIdSchema.optional(),
  conditions: LongTextSchema.optional(),
  changeAndRevocationConditions: LongTextSchema.optional(),
  additionalInformation: LongTextSchema.optional(),
  accountId: AccountIdSchema.optional(),
});

const AuthorisedEntitiesSchema = z
  .array(AuthorisedEntitySchema)
  .max(500)
  .refine((list) => new Set(list.map((e) => e.id)).size === list.length, 'authorised entity IDs must be unique');

const CooperativeApproachesSchema = z
  .array(CooperativeApproachSchema)
  .max(100)
  .refine((list) => new Set(list.map((c) => c.id)).size === list.length, 'cooperative approach IDs must be unique');

/**
 * An organisation that joined the channel after the founding ones (a second certification body, another developers'
 * association): the account type its identities may hold, besides the founding organisation of that type.
 */
export const MemberOrganisationSchema = z.strictObject({
  mspId: MspIdSchema,
  accountType: z.enum(['CERTIFIER', 'DEVELOPER']),
});

const MemberOrganisationsSchema = z
  .array(MemberOrganisationSchema)
  .max(50)
  .refine((list) => new Set(list.map((m) => m.mspId)).size === list.length, 'member MSP IDs must be unique')
  .refine(
    (list) => list.every((m) => !Object.values(MSP_BY_ACCOUNT_TYPE).includes(m.mspId)),
    'a founding organisation is not a member organisation',
  );

export const SettingsSchema = z.object({
  party: PartyIdSchema,
  registryId: RegistryIdSchema,
  name: TextSchema,
  ndcPeriod: NdcPeriodSchema,
  cooperativeApproaches: z.array(CooperativeApproachSchema),
  /** Absent in settings written before the field existed: read as none. */
  authorisedEntities: z.array(AuthorisedEntitySchema).default([]),
  /** Absent in settings written before the field existed: read as none. */
  memberOrganisations: z.array(MemberOrganisationSchema).default([]),
  authorityAccountId: z.string(),
  /**
   * The MSP of the government's organisation: GovernmentMSP in the host's registry, another Party's own in its
   * registry running this chaincode (docs/international.md). Absent in settings written before the field existed.
   */
  governmentMspId: z.string().default(MSP_BY_ACCOUNT_TYPE.GOVERNMENT),
  ...UPDATED_FIELDS,
});

/**
 * The Article 6 terms of an authorisation that the project workflow does not capture (AEF Table 2 and the metric
 * columns of Tables 3 and 4), kept by the registry under the authorisation ID: `ncr.authdetails [authorisationId]`.
 */
export const AuthorisationDetailsSchema = z.object({
  authorisationId: z.string(),
  version: z.string(),
  metric: z.enum(METRICS),
  gwpValues: z.enum(GWP_VALUES),
  nonGhgMetric: z.string().optional(),
  authorisedParties: z.array(PartyIdSchema),
  authorisedEntityIds: z.array(z.string()),
  oimpAuthorisedByParty: z.string().optional(),
  termsAndConditions: z.string().optional(),
  additionalInformation: z.string().optional(),
  updatedBy: ActorRefSchema,
  ...UPDATED_FIELDS,
});

export const InitRegistryInputSchema = z.strictObject({
  party: PartyIdSchema,
  registryId: RegistryIdSchema,
  name: TextSchema,
  ndcPeriod: NdcPeriodSchema,
  cooperativeApproaches: CooperativeApproachesSchema.default([]),
  authorisedEntities: AuthorisedEntitiesSchema.optional(),
  governmentAccount: z.strictObject({ id: AccountIdSchema.optional(), name: TextSchema }),
  /** The government organisation's MSP (default GovernmentMSP); the caller must be an admin of it. */
  governmentMspId: MspIdSchema.optional(),
});

export const UpdateSettingsInputSchema = z
  .strictObject({
    name: TextSchema.optional(),
    ndcPeriod: NdcPeriodSchema.optional(),
    cooperativeApproaches: CooperativeApproachesSchema.optional(),
    authorisedEntities: AuthorisedEntitiesSchema.optional(),
    memberOrganisations: MemberOrganisationsSchema.optional(),
  })
  .refine(
    (s) =>
      s.name !== undefined ||
      s.ndcPeriod !== undefined ||
      s.cooperativeApproaches !== undefined ||
      s.authorisedEntities !== undefined ||
      s.memberOrganisations !== undefined,
    'at least one setting must be given',
  );

export const SetAuthorisationDetailsInputSchema = z
  .strictObject({
    authorisationId: AuthorisationIdSchema,
    version: z.string().regex(FORMATS.authorisationVersion, 'a version such as 1.0').default(AEF_DEFAULTS.version),
    metric: z.enum(METRICS).default(AEF_DEFAULTS.metric),
    gwpValues: z.enum(GWP_VALUES).default(AEF_DEFAULTS.gwpValues),
    nonGhgMetric: TextSchema.optional(),
    authorisedParties: z.array(PartyIdSchema).max(50).default([]),
    authorisedEntityIds: z.array(z.string().regex(FORMATS.authorisedEntityId)).max(100).default([]),
    oimpAuthorisedByParty: TextSchema.optional(),
    termsAndConditions: LongTextSchema.optional(),
    additionalInformation: LongTextSchema.optional(),
  })
  .refine((d) => (d.metric === 'non-GHG') === (d.nonGhgMetric !== undefined), {
    message: 'nonGhgMetric is required for the non-GHG metric and not allowed for GHG',
    path: ['nonGhgMetric'],
  });

export const GetAuthorisationDetailsInputSchema = z.strictObject({ authorisationId: AuthorisationIdSchema });

export const ListAuthorisationDetailsInputSchema = PaginationSchema;

export type Settings = z.infer<typeof SettingsSchema>;

export type AuthorisationDetails = z.infer<typeof AuthorisationDetailsSchema>;

export type InitRegistryInput = z.infer<typeof InitRegistryInputSchema>;

export type UpdateSettingsInput = z.infer<typeof UpdateSettingsInputSchema>;

export type SetAuthorisationDetailsInput = z.infer<typeof SetAuthorisationDetailsInputSchema>;

export type AuthorisedEntity = z.infer<typeof AuthorisedEntitySchema>;

export type MemberOrganisation = z.infer<typeof MemberOrganisationSchema>;

export type CooperativeApproach = z.infer<typeof CooperativeApproachSchema>;
