/**
 * The real nixpacks CLI (see .github/workflows/vault-live.yml). Runs only when `nixpacks` is on PATH and
 * a docker engine answers; with VAULT_ADDR/VAULT_TOKEN it also feeds a Vault secret with secrets_mode "env".
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { nixpacksBuild } from '../../src/builtin/nixpacks/build.js';
import { nixpacksBuildSchema } from '../../src/builtin/nixpacks/schema.js';
import { testContext } from '../helpers/context.js';

const ok = (cmd: string, args: string[]) => spawnSync(cmd, args, { stdio: 'ignore' }).status === 0;
const live = ok('nixpacks', ['--version']) && ok('docker', ['version']);
const withVault = Boolean(process.env.VAULT_ADDR && process.env.VAULT_TOKEN);

describe.skipIf(!live)(`live nixpacks${live ? '' : ' (skipped: nixpacks or docker is not on PATH)'}`, () => {
  const dir = mkdtempSync(join(tmpdir(), 'cs-nixpacks-live-'));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'cs-live', version: '1.0.0', scripts: { start: 'node index.js' } }));
  writeFileSync(join(dir, 'index.js'), 'console.log(process.env.GREETING)\n');
  const image = 'cs-live/nixpacks-web';
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
    spawnSync('docker', ['image', 'rm', '-f', `${image}:live`], { stdio: 'ignore' });
  });

  it('builds an app from source and returns the artifact', async () => {
    const ctx = testContext({ appPath: dir, env: { ...process.env } });
    const artifact = await nixpacksBuild(ctx, nixpacksBuildSchema.parse({ name: image, tag: 'live', env: { GREETING: 'hello' } }));
    expect(artifact).toMatchObject({ image, tag: 'live', builder: 'nixpacks', imageId: expect.stringMatching(/^sha256:/) });
    expect(artifact.labels['cs.app']).toBe('web');
    const run = spawnSync('docker', ['run', '--rm', `${image}:live`], { encoding: 'utf8' });
    expect(run.stdout).toContain('hello');
  });

  it.skipIf(!withVault)(`secrets_mode "env" passes a Vault value by name${withVault ? '' : ' (skipped: VAULT_ADDR/VAULT_TOKEN not set)'}`, async () => {
    await fetch(`${process.env.VAULT_ADDR}/v1/secret/data/cs-live/nixpacks`, {
      method: 'POST',
      headers: { 'X-Vault-Token': process.env.VAULT_TOKEN!, 'content-type': 'application/json' },
      body: JSON.stringify({ data: { GREETING: 'from-vault-live' } }),
    });
    const ctx = testContext({ appPath: dir, env: { ...process.env } });
    await nixpacksBuild(ctx, nixpacksBuildSchema.parse({ name: image, tag: 'live', secrets_path: 'secret/cs-live/nixpacks', secrets_mode: 'env' }));
    expect(spawnSync('docker', ['run', '--rm', `${image}:live`], { encoding: 'utf8' }).stdout).toContain('from-vault-live');
    expect(ctx.output()).not.toContain('from-vault-live');
  });
});
