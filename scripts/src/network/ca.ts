import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ensureDir, render, writeFile } from '../lib/files';
import { detail } from '../lib/log';
import { paths, sitePaths } from '../lib/paths';
import { type Daemon, type DaemonSpec, httpOk, runningPid, startDaemon, waitFor } from '../lib/processes';
import { bin } from './binaries';
import { endpoint, httpUrl, inNetns, names, orgHost, tlsHosts, type MemberConfig } from './topology';

export const REGISTRAR_ID = 'registrar';

export const caHome = (org: MemberConfig): string => sitePaths(org.key).ca;
export const caDaemon = (org: MemberConfig): Daemon => ({ site: sitePaths(org.key), name: `ca.${org.key}` });
export const caUrl = (org: MemberConfig): string => `https://${endpoint(org, org.ca.port)}`;
/**
 * The CA's self-signed root in its own site: trust anchor for the org's MSP and for TLS (the CA issues both kinds).
 * Other sites read the copy the organisation publishes (`published(org).caCert`).
 */
export const caRootCert = (org: MemberConfig): string => path.join(caHome(org), 'ca-cert.pem');

/** The registrar secret is generated once per CA and kept with the CA's data (never committed). */
export function registrarSecret(org: MemberConfig): string {
  const file = sitePaths(org.key).registrarSecret;
  if (!fs.existsSync(file)) writeFile(file, randomBytes(18).toString('base64url'), 0o600);
  return fs.readFileSync(file, 'utf8').trim();
}

/**
 * The CA server's config for `org`, with `secret` as its registrar's. The secret is in it: the server reads it from
 * this file (mode 0600) rather than from `-b user:pass` arguments.
 */
export function caServerConfig(org: MemberConfig, secret: string): string {
  const template = fs.readFileSync(path.join(paths.network, 'ca', 'fabric-ca-server-config.yaml.tmpl'), 'utf8');
  return render(template, {
    host: orgHost(org),
    port: org.ca.port,
    operationsPort: org.ca.operationsPort,
    caName: names.caName(org),
    domain: names.domain(org),
    csrHosts: tlsHosts(org, `ca.${names.domain(org)}`)
      .map((host) => `    - ${host}`)
      .join('\n'),
    registrarId: REGISTRAR_ID,
    registrarSecret: secret,
    orgName: org.name,
  });
}

/** How the organisation's CA is launched. */
export const caSpec = (org: MemberConfig): DaemonSpec => ({
  ...caDaemon(org),
  command: bin('fabric-ca-server'),
  args: ['start', '--home', caHome(org)],
  cwd: caHome(org),
  ...inNetns(org),
});

/** Starts the organisation's Fabric CA (initialising it on first run) and waits until it answers. */
export async function startCa(org: MemberConfig): Promise<void> {
  const daemon = caDaemon(org);
  const home = ensureDir(caHome(org));
  if (runningPid(daemon) === undefined) {
    writeFile(path.join(home, 'fabric-ca-server-config.yaml'), caServerConfig(org, registrarSecret(org)), 0o600);
    startDaemon(caSpec(org));
  }
  await waitFor(`${daemon.name} health`, () => httpOk(httpUrl(org, org.ca.operationsPort, '/healthz')), {
    daemon,
    timeoutMs: 60_000,
  });
  detail(`${daemon.name} at ${caUrl(org)} (${names.caName(org)})`);
}
