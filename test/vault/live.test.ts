/**
 * Against a real Vault (`vault server -dev`, see .github/workflows/vault-live.yml). Runs only when
 * VAULT_ADDR and VAULT_TOKEN (a root token, used to seed) are set; the jwt case also needs GitHub's
 * OIDC (a workflow with `permissions: id-token: write`).
 */
import { describe, expect, it, beforeAll } from 'vitest';
import { withVaultSecrets } from '../../src/vault/index.js';
import { testContext } from '../helpers/context.js';

const ADDR = process.env.VAULT_ADDR;
const ROOT = process.env.VAULT_TOKEN;
const live = Boolean(ADDR && ROOT);
const oidc = Boolean(process.env.ACTIONS_ID_TOKEN_REQUEST_URL && process.env.GITHUB_REPOSITORY);
const reason = live ? '' : ' (skipped: VAULT_ADDR and VAULT_TOKEN are not set; see .github/workflows/vault-live.yml)';

/** Vault's HTTP API with the root token; "already in use" answers are fine when re-run. */
async function admin(method: string, path: string, body?: unknown): Promise<Record<string, any>> {
  const res = await fetch(`${ADDR}/v1/${path}`, { method, headers: { 'X-Vault-Token': ROOT!, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  if (!res.ok && !/already in use|path is already/.test(text)) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return text ? (JSON.parse(text) as Record<string, any>) : {};
}

describe.skipIf(!live)(`live Vault${reason}`, () => {
  let roleId = '';
  let secretId = '';
  const ctx = (vault = {}, extra: Record<string, string> = {}, inGitHubActions = false) =>
    testContext({ env: { VAULT_ADDR: ADDR, ...extra }, vault, inGitHubActions });

  beforeAll(async () => {
    await admin('POST', 'sys/mounts/kv1', { type: 'kv', options: { version: '1' } });
    await admin('POST', 'sys/auth/approle', { type: 'approle' });
    await admin('PUT', 'sys/policies/acl/cs-live', { policy: 'path "secret/data/cs-live/*" { capabilities = ["read"] }\npath "kv1/cs-live/*" { capabilities = ["read"] }' });
    await admin('POST', 'auth/approle/role/cs-live', { token_policies: ['cs-live'], token_ttl: '2m', token_max_ttl: '10m' });
    roleId = (await admin('GET', 'auth/approle/role/cs-live/role-id')).data.role_id;
    secretId = (await admin('POST', 'auth/approle/role/cs-live/secret-id')).data.secret_id;
    await admin('POST', 'secret/data/cs-live/app', { data: { API_KEY: 'live-v2-value', PORT: 5432 } });
    await admin('POST', 'kv1/cs-live/app', { LEGACY: 'live-v1-value' });
  });

  it('token: reads KV v2 with and without data/, and KV v1', async () => {
    const c = ctx({}, { VAULT_TOKEN: ROOT! });
    const secrets = await withVaultSecrets(c, { secrets_path: ['secret/data/cs-live/app', 'secret/cs-live/app', 'kv1/cs-live/app'] }, async (s) => s);
    expect(secrets).toEqual({ API_KEY: 'live-v2-value', PORT: '5432', LEGACY: 'live-v1-value' });
    expect((await admin('GET', 'auth/token/lookup-self')).data.id).toBe(ROOT); // the user's token still works
  });

  it('approle: logs in, reads, and revokes its token at the end', async () => {
    let accessor = '';
    await withVaultSecrets(ctx({ auth_method: 'approle', role_id: roleId, secret_id: secretId }), { secrets_path: ['secret/cs-live/app'] }, async (s) => {
      expect(s.API_KEY).toBe('live-v2-value');
      accessor = await newestApproleAccessor();
    });
    const after = await fetch(`${ADDR}/v1/auth/token/lookup-accessor`, { method: 'POST', headers: { 'X-Vault-Token': ROOT! }, body: JSON.stringify({ accessor }) });
    expect(after.status).toBe(400); // "invalid accessor": the token is gone
  });

  it('a missing path names it; a wrong secret id is a 400 that does not print it', async () => {
    await expect(withVaultSecrets(ctx({}, { VAULT_TOKEN: ROOT! }), { secrets_path: ['secret/cs-live/nope'] }, async (s) => s)).rejects.toThrow(/"secret\/cs-live\/nope" not found/);
    const err = (await withVaultSecrets(ctx({ role_id: roleId, secret_id: 'wrong-secret-id-live' }), { secrets_path: ['secret/cs-live/app'] }, async (s) => s).catch((e: Error) => e)) as Error;
    expect(err.message).toMatch(/HTTP 400/);
    expect(err.message).not.toContain('wrong-secret-id-live');
  });

  it.skipIf(!oidc)(`jwt with the GitHub OIDC id-token${oidc ? '' : ' (skipped: no GitHub OIDC here)'}`, async () => {
    await admin('POST', 'sys/auth/jwt', { type: 'jwt' });
    await admin('POST', 'auth/jwt/config', { oidc_discovery_url: 'https://token.actions.githubusercontent.com', bound_issuer: 'https://token.actions.githubusercontent.com' });
    await admin('POST', 'auth/jwt/role/cs-live', { role_type: 'jwt', user_claim: 'repository', bound_audiences: ['cs-live'], bound_claims: { repository: process.env.GITHUB_REPOSITORY }, token_policies: ['cs-live'], token_ttl: '2m' });
    const secrets = await withVaultSecrets(ctx({ auth_method: 'jwt', role: 'cs-live', jwt_audience: 'cs-live' }, {}, true), { secrets_path: ['secret/cs-live/app'] }, async (s) => s);
    expect(secrets.API_KEY).toBe('live-v2-value');
  });
});

/** The accessor of the newest live approle token (only the root token may list accessors). */
async function newestApproleAccessor(): Promise<string> {
  const keys: string[] = (await admin('GET', 'auth/token/accessors?list=true')).data.keys;
  const infos = await Promise.all(keys.map(async (a) => (await admin('POST', 'auth/token/lookup-accessor', { accessor: a })).data as { accessor: string; path: string; creation_time: number }));
  const approle = infos.filter((d) => d.path === 'auth/approle/login').sort((a, b) => b.creation_time - a.creation_time);
  return approle[0]?.accessor ?? '';
}
