import '../support/quiet';
import { expect } from 'chai';
import { JSONSerializer } from 'fabric-contract-api';
import { contracts } from '../../../src';

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

describe('chaincode metadata', () => {
  it('fabric-shim generates metadata for every contract namespace, with reads tagged EVALUATE', () => {
    const chaincode = new ChaincodeFromContract(
      contracts,
      { serializers: { jsonSerializer: JSONSerializer }, transaction: 'jsonSerializer' },
      {},
      'registry',
      '0.1.0',
    );
    const md = chaincode.metadata.contracts;
    expect(Object.keys(md)).to.have.members([
      'registry',
      'accounts',
      'projects',
      'monitoring',
      'credits',
      'audit',
      'diagnostics',
      'org.hyperledger.fabric',
    ]);
    const names = (c: string): string[] => (md[c]?.transactions ?? []).map((t) => t.name);
    expect(names('credits')).to.have.members([
      'GetBlock',
      'ListBlocks',
      'Transfer',
      'Retire',
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
