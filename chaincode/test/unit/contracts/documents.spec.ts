import { expect } from 'chai';
import { compositeKey } from '../support/fake-ledger';
import { shippedProfile } from '../support/profiles';
import { ACCOUNTS, ID, sha, World } from '../support/world';
import { type DocumentRecord, type Project } from '../../../src/domain';

const recordInput = (label: string, overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  sha256: sha(label),
  type: 'PDD',
  mediaType: 'application/pdf',
  size: 1000,
  name: `${label}.pdf`,
  ...overrides,
});

describe('documents contract', () => {
  let w: World;
  beforeEach(async () => {
    w = new World();
    await w.setup();
  });

  it('RecordDocument writes the record and its holder index from the caller’s certificate, and emits DOCUMENT_RECORDED', async () => {
    const outcome = await w.tx(ID.devA, 'documents', 'RecordDocument', recordInput('pdd-file'));
    expect(outcome.error).to.equal(undefined);
    expect([...outcome.writes.keys()]).to.deep.equal([
      compositeKey('ncr.document', [sha('pdd-file')]),
      compositeKey('ncr.document~holder', ['DeveloperMSP', sha('pdd-file')]),
    ]);
    const record = JSON.parse(outcome.result ?? '') as DocumentRecord;
    expect(record).to.deep.include({ sha256: sha('pdd-file'), type: 'PDD', size: 1000, recordedTxId: outcome.txId });
    expect(record.by).to.deep.equal({ accountId: ACCOUNTS.devA, mspId: 'DeveloperMSP', enrollmentId: 'dev-a-admin' });
    expect(outcome.events.map((e) => e.name)).to.deep.equal(['DOCUMENT_RECORDED']);
    expect(JSON.parse(outcome.events[0]!.payload)).to.deep.include({ sha256: sha('pdd-file'), size: 1000 });
  });

  it('RecordDocument again with the same digest answers the first record and writes nothing; a different type is a CONFLICT', async () => {
    const first = await w.ok<DocumentRecord>(ID.devA, 'documents', 'RecordDocument', recordInput('twice'));
    const again = await w.tx(ID.devA, 'documents', 'RecordDocument', recordInput('twice', { name: 'other.pdf' }));
    expect(JSON.parse(again.result ?? '')).to.deep.equal(first);
    expect(again.writes.size).to.equal(0);
    expect(again.events).to.deep.equal([]);
    await w.fails('CONFLICT', ID.devA, 'documents', 'RecordDocument', recordInput('twice', { type: 'OTHER' }));
    await w.fails('CONFLICT', ID.devB, 'documents', 'RecordDocument', recordInput('twice'));
  });

  it('RecordDocument applies the current profile’s documents rules (defaults before any) and who issues letters and reports', async () => {
    await w.fails(
      'VALIDATION',
      ID.devA,
      'documents',
      'RecordDocument',
      recordInput('exe', { mediaType: 'application/x-msdownload' }),
    );
    await w.fails(
      'VALIDATION',
      ID.devA,
      'documents',
      'RecordDocument',
      recordInput('huge', { size: 10 * 1024 * 1024 + 1 }),
    );
    const strict = { ...shippedProfile('lean'), documents: { maxBytes: 500, mediaTypes: ['application/pdf'] } };
    await w.ok(ID.govAdmin, 'registry', 'UpdateWorkflowProfile', strict);
    await w.fails('VALIDATION', ID.devA, 'documents', 'RecordDocument', recordInput('over-500'));
    await w.ok(ID.devA, 'documents', 'RecordDocument', recordInput('small', { size: 500 }));
    const letter = { type: 'AUTHORISATION_LETTER', size: 400 };
    await w.fails('FORBIDDEN', ID.devA, 'documents', 'RecordDocument', recordInput('letter', letter));
    await w.fails(
      'FORBIDDEN',
      ID.devA,
      'documents',
      'RecordDocument',
      recordInput('report', { type: 'VALIDATION_REPORT', size: 400 }),
    );
    await w.fails('FORBIDDEN', ID.devAViewer, 'documents', 'RecordDocument', recordInput('viewer', { size: 400 }));
    await w.ok(ID.govOfficer, 'documents', 'RecordDocument', recordInput('letter', letter));
  });

  it('a document of a project is recorded by a party of the project or the government, and read by its parties', async () => {
    const project = await w.registerProject();
    const ofProject = (label: string) => recordInput(label, { projectId: project.id, type: 'OTHER' });
    await w.fails('FORBIDDEN', ID.devB, 'documents', 'RecordDocument', ofProject('by-b'));
    await w.fails('FORBIDDEN', ID.certB, 'documents', 'RecordDocument', ofProject('by-cert-b'));
    const byCertifier = await w.ok<DocumentRecord>(ID.certA, 'documents', 'RecordDocument', ofProject('by-cert-a'));
    expect(await w.ok(ID.devAManager, 'documents', 'GetDocument', { sha256: byCertifier.sha256 })).to.deep.equal(
      byCertifier,
    );
    const listed = await w.ok<{ items: DocumentRecord[] }>(ID.devA, 'documents', 'ListDocuments', {
      projectId: project.id,
    });
    expect(listed.items.map((d) => d.sha256)).to.deep.equal([byCertifier.sha256]);
    await w.fails('FORBIDDEN', ID.devB, 'documents', 'ListDocuments', { projectId: project.id });
  });

  it('GetDocument: the uploader’s account, government and certifiers read a document; another developer and an unbound identity may not', async () => {
    const record = await w.ok<DocumentRecord>(ID.devA, 'documents', 'RecordDocument', recordInput('private'));
    for (const reader of [ID.devA, ID.devAViewer, ID.govOfficer, ID.certB]) {
      expect(await w.ok(reader, 'documents', 'GetDocument', { sha256: record.sha256 }), reader.cn).to.deep.equal(
        record,
      );
    }
    await w.fails('FORBIDDEN', ID.devB, 'documents', 'GetDocument', { sha256: record.sha256 });
    await w.fails('FORBIDDEN', ID.stranger, 'documents', 'GetDocument', { sha256: record.sha256 });
    await w.fails('NOT_FOUND', ID.govAdmin, 'documents', 'GetDocument', { sha256: sha('never') });
  });

  it('ListDocuments by holder: government, certifiers and accounts of that organisation', async () => {
    await w.ok(ID.devA, 'documents', 'RecordDocument', recordInput('held'));
    for (const reader of [ID.devB, ID.certA, ID.govOfficer]) {
      const page = await w.ok<{ items: DocumentRecord[] }>(reader, 'documents', 'ListDocuments', {
        holder: 'DeveloperMSP',
      });
      expect(
        page.items.map((d) => d.sha256),
        reader.cn,
      ).to.deep.equal([sha('held')]);
    }
    await w.fails('FORBIDDEN', ID.devA, 'documents', 'ListDocuments', { holder: 'GovernmentMSP' });
    await w.fails('VALIDATION', ID.govAdmin, 'documents', 'ListDocuments', {});
  });

  it('a project document named by digest alone is the recorded document: same type, readable by the actor, of no other project', async () => {
    await w.ok(ID.devA, 'documents', 'RecordDocument', recordInput('kept-pdd'));
    const project = await w.ok<Project>(
      ID.devA,
      'projects',
      'RegisterProject',
      w.projectInput({
        documents: [{ type: 'PDD', sha256: sha('kept-pdd') }],
      }),
    );
    expect(project.documents[0]).to.include({ type: 'PDD', uri: `urn:ncr:document:${sha('kept-pdd')}` });
    const byDigest = (label: string, type = 'PDD') => w.projectInput({ documents: [{ type, sha256: sha(label) }] });
    await w.fails('VALIDATION', ID.devA, 'projects', 'RegisterProject', byDigest('kept-pdd', 'IDEA_NOTE'));
    await w.fails('NOT_FOUND', ID.devA, 'projects', 'RegisterProject', byDigest('not-uploaded'));
    await w.fails('FORBIDDEN', ID.devB, 'projects', 'RegisterProject', byDigest('kept-pdd'));
    await w.ok(
      ID.devA,
      'documents',
      'RecordDocument',
      recordInput('of-project', { projectId: project.id, type: 'OTHER' }),
    );
    const ofOtherProject = w.projectInput({ documents: [{ type: 'OTHER', sha256: sha('of-project') }] });
    await w.fails('VALIDATION', ID.devA, 'projects', 'RegisterProject', ofOtherProject);
  });
});
