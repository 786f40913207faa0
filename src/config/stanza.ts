/**
 * One phase stanza of an app (`build { … }`): finds its plugin, in either form —
 * `use = "docker"` + flat attributes, or Waypoint's `use "docker" { … }` — and validates the
 * attributes with the plugin's own schema.
 */
import type { Phase } from '../component/index.js';
import { factoryFor, findPlugin, pluginsFor } from '../plugin/registry.js';
import { sensitiveNote, type Scope } from './interpolate.js';
import type { Path } from './positions.js';
import type { Problems } from './problems.js';
import { closest, didYouMean, listNames } from './suggest.js';
import type { Stanza } from './types.js';
import { isRecord, validateOrPending, type LoadContext } from './validate.js';

/**
 * Nested blocks arrive as lists of bodies; `healthcheck { … }` means one object, as in HCL. No plugin
 * attribute takes a list of blocks, so a repeated one is reported and the first kept.
 */
function collapseBlocks(body: Record<string, unknown>, path: Path, problems: Problems): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) {
    const at = [...path, key];
    if (Array.isArray(value) && problems.index.isBlock(at)) {
      problems.duplicates(at, value.length, `duplicate ${key} block`, `merge them into one ${key} { … }`);
      out[key] = isRecord(value[0]) ? collapseBlocks(value[0], at, problems) : value[0];
    } else {
      out[key] = value;
    }
  }
  return out;
}

function pluginNames(phase: Phase): string[] {
  return pluginsFor(phase).map((p) => p.name);
}

/** Every name `use` may give for the phase: plugins and their aliases (`nomad-pack`). */
function namesWithAliases(phase: Phase): string[] {
  return pluginsFor(phase).flatMap((p) => [p.name, ...(p.aliases ?? [])]);
}

/** The hint's list of the phase's plugins. */
function pluginList(phase: Phase): string {
  return `plugins for ${phase}: ${listNames(pluginNames(phase))}`;
}

/** A bare word, as hcl2json gives `use = noop`: a reference to nothing, as no reference is one word but `project`. */
const BARE_WORD = /^\$\{\s*([A-Za-z_][A-Za-z0-9_-]*)\s*\}$/;

/**
 * `use = noop`: the plugin name written without quotes. The word is quoted back only when it is a plugin
 * name for the phase (in any case), which is no secret; anything else may be a value written without quotes.
 */
function unquotedName(word: string, phase: Phase): { message: string; hint: string } {
  const name = namesWithAliases(phase).find((n) => n.toLowerCase() === word.toLowerCase());
  return {
    message: `"use" in the ${phase} stanza must be a quoted plugin name`,
    hint: name ? `write use = "${name}"` : `write use = "${pluginNames(phase)[0]}"; ${pluginList(phase)}`,
  };
}

interface PluginChoice {
  name: unknown;
  /** Where the name was written, for plugin errors. */
  namePath: Path;
  attributes: Record<string, unknown>;
  /** Document path of the attributes (the stanza itself, or its `use "x"` block). */
  base: Path;
}

/** Splits the stanza into plugin name and attributes, whichever form it was written in. */
function choosePlugin(body: Record<string, unknown>, path: Path, phase: Phase, scope: Scope, ctx: LoadContext): PluginChoice | undefined {
  const { use, ...rest } = body;
  const example = `use = "${pluginNames(phase)[0]}"`;
  if (typeof use === 'string') {
    const namePath = [...path, 'use'];
    const bare = BARE_WORD.exec(use);
    if (bare && bare[1] !== 'project') {
      const { message, hint } = unquotedName(bare[1]!, phase);
      ctx.problems.at(namePath, message, hint);
      return undefined;
    }
    const name = ctx.interpolator.value(use, namePath, scope);
    // A reference that failed was reported where it is written; the "" it left names no plugin.
    if (ctx.interpolator.failedAt(namePath)) return undefined;
    if (typeof name !== 'string') {
      const secret = ctx.interpolator.sensitiveAt(namePath);
      ctx.problems.at(namePath, `"use" in the ${phase} stanza must name a plugin${secret ? ` (${sensitiveNote(secret)})` : ''}`, `use a string: ${example}`);
      return undefined;
    }
    return { name, namePath, attributes: rest, base: path };
  }
  if (use === undefined) {
    // `usе` (Cyrillic е), `Use`, `uses`: point at the misspelt key rather than at the stanza.
    const near = Object.keys(rest).find((key) => key.length >= 2 && key.length <= 4 && closest(key, ['use']) === 'use');
    if (near !== undefined) ctx.problems.at([...path, near], `the ${phase} stanza does not name a plugin: "${near}" is not "use"`, didYouMean(near, ['use']));
    else ctx.problems.at(path, `the ${phase} stanza does not name a plugin`, `add ${example}; ${pluginList(phase)}`);
    return undefined;
  }
  if (!isRecord(use)) {
    const hint = Array.isArray(use) ? `name the plugin: use "${pluginNames(phase)[0]}" { … }` : `write ${example}`;
    ctx.problems.at([...path, 'use'], `"use" in the ${phase} stanza must name a plugin`, hint);
    return undefined;
  }
  const names = Object.keys(use);
  if (names.length !== 1) {
    ctx.problems.at(path, `the ${phase} stanza has ${names.length} use blocks`, 'a stanza uses exactly one plugin');
    return undefined;
  }
  const name = names[0]!;
  const base = [...path, 'use', name];
  for (const key of Object.keys(rest)) {
    ctx.problems.at([...path, key], `"${key}" is outside use "${name}" { … }`, `move it into the use "${name}" block, or write use = "${name}" with flat attributes`);
  }
  const blocks = use[name];
  if (!Array.isArray(blocks) || blocks.length !== 1 || !isRecord(blocks[0])) {
    ctx.problems.at(base, `use "${name}" must be a single block`, `write use "${name}" { … } once`);
    return undefined;
  }
  return { name, namePath: base, attributes: blocks[0], base };
}

export function resolveStanza(raw: unknown, phase: Phase, appPath: Path, scope: Scope, ctx: LoadContext): Stanza | undefined {
  const path = [...appPath, phase];
  const { problems } = ctx;
  if (!Array.isArray(raw) || !isRecord(raw[0])) {
    problems.at(path, `${phase} must be a block`, `write ${phase} { use = "${pluginNames(phase)[0]}" … }`);
    return undefined;
  }
  problems.duplicates(path, raw.length, `duplicate ${phase} stanza in app "${scope.app}"`, `an app has one ${phase} stanza; merge them`);

  const choice = choosePlugin(raw[0], path, phase, scope, ctx);
  if (!choice || typeof choice.name !== 'string') return undefined;

  const plugin = findPlugin(choice.name);
  if (!plugin) {
    const candidates = namesWithAliases(phase);
    const known = pluginList(phase);
    // A name from a sensitive variable is neither quoted nor suggested from (a suggestion would tell it apart).
    const secret = ctx.interpolator.sensitiveAt(choice.namePath);
    if (secret) problems.at(choice.namePath, `unknown ${phase} plugin (${sensitiveNote(secret)})`, known);
    else problems.at(choice.namePath, `unknown ${phase} plugin "${choice.name}"`, didYouMean(choice.name, candidates, known));
    return undefined;
  }
  const factory = factoryFor(plugin, phase);
  if (!factory) {
    const secret = ctx.interpolator.sensitiveAt(choice.namePath);
    const named = secret ? `the plugin (${sensitiveNote(secret)})` : `plugin "${plugin.name}"`;
    problems.at(choice.namePath, `${named} cannot be used for ${phase}`, pluginList(phase));
    return undefined;
  }

  const attributes = ctx.interpolator.value(collapseBlocks(choice.attributes, choice.base, problems), choice.base, scope);
  const checked = validateOrPending(factory.schema, attributes, choice.base, `in the ${phase} stanza (plugin "${plugin.name}")`, ctx);
  if (!checked || !isRecord(checked.value)) return undefined;
  const pos = problems.pos(path);
  if (checked.pending) {
    // Its config is unchecked where env() is unset: a run that uses this stanza is refused until it is set.
    for (const error of checked.pending) ctx.pending.push({ app: scope.app ?? null, phase, error });
    return { phase, use: plugin.name, config: checked.value, pos };
  }
  const config = checked.value;
  if (factory.names && scope.project && scope.app !== undefined) {
    ctx.names.push({ app: scope.app, phase, names: factory.names(config, { project: scope.project, app: scope.app }), pos, at: (attribute) => problems.pos([...choice.base, attribute]) });
  }
  return { phase, use: plugin.name, config, pos };
}
