/**
 * Turns whatever a Vault call threw into one user-facing line. Messages are built only from the
 * operation, the HTTP status and Vault's own `errors[]`, never from request bodies or headers, and pass
 * through the redactor as well — a Vault error may echo what it was sent.
 */
import type { Redactor } from '../secrets/redactor.js';
import { CancelledError, UserError } from '../errors.js';
import { VaultUnreachableError } from './transport.js';

export class VaultError extends UserError {
  constructor(
    message: string,
    readonly status: number | null,
    hint?: string,
  ) {
    super(message, hint);
    this.name = 'VaultError';
  }
}

/** node-vault's ApiResponseError carries the response it rejected. */
interface ApiResponseLike {
  response: { statusCode: number; body: unknown };
}

const HINTS: Record<number, string> = {
  400: 'check the auth settings (role_id/secret_id, role, jwt) and the auth mount',
  403: "the token's policies do not allow this, or the token is invalid or expired",
  404: 'check the path and that the secrets engine is mounted there',
};

export function statusOf(err: unknown): number | null {
  return isApiResponse(err) ? err.response.statusCode : err instanceof VaultError ? err.status : null;
}

export function toVaultError(err: unknown, operation: string, redactor: Redactor): Error {
  if (err instanceof CancelledError || err instanceof VaultError) return err;
  if (err instanceof VaultUnreachableError) {
    const hint = err.tls ? "set ca_cert / VAULT_CACERT to the CA that signed Vault's certificate" : 'check VAULT_ADDR / address, the network, and vault_timeout';
    return new VaultError(redactor.redact(`Vault ${operation} failed: ${err.message}`), null, hint);
  }
  if (isApiResponse(err)) {
    const { statusCode, body } = err.response;
    const reasons = vaultErrors(body);
    const text = `Vault ${operation} failed: HTTP ${statusCode}${reasons ? ` (${reasons})` : ''}`;
    return new VaultError(redactor.redact(text), statusCode, HINTS[statusCode]);
  }
  const message = err instanceof Error ? err.message : String(err);
  return new VaultError(redactor.redact(`Vault ${operation} failed: ${message}`), null);
}

function isApiResponse(err: unknown): err is ApiResponseLike {
  const r = (err as Partial<ApiResponseLike> | null)?.response;
  return typeof r === 'object' && r !== null && typeof r.statusCode === 'number';
}

function vaultErrors(body: unknown): string {
  const errors = (body as { errors?: unknown } | null)?.errors;
  return Array.isArray(errors) ? errors.filter((e): e is string => typeof e === 'string').join('; ') : '';
}
