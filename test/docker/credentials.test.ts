/** The one credential resolver: stanza → REGISTRY_* env → docker config auths; secrets registered for redaction. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { resolveCredentials } from '../../src/docker/credentials.js';
import { UserError } from '../../src/errors.js';
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

const resolve = (registry: string, env: Record<string, string>, stanza?: { username?: string; password?: string }) => {
  const redactor = new Redactor();
  return { ...resolveCredentials({ registry, stanza, env: { DOCKER_CONFIG: dir, ...env }, redactor }), redactor };
};

describe('resolveCredentials', () => {
  test('the stanza wins over env and docker config', () => {
    const r = resolve('shopacr.azurecr.io', { REGISTRY_USERNAME: 'env', REGISTRY_PASSWORD: 'env-password' }, { username: 'sp', password: 'stanza-password' });
    expect(r.credentials).toMatchObject({ source: 'stanza', auth: { username: 'sp', password: 'stanza-password', serveraddress: 'shopacr.azurecr.io' } });
    expect(r.redactor.redact('stanza-password env-password')).toBe('*** ***');
  });

  test('REGISTRY_* env applies when REGISTRY_URL is unset or names this registry', () => {
    expect(resolve('127.0.0.1:5000', { REGISTRY_USERNAME: 'u', REGISTRY_PASSWORD: 'pw-env' }).credentials?.source).toBe('env');
    expect(resolve('127.0.0.1:5000', { REGISTRY_USERNAME: 'u', REGISTRY_PASSWORD: 'pw-env', REGISTRY_URL: 'http://127.0.0.1:5000/' }).credentials?.source).toBe('env');
    const other = resolve('shopacr.azurecr.io', { REGISTRY_USERNAME: 'u', REGISTRY_PASSWORD: 'pw-env', REGISTRY_URL: 'ghcr.io' });
    expect(other.credentials).toMatchObject({ source: 'docker-config' });
  });

  test('docker config: base64 auth (ACR token user), username/password (Docker Hub key), identity token', () => {
    const acr = resolve('shopacr.azurecr.io', {});
    expect(acr.credentials).toMatchObject({ source: 'docker-config', auth: { username: '00000000-0000-0000-0000-000000000000', password: 'acr-token-value' } });
    expect(acr.credentials?.origin).toBe(`${join(dir, 'config.json')} auths["shopacr.azurecr.io"]`);
    expect(acr.redactor.redact('acr-token-value')).toBe('***');
    expect(resolve('docker.io', {}).credentials?.auth).toMatchObject({ username: 'hubuser', password: 'hub-password', serveraddress: 'docker.io' });
    expect(resolve('ghcr.io', {}).credentials?.auth).toEqual({ serveraddress: 'ghcr.io', identitytoken: 'ghcr-identity-token' });
  });

  test('nothing found: every source tried is listed, for the 401 message', () => {
    const r = resolve('quay.io', {});
    expect(r.credentials).toBeNull();
    expect(r.tried).toEqual(['registry stanza (none given)', 'REGISTRY_USERNAME/REGISTRY_PASSWORD (unset)', `${join(dir, 'config.json')} (no auths entry for quay.io)`]);
  });

  test('a missing docker config is no credentials, not an error', () => {
    expect(resolveCredentials({ registry: 'quay.io', env: { DOCKER_CONFIG: join(dir, 'absent') }, redactor: new Redactor() }).credentials).toBeNull();
  });

  test('half a stanza is a clear error, and the password is still registered', () => {
    const redactor = new Redactor();
    expect(() => resolveCredentials({ registry: 'r.io', stanza: { password: 'lonely-password' }, env: {}, redactor })).toThrow(UserError);
    expect(redactor.redact('lonely-password')).toBe('***');
  });
});
