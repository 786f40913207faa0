/** Retries for registry transfers: 5xx and network trouble are worth another try, auth failures never. */
import { CancelledError } from '../errors.js';
import { sleep } from './abort.js';

export type RegistryFailure = 'auth' | 'transient' | 'fatal';

/** Classifies an engine/registry error message (the engine relays registry errors as text). */
export function classifyRegistryError(message: string): RegistryFailure {
  if (/unauthori[sz]ed|authentication required|denied|forbidden|\b40[13]\b|no basic auth credentials|incorrect username or password/i.test(message)) return 'auth';
  if (/\b5\d\d\b|internal server error|bad gateway|service unavailable|gateway time-?out|timeout|timed out|connection (refused|reset)|broken pipe|\bEOF\b|ECONNRESET|ECONNREFUSED|ETIMEDOUT|EAI_AGAIN|TLS handshake|temporary failure/i.test(message)) return 'transient';
  return 'fatal';
}

export interface RetryOptions {
  attempts: number;
  /** First delay; doubles after every failed attempt. */
  baseDelayMs: number;
  signal: AbortSignal;
  retryable: (err: unknown) => boolean;
  onRetry?: (err: unknown, attempt: number, delayMs: number) => void;
}

export async function withRetry<T>(fn: (attempt: number) => Promise<T>, opts: RetryOptions): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (err) {
      if (attempt >= opts.attempts || err instanceof CancelledError || !opts.retryable(err)) throw err;
      const delay = opts.baseDelayMs * 2 ** (attempt - 1);
      opts.onRetry?.(err, attempt, delay);
      await sleep(delay, opts.signal);
    }
  }
}
