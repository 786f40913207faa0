/** cloudstation.hcl → ProjectConfig: parse, resolve variables, interpolate, validate; all problems at once. */
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { z } from 'zod';
import { PHASES, type Phase } from '../component/index.js';
import { ConfigError, ConfigErrors, type SourcePos } from '../errors.js';
import { stringMap } from '../plugin/schema.js';
import { factoryFor, findPlugin } from '../plugin/registry.js';
import { readGitInfo } from './git.js';
import { Interpolator, type Scope } from './interpolate.js';
import { normalizeSource, parseDocument } from './parse.js';
import { Problems } from './problems.js';
import { resolveStanza } from './stanza.js';
import { closest, didYouMean, nonAscii } from './suggest.js';
import type { AppConfig, LoadOptions, ProjectConfig } from './types.js';
import { isRecord, validate, type LoadContext } from './validate.js';
import { resolveVariables } from './variables.js';
import { WORDS } from './surface.js';
import { resolveVault } from './vault.js';
import { decodeSource, readFailure } from './source.js';
import { checkInsideProject, projectRoot } from './workspace.js';

const TOP_LEVEL = ['project', 'variable', 'vault', 'app'];
const APP_KEYS = ['path', 'labels', ...PHASES];
const REQUIRED_PHASES: readonly Phase[] = ['build', 'deploy'];
/** Project and app names become container, image and Nomad job names: 63 characters, like a DNS label. */
const NAME = /^[A-Za-z0-9_-]{1,63}$/;
const NAME_HINT = 'names use letters, digits, "_" and "-", at most 63 characters';
const nameHint = (name: string, base: string) => [nonAscii(name), base].filter(Boolean).join('; ');
const EXAMPLE_PLUGIN: Record<Phase, string> = { build: 'csdocker', registry: 'docker', deploy: 'nomadpack', release: 'noop' };

const appAttributes = z.strictObject({ path: z.string().min(1).default('.'), labels: stringMap.default({}) });

function kindOf(ctx: LoadContext, path: string[]): string {
  return ctx.problems.index.find(path)?.kind === 'attribute' ? 'attribute' : 'block';
}

/** Whether one of `keys` is `name` misspelt: an unknown key whose closest known one is `name`. */
function misspelt(name: string, keys: readonly string[]): boolean {
  return keys.some((k) => k !== name && closest(k, [name]) === name);
}

function resolveProject(raw: unknown, keys: readonly string[], scope: Scope, ctx: LoadContext): string {
  if (raw === undefined) {
    if (misspelt('project', keys)) return '';
    ctx.problems.add('missing project name', { file: ctx.problems.file, line: 1, col: 1 }, 'add project = "my-project" at the top of the file');
    return '';
  }
  const project = ctx.interpolator.value(raw, ['project'], scope);
  if (typeof project !== 'string' || !NAME.test(project)) {
    const shown = typeof project === 'string' ? ` ${JSON.stringify(project)}` : '';
    ctx.problems.at(['project'], `invalid project name${shown}`, nameHint(typeof project === 'string' ? project : '', `write project = "my-project"; ${NAME_HINT}`));
    return '';
  }
  return project;
}

function resolveApp(name: string, body: Record<string, unknown>, dir: string, scope: Scope, ctx: LoadContext): AppConfig | undefined {
  const path = ['app', name];
  const { problems } = ctx;
  for (const key of Object.keys(body)) {
    if (!APP_KEYS.includes(key)) {
      problems.at([...path, key], `unknown ${kindOf(ctx, [...path, key])} "${key}" in app "${name}"`, didYouMean(key, APP_KEYS, `an app holds ${APP_KEYS.join(', ')}`));
    }
  }
  const attributes = validate(appAttributes, ctx.interpolator.value({ path: body.path, labels: body.labels }, path, scope), path, `in app "${name}"`, ctx);
  const stanzas = new Map<Phase, ReturnType<typeof resolveStanza>>();
  for (const phase of PHASES) {
    if (body[phase] !== undefined) stanzas.set(phase, resolveStanza(body[phase], phase, path, scope, ctx));
    // A misspelt one (`biuld`) was reported as such, with the fix: saying it is missing too would come first and mislead.
    else if (REQUIRED_PHASES.includes(phase) && !misspelt(phase, Object.keys(body))) problems.at(path, `app "${name}" has no ${phase} stanza`, `add ${phase} { use = "${EXAMPLE_PLUGIN[phase]}" … }`);
  }
  const build = stanzas.get('build');
  const deploy = stanzas.get('deploy');
  const release = stanzas.get('release');
  const releases = release && factoryFor(findPlugin(release.use)!, 'release')?.releases;
  if (release && deploy && releases && !releases.includes(deploy.use)) {
    problems.add(`app "${name}": the ${release.use} release manager releases what ${releases.join(' or ')} deploys, and this app deploys with ${deploy.use}`, release.pos, `deploy with ${releases.join(' or ')}, or remove the release stanza`);
  }
  if (!attributes || !build || !deploy) return undefined;
  const app: AppConfig = {
    name,
    path: resolve(dir, attributes.path),
    labels: attributes.labels,
    build,
    registry: stanzas.get('registry') ?? null,
    deploy,
    release: stanzas.get('release') ?? null,
    pos: problems.pos(path),
  };
  checkInsideProject(app, projectRoot(dir, scope.env), path, ctx);
  return app;
}

function resolveApps(raw: unknown, dir: string, scope: Scope, ctx: LoadContext): AppConfig[] {
  const { problems } = ctx;
  if (raw === undefined) {
    problems.add('no app blocks', problems.pos(['project']), 'add app "web" { build { use = "csdocker" } deploy { use = "nomadpack" … } }');
    return [];
  }
  if (!isRecord(raw)) {
    problems.at(['app'], 'an app block needs a name', 'write app "web" { … }');
    return [];
  }
  const apps: AppConfig[] = [];
  for (const [name, blocks] of Object.entries(raw)) {
    const path = ['app', name];
    if (!NAME.test(name)) problems.at(path, `invalid app name ${JSON.stringify(name)}`, nameHint(name, NAME_HINT));
    if (!Array.isArray(blocks) || !isRecord(blocks[0])) {
      problems.at(path, `app "${name}" has more than one name`, `write app "${name}" { … }`);
      continue;
    }
    problems.duplicates(path, blocks.length, `duplicate app "${name}"`, 'app names must be unique; rename or merge one of them');
    const app = resolveApp(name, blocks[0], dir, { ...scope, app: name, where: `app "${name}"` }, ctx);
    if (app) apps.push(app);
  }
  checkNames(ctx);
  // hcl2json returns blocks sorted by name; users expect file order (the "first app" of the outputs).
  return apps.sort((a, b) => byPos(a.pos, b.pos));
}

/**
 * Names plugins make from the project and app names must be ones the engine takes, and no two apps may
 * deploy to one target (container, pack deployment): they would replace each other at every run.
 */
function checkNames(ctx: LoadContext): void {
  const firstAt = new Map<string, { app: string; pos: SourcePos }>();
  for (const stanza of ctx.names.filter((s) => NAME.test(s.app)).sort((a, b) => byPos(a.pos, b.pos))) {
    const { invalid, target } = stanza.names;
    if (invalid) ctx.problems.add(`app "${stanza.app}": ${invalid.message}`, stanza.at(invalid.attribute), `set ${invalid.attribute} in its ${stanza.phase} stanza, or rename the project or app`);
    if (!target) continue;
    const first = firstAt.get(target.description);
    if (!first) firstAt.set(target.description, { app: stanza.app, pos: stanza.at(target.attribute) });
    else ctx.problems.add(`apps "${first.app}" (line ${first.pos.line}) and "${stanza.app}" both deploy to ${target.description}`, stanza.at(target.attribute), `set ${target.attribute} in one app's ${stanza.phase} stanza to a name of its own`);
  }
}

const byPos = (a: SourcePos, b: SourcePos) => a.line - b.line || a.col - b.col;

/** Same as loadConfig, from text; `file` names the source in messages and anchors relative paths. */
export async function loadConfigSource(file: string, source: string, opts: LoadOptions = {}): Promise<ProjectConfig> {
  const absolute = resolve(file);
  const dir = dirname(absolute);
  const env = opts.env ?? process.env;
  const text = normalizeSource(source);
  if (text.trim() === '') {
    throw new ConfigErrors([new ConfigError('the config file is empty', { file, line: 1, col: 1 }, 'start with project = "my-project", or create one with `cs init`')]);
  }
  const { index, body } = await parseDocument(file, text);
  if (body instanceof ConfigError) throw new ConfigErrors([body]);

  const problems = new Problems(file, index);
  for (const { name, first, second } of index.kindClashes()) {
    const [attribute, block] = first.kind === 'attribute' ? [first, second] : [second, first];
    problems.add(`"${name}" is both an attribute (line ${attribute.line}) and a block (line ${block.line}): one of them would be ignored`, { file, line: second.line, col: second.col }, `keep one: ${name} = … or ${name} { … }`);
  }
  const interpolator = new Interpolator();
  const ctx: LoadContext = { problems, interpolator, names: [], pending: [] };
  for (const key of Object.keys(body)) {
    if (!TOP_LEVEL.includes(key)) {
      problems.at([key], `unknown top-level ${kindOf(ctx, [key])} "${key}"`, didYouMean(key, TOP_LEVEL, `the top level holds ${TOP_LEVEL.join(', ')}`));
    }
  }

  const git = await (opts.git ?? readGitInfo(dir, env));
  const project = resolveProject(body.project, Object.keys(body), { env, git, where: 'the project name' }, ctx);
  const variables = await resolveVariables(
    body.variable,
    { env, git, project, where: 'variable defaults' },
    { env, vars: opts.vars, varFiles: opts.varFiles, redactor: opts.redactor, surface: opts.surface },
    ctx,
  );
  const scope: Scope = { env, git, project, vars: variables, where: 'this file' };
  const vault = resolveVault(body.vault, scope, ctx);
  const apps = resolveApps(body.app, dir, scope, ctx);

  for (const p of interpolator.problems) problems.at(p.path, p.message, p.hint);
  problems.throwIfAny();
  const warnings: ConfigError[] = [];
  if (interpolator.emptyGit) {
    const { field, path } = interpolator.emptyGit;
    warnings.push(new ConfigError(`git.${field} is empty: ${dir} is not in a git work tree, and GITHUB_SHA is unset`, problems.pos(path), 'run cs in a git checkout, or set the value another way (a variable)'));
  }
  return { file: absolute, dir, project, vault, variables: Object.fromEntries(variables), apps, pending: ctx.pending, warnings };
}

/** Reads, parses, resolves and validates a config file; throws ConfigErrors listing every problem. */
export async function loadConfig(file: string, opts: LoadOptions = {}): Promise<ProjectConfig> {
  if (file === '') {
    const hint = opts.surface === 'action' ? 'set the config input to a file such as cloudstation.hcl, or leave it out for the default' : 'pass --config FILE (or CS_CONFIG) with a path such as cloudstation.hcl, or leave it out for the default';
    throw new ConfigErrors([new ConfigError('the config path is empty', undefined, hint)]);
  }
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (err) {
    const { message, hint } = readFailure('config file', file, err, WORDS[opts.surface ?? 'cli'].missingConfig);
    throw new ConfigErrors([new ConfigError(message, undefined, hint)]);
  }
  const source = decodeSource(file, bytes);
  if (source instanceof ConfigError) throw new ConfigErrors([source]);
  try {
    return await loadConfigSource(file, source, opts);
  } catch (err) {
    // Thousands of nested brackets exhaust the stack of every recursive step (parser, positions, interpolation).
    if (!(err instanceof RangeError)) throw err;
    throw new ConfigErrors([new ConfigError('the configuration is nested too deeply to read', { file, line: 1, col: 1 }, 'nest lists, maps and blocks at most a few hundred levels deep')]);
  }
}
