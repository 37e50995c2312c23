import path from 'node:path';
import { AccountApplications } from './applications/service';
import { SqliteApplicationStore } from './applications/store';
import type { Config } from './config/config';
import { SiteCopies } from './documents/remote';
import { DocumentService } from './documents/service';
import { ProposalGuard } from './documents/site-copy';
import { FolderDocumentStore } from './documents/store';
import { siteOrg } from './fabric/network-config';
import { FabricCaEnroller } from './identity/enrollment';
import { loadNotificationConfig } from './notifications/config';
import { NotificationStore } from './notifications/store';
import type { GatewayServices } from './server';

/* The site's own stores beside the ledger, opened by the gateway server only: applications, documents, notifications. */

/**
 * Account applications made at this site, over its records in `applications.sqlite` (opened by the server only, as
 * its other stores: the command-line tools that open the services never need it).
 */
export function openApplications(
  config: Config,
  services: GatewayServices,
): { applications: AccountApplications; close(): void } {
  const store = SqliteApplicationStore.open(path.join(config.gatewayHome, 'applications.sqlite'));
  const { mspId, org } = siteOrg(services.network);
  const applications = new AccountApplications({
    store,
    users: services.users,
    enroller: new FabricCaEnroller(services.network, services.wallets),
    registry: services.registry,
    siteAdmin: { mspId, enrollmentId: org.admin.enrollmentId },
  });
  return {
    applications,
    close: () => {
      store.close();
    },
  };
}

/** The documents the site keeps, in its folder store, with site copies to and from the other organisations. */
export function openDocuments(
  config: Config,
  services: GatewayServices,
): { documents: DocumentService; siteCopies: SiteCopies } {
  const { mspId } = siteOrg(services.network);
  const siteCopies = new SiteCopies({
    network: services.network,
    offline: services.offline,
    wallet: services.wallets,
    guard: new ProposalGuard(),
    mspId,
  });
  const documents = new DocumentService({
    registry: services.registry,
    store: new FolderDocumentStore(config.documentsDir),
    incomingDir: path.join(config.gatewayHome, 'incoming'),
    mspId,
    remote: siteCopies,
  });
  return { documents, siteCopies };
}

/** The notification subscriptions' store and what the routes need of the site's settings (docs/notifications.md). */
export function openNotifications(config: Config) {
  const notify = loadNotificationConfig(config.gatewayHome);
  const store = NotificationStore.open(notify.dbPath);
  return { store, deps: { store, allowHosts: notify.allowHosts, email: notify.smtp !== undefined } };
}
