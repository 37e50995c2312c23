import { expect } from 'chai';
import {
  assertProjectStep,
  LEAN_PROFILE,
  nextProjectStep,
  parseRegistryError,
  stepsDone,
  WorkflowProfileSchema,
  type ProjectStatus,
  type WorkflowProfile,
} from '../../../src/domain';
import { shippedProfile } from '../support/profiles';

const project = (status: ProjectStatus, steps: ('IDEA_NOTE' | 'NO_OBJECTION')[] = []) => ({
  id: 'GHA-P-0123456789',
  status,
  steps: steps.map((step) => ({
    step,
    by: { accountId: 'X', mspId: 'M', enrollmentId: 'e' },
    at: 't',
    txId: 'x',
    documents: [],
  })),
});

/** The INVALID_STATE detail `assertProjectStep` answers, or undefined when the step may be taken. */
function refusal(
  profile: WorkflowProfile,
  status: ProjectStatus,
  step: Parameters<typeof assertProjectStep>[2],
  done: ('IDEA_NOTE' | 'NO_OBJECTION')[] = [],
): string | undefined {
  try {
    assertProjectStep({ version: 7, profile }, project(status, done), step);
    return undefined;
  } catch (err) {
    const parsed = parseRegistryError(err instanceof Error ? err.message : '');
    expect(parsed?.code).to.equal('INVALID_STATE');
    return parsed?.detail;
  }
}

describe('workflow profile schema', () => {
  it('the shipped lean profile is the built-in lean flow, and both shipped profiles parse', () => {
    expect(shippedProfile('lean')).to.deep.equal(LEAN_PROFILE);
    expect(shippedProfile('article6').steps.IDEA_NOTE).to.include({ used: true, actorType: 'DEVELOPER' });
  });

  it('refuses a core step left unused, a step given to the wrong account type, and a share without its account', () => {
    const issues = (profile: unknown): string[] => {
      const result = WorkflowProfileSchema.safeParse(profile);
      return result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    };
    const steps = LEAN_PROFILE.steps;
    expect(
      issues({ ...LEAN_PROFILE, steps: { ...steps, VALIDATION: { ...steps.VALIDATION, used: false } } }),
    ).to.deep.equal(['steps.VALIDATION.used: VALIDATION is used by every profile']);
    expect(
      issues({ ...LEAN_PROFILE, steps: { ...steps, ISSUANCE: { ...steps.ISSUANCE, actorType: 'DEVELOPER' } } }),
    ).to.deep.equal(['steps.ISSUANCE.actorType: ISSUANCE is done by a GOVERNMENT account']);
    expect(issues({ ...LEAN_PROFILE, shareOfProceeds: { percent: 5 } })).to.deep.equal([
      'shareOfProceeds.accountId: accountId is required when percent is above 0, and only then',
    ]);
    expect(
      issues({ ...LEAN_PROFILE, steps: { ...steps, IDEA_NOTE: { ...steps.IDEA_NOTE, roles: ['VIEWER'] } } }),
    ).to.have.length(1);
    expect(issues({ ...LEAN_PROFILE, extra: true })).to.have.length(1);
  });
});

describe('next step of a project under its profile', () => {
  const article6 = shippedProfile('article6');

  it('lean: validation after registration, authorisation after validation, monitoring once authorised', () => {
    expect(nextProjectStep(LEAN_PROFILE, project('SUBMITTED'))).to.equal('VALIDATION');
    expect(nextProjectStep(LEAN_PROFILE, project('VALIDATION_REJECTED'))).to.equal('DESIGN_DOCUMENT');
    expect(nextProjectStep(LEAN_PROFILE, project('VALIDATED'))).to.equal('AUTHORISATION');
    expect(nextProjectStep(LEAN_PROFILE, project('AUTHORISED'))).to.equal('MONITORING');
    expect(nextProjectStep(LEAN_PROFILE, project('REJECTED'))).to.equal(undefined);
  });

  it('Article 6.2: idea note, then no-objection, before validation', () => {
    expect(nextProjectStep(article6, project('SUBMITTED'))).to.equal('IDEA_NOTE');
    expect(nextProjectStep(article6, project('SUBMITTED', ['IDEA_NOTE']))).to.equal('NO_OBJECTION');
    expect(nextProjectStep(article6, project('SUBMITTED', ['IDEA_NOTE', 'NO_OBJECTION']))).to.equal('VALIDATION');
    expect(stepsDone(project('VALIDATED', ['NO_OBJECTION', 'IDEA_NOTE']))).to.deep.equal([
      'IDEA_NOTE',
      'NO_OBJECTION',
      'DESIGN_DOCUMENT',
      'VALIDATION',
    ]);
  });

  it('refuses with INVALID_STATE naming the step the profile requires next', () => {
    expect(refusal(article6, 'SUBMITTED', 'VALIDATION')).to.equal(
      'project GHA-P-0123456789 (workflow profile version 7) requires IDEA_NOTE (by DEVELOPER ADMIN or MANAGER) next, before VALIDATION',
    );
    expect(refusal(article6, 'SUBMITTED', 'NO_OBJECTION')).to.contain('requires IDEA_NOTE');
    expect(refusal(article6, 'SUBMITTED', 'VALIDATION', ['IDEA_NOTE'])).to.contain('requires NO_OBJECTION');
    expect(refusal(article6, 'SUBMITTED', 'VALIDATION', ['IDEA_NOTE', 'NO_OBJECTION'])).to.equal(undefined);
    expect(refusal(article6, 'AUTHORISED', 'VERIFICATION', ['IDEA_NOTE', 'NO_OBJECTION'])).to.equal(undefined);
    expect(refusal(LEAN_PROFILE, 'SUBMITTED', 'IDEA_NOTE')).to.contain('does not use IDEA_NOTE');
    expect(refusal(LEAN_PROFILE, 'SUBMITTED', 'VALIDATION')).to.equal(undefined);
  });
});
