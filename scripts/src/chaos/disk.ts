import fs from 'node:fs';
import path from 'node:path';
import { run } from '../lib/exec';
import { sitePaths } from '../lib/paths';
import { stopDaemon } from '../lib/processes';
import { readModelDaemon, startReadModel } from '../network/gateway';
import { loadTopology, orgByKey } from '../network/topology';

/**
 * The read model's full disk: its database folder moved onto a small tmpfs of its own (mounted over the same path,
 * so neither the gateway nor the read model is reconfigured), the tmpfs filled to the last byte, freed, and the
 * database moved back to the real disk afterwards. Needs the right to mount (root); the real disk is never filled.
 */

const MiB = 1024 * 1024;
/** Room left on the tmpfs above the database's size before it is filled (the load's blocks meanwhile). */
const HEADROOM = 32 * MiB;
/** The government's read model: the one its gateway's reports and the explorer read. */
const government = orgByKey(loadTopology(), 'government');
const dir = path.dirname(sitePaths(government.key).readModelDb);
const filler = path.join(dir, '.chaos-fill');
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function folderBytes(folder: string): number {
  return fs.readdirSync(folder).reduce((sum, name) => sum + fs.statSync(path.join(folder, name)).size, 0);
}

/** Whether the read model's folder is a mount point of its own (its device differs from its parent's). */
function mounted(): boolean {
  return fs.statSync(dir).dev !== fs.statSync(path.dirname(dir)).dev;
}

/** Runs `command` again while it fails with "busy" (a reader of the gateway may hold the database a moment). */
async function retryBusy(command: string, args: readonly string[]): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await run(command, args);
      return;
    } catch (err) {
      if (attempt >= 25 || !/busy/i.test(err instanceof Error ? err.message : String(err))) throw err;
      await sleep(200);
    }
  }
}

/**
 * Stops the read model (SIGTERM: its last transaction ends cleanly), copies its folder aside, runs `swap` (mount or
 * unmount), puts the files back into what the path now is, and starts the read model again.
 */
async function moveReadModel(swap: () => Promise<unknown>): Promise<void> {
  await stopDaemon(readModelDaemon(government));
  const aside = `${dir}.chaos-copy`;
  fs.rmSync(aside, { recursive: true, force: true });
  fs.cpSync(dir, aside, { recursive: true });
  await swap();
  for (const name of fs.readdirSync(dir)) fs.rmSync(path.join(dir, name), { recursive: true, force: true });
  fs.cpSync(aside, dir, { recursive: true });
  fs.rmSync(aside, { recursive: true, force: true });
  await startReadModel(government);
}

/** Moves the read model onto a tmpfs of its size plus {@link HEADROOM}; returns the tmpfs size in bytes. */
export async function mountSmallDisk(): Promise<number> {
  if (mounted()) throw new Error(`${dir} is already a mount point: unmount it first`);
  const size = Math.ceil((folderBytes(dir) + HEADROOM) / MiB) * MiB;
  await moveReadModel(() => run('mount', ['-t', 'tmpfs', '-o', `size=${size},mode=0755`, 'ncr-read-model', dir]));
  return size;
}

/** Fills the tmpfs to the last byte with one file; returns the bytes it took. */
export function fillDisk(): number {
  const fd = fs.openSync(filler, 'w');
  let written = 0;
  try {
    for (const size of [MiB, 4096, 512, 1]) {
      const chunk = Buffer.alloc(size);
      for (;;) {
        try {
          written += fs.writeSync(fd, chunk);
        } catch (err) {
          if (err instanceof Error && 'code' in err && err.code === 'ENOSPC') break;
          throw err;
        }
      }
    }
  } finally {
    fs.closeSync(fd);
  }
  return written;
}

/** Space returns: the filling file is deleted. */
export function freeDisk(): void {
  fs.rmSync(filler, { force: true });
}

/** Moves the read model back to the real disk and unmounts the tmpfs (nothing to do when it is not mounted). */
export async function unmountSmallDisk(): Promise<void> {
  freeDisk();
  if (!mounted()) return;
  await moveReadModel(() => retryBusy('umount', [dir]));
}
