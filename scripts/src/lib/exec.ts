import { spawn } from 'node:child_process';

export interface RunOptions {
  readonly cwd?: string;
  readonly env?: NodeJS.ProcessEnv;
  /** Called with each line of stderr+stdout as it arrives (progress display). */
  readonly onLine?: (line: string) => void;
  readonly timeoutMs?: number;
}

export class CommandError extends Error {
  constructor(
    readonly command: string,
    readonly exitCode: number | null,
    readonly output: string,
  ) {
    super(`command failed (exit ${String(exitCode)}): ${command}\n${output.trim().split('\n').slice(-25).join('\n')}`);
    this.name = 'CommandError';
  }
}

/**
 * Runs a program to completion and returns its standard output (what callers parse: Fabric's CLIs log to stderr);
 * throws CommandError with both streams on a non-zero exit.
 */
export function run(command: string, args: readonly string[], options: RunOptions = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    let stdout = '';
    let pending = '';
    const onData = (chunk: Buffer): void => {
      const text = chunk.toString('utf8');
      output += text;
      if (!options.onLine) return;
      pending += text;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) options.onLine(line);
    };
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
      onData(chunk);
    });
    child.stderr.on('data', onData);
    const timer =
      options.timeoutMs === undefined
        ? undefined
        : setTimeout(() => {
            child.kill('SIGKILL');
          }, options.timeoutMs);
    child.on('error', (err) => {
      if (timer) clearTimeout(timer);
      reject(err);
    });
    child.on('close', (code) => {
      if (timer) clearTimeout(timer);
      const printable = [command, ...args].join(' ');
      if (code === 0) resolve(stdout);
      else reject(new CommandError(printable, code, output));
    });
  });
}
