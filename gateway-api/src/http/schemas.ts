import { MAX_PAGE_SIZE } from '@ncr/chaincode/domain';
import { z } from 'zod';

/**
 * REST shapes composed from the chaincode's schemas (never retyped): a path parameter replaces an input field,
 * query strings are coerced to numbers, lists and committed writes wrap the asset schemas.
 */

/**
 * The REST body of a transaction whose `keys` come from the path. Built from the input schema's shape, so it
 * checks structure only; the full input schema (with its cross-field rules) runs on body + path params before
 * the ledger is called.
 */
export function bodyWithout<T extends z.core.$ZodLooseShape>(
  schema: z.ZodObject<T>,
  ...keys: string[]
): z.ZodObject<Record<string, z.ZodType>> {
  const shape: Record<string, z.ZodType> = {};
  for (const [name, field] of Object.entries(schema.shape)) {
    if (!keys.includes(name)) shape[name] = field as z.ZodType;
  }
  return z.strictObject(shape);
}

export const pageQuery = z.object({
  pageSize: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).optional(),
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
