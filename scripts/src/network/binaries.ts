import fs from 'node:fs';
import path from 'node:path';
import { run } from '../lib/exec';
import { ensureDir, sha256 } from '../lib/files';
import { detail, step } from '../lib/log';
import { paths } from '../lib/paths';

/** Each tool module pins a Fabric release by go.mod + go.sum; the stamp records what was built from which pin. */
const MODULES = [
  {
    dir: path.join(paths.network, 'tools', 'fabric'),
    module: 'github.com/hyperledger/fabric',
    packages: ['peer', 'orderer', 'configtxgen', 'osnadmin', 'configtxlator'].map(
      (tool) => `github.com/hyperledger/fabric/cmd/${tool}`,
    ),
  },
  {
    dir: path.join(paths.network, 'tools', 'fabric-ca'),
    module: 'github.com/hyperledger/fabric-ca',
    packages: ['fabric-ca-server', 'fabric-ca-client'].map((tool) => `github.com/hyperledger/fabric-ca/cmd/${tool}`),
  },
] as const;

const TOOLS = ['peer', 'orderer', 'configtxgen', 'osnadmin', 'fabric-ca-server', 'fabric-ca-client'] as const;
export type Tool = (typeof TOOLS)[number] | 'configtxlator';

export const bin = (tool: Tool): string => path.join(paths.bin, tool);

async function goVersion(): Promise<string> {
  try {
    return (await run('go', ['env', 'GOVERSION'])).trim();
  } catch {
    throw new Error(
      'Go is required to build Fabric (Go 1.26 on PATH), or set FABRIC_BIN to a folder of Fabric binaries',
    );
  }
}

/**
 * Makes sure the Fabric binaries exist. With FABRIC_BIN set, uses (and only checks) that folder; otherwise builds
 * them from the pinned Go modules into .ncr/bin, only when missing or when the pin or Go version changed.
 */
export async function ensureBinaries(): Promise<void> {
  if (process.env.FABRIC_BIN !== undefined) {
    const missing = TOOLS.filter((tool) => !fs.existsSync(bin(tool)));
    if (missing.length > 0) throw new Error(`FABRIC_BIN=${paths.bin} lacks: ${missing.join(', ')}`);
    step(`Fabric binaries: using FABRIC_BIN=${paths.bin}`);
    return;
  }
  const version = await goVersion();
  ensureDir(paths.bin);
  for (const module of MODULES) {
    const pin = sha256(
      [
        version,
        fs.readFileSync(path.join(module.dir, 'go.mod')),
        fs.readFileSync(path.join(module.dir, 'go.sum')),
      ].join('\n'),
    );
    const stampFile = path.join(paths.bin, `.stamp-${path.basename(module.dir)}`);
    const tools = module.packages.map((pkg) => path.basename(pkg));
    const built = tools.every((tool) => fs.existsSync(path.join(paths.bin, tool)));
    if (built && fs.existsSync(stampFile) && fs.readFileSync(stampFile, 'utf8') === pin) continue;
    step(`Building ${tools.join(', ')} with ${version} (first time takes a few minutes)`);
    const started = Date.now();
    let compiled = 0;
    // -mod=readonly: go.sum must vouch for every module; never rewrite the pin during a build.
    const goEnv = { ...process.env, GOFLAGS: '-mod=readonly -buildvcs=false', CGO_ENABLED: '1' };
    await run('go', ['build', '-v', '-trimpath', '-o', `${paths.bin}/`, ...module.packages], {
      cwd: module.dir,
      env: goEnv,
      onLine: (line) => {
        if (line.trim() === '') return;
        compiled += 1;
        if (compiled % 100 === 0) detail(`compiled ${compiled} packages…`);
      },
    });
    fs.writeFileSync(stampFile, pin);
    detail(`built in ${Math.round((Date.now() - started) / 1000)} s into ${paths.bin}`);
  }
}
