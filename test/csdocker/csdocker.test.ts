/**
 * csdocker on the real dockerd: a Vault secret reaches the RUN step that mounts it (the image stores
 * its sha256 to prove it), while planted canaries — one single-line, one multi-line — appear nowhere a
 * user or an image puller could look.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { csdockerBuild } from '../../src/builtin/csdocker/build.js';
import { csdockerBuildSchema } from '../../src/builtin/csdocker/schema.js';
import { runCommand } from '../../src/exec/run.js';
import { CancelledError } from '../../src/errors.js';
import { dockerTestEnv } from '../helpers/docker-env.js';
import { testContext } from '../helpers/context.js';
import { VaultDouble } from '../doubles/vault-double.js';

const CANARY = `canary-${createHash('sha256').update(String(Math.random())).digest('hex').slice(0, 24)}`;
const MULTI_LINES = ['-----BEGIN CANARY KEY-----', `ml-first-${CANARY.slice(7, 19)}`, `ml-second-${CANARY.slice(13)}`, '-----END CANARY KEY-----'];
const MULTI = MULTI_LINES.join('\n');
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
/** Everything a leak could look like: whole values and each distinctive line of the multi-line one. */
const NEEDLES = [CANARY, MULTI, MULTI_LINES[1]!, MULTI_LINES[2]!];

describe('csdocker (real dockerd, Vault double)', () => {
  const docker = dockerTestEnv();
  const dirs: string[] = [];
  const images: string[] = [];
  let vault: VaultDouble;

  beforeEach(async () => {
    vault = (await VaultDouble.start())
      .enableAuth('approle', 'approle')
      .addApprole('csd-role', 'csd-secret-id')
      .mountKv('secret', 2)
      .putSecret('secret', 'shop/web', { API_KEY: CANARY, MULTI });
  });
  afterEach(() => vault.close());
  afterAll(async () => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
    if (images.length) await runCommand(docker.dockerCli, ['image', 'rm', '-f', ...images], { okCodes: [0, 1] });
  });

  function app(dockerfile: string, signal?: AbortSignal) {
    const dir = mkdtempSync(join(tmpdir(), 'cs-csdocker-'));
    dirs.push(dir);
    writeFileSync(join(dir, 'Dockerfile'), dockerfile.replace('BASE', docker.baseImage));
    const tag = `t${Math.random().toString(36).slice(2, 8)}`;
    images.push(`cs-test/csdocker-web:${tag}`);
    const ctx = testContext({
      appPath: dir,
      ...(signal ? { signal } : {}),
      env: { PATH: process.env.PATH, CS_DOCKER_CLI: docker.dockerCli, VAULT_ADDR: vault.address, HOME: process.env.HOME },
      vault: { auth_method: 'approle', role_id: 'csd-role', secret_id: 'csd-secret-id' },
    });
    return { dir, tag, ref: `cs-test/csdocker-web:${tag}`, ctx };
  }
  const config = (tag: string, fields: Record<string, unknown> = {}) =>
    csdockerBuildSchema.parse({ image: 'cs-test/csdocker-web', tag, secrets_path: 'secret/data/shop/web', cache: false, ...fields });
  const docker$ = (args: string[]) => runCommand(docker.dockerCli, args, { stream: 'none' });

  it('env{} is checked like build_args: a sensitive value the final stage stores in the history fails the build', async () => {
    const { ctx, tag, ref } = app(['FROM BASE', 'ARG TOK', 'RUN echo "tok=$TOK" > /tok', ''].join('\n'));
    ctx.redactor.add(CANARY); // a sensitive variable put into env{}
    const err = await csdockerBuild(ctx, config(tag, { secrets_path: undefined, env: { TOK: CANARY }, no_cache: true })).catch((e: unknown) => e);
    expect((err as Error).message).toBe(`build args TOK put sensitive values in the image history, readable by anyone who can pull the image: ${ref} was removed`);
    await expect(docker$(['image', 'inspect', ref])).rejects.toThrow();
  });

  it('mounts Vault keys as BuildKit secrets: the build had the values, no canary leaks anywhere', async () => {
    const { ctx, tag, ref, dir } = app(
      [
        'FROM BASE',
        'RUN --mount=type=secret,id=API_KEY sha256sum /run/secrets/API_KEY > /hash',
        'RUN --mount=type=secret,id=MULTI sha256sum /run/secrets/MULTI > /hash-multi',
        'ARG NODE_ENV',
        'RUN echo "env=$NODE_ENV" > /env',
        '',
      ].join('\n'),
    );
    // no_cache: BuildKit's cache key ignores secret contents, so an earlier run's layer would be reused.
    const artifact = await csdockerBuild(ctx, config(tag, { env: { NODE_ENV: 'production' }, no_cache: true }));
    expect(artifact).toMatchObject({ image: 'cs-test/csdocker-web', tag, builder: 'csdocker' });

    // The RUN steps saw the real values.
    const hashes = await docker$(['run', '--rm', ref, 'cat', '/hash', '/hash-multi', '/env']);
    expect(hashes.stdout).toContain(`${sha256(CANARY)}  /run/secrets/API_KEY`);
    expect(hashes.stdout).toContain(`${sha256(MULTI)}  /run/secrets/MULTI`);
    expect(hashes.stdout).toContain('env=production');

    // …and nothing else did.
    const tarball = join(dir, 'image.tar');
    await docker$(['save', '--output', tarball, ref]);
    const places: Record<string, string> = {
      logs: ctx.output(),
      artifact: JSON.stringify(artifact),
      history: (await docker$(['history', '--no-trunc', ref])).stdout,
      inspect: (await docker$(['image', 'inspect', ref])).stdout,
      save: readFileSync(tarball).toString('latin1'),
    };
    expect(places.logs).toMatch(/Vault: read 2 key\(s\) from secret\/data\/shop\/web/);
    expect(places.history).toContain('sha256sum /run/secrets/API_KEY'); // the history is really there to look in
    for (const [where, text] of Object.entries(places)) {
      for (const needle of NEEDLES) expect(text.includes(needle), `${where} contains ${needle.slice(0, 20)}…`).toBe(false);
    }
    expect(vault.callsTo('auth/token/revoke-self')).toHaveLength(1);
    expect(ctx.lines.filter((l) => l.level === 'warn')).toEqual([]);
  });

  it('secrets_mode = "build_args" only when explicit, warning with the key names (and the warning is true)', async () => {
    const { ctx, tag, ref } = app(['FROM BASE', 'ARG API_KEY', 'RUN test -n "$API_KEY"', ''].join('\n'));
    await csdockerBuild(ctx, config(tag, { secrets_mode: 'build_args' }));
    const warning = ctx.lines.filter((l) => l.level === 'warn').map((l) => l.line).join('\n');
    expect(warning).toMatch(/secrets_mode = "build_args": Vault keys API_KEY, MULTI will be stored in the image history/);
    expect(warning).not.toContain(CANARY);
    expect((await docker$(['history', '--no-trunc', ref])).stdout).toContain(CANARY);
  });

  it('renews the login token during a slow build and revokes it once at the end', async () => {
    vault.tokenTtl = 2;
    const { ctx, tag } = app(['FROM BASE', 'RUN --mount=type=secret,id=API_KEY sleep 3.5', ''].join('\n'));
    await csdockerBuild(ctx, config(tag, { no_cache: true }));
    expect(vault.callsTo('auth/token/renew-self').length).toBeGreaterThanOrEqual(1);
    expect(vault.callsTo('auth/token/renew-self').every((c) => c.status === 200)).toBe(true);
    expect(vault.callsTo('auth/token/revoke-self').map((c) => c.status)).toEqual([204]);
  });

  it('a failed build still revokes the token exactly once, and its error holds no secret', async () => {
    const { ctx, tag } = app(['FROM BASE', 'RUN --mount=type=secret,id=API_KEY cat /run/secrets/API_KEY; exit 3', ''].join('\n'));
    const err = (await csdockerBuild(ctx, config(tag)).catch((e: Error) => e)) as Error;
    expect(err.message).toMatch(/exit code/);
    for (const needle of NEEDLES) expect(err.message + ctx.output()).not.toContain(needle);
    expect(vault.callsTo('auth/token/revoke-self')).toHaveLength(1);
  });

  it('a Vault key that cannot be a BuildKit secret id is named as a Vault key, before anything is built', async () => {
    vault.putSecret('secret', 'shop/web', { 'api key': CANARY });
    const { ctx, tag, ref } = app(['FROM BASE', 'RUN true', ''].join('\n'));
    const err = (await csdockerBuild(ctx, config(tag)).catch((e: Error) => e)) as Error & { hint?: string };
    expect(err.message).toBe('Vault key "api key" is not a valid BuildKit secret id');
    expect(err.hint).toMatch(/rename the key in Vault$/);
    expect((await docker$(['image', 'inspect', ref]).catch(() => null))).toBeNull();
    for (const needle of NEEDLES) expect(err.message + ctx.output()).not.toContain(needle);
    expect(vault.callsTo('auth/token/revoke-self')).toHaveLength(1);
  });

  it('SIGTERM mid-build: the build is cancelled and the token revoked exactly once', async () => {
    const controller = new AbortController();
    const { ctx, tag } = app(['FROM BASE', 'RUN --mount=type=secret,id=API_KEY sleep 30', ''].join('\n'), controller.signal);
    const started = Date.now();
    setTimeout(() => controller.abort('SIGTERM'), 1500);
    await expect(csdockerBuild(ctx, config(tag, { no_cache: true }))).rejects.toBeInstanceOf(CancelledError);
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(vault.callsTo('auth/token/revoke-self')).toHaveLength(1);
  });
});
