import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { CommandError, REDACTED, redact, run } from '../../src/lib/exec';

const SECRET = 'Zq9/secret+value=';

describe('secrets in commands and their errors', () => {
  describe('redact()', () => {
    it('replaces a secret as is and URL-encoded', () => {
      const text = `id.secret ${SECRET} and https://id:${encodeURIComponent(SECRET)}@127.0.0.1:7054`;
      const shown = redact(text, [SECRET]);
      expect(shown).not.to.include(SECRET);
      expect(shown).not.to.include(encodeURIComponent(SECRET));
      expect(shown).to.include(REDACTED);
    });

    it('hides the password of any URL with credentials, even one it was not told about', () => {
      expect(redact('enroll -u https://peer0:hunter2@127.0.0.1:7054 failed')).to.equal(
        `enroll -u https://peer0:${REDACTED}@127.0.0.1:7054 failed`,
      );
    });

    it('leaves text without secrets alone', () => {
      expect(redact('peer channel list: ncr', [SECRET])).to.equal('peer channel list: ncr');
    });
  });

  describe('run() and CommandError', () => {
    it('never show the secret, whether the program prints it or it is in the command line', async () => {
      const lines: string[] = [];
      const script = `process.stdout.write('Password: ' + process.env.S + '\\n'); console.error('url https://a:${encodeURIComponent(SECRET)}@h'); process.exit(3)`;
      const failure = await run(process.execPath, ['-e', script, '--', `--id.secret=${SECRET}`], {
        env: { ...process.env, S: SECRET },
        secrets: [SECRET],
        onLine: (line) => lines.push(line),
      }).then(
        () => undefined,
        (err: unknown) => err,
      );
      expect(failure).to.be.instanceOf(CommandError);
      const error = failure as CommandError;
      expect(error.exitCode).to.equal(3);
      expect(error.output).to.include(`Password: ${REDACTED}`);
      for (const shown of [error.message, error.output, error.command, String(error.stack), ...lines]) {
        expect(shown).not.to.include(SECRET);
        expect(shown).not.to.include(encodeURIComponent(SECRET));
      }
    });
  });

  describe('fabric-ca-client invocations by the scripts', () => {
    let dir: string;
    before(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ncr-ca-args-'));
      // A stand-in for fabric-ca-client that records its arguments and its FABRIC_CA_CLIENT_* environment, then
      // fails printing what the real one prints (register echoes the password).
      const fake = path.join(dir, 'fabric-ca-client');
      fs.writeFileSync(
        fake,
        [
          '#!/bin/sh',
          'for a in "$@"; do printf "%s\\n" "$a"; done >> "$NCR_TEST_LOG/args"',
          'env | grep "^FABRIC_CA_CLIENT_" >> "$NCR_TEST_LOG/env"',
          'echo "Password: $FABRIC_CA_CLIENT_ID_SECRET"',
          'echo "Error: POST failure of request: $FABRIC_CA_CLIENT_URL" >&2',
          'exit 1',
        ].join('\n'),
        { mode: 0o755 },
      );
    });
    after(() => {
      fs.rmSync(dir, { recursive: true, force: true });
    });

    it('pass the enrollment and registration secrets by environment, never as arguments, and redact errors', () => {
      // A separate process: FABRIC_BIN and NCR_HOME are read when the scripts' modules load.
      const identities = path.join(__dirname, '..', '..', 'src', 'network', 'identities.js');
      const program = `
        const { register, enroll } = require(${JSON.stringify(identities)});
        const org = { key: 'government', mspId: 'GovernmentMSP', name: 'Gov', ca: { port: 7054, operationsPort: 9443 } };
        const secret = process.env.NCR_TEST_SECRET;
        const messages = [];
        const attempt = (p) => p.then(() => messages.push('no error'), (e) => messages.push(String(e.message), String(e.output)));
        attempt(register(org, 'peer0', secret, 'peer'))
          .then(() => attempt(enroll(org, 'peer0', secret, '${dir}/msp', true)))
          .then(() => process.stdout.write(JSON.stringify(messages)));
      `;
      const out = execFileSync(process.execPath, ['-e', program], {
        env: {
          ...process.env,
          FABRIC_BIN: dir,
          NCR_HOME: path.join(dir, 'home'),
          NCR_TEST_LOG: dir,
          NCR_TEST_SECRET: SECRET,
        },
        encoding: 'utf8',
      });
      const args = fs.readFileSync(path.join(dir, 'args'), 'utf8');
      const env = fs.readFileSync(path.join(dir, 'env'), 'utf8');
      expect(args).to.include('register');
      expect(args).to.include('enroll');
      expect(args).not.to.include(SECRET);
      expect(args).not.to.include(encodeURIComponent(SECRET));
      expect(env).to.include(`FABRIC_CA_CLIENT_ID_SECRET=${SECRET}`);
      expect(env).to.include(`FABRIC_CA_CLIENT_URL=https://peer0:${encodeURIComponent(SECRET)}@127.0.0.1:7054`);
      const messages = JSON.parse(out) as string[];
      expect(messages).to.have.length(4);
      for (const message of messages) {
        expect(message).not.to.include(SECRET);
        expect(message).not.to.include(encodeURIComponent(SECRET));
      }
    });
  });
});
