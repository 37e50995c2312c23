/**
 * Chaincode `registry`: one contract per aggregate, each a namespace (`accounts:CreateAccount`...).
 * Started as a chaincode service with `fabric-chaincode-node server` (package.json "start").
 */
import { AccountContract } from './contracts/accounts/account-contract';
import { AuditContract } from './contracts/audit/audit-contract';
import { BilateralContract } from './contracts/international/bilateral-contract';
import { InternationalContract } from './contracts/international/international-contract';
import { CreditContract } from './contracts/credits/credit-contract';
import { DocumentContract } from './contracts/documents/document-contract';
import { DiagnosticsContract } from './contracts/diagnostics/diagnostics-contract';
import { MonitoringContract } from './contracts/monitoring/monitoring-contract';
import { ProjectContract } from './contracts/projects/project-contract';
import { RegistryContract } from './contracts/registry/registry-contract';

export {
  AccountContract,
  AuditContract,
  BilateralContract,
  CreditContract,
  DiagnosticsContract,
  DocumentContract,
  InternationalContract,
  MonitoringContract,
  ProjectContract,
  RegistryContract,
};

/** fabric-contract-api convention; the first contract is the default one. */
export const contracts = [
  RegistryContract,
  AccountContract,
  ProjectContract,
  MonitoringContract,
  CreditContract,
  InternationalContract,
  BilateralContract,
  AuditContract,
  DocumentContract,
  DiagnosticsContract,
];
