/**
 * The docker image builder, shared with csdocker (which adds Vault secrets). Config → a build plan →
 * docker argv (pure, table-tested like build-push-action's getArgs) → one CLI run with live log → the
 * artifact read back from the engine.
 */
import { rmSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Artifact } from '../../component/index.js';
import { UserError } from '../../errors.js';
import { runCommand } from '../../exec/run.js';
import { refuseToolVariables } from '../../exec/tool-env.js';
import { onExit } from '../../lifecycle/on-exit.js';
import { isWithin } from '../../paths.js';
import type { AppContext } from '../../lifecycle/context.js';
import { defaultRepository } from '../../plugin/names.js';
import { SECRET_ID } from '../../plugin/schema.js';
import { builderEnv, detectDockerCli, type BuilderKind } from '../../docker/cli.js';
import { engine, preloadEngine } from '../../docker/engine.js';
import { prepareBuildCache, type LocalCacheArgs } from './cache.js';
import type { DockerBuildConfig } from './schema.js';

export interface BuildOptions {
  /** Reported as `artifact.builder` (csdocker passes its own name). */
  builder?: string;
  /** Secret id → value, mounted with `--secret` (BuildKit only); merged over `config.secrets`. */
  secrets?: Record<string, string>;
  /** Where `secrets` come from (e.g. `Vault`), named when one of their keys cannot be a secret id. */
  secretsFrom?: string;
  /** Extra build args, merged over `config.build_args`. */
  buildArgs?: Record<string, string>;
}

/** Everything that decides the docker argv; no I/O. */
export interface BuildInputs {
  kind: BuilderKind;
  context: string;
  dockerfile: string;
  tags: string[];
  buildArgs: Record<string, string>;
  /** Build args holding a secret, passed as `--build-arg NAME`: the CLI reads the value from its environment. */
  buildArgsByName?: readonly string[];
  labels: Record<string, string>;
  target?: string;
  platform?: string;
  noCache?: boolean;
  cacheFrom?: string[];
  /** Secret id → path of the file holding it. */
  secretFiles?: Record<string, string>;
  localCache?: LocalCacheArgs | null;
  iidfile: string;
}

export function buildArgs(i: BuildInputs): string[] {
  const args = i.kind === 'buildx' ? ['buildx', 'build', '--load'] : ['build'];
  // Plain progress keeps every RUN line in the log; BuildKit's default collapses them off a TTY. The legacy
  // builder runs each step in a container, and keeps the one that failed unless told (self-hosted runners fill up).
  if (i.kind !== 'legacy') args.push('--progress', 'plain');
  else args.push('--force-rm');
  args.push('--file', i.dockerfile);
  for (const tag of i.tags) args.push('--tag', tag);
  for (const [k, v] of Object.entries(i.buildArgs)) args.push('--build-arg', i.buildArgsByName?.includes(k) ? k : `${k}=${v}`);
  for (const [k, v] of Object.entries(i.labels)) args.push('--label', `${k}=${v}`);
  if (i.target) args.push('--target', i.target);
  if (i.platform) args.push('--platform', i.platform);
  if (i.noCache) args.push('--no-cache');
  for (const from of i.cacheFrom ?? []) args.push('--cache-from', from);
  if (i.localCache?.from) args.push('--cache-from', `type=local,src=${i.localCache.from}`);
  if (i.localCache) args.push('--cache-to', `type=local,dest=${i.localCache.to},mode=max`);
  for (const [id, src] of Object.entries(i.secretFiles ?? {})) args.push('--secret', `id=${id},src=${src}`);
  args.push('--iidfile', i.iidfile, i.context);
  return args;
}

/** What the config means for this app, before any I/O. */
export interface BuildPlan {
  image: string;
  tag: string;
  context: string;
  dockerfile: string;
  labels: Record<string, string>;
  buildArgs: Record<string, string>;
  secrets: Record<string, string>;
}

export function planBuild(ctx: AppContext, config: DockerBuildConfig, opts: BuildOptions = {}, now = new Date()): BuildPlan {
  const image = config.image ?? config.name ?? defaultRepository(ctx);
  const context = resolve(ctx.appPath, config.context ?? '.');
  const oci: Record<string, string> = { 'org.opencontainers.image.created': now.toISOString() };
  if (ctx.git.sha) oci['org.opencontainers.image.revision'] = ctx.git.sha;
  if (ctx.git.remote) oci['org.opencontainers.image.source'] = ctx.git.remote;
  return {
    image,
    tag: config.tag ?? (ctx.git.short_sha || 'latest'),
    context,
    // Like docker: Dockerfile in the context by default; an explicit one resolves against the app path.
    dockerfile: config.dockerfile ? resolve(ctx.appPath, config.dockerfile) : join(context, 'Dockerfile'),
    labels: { ...oci, ...ctx.labels, ...config.labels },
    buildArgs: { ...config.build_args, ...opts.buildArgs },
    secrets: { ...config.secrets, ...opts.secrets },
  };
}

/**
 * Labels and build args are stored in the image for anyone who can pull it. A label holding a sensitive
 * value always leaks (docker inspect): refused before building. `args` (the ones the user wrote) holding
 * one are returned, with a warning that says `where` they would be stored.
 */
export function checkImageExposure(ctx: AppContext, plan: BuildPlan, args: Record<string, string>, where: string): string[] {
  const label = Object.keys(plan.labels).find((k) => ctx.redactor.holdsSecret(plan.labels[k]!));
  if (label !== undefined) {
    throw new UserError(`label ${label} holds a sensitive value, and labels are stored in the image for anyone who can pull it`, SECRETS_HINT);
  }
  const exposed = Object.keys(args).filter((k) => ctx.redactor.holdsSecret(args[k]!));
  if (exposed.length) ctx.log.warn(`build args ${exposed.join(', ')} hold sensitive values: ${where}`);
  return exposed;
}

const SECRETS_HINT = 'pass secrets with `secrets` and read them with RUN --mount=type=secret,id=…, which stores nothing in the image';

/**
 * Build args whose value holds a secret (secrets_mode = "build_args", a sensitive variable): passed by name,
 * their values in the CLI's environment, as the argv of a running process is readable by every local user.
 */
function secretBuildArgs(ctx: AppContext, args: Record<string, string>): string[] {
  const names = Object.keys(args).filter((k) => ctx.redactor.holdsSecret(args[k]!));
  refuseToolVariables(names, 'the docker CLI', 'build arg');
  return names;
}

/**
 * A build arg the final stage uses is in the image history (`docker history`), which a multi-stage build
 * avoids: so the history is checked, and an image holding a sensitive value is removed and refused.
 */
async function refuseHistoryLeak(imageId: string, ref: string, args: Record<string, string>, names: string[]): Promise<void> {
  const docker = await engine();
  const history = await docker.getImage(imageId).history();
  const leaked = names.filter((name) => history.some((layer: { CreatedBy?: string }) => layer.CreatedBy?.includes(args[name]!)));
  if (leaked.length === 0) return;
  await docker.getImage(ref).remove({ force: true }).catch(() => undefined);
  throw new UserError(`build args ${leaked.join(', ')} put sensitive values in the image history, readable by anyone who can pull the image: ${ref} was removed`, SECRETS_HINT);
}

export async function dockerBuild(ctx: AppContext, config: DockerBuildConfig, opts: BuildOptions = {}): Promise<Artifact> {
  const plan = planBuild(ctx, config, opts);
  for (const value of Object.values(plan.secrets)) ctx.redactor.add(value);
  const exposed = checkImageExposure(ctx, plan, config.build_args ?? {}, 'the build fails if the final stage stores them in the image history');
  const byName = secretBuildArgs(ctx, plan.buildArgs);
  const secretIds = Object.keys(plan.secrets);
  // The config's own secret ids were checked with the config; keys from elsewhere (Vault) only arrive now.
  const bad = Object.keys(opts.secrets ?? {}).find((id) => !SECRET_ID.test(id));
  if (bad !== undefined) {
    throw new UserError(
      `${opts.secretsFrom ?? 'secret'} key "${bad}" is not a valid BuildKit secret id`,
      `secret ids use letters, digits, "_", "." and "-" (they are the id in RUN --mount=type=secret,id=…): rename the key${opts.secretsFrom ? ` in ${opts.secretsFrom}` : ''}`,
    );
  }

  const cli = await detectDockerCli(ctx.env);
  if (secretIds.length > 0 && cli.kind === 'legacy') {
    throw new UserError(
      `build secrets (${secretIds.join(', ')}) need BuildKit, but ${cli.path} has only the legacy builder`,
      'install the docker buildx plugin, or point CS_DOCKER_CLI at a docker CLI with BuildKit; secrets are never passed as build args',
    );
  }

  const ref = `${plan.image}:${plan.tag}`;
  const temp = ctx.env.RUNNER_TEMP || tmpdir();
  // Secret files in a directory inside the context would go into the image with `COPY . /app`.
  if (secretIds.length > 0 && isWithin(plan.context, temp)) {
    throw new UserError(`the temporary directory ${temp} is inside the build context ${plan.context}: a COPY would put the build secrets in the image`, 'set TMPDIR (or RUNNER_TEMP) to a directory outside the build context');
  }
  const work = await mkdtemp(join(temp, 'cs-build-'));
  const forget = onExit(() => rmSync(work, { recursive: true, force: true }));
  try {
    const secretFiles: Record<string, string> = {};
    for (const [id, value] of Object.entries(plan.secrets)) {
      secretFiles[id] = join(work, `secret-${id}`);
      await writeFile(secretFiles[id], value, { mode: 0o600, flag: 'wx' });
    }
    const cache = await prepareBuildCache(ctx, { cli, enabled: config.cache ?? ctx.inGitHubActions, dockerfile: plan.dockerfile, context: plan.context });
    const iidfile = join(work, 'iid');
    const argv = buildArgs({
      kind: cli.kind,
      context: plan.context,
      dockerfile: plan.dockerfile,
      tags: [ref],
      buildArgs: plan.buildArgs,
      buildArgsByName: byName,
      labels: plan.labels,
      target: config.target,
      platform: config.platform,
      noCache: config.no_cache,
      cacheFrom: config.cache_from,
      secretFiles,
      localCache: cache?.args,
      iidfile,
    });
    await ctx.log.group(`docker build ${ref} (${cli.kind})`, () => {
      const env = { ...builderEnv(cli, ctx.env), ...Object.fromEntries(byName.map((k) => [k, plan.buildArgs[k]!])) };
      const building = runCommand(cli.path, argv, { cwd: plan.context, env, signal: ctx.signal, log: ctx.log, redactor: ctx.redactor, stream: 'info' });
      preloadEngine();
      return building;
    });
    await cache?.save();
    const imageId = (await readFile(iidfile, 'utf8')).trim();
    if (exposed.length) await refuseHistoryLeak(imageId, ref, plan.buildArgs, exposed);
    return await artifactFromEngine(imageId, plan, opts.builder ?? 'docker');
  } finally {
    // Secret files go whatever happened: success, build failure or cancellation (an exit at once: the exit hook).
    await rm(work, { recursive: true, force: true });
    forget();
  }
}

/** The artifact as the engine sees the built image (shared by every builder that leaves an image there). */
export async function artifactFromEngine(imageId: string, plan: BuildPlan, builder: string): Promise<Artifact> {
  const info = await (await engine()).getImage(imageId).inspect();
  const ports = Object.keys(info.Config.ExposedPorts ?? {}).map((p) => Number.parseInt(p, 10)).filter(Number.isFinite);
  return { id: info.Id.replace(/^sha256:/, '').slice(0, 12), image: plan.image, tag: plan.tag, imageId: info.Id, labels: info.Config.Labels ?? {}, ports, builder };
}
