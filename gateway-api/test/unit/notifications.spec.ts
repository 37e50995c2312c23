import { expect } from 'chai';
import { retryDelay } from '../../src/notifications/backoff';
import { loadNotificationConfig } from '../../src/notifications/config';
import { newSecret, signature, verifySignature } from '../../src/notifications/signing';
import { refusedUrl } from '../../src/notifications/targets';

describe('notifications: signing, back-off, allowed targets, configuration', () => {
  describe('signature (X-NCR-Signature)', () => {
    it('is sha256= and the hex HMAC-SHA256 of "<timestamp>.<body>" keyed with the secret (vector from openssl)', () => {
      // printf '%s' '1700000000.{"id":"dlv_x"}' | openssl dgst -sha256 -hmac 'whsec_test'
      expect(signature('whsec_test', 1_700_000_000, '{"id":"dlv_x"}')).to.equal(
        'sha256=6e5429388f29d0d89c82e09fc9b2a77180b56647bbcc2061fb455769e4a7dd0b',
      );
    });

    it('verifies within the tolerance and refuses another body, another secret, an old or a malformed timestamp', () => {
      const body = '{"id":"dlv_x"}';
      const headers = { timestamp: '1700000000', signature: signature('whsec_test', 1_700_000_000, body) };
      const now = { nowSeconds: 1_700_000_100 };
      expect(verifySignature('whsec_test', headers, body, now)).to.equal(true);
      expect(verifySignature('whsec_test', headers, '{"id":"dlv_y"}', now)).to.equal(false);
      expect(verifySignature('whsec_other', headers, body, now)).to.equal(false);
      expect(verifySignature('whsec_test', headers, body, { nowSeconds: 1_700_000_301 })).to.equal(false);
      expect(verifySignature('whsec_test', { ...headers, timestamp: '1700000000.5' }, body, now)).to.equal(false);
      expect(verifySignature('whsec_test', { ...headers, signature: undefined }, body, now)).to.equal(false);
    });

    it('makes a new 256-bit secret each time', () => {
      const a = newSecret();
      expect(a).to.match(/^whsec_[A-Za-z0-9_-]{43}$/);
      expect(newSecret()).to.not.equal(a);
    });
  });

  describe('retry schedule', () => {
    it('doubles from the base, is capped, and stops after the last attempt', () => {
      const schedule = { baseMs: 1_000, maxDelayMs: 5_000, maxAttempts: 6 };
      expect([1, 2, 3, 4, 5, 6].map((attempt) => retryDelay(schedule, attempt))).to.deep.equal([
        1_000,
        2_000,
        4_000,
        5_000,
        5_000,
        undefined,
      ]);
    });

    it('with one attempt allowed, never retries; huge attempt numbers stay capped', () => {
      expect(retryDelay({ baseMs: 10, maxDelayMs: 100, maxAttempts: 1 }, 1)).to.equal(undefined);
      expect(retryDelay({ baseMs: 10, maxDelayMs: 100, maxAttempts: 5000 }, 4000)).to.equal(100);
    });
  });

  describe('webhook URLs (SSRF: deny unless allowed)', () => {
    const allow = ['127.0.0.1', 'hooks.example.org', '*.partners.example.net', '[::1]'];

    it('allows http(s) URLs on an allowed host or a subdomain of an allowed suffix', () => {
      for (const url of [
        'http://127.0.0.1:8080/hook',
        'https://hooks.example.org/ncr?x=1',
        'https://a.partners.example.net/',
        'https://HOOKS.example.org/',
        'http://[::1]:9000/',
      ]) {
        expect(refusedUrl(url, allow), url).to.equal(undefined);
      }
    });

    it('refuses other hosts, other schemes, credentials and non-URLs, with the reason', () => {
      expect(refusedUrl('http://10.0.0.5/', allow)).to.match(/not in this gateway's allow-list/);
      expect(refusedUrl('http://localhost/', allow)).to.match(/localhost is not in/);
      expect(refusedUrl('https://partners.example.net/', allow)).to.match(/not in/);
      expect(refusedUrl('https://evilpartners.example.net/', allow)).to.match(/not in/);
      expect(refusedUrl('https://hooks.example.org.evil.com/', allow)).to.match(/not in/);
      expect(refusedUrl('ftp://127.0.0.1/', allow)).to.match(/only http and https/);
      expect(refusedUrl('file:///etc/passwd', allow)).to.match(/only http and https/);
      expect(refusedUrl('http://user:pw@127.0.0.1/', allow)).to.match(/credentials/);
      expect(refusedUrl('not a url', allow)).to.equal('not a URL');
      expect(refusedUrl('https://hooks.example.org/', [])).to.match(/webhooks are off/);
    });
  });

  describe('configuration', () => {
    it('defaults: beside the gateway state, no webhook host, e-mail off, 10 attempts from 30 s', () => {
      const config = loadNotificationConfig('/site/gateway', {});
      expect(config.dbPath).to.equal('/site/gateway/notifications.sqlite');
      expect(config.allowHosts).to.deep.equal([]);
      expect(config.smtp).to.equal(undefined);
      expect(config.retry).to.deep.equal({ baseMs: 30_000, maxDelayMs: 3_600_000, maxAttempts: 10 });
    });

    it('reads the allow-list and SMTP settings, and refuses an SMTP URL without a sender or a bad host', () => {
      const config = loadNotificationConfig('/g', {
        NCR_WEBHOOK_ALLOW_HOSTS: ' 127.0.0.1, Hooks.Example.org ,',
        NCR_SMTP_URL: 'smtp://127.0.0.1:2525',
        NCR_SMTP_FROM: 'registry@example.org',
        NCR_NOTIFY_RETRY_BASE_MS: '200',
      });
      expect(config.allowHosts).to.deep.equal(['127.0.0.1', 'hooks.example.org']);
      expect(config.smtp).to.deep.equal({ url: 'smtp://127.0.0.1:2525', from: 'registry@example.org' });
      expect(config.retry.baseMs).to.equal(200);
      expect(() => loadNotificationConfig('/g', { NCR_SMTP_URL: 'smtp://127.0.0.1:2525' })).to.throw(/NCR_SMTP_FROM/);
      expect(() => loadNotificationConfig('/g', { NCR_WEBHOOK_ALLOW_HOSTS: 'http://x/' })).to.throw(
        /NCR_WEBHOOK_ALLOW_HOSTS/,
      );
    });
  });
});
