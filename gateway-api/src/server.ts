import { readFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import path from 'node:path';
import { type Config, keptBesideData, resolveWalletKey, walletKeyPath } from './config/config';
import { CommitBarrier } from './fabric/commit-barrier';
import { loadExplorerConfig, operationsNodes } from './explorer/config';
import { NodeProbe } from './explorer/nodes';
import { Explorer } from './explorer/service';
import { FabricExplorerLedger } from './explorer/source';
import { FabricConnections } from './fabric/connections';
import { FabricLedger, type Ledger } from './fabric/ledger';
import { FabricOfflineSigning, type OfflineFabric } from './fabric/offline';
import { type NetworkConfig, loadNetworkConfig, siteOrg } from './fabric/network-config';
import { OrderingProbe } from './fabric/ordering';
import { PeerHeights, fabricHeightStreams } from './fabric/peer-heights';
import { ReadYourWritesLedger } from './fabric/read-your-writes';
import { RegistryClient } from './fabric/registry';
import { createApp } from './http/app';
import { SqliteIdempotencyStore } from './storage/idempotency-store';
import { SqlitePreparedStore } from './storage/prepared-store';
import { listen } from './http/listen';
import { openApplications, openDocuments, openNotifications } from './local-stores';
import { bilateralAbandon, bilateralDecisions } from './international/decisions';
import type { RouteDeps } from './routes/deps';
import type { IdentityRef } from './identity/credentials';
import { FabricCaEnroller } from './identity/enrollment';
import { Onboarding } from './identity/onboarding';
import { UserDirectory } from './identity/users';
import { CustodyWallets } from './identity/wallet';
import type { Logger } from './log';
import { Metrics } from './metrics';
import { readModelDbPath } from './read-model/config';
import { readModelOpener } from './read-model/disk';

/** Everything the gateway runs on, wired from the configuration. */
export interface GatewayServices {
  readonly network: NetworkConfig;
  /** System identities and users in separate stores. */
  readonly wallets: CustodyWallets;
  readonly users: UserDirectory;
  readonly connections: FabricConnections;
  /** Fabric, behind the read-your-writes barrier unless NCR_CATCH_UP_WAIT_MS is 0. */
  readonly ledger: Ledger;
  /** Fabric for users who sign offline (behind the same barrier). */
  readonly offline: OfflineFabric;
  /** The orderers' health, when network.json lists their operations endpoints. */
  readonly ordering: OrderingProbe | undefined;
  readonly registry: RegistryClient;
  readonly onboarding: Onboarding;
  readonly metrics: Metrics;
  /** The admin of the site's own organisation (network.json), imported into the system wallet, by MSP ID. */
  readonly orgAdmins: ReadonlyMap<string, IdentityRef>;
  /** The height of an organisation's peer as its block stream last told (undefined when not followed). */
  readonly peerHeight: (mspId: string) => number | undefined;
  /** Stops following the peers' blocks, then closes every Fabric connection. */
  close(): Promise<void>;
}

/** The identities of the site's network.json that belong to the system, never to a user: its admin and registrar. */
function systemIdentities(network: NetworkConfig): IdentityRef[] {
  const { mspId, org, registrar } = siteOrg(network);
  return [
    { mspId, enrollmentId: org.admin.enrollmentId },
    { mspId, enrollmentId: registrar.enrollmentId },
  ];
}

/** Copies the site organisation admin's certificate and key (network.json) into the system wallet. */
async function importOrgAdmins(network: NetworkConfig, wallets: CustodyWallets): Promise<Map<string, IdentityRef>> {
  const { mspId, org } = siteOrg(network);
  const [certificate, privateKey] = await Promise.all([
    readFile(org.admin.certPath, 'utf8'),
    readFile(org.admin.keyPath, 'utf8'),
  ]);
  await wallets.system.put({ mspId, enrollmentId: org.admin.enrollmentId, certificate, privateKey });
  return new Map([[mspId, { mspId, enrollmentId: org.admin.enrollmentId }]]);
}

/**
 * The gateway's wallets (system identities and users), under its state folder, with the key of the configuration.
 * An audit opens them the same way (docs/security.md).
 */
export function openWallets(config: Config, network: NetworkConfig): CustodyWallets {
  return CustodyWallets.open(
    path.join(config.gatewayHome, 'wallet'),
    resolveWalletKey(config),
    systemIdentities(network),
  );
}

/** Says where the wallet key file is, with a warning when it lies beside the wallet (inside NCR_HOME). */
function logWalletKey(config: Config, logger: Logger): void {
  if (config.walletKey !== undefined) return;
  const keyFile = walletKeyPath(config);
  if (keptBesideData(config, keyFile)) {
    logger.warn(
      { keyFile, ncrHome: config.ncrHome },
      'the wallet key is kept beside the wallet it encrypts (inside NCR_HOME): a copy of NCR_HOME opens every ' +
        'identity; keep it elsewhere (NCR_WALLET_KEY_FILE) or pass WALLET_KEY',
    );
  } else {
    logger.info({ keyFile }, 'wallet key');
  }
}

export async function openServices(config: Config, logger: Logger, metrics = new Metrics()): Promise<GatewayServices> {
  logWalletKey(config, logger);
  const network = await loadNetworkConfig(config.networkConfigPath);
  const site = siteOrg(network);
  const wallets = openWallets(config, network);
  const orgAdmins = await importOrgAdmins(network, wallets);
  const users = await UserDirectory.open(path.join(config.gatewayHome, 'users.json'));
  const connections = await FabricConnections.open(network, config.deadlines);
  const ordering = OrderingProbe.fromNetwork(network);
  const fabric = new FabricLedger({
    connections,
    credentials: wallets,
    metrics,
    logger,
    mvccRetries: config.mvccRetries,
    ordering,
  });
  const peers = Object.keys(network.orgs);
  const barrier = new CommitBarrier();
  const heights = new PeerHeights({
    peers,
    barrier,
    logger,
    open: fabricHeightStreams(connections, wallets, { mspId: site.mspId, enrollmentId: site.org.admin.enrollmentId }),
  });
  const fence =
    config.catchUpWaitMs === 0
      ? undefined
      : new ReadYourWritesLedger(fabric, { barrier, peers, boundMs: config.catchUpWaitMs, logger });
  const ledger = fence ?? fabric;
  if (fence !== undefined) heights.start();
  const offline = new FabricOfflineSigning({ connections, metrics, logger, ordering, fence });
  const registry = new RegistryClient(ledger);
  const onboarding = new Onboarding({ enroller: new FabricCaEnroller(network, wallets), users, registry, ledger });
  const close = async (): Promise<void> => {
    await heights.close();
    connections.close();
  };
  const peerHeight = (mspId: string): number | undefined =>
    config.catchUpWaitMs > 0 ? barrier.heightOf(mspId) : undefined;
  return {
    ...{ network, wallets, users, connections, ledger, offline, ordering, registry, onboarding, metrics, orgAdmins },
    peerHeight,
    close,
  };
}

export interface RunningGateway {
  readonly server: Server;
  readonly services: GatewayServices;
  readonly url: string;
  /** Stops accepting, lets requests finish (up to the grace period), then closes gateways and gRPC clients. */
  close(): Promise<void>;
}

/** Bilateral decisions read as the site's organisation admin (international/decisions.ts). */
function bilateralOf(services: GatewayServices): RouteDeps['bilateralDecision'] {
  const admin = services.orgAdmins.values().next().value;
  return admin === undefined ? undefined : bilateralDecisions(services.connections, services.wallets, admin);
}

/** Abandoning a request on its bilateral channel as the site's organisation admin (international/decisions.ts). */
function abandonOf(services: GatewayServices): RouteDeps['bilateralAbandon'] {
  const admin = services.orgAdmins.values().next().value;
  return admin === undefined ? undefined : bilateralAbandon(services.connections, services.wallets, admin);
}

/** The block explorer over the gateway's connections, configured by explorer-config/config.json. */
function openExplorer(services: GatewayServices): Explorer {
  const config = loadExplorerConfig();
  return new Explorer({
    ledger: new FabricExplorerLedger({ connections: services.connections, credentials: services.wallets }),
    config,
    network: services.network,
    nodes: new NodeProbe(operationsNodes(config, services.network)),
  });
}

export async function startGateway(config: Config, logger: Logger): Promise<RunningGateway> {
  const services = await openServices(config, logger);
  const idempotencyStore = await SqliteIdempotencyStore.open(path.join(config.gatewayHome, 'idempotency.sqlite'), {
    legacyJson: path.join(config.gatewayHome, 'idempotency.json'),
  });
  const preparedStore = new SqlitePreparedStore(path.join(config.gatewayHome, 'prepared.sqlite'));
  const applications = openApplications(config, services);
  const notifications = openNotifications(config);
  const app = createApp({
    ledger: services.ledger,
    ordering: services.ordering,
    registry: services.registry,
    onboarding: services.onboarding,
    applications: applications.applications,
    systemIdentity: services.orgAdmins.values().next().value,
    bilateralDecision: bilateralOf(services),
    bilateralAbandon: abandonOf(services),
    users: services.users,
    idempotency: idempotencyStore,
    metrics: services.metrics,
    logger,
    bodyLimit: config.bodyLimit,
    rateLimitPerMinute: config.rateLimitPerMinute,
    publicRateLimitPerMinute: config.publicRateLimitPerMinute,
    healthCacheMs: config.healthCacheMs,
    readModel: readModelOpener(readModelDbPath(config.ncrHome), config.readModelMinFreeBytes),
    peerHeight: services.peerHeight,
    explorer: openExplorer(services),
    offline: { fabric: services.offline, wallet: services.wallets, persistence: preparedStore },
    ...openDocuments(config, services),
    notifications: notifications.deps,
  });
  const server = await listen(app, config.port, config.host, logger);
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : config.port;
  const url = `http://${config.host}:${port}`;
  logger.info({ url, ncrHome: config.ncrHome }, 'gateway listening');
  let closing: Promise<void> | undefined;
  const close = (): Promise<void> =>
    (closing ??= (async () => {
      const closed = new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
      });
      server.closeIdleConnections();
      const timer = setTimeout(() => {
        server.closeAllConnections();
      }, config.shutdownGraceMs);
      await closed;
      clearTimeout(timer);
      await services.close();
      idempotencyStore.close();
      preparedStore.close();
      applications.close();
      notifications.store.close();
      logger.info('gateway stopped');
    })());
  return { server, services, url, close };
}
