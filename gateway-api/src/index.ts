/** Public surface of the gateway package (`@ncr/gateway-api`). */
export { bootstrapDemo, type DemoUser } from './bootstrap/demo';
export { loadConfig, loadOrCreateWalletKey, resolveWalletKey, walletKeyPath, type Config } from './config/config';
export { createApp, buildRoutes, type AppDeps } from './http/app';
export { startGateway, openServices, openWallets, type RunningGateway } from './server';
export { createCsr } from './identity/csr';
export { inCustody, type WalletEntry } from './identity/credentials';
export * from './errors';
export { decodeBlock, type DecodedBlock, type TransactionDetail } from './fabric/blocks';
export { raftLeader } from './fabric/ordering';
export { ReadModelStore } from './read-model/store';
export { unsealFile } from './identity/wallet';
export { readModelDbPath } from './read-model/config';
export type { CommittedBlock, CommittedTransaction } from './read-model/decode';
export { PROJECT_EXAMPLE } from './routes/examples';
