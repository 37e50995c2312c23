import path from 'node:path';

/** Repository root (scripts/src/lib -> ../../..), also correct when run from scripts/dist/src/lib via tsc. */
function findRoot(): string {
  let dir = __dirname;
  while (dir !== path.dirname(dir)) {
    if (path.basename(dir) === 'scripts') return path.dirname(dir);
    dir = path.dirname(dir);
  }
  throw new Error(`cannot locate the repository root from ${__dirname}`);
}

const ROOT = findRoot();
/** All runtime state (binaries cache, crypto, ledgers, logs, PIDs) lives here; git-ignored. */
const NCR_HOME = process.env.NCR_HOME ?? path.join(ROOT, '.ncr');

export const paths = {
  root: ROOT,
  home: NCR_HOME,
  bin: process.env.FABRIC_BIN ?? path.join(NCR_HOME, 'bin'),
  logs: path.join(NCR_HOME, 'logs'),
  pids: path.join(NCR_HOME, 'pids'),
  ca: path.join(NCR_HOME, 'ca'),
  crypto: path.join(NCR_HOME, 'crypto'),
  nodes: path.join(NCR_HOME, 'nodes'),
  data: path.join(NCR_HOME, 'data'),
  config: path.join(NCR_HOME, 'config'),
  channel: path.join(NCR_HOME, 'channel'),
  chaincode: path.join(NCR_HOME, 'chaincode'),
  profiles: path.join(NCR_HOME, 'profiles'),
  networkJson: path.join(NCR_HOME, 'network.json'),
  network: path.join(ROOT, 'network'),
  /** NCR_TOPOLOGY lets a second network (other ports, other NCR_HOME) run beside the default one. */
  topology: process.env.NCR_TOPOLOGY ?? path.join(ROOT, 'network', 'topology.json'),
  builder: path.join(ROOT, 'network', 'builders', 'ccaas'),
  chaincodeSrc: process.env.NCR_CHAINCODE_DIR ?? path.join(ROOT, 'chaincode'),
} as const;
