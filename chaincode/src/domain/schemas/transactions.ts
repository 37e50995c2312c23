import {
  BindIdentityInputSchema,
  CreateAccountInputSchema,
  GetAccountInputSchema,
  GetBalanceInputSchema,
  ListAccountsInputSchema,
  ListIdentitiesInputSchema,
  ReactivateAccountInputSchema,
  RevokeIdentityInputSchema,
  SuspendAccountInputSchema,
} from './accounts';
import {
  ApproveAccountApplicationInputSchema,
  GetAccountApplicationInputSchema,
  ListAccountApplicationsInputSchema,
  RejectAccountApplicationInputSchema,
  SubmitAccountApplicationInputSchema,
} from './applications';
import {
  ApproveRetirementInputSchema,
  CancelInputSchema,
  FreezeInputSchema,
  GetBlockInputSchema,
  ListBlocksInputSchema,
  LookupSerialInputSchema,
  RejectRetirementInputSchema,
  RequestRetirementInputSchema,
  RetireInputSchema,
  TransferInputSchema,
  UnfreezeInputSchema,
  VerifyIntegrityInputSchema,
} from './credits';
import {
  GetMonitoringReportInputSchema,
  IssueCreditsInputSchema,
  ListMonitoringReportsInputSchema,
  SubmitMonitoringReportInputSchema,
  VerifyMonitoringReportInputSchema,
} from './monitoring';
import {
  AddDocumentsInputSchema,
  AuthoriseProjectInputSchema,
  GetProjectHistoryInputSchema,
  GetProjectInputSchema,
  ListProjectsInputSchema,
  RegisterProjectInputSchema,
  ResubmitProjectInputSchema,
  ValidateProjectInputSchema,
} from './projects';
import {
  GetProjectWorkflowInputSchema,
  GetWorkflowProfileInputSchema,
  GiveNoObjectionInputSchema,
  SubmitIdeaNoteInputSchema,
  UpdateWorkflowProfileInputSchema,
} from './workflow';
import {
  GetAuthorisationDetailsInputSchema,
  InitRegistryInputSchema,
  ListAuthorisationDetailsInputSchema,
  SetAuthorisationDetailsInputSchema,
  UpdateSettingsInputSchema,
} from './registry';
import { GetDocumentInputSchema, ListDocumentsInputSchema, RecordDocumentInputSchema } from './documents';

/**
 * Input schema of every transaction that takes an argument, keyed `<contract>:<Transaction>` as submitted through
 * the gateway. Transactions absent here (GetSettings, WhoAmI) take no argument. The gateway validates with these
 * schemas and each contract's table must parse with the same one (`contractOf` checks it).
 */
export const TRANSACTION_INPUT_SCHEMAS = {
  'registry:InitRegistry': InitRegistryInputSchema,
  'registry:UpdateSettings': UpdateSettingsInputSchema,
  'registry:SetAuthorisationDetails': SetAuthorisationDetailsInputSchema,
  'registry:GetAuthorisationDetails': GetAuthorisationDetailsInputSchema,
  'registry:ListAuthorisationDetails': ListAuthorisationDetailsInputSchema,
  'registry:UpdateWorkflowProfile': UpdateWorkflowProfileInputSchema,
  'registry:GetWorkflowProfile': GetWorkflowProfileInputSchema,
  'accounts:CreateAccount': CreateAccountInputSchema,
  'accounts:GetAccount': GetAccountInputSchema,
  'accounts:ListAccounts': ListAccountsInputSchema,
  'accounts:SuspendAccount': SuspendAccountInputSchema,
  'accounts:ReactivateAccount': ReactivateAccountInputSchema,
  'accounts:BindIdentity': BindIdentityInputSchema,
  'accounts:RevokeIdentity': RevokeIdentityInputSchema,
  'accounts:ListIdentities': ListIdentitiesInputSchema,
  'accounts:GetBalance': GetBalanceInputSchema,
  'accounts:SubmitAccountApplication': SubmitAccountApplicationInputSchema,
  'accounts:ApproveAccountApplication': ApproveAccountApplicationInputSchema,
  'accounts:RejectAccountApplication': RejectAccountApplicationInputSchema,
  'accounts:GetAccountApplication': GetAccountApplicationInputSchema,
  'accounts:ListAccountApplications': ListAccountApplicationsInputSchema,
  'projects:RegisterProject': RegisterProjectInputSchema,
  'projects:GetProject': GetProjectInputSchema,
  'projects:ListProjects': ListProjectsInputSchema,
  'projects:GetProjectHistory': GetProjectHistoryInputSchema,
  'projects:AddDocuments': AddDocumentsInputSchema,
  'projects:ResubmitProject': ResubmitProjectInputSchema,
  'projects:ValidateProject': ValidateProjectInputSchema,
  'projects:AuthoriseProject': AuthoriseProjectInputSchema,
  'projects:SubmitIdeaNote': SubmitIdeaNoteInputSchema,
  'projects:GiveNoObjection': GiveNoObjectionInputSchema,
  'projects:GetProjectWorkflow': GetProjectWorkflowInputSchema,
  'monitoring:SubmitMonitoringReport': SubmitMonitoringReportInputSchema,
  'monitoring:VerifyMonitoringReport': VerifyMonitoringReportInputSchema,
  'monitoring:IssueCredits': IssueCreditsInputSchema,
  'monitoring:GetMonitoringReport': GetMonitoringReportInputSchema,
  'monitoring:ListMonitoringReports': ListMonitoringReportsInputSchema,
  'credits:GetBlock': GetBlockInputSchema,
  'credits:ListBlocks': ListBlocksInputSchema,
  'credits:Transfer': TransferInputSchema,
  'credits:Retire': RetireInputSchema,
  'credits:RequestRetirement': RequestRetirementInputSchema,
  'credits:ApproveRetirement': ApproveRetirementInputSchema,
  'credits:RejectRetirement': RejectRetirementInputSchema,
  'credits:Cancel': CancelInputSchema,
  'credits:Freeze': FreezeInputSchema,
  'credits:Unfreeze': UnfreezeInputSchema,
  'credits:LookupSerial': LookupSerialInputSchema,
  'audit:VerifyIntegrity': VerifyIntegrityInputSchema,
  'documents:RecordDocument': RecordDocumentInputSchema,
  'documents:GetDocument': GetDocumentInputSchema,
  'documents:ListDocuments': ListDocumentsInputSchema,
} as const;

export type TransactionName = keyof typeof TRANSACTION_INPUT_SCHEMAS | 'registry:GetSettings' | 'accounts:WhoAmI';
