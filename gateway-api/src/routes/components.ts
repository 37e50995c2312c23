import * as domain from '@ncr/chaincode/domain';

/** The chaincode's asset schemas under their OpenAPI component names: one schema per name, whichever route uses it. */
export const Account = domain.AccountSchema.meta({ id: 'Account' });
export const Binding = domain.IdentityBindingSchema.meta({ id: 'IdentityBinding' });
export const Application = domain.AccountApplicationSchema.meta({ id: 'AccountApplication' });
export const Project = domain.ProjectSchema.meta({ id: 'Project' });
export const Report = domain.MonitoringReportSchema.meta({ id: 'MonitoringReport' });
export const Block = domain.CreditBlockSchema.meta({ id: 'CreditBlock' });
export const Settings = domain.SettingsSchema.meta({ id: 'Settings' });
export const Details = domain.AuthorisationDetailsSchema.meta({ id: 'AuthorisationDetails' });
export const Profile = domain.WorkflowProfileRecordSchema.meta({ id: 'WorkflowProfile' });
export const ProjectWorkflow = domain.ProjectWorkflowSchema.meta({ id: 'ProjectWorkflow' });
export const DocumentRecord = domain.DocumentRecordSchema.meta({ id: 'DocumentRecord' });
