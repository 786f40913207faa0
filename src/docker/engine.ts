/**
 * The Engine API client (dockerode) shared by push, pull and the container platform. It talks to the
 * same daemon as the CLI: dockerode reads DOCKER_HOST / DOCKER_TLS_VERIFY the way the CLI does.
 */
import { createInterface } from 'node:readline';
import type Docker from 'dockerode';
import { CancelledError, UserError } from '../errors.js';

let client: Promise<Docker> | undefined;

/**
 * Loaded on first call: commands that never talk to the engine never load dockerode. One ping first, so an
 * engine that is not there is one clear error rather than whichever call met it ("connect ENOENT …").
 */
export function engine(): Promise<Docker> {
  client ??= import('dockerode').then(async ({ default: Docker }) => {
    const docker = new Docker();
    await docker.ping().catch((err: unknown) => {
      client = undefined; // a blip: the next call asks again
      throw unreachable(docker, err);
    });
    return docker;
  });
  return client;
}

function unreachable(docker: Docker, err: unknown): unknown {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  if (!code || !/^(ENOENT|ECONNREFUSED|EACCES|EHOSTUNREACH|ETIMEDOUT|ENOTFOUND|ECONNRESET)$/.test(code)) return err;
  const modem = (docker as unknown as { modem: { socketPath?: string; protocol?: string; host?: string; port?: number } }).modem;
  const where = modem.socketPath ? `unix://${modem.socketPath}` : `${modem.protocol ?? 'http'}://${modem.host}:${modem.port}`;
  const why = code === 'EACCES' ? 'permission denied: add this user to the docker group' : modem.protocol === 'ssh' ? 'is the SSH host reachable, and dockerd running there?' : 'is dockerd running?';
  return new UserError(`cannot reach the Docker engine at ${where} (${code})`, `${why} DOCKER_HOST selects another engine`);
}

/**
 * Starts loading the client without waiting for it. Evaluating dockerode holds the event loop for
 * ~45 ms, so call this once a child process is doing the work (a build), never before spawning one.
 */
export function preloadEngine(): void {
  engine().catch(() => undefined); // whoever awaits engine() next sees the error
}

/** One JSON message of a push/pull progress stream. */
export interface ProgressEvent {
  status?: string;
  id?: string;
  error?: string;
  errorDetail?: { message?: string };
  aux?: { Tag?: string; Digest?: string; Size?: number };
}

/**
 * Reads a push/pull stream to its end. The engine reports failures inside the stream with HTTP 200, so
 * the first `error` event rejects; aborting destroys the stream (the engine then cancels the transfer).
 * Our own reader rather than the modem's: that one parses in a 'data' handler, where a line that is not
 * JSON (a proxy's error page) throws past every catch and ends the process with a stack trace.
 */
export async function followProgress(stream: NodeJS.ReadableStream, signal: AbortSignal, onEvent: (e: ProgressEvent) => void = () => undefined): Promise<ProgressEvent[]> {
  CancelledError.throwIfAborted(signal);
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  const onAbort = () => {
    lines.close(); // ends the loop below; a destroyed stream alone would leave it waiting
    (stream as NodeJS.ReadableStream & { destroy?: () => void }).destroy?.();
  };
  signal.addEventListener('abort', onAbort, { once: true });
  const events: ProgressEvent[] = [];
  try {
    for await (const line of lines) {
      if (!line.trim()) continue;
      let event: ProgressEvent;
      try {
        event = JSON.parse(line) as ProgressEvent;
      } catch {
        throw new EngineStreamError(`the engine answered with a line that is not JSON: ${line.slice(0, 200)}`);
      }
      events.push(event);
      onEvent(event);
    }
  } catch (err) {
    throw signal.aborted ? CancelledError.from(signal) : err;
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
  CancelledError.throwIfAborted(signal);
  const failed = events.find((e) => e.error || e.errorDetail?.message);
  if (failed) throw new EngineStreamError(failed.errorDetail?.message || failed.error || 'unknown error');
  return events;
}

/** A failure the engine reported inside a progress stream (registry errors end up here). */
export class EngineStreamError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EngineStreamError';
  }
}

/** An Engine API refusal (bad parameter, port in use, …) as the one line the engine gave, for users. */
export function engineError(what: string, err: unknown): unknown {
  const e = err as { statusCode?: number; json?: { message?: string } } | null;
  return e?.statusCode ? new UserError(`${what}: ${e.json?.message ?? (err as Error).message}`) : err;
}

export function isNotFound(err: unknown): boolean {
  return (err as { statusCode?: number } | null)?.statusCode === 404;
}

/** A name already taken, or a removal already in progress. */
export function isConflict(err: unknown): boolean {
  return (err as { statusCode?: number } | null)?.statusCode === 409;
}

/** Non-TTY container logs are multiplexed: 8-byte frame headers (stream, 0, 0, 0, size BE32) + payload. */
export function demuxLogs(buf: Buffer): string {
  let out = '';
  for (let i = 0; i + 8 <= buf.length; ) {
    const size = buf.readUInt32BE(i + 4);
    out += buf.subarray(i + 8, i + 8 + size).toString('utf8');
    i += 8 + size;
  }
  return out;
}
