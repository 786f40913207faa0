/**
 * Build inputs come from the project: an app `path`, a build `context` or a `dockerfile` that resolves
 * (symlinks included) outside the project root would hand other files — `/`, a home directory, the
 * runner's secrets — to the builder. Each is a config error at the attribute. The root is the checkout
 * (GITHUB_WORKSPACE, else the enclosing git work tree), so a config in `deploy/` may build `../web`;
 * outside any checkout it is the config file's directory.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { z } from 'zod';
import { factoryFor, findPlugin } from '../plugin/registry.js';
import { isWithin, real } from '../paths.js';
import type { Path } from './positions.js';
import type { AppConfig } from './types.js';
import type { LoadContext } from './validate.js';
import { ConfigError } from '../errors.js';

/** Whether the builder's schema has the field: `context` (it reads files), `dockerfile` (`<context>/Dockerfile` by default). */
function builderHas(use: string, field: 'context' | 'dockerfile'): boolean {
  const plugin = findPlugin(use);
  const schema = plugin && factoryFor(plugin, 'build')?.schema;
  return schema instanceof z.ZodObject && field in schema.shape;
}

export function projectRoot(configDir: string, env: Readonly<Record<string, string | undefined>>): string {
  const dir = real(configDir);
  const workspace = env.GITHUB_WORKSPACE && real(resolve(env.GITHUB_WORKSPACE));
  if (workspace && !outside(workspace, dir)) return workspace;
  for (let d = dir; ; d = dirname(d)) {
    if (existsSync(join(d, '.git'))) return d;
    if (dirname(d) === d) return dir;
  }
}

function outside(root: string, target: string): boolean {
  return !isWithin(root, target);
}

/** The attribute's path in the document, in the flat (`use = "docker"`) or block (`use "docker" { … }`) form. */
function attributePath(ctx: LoadContext, stanza: Path, use: string, key: string): Path {
  const flat = [...stanza, key];
  return ctx.problems.index.find(flat) ? flat : [...stanza, 'use', use, key];
}

export function checkInsideProject(app: AppConfig, root: string, appPath: Path, ctx: LoadContext): void {
  const hint = `build inputs must be inside ${root}, the project's checkout (or the config file's directory outside one); move them there`;
  const report = (path: Path, what: string, target: string) =>
    ctx.problems.at(path, `${what} leaves the project directory: it resolves to ${real(target)}`, hint);

  if (outside(root, app.path)) return report([...appPath, 'path'], `"path" in app "${app.name}"`, app.path);
  const { config, use } = app.build;
  const stanza = [...appPath, 'build'];
  const where = (field: string) => `"${field}" in the build stanza (plugin "${use}")`;
  const context = resolve(app.path, typeof config.context === 'string' ? config.context : '.');
  if (outside(root, context)) return report(attributePath(ctx, stanza, use, 'context'), where('context'), context);
  const explicit = typeof config.dockerfile === 'string';
  const dockerfile = explicit ? resolve(app.path, config.dockerfile as string) : builderHas(use, 'dockerfile') ? join(context, 'Dockerfile') : null;
  const dockerfileAt = explicit ? attributePath(ctx, stanza, use, 'dockerfile') : stanza;
  if (dockerfile && outside(root, dockerfile)) return report(dockerfileAt, where(explicit ? 'dockerfile' : 'Dockerfile'), dockerfile);
  if (builderHas(use, 'context')) checkBuildInputsExist(app, { appPath, context, contextAt: attributePath(ctx, stanza, use, 'context'), dockerfile, dockerfileAt, explicit, where }, ctx);
}

/**
 * A missing app path, context or Dockerfile fails the build, and only the build: a deploy of what an earlier
 * job built does not read them. So it is pending (`validate` warns), not an error of the config.
 */
function checkBuildInputsExist(
  app: AppConfig,
  at: { appPath: Path; context: string; contextAt: Path; dockerfile: string | null; dockerfileAt: Path; explicit: boolean; where: (field: string) => string },
  ctx: LoadContext,
): void {
  const pending = (path: Path, message: string, hint: string): void => {
    ctx.pending.push({ app: app.name, phase: 'build', error: new ConfigError(message, ctx.problems.pos(path), hint) });
  };
  if (!existsSync(app.path)) return pending([...at.appPath, 'path'], `"path" in app "${app.name}": ${app.path} does not exist`, "an app's path is relative to the config file's directory");
  if (!existsSync(at.context)) return pending(at.contextAt, `${at.where('context')}: ${at.context} does not exist`, "the context is relative to the app's path");
  if (!at.dockerfile || existsSync(at.dockerfile)) return;
  if (at.explicit) pending(at.dockerfileAt, `${at.where('dockerfile')}: ${at.dockerfile} does not exist`, "the dockerfile is relative to the app's path, not to the context");
  else pending(at.dockerfileAt, `the build context ${at.context} has no Dockerfile`, 'add one, point to it with dockerfile = "…", or build with nixpacks, which needs none');
}
