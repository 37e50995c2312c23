import { expect } from 'chai';
import { ACCOUNTS, doc, ID, World } from '../support/world';
import { compositeKey } from '../support/fake-ledger';
import type { Project } from '../../../src/domain';

describe('projects contract', () => {
  let w: World;
  beforeEach(async () => {
    w = new World();
    await w.setup();
  });

  describe('RegisterProject', () => {
    it('registers a SUBMITTED project with a derived ID, indexes and a PROJECT_REGISTERED event', async () => {
      const outcome = await w.tx(ID.devAManager, 'projects', 'RegisterProject', w.projectInput());
      expect(outcome.error).to.equal(undefined);
      const project = JSON.parse(outcome.result!) as Project;
      expect(project.id).to.equal(`GHA-P-${outcome.txId.slice(0, 10).toUpperCase()}`);
      expect(project).to.include({ status: 'SUBMITTED', developerAccountId: ACCOUNTS.devA, issuedTotal: 0 });
      expect(project.transitions).to.deep.equal([
        {
          from: null,
          to: 'SUBMITTED',
          by: { accountId: ACCOUNTS.devA, mspId: 'DeveloperMSP', enrollmentId: 'dev-a-manager' },
          at: project.createdAt,
          txId: outcome.txId,
          documents: [doc('pdd').sha256],
        },
      ]);
      expect([...outcome.writes.keys()]).to.deep.equal([
        compositeKey('ncr.project', [project.id]),
        compositeKey('ncr.project~status', ['SUBMITTED', project.id]),
        compositeKey('ncr.project~developer', [ACCOUNTS.devA, 'SUBMITTED', project.id]),
      ]);
      expect(outcome.events).to.have.length(1);
      expect(outcome.events[0]!.name).to.equal('PROJECT_REGISTERED');
      expect(JSON.parse(outcome.events[0]!.payload)).to.deep.include({
        projectId: project.id,
        developerAccountId: ACCOUNTS.devA,
        certifierAccountId: ACCOUNTS.certA,
        documents: [doc('pdd').sha256],
      });
    });

    it('refuses viewers, certifiers, government and unbound identities', async () => {
      for (const who of [ID.devAViewer, ID.certA, ID.govAdmin, ID.stranger]) {
        await w.fails('FORBIDDEN', who, 'projects', 'RegisterProject', w.projectInput());
      }
    });

    it('refuses values outside the nomenclature, a foreign location and a non-certifier', async () => {
      await w.fails('VALIDATION', ID.devA, 'projects', 'RegisterProject', w.projectInput({ sector: 'Mining' }));
      await w.fails('VALIDATION', ID.devA, 'projects', 'RegisterProject', w.projectInput({ activityType: 'Nuclear' }));
      await w.fails(
        'VALIDATION',
        ID.devA,
        'projects',
        'RegisterProject',
        w.projectInput({ estimatedAnnualReductions: 1.5 }),
      );
      await w.fails('VALIDATION', ID.devA, 'projects', 'RegisterProject', w.projectInput({ documents: [] }));
      await w.fails(
        'VALIDATION',
        ID.devA,
        'projects',
        'RegisterProject',
        w.projectInput({ creditingPeriod: { start: '2030-01-01', end: '2021-01-01' } }),
      );
      await w.fails(
        'VALIDATION',
        ID.devA,
        'projects',
        'RegisterProject',
        w.projectInput({ location: { country: 'TGO', region: 'Plateaux' } }),
      );
      await w.fails(
        'VALIDATION',
        ID.devA,
        'projects',
        'RegisterProject',
        w.projectInput({ certifierAccountId: ACCOUNTS.devB }),
      );
      await w.fails(
        'NOT_FOUND',
        ID.devA,
        'projects',
        'RegisterProject',
        w.projectInput({ certifierAccountId: 'CER-ZZZ' }),
      );
    });

    it('refuses a suspended certifier', async () => {
      await w.ok(ID.govAdmin, 'accounts', 'SuspendAccount', {
        accountId: ACCOUNTS.certA,
        reason: 'accreditation lapsed',
      });
      await w.fails('INVALID_STATE', ID.devA, 'projects', 'RegisterProject', w.projectInput());
    });
  });

  describe('reads', () => {
    it('GetProject, ListProjects by status and developer, and GetProjectHistory are public', async () => {
      const a = await w.registerProject(ID.devA);
      const b = await w.registerProject(ID.devB);
      await w.ok(ID.certA, 'projects', 'ValidateProject', { projectId: b.id, approved: true, report: doc('v') });
      expect(await w.ok<Project>(ID.stranger, 'projects', 'GetProject', { projectId: a.id })).to.deep.equal(a);
      const all = await w.ok<{ items: Project[] }>(ID.stranger, 'projects', 'ListProjects', {});
      expect(all.items.map((p) => p.id)).to.have.members([a.id, b.id]);
      const submitted = await w.ok<{ items: Project[] }>(ID.stranger, 'projects', 'ListProjects', {
        status: 'SUBMITTED',
      });
      expect(submitted.items.map((p) => p.id)).to.deep.equal([a.id]);
      const ofB = await w.ok<{ items: Project[] }>(ID.stranger, 'projects', 'ListProjects', {
        developer: ACCOUNTS.devB,
      });
      expect(ofB.items.map((p) => p.id)).to.deep.equal([b.id]);
      const ofBSubmitted = await w.ok<{ items: Project[] }>(ID.stranger, 'projects', 'ListProjects', {
        developer: ACCOUNTS.devB,
        status: 'SUBMITTED',
      });
      expect(ofBSubmitted.items).to.deep.equal([]);
      const history = await w.ok<{ entries: { value: Project }[]; truncated: boolean }>(
        ID.stranger,
        'projects',
        'GetProjectHistory',
        {
          projectId: b.id,
          limit: 1,
        },
      );
      expect(history.entries).to.have.length(1);
      expect(history.entries[0]!.value.status).to.equal('VALIDATED');
      expect(history.truncated).to.equal(true);
      await w.fails('NOT_FOUND', ID.stranger, 'projects', 'GetProject', { projectId: 'GHA-P-0000000000' });
    });
  });

  describe('AddDocuments and ResubmitProject', () => {
    it('the developer adds documents while SUBMITTED and resubmits after a rejected validation', async () => {
      const project = await w.registerProject();
      const added = await w.tx(ID.devA, 'projects', 'AddDocuments', {
        projectId: project.id,
        documents: [{ type: 'OTHER', ...doc('annex') }],
      });
      expect(added.events.map((e) => e.name)).to.deep.equal(['PROJECT_DOCUMENTS_ADDED']);
      expect([...added.writes.keys()]).to.deep.equal([compositeKey('ncr.project', [project.id])]);
      await w.ok(ID.certA, 'projects', 'ValidateProject', {
        projectId: project.id,
        approved: false,
        report: doc('v1'),
        comment: 'baseline',
      });
      await w.ok(ID.devA, 'projects', 'AddDocuments', {
        projectId: project.id,
        documents: [{ type: 'PDD', ...doc('pdd-v2') }],
      });
      const resubmitted = await w.tx(ID.devA, 'projects', 'ResubmitProject', { projectId: project.id });
      expect(resubmitted.events.map((e) => e.name)).to.deep.equal(['PROJECT_RESUBMITTED']);
      const final = JSON.parse(resubmitted.result!) as Project;
      expect(final.status).to.equal('SUBMITTED');
      expect(final.transitions.map((t) => `${t.from ?? '-'}>${t.to}`)).to.deep.equal([
        '->SUBMITTED',
        'SUBMITTED>VALIDATION_REJECTED',
        'VALIDATION_REJECTED>SUBMITTED',
      ]);
      expect(final.transitions[2]!.documents).to.deep.equal([
        doc('pdd').sha256,
        doc('annex').sha256,
        doc('pdd-v2').sha256,
      ]);
    });

    it('refuses another company, duplicates, and documents or resubmission in the wrong state', async () => {
      const project = await w.registerProject();
      const docs = { projectId: project.id, documents: [{ type: 'OTHER', ...doc('x') }] };
      await w.fails('FORBIDDEN', ID.devB, 'projects', 'AddDocuments', docs);
      await w.fails('FORBIDDEN', ID.devAViewer, 'projects', 'AddDocuments', docs);
      await w.fails('CONFLICT', ID.devA, 'projects', 'AddDocuments', {
        projectId: project.id,
        documents: [{ type: 'PDD', ...doc('pdd') }],
      });
      await w.fails('INVALID_STATE', ID.devA, 'projects', 'ResubmitProject', { projectId: project.id });
      await w.ok(ID.certA, 'projects', 'ValidateProject', { projectId: project.id, approved: true, report: doc('v') });
      await w.fails('INVALID_STATE', ID.devA, 'projects', 'AddDocuments', docs);
    });
  });

  describe('ValidateProject', () => {
    it('the assigned certifier validates and PROJECT_VALIDATED carries the report digest', async () => {
      const project = await w.registerProject();
      const outcome = await w.tx(ID.certA, 'projects', 'ValidateProject', {
        projectId: project.id,
        approved: true,
        report: doc('val'),
      });
      expect(outcome.error).to.equal(undefined);
      expect([...outcome.writes.entries()].map(([k, v]) => [k, v === null])).to.deep.equal([
        [compositeKey('ncr.project', [project.id]), false],
        [compositeKey('ncr.project~status', ['SUBMITTED', project.id]), true],
        [compositeKey('ncr.project~developer', [ACCOUNTS.devA, 'SUBMITTED', project.id]), true],
        [compositeKey('ncr.project~status', ['VALIDATED', project.id]), false],
        [compositeKey('ncr.project~developer', [ACCOUNTS.devA, 'VALIDATED', project.id]), false],
      ]);
      expect(outcome.events[0]!.name).to.equal('PROJECT_VALIDATED');
      expect(JSON.parse(outcome.events[0]!.payload)).to.include({ projectId: project.id, report: doc('val').sha256 });
    });

    it('refuses a certifier that is not assigned, developers, government and a second validation', async () => {
      const project = await w.registerProject();
      const input = { projectId: project.id, approved: true, report: doc('val') };
      await w.fails('FORBIDDEN', ID.certB, 'projects', 'ValidateProject', input);
      await w.fails('FORBIDDEN', ID.devA, 'projects', 'ValidateProject', input);
      await w.fails('FORBIDDEN', ID.govAdmin, 'projects', 'ValidateProject', input);
      await w.ok(ID.certA, 'projects', 'ValidateProject', input);
      await w.fails('INVALID_STATE', ID.certA, 'projects', 'ValidateProject', input);
    });
  });

  describe('AuthoriseProject', () => {
    it('government authorises a VALIDATED project with the Article 6 authorisation and emits PROJECT_AUTHORISED', async () => {
      const project = await w.authorisedProject();
      expect(project.status).to.equal('AUTHORISED');
      expect(project.authorisation).to.deep.equal({
        authorisationId: 'GHA-AUTH-2024-001',
        date: '2024-03-01',
        purposes: 'NDC and OIMP',
        cooperativeApproachId: 'CA0001',
        firstTransferDefinition: 'Issuance',
        timeframe: '2021 - 2030',
      });
      expect(project.transitions.at(-1)).to.include({ from: 'VALIDATED', to: 'AUTHORISED' });
    });

    it('rejection is final and emits PROJECT_REJECTED', async () => {
      const project = await w.registerProject();
      await w.ok(ID.certA, 'projects', 'ValidateProject', { projectId: project.id, approved: true, report: doc('v') });
      const outcome = await w.tx(ID.govOfficer, 'projects', 'AuthoriseProject', {
        projectId: project.id,
        approved: false,
        comment: 'no',
      });
      expect(outcome.events.map((e) => e.name)).to.deep.equal(['PROJECT_REJECTED']);
      await w.fails('INVALID_STATE', ID.govOfficer, 'projects', 'AuthoriseProject', {
        projectId: project.id,
        approved: true,
        authorisationId: 'A-1',
        purposes: 'NDC',
      });
    });

    it('refuses non-government callers, unvalidated projects, unknown cooperative approaches and OIMP without a first transfer definition', async () => {
      const project = await w.registerProject();
      const input = { projectId: project.id, approved: true, authorisationId: 'A-1', purposes: 'NDC' };
      await w.fails('INVALID_STATE', ID.govOfficer, 'projects', 'AuthoriseProject', input);
      await w.ok(ID.certA, 'projects', 'ValidateProject', { projectId: project.id, approved: true, report: doc('v') });
      await w.fails('FORBIDDEN', ID.devA, 'projects', 'AuthoriseProject', input);
      await w.fails('FORBIDDEN', ID.certA, 'projects', 'AuthoriseProject', input);
      await w.fails('NOT_FOUND', ID.govOfficer, 'projects', 'AuthoriseProject', {
        ...input,
        cooperativeApproachId: 'CA0999',
      });
      await w.fails('VALIDATION', ID.govOfficer, 'projects', 'AuthoriseProject', { ...input, purposes: 'OIMP' });
      await w.fails('VALIDATION', ID.govOfficer, 'projects', 'AuthoriseProject', { ...input, purposes: 'Everything' });
      await w.fails('VALIDATION', ID.govOfficer, 'projects', 'AuthoriseProject', { ...input, timeframe: '2021-2030' });
      const ok = await w.ok<Project>(ID.govOfficer, 'projects', 'AuthoriseProject', input);
      expect(ok.authorisation?.date).to.equal(ok.updatedAt.slice(0, 10));
    });
  });
});
