import { z } from 'zod';
import { LedgerUnavailableError } from '../errors';
import type { OfflineFabric } from '../fabric/offline';
import { type Route, type RouteResult, type RouteSpec, defineRoute } from '../http/route';
import type { GatewayUser } from '../identity/users';
import { committedFields, errorBodySchema, looseObject } from '../http/schemas';
import type { CredentialStore } from '../identity/credentials';
import { PREPARED_ID_PATTERN, type PreparedLimits, type PreparedPersistence } from '../offline/prepared';
import { OfflineTransactions } from '../offline/service';

/** What the offline-signing routes run on: Fabric without a signer, and the wallet's certificates. */
export interface OfflineDeps {
  readonly fabric: OfflineFabric;
  readonly wallet: Pick<CredentialStore, 'get'>;
  readonly limits?: PreparedLimits;
  /** Prepared transactions on disk, so that a restart between two steps loses none. */
  readonly persistence?: PreparedPersistence;
}

const SIGNATURE = z
  .string()
  .regex(/^[A-Za-z0-9+/]{8,}={0,2}$/, 'base64')
  .max(256)
  .transform((text) => Buffer.from(text, 'base64'))
  .describe('base64 of the DER ECDSA signature (P-256, low S) of the digest, made with the enrolled key');

const DIGEST = z.string().describe('base64 of the SHA-256 digest to sign');
const params = z.object({ preparedId: z.string().regex(PREPARED_ID_PATTERN, 'a prepared ID (ptx_…)') });

const preparedSchema = z
  .object({
    preparedId: z.string(),
    txId: z.string(),
    kind: z.enum(['write', 'read']),
    next: z.enum(['endorse', 'evaluate']).describe('the step that takes the signature of `digest`'),
    proposal: z.string().describe('base64 of the proposal (fabric-gateway ProposedTransaction)'),
    digest: DIGEST,
    expiresAt: z.string().describe('forgotten after this time unless taken further'),
  })
  .meta({ id: 'PreparedTransaction' });

const endorsedSchema = z
  .object({
    preparedId: z.string(),
    txId: z.string(),
    transaction: z.string().describe('base64 of the endorsed transaction (fabric-gateway PreparedTransaction)'),
    digest: DIGEST,
    commit: z.string().describe("base64 of the transaction's commit-status request (SignedCommitStatusRequest)"),
    commitDigest: DIGEST.describe('base64 of the SHA-256 digest of the commit-status request'),
    expiresAt: z.string(),
  })
  .meta({ id: 'EndorsedTransaction' });

const TAG = 'offline signing';

const SIGNATURE_REFUSED = {
  description: 'a signature that does not verify with the enrolled certificate (SIGNATURE_INVALID); nothing was sent',
  schema: errorBodySchema,
};

/**
 * The offline-signing routes, for users who keep their own key (custody external): prepare a route's transaction,
 * endorse it with the signed proposal, submit it with the signed transaction (or evaluate a read). `routes` is
 * every route of the API: those that run one registry transaction can be prepared.
 */
export function offlineRoutes(
  deps: { readonly offline?: OfflineDeps | undefined },
  routes: () => readonly Route[],
): Route[] {
  const offline = deps.offline;
  const service =
    offline === undefined
      ? undefined
      : new OfflineTransactions({
          fabric: offline.fabric,
          wallet: offline.wallet,
          routes,
          ...(offline.limits === undefined ? {} : { limits: offline.limits }),
          ...(offline.persistence === undefined ? {} : { persistence: offline.persistence }),
        });
  const run: Run = (step) => {
    if (service === undefined) throw new LedgerUnavailableError('offline signing is not set up on this gateway');
    return step(service);
  };
  return [prepareRoute(run), ...stepRoutes(run)];
}

type Run = (step: (service: OfflineTransactions) => Promise<RouteResult>) => Promise<RouteResult>;

function prepareRoute(run: Run): Route {
  return defineRoute({
    method: 'post',
    path: '/v1/transactions/prepare',
    tag: TAG,
    offline: true,
    summary: 'Prepare the transaction of a route for a user who signs offline; answers the digest to sign',
    description:
      'The request (`route`: method, path and query; `body`) is validated exactly as that route validates it ' +
      '(same schemas, same errors); only routes that run one registry transaction can be prepared. For a write, ' +
      'the signature of `digest` goes to `/endorse`; for a read, to `/evaluate`.',
    body: z.strictObject({
      route: z.string().min(1).max(2048).describe('e.g. `POST /v1/transfers` or `GET /v1/projects/P-1`'),
      body: z.record(z.string(), z.unknown()).optional().describe("the route's JSON body"),
    }),
    responses: { 201: { description: 'prepared: nothing was sent to the ledger', schema: preparedSchema } },
    handler: ({ body, user }) => run((s) => s.prepare(user, body)),
  });
}

/** A step on a prepared transaction: `POST /v1/transactions/:preparedId/<step>`, open to offline signers. */
function stepRoute<B extends z.ZodType>(
  step: 'endorse' | 'submit' | 'evaluate',
  spec: Pick<RouteSpec<typeof params, z.ZodUndefined, B>, 'summary' | 'description' | 'body' | 'responses'> & {
    readonly handle: (id: string, body: z.output<B>, user: GatewayUser) => Promise<RouteResult>;
  },
): Route {
  const { handle, ...declared } = spec;
  return defineRoute({
    ...declared,
    method: 'post',
    path: `/v1/transactions/:preparedId/${step}`,
    tag: TAG,
    offline: true,
    params,
    handler: ({ params: p, body, user }) => handle(p.preparedId, body, user),
  });
}

/** Endorse and submit (a write), evaluate (a read). */
function stepRoutes(run: Run): Route[] {
  return [
    stepRoute('endorse', {
      summary: 'Endorse a prepared write with the signed proposal; answers the transaction and the digests to sign',
      body: z.strictObject({ signature: SIGNATURE }),
      responses: {
        200: { description: 'endorsed: nothing was sent for ordering', schema: endorsedSchema },
        422: SIGNATURE_REFUSED,
      },
      handle: (id, body, user) => run((s) => s.endorse(user, id, body.signature)),
    }),
    stepRoute('submit', {
      summary: 'Submit an endorsed write with the signed transaction and commit request; answers once committed',
      description:
        'Answers as the route itself does (201 with `txId` and `blockNumber`). Repeating it is safe: the same ' +
        'answer once committed, or the same signed transaction sent again while its outcome is unknown.',
      body: z.strictObject({ signature: SIGNATURE, commitSignature: SIGNATURE }),
      responses: {
        201: { description: 'committed', schema: looseObject.extend(committedFields) },
        422: SIGNATURE_REFUSED,
      },
      handle: (id, body, user) =>
        run((s) => s.submit(user, id, { transaction: body.signature, commit: body.commitSignature })),
    }),
    stepRoute('evaluate', {
      summary: 'Evaluate a prepared read with the signed proposal; answers as the route itself',
      body: z.strictObject({ signature: SIGNATURE }),
      responses: { 200: { description: "the route's answer", schema: z.unknown() }, 422: SIGNATURE_REFUSED },
      handle: (id, body, user) => run((s) => s.evaluate(user, id, body.signature)),
    }),
  ];
}
