import { loadConfig } from './config/config';
import { createLogger } from './log';
import { startGateway } from './server';

/** Starts the gateway: `node gateway-api/dist/src/main.js` (configuration from the environment, docs/api.md). */
async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  const gateway = await startGateway(config, logger);
  const shutdown = (signal: string): void => {
    logger.info({ signal }, 'shutting down');
    // SSE streams never end by themselves; the grace period bounds the wait.
    gateway.close().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => {
    shutdown('SIGTERM');
  });
  process.once('SIGINT', () => {
    shutdown('SIGINT');
  });
}

main().catch((err: unknown) => {
  console.error(`gateway failed to start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
