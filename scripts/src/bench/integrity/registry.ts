import {
  BLOCK_STATUSES,
  canonicalBytes,
  compositeKey,
  CreditBlockSchema,
  deriveBlockId,
  deriveProjectId,
  deriveReportId,
  formatSerialNumber,
  IssuanceIndexEntrySchema,
  issuanceIndexKey,
  MonitoringReportSchema,
  OBJECT,
  SERIAL_COUNTER_KEY,
  SerialCounterSchema,
  SerialIndexEntrySchema,
  serialIndexKey,
  type BlockStatus,
  type IssuanceIndexEntry,
} from '@ncr/chaincode/domain';
import { MemoryLedger } from './memory-ledger';

/** How many blocks, over how many issuances; `largest` blocks go to the first issuance, the rest are shared evenly. */
export interface RegistryShape {
  readonly blocks: number;
  readonly issuances: number;
  readonly largest?: number;
}

/** Serials per block: a block's quantity. */
const QUANTITY_PER_BLOCK = 10;
const AT = '2025-06-01T00:00:00.000Z';
const ACTOR = { accountId: 'GOV-GHA', mspId: 'GovernmentMSP', enrollmentId: 'gov-officer' };
const DOC = { uri: 'https://docs.example/report.pdf', sha256: '0'.repeat(64) };
/** What blockByIssuance entries hold: the key carries the information (as `WorldState.writeIndex` writes). */
const INDEX_MARKER = Uint8Array.of(0);

/** A transaction ID for the n-th thing made, in the hex form Fabric gives; IDs derived from its head sort like n. */
const txIdOf = (n: number): string => n.toString(16).padStart(8, '0').padEnd(64, '0');

export function blocksPerIssuance(shape: RegistryShape): number[] {
  const { blocks, issuances, largest } = shape;
  if (largest === undefined) {
    return Array.from(
      { length: issuances },
      (_, i) => Math.floor(blocks / issuances) + (i < blocks % issuances ? 1 : 0),
    );
  }
  const rest = blocksPerIssuance({ blocks: blocks - largest, issuances: issuances - 1 });
  return [largest, ...rest];
}

/** A block of the issuance, each field through the registry's own schema; every third block retired or cancelled. */
function blockRecord(issuance: IssuanceIndexEntry, n: number, serialStart: number, status: BlockStatus): Uint8Array {
  const serialEnd = serialStart + QUANTITY_PER_BLOCK - 1;
  const range = { serialStart, serialEnd, quantity: QUANTITY_PER_BLOCK };
  const acted = { by: ACTOR, at: AT, txId: txIdOf(n) };
  return canonicalBytes(
    CreditBlockSchema.parse({
      id: deriveBlockId(txIdOf(n), 0),
      projectId: issuance.projectId,
      issuanceReportId: issuance.reportId,
      vintage: issuance.vintage,
      ...range,
      ownerAccountId: 'DEV-0A1B2C3D4E',
      status,
      frozen: false,
      serialNumber: formatSerialNumber({
        registryId: 'GHA01',
        projectId: issuance.projectId,
        vintage: issuance.vintage,
        ...range,
      }),
      authorisation: { authorisationId: 'AUTH-1', purposes: 'NDC' },
      createdAt: AT,
      createdTxId: txIdOf(n),
      updatedAt: AT,
      updatedTxId: txIdOf(n),
      ...(status === 'RETIRED' ? { retirement: { beneficiary: 'Acme', purpose: 'VOLUNTARY', ...acted } } : {}),
      ...(status === 'CANCELLED' ? { cancellation: { reason: 'reversal', ...acted } } : {}),
    }),
  );
}

/** The ISSUED monitoring report an issuance index entry agrees with. */
function reportRecord(issuance: IssuanceIndexEntry, firstBlockId: string, n: number): Uint8Array {
  const acted = { by: ACTOR, at: AT, txId: txIdOf(n) };
  const { serialStart, serialEnd, quantity } = issuance;
  return canonicalBytes(
    MonitoringReportSchema.parse({
      id: issuance.reportId,
      projectId: issuance.projectId,
      developerAccountId: 'DEV-0A1B2C3D4E',
      certifierAccountId: 'CER-0A1B2C3D4E',
      periodStart: `${issuance.vintage}-01-01`,
      periodEnd: `${issuance.vintage}-12-31`,
      vintage: issuance.vintage,
      claimedReductions: quantity,
      document: DOC,
      status: 'ISSUED',
      submittedBy: ACTOR,
      submittedAt: AT,
      submittedTxId: txIdOf(n),
      verification: { approved: true, verifiedReductions: quantity, report: DOC, ...acted },
      issuance: { blockId: firstBlockId, serialStart, serialEnd, quantity, ...acted },
    }),
  );
}

/**
 * A sound registry of `shape` in a MemoryLedger, keyed by the registry's own key builders: per issuance its index
 * entry and monitoring report, per block its record, its `serial~<end>` entry and its `blockByIssuance` entry, and
 * the serial counter. Owner, project and status indexes are left out: the audit reads none of them.
 */
export function buildRegistry(shape: RegistryShape, progress: (made: number) => void): MemoryLedger {
  const ledger = new MemoryLedger();
  let serial = 1;
  let made = 0;
  blocksPerIssuance(shape).forEach((count, i) => {
    const projectId = deriveProjectId('GHA', txIdOf(i));
    const issuance = IssuanceIndexEntrySchema.parse({
      reportId: deriveReportId(projectId, txIdOf(i)),
      projectId,
      vintage: 2000 + (i % 25),
      serialStart: serial,
      serialEnd: serial + count * QUANTITY_PER_BLOCK - 1,
      quantity: count * QUANTITY_PER_BLOCK,
    });
    ledger.set(issuanceIndexKey(serial), canonicalBytes(issuance));
    ledger.set(
      compositeKey(OBJECT.report, [issuance.reportId]),
      reportRecord(issuance, deriveBlockId(txIdOf(made), 0), i),
    );
    for (let b = 0; b < count; b++, made++, serial += QUANTITY_PER_BLOCK) {
      const id = deriveBlockId(txIdOf(made), 0);
      ledger.set(
        compositeKey(OBJECT.block, [id]),
        blockRecord(issuance, made, serial, BLOCK_STATUSES[made % 3] ?? 'HELD'),
      );
      ledger.set(
        serialIndexKey(serial + QUANTITY_PER_BLOCK - 1),
        canonicalBytes(SerialIndexEntrySchema.parse({ blockId: id })),
      );
      ledger.set(compositeKey(OBJECT.blockByIssuance, [issuance.reportId, id]), INDEX_MARKER);
      if (made % 100_000 === 0) progress(made);
    }
  });
  ledger.set(SERIAL_COUNTER_KEY, canonicalBytes(SerialCounterSchema.parse({ lastSerial: serial - 1 })));
  ledger.seal();
  return ledger;
}
