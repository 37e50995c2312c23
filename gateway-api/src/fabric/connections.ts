import { X509Certificate, createHash, createPrivateKey } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import * as grpc from '@grpc/grpc-js';
import { type Gateway, type Network, connect, hash, signers } from '@hyperledger/fabric-gateway';
import type { Deadlines } from '../config/config';
import { type WalletEntry, identityKey, inCustody } from '../identity/credentials';
import { type NetworkConfig, orgOf } from './network-config';

/** Per-call deadline factory: a fresh absolute deadline for each call. */
const within = (ms: number) => (): grpc.CallOptions => ({ deadline: Date.now() + ms });

export interface PeerHealth {
  readonly mspId: string;
  readonly peer: string;
  readonly endpoint: string;
  readonly reachable: boolean;
}

/**
 * The gateway's connections to Fabric: exactly one gRPC client per peer endpoint, shared by every user's
 * `Gateway`, and one `Gateway` per identity and peer (cached). Each identity talks to its own organisation's peer,
 * whose gateway service gathers the other endorsements; reading blocks may go to any peer. Every connection
 * presents the site's own TLS client certificate (peers accept those of every channel organisation's CA).
 */
export class FabricConnections {
  readonly network: NetworkConfig;
  readonly #deadlines: Deadlines;
  readonly #clients = new Map<string, grpc.Client>();
  /** SHA-256 of each endpoint's client TLS certificate (DER), bound into proposals under mutual TLS. */
  readonly #tlsCertHashes = new Map<string, Uint8Array>();
  readonly #gateways = new Map<string, { gateway: Gateway; certificate: string }>();
  #closed = false;

  private constructor(network: NetworkConfig, deadlines: Deadlines) {
    this.network = network;
    this.#deadlines = deadlines;
  }

  /** Creates the gRPC clients (lazily connecting: nothing fails here if a peer is down). */
  static async open(network: NetworkConfig, deadlines: Deadlines): Promise<FabricConnections> {
    const connections = new FabricConnections(network, deadlines);
    const ownTls = network.org === undefined ? undefined : network.orgs[network.org]?.clientTls;
    for (const org of Object.values(network.orgs)) {
      if (connections.#clients.has(org.peer.endpoint)) continue;
      const tlsRoot = await readFile(org.peer.tlsCACertPath);
      let credentials = grpc.credentials.createSsl(tlsRoot);
      const clientTls = org.clientTls ?? ownTls;
      if (clientTls !== undefined) {
        const [cert, key] = await Promise.all([readFile(clientTls.certPath), readFile(clientTls.keyPath)]);
        credentials = grpc.credentials.createSsl(tlsRoot, key, cert);
        connections.#tlsCertHashes.set(
          org.peer.endpoint,
          createHash('sha256').update(new X509Certificate(cert).raw).digest(),
        );
      }
      connections.#clients.set(
        org.peer.endpoint,
        new grpc.Client(org.peer.endpoint, credentials, {
          // Keep idle connections healthy under load without flooding the peer with pings.
          'grpc.keepalive_time_ms': 120_000,
          'grpc.keepalive_timeout_ms': 20_000,
          // A peer that was down is reconnected within 2 s of its return: gRPC's default back-off grows to 120 s,
          // and every call fails at once (`UNAVAILABLE: No connection established`) while it waits.
          'grpc.initial_reconnect_backoff_ms': 250,
          'grpc.max_reconnect_backoff_ms': 2_000,
        }),
      );
    }
    return connections;
  }

  get channelName(): string {
    return this.network.channel;
  }

  get chaincodeName(): string {
    return this.network.chaincode;
  }

  #clientFor(endpoint: string): grpc.Client {
    const client = this.#clients.get(endpoint);
    if (client === undefined) throw new Error(`no gRPC client for ${endpoint}`);
    return client;
  }

  /**
   * The cached Gateway for an identity through the peer of `peerOf` (by default its own organisation's), created on
   * first use (or when its certificate changed). Without a private key (custody external) it has no signer: its
   * proposals and transactions are signed offline by their owner.
   */
  gatewayFor(credentials: WalletEntry, peerOf: string = credentials.mspId): Gateway {
    if (this.#closed) throw new Error('Fabric connections are closed');
    const endpoint = orgOf(this.network, peerOf).peer.endpoint;
    const key = `${identityKey(credentials)} ${endpoint}`;
    const cached = this.#gateways.get(key);
    if (cached?.certificate === credentials.certificate) return cached.gateway;
    cached?.gateway.close();
    const tlsClientCertificateHash = this.#tlsCertHashes.get(endpoint);
    const gateway = connect({
      client: this.#clientFor(endpoint),
      ...(tlsClientCertificateHash === undefined ? {} : { tlsClientCertificateHash }),
      identity: { mspId: credentials.mspId, credentials: Buffer.from(credentials.certificate) },
      ...(inCustody(credentials)
        ? { signer: signers.newPrivateKeySigner(createPrivateKey(credentials.privateKey)) }
        : {}),
      hash: hash.sha256,
      evaluateOptions: within(this.#deadlines.evaluateMs),
      endorseOptions: within(this.#deadlines.endorseMs),
      submitOptions: within(this.#deadlines.submitMs),
      commitStatusOptions: within(this.#deadlines.commitStatusMs),
    });
    this.#gateways.set(key, { gateway, certificate: credentials.certificate });
    return gateway;
  }

  networkFor(credentials: WalletEntry, peerOf?: string): Network {
    return this.gatewayFor(credentials, peerOf).getNetwork(this.network.channel);
  }

  /** Whether each peer's gRPC channel becomes ready within `timeoutMs`. */
  async peersHealth(timeoutMs = 2_000): Promise<PeerHealth[]> {
    return Promise.all(
      Object.entries(this.network.orgs).map(async ([mspId, org]) => {
        const client = this.#clients.get(org.peer.endpoint);
        const reachable =
          client !== undefined &&
          (await new Promise<boolean>((resolve) => {
            client.waitForReady(Date.now() + timeoutMs, (err) => {
              resolve(err === undefined);
            });
          }));
        return { mspId, peer: org.peer.name, endpoint: org.peer.endpoint, reachable };
      }),
    );
  }

  /** Closes every Gateway, then every gRPC client. Idempotent. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const { gateway } of this.#gateways.values()) gateway.close();
    this.#gateways.clear();
    for (const client of this.#clients.values()) client.close();
    this.#clients.clear();
  }
}
