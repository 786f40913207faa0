/**
 * Push and pull share one shape: start an engine stream with credentials, follow it, retry transient
 * failures with backoff, all within a time budget (the engine waits minutes, or for ever, on a registry
 * that accepts connections and never answers), and turn a refusal into an error that names the
 * registry and the credential source tried — the answer to "why 401?" — never the secret.
 */
import { UserError } from '../errors.js';
import type { AppContext } from '../lifecycle/context.js';
import { Deadline, formatDuration } from '../util/deadline.js';
import type { CredentialResolution } from './credentials.js';
import { EngineStreamError, followProgress, type ProgressEvent } from './engine.js';
import { classifyRegistryError, withRetry } from './retry.js';

const TRANSFER_ATTEMPTS = 4;
/** push_timeout / pull_timeout when unset: generous for large images, but a silent registry cannot hold a job for hours. */
const DEFAULT_TIMEOUT_MS = 30 * 60_000;

export interface Transfer {
  /** `push` or `pull`. */
  verb: string;
  /** `repo:tag` as shown to the user. */
  ref: string;
  registry: string;
  resolution: CredentialResolution;
  /** Starts the engine stream; `signal` aborts it (cancellation or the time budget). */
  start(signal: AbortSignal): Promise<NodeJS.ReadableStream>;
  /** The whole transfer's budget, retries included (default 30 minutes), and the stanza setting that sets it. */
  timeout: { ms: number | undefined; setting: string };
  /** Set in tests to keep retries fast. */
  retryDelayMs?: number;
}

export async function transfer(ctx: AppContext, t: Transfer): Promise<ProgressEvent[]> {
  ctx.log.info(`${t.verb} ${t.ref} (credentials: ${t.resolution.credentials?.origin ?? 'none found, anonymous'})`);
  const budgetMs = t.timeout.ms ?? DEFAULT_TIMEOUT_MS;
  const deadline = new Deadline(ctx.signal, budgetMs);
  try {
    return await deadline.guard(() => attempts(ctx, t, deadline.signal), () => timeoutError(t, budgetMs));
  } catch (err) {
    throw transferError(err, t);
  } finally {
    deadline.dispose();
  }
}

function attempts(ctx: AppContext, t: Transfer, signal: AbortSignal): Promise<ProgressEvent[]> {
  return withRetry(
    async () =>
      followProgress(await t.start(signal).catch(asStreamError), signal, (e) => {
        if (e.status && !e.id) ctx.log.debug(e.status); // per-layer progress lines carry an id: too chatty
      }),
    {
      attempts: TRANSFER_ATTEMPTS,
      baseDelayMs: t.retryDelayMs ?? 1000,
      signal,
      retryable: (err) => err instanceof EngineStreamError && classifyRegistryError(err.message) === 'transient',
      onRetry: (err, attempt, delay) => ctx.log.warn(`${t.verb} of ${t.ref} failed (attempt ${attempt}/${TRANSFER_ATTEMPTS}), retrying in ${delay} ms: ${(err as Error).message}`),
    },
  );
}

function timeoutError(t: Transfer, budgetMs: number): UserError {
  return new UserError(
    `${t.verb} of ${t.ref} at ${t.registry} did not finish within ${formatDuration(budgetMs)} (${t.timeout.setting})`,
    `check that ${t.registry} answers (one that accepts connections and never replies looks like this), or raise ${t.timeout.setting}`,
  );
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
