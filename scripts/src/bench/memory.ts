import fs from 'node:fs';

/** A memory figure of a process from /proc/<pid>/status, in MiB: VmRSS (resident now) or VmHWM (peak resident). */
export function memoryMiB(pid: number | 'self', field: 'VmRSS' | 'VmHWM'): number | null {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = new RegExp(`^${field}:\\s+(\\d+) kB$`, 'm').exec(status);
    return match?.[1] === undefined ? null : Math.round((Number(match[1]) / 1024) * 10) / 10;
  } catch {
    return null;
  }
}

/** Resets VmHWM to the current RSS (Linux clear_refs "5"); false when the kernel or permissions refuse. */
export function resetPeak(pid: number): boolean {
  try {
    fs.writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}
