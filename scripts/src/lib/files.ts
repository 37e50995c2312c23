import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export function ensureDir(dir: string): string {
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

/** Writes `file`; with `mode`, the file has that mode afterwards even if it existed before with another. */
export function writeFile(file: string, content: string | Buffer, mode?: number): void {
  ensureDir(path.dirname(file));
  fs.writeFileSync(file, content, mode === undefined ? undefined : { mode });
  if (mode !== undefined) fs.chmodSync(file, mode);
}

export function writeJson(file: string, value: unknown, mode?: number): void {
  writeFile(file, `${JSON.stringify(value, null, 2)}\n`, mode);
}

export function sha256(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Hash of every file under `dir` (sorted relative paths and contents), for change detection. */
export function hashTree(dir: string, filter: (relative: string) => boolean = () => true): string {
  const hash = createHash('sha256');
  const walk = (current: string): void => {
    for (const entry of fs.readdirSync(current, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(current, entry.name);
      const relative = path.relative(dir, full);
      if (!filter(relative)) continue;
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile()) hash.update(relative).update('\0').update(fs.readFileSync(full)).update('\0');
    }
  };
  walk(dir);
  return hash.digest('hex');
}

/** Replaces each `{{name}}` with values[name]; an unknown placeholder is an error, never left in a config. */
export function render(template: string, values: Readonly<Record<string, string | number>>): string {
  return template.replace(/\{\{(\w+)\}\}/g, (_match, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`template placeholder {{${name}}} has no value`);
    return String(value);
  });
}

/** The only file in a folder (fabric-ca-client names keys and CA certificates itself). */
export function onlyFile(dir: string): string {
  const files = fs.readdirSync(dir).filter((name) => fs.statSync(path.join(dir, name)).isFile());
  if (files.length !== 1 || files[0] === undefined)
    throw new Error(`expected one file in ${dir}, found ${files.length}`);
  return path.join(dir, files[0]);
}
