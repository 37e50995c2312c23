import type { Config } from '../config/config';
import type { Logger } from '../log';
import type { ReadModelStore } from '../read-model/store';
import { emailSender, webhookSender } from './channels';
import { loadNotificationConfig } from './config';
import { Dispatcher } from './dispatcher';
import { type BlockSink, notificationSink } from './fanout';
import { NotificationStore } from './store';

/**
 * Notifications in the read-model process (one per organisation): the fan-out that the block follower runs after
 * the read model, and the dispatcher that sends the outbox. The gateway only registers subscriptions, so however
 * many gateway processes a site runs, its deliveries are made and sent in one place.
 */
export function startNotifications(
  config: Config,
  readModel: ReadModelStore,
  logger: Logger,
): { readonly sink: BlockSink; stop(): Promise<void> } {
  const settings = loadNotificationConfig(config.gatewayHome);
  const store = NotificationStore.open(settings.dbPath);
  const email = settings.smtp === undefined ? undefined : emailSender(settings.smtp);
  const dispatcher = new Dispatcher({
    store,
    retry: settings.retry,
    pollMs: settings.pollMs,
    leaseMs: Math.max(30_000, 3 * settings.timeoutMs),
    webhook: webhookSender(settings),
    email: email?.send,
    logger: logger.child({ component: 'notifications' }),
  });
  const sink = notificationSink(store, readModel, () => {
    dispatcher.wake();
  });
  logger.info(
    { db: settings.dbPath, allowHosts: settings.allowHosts, email: settings.smtp !== undefined, retry: settings.retry },
    'notifications: fan-out and dispatch',
  );
  dispatcher.start();
  return {
    sink,
    stop: async () => {
      await dispatcher.stop();
      email?.close();
      store.close();
    },
  };
}
