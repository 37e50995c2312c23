import type { SiteCopies } from '../documents/remote';
import type { DocumentService } from '../documents/service';
import type { AccountApplications } from '../applications/service';
import type { BilateralTransfer } from '@ncr/chaincode/domain';
import type { Explorer } from '../explorer/service';
import type { Committed, Ledger } from '../fabric/ledger';
import type { OrderingHealth } from '../fabric/ordering';
import type { RegistryClient } from '../fabric/registry';
import type { IdentityRef } from '../identity/credentials';
import type { Onboarding } from '../identity/onboarding';
import type { NotificationStore } from '../notifications/store';
import type { ReadModelStore } from '../read-model/store';
import type { OfflineDeps } from './transactions';

/** What the resource routes need. */
export interface RouteDeps {
  readonly ledger: Ledger;
  readonly registry: RegistryClient;
  readonly onboarding: Onboarding;
  /** Identity for unauthenticated reads (health): an org admin from network.json. */
  readonly systemIdentity: IdentityRef | undefined;
  /** Opens the read model (SQLite, read-only) for one request; throws when its database does not exist yet. */
  readonly readModel?: () => ReadModelStore;
  /**
   * The height of an organisation's peer as its block stream last told; undefined when not followed. A read model
   * at or past the caller's peer's height answers as a query on that peer would.
   */
  readonly peerHeight?: (mspId: string) => number | undefined;
  /** The orderers' health (their operations endpoints), when the network description lists them. */
  readonly ordering?: { health(): Promise<OrderingHealth> } | undefined;
  /** How long one health probe of the ledger answers /v1/health (default 3000 ms; 0 probes on every call). */
  readonly healthCacheMs?: number;
  /** The block explorer and the public register (explorer-config/config.json). */
  readonly explorer?: Explorer;
  /** The documents this site keeps (docs/documents.md); without it the document routes answer 503. */
  readonly documents?: DocumentService;
  /** Files fetched from and given to other organisations' sites. */
  readonly siteCopies?: SiteCopies;
  /** Notification subscriptions (the read-model process makes and sends the deliveries). */
  readonly notifications?: {
    readonly store: NotificationStore;
    /** Webhook hosts allowed (NCR_WEBHOOK_ALLOW_HOSTS). */
    readonly allowHosts: readonly string[];
    /** Whether the site sends e-mail (NCR_SMTP_URL). */
    readonly email: boolean;
  };
  /** The decision on an international transfer request on its cooperative approach's bilateral channel, if any. */
  readonly bilateralDecision?: (
    cooperativeApproachId: string,
    requestId: string,
  ) => Promise<BilateralTransfer | undefined>;
  /** Abandons a PENDING request on its bilateral channel (the site's government admin signs). */
  readonly bilateralAbandon?: (cooperativeApproachId: string, requestId: string, reason: string) => Promise<Committed>;
  /** Offline signing, for users who keep their own key. */
  readonly offline?: OfflineDeps;
  /** Account applications made at this site (its own records beside the ledger's). */
  readonly applications?: AccountApplications;
}
