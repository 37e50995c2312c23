import { readFileSync } from 'node:fs';
import path from 'node:path';
import { WorkflowProfileSchema, type WorkflowProfile } from '../../../src/domain';

/** A shipped profile, `network/profiles/<name>.json`, parsed with the chaincode's schema. */
export function shippedProfile(name: 'lean' | 'article6'): WorkflowProfile {
  const file = path.join(__dirname, '..', '..', '..', '..', '..', 'network', 'profiles', `${name}.json`);
  return WorkflowProfileSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
}
