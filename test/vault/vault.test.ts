import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { VaultDouble } from '../doubles/vault-double.js';
import { withVaultSecrets } from '../../src/vault/index.js';
import { CancelledError, type UserError } from '../../src/errors.js';
import { sleep, unusedPort, vaultContext } from './helpers.js';

vi.mock('@actions/core', async (importOriginal) => ({
  ...(await importOriginal<typeof import('@actions/core')>()),
  getIDToken: vi.fn(async (aud?: string) => `gha-oidc-jwt-for-${aud}`),
}));

const ROLE_ID = 'role-id-2f1c9a';
const SECRET_ID = 'secret-id-7b3e5d0c';
const USER_TOKEN = 'hvs.user-supplied-token';

const seed = (double: VaultDouble) =>
  double
    .enableAuth('approle', 'approle')
    .addApprole(ROLE_ID, SECRET_ID)
    .addToken(USER_TOKEN)
    .mountKv('secret', 2)
    .mountKv('kv1', 1)
    .putSecret('secret', 'shop/web', { API_KEY: 'api-key-value-1', DB_PASSWORD: 'db-pass-value' })
    .putSecret('kv1', 'shop/web', { LEGACY: 'legacy-value' });

let vault: VaultDouble;
beforeEach(async () => {
  vault = seed(await VaultDouble.start());
});
afterEach(() => vault.close());

const approle = { role_id: ROLE_ID, secret_id: SECRET_ID };
const read = (ctx: ReturnType<typeof vaultContext>, fields: Parameters<typeof withVaultSecrets>[1]) => withVaultSecrets(ctx, fields, async (s) => s);

describe('auth methods', () => {
  it('approle from VAULT_ROLE_ID and VAULT_SECRET_ID, as vault-action reads them', async () => {
    const ctx = vaultContext(vault, { VAULT_ROLE_ID: ROLE_ID, VAULT_SECRET_ID: SECRET_ID });
    expect(await read(ctx, { secrets_path: ['secret/shop/web'] })).toMatchObject({ API_KEY: 'api-key-value-1' });
    expect(vault.callsTo('auth/approle/login')).toHaveLength(1);
    expect(ctx.output()).not.toContain(SECRET_ID);
  });

  it('follows a standby node\'s 307 to the active node, method, body and token kept', async () => {
    const standby = createServer((req, res) => void res.writeHead(307, { location: `${vault.address}${req.url}` }).end());
    await new Promise<void>((r) => standby.listen(0, '127.0.0.1', r));
    try {
      const ctx = vaultContext(vault, { VAULT_ADDR: `http://127.0.0.1:${(standby.address() as AddressInfo).port}` }, { vault: approle });
      expect(await read(ctx, { secrets_path: ['secret/shop/web'] })).toMatchObject({ API_KEY: 'api-key-value-1' });
      expect(vault.callsTo('auth/approle/login').map((c) => c.status)).toEqual([200]);
      expect(vault.callsTo('secret/data/shop/web').map((c) => c.status)).toEqual([200]);
    } finally {
      standby.close();
    }
  });

  it('a build stanza\'s token wins over the project block\'s approle (the most specific credentials choose)', async () => {
    const ctx = vaultContext(vault, {}, { vault: { role_id: ROLE_ID, secret_id: 'not-the-secret-id', mount: 'team-approle' } });
    expect(await read(ctx, { secrets_path: ['secret/shop/web'], vault_token: USER_TOKEN })).toMatchObject({ API_KEY: 'api-key-value-1' });
    expect(vault.callsTo(/login$/)).toHaveLength(0);
    expect(vault.callsTo('secret/data/shop/web').map((c) => c.token)).toEqual([USER_TOKEN]);
    // A stanza on the block's own method keeps the block's mount.
    vault.enableAuth('team-approle', 'approle');
    const team = vaultContext(vault, {}, { vault: { role_id: ROLE_ID, secret_id: 'not-the-secret-id', mount: 'team-approle' } });
    await read(team, { secrets_path: ['secret/shop/web'], secret_id: SECRET_ID }).catch(() => undefined);
    expect(vault.callsTo(/login$/).map((c) => c.path)).toEqual(['auth/team-approle/login']);
  });

  it('a rate-limited request (429) is retried: Vault served nothing', async () => {
    vault.fail({ path: 'secret/data/shop/web', status: 429 });
    expect(await read(vaultContext(vault, { VAULT_TOKEN: USER_TOKEN }), { secrets_path: ['secret/shop/web'] })).toMatchObject({ API_KEY: 'api-key-value-1' });
    expect(vault.callsTo('secret/data/shop/web').map((c) => c.status)).toEqual([429, 200]);
  });

  it('token from VAULT_TOKEN: used as is, never revoked', async () => {
    const ctx = vaultContext(vault, { VAULT_TOKEN: USER_TOKEN });
    expect(await read(ctx, { secrets_path: ['secret/data/shop/web'] })).toEqual({ API_KEY: 'api-key-value-1', DB_PASSWORD: 'db-pass-value' });
    expect(vault.calls.every((c) => c.token === USER_TOKEN)).toBe(true);
    expect(vault.callsTo('auth/token/revoke-self')).toHaveLength(0);
    expect(vault.isRevoked(USER_TOKEN)).toBe(false);
  });

  it('token from the vault {} block and vault_token beat VAULT_TOKEN', async () => {
    vault.addToken('hvs.block-token').addToken('hvs.build-token');
    await read(vaultContext(vault, { VAULT_TOKEN: 'hvs.env-token' }, { vault: { token: 'hvs.block-token' } }), { secrets_path: ['secret/shop/web'] });
    expect(vault.calls.at(-1)?.token).toBe('hvs.block-token');
    await read(vaultContext(vault, {}, { vault: { token: 'hvs.block-token' } }), { secrets_path: ['secret/shop/web'], vault_token: 'hvs.build-token' });
    expect(vault.calls.at(-1)?.token).toBe('hvs.build-token');
  });

  it('approle (default mount): login, read with the issued token, revoke it exactly once', async () => {
    const ctx = vaultContext(vault, { VAULT_TOKEN: USER_TOKEN }, { vault: { auth_method: 'approle', ...approle } });
    expect(await read(ctx, { secrets_path: ['secret/data/shop/web'] })).toHaveProperty('API_KEY');
    const [login] = vault.callsTo('auth/approle/login');
    expect(login?.body).toEqual({ role_id: ROLE_ID, secret_id: SECRET_ID });
    expect(login?.token).toBeNull(); // the user's VAULT_TOKEN is not sent along with a login
    const [issued] = vault.issuedTokens();
    expect(vault.callsTo(/^secret\//).every((c) => c.token === issued)).toBe(true);
    expect(vault.callsTo('auth/token/revoke-self').map((c) => c.token)).toEqual([issued]);
    expect(vault.isRevoked(issued!)).toBe(true);
  });

  it('approle on a custom mount, inferred from role_id/secret_id in the build stanza', async () => {
    vault.enableAuth('ci-approle', 'approle');
    await read(vaultContext(vault), { ...approle, vault_mount: 'ci-approle', secrets_path: ['secret/shop/web'] });
    expect(vault.callsTo('auth/ci-approle/login')).toHaveLength(1);
  });

  it('jwt from VAULT_JWT with a role, default mount jwt', async () => {
    vault.enableAuth('jwt', 'jwt').addJwtRole('ci', 'header.payload.sig');
    const ctx = vaultContext(vault, { VAULT_JWT: 'header.payload.sig' }, { vault: { auth_method: 'jwt', role: 'ci' } });
    expect(await read(ctx, { secrets_path: ['secret/shop/web'] })).toHaveProperty('API_KEY');
    expect(vault.callsTo('auth/jwt/login')[0]?.body).toEqual({ role: 'ci', jwt: 'header.payload.sig' });
    expect(vault.callsTo('auth/token/revoke-self')).toHaveLength(1);
    expect(ctx.redactor.redact('header.payload.sig')).toBe('***');
  });

  it('jwt inside GitHub Actions: the OIDC id-token for jwt_audience, on a custom mount', async () => {
    vault.enableAuth('github', 'jwt').addJwtRole('deploy', 'gha-oidc-jwt-for-vault.example');
    const ctx = vaultContext(vault, {}, { inGitHubActions: true, vault: { role: 'deploy', mount: 'github', jwt_audience: 'vault.example' } });
    expect(await read(ctx, { secrets_path: ['secret/shop/web'] })).toHaveProperty('API_KEY');
    expect(vault.callsTo('auth/github/login')[0]?.body).toEqual({ role: 'deploy', jwt: 'gha-oidc-jwt-for-vault.example' });
    expect(ctx.redactor.redact('gha-oidc-jwt-for-vault.example')).toBe('***');
  });

  it('no credentials at all: an error that says what to set', async () => {
    await expect(read(vaultContext(vault), { secrets_path: ['secret/shop/web'] })).rejects.toThrow(/no Vault credentials/);
  });
});

describe('addressing', () => {
  it('VAULT_NAMESPACE goes out as X-Vault-Namespace on every call and scopes the secrets', async () => {
    vault.enableAuth('approle', 'approle', 'team-a').addApprole(ROLE_ID, SECRET_ID, 'team-a').mountKv('secret', 2, 'team-a').putSecret('secret', 'app', { NS_KEY: 'in-namespace' }, 'team-a');
    const ctx = vaultContext(vault, { VAULT_NAMESPACE: 'team-a' }, { vault: approle });
    expect(await read(ctx, { secrets_path: ['secret/app'] })).toEqual({ NS_KEY: 'in-namespace' });
    expect(vault.calls.length).toBeGreaterThanOrEqual(3);
    expect(vault.calls.every((c) => c.namespace === 'team-a')).toBe(true);
  });

  it('namespace from the build stanza beats the environment', async () => {
    vault.addToken('hvs.ns-token', 0, 'team-b').mountKv('secret', 2, 'team-b').putSecret('secret', 'app', { K: 'vvv' }, 'team-b');
    await read(vaultContext(vault, { VAULT_NAMESPACE: 'team-a', VAULT_TOKEN: 'hvs.ns-token' }), { vault_namespace: 'team-b', secrets_path: ['secret/app'] });
    expect(vault.calls.every((c) => c.namespace === 'team-b')).toBe(true);
  });

  it('vault_address overrides the vault {} block address and VAULT_ADDR', async () => {
    const ctx = vaultContext(vault, { VAULT_ADDR: 'http://127.0.0.1:1', VAULT_TOKEN: USER_TOKEN }, { vault: { address: 'http://127.0.0.1:2' } });
    await expect(read(ctx, { vault_address: vault.address, secrets_path: ['secret/shop/web'] })).resolves.toHaveProperty('API_KEY');
  });

  it('skip_verify is honoured with a loud warning', async () => {
    const ctx = vaultContext(vault, { VAULT_TOKEN: USER_TOKEN });
    await read(ctx, { vault_tls_skip_verify: true, secrets_path: ['secret/shop/web'] });
    expect(ctx.lines.find((l) => l.level === 'warn')?.line).toMatch(/verification is DISABLED/);
  });

  it('no secrets_path: Vault is not contacted at all', async () => {
    expect(await read(vaultContext(vault), {})).toEqual({});
    expect(vault.calls).toHaveLength(0);
  });
});

describe('KV', () => {
  const ctx = () => vaultContext(vault, { VAULT_TOKEN: USER_TOKEN });

  it('v2: detects the version and accepts the path with and without data/', async () => {
    expect(await read(ctx(), { secrets_path: ['secret/data/shop/web'] })).toHaveProperty('API_KEY', 'api-key-value-1');
    expect(await read(ctx(), { secrets_path: ['secret/shop/web'] })).toHaveProperty('API_KEY', 'api-key-value-1');
    expect(vault.callsTo('sys/internal/ui/mounts/secret/shop/web')).toHaveLength(1);
    expect(vault.callsTo('secret/data/shop/web')).toHaveLength(2);
  });

  it('v1: reads the path as is', async () => {
    expect(await read(ctx(), { secrets_path: ['kv1/shop/web'] })).toEqual({ LEGACY: 'legacy-value' });
    expect(vault.callsTo('kv1/shop/web')).toHaveLength(1);
  });

  it('preflight forbidden: falls back to the path as written and recognises v2 by its shape', async () => {
    vault.fail({ path: /^sys\/internal\/ui\/mounts\//, status: 403, times: 2 });
    expect(await read(ctx(), { secrets_path: ['secret/data/shop/web'] })).toHaveProperty('API_KEY');
    expect(await read(ctx(), { secrets_path: ['kv1/shop/web'] })).toEqual({ LEGACY: 'legacy-value' });
  });

  it('several paths merge, later wins, collisions warned by key name only', async () => {
    vault.putSecret('secret', 'shop/override', { API_KEY: 'api-key-value-2', EXTRA: 'extra-value' });
    const c = ctx();
    const secrets = await read(c, { secrets_path: ['secret/shop/web', 'kv1/shop/web', 'secret/data/shop/override'] });
    expect(secrets).toEqual({ API_KEY: 'api-key-value-2', DB_PASSWORD: 'db-pass-value', LEGACY: 'legacy-value', EXTRA: 'extra-value' });
    const warning = c.lines.filter((l) => l.level === 'warn').map((l) => l.line).join('\n');
    expect(warning).toMatch(/API_KEY from secret\/data\/shop\/override overrides the one from secret\/shop\/web/);
    expect(warning).not.toMatch(/api-key-value/);
  });

  it('non-string values are JSON-encoded, not dropped', async () => {
    vault.putSecret('secret', 'typed', { PORT: 5432, ON: true, CFG: { a: [1, 'x'] }, NONE: null });
    expect(await read(ctx(), { secrets_path: ['secret/typed'] })).toEqual({ PORT: '5432', ON: 'true', CFG: '{"a":[1,"x"]}', NONE: 'null' });
  });

  it('a missing path is an error naming it, and the mount\'s KV version', async () => {
    const missing = (await read(ctx(), { secrets_path: ['secret/shop/web', 'secret/data/nope/app'] }).catch((e: unknown) => e)) as UserError;
    expect(missing.message).toMatch(/Vault secret "secret\/data\/nope\/app" not found/);
    expect(missing.hint).toBe('check secrets_path: secret/ is KV v2: check the path, and that the secret has a live version');
    // KV v2's data/ written for a v1 mount: the fix is to drop it.
    const v1 = (await read(ctx(), { secrets_path: ['kv1/data/legacy'] }).catch((e: unknown) => e)) as UserError;
    expect(v1.hint).toBe('check secrets_path: kv1/ is KV v1, which has no data/ in its paths: write kv1/legacy');
  });

  it('every value, and every line of a multi-line value, is registered with the redactor before work starts', async () => {
    vault.putSecret('secret', 'pem', { KEY: '-----BEGIN KEY-----\nline-one-secret\nline-two-secret\n-----END KEY-----' });
    const c = ctx();
    await withVaultSecrets(c, { secrets_path: ['secret/shop/web', 'secret/pem'] }, async () => {
      expect(c.redactor.redact('api-key-value-1 db-pass-value line-two-secret')).toBe('*** *** ***');
      expect(c.redactor.redact(USER_TOKEN)).toBe('***');
    });
    expect(c.output()).not.toMatch(/api-key-value|line-one-secret/);
  });
});

describe('retries and timeouts', () => {
  const ctx = () => vaultContext(vault, { VAULT_TOKEN: USER_TOKEN });

  it('retries 503 with backoff and succeeds, saying so at each retry', async () => {
    vault.fail({ path: 'secret/data/shop/web', status: 503, times: 2 });
    const c = ctx();
    expect(await read(c, { secrets_path: ['secret/shop/web'] })).toHaveProperty('API_KEY');
    expect(vault.callsTo('secret/data/shop/web').map((c) => c.status)).toEqual([503, 503, 200]);
    const retries = c.lines.filter((l) => l.level === 'warn').map((l) => l.line);
    expect(retries).toEqual([
      expect.stringMatching(/^Vault GET \/v1\/secret\/data\/shop\/web: HTTP 503; retry 1 of 3 in \d\.\ds$/),
      expect.stringMatching(/^Vault GET \/v1\/secret\/data\/shop\/web: HTTP 503; retry 2 of 3 in \d\.\ds$/),
    ]);
  });

  it('retries 412 and login 500/503s too (Vault returns no token with them)', async () => {
    vault.fail({ path: 'auth/approle/login', status: 500 }).fail({ path: 'auth/approle/login', status: 503 }).fail({ path: 'secret/data/shop/web', status: 412 });
    await read(vaultContext(vault, {}, { vault: approle }), { secrets_path: ['secret/shop/web'] });
    expect(vault.callsTo('auth/approle/login').map((c) => c.status)).toEqual([500, 503, 200]);
    expect(vault.callsTo('secret/data/shop/web').map((c) => c.status)).toEqual([412, 200]);
  });

  it('does not retry 403', async () => {
    vault.fail({ path: 'secret/data/shop/web', status: 403, times: 5 });
    await expect(read(ctx(), { secrets_path: ['secret/shop/web'] })).rejects.toThrow(/HTTP 403 \(permission denied\)/);
    expect(vault.callsTo('secret/data/shop/web')).toHaveLength(1);
  });

  it('gives up after vault_max_retries', async () => {
    vault.fail({ path: 'secret/data/shop/web', status: 503, times: 10 });
    await expect(read(ctx(), { secrets_path: ['secret/shop/web'], vault_max_retries: 1 })).rejects.toThrow(/HTTP 503 \(Vault is sealed\)/);
    expect(vault.callsTo('secret/data/shop/web')).toHaveLength(2);
  });

  it('a request slower than vault_timeout fails as unreachable, and is retried', async () => {
    vault.fail({ path: 'secret/data/shop/web', delayMs: 1500, times: 5 });
    const started = Date.now();
    const c = ctx();
    await expect(read(c, { secrets_path: ['secret/shop/web'], vault_timeout: 200, vault_max_retries: 1 })).rejects.toThrow(/no answer within 0.2s/);
    expect(Date.now() - started).toBeLessThan(1400);
    expect(c.output()).toMatch(/Vault GET \/v1\/secret\/data\/shop\/web: no answer within 0\.2s \(vault_timeout\); retry 1 of 1 in/);
    expect(vault.callsTo('secret/data/shop/web')).toHaveLength(2);
  });

  // A login mints a token: one that may have reached Vault is not retried, or a token whose answer we
  // lost would stay valid, never revoked, until its TTL.
  it('a login slower than vault_timeout is sent once, and the error says why and what to raise', async () => {
    vault.fail({ path: 'auth/approle/login', delayMs: 400, times: 5 });
    const err = (await read(vaultContext(vault, {}, { vault: approle }), { secrets_path: ['secret/shop/web'], vault_timeout: 200 }).catch((e: Error) => e)) as Error;
    expect(err.message).toMatch(/approle login at auth\/approle failed: .*no answer within 0\.2s \(vault_timeout\); not retried.*raise vault_timeout/);
    await vault.idle(); // the late login has minted its token by now
    expect(vault.callsTo('auth/approle/login')).toHaveLength(1);
    expect(vault.issuedTokens()).toHaveLength(1);
  });

  it('a login answered 504 by a proxy is not retried either: Vault may have served it', async () => {
    vault.fail({ path: 'auth/approle/login', status: 504 });
    await expect(read(vaultContext(vault, {}, { vault: approle }), { secrets_path: ['secret/shop/web'] })).rejects.toThrow(/approle login at auth\/approle failed: HTTP 504/);
    expect(vault.callsTo('auth/approle/login')).toHaveLength(1);
  });

  it('a login refused before it was sent is retried', async () => {
    const port = await unusedPort();
    const run = read(vaultContext(vault, { VAULT_ADDR: `http://127.0.0.1:${port}` }, { vault: approle }), { secrets_path: ['secret/shop/web'] });
    await sleep(100); // refused by now; the retry waits at least 187ms
    const late = seed(await VaultDouble.start({ port }));
    try {
      expect(await run).toHaveProperty('API_KEY');
      expect(late.callsTo('auth/approle/login').map((c) => c.status)).toEqual([200]);
    } finally {
      await late.close();
    }
  });

  it('an unreachable Vault names the address, not the token', async () => {
    const c = vaultContext(vault, { VAULT_TOKEN: USER_TOKEN, VAULT_ADDR: 'http://127.0.0.1:1' });
    const err = await read(c, { secrets_path: ['secret/x'], vault_max_retries: 0 }).catch((e: Error) => e);
    expect(String(err)).toMatch(/Vault at http:\/\/127.0.0.1:1 did not answer: ECONNREFUSED/);
  });
});

describe('token lifecycle', () => {
  const loginCtx = (overrides = {}) => vaultContext(vault, {}, { vault: approle, ...overrides });

  it('renews a login token while work outlasts half its TTL', async () => {
    vault.tokenTtl = 2;
    await withVaultSecrets(loginCtx(), { secrets_path: ['secret/shop/web'] }, () => sleep(3200));
    const [issued] = vault.issuedTokens();
    const renewals = vault.callsTo('auth/token/renew-self');
    expect(renewals.length).toBeGreaterThanOrEqual(2);
    expect(renewals.every((c) => c.token === issued && c.status === 200)).toBe(true);
    // Still valid right up to the revoke: without renewal it would have expired at 2s.
    expect(vault.callsTo('auth/token/revoke-self').map((c) => c.status)).toEqual([204]);
  });

  it('a TTL too long for a timer (over ~50 days) is not renewed in a loop', async () => {
    vault.tokenTtl = 9_000_000;
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.name);
    process.on('warning', onWarning);
    try {
      await withVaultSecrets(loginCtx(), { secrets_path: ['secret/shop/web'] }, () => sleep(300));
    } finally {
      process.off('warning', onWarning);
    }
    expect(vault.callsTo('auth/token/renew-self')).toHaveLength(0);
    expect(warnings).not.toContain('TimeoutOverflowWarning');
  });

  it('does not renew or revoke a user-supplied token', async () => {
    vault.tokenTtl = 2;
    vault.addToken('hvs.short-user-token', 2);
    await withVaultSecrets(vaultContext(vault, { VAULT_TOKEN: 'hvs.short-user-token' }), { secrets_path: ['secret/shop/web'] }, () => sleep(1300));
    expect(vault.callsTo(/^auth\/token\/(renew|revoke)-self$/)).toHaveLength(0);
  });

  it('revokes exactly once after failed work, and the work error wins', async () => {
    const failure = new Error('build failed');
    await expect(withVaultSecrets(loginCtx(), { secrets_path: ['secret/shop/web'] }, async () => Promise.reject(failure))).rejects.toBe(failure);
    expect(vault.callsTo('auth/token/revoke-self')).toHaveLength(1);
  });

  it('revokes exactly once after a failed read', async () => {
    await expect(read(loginCtx(), { secrets_path: ['secret/missing'] })).rejects.toThrow(/not found/);
    expect(vault.callsTo('auth/token/revoke-self')).toHaveLength(1);
  });

  it('on abort (SIGTERM): revokes at once, then exactly once in total when the work stops', async () => {
    const controller = new AbortController();
    const ctx = loginCtx({ signal: controller.signal });
    let revokedBeforeWorkEnded = false;
    const run = withVaultSecrets(ctx, { secrets_path: ['secret/shop/web'] }, async () => {
      controller.abort('SIGTERM');
      await sleep(300); // a build that takes a moment to stop
      revokedBeforeWorkEnded = vault.callsTo('auth/token/revoke-self').length === 1;
      throw new CancelledError('SIGTERM');
    });
    await expect(run).rejects.toBeInstanceOf(CancelledError);
    expect(revokedBeforeWorkEnded).toBe(true);
    expect(vault.callsTo('auth/token/revoke-self')).toHaveLength(1);
    expect(vault.isRevoked(vault.issuedTokens()[0]!)).toBe(true);
  });

  it('abort during the login: the login may answer for a moment, and the token it minted is revoked, not left to its TTL', async () => {
    const controller = new AbortController();
    vault.fail({ path: 'auth/approle/login', delayMs: 400 });
    let worked = false;
    const run = withVaultSecrets(loginCtx({ signal: controller.signal }), { secrets_path: ['secret/shop/web'] }, async () => void (worked = true));
    setTimeout(() => controller.abort('SIGINT'), 100);
    await expect(run).rejects.toThrow(/cancelled by SIGINT/);
    await vault.idle();
    expect(worked).toBe(false);
    expect(vault.callsTo('secret/data/shop/web')).toHaveLength(0);
    expect(vault.issuedTokens()).toHaveLength(1);
    expect(vault.isRevoked(vault.issuedTokens()[0]!)).toBe(true);
  });

  it('a login that outlasts the grace after an abort is given up: the run does not wait for vault_timeout', async () => {
    const controller = new AbortController();
    vault.fail({ path: 'auth/approle/login', delayMs: 5000 });
    const run = withVaultSecrets(loginCtx({ signal: controller.signal }), { secrets_path: ['secret/shop/web'] }, async () => undefined);
    const started = Date.now();
    controller.abort('SIGINT');
    await expect(run).rejects.toThrow(/cancelled by SIGINT/);
    expect(Date.now() - started).toBeLessThan(4000);
    expect(vault.callsTo('auth/approle/login')).toHaveLength(1);
    // An abort that came first sends no login at all.
    await expect(withVaultSecrets(loginCtx({ signal: controller.signal }), { secrets_path: ['secret/shop/web'] }, async () => undefined)).rejects.toThrow(/cancelled by SIGINT/);
    expect(vault.callsTo('auth/approle/login')).toHaveLength(1);
  });

  it('abort during the reads: cancelled, token still revoked once', async () => {
    const controller = new AbortController();
    vault.fail({ path: 'secret/data/shop/web', delayMs: 400 });
    const run = read(loginCtx({ signal: controller.signal }), { secrets_path: ['secret/shop/web'] });
    setTimeout(() => controller.abort('SIGINT'), 150);
    await expect(run).rejects.toThrow(/cancelled by SIGINT/);
    await sleep(50);
    expect(vault.callsTo('auth/token/revoke-self')).toHaveLength(1);
  });
});

describe('no leaks in errors', () => {
  it('a rejected login names neither the secret id nor the role id', async () => {
    const ctx = vaultContext(vault, {}, { vault: { role_id: ROLE_ID, secret_id: 'wrong-secret-id-zzz' } });
    const err = (await read(ctx, { secrets_path: ['secret/shop/web'] }).catch((e: Error) => e)) as Error;
    expect(err.message).toMatch(/approle login at auth\/approle failed: HTTP 400 \(invalid role or secret ID\)/);
    expect(err.message).not.toMatch(/wrong-secret-id|role-id-2f1c9a/);
  });

  it('a 403 on read names the path, not the token', async () => {
    vault.fail({ path: 'secret/data/shop/web', status: 403 });
    const err = (await read(vaultContext(vault, { VAULT_TOKEN: USER_TOKEN }), { secrets_path: ['secret/shop/web'] }).catch((e: Error) => e)) as Error;
    expect(err.message).toContain('secret/shop/web');
    expect(err.message).not.toContain(USER_TOKEN);
  });

  it('Vault echoing a credential in its error is masked', async () => {
    vault.enableAuth('jwt', 'jwt').addJwtRole('ci', 'good.jwt.value');
    const ctx = vaultContext(vault, { VAULT_JWT: 'bad.jwt.value' }, { vault: { auth_method: 'jwt', role: 'bad.jwt.value' } });
    const err = (await read(ctx, { secrets_path: ['secret/shop/web'] }).catch((e: Error) => e)) as Error;
    expect(err.message).toMatch(/role "\*\*\*" could not be found/);
  });
});
