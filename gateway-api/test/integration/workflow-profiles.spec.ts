import { expect } from 'chai';
import {
  api,
  doc,
  errorCode,
  leanInForce,
  profileFile,
  projectBody,
  putProfile,
  request,
  write,
  type Reply,
} from './support';

const validation = (projectId: string): Promise<Reply> =>
  api('POST', `/v1/projects/${projectId}/validation`, 'certifier-admin', {
    approved: true,
    report: doc('validation'),
  });

/** A 409 INVALID_STATE whose message names `text`. */
function expectInvalidState(reply: Reply, text: string): void {
  expect(reply.status, JSON.stringify(reply.body)).to.equal(409);
  expect(errorCode(reply)).to.equal('INVALID_STATE');
  expect(JSON.stringify(reply.body)).to.contain(text);
}

interface ProjectWorkflow {
  profileVersion: number;
  stepsDone: string[];
  nextStep: { step: string; actorType: string; roles: string[]; accountId?: string } | null;
}

async function workflowOf(projectId: string): Promise<ProjectWorkflow> {
  const reply = await api('GET', `/v1/projects/${projectId}/workflow`, 'auditor');
  expect(reply.status, JSON.stringify(reply.body)).to.equal(200);
  return reply.body as unknown as ProjectWorkflow;
}

describe('workflow profiles on the running network', function () {
  this.timeout(300_000);
  let leanVersion = 0;

  before(async () => {
    leanVersion = await leanInForce();
  });

  // The other specs run on the same network after this one: the lean profile goes back whatever happened here.
  after(async () => {
    await leanInForce();
  });

  it('only a government ADMIN changes the profile; a bad profile is 400 and changes nothing', async () => {
    const byDeveloper = await putProfile('article6', 'developer-admin');
    expect(byDeveloper.status).to.equal(403);
    expect(errorCode(byDeveloper)).to.equal('FORBIDDEN');
    const unused = { ...profileFile('lean'), allowedPurposes: [] };
    const bad = await request('PUT', '/v1/workflow-profile', { as: 'gov-admin', body: unused });
    expect(bad.status).to.equal(400);
    expect(errorCode(bad)).to.equal('VALIDATION');
    const current = await api('GET', '/v1/workflow-profile', 'auditor');
    expect(current.body).to.include({ name: 'Lean', version: leanVersion });
  });

  it('switches from lean to Article 6.2: a project registered before keeps its steps, one registered after passes idea note and no-objection first', async () => {
    const before = await write('/v1/projects', 'developer-admin', projectBody('Registered under lean', 'pdd-lean'));
    expect(before.profileVersion).to.equal(leanVersion);

    const switched = await putProfile('article6');
    expect(switched.status, JSON.stringify(switched.body)).to.equal(201);
    expect(switched.body).to.include({ name: 'Article 6.2', version: leanVersion + 1 });
    const old = await api('GET', `/v1/workflow-profile?version=${String(leanVersion)}`, 'auditor');
    expect(old.body).to.include({ name: 'Lean', version: leanVersion });

    const after = await write('/v1/projects', 'developer-admin', projectBody('Registered under 6.2', 'pdd-a6'));
    const afterId = after.id as string;
    expect(after.profileVersion).to.equal(leanVersion + 1);
    expect((await workflowOf(afterId)).nextStep).to.deep.include({ step: 'IDEA_NOTE', accountId: 'DEV-ACME' });

    expectInvalidState(await validation(afterId), 'requires IDEA_NOTE');
    const letter = { documents: [{ type: 'NO_OBJECTION_LETTER', ...doc('no-objection') }] };
    expectInvalidState(await api('POST', `/v1/projects/${afterId}/no-objection`, 'gov-admin', letter), 'IDEA_NOTE');
    await write(`/v1/projects/${afterId}/idea-note`, 'developer-admin', {
      documents: [{ type: 'IDEA_NOTE', ...doc('idea-note') }],
    });
    expectInvalidState(await validation(afterId), 'requires NO_OBJECTION');
    await write(`/v1/projects/${afterId}/no-objection`, 'gov-admin', letter);
    const validated = await validation(afterId);
    expect(validated.status, JSON.stringify(validated.body)).to.equal(201);
    expect(validated.body.status).to.equal('VALIDATED');
    const afterFlow = await workflowOf(afterId);
    expect(afterFlow.stepsDone).to.deep.equal(['IDEA_NOTE', 'NO_OBJECTION', 'DESIGN_DOCUMENT', 'VALIDATION']);
    expect(afterFlow.nextStep).to.deep.include({ step: 'AUTHORISATION', actorType: 'GOVERNMENT', roles: ['ADMIN'] });

    // The project registered under lean keeps lean's steps: no idea note, straight to validation.
    const beforeId = before.id as string;
    const ideaNote = { documents: [{ type: 'IDEA_NOTE', ...doc('late-idea-note') }] };
    expectInvalidState(
      await api('POST', `/v1/projects/${beforeId}/idea-note`, 'developer-admin', ideaNote),
      'does not use IDEA_NOTE',
    );
    const beforeValidated = await validation(beforeId);
    expect(beforeValidated.status, JSON.stringify(beforeValidated.body)).to.equal(201);
    const beforeFlow = await workflowOf(beforeId);
    expect(beforeFlow).to.deep.include({ profileVersion: leanVersion, stepsDone: ['DESIGN_DOCUMENT', 'VALIDATION'] });
    expect(beforeFlow.nextStep).to.deep.include({ step: 'AUTHORISATION', roles: ['ADMIN', 'MANAGER'] });
  });
});
