import { MAX_PAGE_SIZE } from '@ncr/chaincode/domain';
import { z } from 'zod';

/**
 * REST shapes composed from the chaincode's schemas (never retyped): a path parameter replaces an input field,
 * integers in paths and query strings go through {@link decimalInt}, lists and committed writes wrap the asset schemas.
 */

/** A transaction's input schema: an object, or a union of objects told apart by one field. */
export type InputSchema = z.ZodObject | z.ZodDiscriminatedUnion<readonly z.ZodObject[]>;

function objectWithout(schema: z.ZodObject, keys: readonly string[]): z.ZodObject {
  return z.strictObject(Object.fromEntries(Object.entries(schema.shape).filter(([name]) => !keys.includes(name))));
}

/**
 * The REST body of a transaction whose `keys` come from the path: the input schema itself when none do, none when
 * they are all its fields. Built from the input schema's shape (of each option of a union), so it checks structure
 * only; the full input schema (with its cross-field rules) runs on body + path params before the ledger is called.
 */
export function bodyWithout(
  schema: InputSchema,
  keys: readonly string[],
): z.ZodType<Record<string, unknown>> | undefined {
  if (keys.length === 0) return schema;
  if (schema instanceof z.ZodObject) {
    const body = objectWithout(schema, keys);
    return Object.keys(body.shape).length === 0 ? undefined : body;
  }
  const [first, ...rest] = schema.options.map((option) => objectWithout(option, keys));
  if (first === undefined) throw new Error('a union of no options has no body');
  return z.discriminatedUnion(schema.def.discriminator, [first, ...rest]);
}

export interface DecimalIntOptions {
  readonly min?: number;
  readonly max?: number;
  /** Allows a leading minus sign (never a plus sign, never "-0"). */
  readonly signed?: boolean;
}

const UNSIGNED = /^(?:0|[1-9][0-9]*)$/;
const SIGNED = /^(?:0|-?[1-9][0-9]*)$/;

/**
 * The one schema of an integer in a path or a query string: canonical decimal digits only (no sign unless
 * `signed`, no leading zero except "0" itself, no spaces, no exponent, fraction or hex), within the safe integer
 * range, then `min`/`max`. A loose `Number(text)` would read `0x10` as 16 and `" 5"`, `1e3` or an empty string
 * as numbers, so one resource would answer under many spellings.
 */
export function decimalInt(options: DecimalIntOptions = {}) {
  const signed = options.signed === true;
  const min = Math.max(options.min ?? (signed ? Number.MIN_SAFE_INTEGER : 0), Number.MIN_SAFE_INTEGER);
  const max = Math.min(options.max ?? Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
  const digits = signed ? SIGNED : UNSIGNED;
  return z
    .string()
    .regex(digits, `a decimal integer${signed ? '' : ' without sign'}, no leading zeros, spaces or exponent`)
    .transform(Number)
    .pipe(z.number().int().min(min).max(max))
    .meta({ type: 'integer', minimum: min, maximum: max });
}

export const pageQuery = z.object({
  pageSize: decimalInt({ min: 1, max: MAX_PAGE_SIZE }).optional(),
  bookmark: z.string().max(1024).optional(),
});

export const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), bookmark: z.string().describe('empty when there are no more pages') });

export const committedFields = {
  txId: z.string().describe('Fabric transaction ID'),
  blockNumber: z.number().int().describe('block the transaction committed in'),
};

/** A committed write: the chaincode's result object plus txId and blockNumber. */
export const committedOf = (schema: z.ZodObject) => schema.extend(committedFields);

/** Results whose shape the OpenAPI document does not spell out field by field. */
export const looseObject = z.looseObject({});

export const errorBodySchema = z
  .object({
    error: z.object({
      code: z.string().describe('stable machine-readable code, e.g. NOT_FOUND, INSUFFICIENT_CREDITS'),
      message: z.string(),
      txId: z.string().optional().describe('the Fabric transaction ID, when a transaction was built'),
    }),
  })
  .meta({ id: 'Error' });
