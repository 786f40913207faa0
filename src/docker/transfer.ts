/**
 * Push and pull share one shape: start an engine stream with credentials, follow it, retry transient
 * failures with backoff, and turn a refusal into an error that names the registry and the credential
 * source tried — the answer to "why 401?" — never the secret.
 */
import { UserError } from '../errors.js';
import type { AppContext } from '../lifecycle/context.js';
import type { CredentialResolution } from './credentials.js';
import { EngineStreamError, followProgress, type ProgressEvent } from './engine.js';
import { classifyRegistryError, withRetry } from './retry.js';

const TRANSFER_ATTEMPTS = 4;

export interface Transfer {
  /** `push` or `pull`. */
  verb: string;
  /** `repo:tag` as shown to the user. */
  ref: string;
  registry: string;
  resolution: CredentialResolution;
  start(): Promise<NodeJS.ReadableStream>;
  /** Set in tests to keep retries fast. */
  retryDelayMs?: number;
}

export async function transfer(ctx: AppContext, t: Transfer): Promise<ProgressEvent[]> {
  ctx.log.info(`${t.verb} ${t.ref} (credentials: ${t.resolution.credentials?.origin ?? 'none found, anonymous'})`);
  try {
    return await withRetry(
      async () =>
        followProgress(await t.start().catch(asStreamError), ctx.signal, (e) => {
          if (e.status && !e.id) ctx.log.debug(e.status); // per-layer progress lines carry an id: too chatty
        }),
      {
        attempts: TRANSFER_ATTEMPTS,
        baseDelayMs: t.retryDelayMs ?? 1000,
        signal: ctx.signal,
        retryable: (err) => err instanceof EngineStreamError && classifyRegistryError(err.message) === 'transient',
        onRetry: (err, attempt, delay) => ctx.log.warn(`${t.verb} of ${t.ref} failed (attempt ${attempt}/${TRANSFER_ATTEMPTS}), retrying in ${delay} ms: ${(err as Error).message}`),
      },
    );
  } catch (err) {
    throw transferError(err, t);
  }
}

/** Some refusals (a pull's 401) come as an HTTP error before any stream: treat them like stream errors. */
function asStreamError(err: unknown): never {
  const e = err as { statusCode?: number; json?: { message?: string }; message?: string };
  throw e.statusCode ? new EngineStreamError(e.json?.message ?? e.message ?? `HTTP ${e.statusCode}`) : err;
}

function transferError(err: unknown, t: Transfer): unknown {
  if (!(err instanceof EngineStreamError)) return err;
  const what = `${t.verb} of ${t.ref} at ${t.registry} failed: ${err.message}`;
  if (classifyRegistryError(err.message) === 'auth') {
    const c = t.resolution.credentials;
    const used = c ? `credentials from ${c.origin}` : `anonymous access (no credentials found; tried ${t.resolution.tried.join('; ')})`;
    return new UserError(`${what} — the registry refused ${used}`, 'check the username/password and that they may access this repository (ACR: a service principal, the admin user, or the token user 00000000-0000-0000-0000-000000000000)');
  }
  if (/server gave HTTP response to HTTPS client/i.test(err.message)) {
    return new UserError(what, `${t.registry} speaks plain HTTP: list it in the daemon's "insecure-registries" (the engine, not cloudstation, decides TLS)`);
  }
  return new UserError(what);
}
