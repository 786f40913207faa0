/**
 * The HTTP health judge against a real HTTP server on loopback. The container is a double (an inspect
 * that reports "running"): what is under test is how answers, refusals, silence and cancellation are read.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type Docker from 'dockerode';
import { afterEach, describe, expect, test } from 'vitest';
import { UnhealthyError, waitHealthy, type HealthSettings } from '../../src/builtin/docker/health.js';
import { CancelledError } from '../../src/errors.js';
import { testContext } from '../helpers/context.js';
import { deadPort } from '../helpers/net.js';

const running = { State: { Running: true, Restarting: false, Status: 'running', StartedAt: new Date().toISOString() }, RestartCount: 0 } as unknown as Docker.ContainerInspectInfo;
const container = { inspect: async () => running } as unknown as Docker.Container;
const settings = (s: Partial<HealthSettings> = {}): HealthSettings => ({ path: '/health', intervalMs: 2000, timeoutMs: 5000, waitTimeoutMs: 3000, ...s });

let server: Server | null = null;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((r) => server?.close(r) ?? r(undefined));
  server = null;
});

/** Serves `answer(n)` for the n-th request (from 0); null leaves the request unanswered. */
async function serve(answer: (n: number, path: string) => number | null): Promise<string> {
  let n = 0;
  server = createServer((req, res) => {
    const status = answer(n++, req.url ?? '');
    if (status !== null) res.writeHead(status, { location: '/elsewhere' }).end('body');
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  return `127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('HTTP health judge', () => {
  test('healthy at the first 2xx, after failing answers; asks the configured path', async () => {
    const paths: string[] = [];
    const address = await serve((n, path) => (paths.push(path), n < 2 ? 503 : 200));
    await expect(waitHealthy(testContext(), container, running, settings(), address)).resolves.toBe(`HTTP GET http://${address}/health`);
    expect(paths).toEqual(['/health', '/health', '/health']);
  });

  test('a redirect is an answer from a live app, not followed', async () => {
    const paths: string[] = [];
    const address = await serve((_, path) => (paths.push(path), 302));
    await expect(waitHealthy(testContext(), container, running, settings(), address)).resolves.toMatch(/^HTTP GET/);
    expect(paths).toEqual(['/health']);
  });

  test('a 4xx answer until wait_timeout is reported with its status', async () => {
    const address = await serve(() => 404);
    await expect(waitHealthy(testContext(), container, running, settings({ waitTimeoutMs: 400 }), address)).rejects.toThrow(
      new UnhealthyError(`not healthy within 0.4s by HTTP GET http://${address}/health (last: HTTP 404)`),
    );
  });

  test('a refused connection is reported as such', async () => {
    const port = await deadPort();
    await expect(waitHealthy(testContext(), container, running, settings({ waitTimeoutMs: 300 }), `127.0.0.1:${port}`)).rejects.toThrow(/\(last: connect ECONNREFUSED 127\.0\.0\.1:\d+\)$/);
  });

  test('an app that never answers is cut off after healthcheck.timeout, and retries count such checks', async () => {
    const address = await serve(() => null);
    await expect(waitHealthy(testContext(), container, running, settings({ timeoutMs: 150, retries: 1, intervalMs: 100 }), address)).rejects.toThrow(
      new UnhealthyError(`HTTP GET http://${address}/health: 2 failed checks (last: no answer within 0.15s)`),
    );
  });

  test('an exited container is reported as exited, before the judge asks for its (now unpublished) ports', async () => {
    const exited = { State: { Running: false, Restarting: false, Status: 'exited', ExitCode: 3 }, RestartCount: 0 } as unknown as Docker.ContainerInspectInfo;
    await expect(waitHealthy(testContext(), container, exited, settings(), null)).rejects.toThrow(new UnhealthyError('container exited (status exited, exit code 3)'));
  });

  test('cancelling during a check that hangs ends the wait with CancelledError', async () => {
    const address = await serve(() => null);
    const abort = new AbortController();
    const ctx = testContext({ signal: abort.signal });
    setTimeout(() => abort.abort('SIGINT'), 100);
    const err = await waitHealthy(ctx, container, running, settings(), address).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CancelledError);
    expect((err as CancelledError).signal).toBe('SIGINT');
  });
});
