import { X509Certificate } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { runCliCommand } from '../../src/chaos/processes';
import { REGISTRAR_SECRET_PLACEHOLDER } from '../../src/commands/bundle';
import { ApiError, demoUsers } from '../../src/demo/api-client';
import { type Block, authoriseProject, demoActors, issueCredits } from '../../src/demo/workflow';
import { tcpOpen } from '../../src/lib/net';
import { paths } from '../../src/lib/paths';
import { loadTopology, type OrgConfig, type Topology } from '../../src/network/topology';
import { createLab, deleteLab, hostLab, listenersIn, namespacesUnavailable } from './hosts/namespaces';

/**
 * The same sites on separate hosts: a second network, started by the project's own start command, with each
 * organisation in a Linux network namespace of its own (its own address on a bridge), every node listening on and
 * advertising that address. The REST workflow runs across the namespaces; then the government's whole site stops.
 * Every write needs a Government endorsement (AND(Government, OR(Certifier, Developer))), so a transfer through the
 * developers' gateway answers 503 while reads go on; once the site is back the same transfer commits.
 */

/** The second network's ports: the running network's plus this (a site on another host could reuse them). */
const PORT_OFFSET = 300;

const shiftPorts = (value: unknown, key = ''): unknown => {
  if (typeof value === 'number' && /port$/i.test(key)) return value + PORT_OFFSET;
  if (Array.isArray(value)) return value.map((item) => shiftPorts(item));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([name, inner]) => [name, shiftPorts(inner, name)]));
  }
  return value;
};

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The error a REST call failed with, or a failure when it succeeded. */
async function failure(call: () => Promise<unknown>): Promise<ApiError> {
  try {
    await call();
  } catch (err) {
    if (err instanceof ApiError) return err;
    throw err;
  }
  throw new Error('expected the call to fail');
}

describe('Sites on separate hosts (one network namespace per organisation)', function () {
  const base = loadTopology();
  const lab = hostLab(base.orgs.map((org) => org.key));
  let home = '';
  let topology: Topology | undefined;
  let made = false;
  const log = (): string => path.join(home, 'commands.log');
  const env = (): NodeJS.ProcessEnv => ({
    ...process.env,
    NCR_HOME: home,
    NCR_TOPOLOGY: path.join(home, 'topology.json'),
    FABRIC_BIN: paths.bin,
  });
  const cli = (...args: string[]): Promise<void> => runCliCommand(log(), args, env());
  const orgOf = (key: string): OrgConfig => {
    const org = topology?.orgs.find((entry) => entry.key === key);
    if (org === undefined) throw new Error(`no organisation ${key}`);
    return org;
  };

  before(async function () {
    this.timeout(480_000);
    const reason = namespacesUnavailable(lab);
    if (reason !== undefined) {
      process.stdout.write(`      skipped: ${reason}\n`);
      this.skip();
    }
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'ncr-hosts-'));
    const shifted = shiftPorts(JSON.parse(fs.readFileSync(paths.topology, 'utf8'))) as Topology;
    topology = {
      ...shifted,
      orgs: shifted.orgs.map((org) => {
        const site = lab.sites.find((entry) => entry.key === org.key);
        return { ...org, host: site?.host, netns: site?.netns };
      }),
    };
    fs.writeFileSync(path.join(home, 'topology.json'), JSON.stringify(topology, null, 2));
    made = true;
    createLab(lab);
    await cli('start', '--quiet');
  });

  after(async function () {
    this.timeout(120_000);
    if (!made) return;
    await cli('stop').catch((err: unknown) => {
      process.stdout.write(`      stopping the second network failed: ${String(err)}\n`);
    });
    const problems = deleteLab(lab);
    if (problems.length > 0) process.stdout.write(`      namespace clean-up: ${problems.join('; ')}\n`);
    fs.rmSync(home, { recursive: true, force: true });
  });

  it("every node listens on its own organisation's address inside its namespace, and its TLS certificates carry it", async () => {
    for (const site of lab.sites) {
      const org = orgOf(site.key);
      for (const port of [org.ca.port, org.orderer.port, org.peer.port, org.chaincodeService.port]) {
        expect(listenersIn(site.netns, port), `${site.netns} port ${port}`).to.deep.equal([`${site.host}:${port}`]);
        // Nothing of it on the root namespace's loopback: the site is only reachable at its own address.
        expect(await tcpOpen('127.0.0.1', port), `127.0.0.1:${port}`).to.equal(false);
      }
      for (const node of [`peer0.${site.key}.ncr`, `orderer0.${site.key}.ncr`]) {
        const pem = fs.readFileSync(path.join(home, 'orgs', site.key, 'crypto', node, 'tls', 'server.crt'));
        expect(new X509Certificate(pem).subjectAltName, node).to.include(`IP Address:${site.host}`);
      }
    }
    const published = JSON.parse(fs.readFileSync(path.join(home, 'public', 'network.json'), 'utf8')) as {
      orgs: Record<string, { peer: { endpoint: string }; gatewayUrl: string }>;
    };
    for (const site of lab.sites) {
      const org = orgOf(site.key);
      expect(published.orgs[org.mspId]?.peer.endpoint).to.equal(`${site.host}:${org.peer.port}`);
      expect(published.orgs[org.mspId]?.gatewayUrl).to.match(new RegExp(`^http://${site.host.replace(/\./g, '\\.')}:`));
    }
  });

  describe('the REST workflow through each user’s own gateway', () => {
    let issued: Block | undefined;
    const actors = () => demoActors(demoUsers(path.join(home, 'users.json')));

    it('register → validate → authorise → monitoring → verify → issue commits across the namespaces', async function () {
      this.timeout(240_000);
      const run = `HOSTS${Date.now().toString(36).toUpperCase()}`;
      const all = actors();
      for (const actor of [all.developer, all.certifier, all.government]) {
        const site = lab.sites.find((entry) => orgOf(entry.key).mspId === actor.user.org);
        expect(actor.user.url, actor.user.name).to.contain(`//${site?.host ?? '?'}:`);
      }
      const projectId = await authoriseProject(all, run);
      issued = await issueCredits(all, projectId, run);
      expect(issued.quantity).to.equal(9_500);
      expect(issued.ownerAccountId).to.equal(all.developer.user.account);
    });

    it('with the whole government site stopped, a transfer answers 503 LEDGER_UNAVAILABLE and reads go on; once it is back the same transfer commits and nothing is lost', async function () {
      this.timeout(300_000);
      if (issued === undefined) this.skip();
      const block = issued;
      const { developer, developer2 } = actors();
      const transfer = { blockId: block.id, quantity: 3_000, toAccountId: developer2.user.account };
      const headers = { 'idempotency-key': `hosts-transfer-${block.id}` };
      const holding = async (id: string) => {
        const { quantity, ownerAccountId, status, serialStart, serialEnd } = await developer.get<Block>(
          `/v1/credit-blocks/${id}`,
        );
        return { quantity, ownerAccountId, status, serialStart, serialEnd };
      };
      const before = await holding(block.id);
      expect(before.quantity).to.equal(block.quantity);

      await cli('org', 'government', 'stop');
      const refused = await failure(() => developer.post('/v1/transfers', transfer, headers));
      expect([refused.status, refused.code]).to.deep.equal([503, 'LEDGER_UNAVAILABLE']);
      expect(await holding(block.id)).to.deep.equal(before);

      await cli('org', 'government', 'start');
      let outcome: { moved: Block; kept?: Block } | undefined;
      const deadline = Date.now() + 120_000;
      while (outcome === undefined) {
        try {
          outcome = await developer.post<{ moved: Block; kept?: Block }>('/v1/transfers', transfer, headers);
        } catch (err) {
          // Right after the restart the peers' discovery may not yet know the government peer again.
          if (!(err instanceof ApiError && err.status === 503 && Date.now() < deadline)) throw err;
          await sleep(2_000);
        }
      }
      expect(outcome.moved.quantity).to.equal(3_000);
      expect(outcome.moved.ownerAccountId).to.equal(developer2.user.account);
      const kept = outcome.kept;
      expect(kept?.quantity).to.equal(block.quantity - 3_000);
      expect(kept?.ownerAccountId).to.equal(developer.user.account);
      // The two parts hold exactly the issued serials.
      const parts = [outcome.moved, ...(kept === undefined ? [] : [kept])];
      expect(Math.min(...parts.map((part) => part.serialStart))).to.equal(block.serialStart);
      expect(Math.max(...parts.map((part) => part.serialEnd))).to.equal(block.serialEnd);
      const moved = await developer2.get<Block>(`/v1/credit-blocks/${outcome.moved.id}`);
      expect(moved.quantity).to.equal(3_000);
    });
  });

  it('npm run org:bundle writes the government site for its own host: configs on that address, units, runbook, no key or secret of any organisation', async function () {
    this.timeout(120_000);
    const government = orgOf('government');
    const host = government.host ?? '';
    await cli('bundle', 'government', '--host', host);
    const dir = path.join(home, 'bundles', 'government');
    const files = fs
      .readdirSync(dir, { withFileTypes: true, recursive: true })
      .filter((entry) => entry.isFile())
      .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)));
    expect(files).to.include.members([
      'RUNBOOK.md',
      'topology.json',
      'fabric-ca-server-config.yaml',
      'orgs/government/nodes/peer0.government.ncr/core.yaml',
      'orgs/government/nodes/orderer0.government.ncr/orderer.yaml',
      'public/network.json',
      ...['ca', 'orderer', 'peer', 'chaincode', 'gateway', 'read-model'].map(
        (role) => `systemd/ncr-government-${role}.service`,
      ),
    ]);
    const caConfig = fs.readFileSync(path.join(dir, 'fabric-ca-server-config.yaml'), 'utf8');
    expect(caConfig).to.contain(`pass: ${REGISTRAR_SECRET_PLACEHOLDER}`);
    const core = fs.readFileSync(path.join(dir, 'orgs/government/nodes/peer0.government.ncr/core.yaml'), 'utf8');
    expect(core).to.contain(`externalEndpoint: ${host}:${government.peer.port}`);
    const secrets = (topology?.orgs ?? []).map((org) =>
      fs.readFileSync(path.join(home, 'orgs', org.key, 'ca', 'registrar.secret'), 'utf8').trim(),
    );
    for (const file of files) {
      const text = fs.readFileSync(path.join(dir, file), 'utf8');
      expect(text, file).not.to.match(/PRIVATE KEY/);
      for (const secret of secrets) expect(text.includes(secret), `${file} holds a registrar secret`).to.equal(false);
      // Nothing refers to this machine's state folder: the units and configs name the host's own folders.
      expect(text.includes(home), `${file} names ${home}`).to.equal(false);
    }
  });
});
