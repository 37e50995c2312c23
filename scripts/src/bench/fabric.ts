import * as grpc from '@grpc/grpc-js';
import { CommitStatusError, EndorseError, GatewayError, type Contract } from '@hyperledger/fabric-gateway';
import { peer } from '@hyperledger/fabric-protos';
import { thrownCode } from './loop';
import type { Outcome } from './stats';

/** Direct fabric-gateway calls of the bench: every failure becomes a code (validation code, or stage + cause). */

const VALIDATION_CODE_NAMES = new Map<number, string>(
  Object.entries(peer.TxValidationCode).map(([name, code]) => [code, name]),
);

export function validationCodeName(code: number): string {
  return VALIDATION_CODE_NAMES.get(code) ?? `VALIDATION_CODE_${code}`;
}

/** The registry's `CODE: message` inside a peer error text (e.g. an endorsement the chaincode refused). */
export function chaincodeCode(text: string): string | undefined {
  return /\b([A-Z][A-Z_]{3,}): /.exec(text)?.[1];
}

function fabricErrorCode(err: unknown): string {
  if (!(err instanceof GatewayError)) return thrownCode(err);
  const stage =
    err instanceof EndorseError
      ? 'ENDORSE'
      : err.name === 'SubmitError' // exported as a type only
        ? 'SUBMIT'
        : err instanceof CommitStatusError
          ? 'COMMIT_STATUS'
          : 'GATEWAY';
  const cause = chaincodeCode(err.details.map((detail) => detail.message).join(' ')) ?? grpc.status[err.code];
  return `${stage} ${cause}`;
}

export interface Submitted {
  readonly outcome: Outcome;
  /** The transaction's result, when it committed. */
  readonly result?: Uint8Array;
}

/** Endorses, orders and waits for the commit status of one transaction taking one JSON argument. */
export async function submitJson(contract: Contract, name: string, input: unknown): Promise<Submitted> {
  try {
    const commit = await contract.submitAsync(name, { arguments: [JSON.stringify(input)] });
    const status = await commit.getStatus();
    if (status.successful) return { outcome: { ok: true }, result: commit.getResult() };
    return { outcome: { ok: false, code: validationCodeName(status.code) } };
  } catch (err) {
    return { outcome: { ok: false, code: fabricErrorCode(err) } };
  }
}

export async function evaluateJson(contract: Contract, name: string, input?: unknown): Promise<Outcome> {
  try {
    await contract.evaluateTransaction(name, ...(input === undefined ? [] : [JSON.stringify(input)]));
    return { ok: true };
  } catch (err) {
    return { ok: false, code: fabricErrorCode(err) };
  }
}
