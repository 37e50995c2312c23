import fc from 'fast-check';
import { type OpenApiDocument, type Schema, resolve } from './openapi';

/**
 * Value generators from JSON schemas: valid-looking values (the schema's types, bounds, patterns and enums, with
 * identifiers taken from the running registry some of the time, so that requests reach the chaincode), and
 * invalid ones (wrong types, boundaries, huge and control-character strings, non-canonical integers, unknown
 * and missing fields).
 */

/** Kinds of identifiers harvested from the registry. */
export type Category =
  'account' | 'project' | 'report' | 'block' | 'serial' | 'ledgerBlock' | 'tx' | 'authorisation' | 'bookmark';

/** Identifiers harvested from the running registry, by kind. */
export type Pool = Readonly<Partial<Record<Category, readonly string[]>>>;

export interface GenContext {
  readonly document: OpenApiDocument;
  readonly pool: Pool;
}

/** Which harvested identifiers fit a field, query or path parameter of this name. */
const CATEGORY_BY_NAME: Readonly<Record<string, Category>> = {
  accountId: 'account',
  toAccountId: 'account',
  certifierAccountId: 'account',
  developerAccountId: 'account',
  authorityAccountId: 'account',
  owner: 'account',
  developer: 'account',
  project: 'project',
  projectId: 'project',
  blockId: 'block',
  parentBlockId: 'block',
  serial: 'serial',
  number: 'ledgerBlock',
  fromBlock: 'ledgerBlock',
  txId: 'tx',
  authorisationId: 'authorisation',
  bookmark: 'bookmark',
};

/** Path parameter `{id}` after a collection segment: `/v1/credit-blocks/{id}` holds a block ID. */
const CATEGORY_BY_COLLECTION: Readonly<Record<string, Category>> = {
  accounts: 'account',
  projects: 'project',
  'monitoring-reports': 'report',
  'credit-blocks': 'block',
  serials: 'serial',
  blocks: 'ledgerBlock',
  transactions: 'tx',
  authorisations: 'authorisation',
};

/** The kind of identifier a parameter takes: by its name, or for `{id}` by the collection before it. */
export function categoryOf(name: string, pathTemplate?: string): Category | undefined {
  const byName = CATEGORY_BY_NAME[name];
  if (byName !== undefined) return byName;
  if (pathTemplate === undefined) return undefined;
  const segments = pathTemplate.split('/');
  const at = segments.indexOf(`{${name}}`);
  const collection = at > 0 ? segments[at - 1] : undefined;
  return collection === undefined ? undefined : CATEGORY_BY_COLLECTION[collection];
}

/** Strings that break naive parsers, encoders and storage: controls, unicode edge cases, injection shapes. */
export const NASTY_STRINGS: readonly string[] = [
  '',
  ' ',
  '\u0000',
  'nul\u0000inside',
  'bell\u0007',
  'line\nbreak',
  'tab\there',
  '\r\n',
  '\u001b[31mred',
  '\u007f',
  '\u0085',
  '\u200b',
  '\u202egnp.exe',
  '\ufeff',
  '\ud800',
  '\udfff',
  '😀',
  'e\u0301',
  'Ω≈ç√∫',
  '١٢٣',
  'İı',
  '%00',
  '%',
  '../../etc/passwd',
  '<script>alert(1)</script>',
  "' OR 1=1 --",
  '${7*7}',
  '__proto__',
  'constructor',
  'null',
  'undefined',
  'NaN',
  '-1',
  '\u0000ncr.account\u0000DEV-ACME\u0000',
];

/** Integers written the way a canonical decimal parser must refuse, and values just out of range. */
export const NON_CANONICAL_INTEGERS: readonly string[] = [
  '0x10',
  '0X1F',
  ' 5',
  '5 ',
  '\t5',
  '1e3',
  '1E3',
  '05',
  '007',
  '+5',
  '-0',
  '0.0',
  '5.0',
  '1_000',
  '١٢',
  'Infinity',
  'NaN',
  '',
  '0b101',
  '0o17',
  '5abc',
  '9007199254740993',
  '99999999999999999999999',
  '-1',
];

const HUGE_LENGTHS = [257, 1025, 4097, 70_000] as const;

/** Control characters only (U+0000–U+001F). */
const controlString = fc.string({
  unit: fc.integer({ min: 0, max: 31 }).map((code) => String.fromCharCode(code)),
  minLength: 1,
  maxLength: 8,
});

const NASTY = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...NASTY_STRINGS) },
  { weight: 2, arbitrary: controlString },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 24 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 24 }) },
  { weight: 1, arbitrary: fc.constantFrom(...HUGE_LENGTHS).map((n) => 'A'.repeat(n)) },
  { weight: 1, arbitrary: fc.constantFrom(...NON_CANONICAL_INTEGERS) },
);

/** Any string a fuzzer should try: nasty constants, controls, arbitrary unicode, huge. */
export function nastyString(): fc.Arbitrary<string> {
  return NASTY;
}

const MAX_DEPTH = 8;
const LONG_PERIOD_FIELD = /date|start|end|period/i;

function patternOf(schema: Schema): RegExp | undefined {
  if (schema.pattern === undefined) return undefined;
  try {
    return new RegExp(schema.pattern);
  } catch {
    return undefined;
  }
}

function validString(schema: Schema, name: string | undefined): fc.Arbitrary<string> {
  const min = schema.minLength ?? 0;
  const max = schema.maxLength ?? Infinity;
  const pattern = patternOf(schema);
  if (pattern !== undefined) {
    return fc.stringMatching(pattern, { size: 'xsmall' }).filter((s) => s.length >= min && s.length <= max);
  }
  if (name !== undefined && LONG_PERIOD_FIELD.test(name)) {
    return fc
      .date({ min: new Date('2000-01-01'), max: new Date('2040-12-31'), noInvalidDate: true })
      .map((date) => date.toISOString().slice(0, 10));
  }
  return fc.string({ minLength: min, maxLength: Math.min(max, Math.max(min, 40)) });
}

function validInteger(schema: Schema): fc.Arbitrary<number> {
  const min = schema.minimum ?? -1_000_000;
  const max = schema.maximum ?? 1_000_000;
  const small = fc.integer({ min: Math.max(min, -1_000_000), max: Math.min(max, Math.max(min, 0) + 10_000) });
  return fc.oneof(
    { weight: 2, arbitrary: fc.constantFrom(min, max) },
    { weight: 5, arbitrary: small },
    { weight: 1, arbitrary: fc.bigInt({ min: BigInt(min), max: BigInt(max) }).map(Number) },
  );
}

/** A value the schema accepts (as far as structure, bounds, patterns and enums tell). */
export function validValue(ctx: GenContext, raw: Schema, name?: string, depth = 0): fc.Arbitrary<unknown> {
  const schema = resolve(ctx.document, raw);
  const base = validValueOf(ctx, schema, name, depth);
  const category = name === undefined ? undefined : categoryOf(name);
  const pooled = category === undefined ? [] : (ctx.pool[category] ?? []);
  const withPool =
    pooled.length === 0
      ? base
      : fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...pooled) }, { weight: 1, arbitrary: base });
  return schema.nullable === true
    ? fc.oneof({ weight: 1, arbitrary: fc.constant(null) }, { weight: 8, arbitrary: withPool })
    : withPool;
}

function validValueOf(ctx: GenContext, schema: Schema, name: string | undefined, depth: number): fc.Arbitrary<unknown> {
  const branches = schema.anyOf ?? schema.oneOf ?? schema.allOf?.slice(0, 1);
  if (branches !== undefined && branches.length > 0) {
    return fc.oneof(...branches.map((branch) => validValue(ctx, branch, name, depth + 1)));
  }
  if (schema.enum !== undefined && schema.enum.length > 0) return fc.constantFrom(...schema.enum);
  switch (schema.type) {
    case 'string':
      return validString(schema, name);
    case 'integer':
      return validInteger(schema);
    case 'number':
      return fc.double({
        min: schema.minimum ?? -1e6,
        max: schema.maximum ?? 1e6,
        noNaN: true,
        noDefaultInfinity: true,
      });
    case 'boolean':
      return fc.boolean();
    case 'array': {
      const minLength = schema.minItems ?? 0;
      const items = depth >= MAX_DEPTH ? fc.constant(null) : validValue(ctx, schema.items ?? {}, undefined, depth + 1);
      return fc.array(items, { minLength, maxLength: Math.min(schema.maxItems ?? minLength + 3, minLength + 3) });
    }
    case 'object':
    case undefined: {
      if (schema.properties === undefined)
        return schema.type === 'object' ? fc.constant({}) : fc.jsonValue({ maxDepth: 1 });
      if (depth >= MAX_DEPTH) return fc.constant({});
      const model: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [key, property] of Object.entries(schema.properties)) {
        model[key] = validValue(ctx, property, key, depth + 1);
      }
      return fc.record(model, { requiredKeys: (schema.required ?? []).filter((key) => key in model) });
    }
  }
}

/** A node of a generated value with the schema that describes it. */
export interface SchemaNode {
  readonly path: readonly (string | number)[];
  readonly schema: Schema;
  readonly name: string | undefined;
}

/** Every node of `value` (root first) paired with its schema, following object properties and array items. */
export function nodesOf(document: OpenApiDocument, raw: Schema, value: unknown): SchemaNode[] {
  const nodes: SchemaNode[] = [];
  const walk = (schemaIn: Schema, at: unknown, path: (string | number)[], name: string | undefined): void => {
    let schema = resolve(document, schemaIn);
    const branches = schema.anyOf ?? schema.oneOf;
    if (branches !== undefined) {
      const keys = typeof at === 'object' && at !== null ? Object.keys(at) : [];
      const fitting = branches
        .map((branch) => resolve(document, branch))
        .find((branch) => keys.every((key) => branch.properties?.[key] !== undefined));
      schema = fitting ?? schema;
    }
    nodes.push({ path, schema, name });
    if (Array.isArray(at)) {
      at.forEach((item, index) => {
        walk(schema.items ?? {}, item, [...path, index], undefined);
      });
    } else if (typeof at === 'object' && at !== null) {
      for (const [key, child] of Object.entries(at)) {
        const property = schema.properties?.[key];
        if (property !== undefined) walk(property, child, [...path, key], key);
      }
    }
  };
  walk(raw, value, [], undefined);
  return nodes;
}

/** The node of `value` at `path`, or undefined. */
export function valueAt(value: unknown, path: readonly (string | number)[]): unknown {
  let at = value;
  for (const key of path) {
    if (typeof at !== 'object' || at === null) return undefined;
    at = (at as Record<string | number, unknown>)[key];
  }
  return at;
}

/** `value` with the node at `path` replaced (`undefined` removes an object key). Does not modify `value`. */
export function replaceAt(value: unknown, path: readonly (string | number)[], replacement: unknown): unknown {
  const [head, ...rest] = path;
  if (head === undefined) return replacement;
  if (Array.isArray(value) && typeof head === 'number') {
    return value.map((item: unknown, index) => (index === head ? replaceAt(item, rest, replacement) : item));
  }
  if (typeof value === 'object' && value !== null && typeof head === 'string') {
    const copy: Record<string, unknown> = { ...(value as Record<string, unknown>) };
    const next = replaceAt(copy[head], rest, replacement);
    if (next === undefined) Reflect.deleteProperty(copy, head);
    else copy[head] = next;
    return copy;
  }
  return value;
}

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
export function invalidFor(document: OpenApiDocument, node: SchemaNode, current: unknown): fc.Arbitrary<unknown> {
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
