/**
 * The time budget of a registry transfer. The engine stream is a double (a PassThrough standing for the
 * engine's progress stream): what is under test is how the budget ends a stream that never finishes,
 * across retries, and how that differs from cancellation.
 */
import { PassThrough } from 'node:stream';
import { describe, expect, test } from 'vitest';
import { transfer, type Transfer } from '../../src/docker/transfer.js';
import { CancelledError, UserError } from '../../src/errors.js';
import { testContext } from '../helpers/context.js';

const pull = (over: Partial<Transfer>): Transfer => ({
  verb: 'pull',
  ref: 'r.example/web:1',
  registry: 'r.example',
  resolution: { credentials: null, tried: [] },
  start: async () => new PassThrough(),
  timeout: { ms: 300, setting: 'pull_timeout' },
  retryDelayMs: 10,
  ...over,
});

describe('transfer time budget', () => {
  test('a stream that never ends is cut at the budget, the engine stream aborted, and the error names the setting', async () => {
    const signals: AbortSignal[] = [];
    const started = performance.now();
    const err = await transfer(testContext(), pull({ start: async (signal) => (signals.push(signal), new PassThrough()) })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).message).toBe('pull of r.example/web:1 at r.example did not finish within 300ms (pull_timeout)');
    expect((err as UserError).hint).toMatch(/raise pull_timeout/);
    expect(performance.now() - started).toBeLessThan(3000);
    expect(signals).toHaveLength(1);
    expect(signals[0]!.aborted).toBe(true);
  });

  test('retries count against the same budget', async () => {
    let starts = 0;
    const failing = () => {
      const s = new PassThrough();
      setImmediate(() => s.end(JSON.stringify({ error: 'received unexpected HTTP status: 503 Service Unavailable' }) + '\n'));
      return s;
    };
    const ctx = testContext();
    const err = await transfer(ctx, pull({ start: async () => (++starts, failing()), retryDelayMs: 200, timeout: { ms: 350, setting: 'push_timeout' } })).catch((e: unknown) => e);
    expect((err as Error).message).toMatch(/did not finish within 350ms \(push_timeout\)$/);
    // 503, wait 200 ms, 503, wait 400 ms: the budget ends during the second wait.
    expect(starts).toBe(2);
    expect(ctx.output()).toMatch(/retrying in 200 ms/);
  });

  test('cancellation stays cancellation, not a timeout', async () => {
    const abort = new AbortController();
    setTimeout(() => abort.abort('SIGTERM'), 50);
    const err = await transfer(testContext({ signal: abort.signal }), pull({ timeout: { ms: 60_000, setting: 'pull_timeout' } })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CancelledError);
    expect((err as CancelledError).signal).toBe('SIGTERM');
  });

  test('a transfer that finishes in time returns its events', async () => {
    const done = () => {
      const s = new PassThrough();
      setImmediate(() => s.end(JSON.stringify({ status: 'v1: digest: sha256:' + 'a'.repeat(64) + ' size: 528' }) + '\n'));
      return s;
    };
    const events = await transfer(testContext(), pull({ start: async () => done() }));
    expect(events.map((e) => e.status)).toEqual([`v1: digest: sha256:${'a'.repeat(64)} size: 528`]);
  });
});
