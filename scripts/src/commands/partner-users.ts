import fs from 'node:fs';
import { z } from 'zod';
import { writeJson } from '../lib/files';
import { detail } from '../lib/log';
import { paths, sitePaths } from '../lib/paths';
import { chaincodeInvoke, nationalTopology, type Partner } from '../network/partners';
import type { Network, Topology } from '../network/topology';

const UserSchema = z.looseObject({ name: z.string() });
const readUsers = (file: string): z.infer<typeof UserSchema>[] =>
  fs.existsSync(file) ? z.array(UserSchema).parse(JSON.parse(fs.readFileSync(file, 'utf8'))) : [];

const EnrolledSchema = z.object({
  name: z.string(),
  mspId: z.string(),
  enrollmentId: z.string(),
  accountId: z.string(),
  role: z.string(),
  apiKey: z.string(),
  url: z.string(),
});

/**
 * The partner government's first user (`<key>-officer`, ADMIN of its government account): enrolled with its own CA
 * into its gateway's wallet, bound on its national channel by its organisation admin (the account's ADMIN since the
 * registry's initialisation), and listed with its API key in its site's users.json and `.ncr/users.json`.
 */
export async function addPartnerUser(
  network: Network,
  partner: Partner,
  enroll: (args: readonly string[]) => Promise<string>,
): Promise<void> {
  const name = `${partner.org.key}-officer`;
  const siteFile = sitePaths(partner.org.key).demoUsers;
  if (readUsers(siteFile).some((user) => user.name === name)) return;
  const account = partner.governmentAccount.id;
  const output = await enroll([name, account, 'ADMIN']);
  const enrolled = EnrolledSchema.parse(JSON.parse(output.slice(output.indexOf('{'))));
  const national = nationalTopology(network as Topology, partner);
  await chaincodeInvoke(national, partner.org, 'accounts:BindIdentity', {
    accountId: account,
    mspId: enrolled.mspId,
    enrollmentId: enrolled.enrollmentId,
    role: 'ADMIN',
  });
  const user = {
    name,
    org: enrolled.mspId,
    enrollmentId: enrolled.enrollmentId,
    url: enrolled.url,
    account,
    role: 'ADMIN',
    apiKey: enrolled.apiKey,
  };
  writeJson(siteFile, [...readUsers(siteFile), user]);
  writeJson(paths.users, [...readUsers(paths.users).filter((u) => u.name !== name), user]);
  detail(`${name} (${enrolled.mspId}, ADMIN of ${account}) through ${enrolled.url}`);
}
