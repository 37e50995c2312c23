import { setTimeout as sleep } from 'node:timers/promises';
import { loadConfig } from '../config/config';
import { decodeChainInfo } from '../fabric/blocks';
import { FabricConnections } from '../fabric/connections';
import { loadNetworkConfig } from '../fabric/network-config';
import { readModelDbPath } from './config';
import { type Evaluate, type ReconcileResult, reconcile } from './reconcile';
import { siteAdminCredentials } from './follower';
import { ReadModelStore } from './store';

const ATTEMPTS = 3;
const CATCH_UP_MS = 60_000;

/** Opens the read model once it has reached `height`, or fails after CATCH_UP_MS. */
async function caughtUpStore(dbPath: string, height: number): Promise<ReadModelStore> {
  const deadline = Date.now() + CATCH_UP_MS;
  let store = ReadModelStore.openReader(dbPath);
  while (store.status().blockHeight < height) {
    store.close();
    if (Date.now() > deadline) {
      throw new Error(`the read model (${dbPath}) did not reach ledger height ${height} within ${CATCH_UP_MS} ms`);
    }
    await sleep(250);
    store = ReadModelStore.openReader(dbPath);
  }
  return store;
}

/** Reconciles at the ledger's height, again (up to ATTEMPTS) when the ledger moved during a comparison. */
async function reconcileCaughtUp(
  dbPath: string,
  evaluate: Evaluate,
  ledgerHeight: () => Promise<number>,
): Promise<ReconcileResult | undefined> {
  let result: ReconcileResult | undefined;
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    const height = await ledgerHeight();
    const store = await caughtUpStore(dbPath, height);
    try {
      result = await reconcile(evaluate, store);
    } finally {
      store.close();
    }
    if (result.differences.length === 0 || (await ledgerHeight()) === height) break;
    console.log(`  ledger moved during the comparison: comparing again (${attempt}/${ATTEMPTS})`);
  }
  return result;
}

function printResult(dbPath: string, result: ReconcileResult): void {
  const counts = Object.entries(result.compared)
    .map(([what, n]) => `${n} ${what}`)
    .join(', ');
  console.log(`  read model ${dbPath} at block height ${result.blockHeight}`);
  console.log(`  compared with the chaincode state: ${counts}`);
  for (const d of result.differences) console.log(`  DIFFERENCE ${d.what} ${d.id}: ${d.detail}`);
  console.log(
    result.differences.length === 0
      ? '  no differences'
      : `  ${result.differences.length} difference(s) between the read model and the ledger`,
  );
}

/**
 * `npm run reconcile`: waits until the read model has caught up with the ledger height, compares it with the
 * chaincode state, and prints every difference (exit 1). Differences caused by transactions committed during the
 * comparison are retried with a fresh catch-up before being reported.
 */
async function main(): Promise<number> {
  const config = loadConfig();
  const network = await loadNetworkConfig(config.networkConfigPath);
  const dbPath = readModelDbPath(config.ncrHome);
  const identity = await siteAdminCredentials(network);
  const connections = await FabricConnections.open(network, config.deadlines);
  try {
    const channel = connections.networkFor(identity);
    const contract = (name: string) => channel.getContract(network.chaincode, name);
    const evaluate = async (name: string, arg?: unknown): Promise<unknown> => {
      const [ns = '', tx = ''] = name.split(':');
      const bytes = await contract(ns).evaluate(tx, { arguments: arg === undefined ? [] : [JSON.stringify(arg)] });
      return JSON.parse(Buffer.from(bytes).toString('utf8')) as unknown;
    };
    const ledgerHeight = async (): Promise<number> =>
      decodeChainInfo(await channel.getContract('qscc').evaluateTransaction('GetChainInfo', network.channel)).height;

    const result = await reconcileCaughtUp(dbPath, evaluate, ledgerHeight);
    if (result === undefined) return 1;
    printResult(dbPath, result);
    return result.differences.length === 0 ? 0 : 1;
  } finally {
    connections.close();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`reconcile failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(2);
  },
);
