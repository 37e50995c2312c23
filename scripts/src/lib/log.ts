/** Script output: one line per step, so a person can follow what start/stop do and where things are. */
let quiet = false;

export function setQuiet(value: boolean): void {
  quiet = value;
}

export function step(message: string): void {
  if (!quiet) process.stdout.write(`• ${message}\n`);
}

export function detail(message: string): void {
  if (!quiet) process.stdout.write(`  ${message}\n`);
}

export function warn(message: string): void {
  process.stderr.write(`! ${message}\n`);
}
