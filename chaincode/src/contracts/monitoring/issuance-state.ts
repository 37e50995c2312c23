import {
  buildIssuedBlock,
  invalidState,
  issuanceIndexKey,
  splitIssuance,
  withRange,
  type Account,
  type ActorRef,
  type CreditBlock,
  type EventPayload,
  type EVENTS,
  type IssuanceRecord,
  type MonitoringReport,
  type Project,
  type WorkflowProfile,
} from '../../domain';
import { ACCOUNTS } from '../accounts/account-state';
import type { WorldState } from '../common/state';
import type { TxInfo } from '../common/tx';
import { allocateSerialRange, freshBlockId, saveBlock } from '../credits/block-state';
import { requireSettings } from '../registry/settings-state';

/** What an issuance is made of: the verified report, its project, who receives the units and under which terms. */
export interface IssuanceInput {
  readonly report: MonitoringReport;
  readonly project: Project;
  readonly owner: Account;
  readonly authorisation: NonNullable<Project['authorisation']>;
  readonly quantity: number;
  /** The share of proceeds of the profile the project follows. */
  readonly shareOfProceeds: WorkflowProfile['shareOfProceeds'];
}

/** The blocks an issuance created: the developer's, and the share of proceeds when one was set aside. */
export interface IssuedBlocks {
  readonly serialStart: number;
  readonly serialEnd: number;
  readonly quantity: number;
  readonly block: CreditBlock;
  readonly share?: { readonly percent: number; readonly block: CreditBlock };
}

/** The account that receives a share of proceeds: an existing, ACTIVE government account (INVALID_STATE otherwise). */
async function proceedsAccount(ws: WorldState, accountId: string | undefined): Promise<Account> {
  if (accountId === undefined) throw invalidState('the workflow profile sets a share of proceeds aside for no account');
  const account = await ACCOUNTS.require(ws, accountId);
  if (account.type !== 'GOVERNMENT' || account.status !== 'ACTIVE') {
    throw invalidState(`share-of-proceeds account ${account.id} is a ${account.status} ${account.type} account`);
  }
  return account;
}

/**
 * Issues the verified quantity with serials from the registry-wide counter: one block for the developer, and when the
 * project's profile sets a share of proceeds aside (`splitIssuance`: rounded down, skipped when 0), a second block at
 * the end of the range owned by the profile's government account. Both blocks name the report (`issuanceReportId`);
 * the issuance index entry covers the whole range, so the integrity audit sees one issuance of two blocks.
 */
export async function issueBlocks(ws: WorldState, tx: TxInfo, input: IssuanceInput): Promise<IssuedBlocks> {
  const { report, project, authorisation } = input;
  const settings = await requireSettings(ws);
  const { percent, accountId } = input.shareOfProceeds;
  const receiver = percent > 0 ? await proceedsAccount(ws, accountId) : undefined;
  const range = await allocateSerialRange(ws, input.quantity);
  const parts = splitIssuance(range, receiver === undefined ? 0 : percent);
  const issue = async (index: number, owner: Account, part: typeof range): Promise<CreditBlock> => {
    const id = await freshBlockId(ws, tx, index);
    const block = withRange(
      buildIssuedBlock({ id, report, project, owner, authorisation, range: part, tx }),
      part,
      settings,
    );
    await saveBlock(ws, block);
    return block;
  };
  const block = await issue(0, input.owner, parts.developer);
  const share =
    parts.share === undefined || receiver === undefined
      ? undefined
      : { percent, block: await issue(1, receiver, parts.share) };
  const indexed = { reportId: report.id, projectId: project.id, vintage: report.vintage, ...range };
  await ws.write(issuanceIndexKey(range.serialStart), indexed);
  return { ...range, block, share };
}

/** The issuance as the report records it: the whole range, the developer's block, the share of proceeds if any. */
export function issuanceRecord(
  issued: IssuedBlocks,
  acted: { by: ActorRef; at: string; txId: string },
): IssuanceRecord {
  const { serialStart, serialEnd, quantity, block, share } = issued;
  return {
    blockId: block.id,
    serialStart,
    serialEnd,
    quantity,
    shareOfProceeds:
      share === undefined
        ? undefined
        : {
            percent: share.percent,
            accountId: share.block.ownerAccountId,
            blockId: share.block.id,
            serialStart: share.block.serialStart,
            serialEnd: share.block.serialEnd,
            quantity: share.block.quantity,
          },
    ...acted,
  };
}

type IssuedFields = Omit<EventPayload<typeof EVENTS.CREDITS_ISSUED>, 'by' | 'txId'>;

const blockFields = (b: CreditBlock) => ({
  blockId: b.id,
  ownerAccountId: b.ownerAccountId,
  quantity: b.quantity,
  serialStart: b.serialStart,
  serialEnd: b.serialEnd,
  serialNumber: b.serialNumber,
  itmo: b.itmo,
});

/** CREDITS_ISSUED: the developer's block, and the share of proceeds' block in `shareOfProceeds`. */
export function issuedEvent(issued: IssuedBlocks): IssuedFields {
  const { block, share } = issued;
  return {
    reportId: block.issuanceReportId,
    projectId: block.projectId,
    vintage: block.vintage,
    ...blockFields(block),
    shareOfProceeds: share === undefined ? undefined : { percent: share.percent, ...blockFields(share.block) },
  };
}
