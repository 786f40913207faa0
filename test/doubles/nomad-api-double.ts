/**
 * A double of Nomad's HTTP API, following the documented JSON (api-docs: jobs, evaluations,
 * deployments, deployment allocations, promote) and blocking queries (`?index=&wait=`,
 * `X-Nomad-Index`). A small scripted scheduler advances each registered job through the chosen
 * outcome one step every `stepMs`, so watches see real transitions quickly. As in Nomad:
 * - a job is registered in the request's `?namespace=`, else the job's `Namespace`, else "default"
 *   (command/agent/job_endpoint.go namespaceForJob); nomad-pack sends the namespace a pack's job
 *   declares. Job-scoped endpoints (`/v1/jobs`, `/v1/job/:id/…`) see only the request's namespace;
 *   evaluations, deployments and their allocations are found by ID from any namespace. (Job IDs are
 *   unique across namespaces here, which Nomad does not require.)
 * - registering a periodic or parameterized job creates no evaluation (`EvalID` "", nomad/job_endpoint.go
 *   Register); the job just waits for its launches.
 * - an evaluation records the `JobModifyIndex` of the registration that created it (nomad/fsm.go).
 * - promotion fails while a canary group has fewer healthy canaries than desired, with the multi-line
 *   rpc error Nomad answers (hashicorp/nomad#6407).
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';

export type Outcome = 'healthy' | 'failed' | 'auto-revert' | 'stuck' | 'placement' | 'canary' | 'batch';

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  token: string | null;
  /** `user:password` from an `Authorization: Basic` header. */
  basicAuth: string | null;
}

type Json = Record<string, any>;

interface Stored {
  CreateIndex: number;
  ModifyIndex: number;
}
type Job = Stored & Json & { ID: string; Version: number; Type: string };
type Evaluation = Stored & Json & { ID: string };
type Deployment = Stored & Json & { ID: string; JobID: string; TaskGroups: Record<string, Json> };
type Allocation = Stored & Json & { ID: string; JobID: string };

const DEFAULT_WAIT_MS = 5 * 60_000;

export class NomadApiDouble {
  /** What the scheduler does with the next registered job. */
  outcome: Outcome = 'healthy';
  /** What the scheduler does with an auto-revert's registration of the stable version. */
  revertOutcome: Outcome = 'healthy';
  /** Answer reads without `X-Nomad-Index`, as behind a proxy that strips it. */
  omitIndex = false;
  /** When true the scheduler waits for `step()` instead of its timer, for tests that watch each transition. */
  manual = false;
  /** Enforce ACLs: requests must carry this `X-Nomad-Token`. */
  requiredToken: string | null = null;
  readonly requests: RecordedRequest[] = [];
  readonly jobs = new Map<string, Job>();
  readonly evaluations = new Map<string, Evaluation>();
  readonly deployments = new Map<string, Deployment>();
  readonly allocations = new Map<string, Allocation>();
  /** Job versions as registered, for auto-revert. */
  private readonly history = new Map<string, Job[]>();
  private readonly tables = { jobs: 1, evals: 1, deployment: 1, allocs: 1 };
  private index = 1;
  private waiters = new Set<() => void>();
  private timers = new Set<NodeJS.Timeout>();
  private promotions = new Map<string, () => void>();
  private pendingSteps: Array<() => void> = [];

  private constructor(
    private readonly server: Server,
    readonly url: string,
    readonly stepMs: number,
  ) {}

  /** `tls`: serve https with this key and certificate, as a cluster with TLS enabled does. */
  static async start(opts: { stepMs?: number; tls?: { key: string; cert: string } } = {}): Promise<NomadApiDouble> {
    let double: NomadApiDouble | null = null;
    const handler = (req: IncomingMessage, res: ServerResponse) => void double!.handle(req, res);
    const server = opts.tls ? createHttpsServer(opts.tls, handler) : createServer(handler);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    double = new NomadApiDouble(server, `${opts.tls ? 'https' : 'http'}://127.0.0.1:${port}`, opts.stepMs ?? 15);
    return double;
  }

  async close(): Promise<void> {
    for (const t of this.timers) clearTimeout(t);
    for (const wake of this.waiters) wake();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Manual mode: runs the scheduler's next step; resolves once it has run. */
  async step(): Promise<void> {
    while (!this.pendingSteps.length) await new Promise((r) => setTimeout(r, 5));
    this.pendingSteps.shift()!();
    await new Promise((r) => setImmediate(r));
  }

  /** The deployment the double created most recently for a job. */
  latestDeployment(jobId: string): Deployment | null {
    return [...this.deployments.values()].filter((d) => d.JobID === jobId).sort((a, b) => b.CreateIndex - a.CreateIndex)[0] ?? null;
  }

  // ---- HTTP ----

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.url);
    const query = Object.fromEntries(url.searchParams);
    const token = (req.headers['x-nomad-token'] as string | undefined) ?? null;
    const basic = /^Basic (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    this.requests.push({ method: req.method ?? 'GET', path: url.pathname, query, token, basicAuth: basic ? Buffer.from(basic, 'base64').toString() : null });
    if (this.requiredToken && token !== this.requiredToken) return text(res, 403, 'Permission denied');
    const body = req.method === 'GET' ? null : await readJson(req);
    const route = this.route(req.method ?? 'GET', url.pathname.split('/').filter(Boolean).slice(1), body, query);
    if (!route) return text(res, 404, 'Invalid URL');
    if ('error' in route) return text(res, route.status, route.error);
    if ('write' in route) return json(res, route.write, this.index);
    await this.block(res, query, route.read);
  }

  private route(method: string, seg: string[], body: Json | null, query: Record<string, string>): Route | null {
    const [a, b, c] = seg;
    const namespace = query.namespace || 'default';
    const job = (id: string) => (this.jobs.get(id)?.Namespace === namespace ? this.jobs.get(id) : undefined);
    if (a === 'jobs' && (method === 'PUT' || method === 'POST')) return { write: this.register({ ...(body?.Job as Json), Namespace: query.namespace || body?.Job?.Namespace || 'default' }) };
    if (a === 'jobs' && method === 'GET') {
      return { read: () => [this.tables.jobs, [...this.jobs.values()].filter((j) => j.Namespace === namespace).map((j) => stub(j, query.meta === 'true'))] };
    }
    if (a === 'job' && b && !c && method === 'DELETE') return job(b) ? { write: this.deregister(b, query.purge === 'true') } : { status: 404, error: 'job not found' };
    if (a === 'job' && b && !c) return this.found(() => job(b), 'job not found');
    if (a === 'job' && b && c === 'deployment') return { read: () => [this.tables.deployment, job(b) ? this.latestDeployment(b) : null] };
    if (a === 'job' && b && c === 'allocations') return { read: () => [this.tables.allocs, job(b) ? this.allocsWhere((x) => x.JobID === b) : []] };
    if (a === 'job' && b && c === 'evaluations') return { read: () => [this.tables.evals, job(b) ? [...this.evaluations.values()].filter((e) => e.JobID === b) : []] };
    if (a === 'evaluation' && b && c === 'allocations') return { read: () => [this.tables.allocs, this.allocsWhere((x) => x.EvalID === b)] };
    if (a === 'evaluation' && b) return this.found(() => this.evaluations.get(b), 'eval not found');
    if (a === 'deployment' && b === 'allocations' && c) return { read: () => [this.tables.allocs, this.allocsWhere((x) => x.DeploymentID === c)] };
    if (a === 'deployment' && b === 'promote' && c && method !== 'GET') return this.promote(c);
    if (a === 'deployment' && b) return this.found(() => this.deployments.get(b), 'deployment not found');
    return null;
  }

  private found(get: () => Stored | undefined, missing: string): Route {
    return get() ? { read: () => [get()!.ModifyIndex, get()] } : { status: 404, error: missing };
  }

  /** Blocking query: hold the answer until its index passes `?index=` or `?wait=` runs out. */
  private async block(res: ServerResponse, query: Record<string, string>, read: () => [number, unknown]): Promise<void> {
    const wanted = Number(query.index ?? 0);
    const until = Date.now() + parseWait(query.wait);
    let closed = false;
    let wakeCurrent: (() => void) | null = null;
    res.on('close', () => {
      closed = true;
      wakeCurrent?.();
    });
    while (!closed && read()[0] <= wanted && Date.now() < until) {
      await new Promise<void>((wake) => {
        const done = () => {
          clearTimeout(timer);
          this.waiters.delete(done);
          wakeCurrent = null;
          wake();
        };
        const timer = setTimeout(done, until - Date.now());
        wakeCurrent = done;
        this.waiters.add(done);
      });
    }
    if (closed) return;
    const [index, value] = read();
    json(res, value, this.omitIndex ? null : index);
  }

  // ---- state changes ----

  private bump(table: keyof NomadApiDouble['tables'], obj?: Stored): number {
    this.index += 1;
    this.tables[table] = this.index;
    if (obj) obj.ModifyIndex = this.index;
    for (const wake of [...this.waiters]) wake();
    return this.index;
  }

  private create<T extends Stored>(table: keyof NomadApiDouble['tables'], map: Map<string, T>, obj: Omit<T, keyof Stored> & { ID: string }): T {
    const stored = { ...obj, CreateIndex: this.index + 1, ModifyIndex: 0 } as unknown as T;
    map.set(obj.ID, stored);
    this.bump(table, stored);
    return stored;
  }

  private update<T extends Stored>(table: keyof NomadApiDouble['tables'], obj: T, patch: Partial<T>): void {
    Object.assign(obj, patch);
    this.bump(table, obj);
  }

  private register(spec: Json, triggeredBy = 'job-register'): Json {
    const previous = this.jobs.get(spec.ID);
    // Periodic and parameterized jobs only run when launched or dispatched: Nomad evaluates nothing now.
    const onDemand = Boolean(spec.Periodic || spec.ParameterizedJob);
    // As Nomad's Job.Register (nomad/job_endpoint.go, SpecChanged): the same spec again is no new version and
    // starts no deployment; its evaluation completes with nothing to do.
    const unchanged = triggeredBy === 'job-register' && previous && !previous.Stop && Object.keys(spec).every((k) => JSON.stringify(spec[k]) === JSON.stringify((previous as Json)[k]));
    if (unchanged && !onDemand) {
      const evaluation = this.create('evals', this.evaluations, {
        ID: randomUUID(),
        Namespace: previous.Namespace,
        Priority: 50,
        Type: previous.Type,
        TriggeredBy: triggeredBy,
        JobID: previous.ID,
        JobModifyIndex: previous.JobModifyIndex,
        Status: 'complete',
        StatusDescription: '',
        DeploymentID: '',
        NextEval: '',
        BlockedEval: '',
        FailedTGAllocs: null,
      });
      return { EvalID: evaluation.ID, EvalCreateIndex: evaluation.CreateIndex, JobModifyIndex: previous.JobModifyIndex, Warnings: '', Index: this.index };
    }
    const version = previous ? previous.Version + 1 : 0;
    const job = this.create('jobs', this.jobs, {
      ...spec,
      ID: spec.ID,
      Name: spec.Name ?? spec.ID,
      Namespace: spec.Namespace ?? 'default',
      Type: spec.Type ?? 'service',
      Version: version,
      Status: onDemand ? 'running' : 'pending',
      Stop: false,
      Stable: false,
      JobModifyIndex: this.index + 1,
    });
    this.history.set(job.ID, [...(this.history.get(job.ID) ?? []), structuredClone(job)]);
    if (onDemand) return { EvalID: '', EvalCreateIndex: 0, JobModifyIndex: job.ModifyIndex, Warnings: '', Index: this.index };
    const evaluation = this.create('evals', this.evaluations, {
      ID: randomUUID(),
      Namespace: job.Namespace,
      Priority: 50,
      Type: job.Type,
      TriggeredBy: triggeredBy,
      JobID: job.ID,
      JobModifyIndex: job.ModifyIndex,
      Status: 'pending',
      StatusDescription: '',
      DeploymentID: '',
      NextEval: '',
      BlockedEval: '',
      FailedTGAllocs: null,
    });
    const outcome = triggeredBy === 'job-register' ? (job.Type === 'batch' ? 'batch' : this.outcome) : this.revertOutcome;
    this.schedule(job, evaluation, outcome);
    return { EvalID: evaluation.ID, EvalCreateIndex: evaluation.CreateIndex, JobModifyIndex: job.ModifyIndex, Warnings: '', Index: this.index };
  }

  private deregister(jobId: string, purge: boolean): Json {
    const job = this.jobs.get(jobId)!;
    if (purge) {
      this.jobs.delete(jobId);
      this.bump('jobs');
    } else this.update('jobs', job, { Stop: true, Status: 'dead' });
    return { EvalID: randomUUID(), EvalCreateIndex: this.index, JobModifyIndex: this.index, Index: this.index };
  }

  private promote(id: string): Route {
    const d = this.deployments.get(id);
    if (!d) return { status: 404, error: 'deployment not found' };
    if (!Object.values(d.TaskGroups).some((g) => g.DesiredCanaries > 0)) return { status: 500, error: 'no canaries to promote' };
    const unhealthy = Object.entries(d.TaskGroups)
      .filter(([, g]) => g.DesiredCanaries > 0 && !g.Promoted && g.HealthyAllocs < g.DesiredCanaries)
      .map(([name, g]) => `\t* Task group "${name}" has ${g.HealthyAllocs}/${g.DesiredCanaries} healthy allocations`);
    if (unhealthy.length) return { status: 500, error: `rpc error: ${unhealthy.length} error${unhealthy.length > 1 ? 's' : ''} occurred:\n${unhealthy.join('\n')}\n\n` };
    for (const g of Object.values(d.TaskGroups)) g.Promoted = true;
    this.update('deployment', d, { StatusDescription: 'Deployment is running' });
    this.promotions.get(id)?.();
    return { write: { EvalID: randomUUID(), EvalCreateIndex: this.index, DeploymentModifyIndex: this.index, Index: this.index } };
  }

  // ---- the scripted scheduler ----

  private schedule(job: Job, evaluation: Evaluation, outcome: Outcome): void {
    const group = (job.TaskGroups?.[0]?.Name as string | undefined) ?? 'app';
    const count = (job.TaskGroups?.[0]?.Count as number | undefined) ?? 1;
    const steps: Array<() => void | Promise<void>> = [];
    const later = (fn: () => void) => steps.push(fn);

    if (outcome === 'placement') {
      later(() =>
        this.update('evals', evaluation, {
          Status: 'complete',
          BlockedEval: randomUUID(),
          FailedTGAllocs: {
            [group]: { NodesEvaluated: 1, NodesFiltered: 0, NodesAvailable: { dc1: 1 }, NodesExhausted: 1, DimensionExhausted: { memory: 1 }, CoalescedFailures: count - 1 },
          },
        }),
      );
      return this.play(steps);
    }
    if (outcome === 'batch') {
      later(() => this.update('evals', evaluation, { Status: 'complete' }));
      const allocs: Allocation[] = [];
      later(() => allocs.push(...this.place(job, evaluation, group, count, null)));
      later(() => allocs.forEach((x) => this.update('allocs', x, { ClientStatus: 'running' })));
      later(() => allocs.forEach((x) => this.update('allocs', x, { ClientStatus: 'complete' })));
      later(() => this.update('jobs', job, { Status: 'dead' }));
      return this.play(steps);
    }

    const canaries = outcome === 'canary' ? 1 : 0;
    const autoRevert = outcome === 'auto-revert';
    let d!: Deployment;
    later(() => {
      d = this.create('deployment', this.deployments, {
        ID: randomUUID(),
        Namespace: job.Namespace,
        JobID: job.ID,
        JobVersion: job.Version,
        JobModifyIndex: job.ModifyIndex,
        JobSpecModifyIndex: job.ModifyIndex,
        JobCreateIndex: job.CreateIndex,
        IsMultiregion: false,
        TaskGroups: {
          [group]: {
            AutoPromote: false,
            AutoRevert: autoRevert,
            Promoted: false,
            DesiredCanaries: canaries,
            DesiredTotal: count,
            PlacedCanaries: null,
            PlacedAllocs: 0,
            HealthyAllocs: 0,
            UnhealthyAllocs: 0,
            ProgressDeadline: 600_000_000_000,
            RequireProgressBy: null,
          },
        },
        Status: 'running',
        StatusDescription: 'Deployment is running',
      });
      this.update('evals', evaluation, { Status: 'complete', DeploymentID: d.ID });
      this.update('jobs', job, { Status: 'running' });
    });
    const tg = () => d.TaskGroups[group]!;
    const allocs: Allocation[] = [];
    const placeAndRun = (n: number) => {
      later(() => {
        const placed = this.place(job, evaluation, group, n, d.ID);
        allocs.push(...placed);
        if (canaries && !tg().Promoted) tg().PlacedCanaries = placed.map((x) => x.ID);
        this.update('deployment', d, { TaskGroups: { [group]: { ...tg(), PlacedAllocs: tg().PlacedAllocs + n } } });
      });
      later(() => allocs.forEach((x) => this.update('allocs', x, { ClientStatus: 'running' })));
    };

    if (outcome === 'canary') {
      placeAndRun(1);
      later(() => {
        this.healthy(allocs);
        this.update('deployment', d, { StatusDescription: 'Deployment is running but requires manual promotion', TaskGroups: { [group]: { ...tg(), HealthyAllocs: 1 } } });
      });
      // Waits for the promote call, unless it came already (cs may promote within a step of the canary turning healthy).
      later(() => (tg().Promoted ? undefined : new Promise<void>((promoted) => this.promotions.set(d.ID, promoted))));
      placeAndRun(count - 1); // the promoted canary counts towards the total
      later(() => {
        this.healthy(allocs);
        this.update('deployment', d, { TaskGroups: { [group]: { ...tg(), HealthyAllocs: count } } });
      });
      later(() => this.finish(job, d, 'successful', 'Deployment completed successfully'));
      return this.play(steps);
    }

    placeAndRun(count);
    if (outcome === 'stuck') return this.play(steps);
    if (outcome === 'healthy') {
      later(() => {
        this.healthy(allocs);
        this.update('deployment', d, { TaskGroups: { [group]: { ...tg(), HealthyAllocs: count } } });
      });
      later(() => this.finish(job, d, 'successful', 'Deployment completed successfully'));
      return this.play(steps);
    }
    // failed / auto-revert: the tasks cannot start, the allocations turn unhealthy.
    later(() => {
      for (const x of allocs) this.update('allocs', x, unhealthy(job));
      this.update('deployment', d, { TaskGroups: { [group]: { ...tg(), UnhealthyAllocs: count } } });
    });
    later(() => {
      const stable = (this.history.get(job.ID) ?? []).filter((v) => v.Version < job.Version && v.Stable).at(-1);
      const description = !autoRevert
        ? 'Failed due to unhealthy allocations'
        : stable
          ? `Failed due to unhealthy allocations - rolling back to job version ${stable.Version}`
          : 'Failed due to unhealthy allocations - no stable job version to auto revert to';
      this.finish(job, d, 'failed', description);
      if (autoRevert && stable) {
        const { CreateIndex: _c, ModifyIndex: _m, Version: _v, Status: _s, Stable: _st, JobModifyIndex: _j, ...spec } = stable;
        this.register(spec as Json, 'job-register-rollback');
      }
    });
    this.play(steps);
  }

  private place(job: Job, evaluation: Evaluation, group: string, n: number, deploymentId: string | null): Allocation[] {
    return Array.from({ length: n }, (_, i) =>
      this.create('allocs', this.allocations, {
        ID: randomUUID(),
        Namespace: job.Namespace,
        EvalID: evaluation.ID,
        Name: `${job.ID}.${group}[${i}]`,
        NodeID: 'f0a4b8c2-0000-4000-8000-000000000001',
        JobID: job.ID,
        JobVersion: job.Version,
        TaskGroup: group,
        DeploymentID: deploymentId ?? '',
        DesiredStatus: 'run',
        DesiredDescription: '',
        ClientStatus: 'pending',
        ClientDescription: '',
        DeploymentStatus: null,
        TaskStates: { app: { State: 'pending', Failed: false, Events: [event('Received', 'Task received by client')] } },
      }),
    );
  }

  private healthy(allocs: Allocation[]): void {
    for (const x of allocs) if (!x.DeploymentStatus) this.update('allocs', x, { DeploymentStatus: { Healthy: true, Canary: false } });
  }

  private finish(job: Job, d: Deployment, status: string, description: string): void {
    this.update('deployment', d, { Status: status, StatusDescription: description });
    if (status === 'successful') {
      this.update('jobs', job, { Stable: true });
      const versions = this.history.get(job.ID) ?? [];
      const v = versions.find((x) => x.Version === job.Version);
      if (v) v.Stable = true;
    }
  }

  private allocsWhere(pred: (a: Allocation) => boolean): Allocation[] {
    return [...this.allocations.values()].filter(pred);
  }

  /** Runs the steps one `stepMs` apart (or one per `step()` in manual mode); a step may wait for promotion. */
  private play(steps: Array<() => void | Promise<void>>): void {
    const next = async (i: number) => {
      if (i >= steps.length) return;
      await new Promise<void>((go) => {
        if (this.manual) return void this.pendingSteps.push(go);
        const timer = setTimeout(() => (this.timers.delete(timer), go()), this.stepMs);
        this.timers.add(timer);
      });
      await steps[i]!();
      void next(i + 1);
    };
    void next(0);
  }
}

type Route = { read: () => [number, unknown] } | { write: unknown } | { status: number; error: string };

function stub(j: Job, meta: boolean): Json {
  const { ID, Name, Namespace, Type, Status, Stop, Priority, CreateIndex, ModifyIndex, JobModifyIndex, Meta } = j;
  return { ID, Name, Namespace, Type, Status, Stop, Priority: Priority ?? 50, CreateIndex, ModifyIndex, JobModifyIndex, ...(meta ? { Meta: Meta ?? null } : {}) };
}

function unhealthy(job: Job): Json {
  const image = job.TaskGroups?.[0]?.Tasks?.[0]?.Config?.image ?? 'unknown';
  return {
    ClientStatus: 'failed',
    DeploymentStatus: { Healthy: false, Canary: false },
    TaskStates: {
      app: {
        State: 'dead',
        Failed: true,
        Events: [
          event('Received', 'Task received by client'),
          event('Task Setup', 'Building Task Directory'),
          { ...event('Driver Failure', `Failed to pull \`${image}\`: manifest unknown`), DriverError: `failed to pull image "${image}": manifest unknown`, FailsTask: true },
          { ...event('Not Restarting', 'Error was unrecoverable'), FailsTask: true },
        ],
      },
    },
  };
}

function event(type: string, display: string): Json {
  return { Type: type, Time: Date.now() * 1e6, DisplayMessage: display, Message: '', DriverError: '', FailsTask: false, ExitCode: 0, Signal: 0 };
}

function parseWait(wait: string | undefined): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m)$/.exec(wait ?? '');
  if (!m) return DEFAULT_WAIT_MS;
  return Number(m[1]) * { ms: 1, s: 1000, m: 60_000 }[m[2] as 'ms' | 's' | 'm'];
}

async function readJson(req: IncomingMessage): Promise<Json | null> {
  let raw = '';
  for await (const chunk of req) raw += chunk;
  return raw ? (JSON.parse(raw) as Json) : null;
}

function json(res: ServerResponse, value: unknown, index: number | null): void {
  res.writeHead(200, { 'content-type': 'application/json', ...(index === null ? {} : { 'x-nomad-index': String(index) }), 'x-nomad-knownleader': 'true' });
  res.end(JSON.stringify(value));
}

function text(res: ServerResponse, status: number, message: string): void {
  res.writeHead(status, { 'content-type': 'text/plain' });
  res.end(message);
}
