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

/** Builders whose schema has a `dockerfile` field read `<context>/Dockerfile` by default. */
function takesDockerfile(use: string): boolean {
  const plugin = findPlugin(use);
  const schema = plugin && factoryFor(plugin, 'build')?.schema;
  return schema instanceof z.ZodObject && 'dockerfile' in schema.shape;
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
  if (typeof config.dockerfile === 'string') {
    const dockerfile = resolve(app.path, config.dockerfile);
    if (outside(root, dockerfile)) report(attributePath(ctx, stanza, use, 'dockerfile'), where('dockerfile'), dockerfile);
  } else if (takesDockerfile(use)) {
    const dockerfile = join(context, 'Dockerfile');
    if (outside(root, dockerfile)) report(stanza, where('Dockerfile'), dockerfile);
  }
}
