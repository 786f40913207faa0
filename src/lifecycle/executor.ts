/**
 * The lifecycle executor (seed: internal/lifecycle/executor.go): Build → Registry → Deploy → Release
 * for each app, several apps at once up to `concurrency`, with per-phase timings and a result that
 * keeps whatever each app got to before it failed.
 */
import type { Artifact, ComponentByPhase, DeployInput, Phase, PullAuth } from '../component/index.js';
import type { AppConfig, ProjectConfig, Stanza } from '../config/types.js';
import type { GitInfo } from '../config/git.js';
import type { Logger } from '../log/logger.js';
import type { Redactor } from '../secrets/redactor.js';
import { CancelledError, UserError, errorMessage } from '../errors.js';
import { loadComponent, prepareComponent } from '../plugin/loader.js';
import { defaultRepository } from '../plugin/names.js';
import { WORDS, type Surface } from '../config/surface.js';
import type { AppContext } from './context.js';
import { deployableImage, emptyAppResult, registryRefOf, type AppResult, type ArtifactsFile, type Command, type RunResult } from './result.js';
import { readGitInfo } from '../config/git.js';

export interface RunRequest {
  config: ProjectConfig;
  command: Command;
  /** App names to run; empty = every app. */
  apps?: string[];
  concurrency?: number;
  /** `build --no-push`: skip the registry phase. */
  push?: boolean;
  /** `deploy --no-release`: skip the release phase. */
  release?: boolean;
  /** Deploy from a previous build's artifacts instead of building. */
  artifacts?: ArtifactsFile;
  /** Deploy this image instead of building. */
  image?: string;
  log: Logger;
  redactor: Redactor;
  signal: AbortSignal;
  env: Readonly<Record<string, string | undefined>>;
  inGitHubActions?: boolean;
  /** Whose words a fix is given in (CLI flags or action inputs). */
  surface?: Surface;
  git?: GitInfo;
  /** Called as each app finishes, with the run's result so far, so outputs can be set before a later app fails. */
  onAppDone?: (app: string, result: AppResult, sofar: RunResult) => void;
  /** Where components come from; tests substitute their own. */
  load?: typeof loadComponent;
}

export const DEFAULT_CONCURRENCY = 4;

export function selectApps(config: ProjectConfig, names: readonly string[] = []): AppConfig[] {
  if (names.length === 0) return config.apps;
  const known = new Set(config.apps.map((a) => a.name));
  const unknown = names.filter((n) => !known.has(n));
  if (unknown.length) {
    throw new UserError(`unknown app ${unknown.map((n) => `"${n}"`).join(', ')}`, `apps in ${config.file}: ${[...known].join(', ')}`);
  }
  return config.apps.filter((a) => names.includes(a.name));
}

export async function runLifecycle(req: RunRequest): Promise<RunResult> {
  const apps = selectApps(req.config, req.apps);
  if (req.command === 'deploy' && req.image !== undefined && apps.length > 1) {
    // One image for several apps is nearly always a forgotten app selection, and would replace them all (plan only asks).
    const words = WORDS[req.surface ?? 'cli'];
    const names = apps.slice(0, 5).map((a) => a.name).join(', ') + (apps.length > 5 ? `, … ${apps.length - 5} more` : '');
    throw new UserError(`${words.image} names one image, and ${apps.length} apps are selected (${names})`, words.chooseApp);
  }
  const result: RunResult = { project: req.config.project, command: req.command, ok: true, apps: {} };
  for (const app of apps) result.apps[app.name] = emptyAppResult();
  if (builds(req.command)) for (const app of apps) prepareComponent('build', app.build, req.env);
  const git = req.git ?? (await readGitInfo(req.config.dir, req.env, req.signal));
  const concurrency = Math.max(1, Math.min(req.concurrency ?? DEFAULT_CONCURRENCY, apps.length || 1));
  const queue = [...apps];

  const worker = async () => {
    for (let app = queue.shift(); app; app = queue.shift()) {
      const appResult = result.apps[app.name]!;
      const log = apps.length > 1 ? req.log.child(`[${app.name}]`) : req.log;
      const ctx = appContext(req, app, git, log);
      await new AppRun(req, app, ctx, appResult).run();
      req.onAppDone?.(app.name, req.redactor.redactValue(appResult), req.redactor.redactValue({ ...result, ok: false }));
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));

  result.ok = Object.values(result.apps).every((a) => a.ok);
  return req.redactor.redactValue(result);
}

/** The phases a request runs for each app: whose stanzas must be usable (see Pending). */
export function phasesRun(req: Pick<RunRequest, 'command' | 'push' | 'release' | 'image'>): Phase[] {
  switch (req.command) {
    case 'validate':
      return [];
    case 'build':
      return req.push === false ? ['build'] : ['build', 'registry'];
    case 'up':
    case 'deploy': {
      // The registry's credentials also pull a pushed artifact onto the platform (not an --image, pulled as it is).
      const registry = req.command === 'up' || req.image === undefined;
      return [...(req.command === 'up' ? (['build'] as const) : []), ...(registry ? (['registry'] as const) : []), 'deploy', ...(req.release === false ? [] : (['release'] as const))];
    }
    default:
      // plan, destroy, status: one step of the deploy phase's component.
      return ['deploy'];
  }
}

/** The commands that run the build phase (and so prepare builders); the others start in deploy. */
function builds(command: Command): boolean {
  return command === 'up' || command === 'build';
}

function appContext(req: RunRequest, app: AppConfig, git: GitInfo, log: Logger): AppContext {
  return {
    project: req.config.project,
    app: app.name,
    workspace: req.config.dir,
    appPath: app.path,
    labels: { ...app.labels, 'cs.project': req.config.project, 'cs.app': app.name },
    git,
    vault: req.config.vault,
    log,
    redactor: req.redactor,
    signal: req.signal,
    env: req.env,
    inGitHubActions: req.inGitHubActions ?? false,
  };
}

/** Commands that are one step of the deploy phase's component. */
const OWN_STEP: readonly Command[] = ['plan', 'destroy', 'status'];

/** One app's way through the phases of one command, recording into its result as it goes. */
class AppRun {
  private phase: Phase = 'build';
  private readonly load: typeof loadComponent;

  constructor(
    private readonly req: RunRequest,
    private readonly app: AppConfig,
    private readonly ctx: AppContext,
    private readonly out: AppResult,
  ) {
    this.load = req.load ?? loadComponent;
  }

  async run(): Promise<void> {
    const { req, app, ctx, out } = this;
    // Commands that build nothing fail in deploy, also before its step starts (an artifacts entry missing).
    if (!builds(req.command)) this.phase = 'deploy';
    try {
      switch (req.command) {
        case 'validate':
          break;
        case 'build':
          await this.buildAndPush();
          break;
        case 'up':
          await this.buildAndPush();
          // The pushed reference, not the local build, is what the platform must run.
          await this.deployAndRelease({ artifact: out.artifact, registry: out.registry, image: deployableImage(out.artifact, out.registry)!, pullAuth: await this.pullAuth(out.artifact) });
          break;
        case 'deploy': {
          const input = deployInputFromRequest(req, app, ctx);
          // Record what is deployed before deploying, so the outputs (image, artifacts…) name it even if deploy fails.
          out.artifact = input.artifact;
          out.registry = input.registry ?? (req.image ? registryRefOf(req.image) : null);
          await this.deployAndRelease({ ...input, pullAuth: await this.pullAuth(input.artifact) });
          break;
        }
        case 'plan': {
          const input = deployInputFromRequest(req, app, ctx);
          out.plan = { ...(await this.step('deploy', app.deploy, (platform) => platform.plan(ctx, input))), image: input.image };
          ctx.log.info(`plan: ${out.plan.summary}`);
          break;
        }
        case 'destroy': {
          out.destroyed = await this.step('deploy', app.deploy, (platform) => platform.destroy(ctx));
          ctx.log.info(out.destroyed ? `destroyed ${app.name}` : `${app.name} was not deployed: nothing to destroy`);
          break;
        }
        case 'status': {
          out.deployment = await this.step('deploy', app.deploy, (platform) => platform.status(ctx));
          ctx.log.info(out.deployment ? `${out.deployment.name}: ${out.deployment.status} (${out.deployment.id})` : 'not deployed');
          break;
        }
      }
      out.ok = true;
    } catch (err) {
      out.ok = false;
      out.error = { phase: this.phase, message: req.redactor.redact(errorMessage(err)) };
      // plan, destroy and status run in the deploy phase (the result says so), but the log names what failed.
      const step = OWN_STEP.includes(req.command) ? req.command : this.phase;
      // A cancel is the run's one error (said once, by the CLI or the action), not one per app.
      if (err instanceof CancelledError) ctx.log.warn(`${step}: ${out.error.message}`);
      else ctx.log.error(`${step} failed: ${out.error.message}`);
      if (!(err instanceof UserError)) ctx.log.debug(err instanceof Error ? (err.stack ?? '') : '');
    }
  }

  /** Loads the phase's component and uses it, timed, in its own log group. */
  private async step<P extends Phase, T>(phase: P, stanza: Stanza, use: (component: ComponentByPhase[P]) => Promise<T>): Promise<T> {
    this.phase = phase;
    CancelledError.throwIfAborted(this.req.signal);
    const started = performance.now();
    try {
      // The run's logger: the title names the app; a plugin's own groups, through the app's, are headings under it.
      return await this.req.log.group(`${this.app.name} · ${phase} (${stanza.use})`, async () => use(await this.load(phase, stanza)));
    } finally {
      this.out.timings_ms[phase] = Math.round(performance.now() - started);
    }
  }

  /**
   * The registry stanza's credentials for where the artifact was pushed (or, for --image, where the stanza
   * pushes): a deploy on a fresh engine pulls with them.
   */
  private async pullAuth(artifact: Artifact | null): Promise<PullAuth | null> {
    const { app, req } = this;
    // deploy --image runs with the registry stanza pending (its credentials unset): it has none to give.
    if (!app.registry || req.config.pending?.some((p) => p.app === app.name && p.phase === 'registry')) return null;
    const registry = await this.load('registry', app.registry);
    return registry.pullAuth?.(this.ctx, artifact) ?? null;
  }

  private async buildAndPush(): Promise<void> {
    const { req, app, ctx, out } = this;
    const artifact = await this.step('build', app.build, (builder) => builder.build(ctx));
    out.artifact = artifact;
    ctx.log.info(`built ${artifact.image}:${artifact.tag}${artifact.imageId ? ` (${artifact.imageId})` : ''}`);
    if (app.registry && req.push !== false) {
      out.registry = await this.step('registry', app.registry, (registry) => registry.push(ctx, artifact));
      ctx.log.info(`pushed ${out.registry.image}`);
    }
  }

  private async deployAndRelease(input: DeployInput): Promise<void> {
    const { req, app, ctx, out } = this;
    const deployment = await this.step('deploy', app.deploy, (platform) => platform.deploy(ctx, input));
    out.deployment = deployment;
    ctx.log.info(`deployed ${input.image} → ${deployment.name} (${deployment.status}, id ${deployment.id})${deployment.url ? ` at ${deployment.url}` : ''}`);
    if (app.release && req.release !== false) {
      out.release = await this.step('release', app.release, (manager) => manager.release(ctx, deployment));
      ctx.log.info(`released ${out.release.id} (${out.release.status})`);
    }
  }
}

/** For `deploy` and `plan`: an explicit image, else the artifacts file, else what a build would produce. */
function deployInputFromRequest(req: RunRequest, app: AppConfig, ctx: AppContext): DeployInput {
  if (req.image) return { artifact: null, registry: null, image: req.image };
  if (req.artifacts) {
    const entry = req.artifacts[app.name];
    if (!entry) {
      throw new UserError(`the artifacts hold no entry for app "${app.name}"`, `they hold: ${Object.keys(req.artifacts).join(', ') || 'nothing'}; pass the output of a build of this app, or ${WORDS[req.surface ?? 'cli'].image}`);
    }
    const { registry = null, ...artifact } = entry;
    return { artifact, registry, image: deployableImage(artifact, registry)! };
  }
  if (req.command === 'deploy') {
    throw new UserError(`nothing to deploy for app "${app.name}"`, WORDS[req.surface ?? 'cli'].deploySource);
  }
  return { artifact: null, registry: null, image: predictedImage(app, ctx) };
}

/** The reference a build would produce, so `plan` works before anything was built. */
function predictedImage(app: AppConfig, ctx: AppContext): string {
  const cfg = { ...app.build.config, ...(app.registry?.config ?? {}) } as { image?: string; name?: string; tag?: string };
  const repo = cfg.image ?? cfg.name ?? defaultRepository(ctx);
  return `${repo}:${cfg.tag ?? (ctx.git.short_sha || 'latest')}`;
}

