/** The docker builder against the real engine: argv effects checked with `docker image inspect`, secrets that never leak. */
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { dockerBuild } from '../../src/builtin/docker/build.js';
import { dockerBuildSchema } from '../../src/builtin/docker/schema.js';
import { detectDockerCli } from '../../src/docker/cli.js';
import { CancelledError, UserError } from '../../src/errors.js';
import { testContext } from '../helpers/context.js';
import { appDir, Cleanup, docker, dockerBuffer, env, uniqueName } from './support.js';

const cleanup = new Cleanup();
afterAll(() => cleanup.run());
const config = (raw: Record<string, unknown>) => dockerBuildSchema.parse({ build_args: { BASE: env.baseImage }, ...raw });

describe('CLI detection', () => {
  test('distro docker 20.10 has builtin BuildKit; docker 28 without buildx only the legacy builder', async () => {
    expect(await detectDockerCli({ ...process.env, CS_DOCKER_CLI: '/usr/bin/docker' })).toEqual({ path: '/usr/bin/docker', kind: 'buildkit', driver: null });
    expect(await detectDockerCli({ ...process.env, CS_DOCKER_CLI: '/usr/local/bin/docker' })).toEqual({ path: '/usr/local/bin/docker', kind: 'legacy', driver: null });
  });
});

describe('dockerBuild', () => {
  test('build args, target and labels land in the image; the artifact matches docker image inspect', async () => {
    const image = cleanup.image(`cs-test/build-${uniqueName('')}`);
    const dir = cleanup.dir(
      appDir({
        'Dockerfile': [
          'ARG BASE',
          'FROM ${BASE} AS base',
          'ARG GREETING',
          'RUN echo "greeting=$GREETING" > /greeting && echo "building with $GREETING"',
          'EXPOSE 8080 9090/udp',
          'FROM base AS runtime',
          'RUN echo runtime > /stage',
          'FROM base AS debug',
          'RUN echo debug > /stage',
        ].join('\n'),
      }),
    );
    const ctx = testContext({ appPath: dir, git: { sha: 'f'.repeat(40), short_sha: 'fffffff', branch: 'main', tag: '', remote: 'https://github.com/o/r' } });
    const artifact = await dockerBuild(ctx, config({ image, build_args: { BASE: env.baseImage, GREETING: 'hi there' }, target: 'runtime', labels: { team: 'store' } }));

    const [info] = JSON.parse(docker('image', 'inspect', `${image}:fffffff`)) as Array<{ Id: string; RepoTags: string[]; Config: { Labels: Record<string, string>; ExposedPorts: Record<string, object> } }>;
    expect(artifact).toEqual({ id: info!.Id.slice(7, 19), image, tag: 'fffffff', imageId: info!.Id, labels: info!.Config.Labels, ports: [8080, 9090], builder: 'docker' });
    expect(info!.Config.Labels).toMatchObject({
      team: 'store',
      'cs.project': 'test',
      'cs.app': 'web',
      'org.opencontainers.image.revision': 'f'.repeat(40),
      'org.opencontainers.image.source': 'https://github.com/o/r',
    });
    expect(Date.parse(info!.Config.Labels['org.opencontainers.image.created']!)).toBeGreaterThan(Date.now() - 120_000);
    expect(docker('run', '--rm', `${image}:fffffff`, 'cat', '/greeting', '/stage')).toBe('greeting=hi there\nruntime\n');
    // The build log streamed through the logger, live, at info level.
    expect(ctx.lines.some((l) => l.level === 'info' && l.line.includes('building with hi there'))).toBe(true);
  });

  test('a secret is readable during the build and appears in no output, result, history, inspect or saved image', async () => {
    const secret = `s3cr3t-${uniqueName('')}-value`;
    const image = cleanup.image(`cs-test/secret-${uniqueName('')}`);
    const temp = cleanup.dir(mkdtempSync(join(tmpdir(), 'cs-runner-temp-')));
    const dir = cleanup.dir(
      appDir({
        'Dockerfile': [
          'ARG BASE',
          'FROM ${BASE}',
          'RUN --mount=type=secret,id=api_token sha256sum /run/secrets/api_token > /secret.sha256',
          // Printing it makes the log a real test of redaction, not of silence.
          'RUN --mount=type=secret,id=api_token echo "token is $(cat /run/secrets/api_token)"',
        ].join('\n'),
      }),
    );
    const ctx = testContext({ appPath: dir, env: { ...process.env, RUNNER_TEMP: temp } });
    const artifact = await dockerBuild(ctx, config({ image, tag: 'v1', no_cache: true }), { secrets: { api_token: secret } });

    const { createHash } = await import('node:crypto');
    expect(docker('run', '--rm', `${image}:v1`, 'cat', '/secret.sha256').split(' ')[0]).toBe(createHash('sha256').update(secret).digest('hex'));
    expect(ctx.output()).toContain('token is ***');
    expect(ctx.output()).not.toContain(secret);
    expect(JSON.stringify(artifact)).not.toContain(secret);
    expect(docker('history', '--no-trunc', `${image}:v1`)).not.toContain(secret);
    expect(docker('image', 'inspect', `${image}:v1`)).not.toContain(secret);
    expect(dockerBuffer('save', `${image}:v1`).includes(Buffer.from(secret))).toBe(false);
    expect(readdirSync(temp)).toEqual([]); // the 0600 secret file went with its directory
  });

  test('secret files are removed when the build fails, and the failure is redacted', async () => {
    const secret = `fail-${uniqueName('')}-secret`;
    const temp = cleanup.dir(mkdtempSync(join(tmpdir(), 'cs-runner-temp-')));
    const dir = cleanup.dir(appDir({ 'Dockerfile': `ARG BASE\nFROM \${BASE}\nRUN --mount=type=secret,id=tok echo "failing with $(cat /run/secrets/tok)" && false\n` }));
    const ctx = testContext({ appPath: dir, env: { ...process.env, RUNNER_TEMP: temp } });
    const err = await dockerBuild(ctx, config({ image: cleanup.image(`cs-test/fail-${uniqueName('')}`) }), { secrets: { tok: secret } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as Error).message).not.toContain(secret);
    expect(ctx.output()).toContain('failing with ***');
    expect(readdirSync(temp)).toEqual([]);
  });

  test('cancelling a build kills it and removes the secret files', async () => {
    const temp = cleanup.dir(mkdtempSync(join(tmpdir(), 'cs-runner-temp-')));
    const dir = cleanup.dir(appDir({ 'Dockerfile': `ARG BASE\nFROM \${BASE}\nRUN --mount=type=secret,id=tok sleep 60\n` }));
    const abort = new AbortController();
    const ctx = testContext({ appPath: dir, env: { ...process.env, RUNNER_TEMP: temp }, signal: abort.signal });
    const started = Date.now();
    const pending = dockerBuild(ctx, config({ image: cleanup.image(`cs-test/cancel-${uniqueName('')}`), no_cache: true }), { secrets: { tok: 'cancel-secret-value' } });
    setTimeout(() => abort.abort('SIGTERM'), 1500);
    await expect(pending).rejects.toBeInstanceOf(CancelledError);
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(readdirSync(temp)).toEqual([]);
  });

  describe('sensitive values the image would store', () => {
    const secret = `CNRYimg-${uniqueName('')}`;
    const sensitive = () => {
      const ctx = testContext({ appPath: cleanup.dir(appDir({ 'Dockerfile': `ARG BASE\nFROM \${BASE}\nARG TOKEN\nRUN echo "$TOKEN" | wc -c > /n\n` })) });
      ctx.redactor.add(secret); // a sensitive variable the config put there
      return ctx;
    };

    test('a label holding one is refused before anything is built', async () => {
      const image = cleanup.image(`cs-test/label-${uniqueName('')}`);
      const ctx = sensitive();
      const err = await dockerBuild(ctx, config({ image, labels: { 'com.acme.key': `k=${secret}` } })).catch((e: unknown) => e);
      expect((err as UserError).message).toBe('label com.acme.key holds a sensitive value, and labels are stored in the image for anyone who can pull it');
      expect(() => docker('image', 'inspect', `${image}:0123456`)).toThrow();
    });

    test('a build arg the final stage stores in the history fails the build, and the image is removed', async () => {
      const image = cleanup.image(`cs-test/arg-${uniqueName('')}`);
      const ctx = sensitive();
      const err = await dockerBuild(ctx, config({ image, tag: 'v1', no_cache: true, build_args: { BASE: env.baseImage, TOKEN: secret } })).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(UserError);
      expect((err as UserError).message).toBe(`build args TOKEN put sensitive values in the image history, readable by anyone who can pull the image: ${image}:v1 was removed`);
      expect(ctx.output()).toContain('build args TOKEN hold sensitive values: the build fails if the final stage stores them in the image history');
      expect(ctx.output()).not.toContain(secret);
      expect(() => docker('image', 'inspect', `${image}:v1`)).toThrow();
    });

    test('a build arg only an earlier stage uses is allowed, with the warning, and stays out of the history', async () => {
      const image = cleanup.image(`cs-test/stage-${uniqueName('')}`);
      const ctx = sensitive();
      ctx.appPath = cleanup.dir(appDir({ 'Dockerfile': `ARG BASE\nFROM \${BASE} AS build\nARG TOKEN\nRUN echo "$TOKEN" | wc -c > /n\nFROM \${BASE}\nCOPY --from=build /n /n\n` }));
      await dockerBuild(ctx, config({ image, tag: 'v1', no_cache: true, build_args: { BASE: env.baseImage, TOKEN: secret } }));
      expect(ctx.output()).toContain('build args TOKEN hold sensitive values');
      expect(docker('history', '--no-trunc', `${image}:v1`)).not.toContain(secret);
    });

    test('its value is in no process\'s command line while the build runs, yet reaches the build', async () => {
      const image = cleanup.image(`cs-test/argv-${uniqueName('')}`);
      const ctx = sensitive();
      ctx.appPath = cleanup.dir(appDir({ 'Dockerfile': `ARG BASE\nFROM \${BASE} AS build\nARG TOKEN\nRUN echo -n "$TOKEN" | sha256sum | cut -c1-64 > /h && sleep 1\nFROM \${BASE}\nCOPY --from=build /h /h\n` }));
      const seen = new Set<string>();
      let building = true;
      const sweep = (async () => {
        while (building) {
          for (const pid of readdirSync('/proc').filter((n) => /^\d+$/.test(n))) {
            try {
              const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
              if (cmdline.includes(secret)) seen.add(cmdline);
              else if (cmdline.includes('--build-arg TOKEN')) seen.add('by name');
            } catch {
              /* gone */
            }
          }
          await new Promise((r) => setTimeout(r, 20));
        }
      })();
      await dockerBuild(ctx, config({ image, tag: 'v1', no_cache: true, build_args: { BASE: env.baseImage, TOKEN: secret } })).finally(() => (building = false));
      await sweep;
      expect([...seen]).toEqual(['by name']); // the sweep saw the build, and never the value
      expect(docker('run', '--rm', `${image}:v1`, 'cat', '/h').trim()).toBe(createHash('sha256').update(secret).digest('hex'));
    });

    test('one named as a variable the docker CLI reads is refused: its value could not travel in the environment', async () => {
      const ctx = sensitive();
      const err = await dockerBuild(ctx, config({ image: 'cs-test/never', build_args: { BASE: env.baseImage, DOCKER_CONFIG: secret } })).catch((e: unknown) => e);
      expect((err as UserError).message).toBe('build arg DOCKER_CONFIG holds a sensitive value, and the docker CLI reads a variable of that name itself');
    });

    test('build secrets are refused when the temporary directory is inside the build context', async () => {
      const ctx = sensitive();
      const temp = join(ctx.appPath, 'tmp');
      const err = await dockerBuild({ ...ctx, env: { ...process.env, RUNNER_TEMP: temp } }, config({ image: 'cs-test/never' }), { secrets: { tok: secret } }).catch((e: unknown) => e);
      expect((err as UserError).message).toBe(`the temporary directory ${temp} is inside the build context ${ctx.appPath}: a COPY would put the build secrets in the image`);
    });
  });

  test('secrets without BuildKit are a clear error before anything runs, never build args', async () => {
    const temp = cleanup.dir(mkdtempSync(join(tmpdir(), 'cs-runner-temp-')));
    const ctx = testContext({ env: { ...process.env, CS_DOCKER_CLI: '/usr/local/bin/docker', RUNNER_TEMP: temp } });
    const err = await dockerBuild(ctx, config({ image: 'cs-test/never' }), { secrets: { tok: 'legacy-secret-value' } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).format()).toMatch(/build secrets \(tok\) need BuildKit, but \/usr\/local\/bin\/docker has only the legacy builder[\s\S]*buildx/);
    expect(existsSync(temp) && readdirSync(temp)).toEqual([]);
  });

  test('the legacy builder still builds (no secrets), with the default name and tag', async () => {
    const dir = cleanup.dir(appDir({ 'Dockerfile': 'ARG BASE\nFROM ${BASE}\nARG N\nRUN echo "$N" > /n\n' }));
    const project = `legacy${uniqueName('')}`;
    // DOCKER_BUILDKIT=1 from the user's shell would fail this CLI's build: cs leaves it unset.
    const ctx = testContext({ project, appPath: dir, env: { ...process.env, CS_DOCKER_CLI: '/usr/local/bin/docker', DOCKER_BUILDKIT: '1' } });
    const artifact = await dockerBuild(ctx, config({ build_args: { BASE: env.baseImage, N: 42 } }));
    cleanup.image(`${project}-web:0123456`);
    expect(artifact).toMatchObject({ image: `${project}-web`, tag: '0123456', builder: 'docker' });
    expect(docker('run', '--rm', `${project}-web:0123456`, 'cat', '/n')).toBe('42\n');
    // docker's own notice says what helps (install buildx), not that a variable cs set disabled BuildKit.
    expect(ctx.output()).toContain('Install the buildx component');
    expect(ctx.output()).not.toContain('DOCKER_BUILDKIT=0');
  });

  test('a failed step of the legacy builder leaves no stopped container behind', async () => {
    const marker = `failed-step-${uniqueName('')}`;
    const dir = cleanup.dir(appDir({ 'Dockerfile': `ARG BASE\nFROM \${BASE}\nRUN echo ${marker} && exit 7\n` }));
    const ctx = testContext({ appPath: dir, env: { ...process.env, CS_DOCKER_CLI: '/usr/local/bin/docker' } });
    await expect(dockerBuild(ctx, config({ image: `cs-test/${marker}`, build_args: { BASE: env.baseImage } }))).rejects.toThrow(/exit code|returned a non-zero code/);
    expect(ctx.output()).toContain(marker);
    expect(docker('ps', '-a', '--no-trunc', '--format', '{{.Command}}')).not.toContain(marker);
  });
});
