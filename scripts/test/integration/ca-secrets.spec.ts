import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { caDaemon, caHome, registrarSecret } from '../../src/network/ca';
import { paths, sitePaths } from '../../src/lib/paths';
import { runningPid } from '../../src/lib/processes';
import { bin } from '../../src/network/binaries';
import { loadTopology } from '../../src/network/topology';

/** What any local user can read of the running CA servers: their command lines (ps, /proc) and their files. */
describe('Fabric CA secrets on the running network', () => {
  const orgs = loadTopology().orgs;

  it('the real fabric-ca-client registers and enrolls with secrets from the environment, none in its arguments', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ncr-ca-wrap-'));
    try {
      // Records each invocation's arguments, then runs the real client with them.
      fs.writeFileSync(
        path.join(dir, 'fabric-ca-client'),
        `#!/bin/sh\nprintf '%s\\n' "$*" >> ${dir}/args\nexec ${bin('fabric-ca-client')} "$@"\n`,
        { mode: 0o755 },
      );
      const id = `probe-${randomBytes(4).toString('hex')}`;
      const secret = randomBytes(12).toString('base64url');
      const msp = path.join(dir, 'msp');
      const identities = path.join(__dirname, '..', '..', 'src', 'network', 'identities.js');
      const topology = path.join(__dirname, '..', '..', 'src', 'network', 'topology.js');
      execFileSync(
        process.execPath,
        [
          '-e',
          `const { register, enroll } = require(${JSON.stringify(identities)});
           const org = require(${JSON.stringify(topology)}).loadTopology().orgs[0];
           const secret = process.env.NCR_TEST_SECRET;
           register(org, ${JSON.stringify(id)}, secret, 'client')
             .then(() => enroll(org, ${JSON.stringify(id)}, secret, ${JSON.stringify(msp)}, false))
             .catch((err) => { console.error(err.message); process.exit(1); });`,
        ],
        { env: { ...process.env, FABRIC_BIN: dir, NCR_HOME: paths.home, NCR_TEST_SECRET: secret }, stdio: 'pipe' },
      );
      const args = fs.readFileSync(path.join(dir, 'args'), 'utf8');
      expect(args).to.match(/^register /m);
      expect(args).to.match(/^enroll /m);
      expect(args).not.to.include(secret);
      expect(
        fs.readdirSync(path.join(msp, 'signcerts')),
        'enrolled with the secret given by environment',
      ).to.have.length(1);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  for (const org of orgs) {
    const { name } = caDaemon(org);
    it(`${org.key}'s network.json, which carries its registrar's secret for its gateway, is readable by its owner only`, () => {
      expect((fs.statSync(sitePaths(org.key).networkJson).mode & 0o777).toString(8)).to.equal('600');
    });

    it(`${name}: the command line carries no secret and no bootstrap identity`, () => {
      const pid = runningPid(caDaemon(org));
      expect(pid, `${name} is not running: npm start first`).to.be.a('number');
      const argv = fs.readFileSync(`/proc/${String(pid)}/cmdline`, 'utf8').split('\0');
      expect(argv.join(' ')).to.match(/fabric-ca-server start --home /);
      expect(argv.join(' ')).not.to.include(registrarSecret(org));
      expect(argv).not.to.include.members(['-b', '--boot']);
    });

    it(`${name}: the files holding the registrar secret are readable by their owner only`, () => {
      for (const file of ['fabric-ca-server-config.yaml', 'registrar.secret']) {
        const mode = fs.statSync(path.join(caHome(org), file)).mode & 0o777;
        expect(mode.toString(8), file).to.equal('600');
      }
    });
  }
});
