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
/** All runtime state (binaries cache, sites, public folder) lives here; git-ignored. */
const NCR_HOME = process.env.NCR_HOME ?? path.join(ROOT, '.ncr');
const PUBLIC = path.join(NCR_HOME, 'public');

export const paths = {
  root: ROOT,
  home: NCR_HOME,
  bin: process.env.FABRIC_BIN ?? path.join(NCR_HOME, 'bin'),
  /** One folder per organisation: see {@link sitePaths}. */
  orgs: path.join(NCR_HOME, 'orgs'),
  /** The demo users of every site, each with its own gateway's URL (written by `npm start`). */
  users: path.join(NCR_HOME, 'users.json'),
  network: path.join(ROOT, 'network'),
  /** NCR_TOPOLOGY lets a second network (other ports, other NCR_HOME) run beside the default one. */
  topology: process.env.NCR_TOPOLOGY ?? path.join(ROOT, 'network', 'topology.json'),
  builder: path.join(ROOT, 'network', 'builders', 'ccaas'),
  chaincodeSrc: process.env.NCR_CHAINCODE_DIR ?? path.join(ROOT, 'chaincode'),
} as const;

/**
 * What organisations publish on purpose, readable by every site: each one's MSP (CA certificates, NodeOUs), its
 * orderer's TLS certificate (Raft consenters), the channel's genesis block, the chaincode package, connection
 * profiles and the network description without secrets.
 */
export const publicPaths = {
  dir: PUBLIC,
  networkJson: path.join(PUBLIC, 'network.json'),
  profiles: path.join(PUBLIC, 'profiles'),
  channel: path.join(PUBLIC, 'channel'),
  chaincode: path.join(PUBLIC, 'chaincode'),
  /** The organisations that joined the running channel, in order (`npm run org:join`; ports resolved). */
  joined: path.join(PUBLIC, 'channel', 'joined.json'),
  /** The partner Parties' registries added to the running network (`npm run partner -- add`; ports resolved). */
  partners: path.join(PUBLIC, 'channel', 'partners.json'),
  /** Channel config updates being signed: `updates/<name>/update-envelope.pb` and the JSON it was computed from. */
  updates: path.join(PUBLIC, 'channel', 'updates'),
  /** `.ncr/public/orgs/<org>/`: one organisation's published certificates. */
  org: (orgKey: string) => {
    const dir = path.join(PUBLIC, 'orgs', orgKey);
    return {
      dir,
      caCert: path.join(dir, 'ca.crt'),
      msp: path.join(dir, 'msp'),
      ordererTlsCert: path.join(dir, 'orderer-tls.crt'),
      /** Its channel definition (MSP, policies, anchor peer) as configtxgen prints it, for a config update. */
      definition: path.join(dir, 'definition.json'),
    };
  },
} as const;

/**
 * Everything one organisation owns, under `.ncr/orgs/<org>/`: its CA (home, registrar secret), its enrolled
 * identities and keys, node configs and ledgers, logs and PIDs, and its gateway's state (`network.json` with its own
 * secrets, wallet, users, idempotency store, read model). A site's processes read their own folder and
 * {@link publicPaths}, never another site's folder. The gateway's side of this layout is
 * `gateway-api/src/config/config.ts` (`loadConfig`), with this folder as its NCR_HOME.
 */
export function sitePaths(orgKey: string) {
  const home = path.join(NCR_HOME, 'orgs', orgKey);
  return {
    key: orgKey,
    home,
    ca: path.join(home, 'ca'),
    registrarSecret: path.join(home, 'ca', 'registrar.secret'),
    crypto: path.join(home, 'crypto'),
    nodes: path.join(home, 'nodes'),
    data: path.join(home, 'data'),
    logs: path.join(home, 'logs'),
    pids: path.join(home, 'pids'),
    /** The package ID this site's chaincode service runs. */
    chaincodePackageId: path.join(home, 'chaincode.package-id'),
    /** Read by this site's gateway and its scripts: public parts of every organisation, its own secrets (0600). */
    networkJson: path.join(home, 'network.json'),
    gateway: path.join(home, 'gateway'),
    readModelDb: path.join(home, 'read-model', 'registry.sqlite'),
    /** This site's demo users with their API keys (merged into `.ncr/users.json`). */
    demoUsers: path.join(home, 'users.json'),
  } as const;
}

export type SitePaths = ReturnType<typeof sitePaths>;
