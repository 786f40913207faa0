/**
 * A Vault DOUBLE: a real HTTP server on 127.0.0.1 that answers the part of Vault's documented HTTP API
 * the orchestrator uses (https://developer.hashicorp.com/vault/api-docs):
 *   POST auth/<approle mount>/login {role_id, secret_id}      POST auth/<jwt mount>/login {role, jwt}
 *   GET  auth/token/lookup-self   POST auth/token/renew-self   POST auth/token/revoke-self (204)
 *   GET  sys/internal/ui/mounts/<path>   (data.path, data.type, data.options.version)
 *   GET  <kv1 mount>/<path> → data{}     GET <kv2 mount>/data/<path> → data.data{} + data.metadata{}
 * Errors use Vault's body `{"errors":[...]}`: 400 bad login, 403 permission denied (bad/expired/revoked
 * token), 404 `{"errors":[]}`, 5xx. X-Vault-Namespace scopes mounts and tokens like Vault Enterprise.
 * It records every call, can shorten TTLs, and injects failures and delays.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import { randomBytes, randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';

export interface RecordedCall {
  method: string;
  /** Path after `/v1/`, without the query. */
  path: string;
  token: string | null;
  namespace: string | null;
  body: Record<string, unknown> | null;
  status: number;
}

interface TokenState {
  namespace: string;
  ttl: number;
  expiresAt: number;
  renewable: boolean;
  revoked: boolean;
  policies: string[];
}

interface Fault {
  match: (method: string, path: string) => boolean;
  status?: number;
  delayMs?: number;
  remaining: number;
}

export interface FaultSpec {
  /** Exact API path (after /v1/) or a RegExp. */
  path: string | RegExp;
  method?: string;
  /** Answer with this status and Vault's error body instead of the real answer. */
  status?: number;
  /** Wait this long before answering. */
  delayMs?: number;
  /** How many matching calls are affected (default 1). */
  times?: number;
}

const ERROR_TEXT: Record<number, string> = {
  400: 'invalid request',
  403: 'permission denied',
  412: 'required index state not present',
  429: 'request rate limit exceeded',
  500: 'internal error',
  502: 'bad gateway',
  503: 'Vault is sealed',
};

export class VaultDouble {
  readonly calls: RecordedCall[] = [];
  /** TTL in seconds for tokens issued by logins and renewals. */
  tokenTtl = 3600;
  rootToken = 'root-double-token';

  private readonly tokens = new Map<string, TokenState>();
  private readonly authMounts = new Map<string, 'approle' | 'jwt'>();
  private readonly approles = new Map<string, { secretId: string; policies: string[] }>();
  private readonly jwtRoles = new Map<string, { jwt: string; policies: string[] }>();
  private readonly kvMounts = new Map<string, 1 | 2>();
  private readonly kvData = new Map<string, Record<string, unknown>>();
  private readonly faults: Fault[] = [];
  private readonly issued: string[] = [];
  private readonly handling = new Set<Promise<void>>();

  private constructor(
    private readonly server: Server,
    readonly address: string,
  ) {}

  /**
   * With `tls` (PEM key + certificate for 127.0.0.1) it serves https, for the CA / skip-verify paths; `port`
   * lets it come up where a client was already refused.
   */
  static async start(opts: { tls?: { key: string; cert: string }; port?: number } = {}): Promise<VaultDouble> {
    const server: Server = opts.tls ? createTlsServer(opts.tls) : createServer();
    await new Promise<void>((resolve) => server.listen(opts.port ?? 0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const double = new VaultDouble(server, `${opts.tls ? 'https' : 'http'}://127.0.0.1:${port}`);
    server.on('request', (req, res) => {
      const handled = double.handle(req, res).finally(() => double.handling.delete(handled));
      double.handling.add(handled);
    });
    double.tokens.set(double.rootToken, { namespace: '', ttl: 0, expiresAt: Infinity, renewable: false, revoked: false, policies: ['root'] });
    return double;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  // ── setup ──────────────────────────────────────────────────────────────────────────────────────────
  enableAuth(mount: string, type: 'approle' | 'jwt', namespace = ''): this {
    this.authMounts.set(join(namespace, mount), type);
    return this;
  }
  addApprole(roleId: string, secretId: string, namespace = ''): this {
    this.approles.set(join(namespace, roleId), { secretId, policies: ['default', 'build'] });
    return this;
  }
  addJwtRole(role: string, jwt: string, namespace = ''): this {
    this.jwtRoles.set(join(namespace, role), { jwt, policies: ['default', 'build'] });
    return this;
  }
  /** A token as if created with `vault token create`; ttl 0 = never expires. */
  addToken(token: string, ttl = 0, namespace = ''): this {
    this.tokens.set(token, { namespace, ttl, expiresAt: ttl ? Date.now() + ttl * 1000 : Infinity, renewable: ttl > 0, revoked: false, policies: ['default'] });
    return this;
  }
  mountKv(mount: string, version: 1 | 2, namespace = ''): this {
    this.kvMounts.set(`${join(namespace, mount)}/`, version);
    return this;
  }
  /** `path` is the secret's logical path inside the mount (no `data/`). */
  putSecret(mount: string, path: string, data: Record<string, unknown>, namespace = ''): this {
    this.kvData.set(join(namespace, mount, path), data);
    return this;
  }
  fail(spec: FaultSpec): this {
    const { path, method } = spec;
    this.faults.push({
      match: (m, p) => (!method || method === m) && (typeof path === 'string' ? path === p : path.test(p)),
      status: spec.status,
      delayMs: spec.delayMs,
      remaining: spec.times ?? 1,
    });
    return this;
  }

  // ── inspection ─────────────────────────────────────────────────────────────────────────────────────
  callsTo(path: string | RegExp): RecordedCall[] {
    return this.calls.filter((c) => (typeof path === 'string' ? c.path === path : path.test(c.path)));
  }
  isRevoked(token: string): boolean {
    return this.tokens.get(token)?.revoked ?? false;
  }
  /** Tokens handed out by logins, in order. */
  issuedTokens(): string[] {
    return [...this.issued];
  }
  /** Once every request received so far is handled: a delayed login mints its token even after its client gave up. */
  async idle(): Promise<void> {
    await Promise.all(this.handling);
  }

  // ── HTTP ───────────────────────────────────────────────────────────────────────────────────────────
  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://double');
    const path = decodeURIComponent(url.pathname.replace(/^\/v1\//, ''));
    const method = req.method ?? 'GET';
    const body = await readJson(req);
    const call: RecordedCall = {
      method,
      path,
      token: header(req, 'x-vault-token'),
      namespace: header(req, 'x-vault-namespace'),
      body,
      status: 0,
    };
    this.calls.push(call);
    const send = (status: number, payload?: unknown) => {
      call.status = status;
      if (payload === undefined) return void res.writeHead(status).end();
      const text = JSON.stringify(payload);
      res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) }).end(text);
    };
    const fault = this.faults.find((f) => f.remaining > 0 && f.match(method, path));
    if (fault) {
      fault.remaining--;
      if (fault.delayMs) await new Promise((r) => setTimeout(r, fault.delayMs));
      if (fault.status) return send(fault.status, { errors: [ERROR_TEXT[fault.status] ?? 'error'] });
    }
    if (!url.pathname.startsWith('/v1/')) return send(404, { errors: [] });
    const [status, payload] = this.route(method, path, call.token, call.namespace ?? '', body ?? {});
    send(status, payload);
  }

  private route(method: string, path: string, token: string | null, ns: string, body: Record<string, unknown>): [number, unknown?] {
    const login = /^auth\/(.+)\/login$/.exec(path);
    if (login && method === 'POST') return this.login(join(ns, login[1]!), ns, body);

    const state = token ? this.tokens.get(token) : undefined;
    if (!token || !state || state.revoked || state.expiresAt < Date.now() || state.namespace !== ns) return [403, { errors: ['permission denied'] }];

    if (path === 'auth/token/lookup-self' && method === 'GET') return [200, envelope({ data: this.lookup(token, state) })];
    if (path === 'auth/token/renew-self' && (method === 'POST' || method === 'PUT')) {
      if (!state.renewable) return [400, { errors: ['lease is not renewable'] }];
      const increment = typeof body.increment === 'number' ? body.increment : this.tokenTtl;
      state.ttl = Math.min(increment, this.tokenTtl);
      state.expiresAt = Date.now() + state.ttl * 1000;
      return [200, envelope({ auth: authBlock(token, state) })];
    }
    if (path === 'auth/token/revoke-self' && (method === 'POST' || method === 'PUT')) {
      state.revoked = true;
      return [204];
    }
    const ui = /^sys\/internal\/ui\/mounts\/(.+)$/.exec(path);
    if (ui && method === 'GET') {
      const mount = this.mountFor(join(ns, ui[1]!));
      if (!mount) return [400, { errors: [`preflight capability check returned 403, please ensure client's policies grant access to path "${ui[1]}/"`] }];
      const [mountPath, version] = mount;
      return [200, envelope({ data: { path: mountPath.slice(ns ? ns.length + 1 : 0), type: 'kv', description: 'key/value secret storage', options: { version: String(version) }, local: false, seal_wrap: false, accessor: `kv_${mountPath.length}`, uuid: randomUUID(), config: { default_lease_ttl: 0, max_lease_ttl: 0, force_no_cache: false } } })];
    }
    if (method === 'GET') return this.readKv(join(ns, path));
    return [405, { errors: ['unsupported operation'] }];
  }

  private login(mountKey: string, ns: string, body: Record<string, unknown>): [number, unknown] {
    const type = this.authMounts.get(mountKey);
    if (!type) return [400, { errors: ['no handler for route "' + mountKey.slice(ns ? ns.length + 1 : 0) + '/login". route entry not found.'] }];
    let policies: string[];
    if (type === 'approle') {
      if (typeof body.role_id !== 'string' || !body.role_id) return [400, { errors: ['missing role_id'] }];
      const role = this.approles.get(join(ns, body.role_id));
      if (!role || role.secretId !== body.secret_id) return [400, { errors: ['invalid role or secret ID'] }];
      policies = role.policies;
    } else {
      if (typeof body.role !== 'string' || !body.role) return [400, { errors: ['missing role'] }];
      const role = this.jwtRoles.get(join(ns, body.role));
      if (!role) return [400, { errors: [`role "${body.role}" could not be found`] }];
      if (role.jwt !== body.jwt) return [400, { errors: ['error validating token: invalid signature'] }];
      policies = role.policies;
    }
    const token = `hvs.${randomBytes(18).toString('base64url')}`;
    const state: TokenState = { namespace: ns, ttl: this.tokenTtl, expiresAt: Date.now() + this.tokenTtl * 1000, renewable: true, revoked: false, policies };
    this.tokens.set(token, state);
    this.issued.push(token);
    return [200, envelope({ auth: authBlock(token, state) })];
  }

  private lookup(token: string, s: TokenState) {
    const ttl = s.expiresAt === Infinity ? 0 : Math.max(0, Math.round((s.expiresAt - Date.now()) / 1000));
    return { accessor: `acc-${token.slice(-6)}`, creation_ttl: s.ttl, display_name: 'token', explicit_max_ttl: 0, id: token, meta: null, num_uses: 0, orphan: true, path: 'auth/token/create', policies: s.policies, renewable: s.renewable, ttl, type: 'service' };
  }

  /** Longest mount that prefixes the path: [mount key with trailing slash, version]. */
  private mountFor(fullPath: string): [string, 1 | 2] | null {
    let best: [string, 1 | 2] | null = null;
    for (const [m, v] of this.kvMounts) if (`${fullPath}/`.startsWith(m) && (!best || m.length > best[0].length)) best = [m, v];
    return best;
  }

  private readKv(fullPath: string): [number, unknown] {
    const mount = this.mountFor(fullPath);
    if (!mount) return [403, { errors: ['permission denied'] }];
    const [m, version] = mount;
    const rest = fullPath.slice(m.length);
    if (version === 1) {
      const data = this.kvData.get(m + rest);
      return data ? [200, envelope({ data, lease_duration: 2764800 })] : [404, { errors: [] }];
    }
    if (!rest.startsWith('data/')) return [404, { errors: [] }]; // KV v2 has no secrets outside data/ and metadata/
    const data = this.kvData.get(m + rest.slice('data/'.length));
    if (!data) return [404, { errors: [] }];
    const metadata = { created_time: new Date().toISOString(), custom_metadata: null, deletion_time: '', destroyed: false, version: 1 };
    return [200, envelope({ data: { data, metadata } })];
  }
}

function envelope(fields: Record<string, unknown>) {
  return { request_id: randomUUID(), lease_id: '', renewable: false, lease_duration: 0, data: null, wrap_info: null, warnings: null, auth: null, ...fields };
}

function authBlock(token: string, s: TokenState) {
  return { client_token: token, accessor: `acc-${token.slice(-6)}`, policies: s.policies, token_policies: s.policies, metadata: {}, lease_duration: s.ttl, renewable: s.renewable, entity_id: '', token_type: 'service', orphan: true };
}

function join(...parts: string[]): string {
  return parts.map((p) => p.replace(/^\/+|\/+$/g, '')).filter(Boolean).join('/');
}

function header(req: IncomingMessage, name: string): string | null {
  const v = req.headers[name];
  return typeof v === 'string' ? v : null;
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown> | null> {
  let text = '';
  for await (const chunk of req) text += chunk;
  if (!text) return null;
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    return null;
  }
}
