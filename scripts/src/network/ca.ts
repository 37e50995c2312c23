import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ensureDir, render, writeFile } from '../lib/files';
import { detail } from '../lib/log';
import { paths, sitePaths } from '../lib/paths';
import { type Daemon, httpOk, runningPid, startDaemon, waitFor } from '../lib/processes';
import { bin } from './binaries';
import { names, type MemberConfig } from './topology';

export const REGISTRAR_ID = 'registrar';

export const caHome = (org: MemberConfig): string => sitePaths(org.key).ca;
export const caDaemon = (org: MemberConfig): Daemon => ({ site: sitePaths(org.key), name: `ca.${org.key}` });
export const caUrl = (org: MemberConfig): string => `https://127.0.0.1:${org.ca.port}`;
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

/** Starts the organisation's Fabric CA (initialising it on first run) and waits until it answers. */
export async function startCa(org: MemberConfig): Promise<void> {
  const daemon = caDaemon(org);
  const home = ensureDir(caHome(org));
  if (runningPid(daemon) === undefined) {
    const template = fs.readFileSync(path.join(paths.network, 'ca', 'fabric-ca-server-config.yaml.tmpl'), 'utf8');
    writeFile(
      path.join(home, 'fabric-ca-server-config.yaml'),
      render(template, {
        port: org.ca.port,
        operationsPort: org.ca.operationsPort,
        caName: names.caName(org),
        domain: names.domain(org),
        registrarId: REGISTRAR_ID,
        registrarSecret: registrarSecret(org),
        orgName: org.name,
      }),
      // The registrar's secret is in it: the server reads it from here rather than from `-b user:pass` arguments.
      0o600,
    );
    startDaemon({ ...daemon, command: bin('fabric-ca-server'), args: ['start', '--home', home], cwd: home });
  }
  await waitFor(`${daemon.name} health`, () => httpOk(`http://127.0.0.1:${org.ca.operationsPort}/healthz`), {
    daemon,
    timeoutMs: 60_000,
  });
  detail(`${daemon.name} at ${caUrl(org)} (${names.caName(org)})`);
}
