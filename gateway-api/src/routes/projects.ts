import { AccountIdSchema, ProjectIdSchema, ProjectStatusSchema } from '@ncr/chaincode/domain';
import { z } from 'zod';
import { committedOf, decimalInt, looseObject, pageOf, pageQuery } from '../http/schemas';
import { Project, ProjectWorkflow, Report } from './components';
import { PROJECT_EXAMPLE } from './examples';
import { byId, routeTable, transactionRows } from './transaction-route';

/** The project in the path: `:id` is the input's `projectId`. */
const ofProject = byId(ProjectIdSchema, 'projectId');
/**
 * Registering, listing and reading projects; their documents; resubmission after a rejected validation;
 * validation (certifier) and authorisation (government); a project's monitoring reports.
 */
export const projectRoutes = routeTable([
  ...transactionRows('projects', [
    {
      method: 'post',
      path: '/v1/projects',
      tx: 'projects:RegisterProject',
      summary: 'Register a project (developer ADMIN or MANAGER); its ID is assigned by the chaincode',
      example: PROJECT_EXAMPLE,
      answer: 'registered (SUBMITTED)',
      schema: committedOf(Project),
    },
    {
      method: 'get',
      path: '/v1/projects',
      query: pageQuery.extend({ status: ProjectStatusSchema.optional(), developer: AccountIdSchema.optional() }),
      tx: 'projects:ListProjects',
      summary: 'List projects, optionally by status and developer account',
      answer: 'a page of projects',
      schema: pageOf(Project),
    },
  ]),
  ...transactionRows('projects', ofProject, [
    {
      method: 'get',
      path: '/v1/projects/:id',
      tx: 'projects:GetProject',
      summary: 'Get a project',
      answer: 'the project',
      schema: Project,
    },
    {
      method: 'get',
      path: '/v1/projects/:id/history',
      query: z.object({ limit: decimalInt({ min: 1, max: 100 }).optional() }),
      tx: 'projects:GetProjectHistory',
      summary: "A project's ledger history (every version, with its txId and time)",
      answer: 'history',
      schema: looseObject,
    },
    {
      method: 'post',
      path: '/v1/projects/:id/documents',
      tx: 'projects:AddDocuments',
      summary: 'Add documents (type, URI, SHA-256) to a project (developer)',
      answer: 'added',
      schema: committedOf(Project),
    },
    {
      method: 'post',
      path: '/v1/projects/:id/resubmission',
      tx: 'projects:ResubmitProject',
      summary: 'Resubmit a project whose validation was rejected (developer)',
      answer: 'resubmitted (SUBMITTED)',
      schema: committedOf(Project),
    },
    {
      method: 'post',
      path: '/v1/projects/:id/validation',
      tx: 'projects:ValidateProject',
      summary: 'Validate or reject a project (its assigned certifier)',
      answer: 'VALIDATED or VALIDATION_REJECTED',
      schema: committedOf(Project),
    },
    {
      method: 'post',
      path: '/v1/projects/:id/authorisation',
      tx: 'projects:AuthoriseProject',
      summary: 'Authorise (Article 6) or reject a validated project (government)',
      answer: 'AUTHORISED or REJECTED',
      schema: committedOf(Project),
    },
    {
      method: 'get',
      path: '/v1/projects/:id/workflow',
      tx: 'projects:GetProjectWorkflow',
      summary: "A project's workflow: its profile version, the steps done, the next step and who must take it",
      answer: 'the workflow',
      schema: ProjectWorkflow,
    },
    {
      method: 'post',
      path: '/v1/projects/:id/idea-note',
      tx: 'projects:SubmitIdeaNote',
      summary: 'Submit the idea note, when the project’s workflow profile uses that step (developer)',
      answer: 'recorded',
      schema: committedOf(Project),
    },
    {
      method: 'post',
      path: '/v1/projects/:id/no-objection',
      tx: 'projects:GiveNoObjection',
      summary: 'Give the no-objection letter after the idea note, when the profile uses that step (government)',
      answer: 'recorded',
      schema: committedOf(Project),
    },
  ]),
  ...transactionRows('monitoring', ofProject, [
    {
      method: 'post',
      path: '/v1/projects/:id/monitoring-reports',
      tx: 'monitoring:SubmitMonitoringReport',
      summary: 'Submit a monitoring report for an authorised project (developer)',
      answer: 'submitted',
      schema: committedOf(Report),
    },
    {
      method: 'get',
      path: '/v1/projects/:id/monitoring-reports',
      query: pageQuery,
      tx: 'monitoring:ListMonitoringReports',
      summary: "A project's monitoring reports",
      answer: 'a page of reports',
      schema: pageOf(Report),
    },
  ]),
]);
