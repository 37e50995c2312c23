import '../support/quiet';
import { expect } from 'chai';
import { JSONSerializer } from 'fabric-contract-api';
import { contracts } from '../../../src';
import { contractOf, read } from '../../../src/contracts/common/transactions';
import { ListProjectsInputSchema, VerifyIntegrityInputSchema } from '../../../src/domain';

interface ContractMetadata {
  contracts: Record<string, { transactions: { name: string; tag?: string[]; parameters?: unknown[] }[] }>;
}

// fabric-shim builds the chaincode from the `contracts` export exactly like this when the server starts.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const ChaincodeFromContract = require('fabric-shim/lib/contract-spi/chaincodefromcontract') as new (
  classes: unknown[],
  serializers: unknown,
  metadata: object,
  title: string,
  version: string,
) => { metadata: ContractMetadata };

/** The metadata of every contract, as fabric-shim generates it from the `contracts` export when the server starts. */
function generatedMetadata(): ContractMetadata['contracts'] {
  const chaincode = new ChaincodeFromContract(
    contracts,
    { serializers: { jsonSerializer: JSONSerializer }, transaction: 'jsonSerializer' },
    {},
    'registry',
    '0.1.0',
  );
  return chaincode.metadata.contracts;
}

describe('chaincode metadata', () => {
  it('fabric-shim generates metadata for every contract namespace, with reads tagged EVALUATE', () => {
    const md = generatedMetadata();
    expect(Object.keys(md)).to.have.members([
      'registry',
      'accounts',
      'projects',
      'monitoring',
      'credits',
      'international',
      'bilateral',
      'audit',
      'documents',
      'diagnostics',
      'org.hyperledger.fabric',
    ]);
    const names = (c: string): string[] => (md[c]?.transactions ?? []).map((t) => t.name);
    expect(names('credits')).to.have.members([
      'GetBlock',
      'ListBlocks',
      'Transfer',
      'Retire',
      'RequestRetirement',
      'ApproveRetirement',
      'RejectRetirement',
      'Cancel',
      'Freeze',
      'Unfreeze',
      'LookupSerial',
    ]);
    expect(names('monitoring')).to.include('IssueCredits');
    const tx = (c: string, n: string): { tag?: string[]; parameters?: unknown[] } | undefined =>
      md[c]?.transactions.find((t) => t.name === n);
    expect(tx('credits', 'Transfer')?.tag).to.include('SUBMIT');
    expect(tx('credits', 'LookupSerial')?.tag).to.include('EVALUATE');
    expect(tx('registry', 'GetSettings')?.parameters ?? []).to.have.length(0);
    // every transaction takes at most one (JSON string) argument
    for (const contract of Object.values(md)) {
      for (const t of contract.transactions) {
        expect(t.parameters ?? []).to.have.length.at.most(1);
      }
    }
  });
});

/**
 * Every contract's transactions in the order the metadata lists them: `submit` ones are ordered and change world
 * state (tags SUBMIT, submitTx), `evaluate` ones only read (tag EVALUATE). A name ending in `()` takes no argument;
 * every other takes one JSON string. This is what clients of the chaincode see, whatever declares the transactions.
 */
const PINNED: Record<string, readonly string[]> = {
  registry: [
    'submit InitRegistry',
    'evaluate GetSettings()',
    'submit UpdateSettings',
    'submit SetAuthorisationDetails',
    'evaluate GetAuthorisationDetails',
    'evaluate ListAuthorisationDetails',
    'submit UpdateWorkflowProfile',
    'evaluate GetWorkflowProfile',
  ],
  accounts: [
    'submit CreateAccount',
    'evaluate GetAccount',
    'evaluate ListAccounts',
    'submit SuspendAccount',
    'submit ReactivateAccount',
    'submit BindIdentity',
    'submit RevokeIdentity',
    'evaluate ListIdentities',
    'evaluate WhoAmI()',
    'evaluate GetBalance',
    'submit SubmitAccountApplication',
    'submit ApproveAccountApplication',
    'submit RejectAccountApplication',
    'evaluate GetAccountApplication',
    'evaluate ListAccountApplications',
  ],
  projects: [
    'submit RegisterProject',
    'evaluate GetProject',
    'evaluate ListProjects',
    'evaluate GetProjectHistory',
    'submit AddDocuments',
    'submit ResubmitProject',
    'submit ValidateProject',
    'submit AuthoriseProject',
    'submit SubmitIdeaNote',
    'submit GiveNoObjection',
    'evaluate GetProjectWorkflow',
  ],
  monitoring: [
    'submit SubmitMonitoringReport',
    'submit VerifyMonitoringReport',
    'submit IssueCredits',
    'evaluate GetMonitoringReport',
    'evaluate ListMonitoringReports',
  ],
  credits: [
    'evaluate GetBlock',
    'evaluate ListBlocks',
    'submit Transfer',
    'submit Retire',
    'submit RequestRetirement',
    'submit ApproveRetirement',
    'submit RejectRetirement',
    'submit Cancel',
    'submit Freeze',
    'submit Unfreeze',
    'evaluate LookupSerial',
  ],
  audit: ['evaluate VerifyIntegrity'],
  diagnostics: ['submit RecordProbe', 'evaluate GetProbe'],
};

/** The metadata fabric-contract-api's decorators give a transaction written as `PINNED` writes it. */
function pinnedTransaction(line: string): object {
  const [kind = '', signature = ''] = line.split(' ');
  const noArgument = signature.endsWith('()');
  return {
    returns: { type: 'string' },
    name: noArgument ? signature.slice(0, -2) : signature,
    tag: kind === 'submit' ? ['SUBMIT', 'submitTx'] : ['EVALUATE'],
    parameters: noArgument ? [] : [{ name: 'json', description: '', schema: { type: 'string' } }],
  };
}

describe('chaincode metadata, pinned', () => {
  it('lists each contract’s transactions with their names, order, tags, parameter and return type', () => {
    const md = generatedMetadata();
    for (const [name, lines] of Object.entries(PINNED)) {
      expect(md[name]?.transactions, name).to.deep.equal(lines.map(pinnedTransaction));
    }
    expect(md['org.hyperledger.fabric']?.transactions).to.deep.equal([{ name: 'GetMetadata' }]);
  });
});

describe('contract tables', () => {
  it('refuse a transaction whose argument schema is not the one TRANSACTION_INPUT_SCHEMAS gives it', () => {
    // ListProjects' schema has every field VerifyIntegrity's has, so only the check at load time can tell them apart.
    const table = { VerifyIntegrity: read(ListProjectsInputSchema, () => Promise.resolve(null)) };
    expect(() => contractOf('audit', table)).to.throw(
      "audit:VerifyIntegrity must parse its argument with TRANSACTION_INPUT_SCHEMAS['audit:VerifyIntegrity']",
    );
  });

  it('take each transaction of the namespace with its own schema', () => {
    const table = { VerifyIntegrity: read(VerifyIntegrityInputSchema, () => Promise.resolve(null)) };
    expect(contractOf('audit', table).name).to.be.a('string');
  });
});
