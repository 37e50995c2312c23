import { bootstrapDemo } from './demo';

/** `node gateway-api/dist/src/bootstrap/cli.js`: bootstraps the demo registry and writes .ncr/users.json. */
bootstrapDemo().then(
  (users) => {
    console.log(`demo users ready: ${users.map((u) => `${u.name} (${u.org}, ${u.account}, ${u.role})`).join(', ')}`);
  },
  (err: unknown) => {
    console.error(`demo bootstrap failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
