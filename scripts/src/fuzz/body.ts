import fc from 'fast-check';
import type { Operation } from './openapi';
import type { Part } from './parts';
import { invalidValue } from './invalid';
import { type GenContext, validValue } from './values';

/** The body and content-type of a generated request: a valid-looking JSON body, or one broken in one way. */

const MALFORMED_JSON: readonly string[] = [
  '{',
  '{"a":',
  '[1,2',
  'nul',
  '{"quantity": 1e309}',
  '{"a":1,"a":2}',
  '\ufeff{}',
  '{}garbage',
  '',
  '   ',
  'true',
  '"string"',
  '123',
  '[]',
  'null',
  '{/* comment */}',
  '{"a": NaN}',
  "{'single': 'quotes'}",
  '{"__proto__": {"polluted": true}}',
  '{"constructor": {"prototype": {"polluted": true}}}',
  `${'['.repeat(3000)}${']'.repeat(3000)}`,
  `{"title":"${'a'.repeat(120_000)}"}`,
];

const WRONG_CONTENT_TYPES: readonly string[] = [
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/json; charset=latin1',
  'application/json; charset=utf-16',
  'application/merge-patch+json',
  'APPLICATION/JSON',
  'application/xml',
  '',
];

export interface BodyPieces {
  readonly body: string | undefined;
  readonly headers: Record<string, string>;
  readonly mutation?: string;
}

const JSON_HEADERS = { 'content-type': 'application/json' };

/** The body and its headers for `operation`, broken as `part` says (or valid when `part` is not a body part). */
export function bodyArb(ctx: GenContext, operation: Operation, part: Part | undefined): fc.Arbitrary<BodyPieces> {
  const schema = operation.body;
  if (part === 'body-on-get') {
    return fc.constantFrom(...MALFORMED_JSON.slice(0, 6), '{"a":1}').map((body) => ({
      body,
      headers: JSON_HEADERS,
      mutation: 'body on GET',
    }));
  }
  if (schema === undefined) return fc.constant({ body: undefined, headers: {} });
  const valid = validValue(ctx, schema).map((value) => JSON.stringify(value));
  switch (part) {
    case 'body':
      return invalidValue(ctx, schema).map((value) => ({
        body: JSON.stringify(value),
        headers: JSON_HEADERS,
        mutation: 'body: one field',
      }));
    case 'raw-body':
      return fc
        .constantFrom(...MALFORMED_JSON)
        .map((body) => ({ body, headers: JSON_HEADERS, mutation: 'body: malformed JSON' }));
    case 'content-type':
      return fc.tuple(valid, fc.constantFrom(...WRONG_CONTENT_TYPES)).map(([body, type]): BodyPieces => ({
        body,
        headers: type === '' ? {} : { 'content-type': type },
        mutation: `content-type: ${type === '' ? 'none' : type}`,
      }));
    default:
      return valid.map((body) => ({ body, headers: JSON_HEADERS }));
  }
}
