import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { checkpointers, type ChaincodeEvent } from '@hyperledger/fabric-gateway';
import { bilateralChannel, SettingsSchema } from '@ncr/chaincode/domain';
import { loadConfig } from '../config/config';
import { FabricConnections } from '../fabric/connections';
import { loadNetworkConfig, siteOrg } from '../fabric/network-config';
import { createLogger, type Logger } from '../log';
import { RegistryChannel } from './channel';
import { Relayer, StepLimitReached } from './relayer';

/**
 * `node gateway-api/dist/src/international/relayer-main.js` (NCR_HOME: the site's folder): the site's relayer of
 * international transfers (docs/international.md), as its organisation admin through its own peer. It follows the
 * registry chaincode's events on its own channel and on the bilateral channel of each cooperative approach of its
 * settings (once its peer has joined it), each from a checkpoint file in `<site>/gateway/relayer/`, moved after the
 * event's steps committed. NCR_RELAYER_MAX_STEPS=n stops it after n steps, before that checkpoint (tests).
 */

const decoder = new TextDecoder();
const RETRY_MS = 2_000;

/** Follows one channel's events from its checkpoint, calling `handle` for each; retries from the checkpoint on failure. */
async function follow(
  channel: RegistryChannel,
  checkpointFile: string,
  handle: (event: ChaincodeEvent, payload: unknown) => Promise<void>,
  logger: Logger,
): Promise<never> {
  for (;;) {
    try {
      const checkpoint = await checkpointers.file(checkpointFile);
      const events = await channel.events({ checkpoint, startBlock: 0n });
      try {
        for await (const event of events) {
          await handle(event, JSON.parse(decoder.decode(event.payload)) as unknown);
          await checkpoint.checkpointChaincodeEvent(event);
        }
      } finally {
        events.close();
      }
    } catch (err) {
      if (err instanceof StepLimitReached) throw err;
      logger.warn({ channel: channel.name, err }, 'relayer: will retry from the checkpoint');
    }
    await sleep(RETRY_MS);
  }
}

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  const network = await loadNetworkConfig(config.networkConfigPath);
  const { mspId, org } = siteOrg(network);
  const connections = await FabricConnections.open(network, config.deadlines);
  const gateway = connections.gatewayFor({
    mspId,
    enrollmentId: org.admin.enrollmentId,
    certificate: readFileSync(org.admin.certPath, 'utf8'),
    privateKey: readFileSync(org.admin.keyPath, 'utf8'),
  });
  const national = new RegistryChannel(gateway, network.channel, network.chaincode);
  const bilateral = (name: string): RegistryChannel => new RegistryChannel(gateway, name, network.chaincode);
  let settings = await national.read('registry:GetSettings').catch(() => undefined);
  while (settings === undefined) {
    await sleep(RETRY_MS);
    settings = await national.read('registry:GetSettings').catch(() => undefined);
  }
  const { party, cooperativeApproaches } = SettingsSchema.parse(settings);
  const maxSteps =
    process.env.NCR_RELAYER_MAX_STEPS === undefined ? undefined : Number(process.env.NCR_RELAYER_MAX_STEPS);
  const relayer = new Relayer({ national, bilateral, party, logger, maxSteps });
  const dir = path.join(config.gatewayHome, 'relayer');
  mkdirSync(dir, { recursive: true });
  logger.info({ party, channels: cooperativeApproaches.map((c) => bilateralChannel(c.id)) }, 'relayer started');
  await Promise.race([
    follow(national, path.join(dir, `${national.name}.json`), (e, p) => relayer.onNational(e.eventName, p), logger),
    ...cooperativeApproaches.map((approach) => {
      const channel = bilateral(bilateralChannel(approach.id));
      const file = path.join(dir, `${channel.name}.json`);
      return follow(channel, file, (e, p) => relayer.onBilateral(channel.name, e.eventName, p), logger);
    }),
  ]);
}

main().catch((err: unknown) => {
  if (err instanceof StepLimitReached) {
    console.error(err.message);
    process.exit(3);
  }
  console.error(`relayer failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
