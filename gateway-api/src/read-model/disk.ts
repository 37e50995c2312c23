import { statfsSync } from 'node:fs';
import path from 'node:path';
import { ReadModelDiskFullError } from '../errors';
import { ReadModelStore } from './store';

/** The filesystem figures the guard needs (`fs.statfsSync` gives them; a test gives its own). */
export type StatFs = (dir: string) => { readonly bavail: number; readonly bsize: number };

/** Bytes an unprivileged writer may still use on the filesystem that holds `file`; undefined when unreadable. */
export function freeBytes(file: string, statfs: StatFs = statfsSync): number | undefined {
  try {
    const stats = statfs(path.dirname(file));
    return stats.bavail * stats.bsize;
  } catch {
    return undefined;
  }
}

/**
 * Opens the read model for one request, unless the disk under its database has less than `minFreeBytes` free:
 * its follower then cannot project new blocks (SQLite fails with SQLITE_FULL), so its views would stop at an old
 * height without saying so; 503 READ_MODEL_DISK_FULL says so instead. `minFreeBytes` 0 turns the check off.
 */
export function readModelOpener(file: string, minFreeBytes: number, statfs?: StatFs): () => ReadModelStore {
  return () => {
    const free = minFreeBytes > 0 ? freeBytes(file, statfs) : undefined;
    if (free !== undefined && free < minFreeBytes) throw new ReadModelDiskFullError(free);
    return ReadModelStore.openReader(file);
  };
}

/** Whether `err` is SQLite's "database or disk is full". */
export function isDiskFull(err: unknown): boolean {
  return err instanceof Error && 'code' in err && err.code === 'SQLITE_FULL';
}
