import { expect } from 'chai';
import {
  ACTIVITY_TYPES,
  AuthoriseProjectInputSchema,
  deriveBlockId,
  deriveProjectId,
  deriveReportId,
  issuanceCap,
  isIsoDate,
  isoFromTimestamp,
  ListBlocksInputSchema,
  monthsInclusive,
  nextProjectStatus,
  nextReportStatus,
  projectAcceptsDocuments,
  RegistryError,
  SECTORS,
} from '../../../src/domain';

describe('domain rules', () => {
  describe('project and report state machines', () => {
    it('allows exactly the workflow transitions', () => {
      expect(nextProjectStatus('SUBMITTED', 'VALIDATE')).to.equal('VALIDATED');
      expect(nextProjectStatus('SUBMITTED', 'REJECT_VALIDATION')).to.equal('VALIDATION_REJECTED');
      expect(nextProjectStatus('VALIDATION_REJECTED', 'RESUBMIT')).to.equal('SUBMITTED');
      expect(nextProjectStatus('VALIDATED', 'AUTHORISE')).to.equal('AUTHORISED');
      expect(nextProjectStatus('VALIDATED', 'REJECT')).to.equal('REJECTED');
      expect(() => nextProjectStatus('SUBMITTED', 'AUTHORISE')).to.throw(RegistryError, /^INVALID_STATE: /);
      expect(() => nextProjectStatus('REJECTED', 'RESUBMIT')).to.throw(RegistryError);
      expect(() => nextProjectStatus('AUTHORISED', 'VALIDATE')).to.throw(RegistryError);
      expect(nextReportStatus('SUBMITTED', 'VERIFY')).to.equal('VERIFIED');
      expect(nextReportStatus('VERIFIED', 'ISSUE')).to.equal('ISSUED');
      expect(() => nextReportStatus('ISSUED', 'ISSUE')).to.throw(RegistryError, /^INVALID_STATE: /);
      expect(() => nextReportStatus('REJECTED', 'VERIFY')).to.throw(RegistryError);
      expect(projectAcceptsDocuments('VALIDATION_REJECTED')).to.equal(true);
      expect(projectAcceptsDocuments('AUTHORISED')).to.equal(false);
    });
  });

  describe('identifiers', () => {
    it('derives human-readable IDs from the transaction ID', () => {
      const txId = '0a1b2c3d4e5f6a7b8c9d0e1f' + '0'.repeat(40);
      expect(deriveProjectId('GHA', txId)).to.equal('GHA-P-0A1B2C3D4E');
      expect(deriveReportId('GHA-P-0A1B2C3D4E', txId)).to.equal('GHA-P-0A1B2C3D4E-M-0A1B2C3D');
      expect(deriveBlockId(txId, 0)).to.equal('B-0A1B2C3D4E5F6A7B-0');
    });
  });

  describe('time', () => {
    it('formats transaction timestamps and validates calendar dates', () => {
      expect(isoFromTimestamp(1_700_000_000, 123_456_789)).to.equal('2023-11-14T22:13:20.123Z');
      expect(isIsoDate('2024-02-29')).to.equal(true);
      expect(isIsoDate('2023-02-29')).to.equal(false);
      expect(isIsoDate('2023-1-01')).to.equal(false);
    });

    it('caps issuance at the annual estimate times the crediting period in months touched', () => {
      expect(monthsInclusive('2021-01-01', '2030-12-31')).to.equal(120);
      expect(issuanceCap(10_000, '2021-01-01', '2030-12-31')).to.equal(100_000);
      expect(issuanceCap(1000, '2021-07-15', '2022-01-14')).to.equal(583); // 7 months
      expect(() => monthsInclusive('2022-01-01', '2021-01-01')).to.throw(RegistryError);
    });
  });

  describe('schemas', () => {
    it('nomenclature lists are in the schemas', () => {
      expect(SECTORS).to.include('Forestry and land use');
      expect(ACTIVITY_TYPES).to.include('C02 usage');
    });

    it('AuthoriseProject input requires a first transfer definition exactly when purposes include OIMP', () => {
      const base = { projectId: 'GHA-P-0A1B2C3D4E', approved: true, authorisationId: 'A 1-2' };
      expect(AuthoriseProjectInputSchema.safeParse({ ...base, purposes: 'NDC' }).success).to.equal(true);
      expect(AuthoriseProjectInputSchema.safeParse({ ...base, purposes: 'NDC and OP' }).success).to.equal(false);
      expect(
        AuthoriseProjectInputSchema.safeParse({ ...base, purposes: 'NDC', firstTransferDefinition: 'Issuance' })
          .success,
      ).to.equal(false);
      expect(
        AuthoriseProjectInputSchema.safeParse({
          ...base,
          purposes: 'OIMP',
          firstTransferDefinition: 'Use or Cancellation',
        }).success,
      ).to.equal(true);
      expect(AuthoriseProjectInputSchema.safeParse({ projectId: base.projectId, approved: false }).success).to.equal(
        false,
      );
    });

    it('list inputs default and cap pagination and refuse unknown fields', () => {
      expect(ListBlocksInputSchema.parse({})).to.deep.equal({ pageSize: 20, bookmark: '' });
      expect(ListBlocksInputSchema.safeParse({ pageSize: 1000 }).success).to.equal(false);
      expect(ListBlocksInputSchema.safeParse({ ownerr: 'DEV-A' }).success).to.equal(false);
    });
  });
});
