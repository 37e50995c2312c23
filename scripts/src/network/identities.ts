import fs from 'node:fs';
import path from 'node:path';
import { CommandError, run } from '../lib/exec';
import { ensureDir, onlyFile, writeFile } from '../lib/files';
import { detail } from '../lib/log';
import { REGISTRAR_ID, caHome, caRootCert, caUrl, registrarSecret } from './ca';
import { bin } from './binaries';
import { cryptoPaths, hasOrderer, names, published, tlsHosts, type MemberConfig } from './topology';

export type NodeType = 'peer' | 'orderer' | 'admin' | 'client';

/** NodeOUs: roles (admin, peer, orderer, client) come from the certificate OU that the CA writes from the ID type. */
function nodeOusConfig(): string {
  const ou = (role: string) => `    Certificate: cacerts/ca.crt\n    OrganizationalUnitIdentifier: ${role}\n`;
  return [
    'NodeOUs:',
    '  Enable: true',
    `  ClientOUIdentifier:\n${ou('client')}`,
    `  PeerOUIdentifier:\n${ou('peer')}`,
    `  AdminOUIdentifier:\n${ou('admin')}`,
    `  OrdererOUIdentifier:\n${ou('orderer')}`,
  ].join('\n');
}

/** Normalises an MSP folder written by fabric-ca-client: cacerts/ca.crt, keystore/key.pem, NodeOUs config. */
function normaliseMsp(msp: string, org: MemberConfig): void {
  fs.rmSync(path.join(msp, 'cacerts'), { recursive: true, force: true });
  fs.rmSync(path.join(msp, 'intermediatecerts'), { recursive: true, force: true });
  writeFile(path.join(msp, 'cacerts', 'ca.crt'), fs.readFileSync(caRootCert(org)));
  writeFile(path.join(msp, 'tlscacerts', 'ca.crt'), fs.readFileSync(caRootCert(org)));
  const key = onlyFile(path.join(msp, 'keystore'));
  if (path.basename(key) !== 'key.pem') fs.renameSync(key, path.join(msp, 'keystore', 'key.pem'));
  const cert = onlyFile(path.join(msp, 'signcerts'));
  if (path.basename(cert) !== 'cert.pem') fs.renameSync(cert, path.join(msp, 'signcerts', 'cert.pem'));
  writeFile(path.join(msp, 'config.yaml'), `${nodeOusConfig()}\n`);
}

/** Copies a TLS enrollment into server.crt / server.key / ca.crt, the names our node configs use. */
function normaliseTls(enrollDir: string, tlsDir: string, org: MemberConfig): void {
  ensureDir(tlsDir);
  fs.copyFileSync(onlyFile(path.join(enrollDir, 'signcerts')), path.join(tlsDir, 'server.crt'));
  fs.copyFileSync(onlyFile(path.join(enrollDir, 'keystore')), path.join(tlsDir, 'server.key'));
  fs.copyFileSync(caRootCert(org), path.join(tlsDir, 'ca.crt'));
  fs.rmSync(enrollDir, { recursive: true, force: true });
}

function clientArgs(org: MemberConfig): string[] {
  return ['--caname', names.caName(org), '--tls.certfiles', caRootCert(org)];
}

/**
 * Runs fabric-ca-client for the organisation's CA. Secrets go by environment, never as arguments (readable by any
 * local user in `ps` and /proc/<pid>/cmdline): fabric-ca-client reads every flag from FABRIC_CA_CLIENT_<FLAG>,
 * e.g. FABRIC_CA_CLIENT_URL for `-u` (which carries the enrollment secret) and FABRIC_CA_CLIENT_ID_SECRET for
 * `--id.secret`. They are redacted from errors and progress output as well.
 */
async function caClient(org: MemberConfig, args: string[], secretEnv: Record<string, string>, secret: string) {
  return run(bin('fabric-ca-client'), [...args, ...clientArgs(org)], {
    env: { ...process.env, FABRIC_CA_CLIENT_HOME: caHome(org), ...secretEnv },
    secrets: [secret],
  });
}

/** Registers `id` with `secret` at the organisation's CA (as its registrar); an existing ID is left as it is. */
export async function register(org: MemberConfig, id: string, secret: string, type: NodeType): Promise<void> {
  try {
    await caClient(
      org,
      ['register', '-u', caUrl(org), '--mspdir', cryptoPaths(org).registrar.msp, '--id.name', id, '--id.type', type],
      { FABRIC_CA_CLIENT_ID_SECRET: secret },
      secret,
    );
  } catch (err) {
    // Registration is idempotent for our purposes: an existing ID keeps its secret, which we also keep.
    if (!(err instanceof CommandError && /already registered/i.test(err.output))) throw err;
  }
}

/** Enrolls `id` with `secret` into `mspDir` (a TLS certificate when `tls`); `csrArgs` add CSR fields. */
export async function enroll(
  org: MemberConfig,
  id: string,
  secret: string,
  mspDir: string,
  tls: boolean,
  csrArgs: readonly string[] = [],
): Promise<void> {
  const url = caUrl(org).replace('https://', `https://${encodeURIComponent(id)}:${encodeURIComponent(secret)}@`);
  const hosts = tlsHosts(org, id).join(',');
  await caClient(
    org,
    ['enroll', '-M', mspDir, '--csr.hosts', hosts, ...(tls ? ['--enrollment.profile', 'tls'] : []), ...csrArgs],
    { FABRIC_CA_CLIENT_URL: url },
    secret,
  );
}

/**
 * Enrolls every identity the organisation's nodes need from its own CA (registrar, peer, orderer if it runs one, org
 * admin), each with an MSP and, for nodes and the admin, a TLS certificate; then writes the organisation MSP used in
 * configtx.
 * Identities already on disk are kept, so a restart reuses them.
 */
export async function ensureIdentities(org: MemberConfig): Promise<void> {
  const crypto = cryptoPaths(org);
  if (!fs.existsSync(path.join(crypto.registrar.msp, 'signcerts'))) {
    await enroll(org, REGISTRAR_ID, registrarSecret(org), crypto.registrar.msp, false);
  }
  const members: { id: string; type: NodeType; dirs: { msp: string; tls: string; dir: string } }[] = [
    { id: names.peer(org), type: 'peer', dirs: crypto.peer },
    ...(hasOrderer(org) ? [{ id: names.orderer(org), type: 'orderer' as const, dirs: crypto.orderer }] : []),
    { id: names.admin(org), type: 'admin', dirs: crypto.admin },
  ];
  for (const member of members) {
    if (
      fs.existsSync(path.join(member.dirs.msp, 'config.yaml')) &&
      fs.existsSync(path.join(member.dirs.tls, 'server.key'))
    ) {
      continue;
    }
    const secret = registrarSecret(org) + member.type;
    await register(org, member.id, secret, member.type);
    await enroll(org, member.id, secret, member.dirs.msp, false);
    normaliseMsp(member.dirs.msp, org);
    const tlsEnroll = path.join(member.dirs.dir, 'tls-enroll');
    await enroll(org, member.id, secret, tlsEnroll, true);
    normaliseTls(tlsEnroll, member.dirs.tls, org);
  }
  if (!fs.existsSync(path.join(crypto.tlsClient.tls, 'server.key'))) {
    const secret = `${registrarSecret(org)}tls`;
    await register(org, names.tlsClient(org), secret, 'client');
    const tlsEnroll = path.join(crypto.tlsClient.dir, 'tls-enroll');
    await enroll(org, names.tlsClient(org), secret, tlsEnroll, true);
    normaliseTls(tlsEnroll, crypto.tlsClient.tls, org);
  }
  fs.copyFileSync(caRootCert(org), crypto.caCert);
  publish(org);
  detail(`${org.mspId}: identities enrolled from ${caUrl(org)} into ${crypto.base}`);
}

/**
 * What the organisation publishes for the others (.ncr/public/orgs/<org>/): its MSP (trust anchors, TLS trust
 * anchors, NodeOUs), its CA certificate and, if it runs one, its orderer's TLS certificate (a Raft consenter's
 * identity). No key.
 */
function publish(org: MemberConfig): void {
  const out = published(org);
  const root = fs.readFileSync(caRootCert(org));
  writeFile(path.join(out.msp, 'cacerts', 'ca.crt'), root);
  writeFile(path.join(out.msp, 'tlscacerts', 'ca.crt'), root);
  writeFile(path.join(out.msp, 'config.yaml'), `${nodeOusConfig()}\n`);
  writeFile(out.caCert, root);
  if (hasOrderer(org)) {
    writeFile(out.ordererTlsCert, fs.readFileSync(path.join(cryptoPaths(org).orderer.tls, 'server.crt')));
  }
}
