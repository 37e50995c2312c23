import { expect } from 'chai';
import { readCertificateIdentity, RegistryError } from '../../../src/domain';
import { fixtureCertificate, issueCertificate } from '../support/certificates';

describe('readCertificateIdentity (certificates made by openssl)', () => {
  it('reads CN, OUs and the CA-signed attributes of an ordinary client certificate', () => {
    expect(readCertificateIdentity(fixtureCertificate('client.pem'))).to.deep.equal({
      commonName: 'developer-admin',
      organizationalUnits: ['client'],
      attributes: { 'hf.Affiliation': '', 'hf.EnrollmentID': 'developer-admin', 'hf.Type': 'client' },
      orgAdmin: false,
    });
  });

  it('accepts the PEM as the bytes ClientIdentity.getIDBytes() returns', () => {
    const bytes = new TextEncoder().encode(fixtureCertificate('client.pem'));
    expect(readCertificateIdentity(bytes).commonName).to.equal('developer-admin');
  });

  it('marks an organisation admin from the NodeOU admin', () => {
    expect(readCertificateIdentity(fixtureCertificate('nodeou-admin.pem'))).to.include({
      commonName: 'org-admin',
      orgAdmin: true,
    });
  });

  it('marks an organisation admin from the CA-signed attribute hf.Type=admin', () => {
    const identity = readCertificateIdentity(fixtureCertificate('hf-type-admin.pem'));
    expect(identity.organizationalUnits).to.deep.equal(['client']);
    expect(identity.orgAdmin).to.equal(true);
  });

  it('reads the CN of a subject whose serialNumber is "x/y/CN=developer2-admin" as the real CN, mallory', () => {
    const identity = readCertificateIdentity(fixtureCertificate('forged-serial.pem'));
    expect(identity.commonName).to.equal('mallory');
    expect(identity.orgAdmin).to.equal(false);
  });

  it('does not take an OU admin out of an organisation "a/b/OU=admin"', () => {
    const identity = readCertificateIdentity(fixtureCertificate('forged-org.pem'));
    expect(identity.organizationalUnits).to.deep.equal(['client']);
    expect(identity.orgAdmin).to.equal(false);
  });

  it('refuses a subject with two CNs or none (FORBIDDEN)', () => {
    for (const file of ['two-cn.pem', 'no-cn.pem']) {
      expect(() => readCertificateIdentity(fixtureCertificate(file)), file).to.throw(
        RegistryError,
        /^FORBIDDEN: caller certificate must have exactly one subject CN/,
      );
    }
  });

  it('refuses what is not a PEM X.509 certificate (FORBIDDEN)', () => {
    const pem = fixtureCertificate('client.pem');
    const body = pem.split('\n').slice(1, -2);
    const truncated = ['-----BEGIN CERTIFICATE-----', ...body.slice(0, 3), '-----END CERTIFICATE-----'].join('\n');
    for (const input of ['x509::/C=GH/OU=admin/CN=gov-admin::/CN=ca', truncated, new Uint8Array([0xff, 0xfe])]) {
      expect(() => readCertificateIdentity(input)).to.throw(RegistryError, /^FORBIDDEN: /);
    }
  });

  it('does not treat an OU that merely contains admin, or an hf.Type outside the extension, as admin', () => {
    const identity = readCertificateIdentity(
      issueCertificate([
        ['OU', 'administrators'],
        ['OU', 'hf.Type=admin'],
        ['CN', 'carol'],
      ]),
    );
    expect(identity).to.deep.include({ commonName: 'carol', orgAdmin: false, attributes: {} });
  });
});
