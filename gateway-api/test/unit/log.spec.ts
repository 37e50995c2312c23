import { Writable } from 'node:stream';
import { expect } from 'chai';
import { createLogger } from '../../src/log';

const SECRET = 'Zq9-never-in-a-log';

/** The lines a logger writes. */
function capture(): { stream: Writable; lines: string[] } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString('utf8'));
      done();
    },
  });
  return { stream, lines };
}

describe('gateway logs', () => {
  it('redact credentials wherever a logged object carries them', () => {
    const { stream, lines } = capture();
    const logger = createLogger('info', stream);
    const err = Object.assign(new Error('enrollment failed'), {
      request: { enrollmentID: 'alice', enrollmentSecret: SECRET },
    });
    logger.info({ secret: SECRET, password: SECRET, walletKey: SECRET }, 'top level');
    logger.info({ req: { headers: { authorization: `Bearer ${SECRET}` } } }, 'request');
    logger.info({ ca: { registrar: { secret: SECRET } } }, 'registrar');
    logger.info({ user: { apiKey: SECRET, privateKey: SECRET } }, 'user');
    logger.error({ err }, 'failure');
    logger.child({ enrollmentSecret: SECRET }).info('child');
    expect(lines).to.have.length(6);
    for (const line of lines) {
      expect(line).not.to.include(SECRET);
    }
    expect(lines[4]).to.include('alice');
    expect(lines[0]).to.include('[redacted]');
  });
});
