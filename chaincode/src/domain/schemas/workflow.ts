import { z } from 'zod';
import { MAX_SHARE_OF_PROCEEDS_PERCENT } from '../issuance';
import { DocumentRulesSchema } from './documents';
import { CORE_STEPS, PROJECT_STEPS, RECORDED_STEPS, STEP_ACTOR_TYPES, type ProjectStep } from '../workflow';
import {
  AccountIdSchema,
  AccountTypeSchema,
  ACTED_FIELDS,
  ActorRefSchema,
  AuthorisationPurposeSchema,
  DocumentTypeSchema,
  FirstTransferDefinitionSchema,
  LongTextSchema,
  ProjectIdSchema,
  TextSchema,
  TypedDocumentRefSchema,
  UPDATED_FIELDS,
} from './primitives';

/** Workflow profiles (docs/workflows.md): the rules a government sets for its projects, versioned on the ledger. */

/** The roles that may act on a step: acting roles only (a VIEWER never writes). */
const StepRoleSchema = z.enum(['ADMIN', 'MANAGER']);

const uniqueList = <T extends z.ZodType>(item: T, max: number) =>
  z
    .array(item)
    .max(max)
    .refine((list) => new Set(list).size === list.length, 'entries must be unique');

/** One step of the project workflow: whether it is used, who acts, which document types the project must hold. */
export const StepRuleSchema = z.strictObject({
  used: z.boolean(),
  actorType: AccountTypeSchema,
  roles: uniqueList(StepRoleSchema, 2).min(1),
  documentTypes: uniqueList(DocumentTypeSchema, 10),
});

const StepsSchema = z.strictObject(
  Object.fromEntries(PROJECT_STEPS.map((step) => [step, StepRuleSchema])) as Record<ProjectStep, typeof StepRuleSchema>,
);

const ShareOfProceedsSchema = z.strictObject({
  /** Whole percent of each issuance set aside (rounded down, docs/workflows.md); 0 sets nothing aside. */
  percent: z.number().int().min(0).max(MAX_SHARE_OF_PROCEEDS_PERCENT),
  /** The government account that receives it; required when `percent` is above 0. */
  accountId: AccountIdSchema.optional(),
});

const PROFILE_FIELDS = {
  name: TextSchema,
  description: LongTextSchema.optional(),
  steps: StepsSchema,
  retirementApproval: z.boolean(),
  transferOutApproval: z.boolean(),
  allowedPurposes: uniqueList(AuthorisationPurposeSchema, 20).min(1),
  allowedFirstTransferDefinitions: uniqueList(FirstTransferDefinitionSchema, 10),
  shareOfProceeds: ShareOfProceedsSchema,
  /** Files the registry keeps: size limit and media types (docs/documents.md); the defaults when absent. */
  documents: DocumentRulesSchema.optional(),
};

/** Issues of a profile beyond its fields' shapes: the workflow the contracts run must stay whole. */
function profileIssues(profile: z.infer<z.ZodObject<typeof PROFILE_FIELDS>>, ctx: z.RefinementCtx): void {
  for (const step of PROJECT_STEPS) {
    const rule = profile.steps[step];
    if (CORE_STEPS.includes(step) && !rule.used) {
      ctx.addIssue({ code: 'custom', path: ['steps', step, 'used'], message: `${step} is used by every profile` });
    }
    if (rule.actorType !== STEP_ACTOR_TYPES[step]) {
      const message = `${step} is done by a ${STEP_ACTOR_TYPES[step]} account`;
      ctx.addIssue({ code: 'custom', path: ['steps', step, 'actorType'], message });
    }
  }
  const { percent, accountId } = profile.shareOfProceeds;
  if (percent > 0 !== (accountId !== undefined)) {
    const message = 'accountId is required when percent is above 0, and only then';
    ctx.addIssue({ code: 'custom', path: ['shareOfProceeds', 'accountId'], message });
  }
}

/** A workflow profile as the government writes it (`registry:UpdateWorkflowProfile`, `network/profiles/*.json`). */
export const WorkflowProfileSchema = z.strictObject(PROFILE_FIELDS).superRefine(profileIssues);

/** A version of the profile on the ledger: `ncr.profile [version]`. */
export const WorkflowProfileRecordSchema = z.object({
  ...PROFILE_FIELDS,
  version: z.number().int().min(1),
  updatedBy: ActorRefSchema,
  ...UPDATED_FIELDS,
});

/** The pointer to the version new projects follow (`profile~current`). */
export const CurrentProfileSchema = z.object({ version: z.number().int().min(1) });

/** A step recorded on a project by its own transaction (idea note, no-objection). */
export const ProjectStepRecordSchema = z.object({
  step: z.enum(RECORDED_STEPS),
  ...ACTED_FIELDS,
  documents: z.array(z.string()),
  comment: z.string().optional(),
});

export const UpdateWorkflowProfileInputSchema = WorkflowProfileSchema;

export const GetWorkflowProfileInputSchema = z.strictObject({ version: z.number().int().min(1).optional() });

export const SubmitIdeaNoteInputSchema = z.strictObject({
  projectId: ProjectIdSchema,
  documents: z.array(TypedDocumentRefSchema).min(1).max(20),
  comment: LongTextSchema.optional(),
});

export const GiveNoObjectionInputSchema = z.strictObject({
  projectId: ProjectIdSchema,
  documents: z.array(TypedDocumentRefSchema).min(1).max(20),
  comment: LongTextSchema.optional(),
});

export const GetProjectWorkflowInputSchema = z.strictObject({ projectId: ProjectIdSchema });

/** Who must act next on a project: the account type and roles, and the account itself when it is a party. */
const NextStepSchema = z.object({
  step: z.enum(PROJECT_STEPS),
  actorType: AccountTypeSchema,
  roles: z.array(StepRoleSchema),
  accountId: z.string().optional(),
  documentTypes: z.array(DocumentTypeSchema),
});

/** A project's place in its workflow (`projects:GetProjectWorkflow`). */
export const ProjectWorkflowSchema = z.object({
  projectId: z.string(),
  /** 0: registered before any profile was installed, following the built-in lean flow. */
  profileVersion: z.number().int().min(0),
  stepsDone: z.array(z.enum(PROJECT_STEPS)),
  nextStep: NextStepSchema.nullable(),
});

export type StepRule = z.infer<typeof StepRuleSchema>;

export type WorkflowProfile = z.infer<typeof WorkflowProfileSchema>;

export type WorkflowProfileRecord = z.infer<typeof WorkflowProfileRecordSchema>;

export type ProjectStepRecord = z.infer<typeof ProjectStepRecordSchema>;

export type ProjectWorkflow = z.infer<typeof ProjectWorkflowSchema>;

export type SubmitIdeaNoteInput = z.infer<typeof SubmitIdeaNoteInputSchema>;
