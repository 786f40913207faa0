/** The build cache guard: every @actions/cache call is optional, and failure is a warning, never a failed build. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test, vi } from 'vitest';
import { cacheKey, prepareBuildCache, type CacheClient } from '../../src/builtin/docker/cache.js';
import type { DockerCli } from '../../src/docker/cli.js';
import { testContext } from '../helpers/context.js';

const temp = mkdtempSync(join(tmpdir(), 'cs-cache-test-'));
const context = join(temp, 'app');
mkdirSync(context);
writeFileSync(join(context, 'Dockerfile'), 'FROM scratch\n');
writeFileSync(join(context, 'package-lock.json'), '{"lockfileVersion":3}');
afterAll(() => rmSync(temp, { recursive: true, force: true }));

const buildx: DockerCli = { path: 'docker', kind: 'buildx', driver: 'docker-container' };
const request = (cli: DockerCli = buildx) => ({ cli, enabled: true, dockerfile: join(context, 'Dockerfile'), context });
const ctxWithTemp = () => testContext({ env: { ...process.env, RUNNER_TEMP: temp } });

function fakeClient(overrides: Partial<CacheClient> = {}): CacheClient {
  return { isFeatureAvailable: vi.fn(() => true), restoreCache: vi.fn(async () => undefined), saveCache: vi.fn(async () => 1), ...overrides };
}

describe('prepareBuildCache', () => {
  test('disabled: nothing is called', async () => {
    const client = fakeClient();
    expect(await prepareBuildCache(ctxWithTemp(), { ...request(), enabled: false }, client)).toBeNull();
    expect(client.isFeatureAvailable).not.toHaveBeenCalled();
  });

  test.each<[string, DockerCli, RegExp]>([
    ['builtin BuildKit', { path: 'docker', kind: 'buildkit', driver: null }, /needs docker buildx/],
    ['legacy builder', { path: 'docker', kind: 'legacy', driver: null }, /needs docker buildx/],
    ['buildx with the docker driver', { path: 'docker', kind: 'buildx', driver: 'docker' }, /cannot export a cache/],
  ])('%s: a logged no-op', async (_n, cli, why) => {
    const ctx = ctxWithTemp();
    const client = fakeClient();
    expect(await prepareBuildCache(ctx, request(cli), client)).toBeNull();
    expect(ctx.output()).toMatch(why);
    expect(client.restoreCache).not.toHaveBeenCalled();
  });

  test('off GitHub (service unavailable): a logged no-op', async () => {
    const ctx = ctxWithTemp();
    const client = fakeClient({ isFeatureAvailable: () => false });
    expect(await prepareBuildCache(ctx, request(), client)).toBeNull();
    expect(ctx.output()).toMatch(/cache service is not available/);
  });

  test('the real @actions/cache outside GitHub: a no-op', async () => {
    const ctx = testContext({ env: { RUNNER_TEMP: temp } });
    const saved = { url: process.env.ACTIONS_CACHE_URL, results: process.env.ACTIONS_RESULTS_URL };
    delete process.env.ACTIONS_CACHE_URL;
    delete process.env.ACTIONS_RESULTS_URL;
    try {
      expect(await prepareBuildCache(ctx, request())).toBeNull();
    } finally {
      Object.assign(process.env, Object.fromEntries(Object.entries({ ACTIONS_CACHE_URL: saved.url, ACTIONS_RESULTS_URL: saved.results }).filter(([, v]) => v !== undefined)));
    }
  });

  test('a throwing availability check or restore becomes a warning, and the build goes on', async () => {
    const ctx = ctxWithTemp();
    const broken = fakeClient({ isFeatureAvailable: () => { throw new Error('boom'); } });
    expect(await prepareBuildCache(ctx, request(), broken)).toBeNull();
    const restoreFails = fakeClient({ restoreCache: vi.fn(async () => { throw new Error('cache service 503'); }) });
    const cache = await prepareBuildCache(ctx, request(), restoreFails);
    expect(cache?.args.from).toBeNull();
    expect(ctx.lines.filter((l) => l.level === 'warn').map((l) => l.line)).toEqual([
      'build cache availability check failed, building without it: boom',
      'build cache restore failed, building without it: cache service 503',
    ]);
  });

  test('restore → argv dirs → save swaps the new export in; save failure is a warning', async () => {
    const ctx = ctxWithTemp();
    const { key, prefix } = await cacheKey(ctx, join(context, 'Dockerfile'), context);
    const dir = join(temp, 'cs-buildkit-cache', 'test-web');
    const client = fakeClient({
      restoreCache: vi.fn(async () => {
        mkdirSync(dir, { recursive: true });
        writeFileSync(join(dir, 'index.json'), '{}');
        return `${prefix}older`;
      }),
      saveCache: vi.fn(async () => { throw new Error('quota exceeded'); }),
    });
    const cache = await prepareBuildCache(ctx, request(), client);
    expect(client.restoreCache).toHaveBeenCalledWith([dir], key, [prefix]);
    expect(cache?.args).toEqual({ from: dir, to: `${dir}-new` });
    mkdirSync(`${dir}-new`);
    writeFileSync(join(`${dir}-new`, 'index.json'), '{"new":true}');
    await cache?.save();
    expect(client.saveCache).toHaveBeenCalledWith([dir], key);
    expect(ctx.output()).toMatch(/build cache save failed, building without it: quota exceeded/);
  });

  test('the key follows the Dockerfile and dependency manifests', async () => {
    const ctx = ctxWithTemp();
    const before = (await cacheKey(ctx, join(context, 'Dockerfile'), context)).key;
    writeFileSync(join(context, 'package-lock.json'), '{"lockfileVersion":3,"changed":true}');
    const after = (await cacheKey(ctx, join(context, 'Dockerfile'), context)).key;
    expect(before).toMatch(/^cs-buildkit-test-web-[0-9a-f]{16}$/);
    expect(after).not.toBe(before);
  });
});
