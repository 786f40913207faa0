/** The one credential resolver: stanza → REGISTRY_* env → docker config (credential helpers, auths); secrets registered for redaction. */
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { resolveCredentials } from '../../src/docker/credentials.js';
import { CancelledError, UserError } from '../../src/errors.js';
import { Redactor } from '../../src/secrets/redactor.js';

const dir = mkdtempSync(join(tmpdir(), 'cs-docker-config-'));
writeFileSync(
  join(dir, 'config.json'),
  JSON.stringify({
    auths: {
      'https://shopacr.azurecr.io/': { auth: Buffer.from('00000000-0000-0000-0000-000000000000:acr-token-value').toString('base64') },
      'https://index.docker.io/v1/': { username: 'hubuser', password: 'hub-password' },
      'ghcr.io': { identitytoken: 'ghcr-identity-token' },
    },
  }),
);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const resolve = async (registry: string, env: Record<string, string>, stanza?: { username?: string; password?: string }) => {
  const redactor = new Redactor();
  return { ...(await resolveCredentials({ registry, stanza, env: { DOCKER_CONFIG: dir, ...env }, redactor })), redactor };
};

describe('resolveCredentials', () => {
  test('the stanza wins over env and docker config', async () => {
    const r = await resolve('shopacr.azurecr.io', { REGISTRY_USERNAME: 'env', REGISTRY_PASSWORD: 'env-password' }, { username: 'sp', password: 'stanza-password' });
    expect(r.credentials).toMatchObject({ source: 'stanza', auth: { username: 'sp', password: 'stanza-password', serveraddress: 'shopacr.azurecr.io' } });
    expect(r.redactor.redact('stanza-password env-password')).toBe('*** ***');
  });

  test('REGISTRY_* env applies when REGISTRY_URL is unset or names this registry', async () => {
    expect((await resolve('127.0.0.1:5000', { REGISTRY_USERNAME: 'u', REGISTRY_PASSWORD: 'pw-env' })).credentials?.source).toBe('env');
    expect((await resolve('127.0.0.1:5000', { REGISTRY_USERNAME: 'u', REGISTRY_PASSWORD: 'pw-env', REGISTRY_URL: 'http://127.0.0.1:5000/' })).credentials?.source).toBe('env');
    const other = await resolve('shopacr.azurecr.io', { REGISTRY_USERNAME: 'u', REGISTRY_PASSWORD: 'pw-env', REGISTRY_URL: 'ghcr.io' });
    expect(other.credentials).toMatchObject({ source: 'docker-config' });
  });

  test('docker config: base64 auth (ACR token user), username/password (Docker Hub key), identity token', async () => {
    const acr = await resolve('shopacr.azurecr.io', {});
    expect(acr.credentials).toMatchObject({ source: 'docker-config', auth: { username: '00000000-0000-0000-0000-000000000000', password: 'acr-token-value' } });
    expect(acr.credentials?.origin).toBe(`${join(dir, 'config.json')} auths["shopacr.azurecr.io"]`);
    expect(acr.redactor.redact('acr-token-value')).toBe('***');
    expect((await resolve('docker.io', {})).credentials?.auth).toMatchObject({ username: 'hubuser', password: 'hub-password', serveraddress: 'docker.io' });
    expect((await resolve('ghcr.io', {})).credentials?.auth).toEqual({ serveraddress: 'ghcr.io', identitytoken: 'ghcr-identity-token' });
  });

  test('nothing found: every source tried is listed, for the 401 message', async () => {
    const r = await resolve('quay.io', {});
    expect(r.credentials).toBeNull();
    expect(r.tried).toEqual(['registry stanza (none given)', 'REGISTRY_USERNAME/REGISTRY_PASSWORD (unset)', `${join(dir, 'config.json')} (no auths entry for quay.io)`]);
  });

  test('a missing docker config is no credentials, not an error', async () => {
    expect((await resolveCredentials({ registry: 'quay.io', env: { DOCKER_CONFIG: join(dir, 'absent') }, redactor: new Redactor() })).credentials).toBeNull();
  });

  test('a broken docker config says so, without quoting it (it holds credentials)', async () => {
    const broken = mkdtempSync(join(tmpdir(), 'cs-broken-docker-config-'));
    writeFileSync(join(broken, 'config.json'), '{"auths": {"quay.io": {"auth": "dXNlcjpDTlJZcGFzcw=="}},}');
    const r = await resolveCredentials({ registry: 'quay.io', env: { DOCKER_CONFIG: broken }, redactor: new Redactor() });
    expect(r.credentials).toBeNull();
    expect(r.tried.at(-1)).toBe(`${join(broken, 'config.json')} (not valid JSON)`);
  });

  test('half a stanza is a clear error, and the password is still registered', async () => {
    const redactor = new Redactor();
    await expect(resolveCredentials({ registry: 'r.io', stanza: { password: 'lonely-password' }, env: {}, redactor })).rejects.toThrow(UserError);
    expect(redactor.redact('lonely-password')).toBe('***');
  });
});

describe('resolveCredentials: credential helpers (credHelpers / credsStore)', () => {
  const root = mkdtempSync(join(tmpdir(), 'cs-cred-helpers-'));
  const bin = join(root, 'bin');
  mkdirSync(bin);
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const canary = 'canary-secret-7f3a91c2-do-not-print';

  /**
   * A test double of a docker credential helper (docker-credential-helpers protocol): `get` reads the server
   * URL on stdin and prints `{"ServerURL","Username","Secret"}` for a URL it knows, else prints
   * "credentials not found in native keychain" and exits 1. `body` replaces the answer for misbehaving helpers.
   */
  const helperDouble = (name: string, known: Record<string, { Username: string; Secret: string }>, body?: string) => {
    const cases = Object.entries(known).map(([url, c]) => `  '${url}') echo '${JSON.stringify({ ServerURL: url, ...c })}' ;;`);
    const answer = body ?? ['case "$url" in', ...cases, `  *) echo 'credentials not found in native keychain'; exit 1 ;;`, 'esac'].join('\n');
    const file = join(bin, `docker-credential-${name}`);
    writeFileSync(file, `#!/bin/sh\n[ "$1" = get ] || exit 1\nIFS= read -r url\n${answer}\n`);
    chmodSync(file, 0o755);
  };
  helperDouble('perhost', { 'helped.example.com': { Username: 'perhost-user', Secret: 'perhost-secret' } });
  helperDouble('store', {
    'helped.example.com': { Username: 'store-user', Secret: 'store-secret-helped' },
    'store.example.com': { Username: 'store-user', Secret: 'store-secret' },
    'https://index.docker.io/v1/': { Username: 'hub-user', Secret: 'hub-secret-from-store' },
    'token.example.com': { Username: '<token>', Secret: 'identity-token-from-store' },
    'canary.example.com': { Username: 'canary-user', Secret: canary },
  });
  helperDouble('garbage', {}, `echo 'not json ${canary}'`);
  helperDouble('crash', {}, `echo '${canary}'; exit 2`);
  helperDouble('hang', {}, 'sleep 30');

  let configs = 0;
  const dockerConfig = (config: object) => {
    const d = join(root, `config-${++configs}`);
    mkdirSync(d);
    writeFileSync(join(d, 'config.json'), JSON.stringify(config));
    return d;
  };
  const auths = {
    'helped.example.com': { auth: Buffer.from('file-user:file-password-helped').toString('base64') },
    'store.example.com': { auth: Buffer.from('file-user:file-password-store').toString('base64') },
    'fallback.example.com': { auth: Buffer.from('file-user:file-password-fallback').toString('base64') },
  };
  const storeConfig = dockerConfig({ auths, credsStore: 'store', credHelpers: { 'https://helped.example.com/': 'perhost' } });
  const resolveWith = async (config: string, registry: string, opts: { path?: string; helperTimeoutMs?: number } = {}) => {
    const redactor = new Redactor();
    const env = { DOCKER_CONFIG: config, PATH: opts.path ?? `${bin}:${process.env.PATH ?? ''}` };
    return { ...(await resolveCredentials({ registry, env, redactor, helperTimeoutMs: opts.helperTimeoutMs })), redactor, file: join(config, 'config.json') };
  };

  test('credHelpers[host] beats credsStore, which beats the auths entry', async () => {
    const helped = await resolveWith(storeConfig, 'helped.example.com');
    expect(helped.credentials).toEqual({
      source: 'docker-config',
      auth: { serveraddress: 'helped.example.com', username: 'perhost-user', password: 'perhost-secret' },
      origin: `docker-credential-perhost (credHelpers["helped.example.com"] in ${helped.file})`,
    });
    const stored = await resolveWith(storeConfig, 'store.example.com');
    expect(stored.credentials).toEqual({
      source: 'docker-config',
      auth: { serveraddress: 'store.example.com', username: 'store-user', password: 'store-secret' },
      origin: `docker-credential-store (credsStore in ${stored.file})`,
    });
    expect(stored.redactor.redact('store-secret')).toBe('***');
  });

  test('Docker Hub is asked for as https://index.docker.io/v1/, whatever the image spelled', async () => {
    for (const registry of ['docker.io', 'index.docker.io']) {
      expect((await resolveWith(storeConfig, registry)).credentials?.auth).toEqual({ serveraddress: 'docker.io', username: 'hub-user', password: 'hub-secret-from-store' });
    }
  });

  test('the username <token> makes the Secret an identity token', async () => {
    const r = await resolveWith(storeConfig, 'token.example.com');
    expect(r.credentials?.auth).toEqual({ serveraddress: 'token.example.com', identitytoken: 'identity-token-from-store' });
    expect(r.redactor.redact('identity-token-from-store')).toBe('***');
  });

  test('a helper with nothing for the registry: the auths entry, else anonymous, and tried says so', async () => {
    const fallback = await resolveWith(storeConfig, 'fallback.example.com');
    expect(fallback.credentials).toMatchObject({ auth: { username: 'file-user', password: 'file-password-fallback' }, origin: `${fallback.file} auths["fallback.example.com"]` });
    expect(fallback.tried).toContain(`docker-credential-store (credsStore in ${fallback.file}: no credentials for fallback.example.com)`);
    const none = await resolveWith(storeConfig, 'quay.io');
    expect(none.credentials).toBeNull();
    expect(none.tried.slice(2)).toEqual([`docker-credential-store (credsStore in ${none.file}: no credentials for quay.io)`, `${none.file} (no auths entry for quay.io)`]);
  });

  test('a helper that is not installed is noted, not fatal: a public pull goes on anonymously', async () => {
    const desktop = dockerConfig({ auths: { 'fallback.example.com': auths['fallback.example.com'] }, credsStore: 'desktop' });
    const pub = await resolveWith(desktop, 'docker.io', { path: bin });
    expect(pub.credentials).toBeNull();
    expect(pub.tried).toContain(`docker-credential-desktop (credsStore in ${pub.file}: not installed)`);
    expect((await resolveWith(desktop, 'fallback.example.com', { path: bin })).credentials?.auth).toMatchObject({ password: 'file-password-fallback' });
  });

  test('a helper that hangs is killed, one that fails or prints nonsense is skipped; none of its output is shown', async () => {
    const started = Date.now();
    const hang = await resolveWith(dockerConfig({ credsStore: 'hang' }), 'quay.io', { helperTimeoutMs: 300 });
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(hang.tried).toContain(`docker-credential-hang (credsStore in ${hang.file}: no answer within 0.3 s, killed)`);
    const garbage = await resolveWith(dockerConfig({ credsStore: 'garbage' }), 'quay.io');
    expect(garbage.tried).toContain(`docker-credential-garbage (credsStore in ${garbage.file}: answered with something other than JSON)`);
    const crash = await resolveWith(dockerConfig({ credsStore: 'crash' }), 'quay.io');
    expect(crash.tried).toContain(`docker-credential-crash (credsStore in ${crash.file}: failed with exit code 2)`);
    for (const r of [hang, garbage, crash]) expect(r.credentials).toBeNull();
    expect(JSON.stringify([garbage.tried, crash.tried])).not.toContain(canary);
  });

  test('cancelling the run ends a helper that is still thinking at once, as a cancellation', async () => {
    const abort = new AbortController();
    setTimeout(() => abort.abort('SIGINT'), 100);
    const started = Date.now();
    const env = { DOCKER_CONFIG: dockerConfig({ credsStore: 'hang' }), PATH: `${bin}:${process.env.PATH ?? ''}` };
    const err = await resolveCredentials({ registry: 'quay.io', env, redactor: new Redactor(), signal: abort.signal }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CancelledError);
    expect((err as CancelledError).signal).toBe('SIGINT');
    expect(Date.now() - started).toBeLessThan(5000);
  });

  test("the helper's Secret is registered with the redactor and is in no tried or origin string", async () => {
    const r = await resolveWith(storeConfig, 'canary.example.com');
    expect(r.credentials?.auth.password).toBe(canary);
    expect(r.redactor.redact(`push failed: ${canary}`)).toBe('push failed: ***');
    expect(JSON.stringify([r.tried, r.credentials?.origin])).not.toContain(canary);
  });
});
