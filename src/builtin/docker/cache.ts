/**
 * BuildKit layer cache kept across workflow runs: buildx exports a local cache directory, and
 * @actions/cache restores and saves it keyed by project, app and a hash of the Dockerfile and the
 * context's dependency manifests. Best effort by design: off GitHub, without buildx, or when the cache
 * service fails, the build goes on uncached with a log line saying why.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AppContext } from '../../lifecycle/context.js';
import type { DockerCli } from '../../docker/cli.js';

/** The subset of @actions/cache we use; tests pass a fake. */
export interface CacheClient {
  isFeatureAvailable(): boolean;
  restoreCache(paths: string[], primaryKey: string, restoreKeys?: string[]): Promise<string | undefined>;
  saveCache(paths: string[], key: string): Promise<number>;
}

export interface LocalCacheArgs {
  /** Restored cache directory, or null on a cold cache. */
  from: string | null;
  /** A fresh directory: exporting into the restored one would only ever grow it. */
  to: string;
}

export interface BuildCache {
  args: LocalCacheArgs;
  /** After a successful build: swap the new export in and save it. Never throws. */
  save(): Promise<void>;
}

export interface CacheRequest {
  cli: DockerCli;
  enabled: boolean;
  dockerfile: string;
  context: string;
}

/** Files whose change should invalidate the dependency layers. */
const MANIFESTS = ['package.json', 'package-lock.json', 'npm-shrinkwrap.json', 'yarn.lock', 'pnpm-lock.yaml', 'go.mod', 'go.sum', 'requirements.txt', 'poetry.lock', 'Pipfile.lock', 'Gemfile.lock', 'Cargo.lock', 'composer.lock', 'pom.xml', 'build.gradle'];

export async function cacheKey(ctx: AppContext, dockerfile: string, context: string): Promise<{ key: string; prefix: string }> {
  const hash = createHash('sha256');
  for (const file of [dockerfile, ...MANIFESTS.map((m) => join(context, m))]) {
    const content = await readFile(file).catch(() => null);
    if (content) hash.update(file === dockerfile ? 'Dockerfile' : file.slice(context.length)).update('\0').update(content);
  }
  const prefix = `cs-buildkit-${ctx.project}-${ctx.app}-`;
  return { key: prefix + hash.digest('hex').slice(0, 16), prefix };
}

export async function prepareBuildCache(ctx: AppContext, req: CacheRequest, client?: CacheClient): Promise<BuildCache | null> {
  if (!req.enabled) return null;
  const skip = (why: string) => (ctx.log.info(`build cache: off (${why})`), null);
  if (req.cli.kind !== 'buildx') return skip('exporting a BuildKit cache needs docker buildx');
  if (req.cli.driver === 'docker') return skip('the default "docker" buildx driver cannot export a cache; create a builder with docker/setup-buildx-action');
  const cache = client ?? (await import('@actions/cache'));
  if (!(await guarded(ctx, 'availability check', () => cache.isFeatureAvailable()))) return skip('the GitHub Actions cache service is not available here');

  const { key, prefix } = await cacheKey(ctx, req.dockerfile, req.context);
  const dir = join(ctx.env.RUNNER_TEMP || tmpdir(), 'cs-buildkit-cache', `${ctx.project}-${ctx.app}`);
  const hit = await guarded(ctx, 'restore', () => cache.restoreCache([dir], key, [prefix]));
  ctx.log.info(hit ? `build cache: restored ${hit}` : `build cache: no entry for ${key}`);
  const args: LocalCacheArgs = { from: existsSync(join(dir, 'index.json')) ? dir : null, to: `${dir}-new` };
  return {
    args,
    save: async () => {
      if (hit === key) return; // an exact hit is immutable: saving under the same key would fail
      await rm(dir, { recursive: true, force: true });
      await rename(args.to, dir).catch(() => undefined);
      if (existsSync(dir)) await guarded(ctx, 'save', () => cache.saveCache([dir], key));
    },
  };
}

async function guarded<T>(ctx: AppContext, what: string, fn: () => T | Promise<T>): Promise<T | undefined> {
  try {
    return await fn();
  } catch (err) {
    ctx.log.warn(`build cache ${what} failed, building without it: ${(err as Error).message}`);
    return undefined;
  }
}
