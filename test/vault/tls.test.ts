import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VaultDouble } from '../doubles/vault-double.js';
import { withVaultSecrets } from '../../src/vault/index.js';
import { vaultContext } from './helpers.js';
import { selfSigned } from '../helpers/tls.js';

/** A Vault double on https with a self-signed certificate for 127.0.0.1. */
describe('TLS', () => {
  let dir: string;
  let vault: VaultDouble;
  beforeAll(async () => {
    const cert = selfSigned('cs-vault-tls-');
    dir = cert.dir;
    vault = (await VaultDouble.start({ tls: cert.tls }))
      .addToken('hvs.tls')
      .enableAuth('approle', 'approle')
      .addApprole('tls-role', 'tls-secret-id')
      .mountKv('secret', 2)
      .putSecret('secret', 'app', { K: 'tls-value' });
  });
  afterAll(async () => {
    await vault.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const read = (env: Record<string, string>, fields = {}) => withVaultSecrets(vaultContext(vault, { VAULT_TOKEN: 'hvs.tls', ...env }, { workspace: dir }), { secrets_path: ['secret/app'], vault_max_retries: 0, ...fields }, async (s) => s);

  it('an unknown CA is refused at once, with a hint (retrying cannot fix a certificate)', async () => {
    const before = vault.calls.length;
    const started = Date.now();
    const err = (await read({}, { vault_max_retries: 3 }).catch((e: Error & { hint?: string }) => e)) as Error & { hint?: string };
    expect(err.message).toMatch(/did not answer: (DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN)/);
    expect(err.hint).toMatch(/VAULT_CACERT/);
    expect(vault.calls.length).toBe(before); // the handshake failed: no request ever reached the server
    expect(Date.now() - started).toBeLessThan(1000); // three retries would back off for ~1.75s
  });
  it('VAULT_CACERT (a file) and vault_ca_cert (relative to the config directory) are trusted', async () => {
    expect(await read({ VAULT_CACERT: join(dir, 'ca.pem') })).toEqual({ K: 'tls-value' });
    expect(await read({}, { vault_ca_cert: 'ca.pem' })).toEqual({ K: 'tls-value' });
  });
  it('a missing CA file is an error naming it', async () => {
    await expect(read({ VAULT_CACERT: join(dir, 'nope.pem') })).rejects.toThrow(/nope\.pem cannot be read/);
  });
  it('a login slower than vault_timeout past the handshake is sent once (it may have minted a token)', async () => {
    vault.fail({ path: 'auth/approle/login', delayMs: 400, times: 5 });
    const ctx = vaultContext(vault, {}, { workspace: dir, vault: { role_id: 'tls-role', secret_id: 'tls-secret-id', ca_cert: 'ca.pem' } });
    await expect(withVaultSecrets(ctx, { secrets_path: ['secret/app'], vault_timeout: 200 }, async (s) => s)).rejects.toThrow(/no answer within 0\.2s \(vault_timeout\); not retried/);
    await vault.idle();
    expect(vault.callsTo('auth/approle/login')).toHaveLength(1);
  });
  it.each(['true', 't', '1'])('VAULT_SKIP_VERIFY=%s works (as Go\'s ParseBool reads it), loudly', async (value) => {
    const ctx = vaultContext(vault, { VAULT_TOKEN: 'hvs.tls', VAULT_SKIP_VERIFY: value });
    expect(await withVaultSecrets(ctx, { secrets_path: ['secret/app'] }, async (s) => s)).toEqual({ K: 'tls-value' });
    expect(ctx.lines.some((l) => l.level === 'warn' && /verification is DISABLED/.test(l.line))).toBe(true);
  });
});
