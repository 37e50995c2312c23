import { z } from 'zod';
import { identityRefFields } from '../identity/credentials';
import { bootstrapDemo } from './demo';

/**
 * `node gateway-api/dist/src/bootstrap/cli.js`: the demo on this site (NCR_HOME: the site's folder), writing the
 * site's users.json. `NCR_DEMO_ADMINS` gives the government's site the first ADMINs the other sites enrolled
 * (`{"<user name>": {"mspId": …, "enrollmentId": …}}`); `NCR_WORKFLOW_PROFILE`, the workflow profile file it installs
 * when the ledger has none.
 */
const admins = z.record(z.string(), z.object(identityRefFields)).parse(JSON.parse(process.env.NCR_DEMO_ADMINS ?? '{}'));

bootstrapDemo({ admins, workflowProfile: process.env.NCR_WORKFLOW_PROFILE }).then(
  (users) => {
    console.log(`demo users ready: ${users.map((u) => `${u.name} (${u.org}, ${u.account}, ${u.role})`).join(', ')}`);
  },
  (err: unknown) => {
    console.error(`demo bootstrap failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
