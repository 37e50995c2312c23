/**
 * The one schema source for transaction inputs, world-state assets and event payloads, one file per aggregate. The chaincode parses
 * every argument with these; the gateway imports them (`@ncr/chaincode/domain`) to validate REST input and generate
 * OpenAPI. Naming: `<Transaction>InputSchema` / `<Transaction>Input` for inputs, `<Asset>Schema` / `<Asset>` for
 * assets.
 */
export * from './primitives';
export * from './registry';
export * from './accounts';
export * from './applications';
export * from './projects';
export * from './monitoring';
export * from './credits';
export * from './events';
export * from './workflow';
export * from './documents';
export * from './international';
export * from './transactions';
