import { readFile } from 'node:fs/promises';
import { describeIssues } from '@ncr/chaincode/domain';
import { z } from 'zod';

/**
 * `.ncr/network.json`: the one schema of the network description. `npm start` builds it from the topology and
 * validates it before writing (scripts/src/network/profiles.ts); the gateway, the scripts' clients and the tests read
 * it through `parseNetworkConfig`. Imported by the scripts as `@ncr/gateway-api/network-config` (format:
 * docs/interfaces.md).
 */
export const networkConfigSchema = z.object({
  channel: z.string().min(1),
  chaincode: z.string().min(1),
  /** The REST gateway `npm start` runs, on 127.0.0.1. */
  gatewayPort: z.number().int().min(1).max(65_535),
  orgs: z.record(
    z.string().min(1),
    z.object({
      key: z.string().min(1),
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
        registrar: z.object({ enrollmentId: z.string().min(1), secret: z.string().min(1) }),
      }),
      /** Client TLS certificate for peers that require mutual TLS. */
      clientTls: z.object({ certPath: z.string().min(1), keyPath: z.string().min(1) }).optional(),
      admin: z.object({
        enrollmentId: z.string().min(1),
        certPath: z.string().min(1),
        keyPath: z.string().min(1),
      }),
    }),
  ),
});

export type NetworkConfig = z.infer<typeof networkConfigSchema>;
export type OrgConfig = NetworkConfig['orgs'][string];

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
