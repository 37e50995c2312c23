import { spawn } from 'node:child_process';

export interface RunOptions {
  readonly cwd?: string;
  readonly env?: NodeJS.ProcessEnv;
  /** Called with each line of stderr+stdout as it arrives (progress display). */
  readonly onLine?: (line: string) => void;
  readonly timeoutMs?: number;
  /**
   * Values never to show: replaced by `[redacted]` in the error, its output and the lines given to `onLine`. Pass
   * secrets to the program by environment or file, never as arguments (any local user reads arguments in `ps`).
   */
  readonly secrets?: readonly string[];
}

export const REDACTED = '[redacted]';

/**
 * `text` with every secret replaced (as is, and URL-encoded as in a `user:secret@host` URL), and the password of any
 * URL with credentials replaced too, whoever put it there.
 */
export function redact(text: string, secrets: readonly string[] = []): string {
  let out = text.replace(/(\b[a-z][a-z0-9+.-]*:\/\/[^\s/:@]*:)[^\s/@]+@/gi, `$1${REDACTED}@`);
  for (const secret of secrets) {
    if (secret === '') continue;
    for (const form of new Set([secret, encodeURIComponent(secret)])) out = out.split(form).join(REDACTED);
  }
  return out;
}

export class CommandError extends Error {
  readonly command: string;
  readonly output: string;

  /** `command` and `output` are redacted here, so no copy of the error can show a secret. */
  constructor(
    command: string,
    readonly exitCode: number | null,
    output: string,
    secrets: readonly string[] = [],
  ) {
    const shownCommand = redact(command, secrets);
    const shownOutput = redact(output, secrets);
    super(
      `command failed (exit ${String(exitCode)}): ${shownCommand}\n${shownOutput.trim().split('\n').slice(-25).join('\n')}`,
    );
    this.name = 'CommandError';
    this.command = shownCommand;
    this.output = shownOutput;
  }
}

/**
 * Runs a program to completion and returns its standard output (what callers parse: Fabric's CLIs log to stderr);
 * throws CommandError with both streams on a non-zero exit.
 */
export function run(command: string, args: readonly string[], options: RunOptions = {}): Promise<string> {
  const secrets = options.secrets ?? [];
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
      for (const line of lines) options.onLine(redact(line, secrets));
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
      else reject(new CommandError(printable, code, output, secrets));
    });
  });
}
