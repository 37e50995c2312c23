import { expect } from 'chai';
import { z } from 'zod';
import { buildRoutes } from '../../src/http/app';
import { decimalInt } from '../../src/http/schemas';
import type { RouteDeps } from '../../src/routes/deps';
import { type TestApp, call, errorOf, startTestApp } from './helpers';

/** Non-canonical spellings of the integer `value` that a loose coercion (`Number(text)`) would accept. */
function looseSpellings(value: number): string[] {
  return [
    `0x${value.toString(16)}`,
    ` ${value}`,
    `${value} `,
    `+${value}`,
    `0${value}`,
    `${value}.0`,
    `${value}e0`,
    `${value / 10}e1`,
    '',
  ];
}

describe('canonical decimal integers in paths and queries', () => {
  describe('decimalInt()', () => {
    const natural = decimalInt({ min: 0 });

    for (const bad of [
      '0x10',
      ' 5',
      '5 ',
      '\t5',
      '1e3',
      '',
      '+5',
      '-5',
      '05',
      '00',
      '1.0',
      '1_000',
      'Infinity',
      'NaN',
    ]) {
      it(`rejects ${JSON.stringify(bad)}`, () => {
        expect(natural.safeParse(bad).success).to.equal(false);
      });
    }

    it('accepts canonical forms and yields numbers', () => {
      expect(natural.parse('0')).to.equal(0);
      expect(natural.parse('16')).to.equal(16);
      expect(natural.parse(String(Number.MAX_SAFE_INTEGER))).to.equal(Number.MAX_SAFE_INTEGER);
    });

    it('rejects integers beyond the safe range (they would round)', () => {
      expect(natural.safeParse('9007199254740992').success).to.equal(false);
      expect(natural.safeParse('123456789012345678901234567890').success).to.equal(false);
    });

    it('rejects non-strings (repeated query parameters arrive as arrays)', () => {
      expect(natural.safeParse(['1', '2']).success).to.equal(false);
      expect(natural.safeParse(5).success).to.equal(false);
    });

    it('applies bounds after parsing', () => {
      const page = decimalInt({ min: 1, max: 100 });
      expect(page.safeParse('0').success).to.equal(false);
      expect(page.safeParse('101').success).to.equal(false);
      expect(page.parse('100')).to.equal(100);
    });

    it('takes a minus sign only when signed, never "-0" or a plus sign', () => {
      const signed = decimalInt({ signed: true });
      expect(signed.parse('-5')).to.equal(-5);
      expect(signed.safeParse('-0').success).to.equal(false);
      expect(signed.safeParse('+5').success).to.equal(false);
      expect(signed.safeParse('-05').success).to.equal(false);
    });
  });

  describe('every route', () => {
    const routes = buildRoutes({} as RouteDeps, () => ({}));
    const integerFields: string[] = [];
    for (const route of routes) {
      for (const [where, schema] of [
        ['params', route.params],
        ['query', route.query],
      ] as const) {
        if (!(schema instanceof z.ZodObject)) continue;
        for (const [name, field] of Object.entries<z.ZodType>(schema.shape)) {
          // A field is an integer field when some canonical spelling parses to a number.
          const valid = ['1', '7', '2024', '0'].find((text) => typeof field.safeParse(text).data === 'number');
          if (valid !== undefined) integerFields.push(`${route.method} ${route.path} ${where}.${name}=${valid}`);
        }
      }
    }

    it('has integer fields in paths and queries to check', () => {
      expect(integerFields.length).to.be.greaterThan(5);
    });

    for (const entry of integerFields) {
      it(`${entry}: only the canonical decimal form is accepted`, () => {
        const [method, path, at] = entry.split(' ') as [string, string, string];
        const [locator, valid] = at.split('=') as [string, string];
        const [where, name] = locator.split('.') as ['params' | 'query', string];
        const route = routes.find((r) => r.method === method && r.path === path);
        const schema = (where === 'params' ? route?.params : route?.query) as z.ZodObject;
        const field = (schema.shape as Record<string, z.ZodType>)[name] as z.ZodType;
        for (const bad of looseSpellings(Number(valid))) {
          expect(field.safeParse(bad).success, `${locator}=${JSON.stringify(bad)}`).to.equal(false);
        }
      });
    }
  });

  describe('over HTTP', () => {
    let app: TestApp;
    before(async () => {
      app = await startTestApp();
    });
    after(async () => {
      await app.cleanup();
    });

    for (const target of [
      '/v1/serials/0x10',
      '/v1/serials/%205',
      '/v1/serials/1e3',
      '/v1/ledger/blocks/007',
      '/v1/events?fromBlock=',
      '/v1/events?fromBlock=1e3',
      '/v1/credit-blocks?pageSize=%205',
      '/v1/credit-blocks?vintage=2024.0',
    ]) {
      it(`GET ${target} is 400 VALIDATION before any ledger call`, async () => {
        const result = await call(app, 'GET', target, { key: app.keys['gov-admin']! });
        expect(result.status).to.equal(400);
        expect(errorOf(result).code).to.equal('VALIDATION');
        expect(app.ledger.evaluate.called).to.equal(false);
        expect(app.ledger.events.called).to.equal(false);
        expect(app.ledger.block.called).to.equal(false);
      });
    }
  });
});
