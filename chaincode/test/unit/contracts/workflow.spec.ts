import { expect } from 'chai';
import { ACCOUNTS, doc, ID, World } from '../support/world';
import { compositeKey } from '../support/fake-ledger';
import { shippedProfile } from '../support/profiles';
import {
  type Project,
  type ProjectWorkflow,
  type WorkflowProfile,
  type WorkflowProfileRecord,
} from '../../../src/domain';

/** The Article 6.2 profile with the test registry's government account receiving the share of proceeds. */
const article6 = (): WorkflowProfile => ({
  ...shippedProfile('article6'),
  shareOfProceeds: { percent: 5, accountId: ACCOUNTS.gov },
});

const ideaNote = (projectId: string, label = 'idea'): Record<string, unknown> => ({
  projectId,
  documents: [{ type: 'IDEA_NOTE', ...doc(label) }],
});
const noObjection = (projectId: string, label = 'noobj'): Record<string, unknown> => ({
  projectId,
  documents: [{ type: 'NO_OBJECTION_LETTER', ...doc(label) }],
});
const validate = (projectId: string): Record<string, unknown> => ({
  projectId,
  approved: true,
  report: doc('validation'),
});

describe('workflow profiles contract', () => {
  let w: World;
  beforeEach(async () => {
    w = new World();
    await w.setup();
  });

  it('UpdateWorkflowProfile by a government ADMIN writes version 1 and the current pointer, and emits WORKFLOW_PROFILE_UPDATED', async () => {
    const outcome = await w.tx(ID.govAdmin, 'registry', 'UpdateWorkflowProfile', shippedProfile('lean'));
    expect(outcome.error).to.equal(undefined);
    expect([...outcome.writes.keys()]).to.deep.equal([compositeKey('ncr.profile', ['00000001']), 'profile~current']);
    expect(w.ledger.get('profile~current')).to.deep.equal({ version: 1 });
    expect(outcome.events.map((e) => e.name)).to.deep.equal(['WORKFLOW_PROFILE_UPDATED']);
    expect(JSON.parse(outcome.events[0]!.payload)).to.deep.include({ version: 1, name: 'Lean' });
  });

  it('each update is a new version; every version stays readable and the current one is answered by default', async () => {
    await w.fails('NOT_FOUND', ID.stranger, 'registry', 'GetWorkflowProfile', {});
    await w.ok(ID.govAdmin, 'registry', 'UpdateWorkflowProfile', shippedProfile('lean'));
    const second = await w.ok<WorkflowProfileRecord>(ID.govAdmin, 'registry', 'UpdateWorkflowProfile', article6());
    expect(second).to.include({ version: 2, name: 'Article 6.2' });
    expect(second.updatedBy).to.deep.equal({
      accountId: ACCOUNTS.gov,
      mspId: 'GovernmentMSP',
      enrollmentId: 'gov-admin',
    });
    const current = await w.ok<WorkflowProfileRecord>(ID.stranger, 'registry', 'GetWorkflowProfile', {});
    expect(current).to.deep.equal(second);
    const first = await w.ok<WorkflowProfileRecord>(ID.stranger, 'registry', 'GetWorkflowProfile', { version: 1 });
    expect(first).to.include({ version: 1, name: 'Lean' });
    expect(first.steps.IDEA_NOTE.used).to.equal(false);
    const message = await w.fails('NOT_FOUND', ID.stranger, 'registry', 'GetWorkflowProfile', { version: 3 });
    expect(message).to.contain('workflow profile version 3 does not exist');
  });

  it('UpdateWorkflowProfile refuses a government MANAGER, a developer and a certifier, and changes nothing', async () => {
    for (const who of [ID.govOfficer, ID.devA, ID.certA]) {
      await w.fails('FORBIDDEN', who, 'registry', 'UpdateWorkflowProfile', shippedProfile('lean'));
    }
  });

  it('UpdateWorkflowProfile refuses a share-of-proceeds account that is not a government one, or does not exist', async () => {
    const profile = shippedProfile('article6');
    const toDeveloper = { ...profile, shareOfProceeds: { percent: 5, accountId: ACCOUNTS.devA } };
    await w.fails('VALIDATION', ID.govAdmin, 'registry', 'UpdateWorkflowProfile', toDeveloper);
    const toNobody = { ...profile, shareOfProceeds: { percent: 5, accountId: 'GOV-NOBODY' } };
    await w.fails('NOT_FOUND', ID.govAdmin, 'registry', 'UpdateWorkflowProfile', toNobody);
  });

  describe('projects under a profile', () => {
    let before: Project;
    let after: Project;
    beforeEach(async () => {
      await w.ok(ID.govAdmin, 'registry', 'UpdateWorkflowProfile', shippedProfile('lean'));
      before = await w.registerProject();
      await w.ok(ID.govAdmin, 'registry', 'UpdateWorkflowProfile', article6());
      after = await w.registerProject();
    });

    it('a project records the version it was registered under and keeps following it', async () => {
      expect(before.profileVersion).to.equal(1);
      expect(after.profileVersion).to.equal(2);
      await w.ok(ID.certA, 'projects', 'ValidateProject', validate(before.id));
      const view = await w.ok<ProjectWorkflow>(ID.stranger, 'projects', 'GetProjectWorkflow', { projectId: before.id });
      expect(view).to.deep.equal({
        projectId: before.id,
        profileVersion: 1,
        stepsDone: ['DESIGN_DOCUMENT', 'VALIDATION'],
        nextStep: { step: 'AUTHORISATION', actorType: 'GOVERNMENT', roles: ['ADMIN', 'MANAGER'], documentTypes: [] },
      });
    });

    it('a project registered after the switch is refused validation with INVALID_STATE naming IDEA_NOTE, then NO_OBJECTION', async () => {
      const first = await w.fails('INVALID_STATE', ID.certA, 'projects', 'ValidateProject', validate(after.id));
      expect(first).to.contain('requires IDEA_NOTE (by DEVELOPER ADMIN or MANAGER) next, before VALIDATION');
      const early = await w.fails('INVALID_STATE', ID.govOfficer, 'projects', 'GiveNoObjection', noObjection(after.id));
      expect(early).to.contain('requires IDEA_NOTE');
      const outcome = await w.tx(ID.devA, 'projects', 'SubmitIdeaNote', ideaNote(after.id));
      expect(outcome.error).to.equal(undefined);
      expect(outcome.events.map((e) => e.name)).to.deep.equal(['PROJECT_IDEA_NOTE_SUBMITTED']);
      const second = await w.fails('INVALID_STATE', ID.certA, 'projects', 'ValidateProject', validate(after.id));
      expect(second).to.contain('requires NO_OBJECTION (by GOVERNMENT ADMIN or MANAGER) next');
      await w.ok(ID.govOfficer, 'projects', 'GiveNoObjection', noObjection(after.id));
      const validated = await w.ok<Project>(ID.certA, 'projects', 'ValidateProject', validate(after.id));
      expect(validated.status).to.equal('VALIDATED');
      expect(validated.steps?.map((s) => s.step)).to.deep.equal(['IDEA_NOTE', 'NO_OBJECTION']);
      expect(validated.documents.map((d) => d.type)).to.deep.equal(['PDD', 'IDEA_NOTE', 'NO_OBJECTION_LETTER']);
      const view = await w.ok<ProjectWorkflow>(ID.stranger, 'projects', 'GetProjectWorkflow', { projectId: after.id });
      expect(view.stepsDone).to.deep.equal(['IDEA_NOTE', 'NO_OBJECTION', 'DESIGN_DOCUMENT', 'VALIDATION']);
      expect(view.nextStep).to.deep.equal({
        step: 'AUTHORISATION',
        actorType: 'GOVERNMENT',
        roles: ['ADMIN'],
        documentTypes: [],
      });
    });

    it('the profile decides roles: a government MANAGER may not authorise under the Article 6.2 profile', async () => {
      await w.ok(ID.devA, 'projects', 'SubmitIdeaNote', ideaNote(after.id));
      await w.ok(ID.govOfficer, 'projects', 'GiveNoObjection', noObjection(after.id));
      await w.ok(ID.certA, 'projects', 'ValidateProject', validate(after.id));
      const authorise = {
        projectId: after.id,
        approved: true,
        authorisationId: 'GHA-AUTH-9',
        purposes: 'NDC',
        cooperativeApproachId: 'CA0001',
      };
      const message = await w.fails('FORBIDDEN', ID.govOfficer, 'projects', 'AuthoriseProject', authorise);
      expect(message).to.contain('role MANAGER may not take AUTHORISATION under workflow profile version 2');
      const project = await w.ok<Project>(ID.govAdmin, 'projects', 'AuthoriseProject', authorise);
      expect(project.status).to.equal('AUTHORISED');
    });

    it('refuses a step twice, a step the profile does not use, and a step without its document types', async () => {
      await w.ok(ID.devA, 'projects', 'SubmitIdeaNote', ideaNote(after.id));
      const twice = await w.fails('INVALID_STATE', ID.devA, 'projects', 'SubmitIdeaNote', ideaNote(after.id, 'idea2'));
      expect(twice).to.contain('has done IDEA_NOTE already');
      const unused = await w.fails('INVALID_STATE', ID.devA, 'projects', 'SubmitIdeaNote', ideaNote(before.id));
      expect(unused).to.contain('does not use IDEA_NOTE');
      const wrongType = { projectId: after.id, documents: [{ type: 'OTHER', ...doc('letter') }] };
      const missing = await w.fails('INVALID_STATE', ID.govOfficer, 'projects', 'GiveNoObjection', wrongType);
      expect(missing).to.contain('NO_OBJECTION requires documents of type NO_OBJECTION_LETTER');
      await w.fails('FORBIDDEN', ID.devA, 'projects', 'GiveNoObjection', noObjection(after.id));
    });

    it('registration under the Article 6.2 profile requires a PDD among the documents', async () => {
      const documents = [{ type: 'OTHER', ...doc('other') }];
      const message = await w.fails(
        'VALIDATION',
        ID.devA,
        'projects',
        'RegisterProject',
        w.projectInput({ documents }),
      );
      expect(message).to.contain('requires documents of type PDD');
    });
  });

  it('the profile decides the purposes and first-transfer definitions an authorisation may give', async () => {
    const ndcOnly = { ...shippedProfile('lean'), allowedPurposes: ['NDC'], allowedFirstTransferDefinitions: [] };
    await w.ok(ID.govAdmin, 'registry', 'UpdateWorkflowProfile', ndcOnly);
    const project = await w.registerProject();
    await w.ok(ID.certA, 'projects', 'ValidateProject', validate(project.id));
    const authorise = { projectId: project.id, approved: true, authorisationId: 'GHA-AUTH-7', purposes: 'NDC' };
    const oimp = { ...authorise, purposes: 'NDC and OIMP', firstTransferDefinition: 'Issuance' };
    const message = await w.fails('VALIDATION', ID.govOfficer, 'projects', 'AuthoriseProject', oimp);
    expect(message).to.contain('purposes NDC and OIMP are not allowed by the workflow profile (NDC)');
    const authorised = await w.ok<Project>(ID.govOfficer, 'projects', 'AuthoriseProject', authorise);
    expect(authorised.authorisation?.purposes).to.equal('NDC');
  });

  it('monitoring, verification and issuance check the profile too: its roles and document types', async () => {
    const lean = shippedProfile('lean');
    const adminsIssue = {
      ...lean,
      steps: {
        ...lean.steps,
        ISSUANCE: { ...lean.steps.ISSUANCE, roles: ['ADMIN'] },
        MONITORING: { ...lean.steps.MONITORING, documentTypes: ['MONITORING_REPORT', 'VERIFICATION_REPORT'] },
      },
    };
    await w.ok(ID.govAdmin, 'registry', 'UpdateWorkflowProfile', adminsIssue);
    const project = await w.authorisedProject();
    const report = {
      projectId: project.id,
      periodStart: '2023-01-01',
      periodEnd: '2023-12-31',
      vintage: 2023,
      claimedReductions: 100,
      document: doc('monitoring'),
    };
    const missing = await w.fails('INVALID_STATE', ID.devA, 'monitoring', 'SubmitMonitoringReport', report);
    expect(missing).to.contain('MONITORING requires documents of type VERIFICATION_REPORT');
    await w.ok(ID.govAdmin, 'registry', 'UpdateWorkflowProfile', {
      ...adminsIssue,
      steps: { ...adminsIssue.steps, MONITORING: lean.steps.MONITORING },
    });
    const second = await w.authorisedProject();
    const verified = await w.verifiedReport(second, 2023, 100);
    const forbidden = await w.fails('FORBIDDEN', ID.govOfficer, 'monitoring', 'IssueCredits', {
      reportId: verified.id,
    });
    expect(forbidden).to.contain('role MANAGER may not take ISSUANCE under workflow profile version 2');
    await w.ok(ID.govAdmin, 'monitoring', 'IssueCredits', { reportId: verified.id });
  });

  it('a project registered before any profile follows the built-in lean flow (version 0)', async () => {
    const project = await w.registerProject();
    expect(project).to.not.have.property('profileVersion');
    const view = await w.ok<ProjectWorkflow>(ID.stranger, 'projects', 'GetProjectWorkflow', { projectId: project.id });
    expect(view).to.include({ profileVersion: 0 });
    expect(view.nextStep).to.include({ step: 'VALIDATION', accountId: ACCOUNTS.certA });
  });
});
