/**
 * Where Vault is and how to log in: the project `vault {}` block, overridden field by field by a build
 * stanza's `vault_*` fields, then the VAULT_* environment the vault CLI also reads. Every credential is
 * registered with the redactor here, before any request or log line can carry it.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { z } from 'zod';
import type { AppContext } from '../lifecycle/context.js';
import type { VaultSettings } from '../config/types.js';
import type { vaultBuildFields } from '../plugin/schema.js';
import { UserError } from '../errors.js';
import { goTrue } from '../util/go-bool.js';

export type VaultBuildFields = z.output<z.ZodObject<typeof vaultBuildFields>>;
export type AuthMethod = NonNullable<VaultSettings['auth_method']>;

export interface ResolvedVault {
  address: string;
  authMethod: AuthMethod;
  /** Auth mount path, e.g. `approle` or `github-jwt`. */
  mount: string;
  token?: string;
  roleId?: string;
  secretId?: string;
  role?: string;
  jwt?: string;
  jwtAudience?: string;
  namespace?: string;
  /** PEM text. */
  caCert?: string;
  skipVerify: boolean;
  timeoutMs: number;
  maxRetries: number;
  paths: string[];
}

const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_MAX_RETRIES = 3;

/** Per-build fields win over the project block; the environment fills what neither sets. */
export function resolveVaultSettings(ctx: AppContext, fields: VaultBuildFields): ResolvedVault {
  const base = ctx.vault ?? {};
  const env = ctx.env;
  const s: VaultSettings = {
    ...base,
    ...defined({
      address: fields.vault_address,
      auth_method: fields.vault_auth_method,
      mount: fields.vault_mount,
      token: fields.vault_token,
      role: fields.vault_role,
      role_id: fields.role_id,
      secret_id: fields.secret_id,
      namespace: fields.vault_namespace,
      ca_cert: fields.vault_ca_cert,
      skip_verify: fields.vault_tls_skip_verify,
    }),
  };
  const token = s.token ?? env.VAULT_TOKEN;
  const jwt = s.jwt ?? env.VAULT_JWT;
  // role_id is an identifier, not a credential (vault-action does not mask it either); masking a
  // custom one such as "build" would blank that word out of every log line.
  for (const credential of [token, s.secret_id, jwt]) ctx.redactor.add(credential);

  const address = s.address ?? env.VAULT_ADDR;
  if (!address) throw new UserError('no Vault address', 'set `address` in the vault {} block, `vault_address` in the build stanza, or VAULT_ADDR');
  if (!/^https?:\/\/[^/]/.test(address)) throw new UserError(`Vault address "${address}" is not an http(s) URL`, 'write it like https://vault.example.com:8200');

  const roleId = s.role_id ?? env.VAULT_ROLE_ID;
  const secretId = s.secret_id ?? env.VAULT_SECRET_ID;
  // Credentials in the build stanza choose the method over the project block's (a stanza token beats block approle).
  const stanzaMethod = fields.vault_auth_method ?? (fields.role_id || fields.secret_id ? 'approle' : fields.vault_token ? 'token' : undefined);
  const authMethod = stanzaMethod ?? s.auth_method ?? inferAuthMethod(s, token, jwt, Boolean(env.VAULT_ROLE_ID && env.VAULT_SECRET_ID), ctx.inGitHubActions);
  const skipVerify = s.skip_verify ?? goTrue(env.VAULT_SKIP_VERIFY);
  if (skipVerify) {
    ctx.log.warn(`!!! Vault TLS certificate verification is DISABLED (skip_verify): anyone on the network path to ${address} can read the Vault token and every secret. Use ca_cert instead.`);
  }
  return {
    address: address.replace(/\/+$/, ''),
    authMethod,
    // The block's mount belongs to the block's method: a stanza that chose another uses its own or the default.
    mount: trimSlashes((stanzaMethod && stanzaMethod !== blockMethod(base) ? fields.vault_mount : s.mount) ?? authMethod),
    token,
    roleId,
    secretId,
    role: s.role,
    jwt,
    jwtAudience: s.jwt_audience,
    namespace: s.namespace ?? env.VAULT_NAMESPACE,
    // ca_cert is relative to the config, VAULT_CACERT to where cs runs (as for the Vault CLI).
    caCert: s.ca_cert ? readCaCert(s.ca_cert, ctx.workspace) : readCaCert(env.VAULT_CACERT, process.cwd()),
    skipVerify,
    timeoutMs: fields.vault_timeout ?? DEFAULT_TIMEOUT_MS,
    maxRetries: fields.vault_max_retries ?? DEFAULT_MAX_RETRIES,
    paths: fields.secrets_path ?? [],
  };
}

/** The method the project block alone names or implies, if any. */
function blockMethod(v: VaultSettings): AuthMethod | undefined {
  return v.auth_method ?? (v.role_id || v.secret_id ? 'approle' : v.token ? 'token' : v.jwt || v.role ? 'jwt' : undefined);
}

/** Without `auth_method`, the credentials present decide — config fields before environment. */
function inferAuthMethod(s: VaultSettings, token: string | undefined, jwt: string | undefined, envApprole: boolean, inGitHubActions: boolean): AuthMethod {
  if (s.role_id || s.secret_id) return 'approle';
  if (token) return 'token';
  if (envApprole) return 'approle';
  if (jwt || (inGitHubActions && s.role)) return 'jwt';
  throw new UserError(
    'no Vault credentials',
    'set auth_method with role_id/secret_id (approle), token or VAULT_TOKEN (token), or role with GitHub OIDC or VAULT_JWT (jwt)',
  );
}

/** `ca_cert` holds PEM text or a file path (relative to the config directory). */
function readCaCert(value: string | undefined, workspace: string): string | undefined {
  if (!value) return undefined;
  if (value.includes('-----BEGIN')) return value;
  const file = resolve(workspace, value);
  try {
    return readFileSync(file, 'utf8');
  } catch {
    throw new UserError(`Vault CA certificate ${file} cannot be read`, 'point ca_cert / VAULT_CACERT at a PEM file, or put the PEM text in ca_cert');
  }
}

function defined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

export function trimSlashes(path: string): string {
  return path.replace(/^\/+|\/+$/g, '');
}
