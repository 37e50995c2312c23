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

export const TOOLS = ['peer', 'orderer', 'configtxgen', 'osnadmin', 'fabric-ca-server', 'fabric-ca-client'] as const;
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

type ToolModule = (typeof MODULES)[number];

const patchFiles = (module: ToolModule): string[] => {
  const dir = path.join(module.dir, 'patches');
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((name) => name.endsWith('.patch'))
    .sort()
    .map((name) => path.join(dir, name));
};

/**
 * Our patches to a pinned module (module.dir/patches/*.patch, paths relative to the module root). The module is
 * downloaded and verified against go.sum as usual, copied to .ncr/build/<tools>/src, patched there, and built
 * through a generated go.mod (`-modfile`) that replaces the module with that copy: the committed pin is untouched,
 * and the patch is the only difference from what go.sum vouches for. Returns the extra go build arguments.
 */
async function patchedModuleArgs(module: ToolModule, goEnv: NodeJS.ProcessEnv): Promise<string[]> {
  const patches = patchFiles(module);
  if (patches.length === 0) return [];
  await run('go', ['mod', 'download', module.module], { cwd: module.dir, env: goEnv });
  const sourceDir = (
    await run('go', ['list', '-m', '-f', '{{.Dir}}', module.module], { cwd: module.dir, env: goEnv })
  ).trim();
  const build = path.join(paths.home, 'build', path.basename(module.dir));
  const source = path.join(build, 'src');
  fs.rmSync(build, { recursive: true, force: true });
  ensureDir(build);
  fs.cpSync(sourceDir, source, { recursive: true });
  await run('chmod', ['-R', 'u+w', source]); // the module cache is read-only
  for (const patch of patches) {
    await run('patch', ['-p1', '--forward', '--batch', '-d', source, '-i', patch]);
    detail(`patched with ${path.relative(paths.root, patch)}`);
  }
  const goMod = path.join(build, 'go.mod');
  fs.writeFileSync(
    goMod,
    `${fs.readFileSync(path.join(module.dir, 'go.mod'), 'utf8')}\nreplace ${module.module} => ${source}\n`,
  );
  fs.copyFileSync(path.join(module.dir, 'go.sum'), path.join(build, 'go.sum'));
  return ['-modfile', goMod];
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
        ...patchFiles(module).map((file) => fs.readFileSync(file)),
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
    const patched = await patchedModuleArgs(module, goEnv);
    await run('go', ['build', '-v', '-trimpath', ...patched, '-o', `${paths.bin}/`, ...module.packages], {
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
