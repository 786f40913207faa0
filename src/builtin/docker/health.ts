/**
 * Waiting until a new container is healthy, judged by the first that applies: the image's HEALTHCHECK
 * status; an HTTP probe of `healthcheck.path` on the published port; or "still running after
 * `healthcheck.interval`". Always bounded by `wait_timeout`, and a container that exits fails at once.
 */
import { request } from 'node:http';
import type Docker from 'dockerode';
import type { AppContext } from '../../lifecycle/context.js';
import { CancelledError } from '../../errors.js';
import { sleep } from '../../docker/abort.js';
import type { DockerDeployConfig } from './schema.js';

export interface HealthSettings {
  path?: string;
  /** Container port to probe; default the first published one. */
  port?: number;
  intervalMs: number;
  timeoutMs: number;
  /** Failed probes tolerated before giving up early; unbounded (until wait_timeout) when absent. */
  retries?: number;
  waitTimeoutMs: number;
}

export function healthSettings(config: DockerDeployConfig): HealthSettings {
  const h = config.healthcheck ?? {};
  return { path: h.path, port: h.port, intervalMs: h.interval ?? 2000, timeoutMs: h.timeout ?? 5000, retries: h.retries, waitTimeoutMs: config.wait_timeout ?? 120_000 };
}

/** Not healthy; the message says why. */
export class UnhealthyError extends Error {
  override name = 'UnhealthyError';
}

type Judge = (info: Docker.ContainerInspectInfo) => Promise<{ healthy: boolean; note: string }>;

/**
 * Checks run 50 ms apart at first, then doubling up to every 250 ms (or the interval, when shorter): a
 * container is reported within that of turning healthy. Failed checks still count toward `retries`
 * once per interval, as if probed at it.
 */
const FIRST_GAP_MS = 50;
const CHECK_EVERY_MS = 250;

/**
 * Resolves with a description of how health was judged; rejects with UnhealthyError or CancelledError.
 * `started`: the container's inspection right after it started.
 */
export async function waitHealthy(ctx: AppContext, container: Docker.Container, started: Docker.ContainerInspectInfo, s: HealthSettings, probeAddress: string | null): Promise<string> {
  // An exited container has no published ports: say it exited before a judge asks for them.
  checkRunning(started);
  const { judge, how } = chooseJudge(started, s, probeAddress, ctx.signal);
  const since = Date.now();
  let failures = 0;
  let nextCountedAt = 0;
  let last = 'not checked yet';
  for (let check = 0, info = started; ; check++, info = await container.inspect()) {
    checkRunning(info);
    const verdict = await judge(info);
    if (verdict.healthy) return how;
    last = verdict.note;
    if (s.retries !== undefined && verdict.note !== 'starting' && Date.now() >= nextCountedAt) {
      nextCountedAt = Date.now() + s.intervalMs;
      if (++failures > s.retries) throw new UnhealthyError(`${how}: ${failures} failed checks (last: ${last})`);
    }
    const left = s.waitTimeoutMs - (Date.now() - since);
    if (left <= 0) throw new UnhealthyError(`not healthy within ${s.waitTimeoutMs / 1000}s by ${how} (last: ${last})`);
    await sleep(Math.min(FIRST_GAP_MS * 2 ** check, CHECK_EVERY_MS, s.intervalMs, left), ctx.signal);
  }
}

function checkRunning(info: Docker.ContainerInspectInfo): void {
  const state = info.State;
  if (!state.Running || state.Restarting || info.RestartCount > 0) {
    throw new UnhealthyError(`container exited (status ${state.Status}, exit code ${state.ExitCode}${state.Error ? `, ${state.Error}` : ''})`);
  }
}

function chooseJudge(info: Docker.ContainerInspectInfo, s: HealthSettings, address: string | null, signal: AbortSignal): { judge: Judge; how: string } {
  if (info.State.Health) {
    return {
      how: 'the image HEALTHCHECK',
      judge: async (i) => {
        const health = i.State.Health;
        if (health?.Status === 'unhealthy') throw new UnhealthyError(`HEALTHCHECK reports unhealthy: ${health.Log?.at(-1)?.Output?.trim() ?? ''}`);
        return { healthy: health?.Status === 'healthy', note: health?.Status ?? 'unknown' };
      },
    };
  }
  if (s.path) {
    if (!address) throw new UnhealthyError(`healthcheck.path ${s.path} needs a published port${s.port ? ` for container port ${s.port}` : ''}`);
    const url = `http://${address}${s.path}`;
    return { how: `HTTP GET ${url}`, judge: () => probe(url, s.timeoutMs, signal) };
  }
  const since = Date.parse(info.State.StartedAt);
  return {
    how: `still running after ${s.intervalMs / 1000}s`,
    judge: async () => ({ healthy: Date.now() - since >= s.intervalMs, note: 'starting' }),
  };
}

/**
 * One GET over node:http, which the engine client has loaded already; fetch would first load undici,
 * ~40 ms of CPU between the container starting and the first check. Redirects are not followed: a 3xx
 * answer is a live app.
 */
function probe(url: string, timeoutMs: number, signal: AbortSignal): Promise<{ healthy: boolean; note: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent: false, signal }, (res) => {
      clearTimeout(timer);
      res.destroy();
      const status = res.statusCode ?? 0;
      resolve({ healthy: status < 400, note: `HTTP ${status}` });
    });
    // Our own timer: an AbortSignal.timeout held only by AbortSignal.any can be garbage-collected before it
    // fires (nodejs/node#57736), and a silent app would then hold the deploy past wait_timeout.
    const timer = setTimeout(() => req.destroy(new Error(`no answer within ${timeoutMs / 1000}s`)), timeoutMs);
    req.on('error', (err) => {
      clearTimeout(timer);
      if (signal.aborted) reject(CancelledError.from(signal));
      else resolve({ healthy: false, note: err.message });
    });
    req.end();
  });
}
