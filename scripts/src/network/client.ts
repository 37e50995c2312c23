import { createHash, createPrivateKey } from 'node:crypto';
import fs from 'node:fs';
import * as grpc from '@grpc/grpc-js';
import { connect, signers, type Gateway } from '@hyperledger/fabric-gateway';
import { common, msp, peer } from '@hyperledger/fabric-protos';
import { type NetworkConfig, type SiteOrg, orgOf, parseNetworkConfig, siteOrg } from '@ncr/gateway-api/network-config';
import { publicPaths, sitePaths } from '../lib/paths';
import { waitFor } from '../lib/processes';

const readNetwork = (file: string): NetworkConfig => parseNetworkConfig(fs.readFileSync(file, 'utf8'), file);

/** .ncr/public/network.json (no secret), written by npm start, read again at each call (a restart may rewrite it). */
export function network(): NetworkConfig {
  return readNetwork(publicPaths.networkJson);
}

/** The organisation `mspId` as its own site knows it (its admin, TLS client): for acting as that organisation. */
function siteOf(mspId: string): SiteOrg {
  return siteOrg(readNetwork(sitePaths(orgOf(network(), mspId).key).networkJson));
}

/** The organisation's client TLS key and certificate, which peers requiring mutual TLS (ours do) ask for. */
function clientTlsPair(site: SiteOrg): [Buffer, Buffer] {
  return [fs.readFileSync(site.org.clientTls.keyPath), fs.readFileSync(site.org.clientTls.certPath)];
}

export interface Connection {
  readonly gateway: Gateway;
  close(): void;
}

/** Connects as the organisation admin of `mspId`, from its own site, through its own peer (mutual TLS). */
export function connectAsAdmin(mspId: string): Connection {
  const { org } = siteOf(mspId);
  return connectAs(mspId, {
    certificate: fs.readFileSync(org.admin.certPath),
    privateKey: fs.readFileSync(org.admin.keyPath),
  });
}

/**
 * Connects with any identity of `mspId` (PEM certificate and key) through that organisation's own peer, presenting
 * that organisation's TLS client certificate.
 */
export function connectAs(mspId: string, identity: { certificate: Uint8Array; privateKey: Uint8Array }): Connection {
  const site = siteOf(mspId);
  const credentials = grpc.credentials.createSsl(fs.readFileSync(site.org.peer.tlsCACertPath), ...clientTlsPair(site));
  const client = new grpc.Client(site.org.peer.endpoint, credentials);
  const gateway = connect({
    client,
    identity: { mspId, credentials: identity.certificate },
    signer: signers.newPrivateKeySigner(createPrivateKey(Buffer.from(identity.privateKey))),
    hash: (message: Uint8Array) => createHash('sha256').update(message).digest(),
    evaluateOptions: () => ({ deadline: Date.now() + 10_000 }),
    endorseOptions: () => ({ deadline: Date.now() + 30_000 }),
    submitOptions: () => ({ deadline: Date.now() + 10_000 }),
    commitStatusOptions: () => ({ deadline: Date.now() + 60_000 }),
  });
  return {
    gateway,
    close: () => {
      gateway.close();
      client.close();
    },
  };
}

/** Channel height through qscc GetChainInfo. */
export async function chainHeight(gateway: Gateway): Promise<number> {
  const { channel } = network();
  const bytes = await gateway.getNetwork(channel).getContract('qscc').evaluateTransaction('GetChainInfo', channel);
  return common.BlockchainInfo.deserializeBinary(bytes).getHeight();
}

export interface CommittedTransaction {
  readonly validationCode: number;
  readonly endorserMspIds: string[];
  /** Who signed it: the MSP and the certificate (PEM) of the transaction's creator. */
  readonly creator: { readonly mspId: string; readonly certificate: string };
}

/** Reads a transaction back from the ledger (qscc) and decodes who signed and endorsed it, and how it was validated. */
export async function committedTransaction(gateway: Gateway, txId: string): Promise<CommittedTransaction> {
  const { channel } = network();
  const bytes = await gateway
    .getNetwork(channel)
    .getContract('qscc')
    .evaluateTransaction('GetTransactionByID', channel, txId);
  const processed = peer.ProcessedTransaction.deserializeBinary(bytes);
  const envelope = processed.getTransactionenvelope();
  if (!envelope) throw new Error(`transaction ${txId} has no envelope`);
  const payload = common.Payload.deserializeBinary(envelope.getPayload_asU8());
  const transaction = peer.Transaction.deserializeBinary(payload.getData_asU8());
  const header = common.SignatureHeader.deserializeBinary(
    payload.getHeader()?.getSignatureHeader_asU8() ?? new Uint8Array(),
  );
  const creator = msp.SerializedIdentity.deserializeBinary(header.getCreator_asU8());
  const endorserMspIds = transaction.getActionsList().flatMap((action) => {
    const actionPayload = peer.ChaincodeActionPayload.deserializeBinary(action.getPayload_asU8());
    return (actionPayload.getAction()?.getEndorsementsList() ?? []).map((endorsement) =>
      msp.SerializedIdentity.deserializeBinary(endorsement.getEndorser_asU8()).getMspid(),
    );
  });
  return {
    validationCode: processed.getValidationcode(),
    endorserMspIds,
    creator: { mspId: creator.getMspid(), certificate: Buffer.from(creator.getIdBytes_asU8()).toString('utf8') },
  };
}

/**
 * Waits until a write could be endorsed through each organisation's peer: the peer's gateway must find, by
 * discovery, peers of other organisations that run the chaincode and satisfy the policy. Right after a restart gossip
 * has not re-learnt them yet ("no combination of peers can be derived"). Each peer is asked for a plan of its own
 * (the chaincode policy) and, because a caller may name the endorsing organisations (a key-level policy asks for a
 * given one), for an endorsement by each organisation alone. The probe proposal is endorsed, never submitted, so this
 * writes nothing to the ledger.
 */
export async function waitForEndorsement(mspIds: readonly string[], timeoutMs = 120_000): Promise<void> {
  const plans: (readonly string[] | undefined)[] = [undefined, ...mspIds.map((mspId) => [mspId])];
  await Promise.all(
    mspIds.map(async (mspId) => {
      const connection = connectAsAdmin(mspId);
      const { channel, chaincode } = network();
      const contract = connection.gateway.getNetwork(channel).getContract(chaincode, 'diagnostics');
      try {
        for (const endorsingOrganizations of plans) {
          const by = endorsingOrganizations === undefined ? 'its own plan' : endorsingOrganizations.join(', ');
          await waitFor(
            `a write endorsed through the ${mspId} peer (${by})`,
            async () => {
              await contract
                .newProposal('RecordProbe', {
                  arguments: [JSON.stringify({ probeId: 'readiness' })],
                  ...(endorsingOrganizations === undefined
                    ? {}
                    : { endorsingOrganizations: [...endorsingOrganizations] }),
                })
                .endorse();
              return true;
            },
            { timeoutMs, intervalMs: 1000 },
          );
        }
      } finally {
        connection.close();
      }
    }),
  );
}
