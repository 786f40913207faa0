import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { nixpacksArgs, nixpacksBuild } from '../../src/builtin/nixpacks/build.js';
import { nixpacksBuildSchema } from '../../src/builtin/nixpacks/schema.js';
import { runCommand } from '../../src/exec/run.js';
import type { UserError } from '../../src/errors.js';
import { dockerTestEnv } from '../helpers/docker-env.js';
import { testContext } from '../helpers/context.js';
import { VaultDouble } from '../doubles/vault-double.js';

const DOUBLE = resolve(import.meta.dirname, '../doubles/nixpacks-double');
const SECRET = 'nixpacks-secret-value-41d8';

describe('nixpacksArgs', () => {
  it('puts non-secret env as K=V and secrets by name only', () => {
    expect(nixpacksArgs({ context: '/src', ref: 'web:1', env: { NODE_ENV: 'production' }, secretKeys: ['API_KEY'], labels: { 'cs.app': 'web' } })).toEqual([
      'build', '/src', '--name', 'web:1', '--env', 'NODE_ENV=production', '--env', 'API_KEY', '--label', 'cs.app=web',
    ]);
  });
});

describe('nixpacks build (recording double + real dockerd)', () => {
  const docker = dockerTestEnv();
  let dir: string;
  let log: string;
  let vault: VaultDouble;
  const images: string[] = [];

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'cs-nixpacks-'));
    writeFileSync(join(dir, 'index.js'), 'console.log("hi")\n');
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    if (images.length) await runCommand(docker.dockerCli, ['image', 'rm', '-f', ...images], { okCodes: [0, 1] });
  });
  beforeEach(async () => {
    log = join(dir, `calls-${Math.random().toString(36).slice(2)}.jsonl`);
    vault = (await VaultDouble.start()).addToken('hvs.user').mountKv('secret', 2).putSecret('secret', 'web', { API_KEY: SECRET });
  });
  afterEach(() => vault.close());

  function ctx(env: Record<string, string> = {}) {
    const tag = `t${Math.random().toString(36).slice(2, 8)}`;
    images.push(`cs-test/nixpacks-web:${tag}`);
    return {
      tag,
      ctx: testContext({
        appPath: dir,
        env: { PATH: process.env.PATH, NIXPACKS_BIN: DOUBLE, NIXPACKS_DOUBLE_LOG: log, NIXPACKS_DOUBLE_BASE_IMAGE: docker.baseImage, CS_DOCKER_CLI: docker.dockerCli, VAULT_ADDR: vault.address, VAULT_TOKEN: 'hvs.user', ...env },
      }),
    };
  }
  const config = (fields: Record<string, unknown>) => nixpacksBuildSchema.parse({ name: 'cs-test/nixpacks-web', ...fields });
  const calls = () => readFileSync(log, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { argv: string[]; env: Record<string, string | null> });

  it('runs `nixpacks build <context> --name <image:tag> --env …` and returns the artifact from the engine', async () => {
    const { ctx: c, tag } = ctx();
    const artifact = await nixpacksBuild(c, config({ tag, env: { NODE_ENV: 'production' }, build_args: { PORT: 8080 } }));
    const [call] = calls();
    expect(call?.argv.slice(0, 4)).toEqual(['build', dir, '--name', `cs-test/nixpacks-web:${tag}`]);
    expect(call?.argv).toEqual(expect.arrayContaining(['--env', 'PORT=8080', '--env', 'NODE_ENV=production', '--label', 'cs.app=web']));
    expect(artifact).toMatchObject({ image: 'cs-test/nixpacks-web', tag, builder: 'nixpacks', imageId: expect.stringMatching(/^sha256:[0-9a-f]{64}$/) });
    expect(artifact.labels['cs.app']).toBe('web');
    expect(vault.calls).toHaveLength(0);
  });

  // Without secrets_mode = "env" the schema refuses secrets_path, so such a build never starts (schema.test.ts).

  it('secrets_mode = "env": the value reaches nixpacks through its environment, never argv or logs, with a warning naming the key', async () => {
    const { ctx: c, tag } = ctx();
    const artifact = await nixpacksBuild(c, config({ tag, secrets_path: 'secret/web', secrets_mode: 'env' }));
    const [call] = calls();
    expect(call?.argv).toEqual(expect.arrayContaining(['--env', 'API_KEY']));
    expect(JSON.stringify(call?.argv)).not.toContain(SECRET);
    expect(call?.env).toEqual({ API_KEY: SECRET });
    const warnings = c.lines.filter((l) => l.level === 'warn').map((l) => l.line);
    expect(warnings.join('\n')).toMatch(/secrets_mode = "env": Vault keys API_KEY will be stored in the image/);
    expect(c.output()).not.toContain(SECRET);
    expect(JSON.stringify(artifact)).not.toContain(SECRET);
    // The refusal's reason, demonstrated: nixpacks-style ENV lines keep the value in the image.
    const inspect = await runCommand(docker.dockerCli, ['image', 'inspect', `cs-test/nixpacks-web:${tag}`], {});
    expect(inspect.stdout).toContain(SECRET);
  });

  it('a sensitive variable in env{} is refused without secrets_mode = "env", and with it goes by name, never in argv', async () => {
    const token = 'nixpacks-sensitive-npm-7a1c';
    const refused = ctx();
    refused.ctx.redactor.add(token); // a sensitive variable the config put there
    const err = (await nixpacksBuild(refused.ctx, config({ tag: refused.tag, env: { NPM_TOKEN: token, NODE_ENV: 'production' } })).catch((e: unknown) => e)) as UserError;
    expect(err.message).toBe('build_args/env NPM_TOKEN hold sensitive values, and nixpacks stores build_args and env in the image (its ENV and ARG lines), readable by anyone who can pull it');
    expect(err.hint).toContain('secrets_mode = "env"');
    expect(existsSync(log)).toBe(false); // nixpacks never ran

    const { ctx: c, tag } = ctx();
    c.redactor.add(token);
    await nixpacksBuild(c, config({ tag, env: { NPM_TOKEN: token, NODE_ENV: 'production' }, secrets_mode: 'env' }));
    const [call] = calls();
    expect(call?.argv).toEqual(expect.arrayContaining(['--env', 'NODE_ENV=production', '--env', 'NPM_TOKEN']));
    expect(JSON.stringify(call?.argv)).not.toContain(token);
    expect(call?.env).toEqual({ NPM_TOKEN: token });
  });

  it('a Vault key named as a variable nixpacks reads itself is refused: its value would replace nixpacks\' own', async () => {
    vault.putSecret('secret', 'web', { PATH: SECRET });
    const { ctx: c, tag } = ctx();
    const err = (await nixpacksBuild(c, config({ tag, secrets_path: 'secret/web', secrets_mode: 'env' })).catch((e: unknown) => e)) as UserError;
    expect(err.message).toBe('build_args/env or Vault key PATH holds a sensitive value, and nixpacks reads a variable of that name itself');
    expect(existsSync(log)).toBe(false);
  });

  it('a failing nixpacks fails the build with its message, and a login token is still revoked once', async () => {
    vault.enableAuth('approle', 'approle').addApprole('rid-1', 'sid-1');
    const { ctx: c, tag } = ctx({ NIXPACKS_DOUBLE_FAIL: 'No start command could be found' });
    await expect(nixpacksBuild(c, config({ tag, secrets_path: 'secret/web', secrets_mode: 'env', role_id: 'rid-1', secret_id: 'sid-1' }))).rejects.toThrow(
      /failed with exit code 1: Error: No start command could be found/,
    );
    expect(vault.callsTo('auth/token/revoke-self')).toHaveLength(1);
  });

  it('a missing binary says how to fix it', async () => {
    const { ctx: c, tag } = ctx({ NIXPACKS_BIN: '/nonexistent/nixpacks' });
    const err = (await nixpacksBuild(c, config({ tag })).catch((e: unknown) => e)) as UserError;
    expect(err.message).toMatch(/command not found/);
    expect(err.hint).toBe('install nixpacks (https://nixpacks.com/docs/install) or point NIXPACKS_BIN at it; or build with use = "docker" and a Dockerfile');
  });
});
