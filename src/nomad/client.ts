/**
 * A small Nomad HTTP API client on node:http(s), which takes the cluster's CA and client certificate as
 * nomad-pack does (fetch cannot). Reads support blocking queries (`?index=&wait=`, the `X-Nomad-Index`
 * response header) so watchers wait for a change instead of polling. The ACL token travels only in the
 * `X-Nomad-Token` header, and `user:pass@` from the address only as Basic auth — never in a URL, which
 * could end up in an error message.
 */
import { readFileSync } from 'node:fs';
import { Agent as HttpsAgent } from 'node:https';
import { sendHttp, type HttpAnswer } from '../util/http.js';
import { UserError } from '../errors.js';
import type { Allocation, DeploymentUpdateResponse, Evaluation, Job, JobStub, NomadDeployment } from './types.js';
import { addressCredentials } from './address.js';

export interface NomadConnection {
  address: string;
  token?: string;
  namespace?: string;
  region?: string;
  tls?: NomadTls;
}

/** Nomad's TLS settings (NOMAD_CACERT, NOMAD_CLIENT_CERT, NOMAD_CLIENT_KEY, NOMAD_TLS_SERVER_NAME, NOMAD_SKIP_VERIFY). */
export interface NomadTls {
  /** PEM files. */
  caCert?: string;
  clientCert?: string;
  clientKey?: string;
  serverName?: string;
  skipVerify?: boolean;
}

export interface BlockingOptions {
  /** The `X-Nomad-Index` of the previous answer; the server holds the request until it changes. */
  index?: number;
  /** Upper bound for holding the request (Nomad caps it at 10 minutes). */
  waitMs?: number;
  signal?: AbortSignal;
}

export interface Indexed<T> {
  value: T;
  index: number;
}

export class NomadApiError extends UserError {
  constructor(
    readonly status: number,
    readonly path: string,
    body: string,
  ) {
    super(`Nomad API ${path} answered ${status}${body.trim() ? `: ${errorText(body)}` : ''}`, hintFor(status));
    this.name = 'NomadApiError';
  }
}

/** Longest error body quoted, so an HTML page from a proxy cannot flood the message. */
const MAX_ERROR_TEXT = 1_000;

/** Every non-empty line: an rpc error's first line is only "rpc error: 1 error occurred:", the reason follows. */
function errorText(body: string): string {
  const text = body
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean)
    .join(' ');
  return text.length > MAX_ERROR_TEXT ? `${text.slice(0, MAX_ERROR_TEXT)}…` : text;
}

function hintFor(status: number): string | undefined {
  if (status === 403) return 'check nomad_token / NOMAD_TOKEN and its ACL policy (namespace:read-job, submit-job)';
  if (status === 400) return 'check namespace and region';
  return undefined;
}

export class NomadClient {
  private readonly base: string;
  /** `user:pass@` from the address, sent as Basic auth: a URL with credentials could end up in an error message. */
  private readonly basicAuth: string | null;

  private readonly agent: HttpsAgent | undefined;

  constructor(
    private readonly conn: NomadConnection,
    agent?: HttpsAgent,
  ) {
    const credentials = addressCredentials(conn.address);
    this.base = (credentials?.bare ?? conn.address).replace(/\/+$/, '');
    this.basicAuth = credentials && Buffer.from(`${credentials.user}:${credentials.password}`).toString('base64');
    this.agent = agent ?? (this.base.startsWith('https:') ? tlsAgent(conn.tls ?? {}) : undefined);
  }

  /** The same client for calls about a job in `namespace`: nomad-pack registers a job in the namespace it declares. */
  inNamespace(namespace: string | undefined): NomadClient {
    return namespace && namespace !== this.conn.namespace ? new NomadClient({ ...this.conn, namespace }, this.agent) : this;
  }

  evaluation(id: string, opts?: BlockingOptions): Promise<Indexed<Evaluation>> {
    return this.get(`/v1/evaluation/${enc(id)}`, opts);
  }

  evaluationAllocations(id: string, opts?: BlockingOptions): Promise<Indexed<Allocation[]>> {
    return this.get(`/v1/evaluation/${enc(id)}/allocations`, opts);
  }

  deployment(id: string, opts?: BlockingOptions): Promise<Indexed<NomadDeployment>> {
    return this.get(`/v1/deployment/${enc(id)}`, opts);
  }

  deploymentAllocations(id: string, opts?: BlockingOptions): Promise<Indexed<Allocation[]>> {
    return this.get(`/v1/deployment/allocations/${enc(id)}`, opts);
  }

  /** The job, or null when Nomad does not know it. */
  async job(id: string, opts?: BlockingOptions): Promise<Job | null> {
    return orNull(this.get<Job>(`/v1/job/${enc(id)}`, opts));
  }

  /** `?meta=true` adds each job's `Meta`, which nomad-pack uses to tag its deployment name. */
  jobs(opts?: BlockingOptions): Promise<Indexed<JobStub[]>> {
    return this.get('/v1/jobs', opts, { meta: 'true' });
  }

  /** The job's most recent deployment; `value` is null when it has none (or the job is unknown). */
  async latestDeployment(jobId: string, opts?: BlockingOptions): Promise<Indexed<NomadDeployment | null>> {
    try {
      return await this.get<NomadDeployment | null>(`/v1/job/${enc(jobId)}/deployment`, opts);
    } catch (err) {
      if (err instanceof NomadApiError && err.status === 404) return { value: null, index: 0 };
      throw err;
    }
  }

  jobAllocations(jobId: string, opts?: BlockingOptions): Promise<Indexed<Allocation[]>> {
    return this.get(`/v1/job/${enc(jobId)}/allocations`, opts);
  }

  jobEvaluations(jobId: string, opts?: BlockingOptions): Promise<Indexed<Evaluation[]>> {
    return this.get(`/v1/job/${enc(jobId)}/evaluations`, opts);
  }

  /** Stops the job and, with `purge`, removes it from Nomad's state (what `nomad-pack destroy`, stop --purge, does). */
  async deregisterJob(id: string, purge: boolean, signal?: AbortSignal): Promise<void> {
    await this.request('DELETE', `/v1/job/${enc(id)}`, new URLSearchParams(purge ? { purge: 'true' } : {}), undefined, signal);
  }

  promoteDeployment(id: string, signal?: AbortSignal): Promise<DeploymentUpdateResponse> {
    return this.post(`/v1/deployment/promote/${enc(id)}`, { DeploymentID: id, All: true }, signal);
  }

  private async get<T>(path: string, opts: BlockingOptions = {}, extra: Record<string, string> = {}): Promise<Indexed<T>> {
    const params = new URLSearchParams(extra);
    if (opts.index !== undefined && opts.index > 0) {
      params.set('index', String(opts.index));
      if (opts.waitMs !== undefined) params.set('wait', `${Math.max(1, Math.round(opts.waitMs))}ms`);
    }
    const res = await this.request('GET', path, params, undefined, opts.signal);
    // A missing or garbled header (a proxy may strip it) reads as 0: the watcher then polls instead of blocking.
    return { value: JSON.parse(res.text) as T, index: Number(res.headers['x-nomad-index']) || 0 };
  }

  private async post<T>(path: string, body: unknown, signal?: AbortSignal): Promise<T> {
    const res = await this.request('POST', path, new URLSearchParams(), body, signal);
    return JSON.parse(res.text) as T;
  }

  private async request(method: string, path: string, params: URLSearchParams, body: unknown, signal?: AbortSignal): Promise<HttpAnswer> {
    if (this.conn.namespace) params.set('namespace', this.conn.namespace);
    if (this.conn.region) params.set('region', this.conn.region);
    const query = params.size ? `?${params}` : '';
    const headers: Record<string, string> = { accept: 'application/json' };
    if (this.conn.token) headers['x-nomad-token'] = this.conn.token;
    if (this.basicAuth) headers.authorization = `Basic ${this.basicAuth}`;
    let res: HttpAnswer;
    try {
      res = await sendHttp(new URL(`${this.base}${path}${query}`), { method, headers, json: body, agent: this.agent, signal });
    } catch (err) {
      if (signal?.aborted) throw signal.reason instanceof Error ? signal.reason : err;
      const code = (err as NodeJS.ErrnoException).code;
      throw new UserError(`cannot reach Nomad at ${this.base}: ${code && !(err as Error).message.includes(code) ? `${code}: ` : ''}${(err as Error).message}`, 'check nomad_addr / NOMAD_ADDR (and NOMAD_CACERT for a private CA)');
    }
    if (res.status < 200 || res.status >= 300) throw new NomadApiError(res.status, path, res.text);
    return res;
  }
}

/** The CA, client certificate and server name nomad-pack is given too; an unreadable file is a clear error. */
function tlsAgent(tls: NomadTls): HttpsAgent {
  const read = (file: string | undefined, what: string) => {
    if (!file) return undefined;
    try {
      return readFileSync(file);
    } catch (err) {
      throw new UserError(`cannot read ${what} ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, `check ${what}`);
    }
  };
  return new HttpsAgent({
    keepAlive: true,
    ca: read(tls.caCert, 'NOMAD_CACERT'),
    cert: read(tls.clientCert, 'NOMAD_CLIENT_CERT'),
    key: read(tls.clientKey, 'NOMAD_CLIENT_KEY'),
    servername: tls.serverName,
    rejectUnauthorized: !tls.skipVerify,
  });
}

async function orNull<T>(pending: Promise<Indexed<T>>): Promise<T | null> {
  try {
    return (await pending).value;
  } catch (err) {
    if (err instanceof NomadApiError && err.status === 404) return null;
    throw err;
  }
}

function enc(segment: string): string {
  return encodeURIComponent(segment);
}

