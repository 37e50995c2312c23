import type { z } from 'zod';
import {
  AcquisitionSchema,
  BilateralSettingsSchema,
  BilateralTransferSchema,
  ExportRequestSchema,
  invalidState,
  notFound,
  OBJECT,
  parseErrorCode,
  REGISTRY_CHAINCODE,
  type ExportRequest,
} from '../../domain';
import { recordType } from '../common/records';
import type { WorldState } from '../common/state';

/** International transfers' records (docs/international.md, docs/world-state.md). */

export const EXPORTS = recordType(
  OBJECT.exportRequest,
  ExportRequestSchema,
  (id) => `transfer request ${id} does not exist`,
);

export const ACQUISITIONS = recordType(
  OBJECT.acquisition,
  AcquisitionSchema,
  (id) => `no acquisition for request ${id}`,
);

export const BILATERAL_SETTINGS = recordType(
  OBJECT.bilateralSettings,
  BilateralSettingsSchema,
  (id) => `the bilateral channel of cooperative approach ${id} is not initialised`,
);

export const BILATERAL_TRANSFERS = recordType(
  OBJECT.bilateralTransfer,
  BilateralTransferSchema,
  (id) => `no bilateral decision on transfer request ${id}`,
);

/** Writes an export request and keeps its status index exact. */
export async function saveExport(ws: WorldState, next: ExportRequest, previous?: ExportRequest): Promise<void> {
  await ws.write(EXPORTS.key(ws, next.id), next);
  if (previous?.status !== next.status) {
    if (previous !== undefined) await ws.remove(ws.key(OBJECT.exportByStatus, [previous.status, previous.id]));
    await ws.writeIndex(ws.key(OBJECT.exportByStatus, [next.status, next.id]));
  }
}

/**
 * A record the registry chaincode answers on another channel of this peer (`<contract>:<Get…>` with one JSON
 * argument): the record, undefined when it answers NOT_FOUND, INVALID_STATE when the read fails otherwise (this
 * peer is not on that channel, the caller may not read it there).
 */
async function readOnChannel<S extends z.ZodType>(
  ws: WorldState,
  channel: string,
  transaction: string,
  argument: unknown,
  schema: S,
): Promise<z.infer<S> | undefined> {
  const answer = await ws.readOtherChannel(channel, REGISTRY_CHAINCODE, [transaction, JSON.stringify(argument)]);
  if (!answer.ok) {
    if (parseErrorCode(answer.message) === 'NOT_FOUND') return undefined;
    throw invalidState(`reading ${transaction} on channel ${channel} failed: ${answer.message}`);
  }
  return schema.parse(JSON.parse(answer.payload));
}

/** A record read on another channel that must exist: NOT_FOUND (naming the channel) otherwise. */
export async function requireOnChannel<S extends z.ZodType>(
  ws: WorldState,
  channel: string,
  transaction: string,
  argument: unknown,
  schema: S,
  missing: string,
): Promise<z.infer<S>> {
  const record = await readOnChannel(ws, channel, transaction, argument, schema);
  if (record === undefined) throw notFound(`${missing} on channel ${channel}`);
  return record;
}
