import fc from 'fast-check';
import { type OpenApiDocument, type Schema, resolve } from './openapi';
import { NON_CANONICAL_INTEGERS, nastyString } from './nasty';
import { type SchemaNode, nodesOf, replaceAt, valueAt } from './nodes';
import { type GenContext, validValue } from './values';

/**
 * Invalid values from JSON schemas: a valid-looking value with one node replaced by something its schema refuses
 * (wrong types, boundaries, huge and control-character strings, non-canonical integers, unknown and missing
 * fields).
 */

const WRONG_TYPES: readonly unknown[] = [null, true, 0, -1, 1.5, 'x', '', [], {}, ['a'], { a: 1 }];

const UNKNOWN_FIELDS: readonly string[] = ['unknown', 'isAdmin', 'constructor', 'x'.repeat(300), '', 'id '];

function typeMismatch(schema: Schema, candidate: unknown): boolean {
  switch (schema.type) {
    case 'string':
      return typeof candidate !== 'string';
    case 'integer':
    case 'number':
      return typeof candidate !== 'number';
    case 'boolean':
      return typeof candidate !== 'boolean';
    case 'array':
      return !Array.isArray(candidate);
    case 'object':
      return typeof candidate !== 'object' || candidate === null || Array.isArray(candidate);
    case undefined:
      return true;
  }
}

/**
 * A replacement for one node that its schema refuses (or that probes its edges): a wrong type, a value past a
 * bound, a nasty or huge string, a missing required or an unknown field. `undefined` means "remove the node".
 */
function invalidFor(document: OpenApiDocument, node: SchemaNode, current: unknown): fc.Arbitrary<unknown> {
  const schema = resolve(document, node.schema);
  const wrongType = fc.constantFrom(...WRONG_TYPES.filter((candidate) => typeMismatch(schema, candidate)));
  const options: fc.Arbitrary<unknown>[] = [wrongType];
  if (node.path.length > 0) options.push(fc.constant(undefined));
  if (schema.enum !== undefined) {
    options.push(fc.constantFrom('NOT_IN_ENUM', String(schema.enum[0]).toLowerCase(), ` ${String(schema.enum[0])}`));
  }
  switch (schema.type) {
    case 'string': {
      const max = schema.maxLength ?? 256;
      options.push(nastyString(), fc.constant('a'.repeat(max + 1)));
      if (typeof current === 'string')
        options.push(fc.constantFrom(`${current} `, `${current}\u0000`, current.toLowerCase()));
      break;
    }
    case 'integer':
    case 'number': {
      const min = schema.minimum ?? Number.MIN_SAFE_INTEGER;
      const max = schema.maximum ?? Number.MAX_SAFE_INTEGER;
      options.push(
        fc.constantFrom(min - 1, max + 1, 0.5, 2 ** 53, -(2 ** 53), 1e21, -1, 0),
        fc.constantFrom(...NON_CANONICAL_INTEGERS),
      );
      break;
    }
    case 'array':
      options.push(fc.constant(Array.from({ length: (schema.maxItems ?? 20) + 1 }, () => null)));
      break;
    case 'object':
    case undefined:
      if (typeof current === 'object' && current !== null && !Array.isArray(current)) {
        const required = (schema.required ?? []).filter((key) => key in current);
        if (required.length > 0) {
          options.push(fc.constantFrom(...required).map((key) => replaceAt(current, [key], undefined)));
        }
        options.push(
          fc
            .tuple(fc.constantFrom(...UNKNOWN_FIELDS), fc.constantFrom<unknown>(1, 'x', null, {}))
            .map(([key, value]) => ({ ...current, [key]: value })),
        );
      }
      break;
    case 'boolean':
      options.push(fc.constantFrom('true', 1, 0, 'false'));
      break;
  }
  return fc.oneof(...options);
}

/** A valid-looking value with exactly one node made invalid. */
export function invalidValue(ctx: GenContext, schema: Schema): fc.Arbitrary<unknown> {
  return validValue(ctx, schema).chain((value) => {
    const nodes = nodesOf(ctx.document, schema, value);
    return fc.nat({ max: Math.max(0, nodes.length - 1) }).chain((index) => {
      const node = nodes[index] ?? { path: [], schema, name: undefined };
      return invalidFor(ctx.document, node, valueAt(value, node.path)).map((replacement) =>
        replaceAt(value, node.path, replacement),
      );
    });
  });
}
