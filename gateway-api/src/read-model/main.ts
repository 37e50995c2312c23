import { loadConfig } from '../config/config';
import { loadNetworkConfig } from '../fabric/network-config';
import { createLogger } from '../log';
import { loadReadModelConfig } from './config';
import { BlockFollower } from './follower';
import { ReadModelStore } from './store';

/**
 * The read-model process: `node gateway-api/dist/src/read-model/main.js` (started by `npm start` as
 * `gateway-readmodel`). Follows committed blocks into SQLite; safe to kill at any moment.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const readModel = loadReadModelConfig(config.ncrHome);
  const logger = createLogger(config.logLevel).child({ component: 'read-model' });
  const network = await loadNetworkConfig(config.networkConfigPath);
  const store = ReadModelStore.openWriter(readModel.dbPath);
  const crashAt = readModel.crashBeforeCommitAtBlock;
  const follower = new BlockFollower({
    network,
    deadlines: config.deadlines,
    store,
    logger,
    blockDelayMs: readModel.blockDelayMs,
    apply:
      crashAt === undefined
        ? {}
        : {
            beforeCommit: (block) => {
              if (block.number === crashAt) process.kill(process.pid, 'SIGKILL');
            },
          },
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
    store.close();
  }
  logger.info('read model stopped');
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(`read model failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
