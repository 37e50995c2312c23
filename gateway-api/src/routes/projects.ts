import {
  AccountIdSchema,
  AddDocumentsInputSchema,
  AuthoriseProjectInputSchema,
  LongTextSchema,
  MonitoringReportSchema,
  ProjectIdSchema,
  ProjectSchema,
  ProjectStatusSchema,
  RegisterProjectInputSchema,
  ResubmitProjectInputSchema,
  SubmitMonitoringReportInputSchema,
  ValidateProjectInputSchema,
} from '@ncr/chaincode/domain';
import { z } from 'zod';
import { type Route, created, defineRoute, ok } from '../http/route';
import { bodyWithout, committedOf, decimalInt, looseObject, pageOf, pageQuery } from '../http/schemas';
import { identityOf } from '../identity/users';
import type { RouteDeps } from './deps';

const Project = ProjectSchema.meta({ id: 'Project' });
const Report = MonitoringReportSchema.meta({ id: 'MonitoringReport' });
const projectParams = z.object({ id: ProjectIdSchema });

const authorisationBody = z.discriminatedUnion(
  'approved',
  AuthoriseProjectInputSchema.options.map((option: z.ZodObject) => bodyWithout(option, 'projectId')) as unknown as [
    z.ZodObject,
    z.ZodObject,
  ],
);

/** Registering, listing and reading projects. */
function projectRecordRoutes(deps: RouteDeps): Route[] {
  return [
    defineRoute({
      method: 'post',
      path: '/v1/projects',
      tag: 'projects',
      summary: 'Register a project (developer ADMIN or MANAGER); its ID is assigned by the chaincode',
      write: true,
      body: RegisterProjectInputSchema,
      responses: { 201: { description: 'registered (SUBMITTED)', schema: committedOf(Project) } },
      handler: async ({ body, user }) =>
        created(await deps.registry.submit(identityOf(user), 'projects:RegisterProject', body)),
    }),
    defineRoute({
      method: 'get',
      path: '/v1/projects',
      tag: 'projects',
      summary: 'List projects, optionally by status and developer account',
      query: pageQuery.extend({ status: ProjectStatusSchema.optional(), developer: AccountIdSchema.optional() }),
      responses: { 200: { description: 'a page of projects', schema: pageOf(Project) } },
      handler: async ({ query, user }) =>
        ok(await deps.registry.evaluate(identityOf(user), 'projects:ListProjects', query)),
    }),
    defineRoute({
      method: 'get',
      path: '/v1/projects/:id',
      tag: 'projects',
      summary: 'Get a project',
      params: projectParams,
      responses: { 200: { description: 'the project', schema: Project } },
      handler: async ({ params, user }) =>
        ok(await deps.registry.evaluate(identityOf(user), 'projects:GetProject', { projectId: params.id })),
    }),
    defineRoute({
      method: 'get',
      path: '/v1/projects/:id/history',
      tag: 'projects',
      summary: "A project's ledger history (every version, with its txId and time)",
      params: projectParams,
      query: z.object({ limit: decimalInt({ min: 1, max: 100 }).optional() }),
      responses: { 200: { description: 'history', schema: looseObject } },
      handler: async ({ params, query, user }) =>
        ok(
          await deps.registry.evaluate(identityOf(user), 'projects:GetProjectHistory', {
            ...query,
            projectId: params.id,
          }),
        ),
    }),
  ];
}

/** A project's documents and its resubmission after a rejected validation. */
function projectDocumentRoutes(deps: RouteDeps): Route[] {
  return [
    defineRoute({
      method: 'post',
      path: '/v1/projects/:id/documents',
      tag: 'projects',
      summary: 'Add documents (type, URI, SHA-256) to a project (developer)',
      write: true,
      params: projectParams,
      body: bodyWithout(AddDocumentsInputSchema, 'projectId'),
      responses: { 201: { description: 'added', schema: committedOf(Project) } },
      handler: async ({ params, body, user }) =>
        created(
          await deps.registry.submit(identityOf(user), 'projects:AddDocuments', {
            ...(body as Omit<z.input<typeof AddDocumentsInputSchema>, 'projectId'>),
            projectId: params.id,
          }),
        ),
    }),
    defineRoute({
      method: 'post',
      path: '/v1/projects/:id/resubmission',
      tag: 'projects',
      summary: 'Resubmit a project whose validation was rejected (developer)',
      write: true,
      params: projectParams,
      body: z.strictObject({ comment: LongTextSchema.optional() }),
      responses: { 201: { description: 'resubmitted (SUBMITTED)', schema: committedOf(Project) } },
      handler: async ({ params, body, user }) =>
        created(
          await deps.registry.submit(identityOf(user), 'projects:ResubmitProject', {
            ...(body as Omit<z.input<typeof ResubmitProjectInputSchema>, 'projectId'>),
            projectId: params.id,
          }),
        ),
    }),
  ];
}

/** Validation (certifier) and authorisation (government) of a project. */
function projectDecisionRoutes(deps: RouteDeps): Route[] {
  return [
    defineRoute({
      method: 'post',
      path: '/v1/projects/:id/validation',
      tag: 'projects',
      summary: 'Validate or reject a project (its assigned certifier)',
      write: true,
      params: projectParams,
      body: bodyWithout(ValidateProjectInputSchema, 'projectId'),
      responses: { 201: { description: 'VALIDATED or VALIDATION_REJECTED', schema: committedOf(Project) } },
      handler: async ({ params, body, user }) =>
        created(
          await deps.registry.submit(identityOf(user), 'projects:ValidateProject', {
            ...(body as Omit<z.input<typeof ValidateProjectInputSchema>, 'projectId'>),
            projectId: params.id,
          }),
        ),
    }),
    defineRoute({
      method: 'post',
      path: '/v1/projects/:id/authorisation',
      tag: 'projects',
      summary: 'Authorise (Article 6) or reject a validated project (government)',
      write: true,
      params: projectParams,
      body: authorisationBody,
      responses: { 201: { description: 'AUTHORISED or REJECTED', schema: committedOf(Project) } },
      handler: async ({ params, body, user }) =>
        created(
          await deps.registry.submit(identityOf(user), 'projects:AuthoriseProject', {
            ...(body as z.input<typeof AuthoriseProjectInputSchema>),
            projectId: params.id,
          }),
        ),
    }),
  ];
}

/** A project's monitoring reports. */
function projectMonitoringRoutes(deps: RouteDeps): Route[] {
  return [
    defineRoute({
      method: 'post',
      path: '/v1/projects/:id/monitoring-reports',
      tag: 'monitoring',
      summary: 'Submit a monitoring report for an authorised project (developer)',
      write: true,
      params: projectParams,
      body: bodyWithout(SubmitMonitoringReportInputSchema, 'projectId'),
      responses: { 201: { description: 'submitted', schema: committedOf(Report) } },
      handler: async ({ params, body, user }) =>
        created(
          await deps.registry.submit(identityOf(user), 'monitoring:SubmitMonitoringReport', {
            ...(body as Omit<z.input<typeof SubmitMonitoringReportInputSchema>, 'projectId'>),
            projectId: params.id,
          }),
        ),
    }),
    defineRoute({
      method: 'get',
      path: '/v1/projects/:id/monitoring-reports',
      tag: 'monitoring',
      summary: "A project's monitoring reports",
      params: projectParams,
      query: pageQuery,
      responses: { 200: { description: 'a page of reports', schema: pageOf(Report) } },
      handler: async ({ params, query, user }) =>
        ok(
          await deps.registry.evaluate(identityOf(user), 'monitoring:ListMonitoringReports', {
            ...query,
            projectId: params.id,
          }),
        ),
    }),
  ];
}

/** Every project route. */
export function projectRoutes(deps: RouteDeps): Route[] {
  return [
    ...projectRecordRoutes(deps),
    ...projectDocumentRoutes(deps),
    ...projectDecisionRoutes(deps),
    ...projectMonitoringRoutes(deps),
  ];
}
