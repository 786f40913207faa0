/** Docker bench fixtures: a busybox httpd site, per-run content changes, readiness polling, cleanup. */
import { execFileSync } from 'node:child_process';
import { cpSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, tempDir, testEnv } from './lib.mjs';

/** The test environment (real dockerd + registry), or null when it is not running. */
export function dockerEnv() {
  const env = testEnv();
  if (!env?.CS_TEST_REGISTRY || !env.CS_TEST_BASE_IMAGE) return null;
  try {
    execFileSync(env.CS_DOCKER_CLI || 'docker', ['info'], { stdio: 'ignore', env });
  } catch {
    return null;
  }
  return env;
}

/** A copy of examples/hello's Dockerfile and site; `stamp()` changes its content so each build and push does real work. */
export function siteContext(name, dockerfile) {
  const dir = tempDir(name);
  cpSync(join(ROOT, 'examples/hello/www'), join(dir, 'www'), { recursive: true });
  writeFileSync(join(dir, 'Dockerfile'), dockerfile ?? 'ARG BASE\nFROM ${BASE}\nCOPY www /www\nEXPOSE 8080\nCMD ["httpd", "-f", "-p", "8080", "-h", "/www"]\n');
  return { dir, stamp: (text) => writeFileSync(join(dir, 'www', 'stamp.txt'), `${text}\n`) };
}

/** Resolves with performance.now() of the first 2xx from `url`, polling every `everyMs`. */
export async function firstOk(url, everyMs = 20, timeoutMs = 60_000) {
  const until = performance.now() + timeoutMs;
  while (performance.now() < until) {
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(1000) });
      await res.body?.cancel();
      if (res.ok) return performance.now();
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw new Error(`${url} never answered`);
}

export function docker(env, args, opts = {}) {
  return execFileSync(env.CS_DOCKER_CLI || 'docker', args, { env, stdio: ['pipe', 'pipe', 'pipe'], ...opts });
}

export function removeContainers(env, names) {
  try {
    docker(env, ['rm', '-f', ...names]);
  } catch {
    // already gone
  }
}
