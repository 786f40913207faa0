/**
 * The HTTP transport node-vault sends every request through (its `request-promise` hook). node-vault
 * keeps what it is good at — paths, the X-Vault-Token and X-Vault-Namespace headers, turning error
 * bodies into errors, token renewal — but its built-in axios transport forwards no AbortSignal (a
 * cancelled run could not stop a hanging request) and has no retries. So this one adds: a per-attempt
 * timeout, cancellation, retries with backoff on 5xx/412/429/network errors (never on other 4xx, which
 * will not change), a standby's redirect to the active node, and the TLS settings (CA, skip-verify).
 *
 * A login is the one request that is not safe to repeat: it mints a token. If an attempt may have reached
 * Vault (a connection was open when it failed, or a proxy answered 502/504), Vault may have issued a token
 * whose answer we lost; a retry would mint a second one and leave the first, which we can never revoke,
 * valid until its TTL. So such a login is not retried. One that never reached Vault (refused, DNS), or
 * that Vault itself answered 5xx/412, still is: Vault returns no token then, revoking one it had created.
 */
import https from 'node:https';
import type { Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { CancelledError } from '../errors.js';
import { sendHttp } from '../util/http.js';

export interface TransportSettings {
  caCert?: string;
  skipVerify: boolean;
  timeoutMs: number;
  maxRetries: number;
  /** Told before each retry, so a slow Vault is not minutes of silence. */
  onRetry?: (message: string) => void;
}

/** What node-vault hands its transport (a subset of the old `request` options). */
export interface TransportRequest {
  method: string;
  uri: string;
  headers?: Record<string, string>;
  json?: unknown;
  /** Passed per call through node-vault's `requestOptions`; absent for cleanup calls (revoke). */
  signal?: AbortSignal;
}

export interface TransportResponse {
  statusCode: number;
  body: unknown;
  request: { path: string };
  /** A redirect's target. */
  location?: string;
}

const REDIRECTS = [307, 308];
const MAX_REDIRECTS = 3;

/** A request that never got an HTTP answer (refused, reset, timed out, or a certificate we do not trust). */
export class VaultUnreachableError extends Error {
  constructor(
    readonly origin: string,
    readonly reason: string,
    /** A certificate problem: retrying cannot fix it. */
    readonly tls: boolean,
    /** False for a certificate problem, and for a login that may have reached Vault. */
    readonly retryable: boolean,
  ) {
    super(`Vault at ${origin} did not answer: ${reason}`);
    this.name = 'VaultUnreachableError';
  }
}

const TLS_FAILURE = /CERT|SELF_SIGNED|TLS|SSL|UNABLE_TO_(VERIFY|GET_ISSUER)/;
const LOGIN_PATH = /\/v1\/auth\/.+\/login$/;
const LOGIN_NOT_RETRIED = 'not retried, as Vault may have issued a token for it that a second login would leave valid until its TTL (raise vault_timeout if Vault is slow to log in)';

/** First backoff delay, doubled per retry, jittered ±25% so parallel apps do not retry in lockstep. */
const FIRST_BACKOFF_MS = 250;
const MAX_BACKOFF_MS = 5000;

export function isRetryableStatus(status: number, login: boolean): boolean {
  if (login && (status === 502 || status === 504)) return false; // a proxy's answer: Vault may have served the login
  // 412: a performance standby has not caught up yet; 429: a rate-limit quota (Vault issued nothing, a login too).
  return status >= 500 || status === 412 || status === 429;
}

/** The object node-vault's `request-promise` option expects: `.defaults()` returns the request function. */
export function vaultTransport(settings: TransportSettings): { defaults: () => (req: TransportRequest) => Promise<TransportResponse> } {
  const agent = new https.Agent({ ca: settings.caCert, rejectUnauthorized: !settings.skipVerify });

  /**
   * A standby node answers 307 with the active node's address (Vault's HA docs: clients follow it), keeping
   * the method, body and headers. Never from https to http: the token would travel in clear text.
   */
  async function request(req: TransportRequest): Promise<TransportResponse> {
    for (let hops = 0; ; hops++) {
      const res = await withRetries(req);
      if (!REDIRECTS.includes(res.statusCode) || !res.location || hops >= MAX_REDIRECTS) return res;
      const next = new URL(res.location, req.uri);
      if (new URL(req.uri).protocol === 'https:' && next.protocol !== 'https:') return res;
      req = { ...req, uri: next.toString() };
    }
  }

  async function withRetries(req: TransportRequest): Promise<TransportResponse> {
    const login = req.method === 'POST' && LOGIN_PATH.test(new URL(req.uri).pathname);
    for (let attempt = 0; ; attempt++) {
      const last = attempt >= settings.maxRetries;
      let why: string;
      try {
        const res = await sendOnce(req, agent, settings.timeoutMs, login);
        if (last || !isRetryableStatus(res.statusCode, login)) return res;
        why = `HTTP ${res.statusCode}`;
      } catch (err) {
        if (last || !(err instanceof VaultUnreachableError) || !err.retryable) throw err;
        why = err.reason;
      }
      const delay = Math.min(MAX_BACKOFF_MS, FIRST_BACKOFF_MS * 2 ** attempt) * (0.75 + Math.random() / 2);
      settings.onRetry?.(`Vault ${req.method} ${new URL(req.uri).pathname}: ${why}; retry ${attempt + 1} of ${settings.maxRetries} in ${(delay / 1000).toFixed(1)}s`);
      try {
        await sleep(delay, undefined, { signal: req.signal });
      } catch {
        throw CancelledError.from(req.signal as AbortSignal); // only an abort ends the sleep early
      }
    }
  }
  return { defaults: () => request };
}

async function sendOnce(req: TransportRequest, agent: https.Agent, timeoutMs: number, login: boolean): Promise<TransportResponse> {
  const url = new URL(req.uri);
  if (req.signal?.aborted) throw CancelledError.from(req.signal);
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = req.signal ? AbortSignal.any([req.signal, timeout]) : timeout;
  const secure = url.protocol === 'https:';
  let connected = false; // from here on the request may have reached Vault
  const onSocket = (socket: Socket) => {
    if (!socket.connecting) connected = true; // a kept-alive connection
    else socket.once(secure ? 'secureConnect' : 'connect', () => (connected = true));
  };
  try {
    const res = await sendHttp(url, { method: req.method, headers: { ...req.headers, accept: 'application/json' }, json: req.json, agent, signal, onSocket });
    const location = res.headers.location;
    return { statusCode: res.status, body: parseBody(res.text), request: { path: url.pathname }, location };
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (req.signal?.aborted) throw CancelledError.from(req.signal);
    const reason = timeout.aborted ? `no answer within ${timeoutMs / 1000}s (vault_timeout)` : (err.code ?? err.message);
    const tls = !timeout.aborted && TLS_FAILURE.test(reason);
    if (login && connected) throw new VaultUnreachableError(url.origin, `${reason}; ${LOGIN_NOT_RETRIED}`, tls, false);
    throw new VaultUnreachableError(url.origin, reason, tls, !tls);
  }
}

function parseBody(text: string): unknown {
  if (!text) return {};
  try {
    return JSON.parse(text);
  } catch {
    return { errors: [text.slice(0, 200)] }; // a proxy's HTML page, say: keep a hint of it
  }
}
