/**
 * Follows one job's rollout through Nomad's API until it is really healthy: evaluation → its
 * deployment (blocking queries) → terminal state, or the job's allocations when there is no
 * deployment (batch jobs). Failures name the task groups and what the unhealthy tasks reported; an
 * auto-revert is followed to its end and still reported as a failure. Every call about the job is
 * made in the job's own namespace, which a pack may choose instead of ours.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { UserError } from '../errors.js';
import type { Logger } from '../log/logger.js';
import type { BlockingOptions, Indexed, NomadClient } from './client.js';
import { allocationProblems, groupProgress, placementFailures, shortId, unhealthyGroups } from './describe.js';
import type { Allocation, Evaluation, Job, NomadDeployment } from './types.js';

export interface WatchSettings {
  client: NomadClient;
  log: Logger;
  /** Aborts every request: cancellation and the deploy's time budget. */
  signal: AbortSignal;
  /** Longest one blocking query is held; kept under fetch's 300s header timeout. */
  blockingWaitMs?: number;
  /** How long a failed deployment's auto-revert may take to show up as a new deployment. */
  rollbackAppearMs?: number;
}

/**
 * `started`: registered and scheduled, not followed (`wait = false`). `registered`: a periodic or
 * parameterized job, which Nomad registers without an evaluation — nothing runs until it is launched.
 */
export type RolloutOutcome = 'healthy' | 'awaiting-promotion' | 'started' | 'registered';

export interface RolloutOptions {
  /** Follow the deployment to its end; false stops once the evaluation is scheduled. */
  follow: boolean;
  /** Stop following once canaries are healthy and wait for promotion (the release phase's job). */
  stopAtPromotion: boolean;
}

export interface Rollout {
  jobId: string;
  /** Null when not known: a job nomad-pack registered without an evaluation. */
  namespace: string | null;
  evaluationId: string | null;
  deploymentId: string | null;
  jobVersion: number | null;
  outcome: RolloutOutcome;
}

export class RolloutError extends UserError {
  constructor(
    message: string,
    readonly deploymentId: string | null,
    hint?: string,
  ) {
    super(message, hint);
    this.name = 'RolloutError';
  }
}

const TERMINAL_EVAL = new Set(['complete', 'failed', 'canceled']);
const TERMINAL_DEPLOYMENT = new Set(['successful', 'failed', 'cancelled']);
const BATCH_TYPES = new Set(['batch', 'sysbatch']);
const DEFAULT_BLOCKING_WAIT_MS = 60_000;
const DEFAULT_ROLLBACK_APPEAR_MS = 15_000;
/** Least time between two requests of a blocking-query loop whose index did not advance. */
const POLL_INTERVAL_MS = 1_000;
/** Nomad's description when auto-revert kicks in: "… - rolling back to job version N". */
const ROLLING_BACK = /(?<!not )rolling back to job version (\d+)/;

export class RolloutWatcher {
  /** The last state seen, so a timeout can say where things stood. */
  lastSeen = 'waiting for the evaluation';
  /** What a timeout reports instead: the deploy's failure, while its auto-revert is still followed. */
  failureOnTimeout: RolloutError | null = null;
  private readonly blockingWaitMs: number;

  constructor(private readonly s: WatchSettings) {
    this.blockingWaitMs = s.blockingWaitMs ?? DEFAULT_BLOCKING_WAIT_MS;
  }

  /** Waits for the evaluation nomad-pack registered the job with, then for what it started. */
  async rollout(evaluationId: string, opts: RolloutOptions): Promise<Rollout> {
    const evaluation = await this.evaluation(evaluationId);
    const failed = placementFailures(evaluation.FailedTGAllocs ?? {});
    if (failed.length) {
      throw new RolloutError(
        `job "${evaluation.JobID}" could not be placed: ${failed.join('; ')}`,
        evaluation.DeploymentID || null,
        'free capacity or relax the constraints/resources in the pack variables',
      );
    }
    const client = this.s.client.inNamespace(evaluation.Namespace);
    return this.jobRollout(client, evaluation.JobID, evaluation.DeploymentID || null, evaluationId, opts);
  }

  /**
   * A job nomad-pack registered without printing its evaluation: follows the evaluation Nomad created
   * for the job's current version. Reading the job's latest deployment instead would race the
   * scheduler, which may not have created the new one yet.
   */
  async registeredJobRollout(job: Job, opts: RolloutOptions): Promise<Rollout> {
    if (job.Periodic || job.ParameterizedJob) return registeredRollout(job.ID, job.Namespace ?? null, job.Version);
    const client = this.s.client.inNamespace(job.Namespace);
    const { value: evaluations } = await client.jobEvaluations(job.ID, { signal: this.s.signal });
    const evaluation = evaluations
      .filter((e) => e.JobModifyIndex === job.JobModifyIndex)
      .sort((a, b) => (b.CreateIndex ?? 0) - (a.CreateIndex ?? 0))[0];
    if (!evaluation) throw new RolloutError(`Nomad has no evaluation for version ${job.Version} of job "${job.ID}"`, null, 'look at the job with `nomad job status`');
    return this.rollout(evaluation.ID, opts);
  }

  /** Follows a deployment to success (or to healthy canaries awaiting promotion); throws on failure. */
  async deploymentOutcome(deploymentId: string, opts: Pick<RolloutOptions, 'stopAtPromotion'>, namespace?: string): Promise<RolloutOutcome> {
    return this.outcomeOf(this.s.client.inNamespace(namespace), deploymentId, opts.stopAtPromotion);
  }

  /** A job's rollout once its evaluation is done: its deployment, else its allocations. */
  private async jobRollout(client: NomadClient, jobId: string, deploymentId: string | null, evaluationId: string | null, opts: RolloutOptions): Promise<Rollout> {
    const job = await client.job(jobId, { signal: this.s.signal });
    if (!job) throw new RolloutError(`job "${jobId}" is not in Nomad (was it stopped while being deployed?)`, deploymentId);
    const id = deploymentId ?? (await this.currentDeploymentId(client, job));
    const base = { jobId: job.ID, namespace: job.Namespace ?? null, evaluationId, deploymentId: id, jobVersion: job.Version };
    if (!opts.follow) return { ...base, outcome: 'started' };
    if (!id) {
      await this.allocations(client, job);
      return { ...base, outcome: 'healthy' };
    }
    return { ...base, outcome: await this.outcomeOf(client, id, opts.stopAtPromotion) };
  }

  private async outcomeOf(client: NomadClient, deploymentId: string, stopAtPromotion: boolean): Promise<RolloutOutcome> {
    const final = await this.follow(client, deploymentId, stopAtPromotion);
    if (final.Status === 'successful') return 'healthy';
    if (final.Status === 'running') return 'awaiting-promotion';
    throw await this.failure(client, final);
  }

  private async evaluation(id: string): Promise<Evaluation> {
    const next = this.changes((o) => this.s.client.evaluation(id, o));
    for (;;) {
      const evaluation = await next();
      this.lastSeen = `evaluation ${shortId(id)} ${evaluation.Status}`;
      if (TERMINAL_EVAL.has(evaluation.Status)) {
        // The scheduler may hand the work to a follow-up evaluation (e.g. after a failed attempt).
        if (evaluation.NextEval && evaluation.Status !== 'complete') return this.evaluation(evaluation.NextEval);
        return evaluation;
      }
    }
  }

  /** With an unchanged job spec Nomad starts no deployment; the current version's one still counts. */
  private async currentDeploymentId(client: NomadClient, job: Job): Promise<string | null> {
    if (BATCH_TYPES.has(job.Type)) return null;
    const { value: latest } = await client.latestDeployment(job.ID, { signal: this.s.signal });
    return latest && latest.JobVersion === job.Version ? latest.ID : null;
  }

  private async follow(client: NomadClient, id: string, stopAtPromotion: boolean): Promise<NomadDeployment> {
    const next = this.changes((o) => client.deployment(id, o));
    let shown = '';
    for (;;) {
      const d = await next();
      const line = `deployment ${shortId(id)} ${d.Status}: ${groupProgress(d)}`;
      this.lastSeen = line;
      if (line !== shown) this.s.log.info((shown = line));
      if (TERMINAL_DEPLOYMENT.has(d.Status)) return d;
      if (stopAtPromotion && awaitingPromotion(d)) {
        this.s.log.info(`deployment ${shortId(id)}: canaries healthy, waiting for promotion`);
        return d;
      }
    }
  }

  private async failure(client: NomadClient, d: NomadDeployment): Promise<RolloutError> {
    const { value: allocs } = await client.deploymentAllocations(d.ID, { signal: this.s.signal });
    const groups = unhealthyGroups(d);
    const parts = [
      `deployment ${shortId(d.ID)} of job "${d.JobID}" version ${d.JobVersion} ${d.Status}: ${d.StatusDescription || 'no description'}`,
      groups.length ? `task groups ${groups.map((g) => `"${g}"`).join(', ')} (${groupProgress(d)})` : groupProgress(d),
      ...allocationProblems(allocs),
    ];
    const error = (lines: string[]) => new RolloutError(lines.join('\n  '), d.ID, 'see the task events above; `nomad alloc status <id>` shows more');
    const revert = ROLLING_BACK.exec(d.StatusDescription);
    if (revert && Object.values(d.TaskGroups ?? {}).some((g) => g.AutoRevert)) {
      // Time may run out while the revert is followed; the deploy's own failure is still what to report.
      this.failureOnTimeout = error([...parts, `auto-revert to job version ${revert[1]} was still in progress when the timeout ran out`]);
      parts.push(await this.rollback(client, d, Number(revert[1])));
    }
    return error(parts);
  }

  /** Waits for the auto-revert's deployment and follows it; the result is part of the failure story. */
  private async rollback(client: NomadClient, failed: NomadDeployment, version: number): Promise<string> {
    this.s.log.warn(`deployment ${shortId(failed.ID)} failed; Nomad is rolling back to job version ${version}`);
    // Held here as well: a timeout referenced only by AbortSignal.any can be collected unfired on Node 20 (nodejs/node#57736).
    const appearTimeout = AbortSignal.timeout(this.s.rollbackAppearMs ?? DEFAULT_ROLLBACK_APPEAR_MS);
    const appear = AbortSignal.any([this.s.signal, appearTimeout]);
    const next = this.changes((o) => client.latestDeployment(failed.JobID, o), appear);
    let rollback: NomadDeployment | null = null;
    try {
      while (!rollback) {
        const value = await next();
        if (value && value.ID !== failed.ID) rollback = value;
      }
    } catch (err) {
      if (this.s.signal.aborted || !appearTimeout.aborted) throw err;
      return `auto-revert to job version ${version} started no deployment`;
    }
    const final = await this.follow(client, rollback.ID, false);
    return `auto-reverted to job version ${version}: rollback deployment ${shortId(rollback.ID)} ${final.Status}`;
  }

  /** No deployment (batch, or a service whose spec did not change): wait for this version's allocations. */
  private async allocations(client: NomadClient, job: Job): Promise<void> {
    const batch = BATCH_TYPES.has(job.Type);
    const settled = batch ? ['complete', 'failed', 'lost'] : ['running', 'complete', 'failed', 'lost'];
    const next = this.changes((o) => client.jobAllocations(job.ID, o));
    let shown = '';
    for (;;) {
      const value = await next();
      const current = value.filter((a) => a.JobVersion === undefined || a.JobVersion === job.Version);
      const line = `job "${job.ID}" allocations: ${countByStatus(current)}`;
      this.lastSeen = line;
      if (line !== shown) this.s.log.info((shown = line));
      if (current.length && current.every((a) => settled.includes(a.ClientStatus))) {
        const problems = allocationProblems(current);
        if (problems.length) throw new RolloutError(`job "${job.ID}" version ${job.Version} failed:\n  ${problems.join('\n  ')}`, null);
        return;
      }
    }
  }

  /**
   * Successive answers to one blocking query. Following Nomad's blocking-query guidance, an index that
   * went backwards starts over from 0, and an answer that did not advance it (no `X-Nomad-Index`, say
   * behind a proxy that strips it) did not block: the next request waits until POLL_INTERVAL_MS after
   * the last one, so such a server is polled instead of hammered. An advancing index never waits.
   */
  private changes<T>(query: (opts: BlockingOptions) => Promise<Indexed<T>>, signal = this.s.signal): () => Promise<T> {
    let index = 0;
    let notBefore = 0;
    return async () => {
      if (notBefore > Date.now()) await sleep(notBefore - Date.now(), undefined, { signal });
      const sent = Date.now();
      const { value, index: next } = await query({ index, waitMs: this.blockingWaitMs, signal });
      notBefore = next > index ? 0 : sent + POLL_INTERVAL_MS;
      index = next < index ? 0 : next;
      return value;
    };
  }
}

/**
 * The unpromoted canaries are all healthy and nothing will promote them: Nomad auto-promotes only
 * when every canary group has `auto_promote`, so one group without it leaves the promotion to us.
 */
function awaitingPromotion(d: NomadDeployment): boolean {
  const groups = Object.values(d.TaskGroups ?? {});
  const canaryGroups = groups.filter((g) => (g.DesiredCanaries ?? 0) > 0 && !g.Promoted);
  return canaryGroups.some((g) => !g.AutoPromote) && canaryGroups.every((g) => g.HealthyAllocs >= (g.DesiredCanaries ?? 0));
}

/** A periodic or parameterized job: registered, with nothing to follow until it is launched or dispatched. */
export function registeredRollout(jobId: string, namespace: string | null, jobVersion: number | null): Rollout {
  return { jobId, namespace, evaluationId: null, deploymentId: null, jobVersion, outcome: 'registered' };
}

function countByStatus(allocs: readonly Allocation[]): string {
  if (!allocs.length) return 'none yet';
  const counts = new Map<string, number>();
  for (const a of allocs) counts.set(a.ClientStatus, (counts.get(a.ClientStatus) ?? 0) + 1);
  return [...counts].map(([status, n]) => `${n} ${status}`).join(', ');
}
