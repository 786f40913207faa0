/**
 * Shared pieces of the fault, signal and canary suites: the committed bundles run as child processes
 * (awaited, or started and signalled), a registry front that can refuse, fail, stall, slow down or
 * swap credentials, a cuttable proxy to the engine's socket, and a docker project with a v1 already
 * serving, so every suite can check that a failed or cancelled v2 leaves it answering.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createConnection, createServer as createNetServer, type Server as NetServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { ACTION_BUNDLE, CLI_BUNDLE, parseOutputFile, runProcess, type ProcessRun } from '../helpers/bundle.js';
import { Cleanup, env as dockerEnv, httpGet, randomPort, uniqueName } from '../docker/support.js';

export { dockerEnv };

type Env = Record<string, string | undefined>;

/** The environment every child run starts from: nothing of the test process leaks in by accident. */
export function baseEnv(extra: Env = {}): Env {
  return { PATH: process.env.PATH, HOME: process.env.HOME, CS_DOCKER_CLI: dockerEnv.dockerCli, ...extra };
}

/** `cs` from the committed bundle, run to completion. */
export function cs(args: string[], cwd: string, env: Env = {}, timeout = 90_000): Promise<ProcessRun> {
  return runProcess(process.execPath, [CLI_BUNDLE, ...args], { cwd, env: baseEnv(env), timeout });
}

/** A child started from a bundle, whose output can be waited on, and which can be signalled. */
export class Started {
  stdout = '';
  stderr = '';
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; ms: number }>;
  private signalledAt = 0;

  constructor(readonly child: ChildProcess) {
    child.stdout!.setEncoding('utf8').on('data', (t: string) => (this.stdout += t));
    child.stderr!.setEncoding('utf8').on('data', (t: string) => (this.stderr += t));
    this.exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal, ms: Date.now() - this.signalledAt })));
  }

  get pid(): number {
    return this.child.pid!;
  }

  /** Resolves once stdout+stderr match; rejects when the child exits first or `ms` pass. */
  async waitFor(pattern: RegExp, ms = 60_000): Promise<void> {
    const until = Date.now() + ms;
    while (!pattern.test(this.stdout + this.stderr)) {
      if (this.child.exitCode !== null) throw new Error(`exited (${this.child.exitCode}) before ${pattern}:\n${this.stdout}\n${this.stderr}`);
      if (Date.now() > until) throw new Error(`no ${pattern} within ${ms} ms:\n${this.stdout}\n${this.stderr}`);
      await sleep(50);
    }
  }

  /** Sends the signal and starts the clock `exited.ms` measures. */
  kill(signal: NodeJS.Signals): void {
    this.signalledAt = Date.now();
    this.child.kill(signal);
  }
}

export function startCs(args: string[], cwd: string, env: Env): Started {
  return new Started(spawn(process.execPath, [CLI_BUNDLE, ...args], { cwd, env: baseEnv(env) as NodeJS.ProcessEnv, stdio: ['ignore', 'pipe', 'pipe'] }));
}

/** The runner's files for an action run: GITHUB_OUTPUT, the step summary and RUNNER_TEMP. */
export interface RunnerFiles {
  dir: string;
  output: string;
  summary: string;
  temp: string;
}

export function runnerFiles(): RunnerFiles {
  const dir = mkdtempSync(join(tmpdir(), 'cs-hardening-runner-'));
  const files = { dir, output: join(dir, 'output'), summary: join(dir, 'summary'), temp: join(dir, 'temp') };
  writeFileSync(files.output, '');
  writeFileSync(files.summary, '');
  mkdirSync(files.temp);
  return files;
}

/** The environment a runner gives the action: INPUT_* plus the GITHUB_* files. */
export function actionEnv(inputs: Record<string, string>, workspace: string, files: RunnerFiles, extra: Env = {}): Env {
  const env: Env = baseEnv({
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: workspace,
    GITHUB_OUTPUT: files.output,
    GITHUB_STEP_SUMMARY: files.summary,
    GITHUB_SHA: 'abcdef0123456789abcdef0123456789abcdef01',
    RUNNER_TEMP: files.temp,
    ...extra,
  });
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value;
  return env;
}

export function startAction(inputs: Record<string, string>, workspace: string, files: RunnerFiles, extra: Env = {}): Started {
  return new Started(spawn(process.execPath, [ACTION_BUNDLE], { cwd: workspace, env: actionEnv(inputs, workspace, files, extra) as NodeJS.ProcessEnv, stdio: ['ignore', 'pipe', 'pipe'] }));
}

export interface ActionOutcome extends ProcessRun {
  outputs: Record<string, string>;
  outputFile: string;
  summary: string;
}

export async function runActionIn(inputs: Record<string, string>, workspace: string, files: RunnerFiles, extra: Env = {}): Promise<ActionOutcome> {
  writeFileSync(files.output, '');
  writeFileSync(files.summary, '');
  const run = await runProcess(process.execPath, [ACTION_BUNDLE], { cwd: workspace, env: actionEnv(inputs, workspace, files, extra), timeout: 90_000 });
  const outputFile = readFileSync(files.output, 'utf8');
  return { ...run, outputs: parseOutputFile(outputFile), outputFile, summary: readFileSync(files.summary, 'utf8') };
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

export type RegistryMode = 'pass' | 'error500' | 'stall' | 'slow';

/**
 * An HTTP front for the test registry on 127.0.0.1 (the engine speaks plain HTTP to 127.0.0.0/8).
 * `pass` forwards everything, keeping the Host header so the registry's upload URLs point back here;
 * `slow` forwards after `delayMs` per request; `error500` answers manifest uploads with 500 itself (a
 * 500 on blob uploads would be retried by the engine for ~50 s per attempt, before cs sees it);
 * `stall` accepts and never answers. With `credentials`, the front accepts only that basic-auth
 * user/password and forwards with the real ones — so a canary password can be pushed with.
 */
export class RegistryFront {
  mode: RegistryMode = 'pass';
  delayMs = 0;
  readonly requests: string[] = [];
  private readonly stalled = new Set<ServerResponse>();

  private constructor(
    private readonly server: Server,
    readonly port: number,
    private readonly credentials: { username: string; password: string } | null,
  ) {}

  static async start(credentials: { username: string; password: string } | null = null): Promise<RegistryFront> {
    let front: RegistryFront | null = null;
    const server = createServer((req, res) => void front!.handle(req, res));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    front = new RegistryFront(server, (server.address() as AddressInfo).port, credentials);
    return front;
  }

  get host(): string {
    return `127.0.0.1:${this.port}`;
  }

  async close(): Promise<void> {
    for (const res of this.stalled) res.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((r) => this.server.close(() => r()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    this.requests.push(`${req.method} ${req.url}`);
    if (this.mode === 'stall') return void this.stalled.add(res);
    if (this.mode === 'error500' && req.method === 'PUT' && /\/manifests\//.test(req.url ?? '')) return void res.writeHead(500, { 'content-type': 'application/json' }).end('{"errors":[{"code":"UNKNOWN","message":"internal server error"}]}');
    if (this.mode === 'slow') await sleep(this.delayMs);
    const headers = { ...req.headers };
    if (this.credentials) {
      const expected = `Basic ${Buffer.from(`${this.credentials.username}:${this.credentials.password}`).toString('base64')}`;
      if (headers.authorization !== expected) {
        req.resume();
        return void res.writeHead(401, { 'www-authenticate': 'Basic realm="cs-front"', 'docker-distribution-api-version': 'registry/2.0' }).end();
      }
      headers.authorization = `Basic ${Buffer.from(`${dockerEnv.username}:${dockerEnv.password}`).toString('base64')}`;
    }
    const [host, port] = dockerEnv.registry.split(':');
    const upstream = request({ host, port: Number(port), method: req.method, path: req.url, headers }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  }
}

/** A unix socket in front of the engine's; `cut()` drops every connection and refuses new ones. */
export class EngineSocketProxy {
  private readonly sockets = new Set<Socket>();
  /** Requests whose first line matches get a 500 from the proxy instead of reaching the engine. */
  refuse: RegExp | null = null;
  /** The request lines refused so far. */
  readonly refused: string[] = [];
  private constructor(
    private readonly server: NetServer,
    readonly path: string,
  ) {}

  static async start(target = '/var/run/docker.sock'): Promise<EngineSocketProxy> {
    const path = join(mkdtempSync(join(tmpdir(), 'cs-engine-proxy-')), 'docker.sock');
    let proxy: EngineSocketProxy | null = null;
    const server = createNetServer((client) => {
      const upstream = createConnection(target);
      for (const s of [client, upstream]) {
        proxy!.sockets.add(s);
        s.on('close', () => proxy!.sockets.delete(s));
        s.on('error', () => undefined);
      }
      // Requests are not pipelined: a chunk that opens with a request line starts a request.
      client.on('data', (chunk: Buffer) => {
        const line = /^[A-Z]+ \S+ HTTP\/1\.[01]/.exec(chunk.toString('latin1', 0, 300))?.[0];
        if (line && proxy!.refuse?.test(line)) {
          proxy!.refused.push(line);
          const body = '{"message":"injected by the test proxy"}';
          return void client.write(`HTTP/1.1 500 Internal Server Error\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body}`);
        }
        upstream.write(chunk);
      });
      client.on('end', () => upstream.end());
      upstream.pipe(client);
    });
    await new Promise<void>((r) => server.listen(path, r));
    proxy = new EngineSocketProxy(server, path);
    return proxy;
  }

  get dockerHost(): string {
    return `unix://${this.path}`;
  }

  cut(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    return new Promise((r) => this.server.close(() => r()));
  }
}

/** A build context plus cloudstation.hcl in a fresh directory. */
export function workspace(cleanup: Cleanup, files: Record<string, string>): string {
  const dir = cleanup.dir(mkdtempSync(join(tmpdir(), 'cs-hardening-')));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

/**
 * Serves `/index.html` saying which version it is, on 8080. A `SLEEP` build arg makes the build take
 * that long; a new `NONCE` makes BuildKit run that step again instead of taking it from the cache.
 */
export function webDockerfile(): string {
  return [
    'ARG BASE',
    'FROM ${BASE}',
    'ARG VERSION=v1',
    'ARG SLEEP=0',
    'ARG NONCE=',
    'RUN --mount=type=secret,id=BUILD_TOKEN echo "${NONCE}" > /dev/null && sleep ${SLEEP} && mkdir -p /www && echo "version ${VERSION}" > /www/index.html',
    'CMD ["httpd", "-f", "-p", "8080", "-h", "/www"]',
    '',
  ].join('\n');
}

export interface WebProject {
  project: string;
  /** The registry repository (on the real registry), without tag. */
  repository: string;
  port: number;
  dir: string;
  url: string;
}

/**
 * A project whose app `web` builds with the docker builder, pushes to `registry` and runs on a host
 * port. Variables pick the version, the build's sleep, the registry host, the health path and the
 * sensitive build token (a BuildKit secret). With `vault`, the builder is csdocker and BUILD_TOKEN
 * comes from Vault (approle login from VAULT_ADDR / VAULT_ROLE_ID / VAULT_SECRET_ID, KV v2
 * `secret/data/web`), with a 1 s request timeout and one retry so Vault faults show quickly.
 */
export function webProject(cleanup: Cleanup, prefix: string, opts: { vault?: boolean } = {}): WebProject {
  const project = cleanup.project(uniqueName(prefix));
  const repository = `cs-test/${project}`;
  cleanup.image(`${dockerEnv.registry}/${repository}`);
  cleanup.image(`${project}-web`);
  const port = randomPort();
  const dir = workspace(cleanup, {
    Dockerfile: webDockerfile(),
    'cloudstation.hcl': `project = "${project}"
variable "version" {
  default = "v1"
}
variable "sleep" {
  default = "0"
}
variable "registry" {
  default = "${dockerEnv.registry}"
}
variable "nonce" {
  default = ""
}
variable "health" {
  default = "/"
}
variable "push_timeout" {
  default = "30m"
}
variable "build_token" {
  default   = "not-a-secret"
  sensitive = true
}
app "web" {
  build {
    use        = "${opts.vault ? 'csdocker' : 'docker'}"
    image      = "${project}-web"
    tag        = var.version
    build_args = { BASE = "${dockerEnv.baseImage}", VERSION = var.version, SLEEP = var.sleep, NONCE = var.nonce }
    secrets    = { BUILD_TOKEN = var.build_token }
${opts.vault ? VAULT_FIELDS : ''}  }
  registry {
    use      = "docker"
    registry     = var.registry
    image        = "${repository}"
    push_timeout = var.push_timeout
  }
  deploy {
    use          = "docker"
    ports        = ["${port}:8080"]
    healthcheck  = { path = var.health, interval = "500ms" }
    wait_timeout = "60s"
  }
}
`,
  });
  return { project, repository, port, dir, url: `http://127.0.0.1:${port}/` };
}

const VAULT_FIELDS = `    vault_address     = env("VAULT_ADDR")
    vault_auth_method = "approle"
    role_id           = env("VAULT_ROLE_ID")
    secret_id         = env("VAULT_SECRET_ID")
    secrets_path      = "secret/data/web"
    vault_timeout     = "1s"
    vault_max_retries = 1
`;

/** The registry env every docker run of a WebProject needs. */
export function registryEnv(): Env {
  return { REGISTRY_USERNAME: dockerEnv.username, REGISTRY_PASSWORD: dockerEnv.password };
}

/** Deploys v1 through `cs up` and checks it answers. */
export async function deployV1(p: WebProject, env: Env = registryEnv()): Promise<void> {
  const run = await cs(['up'], p.dir, env);
  if (run.code !== 0) throw new Error(`v1 deploy failed (${run.code}):\n${run.stderr}`);
  await expectServing(p, 'v1');
}

/** The app answers 200 with this version. */
export async function expectServing(p: WebProject, version: string): Promise<void> {
  const res = await httpGet(p.url);
  if (res.status !== 200 || res.body.trim() !== `version ${version}`) throw new Error(`${p.url} answered ${res.status} ${JSON.stringify(res.body)}, not version ${version}`);
}

/** Every file under `dir` (recursively), with its content; unreadable entries (sockets) are skipped. */
export function filesUnder(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  if (!existsSync(dir)) return out;
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const path = join(d, name);
      const st = statSync(path, { throwIfNoEntry: false });
      if (st?.isDirectory()) walk(path);
      else if (st?.isFile()) out[path] = readFileSync(path, 'latin1');
    }
  };
  walk(dir);
  return out;
}

/** A fresh value for the `nonce` variable: the slow build step really runs. */
export function nonce(): string {
  return uniqueName('n');
}

/** Processes whose command line contains `text` (ours excluded), as `pid command` lines. */
export function processesMatching(text: string, inEnvironment?: string): string[] {
  const out: string[] = [];
  for (const pid of readdirSync('/proc').filter((n) => /^\d+$/.test(n))) {
    if (Number(pid) === process.pid) continue;
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
      // Test files run in parallel: `inEnvironment` (a path only this test uses) tells its processes apart.
      if (cmd.includes(text) && (!inEnvironment || readFileSync(`/proc/${pid}/environ`, 'utf8').includes(inEnvironment))) out.push(`${pid} ${cmd}`);
    } catch {
      /* gone */
    }
  }
  return out;
}

/** Lines of a run that carry a stack frame. */
export function stackLines(text: string): string[] {
  return text.split('\n').filter((l) => /^\s+at .+\(.+:\d+:\d+\)$|^\s+at .+:\d+:\d+$/.test(l));
}
