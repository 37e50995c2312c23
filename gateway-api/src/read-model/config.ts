import { describeIssues } from '@ncr/chaincode/domain';
import path from 'node:path';
import { z } from 'zod';

export interface ReadModelConfig {
  /** The SQLite file: `$NCR_HOME/read-model/registry.sqlite` unless NCR_READMODEL_DB says otherwise. */
  readonly dbPath: string;
  /** Test hook: wait this long after each block (to let a test kill the process mid-stream). */
  readonly blockDelayMs: number;
}

const envSchema = z.object({
  NCR_READMODEL_DB: z.string().min(1).optional(),
  NCR_READMODEL_BLOCK_DELAY_MS: z.coerce.number().int().min(0).default(0),
});

export function readModelDbPath(ncrHome: string, env: NodeJS.ProcessEnv = process.env): string {
  const given = env.NCR_READMODEL_DB;
  return path.resolve(
    given !== undefined && given !== '' ? given : path.join(ncrHome, 'read-model', 'registry.sqlite'),
  );
}

export function loadReadModelConfig(ncrHome: string, env: NodeJS.ProcessEnv = process.env): ReadModelConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new Error(`Invalid read-model configuration: ${describeIssues(parsed.error, undefined, Infinity)}`);
  }
  return {
    dbPath: readModelDbPath(ncrHome, env),
    blockDelayMs: parsed.data.NCR_READMODEL_BLOCK_DELAY_MS,
  };
}
