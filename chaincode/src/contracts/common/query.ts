import type { Context } from 'fabric-contract-api';
import type { z } from 'zod';
import { WorldState } from './state';
import { parseInput, result } from './tx';

/**
 * The body of a read transaction: parses its one JSON argument with `schema`, reads world state and returns the
 * answer as canonical JSON.
 */
export async function query<S extends z.ZodType>(
  ctx: Context,
  json: string,
  schema: S,
  read: (ws: WorldState, input: z.output<S>) => Promise<unknown>,
): Promise<string> {
  const input = parseInput(schema, json);
  return result(await read(new WorldState(ctx), input));
}
