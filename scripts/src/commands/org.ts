import type { Command } from 'commander';
import { detail } from '../lib/log';
import { enrollSiteUser } from '../network/gateway';
import { withJoined } from '../network/members';
import { loadTopology, orgByKey } from '../network/topology';
import { startSite, startSiteIdentities } from './site';
import { siteNodes } from './status';
import { stopNetwork } from './stop';

/** `npm run org -- <org> start|stop|status|enroll`: one organisation's site. */
export function registerOrgCommand(program: Command): void {
  program
    .command('org')
    .description(
      "one organisation's site: start, stop, status, identities (its CA and enrolled identities only), or enroll a user of it (<name> <account> <role>)",
    )
    .argument('<org>', 'organisation key in the topology or of a joined organisation (e.g. developer)')
    .argument('<action>', 'start | stop | status | identities | enroll')
    .argument('[args...]', 'for enroll: user name, the account the government binds them to, role')
    .action(async (key: string, action: string, args: string[]) => {
      const topology = withJoined(loadTopology());
      const org = orgByKey(topology, key);
      switch (action) {
        case 'start':
          await startSite(topology, org);
          return;
        case 'identities':
          // A site on its own host, before it joins: its CA, its identities, its published certificates.
          await startSiteIdentities(topology, org);
          return;
        case 'stop':
          await stopNetwork([org.key]);
          return;
        case 'status': {
          const nodes = await siteNodes(topology, org);
          for (const node of nodes) {
            detail(`${node.healthy ? 'UP  ' : 'DOWN'} ${node.name.padEnd(26)} ${node.detail} pid ${node.pid ?? '-'}`);
          }
          if (nodes.some((node) => !node.healthy)) process.exitCode = 1;
          return;
        }
        case 'enroll':
          process.stdout.write(await enrollSiteUser(org, args));
          return;
        default:
          throw new Error(`unknown action ${action}: start, stop, status, identities or enroll`);
      }
    });
}
