import fs from 'node:fs';
import path from 'node:path';
import { createPrivateKey } from 'node:crypto';
import { Command } from 'commander';
import { ApiTransport, gatewayOf } from '../lib/api';
import { loadTopology } from '../network/topology';
import { demoUsers } from '../demo/api-client';
import { newOfflineIdentity, onboardOffline, signedCall } from './client';

/**
 * `npm run sign -- …`: a user who keeps its own private key. `keygen` makes the key and the certificate request in a
 * folder of the user's (the key never leaves it), `onboard` has an account ADMIN enroll it through the gateway,
 * `call` runs a route with every signature made here. Files: key.pem (0600), csr.pem, identity.json,
 * certificate.pem, api-key (0600), gateway-url.
 */
const program = new Command('sign').description(
  'sign registry transactions locally, with a key the gateway never sees',
);

const gatewayUrl = (url: string | undefined): string =>
  url ?? process.env.NCR_GATEWAY_URL ?? `http://127.0.0.1:${loadTopology().gateway.port}`;
const file = (dir: string, name: string): string => path.join(dir, name);
const read = (dir: string, name: string): string => fs.readFileSync(file(dir, name), 'utf8');
const identityName = (dir: string): string => {
  const parsed: unknown = JSON.parse(read(dir, 'identity.json'));
  const name = typeof parsed === 'object' && parsed !== null && 'name' in parsed ? parsed.name : undefined;
  if (typeof name !== 'string') throw new Error(`${file(dir, 'identity.json')} names no user`);
  return name;
};

program
  .command('keygen')
  .description('make an EC P-256 key and the certificate request of <name>@<8 hex>')
  .requiredOption('--name <name>', 'the user name')
  .requiredOption('--dir <dir>', 'the folder that keeps the key')
  .action((options: { name: string; dir: string }) => {
    const identity = newOfflineIdentity(options.name);
    fs.mkdirSync(options.dir, { recursive: true, mode: 0o700 });
    const pem = identity.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    fs.writeFileSync(file(options.dir, 'key.pem'), pem, { mode: 0o600 });
    fs.writeFileSync(file(options.dir, 'csr.pem'), identity.csr);
    const record = { name: identity.name, enrollmentId: identity.enrollmentId };
    fs.writeFileSync(file(options.dir, 'identity.json'), `${JSON.stringify(record, null, 2)}\n`);
    console.log(`key and certificate request of ${identity.enrollmentId} in ${options.dir} (key.pem stays there)`);
  });

program
  .command('onboard')
  .description("have an account ADMIN enroll the folder's certificate request (custody external)")
  .requiredOption('--dir <dir>', 'the folder keygen wrote')
  .requiredOption('--role <role>', 'ADMIN, MANAGER or VIEWER')
  .option('--admin <user>', 'the ADMIN, as a demo user of .ncr/users.json')
  .option('--admin-key <key>', "the ADMIN's API key (instead of --admin)")
  .option('--url <url>', 'the gateway (default: NCR_GATEWAY_URL, or the topology port)')
  .action(async (options: { dir: string; role: string; admin?: string; adminKey?: string; url?: string }) => {
    const adminKey = options.adminKey ?? demoUsers().get(options.admin ?? '')?.apiKey;
    if (adminKey === undefined) throw new Error('give --admin <demo user> or --admin-key <key>');
    const privateKey = createPrivateKey(read(options.dir, 'key.pem'));
    const identity = {
      name: identityName(options.dir),
      enrollmentId: '',
      privateKey,
      csr: read(options.dir, 'csr.pem'),
    };
    // The admin's own gateway enrolls the user and serves it from then on.
    const url = gatewayOf(adminKey, gatewayUrl(options.url));
    const enrolled = await onboardOffline(new ApiTransport(url, 120_000), adminKey, identity, options.role);
    fs.writeFileSync(file(options.dir, 'gateway-url'), url);
    fs.writeFileSync(file(options.dir, 'certificate.pem'), enrolled.certificate);
    fs.writeFileSync(file(options.dir, 'api-key'), enrolled.apiKey, { mode: 0o600 });
    console.log(`enrolled ${enrolled.enrollmentId}: certificate.pem and api-key in ${options.dir}`);
  });

program
  .command('call')
  .description('run a route, signing the proposal, the transaction and its commit request here')
  .requiredOption('--dir <dir>', 'the folder of an onboarded user')
  .requiredOption('--route <route>', "e.g. 'POST /v1/transfers'")
  .option('--body <json>', "the route's JSON body")
  .option('--url <url>', 'the gateway (default: the one that enrolled the user, saved by onboard)')
  .action(async (options: { dir: string; route: string; body?: string; url?: string }) => {
    const saved = fs.existsSync(file(options.dir, 'gateway-url')) ? read(options.dir, 'gateway-url') : undefined;
    const answer = await signedCall(new ApiTransport(options.url ?? saved ?? gatewayUrl(undefined), 120_000), {
      apiKey: read(options.dir, 'api-key').trim(),
      privateKey: createPrivateKey(read(options.dir, 'key.pem')),
      certificate: read(options.dir, 'certificate.pem'),
      route: options.route,
      ...(options.body === undefined ? {} : { body: JSON.parse(options.body) as unknown }),
      onProposal: (args, txId) => {
        console.error(`signing ${txId}: ${args.join(' ')}`);
      },
    });
    console.log(JSON.stringify(answer.body, null, 2));
  });

program.parseAsync().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
});
