import type { AuthorisationDetails, CreditBlock, Project, RetirementPurpose, Settings } from '@ncr/chaincode/domain';
import type { Cell } from './tables';

/**
 * A credit action in the registry's own terms, in ledger order. `blockId` is the block acted on (the new part
 * after a split), `sourceBlockId` the block it was taken from (the same ID for a whole-block action).
 * International transfers and acquisitions come from the bilateral protocol (docs/international.md).
 */
export interface UnitAction extends Readonly<
  Pick<CreditBlock, 'projectId' | 'vintage' | 'serialStart' | 'serialEnd' | 'quantity' | 'authorisation'>
> {
  readonly txId: string;
  /** ISO-8601 instant of the transaction (UTC); the AEF action date is its calendar date. */
  readonly at: string;
  readonly kind:
    | 'ISSUANCE'
    | 'TRANSFER'
    | 'RETIREMENT'
    | 'RETIREMENT_REQUEST'
    | 'RETIREMENT_REJECTION'
    | 'CANCELLATION'
    | 'EXPORT_REQUEST'
    | 'EXPORT_ABANDONMENT'
    | 'INTERNATIONAL_TRANSFER'
    | 'ACQUISITION';
  readonly blockId: string;
  readonly sourceBlockId: string;
  readonly fromAccountId?: string;
  readonly toAccountId?: string;
  readonly purpose?: RetirementPurpose;
  /** An issuance's share of proceeds: the block set aside for the government account (docs/workflows.md). */
  readonly shareOfProceeds?: true;
  /** The other Party of an international transfer (acquiring) or acquisition (transferring). */
  readonly counterpartParty?: string | undefined;
  /** Units acquired from another registry: its Party (the first transferring one) and registry ID. */
  readonly origin?: UnitOrigin | undefined;
}

/** Where acquired units were first transferred from: they keep that registry's IDs. */
export interface UnitOrigin {
  readonly party: string;
  readonly registryId: string;
  /** The project's mitigation type as the transfer stated it: the project is that registry's. */
  readonly mitigationType: string;
}

/** What a submission is: the reported year, its version and date. */
export interface AefRequest {
  readonly year: number;
  /** Submission version, e.g. `1.0`. */
  readonly version: string;
  /** Date of submission, YYYY-MM-DD. */
  readonly submissionDate: string;
}

/** Everything the AEF is computed from: a pure function of this (see computeAef). */
export interface AefInput extends AefRequest {
  readonly settings: Settings;
  readonly projects: readonly Project[];
  readonly authorisationDetails: readonly AuthorisationDetails[];
  /**
   * The credit actions in ledger order. Read once per pass over the log (the report makes two: one to count and
   * check, one to write), each pass from the first action: an array, or a source that reads them again.
   */
  readonly actions: Iterable<UnitAction>;
  /** The ledger block height the inputs reflect (blocks [0, height) were read). */
  readonly blockHeight: number;
}

/** A sheet whose rows may be made as they are read (Tables 3 and 4 replay the log again for each reading). */
export interface AefSheet {
  readonly sheet: string;
  readonly columns: readonly string[];
  readonly rows: Iterable<readonly Cell[]>;
}

/** A sheet with its rows in memory. */
export interface AefTable extends AefSheet {
  readonly rows: readonly (readonly Cell[])[];
}

/** The report as the writers stream it: the sheets in AEF order, already validated. */
export interface AefSheets {
  readonly year: number;
  readonly party: string;
  readonly blockHeight: number;
  readonly index: AefSheet;
  readonly summary: AefSheet;
  readonly table1: AefSheet;
  readonly table2: AefSheet;
  readonly table3: AefSheet;
  readonly table4: AefSheet;
  readonly table5: AefSheet;
}

/** The report with every row in memory (small reports and tests). */
export interface AefReport extends AefSheets {
  readonly index: AefTable;
  readonly summary: AefTable;
  readonly table1: AefTable;
  readonly table2: AefTable;
  readonly table3: AefTable;
  readonly table4: AefTable;
  readonly table5: AefTable;
}
