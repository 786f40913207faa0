/** Shared pieces of the docker suites: unique names, throwaway build contexts, cleanup, HTTP checks. */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseReference } from '../../src/docker/reference.js';
import { dockerTestEnv } from '../helpers/docker-env.js';

export const env = dockerTestEnv();

export function uniqueName(prefix: string): string {
  return `${prefix}${randomBytes(4).toString('hex')}`;
}

/** A host port unlikely to clash with other suites running at the same time. */
export function randomPort(): number {
  // Above the bench's fixed ports (18080–18393) and below Linux's ephemeral range (32768+).
  return 20000 + Math.floor(Math.random() * 12000);
}

/** A build context holding the given files (paths relative to it). */
export function appDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'cs-docker-test-'));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return dir;
}

/** The docker CLI for assertions (never the code under test). */
export function docker(...args: string[]): string {
  return execFileSync(env.dockerCli, args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'] });
}

export function dockerBuffer(...args: string[]): Buffer {
  return execFileSync(env.dockerCli, args, { maxBuffer: 256 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Collects what a suite created; `run()` in afterAll removes it, ignoring what is already gone. */
export class Cleanup {
  private readonly dirs: string[] = [];
  private readonly images: string[] = [];
  private readonly projects: string[] = [];

  dir(path: string): string {
    this.dirs.push(path);
    return path;
  }
  /** A `repo:tag`, or a bare repository: then every local image of it. */
  image(ref: string): string {
    this.images.push(ref);
    return ref;
  }
  /** Every container labelled with this cs.project. */
  project(name: string): string {
    this.projects.push(name);
    return name;
  }

  run(): void {
    for (const p of this.projects) {
      const ids = docker('ps', '-aq', '--filter', `label=cs.project=${p}`).split('\n').filter(Boolean);
      if (ids.length) docker('rm', '-f', ...ids);
    }
    for (const ref of this.images) {
      const targets = parseReference(ref).tag || ref.includes('@') ? [ref] : docker('images', '-q', ref).split('\n').filter(Boolean);
      for (const target of new Set(targets)) {
        try {
          docker('rmi', '-f', target);
        } catch {
          /* already gone */
        }
      }
    }
    for (const d of this.dirs) rmSync(d, { recursive: true, force: true });
  }
}

export async function httpGet(url: string): Promise<{ status: number; body: string }> {
  const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
  return { status: res.status, body: await res.text() };
}

/** Docker-Content-Digest of a manifest, asked of the registry itself with basic auth. */
export async function registryDigest(repository: string, tag: string): Promise<string | null> {
  const path = repository.slice(repository.indexOf('/') + 1);
  const res = await fetch(`http://${env.registry}/v2/${path}/manifests/${tag}`, {
    method: 'HEAD',
    headers: {
      authorization: `Basic ${Buffer.from(`${env.username}:${env.password}`).toString('base64')}`,
      accept: 'application/vnd.docker.distribution.manifest.v2+json',
    },
  });
  return res.headers.get('docker-content-digest');
}
