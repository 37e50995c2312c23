import { type KeyObject, X509Certificate, createPrivateKey, createPublicKey } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { inCustody, loadConfig, resolveWalletKey, unsealFile } from '@ncr/gateway-api';
import { writeBundle } from '../../src/commands/bundle';
import { publicPaths, sitePaths } from '../../src/lib/paths';
import { loadTopology, published, type OrgConfig } from '../../src/network/topology';

/**
 * Each organisation's site (.ncr/orgs/<org>/) on the running network holds only its own organisation's keys and
 * secrets: every private key found in its files or in its gateway's wallet (opened with the site's own wallet key)
 * belongs to a certificate its own CA issued, and no file of it holds another organisation's registrar secret. What
 * the organisations publish (.ncr/public/) holds no key and no secret at all.
 */

const PEM = (label: string): RegExp => new RegExp(`-----BEGIN ${label}-----[\\s\\S]+?-----END ${label}-----`, 'g');
const PRIVATE_KEY = PEM('(?:EC |RSA )?PRIVATE KEY');
const CERTIFICATE = PEM('CERTIFICATE');
const PUBLIC_KEY = PEM('PUBLIC KEY');

function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true, recursive: true }).flatMap((entry) => {
    const file = path.join(entry.parentPath, entry.name);
    return entry.isFile() ? [file] : [];
  });
}

/** A certificate, or undefined for one a database file split across its pages (only used to look keys up). */
function parsedCertificate(pem: string): X509Certificate | undefined {
  try {
    return new X509Certificate(pem);
  } catch {
    return undefined;
  }
}

/**
 * A private key from PEM; Fabric CA writes its Idemix revocation key as SEC1 under the PKCS#8 label, read as what it
 * holds.
 */
function privateKeyOf(pem: string): KeyObject {
  try {
    return createPrivateKey(pem);
  } catch {
    const der = Buffer.from(pem.replace(/-----[A-Z ]+-----/g, '').replace(/\s/g, ''), 'base64');
    return createPrivateKey({ key: der, format: 'der', type: 'sec1' });
  }
}

const spki = (key: KeyObject): string => key.export({ type: 'spki', format: 'der' }).toString('base64');

interface FoundKey {
  readonly where: string;
  readonly pem: string;
}

/** Every private key of the site and every certificate and public key beside them, by public key. */
function siteKeys(org: OrgConfig): {
  keys: FoundKey[];
  certificates: Map<string, X509Certificate>;
  publicKeys: Set<string>;
} {
  const site = sitePaths(org.key);
  const keys: FoundKey[] = [];
  const certificates = new Map<string, X509Certificate>();
  const publicKeys = new Set<string>();
  for (const file of filesUnder(site.home)) {
    // PEM as is, or inside JSON (escaped line breaks).
    const text = fs.readFileSync(file, 'latin1').replaceAll('\\n', '\n');
    for (const pem of text.match(PRIVATE_KEY) ?? []) keys.push({ where: file, pem });
    for (const pem of text.match(CERTIFICATE) ?? []) {
      const certificate = parsedCertificate(pem);
      if (certificate !== undefined) certificates.set(spki(certificate.publicKey), certificate);
    }
    // The CA's own public keys without certificate (its Idemix revocation key), in its own home only.
    if (file.startsWith(`${site.ca}${path.sep}`)) {
      for (const pem of text.match(PUBLIC_KEY) ?? []) publicKeys.add(spki(createPublicKey(pem)));
    }
  }
  // The gateway's custody wallet, opened with the site's own wallet key (kept outside NCR_HOME).
  const walletKey = resolveWalletKey(loadConfig({ ...process.env, NCR_HOME: site.home }));
  const wallet = path.join(site.gateway, 'wallet');
  for (const file of fs.existsSync(wallet) ? filesUnder(wallet) : []) {
    const credentials = unsealFile(walletKey, fs.readFileSync(file, 'utf8'));
    expect(credentials.mspId, `${file}: an identity of another organisation`).to.equal(org.mspId);
    if (inCustody(credentials)) keys.push({ where: file, pem: credentials.privateKey });
    const certificate = new X509Certificate(credentials.certificate);
    certificates.set(spki(certificate.publicKey), certificate);
  }
  return { keys, certificates, publicKeys };
}

describe("Sites: no file of one organisation's site holds another organisation's private key or CA secret", () => {
  const topology = loadTopology();

  for (const org of topology.orgs) {
    it(`${org.key}: every private key of the site (files and wallet) is certified by ${org.mspId}'s own CA`, () => {
      const ownCa = new X509Certificate(fs.readFileSync(published(org).caCert));
      const { keys, certificates, publicKeys } = siteKeys(org);
      // At least the CA's, the peer's, the orderer's, the admin's and the TLS client's keys, and the demo users'.
      expect(keys.length).to.be.greaterThan(8);
      for (const { where, pem } of keys) {
        const publicKey = spki(createPublicKey(privateKeyOf(pem)));
        if (publicKeys.has(publicKey)) continue;
        const certificate = certificates.get(publicKey);
        expect(certificate, `${where}: a private key without a certificate in the site`).to.not.equal(undefined);
        expect(
          certificate?.checkIssued(ownCa) === true && certificate.verify(ownCa.publicKey),
          `${where}: its certificate (${certificate?.subject ?? '?'}) is not issued by ${org.mspId}'s CA`,
        ).to.equal(true);
      }
    });

    it(`${org.key}: no file of the site holds another organisation's registrar secret`, () => {
      const foreign = topology.orgs
        .filter((other) => other.key !== org.key)
        .map((other) => ({
          org: other.key,
          secret: fs.readFileSync(sitePaths(other.key).registrarSecret, 'utf8').trim(),
        }));
      expect(foreign.every(({ secret }) => secret.length >= 16)).to.equal(true);
      for (const file of filesUnder(sitePaths(org.key).home)) {
        const content = fs.readFileSync(file);
        for (const { org: owner, secret } of foreign) {
          expect(content.includes(secret), `${file} holds the registrar secret of ${owner}`).to.equal(false);
        }
      }
    });
  }

  it('a bundle of each organisation for its own host (npm run org:bundle) holds no private key and no registrar secret', () => {
    const secrets = topology.orgs.map((org) => fs.readFileSync(sitePaths(org.key).registrarSecret, 'utf8').trim());
    for (const org of topology.orgs) {
      const dir = writeBundle(topology, org.key, { host: '192.0.2.10', home: '/var/lib/ncr', repo: '/opt/ncr' });
      const files = filesUnder(dir);
      expect(files.map((file) => path.relative(dir, file))).to.include.members([
        'RUNBOOK.md',
        `systemd/ncr-${org.key}-peer.service`,
        `orgs/${org.key}/nodes/peer0.${org.key}.ncr/core.yaml`,
      ]);
      for (const file of files) {
        const content = fs.readFileSync(file);
        expect(content.toString('latin1').match(PRIVATE_KEY), `${file} holds a private key`).to.equal(null);
        for (const secret of secrets) {
          expect(content.includes(secret), `${file} holds a registrar secret`).to.equal(false);
        }
      }
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('what the organisations publish holds no private key and no registrar secret', () => {
    const secrets = topology.orgs.map((org) => fs.readFileSync(sitePaths(org.key).registrarSecret, 'utf8').trim());
    const files = filesUnder(publicPaths.dir);
    expect(files.length).to.be.greaterThan(0);
    for (const file of files) {
      const content = fs.readFileSync(file);
      expect(content.toString('latin1').match(PRIVATE_KEY), `${file} holds a private key`).to.equal(null);
      for (const secret of secrets)
        expect(content.includes(secret), `${file} holds a registrar secret`).to.equal(false);
    }
  });
});
