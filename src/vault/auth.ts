/**
 * Logging in. A token the user supplied is used as is and never revoked; approle and jwt logins
 * yield a token we own, which the caller renews and revokes (see lease.ts).
 */
import * as core from '@actions/core';
import type { AppContext } from '../lifecycle/context.js';
import { CancelledError, UserError } from '../errors.js';
import type { VaultClient } from './client.js';
import type { ResolvedVault } from './settings.js';
import { toVaultError } from './errors.js';

export interface VaultLogin {
  /** True when we obtained the token by logging in: then it is ours to renew and revoke. */
  owned: boolean;
  /** Seconds; 0 = does not expire or unknown. */
  ttlSeconds: number;
  renewable: boolean;
}

interface LoginResponse {
  auth?: { client_token?: string; lease_duration?: number; renewable?: boolean };
}

/**
 * A login cut off in flight may still mint a token we would never see, valid until its TTL. On cancel it is
 * given this long to answer, so that its token is ours and revoked with the rest (see secrets.ts).
 */
const LOGIN_GRACE_MS = 2000;

export async function login(client: VaultClient, s: ResolvedVault, ctx: AppContext): Promise<VaultLogin> {
  CancelledError.throwIfAborted(ctx.signal);
  const grace = new AbortController();
  const onAbort = () => setTimeout(() => grace.abort(ctx.signal.reason), LOGIN_GRACE_MS).unref();
  ctx.signal.addEventListener('abort', onAbort, { once: true });
  try {
    return await loginOnce(client, s, ctx, { signal: grace.signal });
  } finally {
    ctx.signal.removeEventListener('abort', onAbort);
  }
}

async function loginOnce(client: VaultClient, s: ResolvedVault, ctx: AppContext, requestOptions: { signal: AbortSignal }): Promise<VaultLogin> {
  let response: LoginResponse;
  switch (s.authMethod) {
    case 'token':
      if (!s.token) throw new UserError('Vault auth_method "token" needs a token', 'set token / vault_token, the action input vault-token, or VAULT_TOKEN');
      return { owned: false, ttlSeconds: 0, renewable: false };
    case 'approle': {
      if (!s.roleId || !s.secretId) throw new UserError('Vault auth_method "approle" needs role_id and secret_id', 'e.g. role_id = env("VAULT_ROLE_ID"), secret_id = env("VAULT_SECRET_ID")');
      response = await call(`approle login at auth/${s.mount}`, () =>
        client.approleLogin({ mount_point: s.mount, role_id: s.roleId, secret_id: s.secretId, requestOptions }),
      );
      break;
    }
    case 'jwt': {
      if (!s.role) throw new UserError('Vault auth_method "jwt" needs a role', 'set role (vault {} block) or vault_role (build stanza)');
      const jwt = await jwtFor(s, ctx);
      response = await call(`jwt login at auth/${s.mount} (role ${s.role})`, () => client.jwtLogin({ mount_point: s.mount, role: s.role, jwt, requestOptions }));
      break;
    }
  }
  const token = response.auth?.client_token;
  ctx.redactor.add(token);
  if (!token) throw new UserError(`Vault ${s.authMethod} login at auth/${s.mount} returned no client_token`);
  ctx.log.debug(`Vault: logged in with ${s.authMethod} at auth/${s.mount} (ttl ${response.auth?.lease_duration ?? 0}s)`);
  return { owned: true, ttlSeconds: response.auth?.lease_duration ?? 0, renewable: response.auth?.renewable ?? false };

  async function call(operation: string, fn: () => Promise<LoginResponse>): Promise<LoginResponse> {
    try {
      return await fn();
    } catch (err) {
      throw toVaultError(err, operation, ctx.redactor);
    }
  }
}

/** Inside GitHub Actions the OIDC id-token is the jwt; elsewhere `jwt` / VAULT_JWT. */
async function jwtFor(s: ResolvedVault, ctx: AppContext): Promise<string> {
  if (s.jwt) return s.jwt;
  if (!ctx.inGitHubActions) throw new UserError('Vault auth_method "jwt" needs a jwt outside GitHub Actions', 'set jwt in the vault {} block or VAULT_JWT');
  try {
    const jwt = await core.getIDToken(s.jwtAudience);
    ctx.redactor.add(jwt);
    return jwt;
  } catch (err) {
    throw new UserError(`cannot get a GitHub OIDC token for Vault: ${err instanceof Error ? err.message : String(err)}`, 'give the job `permissions: id-token: write`');
  }
}
