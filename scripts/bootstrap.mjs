#!/usr/bin/env node
// Entry point of `npm start|stop|reset|status|deploy|demo`. Plain JavaScript so it runs before any dependency is
// installed: it installs npm dependencies when the lockfile changed, compiles the TypeScript, then hands over to
// scripts/src/cli.ts on the project's Node runtime (scripts/runtime.mjs), whose processes the network's services
// inherit.
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { addonBuildEnv, ensureNativeAddon, nodeVersion, projectNode } from './runtime.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const command = process.argv[2] ?? 'start';
const rest = process.argv.slice(3);

function sh(cmd, args, env = process.env) {
  const result = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

const lock = path.join(root, 'package-lock.json');
const stamp = path.join(root, 'node_modules', '.ncr-lock-sha256');
const lockHash = createHash('sha256').update(fs.readFileSync(lock)).digest('hex');
if (!fs.existsSync(stamp) || fs.readFileSync(stamp, 'utf8') !== lockHash) {
  console.log('• Installing npm dependencies (npm ci)');
  sh('npm', ['ci', '--no-audit', '--no-fund'], addonBuildEnv());
  fs.writeFileSync(stamp, lockHash);
}
if (command !== 'stop' && command !== 'reset') ensureNativeAddon();
const node = projectNode();
if (command === 'start') console.log(`• Node ${nodeVersion(node)} runs the scripts, gateway and chaincode: ${node}`);
// `org <key> start|enroll` and `org:join` run a site's compiled gateway; `org <key> stop|status` needs no build.
const builds =
  ['start', 'deploy', 'demo', 'reconcile', 'bundle', 'org:join', 'partner'].includes(command) ||
  (command === 'org' && rest[1] !== 'stop' && rest[1] !== 'status');
if (builds) {
  console.log('• Compiling TypeScript (tsc -b)');
  sh('npx', ['tsc', '-b']);
  console.log('• Building the explorer (explorer/, Vite)');
  sh('npm', ['run', 'build', '--silent', '-w', 'explorer']);
}
sh(node, [
  path.join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs'),
  path.join(root, 'scripts', 'src', 'cli.ts'),
  command,
  ...rest,
]);
