import { readFile } from 'node:fs/promises';
import { describeIssues } from '@ncr/chaincode/domain';
import { z } from 'zod';

/**
 * The one schema of the network description: `.ncr/public/network.json` (every organisation's public parts) and
 * each site's `.ncr/orgs/<org>/network.json` (the same, plus that organisation's own registrar secret, admin and TLS
 * client, and `org` naming it). `npm start` builds both from the topology and validates them before writing
 * (scripts/src/network/profiles.ts); the gateway, the scripts' clients and the tests read them through
 * `parseNetworkConfig`. Imported by the scripts as `@ncr/gateway-api/network-config` (format: docs/interfaces.md).
 */
export const networkConfigSchema = z.object({
  channel: z.string().min(1),
  chaincode: z.string().min(1),
  /** The MSP ID of the organisation whose site this description belongs to; absent in the public description. */
  org: z.string().min(1).optional(),
  orgs: z.record(
    z.string().min(1),
    z.object({
      key: z.string().min(1),
      /** The organisation's REST gateway: its own users work through it. */
      gatewayUrl: z.url(),
      peer: z.object({
        name: z.string().min(1),
        endpoint: z.string().min(1),
        tlsCACertPath: z.string().min(1),
        /** The peer's operations endpoint (`/healthz`, `/metrics`), shown by the explorer. */
        operationsUrl: z.url().optional(),
      }),
      /** The organisation's orderer; its operations endpoint tells whether it runs (and whether it leads). */
      orderer: z.object({ name: z.string().min(1), endpoint: z.string().min(1), operationsUrl: z.url() }).optional(),
      ca: z.object({
        url: z.url(),
        caName: z.string().min(1),
        tlsCACertPath: z.string().min(1),
        /** Only in the organisation's own site description. */
        registrar: z.object({ enrollmentId: z.string().min(1), secret: z.string().min(1) }).optional(),
      }),
      /** Client TLS certificate for peers that require mutual TLS (own site only; it serves every peer). */
      clientTls: z.object({ certPath: z.string().min(1), keyPath: z.string().min(1) }).optional(),
      /** The organisation admin's certificate and key (own site only). */
      admin: z
        .object({
          enrollmentId: z.string().min(1),
          certPath: z.string().min(1),
          keyPath: z.string().min(1),
        })
        .optional(),
    }),
  ),
});

export type NetworkConfig = z.infer<typeof networkConfigSchema>;
export type OrgConfig = NetworkConfig['orgs'][string];
type Required<T, K extends keyof T> = T & { readonly [P in K]-?: NonNullable<T[P]> };

/** The organisation a site description belongs to, with the secrets only its own site holds. */
export interface SiteOrg {
  readonly mspId: string;
  readonly org: Required<OrgConfig, 'admin' | 'clientTls'>;
  readonly registrar: NonNullable<OrgConfig['ca']['registrar']>;
}

/**
 * The site's own organisation (`org` of a site description) with its admin, TLS client and registrar, or an error:
 * a gateway acts for exactly one organisation, and registers users only with that organisation's CA.
 */
export function siteOrg(config: NetworkConfig): SiteOrg {
  const mspId = config.org;
  if (mspId === undefined) throw new Error('this network description names no organisation of its own (org)');
  const org = orgOf(config, mspId);
  const { admin, clientTls } = org;
  const registrar = org.ca.registrar;
  if (admin === undefined || clientTls === undefined || registrar === undefined) {
    throw new Error(`the network description of ${mspId} lacks its admin, TLS client or registrar`);
  }
  return { mspId, org: { ...org, admin, clientTls }, registrar };
}

/** The network description in `text` (the content of `file`), or an error naming the file and every problem. */
export function parseNetworkConfig(text: string, file: string): NetworkConfig {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new Error(`The network description ${file} is not JSON (run npm start to write it again)`, { cause: err });
  }
  const parsed = networkConfigSchema.safeParse(json);
  if (!parsed.success) {
    throw new Error(`Invalid network description ${file}: ${describeIssues(parsed.error, undefined, Infinity)}`);
  }
  return parsed.data;
}

export async function loadNetworkConfig(file: string): Promise<NetworkConfig> {
  let raw: string;
  try {
    raw = await readFile(file, 'utf8');
  } catch (err) {
    throw new Error(`Cannot read the network description ${file} (is the network up? run npm start)`, {
      cause: err,
    });
  }
  return parseNetworkConfig(raw, file);
}

/** The organisation entry for an MSP ID, or an error naming the known ones. */
export function orgOf(config: NetworkConfig, mspId: string): OrgConfig {
  const org = config.orgs[mspId];
  if (org === undefined) {
    throw new Error(`Unknown MSP ${mspId}; network.json knows ${Object.keys(config.orgs).join(', ')}`);
  }
  return org;
}
