import { ConflictError, ForbiddenError, InternalError, NotFoundError, ValidationError, toApiError } from '../errors';
import type { OfflineFabric, Signable, SignedTransaction } from '../fabric/offline';
import { RegistryClient } from '../fabric/registry';
import { type Route, type RouteResult, created, ok } from '../http/route';
import { type CredentialStore, type Enrolled, identityKey } from '../identity/credentials';
import { type GatewayUser, identityOf, signsOffline } from '../identity/users';
import { matchRoute } from './route-match';
import { type PreparedLimits, type PreparedPersistence, PreparedTransactions, bytesJson } from './prepared';
import { assertSignedBy } from './signature';

/** Where a prepared transaction stands: each step keeps what the next one needs. */
interface Common {
  readonly kind: 'write' | 'read';
  readonly route: string;
  readonly txId: string;
  /** The identity the proposal names, as enrolled when it was prepared. */
  readonly signer: Enrolled;
}
type State = Common &
  (
    | { readonly step: 'proposed'; readonly proposal: Signable }
    | { readonly step: 'endorsed'; readonly transaction: Signable; readonly commit: Signable }
    | { readonly step: 'sent'; readonly signed: SignedTransaction }
    | { readonly step: 'committed'; readonly answer: RouteResult }
  );

const base64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64');

/** A failure after which the transaction changed nothing: it committed invalid (a new one must be prepared). */
const committedInvalid = (err: unknown, txId: string): boolean => {
  const error = toApiError(err);
  return error.txId === txId && error.validationCode !== undefined;
};

export interface OfflineTransactionsDeps {
  readonly fabric: OfflineFabric;
  /** The wallet: an offline signer's certificate. */
  readonly wallet: Pick<CredentialStore, 'get'>;
  /** Every API route; those that run one registry transaction can be prepared. */
  readonly routes: () => readonly Route[];
  readonly limits?: PreparedLimits;
  /** Where prepared transactions outlive a restart (storage/prepared-store.ts); in memory only without it. */
  readonly persistence?: PreparedPersistence;
}

/**
 * Writes (and reads) of users who keep their own key: a route's request is validated as the route itself does it
 * and turned into a proposal under the user's identity; the user signs each digest; every signature is checked
 * against the user's enrolled certificate before anything is sent. See docs/api.md, "Offline signing".
 */
export class OfflineTransactions {
  readonly #d: OfflineTransactionsDeps;
  readonly #prepared: PreparedTransactions<State>;

  constructor(deps: OfflineTransactionsDeps) {
    this.#d = deps;
    const disk = deps.persistence === undefined ? undefined : { store: deps.persistence, codec: bytesJson<State>() };
    this.#prepared = new PreparedTransactions<State>(deps.limits, Date.now, disk);
  }

  async #signerOf(user: GatewayUser): Promise<Enrolled> {
    if (!signsOffline(user)) {
      throw new ForbiddenError(`the gateway signs for ${user.name}: call the route itself, not the offline steps`);
    }
    const entry = await this.#d.wallet.get(identityOf(user));
    if (entry === undefined) {
      throw new InternalError({ cause: new Error(`no wallet entry for ${identityKey(identityOf(user))}`) });
    }
    return { mspId: entry.mspId, enrollmentId: entry.enrollmentId, certificate: entry.certificate };
  }

  /** Step 1: validates `route` + `body` as that route would, and answers the proposal and its digest to sign. */
  async prepare(user: GatewayUser, request: { route: string; body?: unknown }): Promise<RouteResult> {
    const signer = await this.#signerOf(user);
    const matched = matchRoute(this.#d.routes(), request.route);
    if (matched === undefined) throw new NotFoundError(`route: no route ${request.route}`);
    const { route, params, query } = matched;
    if (route.plan === undefined || !route.auth || route.offline) {
      throw new ValidationError(
        `route: ${request.route} is not one registry transaction, so it cannot be signed offline`,
      );
    }
    const planned = route.plan({ params, query, body: request.body });
    const arg = RegistryClient.parse(planned.name, planned.input);
    const [contract = '', transaction = ''] = planned.name.split(':');
    const { txId, proposal } = this.#d.fabric.propose(signer, contract, transaction, arg);
    const kind = route.write ? 'write' : 'read';
    const state: State = { step: 'proposed', kind, route: request.route, txId, signer, proposal };
    const { id, expiresAt } = this.#prepared.create(user.name, state);
    const next = kind === 'write' ? 'endorse' : 'evaluate';
    return {
      status: 201,
      body: {
        preparedId: id,
        txId,
        kind,
        next,
        proposal: base64(proposal.bytes),
        digest: base64(proposal.digest),
        expiresAt,
      },
    };
  }

  /** Step 2 of a write: endorses the signed proposal; answers the transaction and its commit request to sign. */
  endorse(user: GatewayUser, id: string, signature: Uint8Array): Promise<RouteResult> {
    return this.#prepared.step(id, user.name, async (state, save) => {
      if (state.kind === 'read') throw new ConflictError(`${id} is a read: POST /v1/transactions/${id}/evaluate`);
      if (state.step !== 'proposed') throw new ConflictError(`${id} is already ${state.step}`);
      assertSignedBy(state.signer.certificate, state.proposal.message, signature, 'proposal');
      const { transaction, commit } = await this.#d.fabric.endorse(state.signer, state.proposal.bytes, signature);
      save({ ...state, step: 'endorsed', transaction, commit });
      return ok({
        preparedId: id,
        txId: state.txId,
        transaction: base64(transaction.bytes),
        digest: base64(transaction.digest),
        commit: base64(commit.bytes),
        commitDigest: base64(commit.digest),
        expiresAt: this.#prepared.expiresAt(id),
      });
    });
  }

  /**
   * Step 3 of a write: sends the signed transaction and answers as the route itself would once committed (201,
   * `txId`, `blockNumber`). Repeated, it answers the same (committed), or sends the same signed transaction again
   * and asks its status (outcome unknown): the ledger commits a txId at most once.
   */
  submit(user: GatewayUser, id: string, signatures: { transaction: Uint8Array; commit: Uint8Array }) {
    return this.#prepared.step(id, user.name, async (state, save, forget) => {
      if (state.step === 'committed') return state.answer;
      if (state.step === 'proposed') throw new ConflictError(`${id} is not endorsed yet: POST …/${id}/endorse first`);
      let signed: SignedTransaction;
      if (state.step === 'sent') signed = state.signed;
      else {
        assertSignedBy(state.signer.certificate, state.transaction.message, signatures.transaction, 'transaction');
        assertSignedBy(state.signer.certificate, state.commit.message, signatures.commit, 'commit-status request');
        signed = {
          txId: state.txId,
          transaction: state.transaction.bytes,
          transactionSignature: signatures.transaction,
          commit: state.commit.bytes,
          commitSignature: signatures.commit,
        };
        save({ ...state, step: 'sent', signed });
      }
      try {
        const answer = created(await this.#d.fabric.submit(state.signer, signed));
        save({ ...state, step: 'committed', answer });
        return answer;
      } catch (err) {
        if (committedInvalid(err, state.txId)) forget();
        throw err;
      }
    });
  }

  /** Step 2 of a read: evaluates the signed proposal and answers as the route itself would (200). */
  evaluate(user: GatewayUser, id: string, signature: Uint8Array): Promise<RouteResult> {
    return this.#prepared.step(id, user.name, async (state) => {
      if (state.kind === 'write') throw new ConflictError(`${id} is a write: POST /v1/transactions/${id}/endorse`);
      if (state.step !== 'proposed') throw new ConflictError(`${id} is already ${state.step}`);
      assertSignedBy(state.signer.certificate, state.proposal.message, signature, 'proposal');
      return ok(await this.#d.fabric.evaluate(state.signer, state.proposal.bytes, signature));
    });
  }
}
