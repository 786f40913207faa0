/**
 * The lifecycle executor (seed: internal/lifecycle/executor.go): Build → Registry → Deploy → Release
 * for each app, several apps at once up to `concurrency`, with per-phase timings and a result that
 * keeps whatever each app got to before it failed.
 */
import type { DeployInput, Phase } from '../component/index.js';
import type { AppConfig, ProjectConfig, Stanza } from '../config/types.js';
import type { GitInfo } from '../config/git.js';
import type { Logger } from '../log/logger.js';
import type { Redactor } from '../secrets/redactor.js';
import { CancelledError, UserError, errorMessage } from '../errors.js';
import { loadComponent } from '../plugin/loader.js';
import type { AppContext } from './context.js';
import { deployableImage, emptyAppResult, type AppResult, type ArtifactsFile, type Command, type RunResult } from './result.js';
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
  git?: GitInfo;
  /** Called as each app finishes, so outputs can be set before a later app fails. */
  onAppDone?: (app: string, result: AppResult) => void;
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
  const result: RunResult = { project: req.config.project, command: req.command, ok: true, apps: {} };
  for (const app of apps) result.apps[app.name] = emptyAppResult();
  const git = req.git ?? readGitInfo(req.config.dir, req.env);
  const concurrency = Math.max(1, Math.min(req.concurrency ?? DEFAULT_CONCURRENCY, apps.length || 1));
  const queue = [...apps];

  const worker = async () => {
    for (let app = queue.shift(); app; app = queue.shift()) {
      const appResult = result.apps[app.name]!;
      const log = apps.length > 1 ? req.log.child(`[${app.name}]`) : req.log;
      const ctx = appContext(req, app, git, log);
      await runApp(req, app, ctx, appResult);
      req.onAppDone?.(app.name, req.redactor.redactValue(appResult));
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));

  result.ok = Object.values(result.apps).every((a) => a.ok);
  return req.redactor.redactValue(result);
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

async function runApp(req: RunRequest, app: AppConfig, ctx: AppContext, out: AppResult): Promise<void> {
  let phase: Phase = 'build';
  const timed = async <T>(p: Phase, stanza: Stanza, fn: () => Promise<T>): Promise<T> => {
    phase = p;
    if (req.signal.aborted) throw CancelledError.from(req.signal);
    const started = performance.now();
    try {
      return await ctx.log.group(`${app.name} · ${p} (${stanza.use})`, fn);
    } finally {
      out.timings_ms[p] = Math.round(performance.now() - started);
    }
  };

  try {
    switch (req.command) {
      case 'validate':
        break;
      case 'build':
        await buildAndPush(req, app, ctx, out, timed);
        break;
      case 'up':
        await buildAndPush(req, app, ctx, out, timed);
        await deployAndRelease(req, app, ctx, out, timed, deployInputFromResult(out));
        break;
      case 'deploy':
        await deployAndRelease(req, app, ctx, out, timed, deployInputFromRequest(req, app, ctx));
        break;
      case 'plan': {
        const input = deployInputFromRequest(req, app, ctx);
        const platform = await loadComponent('deploy', app.deploy);
        out.plan = await timed('deploy', app.deploy, () => platform.plan(ctx, input));
        ctx.log.info(`plan: ${out.plan.summary}`);
        break;
      }
      case 'destroy': {
        const platform = await loadComponent('deploy', app.deploy);
        await timed('deploy', app.deploy, () => platform.destroy(ctx));
        ctx.log.info(`destroyed ${app.name}`);
        break;
      }
      case 'status': {
        const platform = await loadComponent('deploy', app.deploy);
        out.deployment = await timed('deploy', app.deploy, () => platform.status(ctx));
        ctx.log.info(out.deployment ? `${out.deployment.name}: ${out.deployment.status} (${out.deployment.id})` : 'not deployed');
        break;
      }
    }
    out.ok = true;
  } catch (err) {
    out.ok = false;
    out.error = { phase, message: req.redactor.redact(errorMessage(err)) };
    ctx.log.error(`${phase} failed: ${out.error.message}`);
    if (!(err instanceof UserError)) ctx.log.debug(req.redactor.redact(err instanceof Error ? (err.stack ?? '') : ''));
  }
}

type Timed = <T>(p: Phase, stanza: Stanza, fn: () => Promise<T>) => Promise<T>;

async function buildAndPush(req: RunRequest, app: AppConfig, ctx: AppContext, out: AppResult, timed: Timed) {
  const builder = await loadComponent('build', app.build);
  const artifact = await timed('build', app.build, () => builder.build(ctx));
  out.artifact = artifact;
  ctx.log.info(`built ${artifact.image}:${artifact.tag}${artifact.imageId ? ` (${artifact.imageId})` : ''}`);
  if (app.registry && req.push !== false) {
    const registry = await loadComponent('registry', app.registry);
    out.registry = await timed('registry', app.registry, () => registry.push(ctx, artifact));
    ctx.log.info(`pushed ${out.registry.image}`);
  }
}

async function deployAndRelease(req: RunRequest, app: AppConfig, ctx: AppContext, out: AppResult, timed: Timed, input: DeployInput) {
  const platform = await loadComponent('deploy', app.deploy);
  const deployment = await timed('deploy', app.deploy, () => platform.deploy(ctx, input));
  out.deployment = deployment;
  ctx.log.info(`deployed ${input.image} → ${deployment.name} (${deployment.status}, id ${deployment.id})${deployment.url ? ` at ${deployment.url}` : ''}`);
  if (app.release && req.release !== false) {
    const manager = await loadComponent('release', app.release);
    out.release = await timed('release', app.release, () => manager.release(ctx, deployment));
    ctx.log.info(`released ${out.release.id} (${out.release.status})`);
  }
}

function deployInputFromResult(out: AppResult): DeployInput {
  // The pushed reference, not the local build, is what the platform must run.
  return { artifact: out.artifact, registry: out.registry, image: deployableImage(out.artifact, out.registry)! };
}

/** For `deploy` and `plan`: an explicit image, else the artifacts file, else what a build would produce. */
function deployInputFromRequest(req: RunRequest, app: AppConfig, ctx: AppContext): DeployInput {
  if (req.image) return { artifact: null, registry: null, image: req.image };
  if (req.artifacts) {
    const entry = req.artifacts[app.name];
    if (!entry) {
      throw new UserError(`the artifacts hold no entry for app "${app.name}"`, `they hold: ${Object.keys(req.artifacts).join(', ') || 'nothing'}; pass the output of a build of this app, or --image`);
    }
    const { registry = null, ...artifact } = entry;
    return { artifact, registry, image: deployableImage(artifact, registry)! };
  }
  if (req.command === 'deploy') {
    throw new UserError(`nothing to deploy for app "${app.name}"`, 'pass --artifacts FILE from `cs build --output FILE`, or --image REF; or run `cs up`');
  }
  return { artifact: null, registry: null, image: predictedImage(app, ctx) };
}

/** The reference a build would produce, so `plan` works before anything was built. */
function predictedImage(app: AppConfig, ctx: AppContext): string {
  const cfg = { ...app.build.config, ...(app.registry?.config ?? {}) } as { image?: string; name?: string; tag?: string };
  const repo = cfg.image ?? cfg.name ?? `${ctx.project}-${app.name}`;
  return `${repo}:${cfg.tag ?? (ctx.git.short_sha || 'latest')}`;
}

