/**
 * The nomadpack platform: `nomad-pack run|plan|destroy` for the pack, then Nomad's HTTP API to follow
 * what the run started until it is healthy (whatever nomad-pack version printed the evaluation IDs).
 */
import type { Deployment, DeploymentStatus, DeployInput, Platform, PlanResult } from '../../component/index.js';
import { UserError } from '../../errors.js';
import type { AppContext } from '../../lifecycle/context.js';
import { NomadClient, type NomadConnection } from '../../nomad/client.js';
import type { NomadDeployment, Job } from '../../nomad/types.js';
import { registeredRollout, type Rollout, type RolloutWatcher } from '../../nomad/watch.js';
import { packArgs, PLAN_EXIT, splitVariables, type PackInvocation } from './args.js';
import { addRegistry, runNomadPack, supportsDetach, tail } from './cli.js';
import { resolveConnection } from './connection.js';
import { embeddedPackDir } from './embedded.js';
import { findPackJobs } from './jobs.js';
import { RunOutput, stripAnsi } from './output.js';
import type { NomadpackConfig } from './schema.js';
import { packSettings, type PackSettings } from './settings.js';
import { withinTimeout, type WatchTuning } from './timebox.js';
import { withVariablesFile } from './var-file.js';

export const PLATFORM = 'nomad';

/** nomad-pack run: 1 error or unsuccessful deployment, 2 placement failure, 255 render failure. */
const RUN_EXIT_CODES = [0, 1, 2, 255];
const PLAN_EXIT_CODES = Object.values(PLAN_EXIT);

interface Prepared {
  settings: PackSettings;
  conn: NomadConnection;
  client: NomadClient;
}

export class NomadPackPlatform implements Platform {
  private registryAdded: Promise<void> | null = null;
  private detach: Promise<boolean> | null = null;

  constructor(
    private readonly config: NomadpackConfig,
    private readonly tuning: WatchTuning = {},
  ) {}

  async deploy(ctx: AppContext, input: DeployInput): Promise<Deployment> {
    const p = this.prepare(ctx);
    const { deploymentName } = p.settings;
    const detach = await (this.detach ??= supportsDetach(ctx, p.conn));
    const rollouts = await this.withPack(ctx, p, (pack) => {
      ctx.log.info(`nomad-pack: deploying "${deploymentName}" from ${pack} with ${this.config.image_variable}=${input.image}`);
      return withinTimeout(ctx, p.client, this.config.timeout, `nomadpack deployment "${deploymentName}"`, this.tuning, (watcher, signal) =>
        this.runAndWatch(ctx, p, { pack, image: input.image, detach }, watcher, signal),
      );
    });
    return ctx.redactor.redactValue(this.deploymentResult(p.settings, input.image, rollouts));
  }

  async plan(ctx: AppContext, input: DeployInput): Promise<PlanResult> {
    const p = this.prepare(ctx);
    const { deploymentName } = p.settings;
    const result = await this.withPack(ctx, p, (pack) =>
      this.withInvocation(ctx, p.settings, pack, input.image, (inv) => runNomadPack(ctx, p.conn, packArgs('plan', inv), { okCodes: PLAN_EXIT_CODES })),
    );
    if (result.code === PLAN_EXIT.error) {
      throw new UserError(ctx.redactor.redact(`nomad-pack plan for "${deploymentName}" failed: ${tail(result)}`), 'check the pack, its variables and the Nomad connection');
    }
    const changes = result.code === PLAN_EXIT.makesChanges;
    const diff = ctx.redactor.redact(stripAnsi(result.stdout).trim()) || null;
    const summary = changes ? `nomad-pack: "${deploymentName}" would change (image ${input.image})` : `nomad-pack: "${deploymentName}" is up to date`;
    return { changes, summary, diff };
  }

  /**
   * What `nomad-pack destroy` (stop --purge) does, through Nomad's API: every job nomad-pack tagged with the
   * deployment name is stopped and purged. nomad-pack itself renders the pack first in recent releases, which
   * needs every variable (the image too) and then matches jobs by their rendered names; in older ones it
   * fails once another deployment of the same pack is listed first, and "no jobs found" where nothing runs.
   */
  async destroy(ctx: AppContext): Promise<boolean> {
    const { settings, client } = this.prepare(ctx);
    const jobs = await findPackJobs(client, settings.deploymentName, ctx.signal);
    for (const job of jobs) {
      await client.inNamespace(job.Namespace).deregisterJob(job.ID, true, ctx.signal);
      ctx.log.info(`nomad: stopped and purged job ${job.ID}${job.Namespace ? ` (namespace ${job.Namespace})` : ''}`);
    }
    if (jobs.length) ctx.log.info(`destroyed "${settings.deploymentName}"`);
    return jobs.length > 0;
  }

  async status(ctx: AppContext): Promise<Deployment | null> {
    const { settings, client } = this.prepare(ctx);
    const jobs = await findPackJobs(client, settings.deploymentName, ctx.signal);
    // nomad-pack stops (without purging) a job of the deployment the pack no longer renders: report a live one.
    const job = jobs.find((j) => !j.Stop) ?? jobs[0];
    if (!job) return null;
    const { value: latest } = await client.latestDeployment(job.ID, { signal: ctx.signal });
    return ctx.redactor.redactValue({
      id: latest?.ID ?? job.ID,
      platform: PLATFORM,
      name: settings.deploymentName,
      status: currentStatus(job, latest),
      url: null,
      details: {
        job_ids: jobs.map((j) => j.ID),
        job_status: job.Status,
        job_version: job.Version,
        deployment_status: latest?.Status ?? null,
        deployment_description: latest?.StatusDescription ?? null,
      },
    });
  }

  private prepare(ctx: AppContext): Prepared {
    // Secrets are registered before anything can print: settings add registry_token, connection nomad_token.
    const settings = packSettings(this.config, ctx);
    const conn = resolveConnection(this.config, ctx);
    return { settings, conn, client: new NomadClient(conn) };
  }

  /** Runs `use` with the pack location: the embedded pack's copy, or the named pack after `registry add`. */
  private async withPack<T>(ctx: AppContext, p: Prepared, use: (pack: string) => Promise<T>): Promise<T> {
    if (p.settings.embedded) return use(await embeddedPackDir(p.settings.embedded, ctx.env));
    const { registry, registryToken } = p.settings;
    if (registry) {
      this.registryAdded ??= addRegistry(ctx, p.conn, registry, registryToken, this.config.timeout);
      await this.registryAdded;
    }
    return use(p.settings.pack!);
  }

  /**
   * Runs `use` with the `run`/`plan` invocation: variables holding a secret go in a private variable file
   * that lasts only as long as `use`, the rest as `--var`. Split now, once every secret is registered.
   */
  private withInvocation<T>(ctx: AppContext, settings: PackSettings, pack: string, image: string, use: (inv: PackInvocation) => Promise<T>): Promise<T> {
    const variable = this.config.image_variable;
    const { [variable]: overridden, ...variables } = settings.base.variables;
    if (overridden !== undefined) ctx.log.warn(`nomadpack: variables.${variable} is ignored; the deployed image ${image} is passed as ${variable}`);
    const { plain, secret } = splitVariables(variables, (text) => ctx.redactor.holdsSecret(text));
    // --parser-v1 reads a dependency pack's variables from no file (parser_v1.go), only from --var.
    const dependency = settings.base.parserV1 && Object.keys(secret).find((name) => name.includes('.'));
    if (dependency) {
      throw new UserError(`nomadpack: variables."${dependency}" holds a secret, which goes to nomad-pack in a variable file, and parser_v1 reads no dependency pack's variable from one`, 'remove `parser_v1`');
    }
    return withVariablesFile(ctx, secret, (variablesFile) => use({ ...settings.base, pack, image: { variable, ref: image }, variables: plain, variablesFile }));
  }

  private async runAndWatch(ctx: AppContext, p: Prepared, run: { pack: string; image: string; detach: boolean }, watcher: RolloutWatcher, signal: AbortSignal): Promise<Rollout[]> {
    const { deploymentName } = p.settings;
    const output = new RunOutput();
    watcher.lastSeen = 'nomad-pack run was still running';
    const result = await this.withInvocation(ctx, p.settings, run.pack, run.image, (inv) =>
      runNomadPack(ctx, p.conn, packArgs('run', { ...inv, detach: run.detach }), { signal, okCodes: RUN_EXIT_CODES, onLine: (line) => output.add(line) }),
    );
    const failed = (what: string, hint?: string) =>
      new UserError(ctx.redactor.redact(`nomad-pack ${what} "${deploymentName}" (exit code ${result.code}): ${tail(result)}`), hint);
    if (result.code === 255) throw failed('could not render pack for', 'check the pack variables and variable files');

    const opts = { follow: this.config.wait || result.code !== 0, stopAtPromotion: true }; // a failed run is followed to say why
    const rollouts: Rollout[] = [];
    for (const job of output.jobs) {
      // nomad-pack prints no evaluation for periodic and parameterized jobs: Nomad creates none for them.
      rollouts.push(job.evaluationId ? await watcher.rollout(job.evaluationId, opts) : registeredRollout(job.jobId, null, null));
    }
    if (!output.jobs.length && result.code === 0) {
      // No IDs in the output (an unfamiliar nomad-pack version): find each job's evaluation through the API.
      const jobs = await findPackJobs(p.client, deploymentName, signal);
      for (const job of jobs) rollouts.push(await watcher.registeredJobRollout(job, opts));
    }
    if (result.code !== 0) throw failed('run failed for', result.code === 2 ? 'the scheduler could not place every allocation' : undefined);
    if (!rollouts.length) throw failed('registered no job for', 'check that the pack renders a job and that NOMAD_ADDR points at the cluster it ran against');
    return rollouts;
  }

  private deploymentResult(settings: PackSettings, image: string, rollouts: Rollout[]): Deployment {
    const first = rollouts[0]!;
    const awaiting = rollouts.some((r) => r.outcome === 'awaiting-promotion');
    // A registered periodic or parameterized job has nothing to roll out: done is all it can be.
    const status: DeploymentStatus = rollouts.every((r) => r.outcome === 'healthy' || r.outcome === 'registered') ? 'healthy' : 'pending';
    return {
      id: first.deploymentId ?? first.evaluationId ?? first.jobId,
      platform: PLATFORM,
      name: settings.deploymentName,
      status,
      url: null,
      details: {
        image,
        pack: settings.embedded ?? settings.pack,
        job_ids: rollouts.map((r) => r.jobId),
        evaluation_ids: rollouts.map((r) => r.evaluationId).filter(Boolean),
        deployment_ids: rollouts.map((r) => r.deploymentId).filter(Boolean),
        job_version: first.jobVersion,
        jobs: rollouts.map((r) => ({
          job_id: r.jobId,
          namespace: r.namespace,
          evaluation_id: r.evaluationId,
          deployment_id: r.deploymentId,
          job_version: r.jobVersion,
          outcome: r.outcome,
        })),
        awaiting_promotion: awaiting,
      },
    };
  }
}

function currentStatus(job: Job, latest: NomadDeployment | null): DeploymentStatus {
  if (job.Stop || job.Status === 'dead') return 'stopped';
  switch (latest?.Status) {
    case 'successful':
      return 'healthy';
    case 'failed':
    case 'cancelled':
      return 'unhealthy';
    case undefined:
      return job.Status === 'running' ? 'healthy' : job.Status === 'pending' ? 'pending' : 'unknown';
    default:
      return 'pending';
  }
}
