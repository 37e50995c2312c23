import type { Command } from 'commander';
import { AefJsonSchema, crossCheck, type AefJson } from '../aef/cross-check';
import { demoUsers } from '../demo/api-client';
import { ApiTransport } from '../lib/api';
import { detail, step, warn } from '../lib/log';
import { partners } from '../network/partners';

/** A Party's AEF (JSON) for `year` from its own gateway, as the government user `user` of `.ncr/users.json`. */
async function aefOf(user: string, year: number): Promise<AefJson> {
  const apiKey = demoUsers().get(user)?.apiKey;
  if (apiKey === undefined) throw new Error(`no user ${user} in .ncr/users.json`);
  const answer = await new ApiTransport('http://127.0.0.1', 120_000).send(
    'GET',
    `/v1/reports/aef?year=${year}&format=json`,
    apiKey,
  );
  if (!answer.ok) throw new Error(`AEF of ${user}'s registry: ${answer.status} ${answer.text}`);
  return AefJsonSchema.parse(JSON.parse(answer.text));
}

/**
 * `npm run aef:cross-check -- --year Y`: the host's AEF against each partner's (docs/international.md), both ways;
 * prints every mismatch and exits 1 on any.
 */
export function registerCrossCheckCommand(program: Command): void {
  program
    .command('aef:cross-check')
    .description("compares the host's and each partner Party's AEF: every transfer has exactly one acquisition")
    .requiredOption('--year <year>', 'the reported calendar year', (value) => Number.parseInt(value, 10))
    .action(async (options: { year: number }) => {
      const host = await aefOf('auditor', options.year);
      let failures = 0;
      for (const partner of partners()) {
        const theirs = await aefOf(`${partner.org.key}-officer`, options.year);
        for (const [from, to] of [
          [host, theirs],
          [theirs, host],
        ] as const) {
          const { matched, mismatches } = crossCheck(from, to);
          step(`${from.party} → ${to.party}, ${options.year}: ${matched} transfer(s) with their acquisition`);
          for (const mismatch of mismatches) warn(mismatch);
          failures += mismatches.length;
        }
      }
      detail(failures === 0 ? 'no mismatches' : `${failures} mismatch(es)`);
      if (failures > 0) process.exitCode = 1;
    });
}
