import fc from 'fast-check';
import { type OpenApiDocument, type Schema, resolve } from './openapi';

/**
 * Valid-looking values from JSON schemas: the schema's types, bounds, patterns and enums, with identifiers taken
 * from the running registry some of the time, so that requests reach the chaincode. Invalid ones are in
 * `invalid.ts`.
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
