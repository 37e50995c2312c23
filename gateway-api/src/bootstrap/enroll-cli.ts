import { RoleSchema } from '@ncr/chaincode/domain';
import { z } from 'zod';
import { loadConfig } from '../config/config';
import { siteOrg } from '../fabric/network-config';
import { createLogger } from '../log';
import { openServices } from '../server';

/**
 * `node gateway-api/dist/src/bootstrap/enroll-cli.js <name> <account id> <role>` (NCR_HOME: the site's folder), run
 * by `npm run org -- <org> enroll …`: the site's operator enrolls a user of its own organisation with its own CA,
 * to be bound to `<account id>` by another organisation's admin (the government creating a company's account).
 * Prints `{name, mspId, enrollmentId, accountId, role, apiKey, url}` as JSON; the key is shown only here.
 */
async function main(): Promise<void> {
  const [name, accountId, role] = z
    .tuple([z.string().min(1), z.string().min(1), RoleSchema])
    .parse(process.argv.slice(2));
  const config = loadConfig();
  const services = await openServices(config, createLogger('silent'));
  try {
    const { mspId, org } = siteOrg(services.network);
    const { user, apiKey } = await services.onboarding.enrollForBinding(mspId, { name, accountId, role });
    const { enrollmentId } = user;
    console.log(JSON.stringify({ name, mspId, enrollmentId, accountId, role, apiKey, url: org.gatewayUrl }));
  } finally {
    await services.close();
  }
}

main().catch((err: unknown) => {
  console.error(`enrollment failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
