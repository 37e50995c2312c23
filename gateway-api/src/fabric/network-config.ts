import { readFile } from 'node:fs/promises';
import { z } from 'zod';

/** `.ncr/network.json`, written by `npm start` (format: docs/interfaces.md). */
export const networkConfigSchema = z.object({
  channel: z.string().min(1),
  chaincode: z.string().min(1),
  orgs: z.record(
    z.string().min(1),
    z.object({
      key: z.string().min(1),
      peer: z.object({
        name: z.string().min(1),
        endpoint: z.string().min(1),
        tlsCACertPath: z.string().min(1),
      }),
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

export async function loadNetworkConfig(file: string): Promise<NetworkConfig> {
  let raw: string;
  try {
    raw = await readFile(file, 'utf8');
  } catch (err) {
    throw new Error(`Cannot read the network description ${file} (is the network up? run npm start)`, {
      cause: err,
    });
  }
  return networkConfigSchema.parse(JSON.parse(raw));
}

/** The organisation entry for an MSP ID, or an error naming the known ones. */
export function orgOf(config: NetworkConfig, mspId: string): OrgConfig {
  const org = config.orgs[mspId];
  if (org === undefined) {
    throw new Error(`Unknown MSP ${mspId}; network.json knows ${Object.keys(config.orgs).join(', ')}`);
  }
  return org;
}
