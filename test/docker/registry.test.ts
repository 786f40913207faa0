/** The docker registry phase against the real htpasswd registry: digests, credential sources, clear refusals, retries. */
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { dockerBuild } from '../../src/builtin/docker/build.js';
import { pullAuth, pushImage } from '../../src/builtin/docker/registry.js';
import { ensureImage } from '../../src/builtin/docker/image.js';
import { dockerBuildSchema, dockerRegistrySchema } from '../../src/builtin/docker/schema.js';
import type { Artifact } from '../../src/component/index.js';
import { UserError } from '../../src/errors.js';
import { testContext } from '../helpers/context.js';
import { appDir, Cleanup, docker, env, registryDigest, uniqueName } from './support.js';

const cleanup = new Cleanup();
let artifact: Artifact;
const repo = `${env.registry}/cs-test/push-${uniqueName('')}`;
/** Env without any ambient registry credentials, so each test chooses its source. */
const bareEnv = () => ({ ...process.env, REGISTRY_USERNAME: undefined, REGISTRY_PASSWORD: undefined, REGISTRY_URL: undefined, DOCKER_CONFIG: cleanup.dir(mkdtempSync(join(tmpdir(), 'cs-empty-docker-config-'))) });
const registryConfig = (raw: Record<string, unknown>) => dockerRegistrySchema.parse(raw);

beforeAll(async () => {
  // A unique layer, so this suite's digests are its own.
  const dir = cleanup.dir(appDir({ 'Dockerfile': `ARG BASE\nFROM \${BASE}\nRUN echo ${uniqueName('id-')} > /id\n` }));
  artifact = await dockerBuild(testContext({ appPath: dir }), dockerBuildSchema.parse({ image: cleanup.image(`cs-test/pushsrc-${uniqueName('')}`), tag: 'src', build_args: { BASE: env.baseImage } }));
});
afterAll(() => {
  for (const tag of ['stanza', 'env', 'config', 'denied', 'anon']) cleanup.image(`${repo}:${tag}`);
  cleanup.run();
});

describe('pushImage', () => {
  test('stanza credentials: the digest is the registry\'s Docker-Content-Digest, and the ref pins it', async () => {
    const ctx = testContext({ env: bareEnv() });
    const ref = await pushImage(ctx, registryConfig({ image: repo, tag: 'stanza', username: env.username, password: env.password }), artifact);
    const digest = await registryDigest(repo, 'stanza');
    expect(digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(ref).toEqual({ image: `${repo}:stanza@${digest}`, repository: repo, tag: 'stanza', digest });
    expect(ctx.output()).toContain('credentials: registry stanza (user "cs-test")');
    expect(ctx.output()).not.toContain(env.password);
  });

  test('an image that names its registry goes there with the stanza credentials, whatever the stanza\'s own registry says', async () => {
    const ctx = testContext({ env: bareEnv() });
    const ref = await pushImage(ctx, registryConfig({ registry: 'ghcr.io', image: repo, tag: 'stanza', username: env.username, password: env.password }), artifact);
    expect(ref.repository).toBe(repo);
    expect(ctx.output()).toContain('credentials: registry stanza (user "cs-test")');
  });

  test('REGISTRY_URL / REGISTRY_USERNAME / REGISTRY_PASSWORD env, with auth = {…} absent', async () => {
    const ctx = testContext({ env: { ...bareEnv(), REGISTRY_URL: `http://${env.registry}`, REGISTRY_USERNAME: env.username, REGISTRY_PASSWORD: env.password } });
    const ref = await pushImage(ctx, registryConfig({ image: repo.slice(env.registry.length + 1), tag: 'env' }), artifact);
    expect(ref.repository).toBe(repo);
    expect(ref.digest).toBe(await registryDigest(repo, 'env'));
    expect(ctx.output()).toContain('credentials: REGISTRY_USERNAME/REGISTRY_PASSWORD');
  });

  test('DOCKER_CONFIG auths, as docker/login-action leaves them', async () => {
    const configDir = cleanup.dir(mkdtempSync(join(tmpdir(), 'cs-docker-config-')));
    writeFileSync(join(configDir, 'config.json'), JSON.stringify({ auths: { [`http://${env.registry}`]: { auth: Buffer.from(`${env.username}:${env.password}`).toString('base64') } } }));
    const ctx = testContext({ env: { ...bareEnv(), DOCKER_CONFIG: configDir } });
    const ref = await pushImage(ctx, registryConfig({ image: repo, tag: 'config' }), artifact);
    expect(ref.digest).toBe(await registryDigest(repo, 'config'));
    expect(ctx.output()).toContain(`credentials: ${join(configDir, 'config.json')} auths["${env.registry}"]`);
  });

  test('a wrong password fails at once with the registry and credential source named, and the password nowhere', async () => {
    const wrong = `wrong-${uniqueName('')}-pw`;
    const ctx = testContext({ env: bareEnv() });
    const err = await pushImage(ctx, registryConfig({ image: repo, tag: 'denied', auth: { username: env.username, password: wrong } }), artifact, 1).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    const message = (err as UserError).format();
    expect(message).toContain(`push of ${repo}:denied at ${env.registry} failed: unauthorized: authentication required`);
    expect(message).toContain('the registry refused credentials from registry stanza (user "cs-test")');
    expect(message).not.toContain(wrong);
    expect(ctx.output()).not.toContain(wrong);
    expect(ctx.output()).not.toMatch(/retrying/); // 401 is never retried
  });

  test('no credentials anywhere: the refusal lists every source tried', async () => {
    const ctx = testContext({ env: bareEnv() });
    const err = (await pushImage(ctx, registryConfig({ image: repo, tag: 'anon' }), artifact, 1).catch((e: unknown) => e)) as UserError;
    expect(err.message).toMatch(/anonymous access \(no credentials found; tried registry stanza \(none given\); REGISTRY_USERNAME\/REGISTRY_PASSWORD \(unset\); .*config\.json \(no auths entry for 127\.0\.0\.1:\d+\)\)/);
  });
});

describe('pulling what was pushed (a deploy in another job, on a fresh engine)', () => {
  test('uses the registry stanza credentials for the registry it pushed to, and for no other', async () => {
    const config = registryConfig({ image: repo, tag: 'pull', username: env.username, password: env.password });
    const ref = await pushImage(testContext({ env: bareEnv() }), config, artifact);
    docker('rmi', `${repo}:pull`, `${repo}@${ref.digest}`); // the engine no longer has it by this name: a deploy must pull it
    const auth = pullAuth(config, artifact, bareEnv());
    expect(auth).toEqual({ registry: env.registry, username: env.username, password: env.password });

    const elsewhere = testContext({ env: bareEnv() });
    const refused = await ensureImage(elsewhere, ref.image, { timeoutMs: 10_000, pullAuth: { ...auth!, registry: 'registry.example.com' }, retryDelayMs: 10 }).catch((e: unknown) => e);
    expect((refused as UserError).message).toContain(`registry stanza (for registry.example.com, not ${env.registry})`);

    const ctx = testContext({ env: bareEnv() });
    expect((await ensureImage(ctx, ref.image, { timeoutMs: 60_000, pullAuth: auth })).digest).toBe(ref.digest);
    expect(ctx.output()).toContain('credentials: registry stanza (user "cs-test")');
    docker('rmi', `${repo}@${ref.digest}`);
  });

  test('deploy --image: the stanza credentials for the host its image or registry names, and none when it names neither', async () => {
    const config = registryConfig({ image: repo, tag: 'pull-image', username: env.username, password: env.password });
    const ref = await pushImage(testContext({ env: bareEnv() }), config, artifact);
    docker('rmi', `${repo}:pull-image`, `${repo}@${ref.digest}`);
    const auth = pullAuth(config, null, bareEnv());
    expect(auth).toEqual({ registry: env.registry, username: env.username, password: env.password });
    expect(pullAuth(registryConfig({ registry: env.registry, username: 'u', password: 'p' }), null, bareEnv())?.registry).toBe(env.registry);
    expect(pullAuth(registryConfig({ username: 'u', password: 'p' }), null, { REGISTRY_URL: env.registry })?.registry).toBe(env.registry);
    expect(pullAuth(registryConfig({ username: 'u', password: 'p' }), null, bareEnv())).toBeNull();

    const ctx = testContext({ env: bareEnv() });
    expect((await ensureImage(ctx, ref.image, { timeoutMs: 60_000, pullAuth: auth })).digest).toBe(ref.digest);
    expect(ctx.output()).toContain('credentials: registry stanza (user "cs-test")');
    docker('rmi', `${repo}@${ref.digest}`);
  });
});

describe('retries', () => {
  // A proxy in front of the real registry that answers 503 to the first manifest uploads: the engine
  // retries blob uploads itself (for ~50 s) but not the manifest, so this is where our retry matters.
  let server: Server;
  let manifestFailures = 0;
  beforeAll(async () => {
    const [host, port] = env.registry.split(':');
    server = createServer((req, res) => {
      if (req.method === 'PUT' && req.url?.includes('/manifests/') && manifestFailures < 2) {
        manifestFailures++;
        req.resume();
        return void res.writeHead(503, { 'content-type': 'text/plain' }).end('down for maintenance');
      }
      const upstream = request({ host, port: Number(port), method: req.method, path: req.url, headers: req.headers }, (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      });
      upstream.on('error', () => res.writeHead(502).end());
      req.pipe(upstream);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  test('a registry answering 503 is retried with backoff until the push goes through', async () => {
    const port = (server.address() as AddressInfo).port;
    const target = `127.0.0.1:${port}/${repo.slice(env.registry.length + 1)}`;
    cleanup.image(`${target}:flaky`);
    const ctx = testContext({ env: bareEnv() });
    const ref = await pushImage(ctx, registryConfig({ image: target, tag: 'flaky', username: env.username, password: env.password }), artifact, 10);
    expect(manifestFailures).toBe(2);
    expect(ctx.lines.filter((l) => l.level === 'warn').map((l) => l.line.replace(/: .*/, ''))).toEqual([
      `push of ${target}:flaky failed (attempt 1/4), retrying in 10 ms`,
      `push of ${target}:flaky failed (attempt 2/4), retrying in 20 ms`,
    ]);
    expect(ref.digest).toBe(await registryDigest(repo, 'flaky'));
  });
});
