import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Temporary folders for the tests of one `describe`: call it in the describe's body; each folder it makes is removed
 * once those tests are done.
 */
export function scratchDirs(): (prefix: string) => string {
  const made: string[] = [];
  after(() => {
    for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  });
  return (prefix) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
    made.push(dir);
    return dir;
  };
}
