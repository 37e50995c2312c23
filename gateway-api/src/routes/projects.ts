import {
  AccountIdSchema,
  AddDocumentsInputSchema,
  AuthoriseProjectInputSchema,
  GetProjectHistoryInputSchema,
  GetProjectInputSchema,
  ListMonitoringReportsInputSchema,
  ListProjectsInputSchema,
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
import type { Route } from '../http/route';
import { committedOf, decimalInt, looseObject, pageOf, pageQuery } from '../http/schemas';
import type { RouteDeps } from './deps';
import { transactionRoute } from './transaction-route';

const Project = ProjectSchema.meta({ id: 'Project' });
const Report = MonitoringReportSchema.meta({ id: 'MonitoringReport' });

/** The project in the path: `:id` is the input's `projectId`. */
const ofProject = { params: z.object({ id: ProjectIdSchema }), fromPath: { id: 'projectId' } } as const;

/** Registering, listing and reading projects. */
function projectRecordRoutes(deps: RouteDeps): Route[] {
  return [
    transactionRoute(deps, {
      method: 'post',
      path: '/v1/projects',
      tag: 'projects',
      summary: 'Register a project (developer ADMIN or MANAGER); its ID is assigned by the chaincode',
      tx: 'projects:RegisterProject',
      input: RegisterProjectInputSchema,
      responses: { 201: { description: 'registered (SUBMITTED)', schema: committedOf(Project) } },
    }),
    transactionRoute(deps, {
      method: 'get',
      path: '/v1/projects',
      tag: 'projects',
      summary: 'List projects, optionally by status and developer account',
      tx: 'projects:ListProjects',
      input: ListProjectsInputSchema,
      query: pageQuery.extend({ status: ProjectStatusSchema.optional(), developer: AccountIdSchema.optional() }),
      responses: { 200: { description: 'a page of projects', schema: pageOf(Project) } },
    }),
    transactionRoute(deps, {
      method: 'get',
      path: '/v1/projects/:id',
      tag: 'projects',
      summary: 'Get a project',
      tx: 'projects:GetProject',
      input: GetProjectInputSchema,
      ...ofProject,
      responses: { 200: { description: 'the project', schema: Project } },
    }),
    transactionRoute(deps, {
      method: 'get',
      path: '/v1/projects/:id/history',
      tag: 'projects',
      summary: "A project's ledger history (every version, with its txId and time)",
      tx: 'projects:GetProjectHistory',
      input: GetProjectHistoryInputSchema,
      ...ofProject,
      query: z.object({ limit: decimalInt({ min: 1, max: 100 }).optional() }),
      responses: { 200: { description: 'history', schema: looseObject } },
    }),
  ];
}

/** A project's documents and its resubmission after a rejected validation. */
function projectDocumentRoutes(deps: RouteDeps): Route[] {
  return [
    transactionRoute(deps, {
      method: 'post',
      path: '/v1/projects/:id/documents',
      tag: 'projects',
      summary: 'Add documents (type, URI, SHA-256) to a project (developer)',
      tx: 'projects:AddDocuments',
      input: AddDocumentsInputSchema,
      ...ofProject,
      responses: { 201: { description: 'added', schema: committedOf(Project) } },
    }),
    transactionRoute(deps, {
      method: 'post',
      path: '/v1/projects/:id/resubmission',
      tag: 'projects',
      summary: 'Resubmit a project whose validation was rejected (developer)',
      tx: 'projects:ResubmitProject',
      input: ResubmitProjectInputSchema,
      ...ofProject,
      responses: { 201: { description: 'resubmitted (SUBMITTED)', schema: committedOf(Project) } },
    }),
  ];
}

/** Validation (certifier) and authorisation (government) of a project. */
function projectDecisionRoutes(deps: RouteDeps): Route[] {
  return [
    transactionRoute(deps, {
      method: 'post',
      path: '/v1/projects/:id/validation',
      tag: 'projects',
      summary: 'Validate or reject a project (its assigned certifier)',
      tx: 'projects:ValidateProject',
      input: ValidateProjectInputSchema,
      ...ofProject,
      responses: { 201: { description: 'VALIDATED or VALIDATION_REJECTED', schema: committedOf(Project) } },
    }),
    transactionRoute(deps, {
      method: 'post',
      path: '/v1/projects/:id/authorisation',
      tag: 'projects',
      summary: 'Authorise (Article 6) or reject a validated project (government)',
      tx: 'projects:AuthoriseProject',
      input: AuthoriseProjectInputSchema,
      ...ofProject,
      responses: { 201: { description: 'AUTHORISED or REJECTED', schema: committedOf(Project) } },
    }),
  ];
}

/** A project's monitoring reports. */
function projectMonitoringRoutes(deps: RouteDeps): Route[] {
  return [
    transactionRoute(deps, {
      method: 'post',
      path: '/v1/projects/:id/monitoring-reports',
      tag: 'monitoring',
      summary: 'Submit a monitoring report for an authorised project (developer)',
      tx: 'monitoring:SubmitMonitoringReport',
      input: SubmitMonitoringReportInputSchema,
      ...ofProject,
      responses: { 201: { description: 'submitted', schema: committedOf(Report) } },
    }),
    transactionRoute(deps, {
      method: 'get',
      path: '/v1/projects/:id/monitoring-reports',
      tag: 'monitoring',
      summary: "A project's monitoring reports",
      tx: 'monitoring:ListMonitoringReports',
      input: ListMonitoringReportsInputSchema,
      ...ofProject,
      query: pageQuery,
      responses: { 200: { description: 'a page of reports', schema: pageOf(Report) } },
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
