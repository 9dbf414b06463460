/**
 * Running xcrun: argv arrays only (no shell, so no word splitting, globbing or `$(…)` anywhere), stdin closed,
 * bounded output, a timeout and AbortSignal cancellation. The runner and the clock are injectable so the bridge can be
 * tested against a fake xcrun and so timeouts can be driven without sleeping.
 */
import { spawn } from 'node:child_process';

export interface Clock {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemClock: Clock = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
};

export interface RunOptions {
  /** Kill the process after this long; the result then has `timedOut: true`. */
  timeoutMs: number;
  signal?: AbortSignal;
  env?: NodeJS.ProcessEnv;
  /** Called with each decoded chunk as it arrives (for streaming into an output channel). */
  onStdout?: (chunk: string) => void;
  onStderr?: (chunk: string) => void;
  /** Keep at most this many characters of each stream in the result (default 1 MiB). */
  maxBuffer?: number;
}

export interface RunResult {
  /** Exit code, or null when the process was killed by a signal. */
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  cancelled: boolean;
  /** Set when the executable could not be started at all (ENOENT, EACCES…). */
  spawnError?: NodeJS.ErrnoException;
}

export type ProcessRunner = (file: string, args: readonly string[], options: RunOptions) => Promise<RunResult>;

/** How long a killed process gets between SIGTERM and SIGKILL. */
const KILL_GRACE_MS = 3000;

export function createProcessRunner(clock: Clock = systemClock): ProcessRunner {
  return (file, args, options) =>
    new Promise<RunResult>((resolve) => {
      const maxBuffer = options.maxBuffer ?? 1024 * 1024;
      let stdout = '';
      let stderr = '';
      let timedOut = false;
      let cancelled = false;
      let settled = false;
      let killTimer: unknown;

      if (options.signal?.aborted) {
        resolve({ code: null, signal: null, stdout, stderr, timedOut, cancelled: true });
        return;
      }

      // shell: false is the default; spelled out because it is the security property this module exists for.
      // stdin 'ignore' gives lldb /dev/null, so a crash that drops lldb into its interactive prompt ends at EOF.
      const child = spawn(file, [...args], { shell: false, stdio: ['ignore', 'pipe', 'pipe'], env: options.env, windowsHide: true });

      const kill = () => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        child.kill('SIGTERM');
        killTimer = clock.setTimeout(() => {
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
        }, KILL_GRACE_MS);
      };

      const timer = clock.setTimeout(() => {
        timedOut = true;
        kill();
      }, options.timeoutMs);

      const onAbort = () => {
        cancelled = true;
        kill();
      };
      options.signal?.addEventListener('abort', onAbort, { once: true });

      const finish = (result: RunResult) => {
        if (settled) return;
        settled = true;
        clock.clearTimeout(timer);
        if (killTimer !== undefined) clock.clearTimeout(killTimer);
        options.signal?.removeEventListener('abort', onAbort);
        resolve(result);
      };

      child.stdout.setEncoding('utf8');
      child.stderr.setEncoding('utf8');
      child.stdout.on('data', (chunk: string) => {
        if (stdout.length < maxBuffer) stdout += chunk.slice(0, maxBuffer - stdout.length);
        options.onStdout?.(chunk);
      });
      child.stderr.on('data', (chunk: string) => {
        if (stderr.length < maxBuffer) stderr += chunk.slice(0, maxBuffer - stderr.length);
        options.onStderr?.(chunk);
      });
      child.on('error', (e: NodeJS.ErrnoException) => {
        finish({ code: null, signal: null, stdout, stderr, timedOut, cancelled, spawnError: e });
      });
      // 'close' (not 'exit') so that all output has been read.
      child.on('close', (code, signal) => {
        finish({ code, signal, stdout, stderr, timedOut, cancelled });
      });
    });
}

/** Splits a stream of chunks into complete lines (keeps the unfinished tail until the next chunk or flush). */
export class LineSplitter {
  private tail = '';
  constructor(private readonly onLine: (line: string) => void) {}
  push(chunk: string): void {
    const parts = (this.tail + chunk).split(/\r?\n/);
    this.tail = parts.pop() ?? '';
    for (const p of parts) this.onLine(p);
  }
  flush(): void {
    if (this.tail) this.onLine(this.tail);
    this.tail = '';
  }
}
