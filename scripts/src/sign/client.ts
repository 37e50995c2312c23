import { type KeyObject, X509Certificate, generateKeyPairSync, randomBytes } from 'node:crypto';
import { signers } from '@hyperledger/fabric-gateway';
import { createCsr } from '@ncr/gateway-api';
import type { ApiTransport } from '../lib/api';
import { assertDigestOf, commitMessage, proposalMessage, readProposal, transactionMessage } from './proposal';

/** A user's own key pair and the certificate request the gateway enrolls it with. */
export interface OfflineIdentity {
  readonly name: string;
  /** `<name>@<8 hex digits>`: the certificate's CN, as for every user of the gateway. */
  readonly enrollmentId: string;
  readonly privateKey: KeyObject;
  /** PKCS#10, PEM. */
  readonly csr: string;
}

/** A new EC P-256 key, made here and never sent anywhere, and the certificate request of `name`'s identity. */
export function newOfflineIdentity(name: string): OfflineIdentity {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const enrollmentId = `${name}@${randomBytes(4).toString('hex')}`;
  return { name, enrollmentId, privateKey, csr: createCsr(privateKey, enrollmentId) };
}

/** An object's fields (a JSON answer), none for anything else. */
function fieldsOf(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null ? Object.fromEntries(Object.entries(value)) : {};
}

/** One answer of the gateway: its status and JSON body; a 4xx/5xx throws, with the gateway's error. */
async function call(api: ApiTransport, apiKey: string, method: string, route: string, body?: unknown) {
  const answer = await api.send(method, route, apiKey, body);
  const parsed: unknown = answer.text === '' ? {} : JSON.parse(answer.text);
  const fields = fieldsOf(parsed);
  if (!answer.ok) throw new Error(`${method} ${route}: ${answer.status} ${answer.text}`);
  return { status: answer.status, body: fields };
}

function text(fields: Readonly<Record<string, unknown>>, name: string): string {
  const value = fields[name];
  if (typeof value !== 'string') throw new Error(`the gateway's answer has no ${name}`);
  return value;
}

const bytesOf = (fields: Readonly<Record<string, unknown>>, name: string): Buffer =>
  Buffer.from(text(fields, name), 'base64');

/**
 * An account ADMIN (`adminApiKey`) adds `identity` to its account with `role`, custody external: the gateway
 * enrolls the certificate request and answers the certificate and the new user's API key (shown once).
 */
export async function onboardOffline(
  api: ApiTransport,
  adminApiKey: string,
  identity: Pick<OfflineIdentity, 'name' | 'csr'>,
  role: string,
): Promise<{ apiKey: string; certificate: string; enrollmentId: string }> {
  const body = { name: identity.name, role, custody: 'external', csr: identity.csr };
  const created = await call(api, adminApiKey, 'POST', '/v1/users', body);
  const fields = fieldsOf(created.body.user);
  return {
    apiKey: text(fields, 'apiKey'),
    certificate: text(fields, 'certificate'),
    enrollmentId: text(fields, 'enrollmentId'),
  };
}

export interface SignedCallOptions {
  readonly apiKey: string;
  readonly privateKey: KeyObject;
  /** The enrolled certificate: the proposal must name it as its creator. */
  readonly certificate: string;
  /** `POST /v1/transfers`, `GET /v1/credit-blocks?owner=DEV-ACME`… */
  readonly route: string;
  readonly body?: unknown;
  /** Told what is about to be signed (the chaincode function and argument), before any signature. */
  readonly onProposal?: (args: readonly string[], txId: string) => void;
}

/**
 * Runs one route as a user who keeps its own key, signing each digest here with `privateKey`: prepare, sign the
 * proposal, endorse, sign the transaction and its commit-status request, submit (a read: prepare, sign, evaluate).
 * Before each signature it checks that the digest is that of the bytes the gateway showed, and that the proposal
 * names this user's certificate. Answers what the route itself would (201 with txId and blockNumber for a write).
 */
export async function signedCall(api: ApiTransport, options: SignedCallOptions) {
  const sign = signers.newPrivateKeySigner(options.privateKey);
  const signature = async (message: Uint8Array, digest: Buffer, what: string): Promise<string> => {
    assertDigestOf(message, digest, what);
    return Buffer.from(await sign(digest)).toString('base64');
  };
  const key = options.apiKey;
  const prepared = await call(api, key, 'POST', '/v1/transactions/prepare', {
    route: options.route,
    ...(options.body === undefined ? {} : { body: options.body }),
  });
  const id = text(prepared.body, 'preparedId');
  const proposal = bytesOf(prepared.body, 'proposal');
  const content = readProposal(proposal);
  if (!new X509Certificate(content.creator).raw.equals(new X509Certificate(options.certificate).raw)) {
    throw new Error('the proposal does not name this user as its creator');
  }
  options.onProposal?.(content.args, content.txId);
  const proposalSignature = await signature(proposalMessage(proposal), bytesOf(prepared.body, 'digest'), 'proposal');
  if (text(prepared.body, 'next') === 'evaluate') {
    return call(api, key, 'POST', `/v1/transactions/${id}/evaluate`, { signature: proposalSignature });
  }
  const endorsed = await call(api, key, 'POST', `/v1/transactions/${id}/endorse`, { signature: proposalSignature });
  const transaction = bytesOf(endorsed.body, 'transaction');
  const commit = bytesOf(endorsed.body, 'commit');
  return call(api, key, 'POST', `/v1/transactions/${id}/submit`, {
    signature: await signature(transactionMessage(transaction), bytesOf(endorsed.body, 'digest'), 'transaction'),
    commitSignature: await signature(commitMessage(commit), bytesOf(endorsed.body, 'commitDigest'), 'commit'),
  });
}
