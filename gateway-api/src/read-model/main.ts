import { loadConfig } from '../config/config';
import { loadNetworkConfig } from '../fabric/network-config';
import { createLogger } from '../log';
import { startNotifications } from '../notifications/runtime';
import { loadReadModelConfig } from './config';
import { BlockFollower } from './follower';
import { ReadModelStore } from './store';
import type { ApplyOptions } from './store-types';

/**
 * The read-model process: `node gateway-api/dist/src/read-model/main.js` (started by `npm start` as
 * `gateway-readmodel`). Follows committed blocks into SQLite and makes and sends the site's notifications
 * (notifications/runtime.ts); safe to kill at any moment. `apply` lets a test
 * entry point act inside a block's SQLite transaction; the production process passes nothing.
 */
export async function runReadModel(apply: ApplyOptions = {}): Promise<void> {
  const config = loadConfig();
  const readModel = loadReadModelConfig(config.ncrHome);
  const logger = createLogger(config.logLevel).child({ component: 'read-model' });
  const network = await loadNetworkConfig(config.networkConfigPath);
  const store = ReadModelStore.openWriter(readModel.dbPath);
  const notifications = startNotifications(config, store, logger);
  const follower = new BlockFollower({
    network,
    deadlines: config.deadlines,
    store,
    logger,
    blockDelayMs: readModel.blockDelayMs,
    apply,
    sink: notifications.sink,
  });
  logger.info({ db: readModel.dbPath, ...store.status() }, 'read model starting');
  const shutdown = (signal: string): void => {
    logger.info({ signal }, 'read model stopping');
    follower.stop();
  };
  process.once('SIGTERM', () => {
    shutdown('SIGTERM');
  });
  process.once('SIGINT', () => {
    shutdown('SIGINT');
  });
  try {
    await follower.run();
  } finally {
    await notifications.stop();
    store.close();
  }
  logger.info('read model stopped');
}

/** Runs the read model as a process: exit 0 once stopped, 1 on failure. */
export function runReadModelProcess(apply: ApplyOptions = {}): void {
  runReadModel(apply).then(
    () => process.exit(0),
    (err: unknown) => {
      console.error(`read model failed: ${err instanceof Error ? err.message : String(err)}`);
      process.exit(1);
    },
  );
}

if (require.main === module) runReadModelProcess();
