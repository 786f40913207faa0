/**
 * Runs an external CLI (docker, nomad-pack, nixpacks). argv is always an array — never a shell — and
 * output is streamed line by line through the redacting logger. We use node's spawn rather than
 * @actions/exec because cancellation needs an AbortSignal and the child's whole process group killed.
 */
import { spawn } from 'node:child_process';
import type { Logger } from '../log/logger.js';
import type { Redactor } from '../secrets/redactor.js';
import { CancelledError, UserError } from '../errors.js';
import { onExit } from '../lifecycle/on-exit.js';

export interface RunOptions {
  cwd?: string;
  env?: Readonly<Record<string, string | undefined>>;
  /** Written to stdin, then closed (e.g. `--password-stdin`). */
  input?: string;
  signal?: AbortSignal;
  log?: Logger;
  redactor?: Redactor;
  /** How child output is logged: 'info' streams it (builds), 'debug' keeps it quiet, 'none' only captures. */
  stream?: 'info' | 'debug' | 'none';
  /** Called for each stdout/stderr line, unredacted (parsers need the raw text). */
  onLine?: (line: string, from: 'stdout' | 'stderr') => void;
  /** Exit codes that are not failures; default [0]. */
  okCodes?: number[];
  /** The hint when the program is not installed: how to install it, and the variable that points at it. */
  notFound?: string;
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Grace period between SIGTERM and SIGKILL for a cancelled child. */
const KILL_GRACE_MS = 3000;
/** Captured output is bounded so a chatty build cannot exhaust memory; the end is kept (failures print last). */
const MAX_CAPTURE = 4 * 1024 * 1024;

export class CommandError extends UserError {
  constructor(
    readonly command: string,
    readonly result: RunResult,
    message: string,
  ) {
    super(message);
    this.name = 'CommandError';
  }
}

export function runCommand(file: string, args: readonly string[], opts: RunOptions = {}): Promise<RunResult> {
  const { log, redactor, signal } = opts;
  // Redacted before quoting: quoting rewrites a secret's quotes, and the rewritten text would not match.
  log?.debug(`$ ${[file, ...args].map((a) => quoteForDisplay(redactor ? redactor.redact(a) : a)).join(' ')}`);
  if (signal?.aborted) return Promise.reject(CancelledError.from(signal));
  const nul = withNul(args, opts.env);
  // spawn would refuse it with an error quoting the whole value, which may be a secret.
  if (nul) return Promise.reject(new UserError(`${file}: ${nul} contains a NUL byte, which no program can be passed`, 'remove the NUL character from that value (a secret or variable read from a binary file?)'));

  return new Promise((resolve, reject) => {
    const env = opts.env ? Object.fromEntries(Object.entries(opts.env).filter(([, v]) => v !== undefined)) : process.env;
    const child = spawn(file, args as string[], { cwd: opts.cwd, env: env as NodeJS.ProcessEnv, detached: true, stdio: ['pipe', 'pipe', 'pipe'] });
    const out = { stdout: '', stderr: '' };
    let killTimer: NodeJS.Timeout | undefined;

    const killGroup = (sig: NodeJS.Signals) => {
      try {
        if (child.pid) process.kill(-child.pid, sig);
      } catch {
        /* already gone */
      }
    };
    // The child has its own process group: if we exit before it does (a second signal exits at once), kill it.
    const forget = onExit(() => killGroup('SIGKILL'));
    const onAbort = () => {
      killGroup('SIGTERM');
      killTimer = setTimeout(() => killGroup('SIGKILL'), KILL_GRACE_MS);
      killTimer.unref();
    };
    signal?.addEventListener('abort', onAbort, { once: true });

    for (const from of ['stdout', 'stderr'] as const) {
      let partial = '';
      child[from].setEncoding('utf8');
      child[from].on('data', (chunk: string) => {
        out[from] = keepEnd(out[from] + chunk);
        const lines = (partial + chunk).split(/\r?\n/);
        partial = lines.pop() ?? '';
        for (const line of lines) emit(line, from);
      });
      child[from].on('end', () => partial && emit(partial, from));
    }
    function emit(line: string, from: 'stdout' | 'stderr') {
      opts.onLine?.(line, from);
      if (opts.stream === 'info') log?.info(line);
      else if (opts.stream !== 'none') log?.debug(line);
    }

    child.stdin.on('error', () => undefined); // a child that exits without reading stdin is not our error
    child.stdin.end(opts.input ?? '');

    child.on('error', (err: NodeJS.ErrnoException) => {
      forget();
      signal?.removeEventListener('abort', onAbort);
      const msg = err.code === 'ENOENT' ? `${file}: command not found` : `${file}: ${err.message}`;
      reject(new UserError(msg, err.code === 'ENOENT' ? (opts.notFound ?? `install ${file}, or set its path`) : undefined));
    });
    child.on('close', (code, sig) => {
      forget();
      signal?.removeEventListener('abort', onAbort);
      if (killTimer) clearTimeout(killTimer);
      if (signal?.aborted) return reject(CancelledError.from(signal));
      const result: RunResult = { code: code ?? (sig ? 128 : 1), ...out };
      if ((opts.okCodes ?? [0]).includes(result.code)) return resolve(result);
      const last = lastLine(result.stderr) || lastLine(result.stdout);
      const text = `${file} ${args[0] ?? ''} failed with exit code ${result.code}${last ? `: ${last}` : ''}`;
      reject(new CommandError(file, result, redactor ? redactor.redact(text) : text));
    });
  });
}

export function lastLine(text: string): string {
  const lines = text.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
  return lines[lines.length - 1] ?? '';
}

/** Over MAX_CAPTURE, the last half of it from a line start, so no line (or secret) is kept in part; halving keeps the copying linear. */
function keepEnd(text: string): string {
  if (text.length <= MAX_CAPTURE) return text;
  const from = text.indexOf('\n', text.length - MAX_CAPTURE / 2);
  return from < 0 ? '' : text.slice(from + 1);
}

/** Which argument or environment variable holds a NUL byte, if any (named, never quoted). */
function withNul(args: readonly string[], env: RunOptions['env']): string | null {
  const arg = args.findIndex((a) => a.includes('\0'));
  if (arg >= 0) return `argument ${arg + 1}`;
  const name = Object.entries(env ?? {}).find(([, v]) => v?.includes('\0'))?.[0];
  return name === undefined ? null : `environment variable ${name}`;
}

function quoteForDisplay(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

