/**
 * `variable "name" { … }` declarations and their values. Lowest to highest precedence:
 * default → `env = [...]` → `CS_VAR_<name>` → var files (later wins) → `--var` / action input.
 * Values from the environment and the command line are strings; they are converted to the declared
 * type (or the default's type), so `--var replicas=3` gives the number 3.
 */
import { readFile } from 'node:fs/promises';
import { extname, resolve } from 'node:path';
import { z } from 'zod';
import { ConfigError, type SourcePos } from '../errors.js';
import type { Redactor } from '../secrets/redactor.js';
import { WORDS, type Surface } from './surface.js';
import { Interpolator, type Scope } from './interpolate.js';
import { describeValue } from './issues.js';
import { hclToJson, normalizeSource, parseDocument } from './parse.js';
import type { Path } from './positions.js';
import type { Problems } from './problems.js';
import { decodeSource, readFailure } from './source.js';
import { didYouMean, listNames } from './suggest.js';
import type { ResolvedVariable, VariableSource, VariableType } from './types.js';
import { isRecord, validate, type LoadContext } from './validate.js';

export interface VariableInputs {
  env: Readonly<Record<string, string | undefined>>;
  vars?: Record<string, string>;
  varFiles?: string[];
  redactor?: Redactor;
  surface?: Surface;
}

const TYPES: readonly VariableType[] = ['string', 'number', 'bool', 'list', 'map'];
const EXAMPLE: Record<VariableType, string> = { string: '"text"', number: '3', bool: 'true', list: '["a", "b"]', map: '{ key = "value" }' };
const NAME = /^[A-Za-z_][A-Za-z0-9_-]*$/;

const declarationSchema = z.strictObject({
  default: z.unknown().optional(),
  type: z.string().optional(),
  env: z.union([z.string(), z.array(z.string())]).optional(),
  sensitive: z.boolean().optional(),
  description: z.string().optional(),
});

interface Candidate {
  value: unknown;
  source: VariableSource;
  /** How the user set it, for messages: `CS_VAR_tag`, `--var tag`, `var file prod.hcl`. */
  origin: string;
  pos: SourcePos;
}

/** `type = string` arrives as "${string}"; HCL's `list(string)` / `map(number)` count as list / map. */
function parseType(raw: string): VariableType | null | undefined {
  const word = raw.replace(/^\$\{(.*)\}$/s, '$1').trim();
  const head = /^(\w+)(?:\(.*\))?$/s.exec(word)?.[1];
  if (head === 'any') return null;
  if (head === 'list' || head === 'set' || head === 'tuple') return 'list';
  if (head === 'map' || head === 'object') return 'map';
  return TYPES.includes(word as VariableType) ? (word as VariableType) : undefined;
}

function typeOf(value: unknown): VariableType {
  if (Array.isArray(value)) return 'list';
  if (isRecord(value)) return 'map';
  if (typeof value === 'number') return 'number';
  if (typeof value === 'boolean') return 'bool';
  return 'string';
}

/** A list or map given as text: JSON, or HCL syntax (`{ a = 1 }`). */
async function parseComposite(text: string): Promise<unknown> {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    try {
      return (await hclToJson('value', `value = ${text}\n`)).value as unknown;
    } catch {
      return undefined;
    }
  }
}

/** A number as HCL writes one: JavaScript's Number() would also take `0x10`, `0b1`, `Infinity` and `1_000`. */
const DECIMAL = /^-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

/** The value in the declared type, or undefined when it does not convert. */
async function convert(value: unknown, type: VariableType | null): Promise<unknown> {
  if (type === null || typeOf(value) === type) return value;
  if (type === 'string') return typeof value === 'number' || typeof value === 'boolean' ? String(value) : undefined;
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  if (type === 'number') return DECIMAL.test(text) ? Number(text) : undefined;
  if (type === 'bool') return text === 'true' ? true : text === 'false' ? false : undefined;
  const parsed = await parseComposite(text);
  return typeOf(parsed) === type ? parsed : undefined;
}

function offsetToPos(file: string, source: string, offset: number): SourcePos {
  const before = source.slice(0, offset);
  const line = before.split('\n').length;
  return { file, line, col: offset - before.lastIndexOf('\n') };
}

interface VarFileValue {
  value: unknown;
  pos: SourcePos;
}

/** One var file's `name = value` pairs; HCL values may use env() and git.*, JSON ones are taken as is. */
async function readVarFile(file: string, scope: Scope, problems: Problems): Promise<Map<string, VarFileValue>> {
  const values = new Map<string, VarFileValue>();
  if (file === '') {
    problems.add('a var file path is empty', undefined, 'pass --var-file FILE with the path of an .hcl or .json file, or leave the flag out');
    return values;
  }
  let bytes: Buffer;
  try {
    bytes = await readFile(resolve(file));
  } catch (err) {
    const { message, hint } = readFailure('var file', file, err, 'check the --var-file path (relative to the working directory)');
    problems.add(message, undefined, hint);
    return values;
  }
  const decoded = decodeSource(file, bytes);
  if (decoded instanceof ConfigError) {
    problems.add(decoded.message, decoded.pos, decoded.hint);
    return values;
  }
  const source = normalizeSource(decoded);
  if (extname(file).toLowerCase() === '.json') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(source);
    } catch (err) {
      const offset = Number(/position (\d+)/.exec(String(err))?.[1] ?? 0);
      // V8's message quotes the text around the error, which may be a secret: the position says where.
      problems.add(`var file ${file} is not valid JSON`, offsetToPos(file, source, offset), 'values are JSON strings, numbers, booleans, lists or objects: "name": "value" (the text is not shown, as it may hold a secret)');
      return values;
    }
    if (!isRecord(parsed)) {
      problems.add(`var file ${file} must hold a JSON object of variable values`, { file, line: 1, col: 1 }, 'write { "name": "value" }');
      return values;
    }
    for (const [name, value] of Object.entries(parsed)) {
      const offset = new RegExp(`"${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"\\s*:`).exec(source)?.index ?? 0;
      values.set(name, { value, pos: offsetToPos(file, source, offset) });
    }
    return values;
  }
  const { index, body } = await parseDocument(file, source);
  if (body instanceof ConfigError) {
    problems.add(body.message, body.pos, body.hint);
    return values;
  }
  const interpolator = new Interpolator();
  for (const [name, raw] of Object.entries(body)) {
    const pos = { file, ...index.nearest([name]) };
    if (index.isBlock([name])) {
      problems.add(`var file ${file} may only set values: ${name} = …`, pos);
      continue;
    }
    values.set(name, { value: interpolator.value(raw, [name], scope), pos });
  }
  for (const p of interpolator.problems) problems.add(p.message, { file, ...index.nearest(p.path) }, p.hint);
  return values;
}

interface Declaration {
  name: string;
  path: Path;
  type: VariableType | null;
  envNames: string[];
  sensitive: boolean;
  description: string | null;
  defaultValue: unknown;
}

function declare(raw: unknown, scope: Scope, ctx: LoadContext): Declaration[] {
  const { problems } = ctx;
  if (raw === undefined) return [];
  if (!isRecord(raw)) {
    problems.at(['variable'], 'a variable block needs a name', 'write variable "tag" { default = "latest" }');
    return [];
  }
  const declarations: Declaration[] = [];
  for (const [name, blocks] of Object.entries(raw)) {
    const path = ['variable', name];
    if (!NAME.test(name)) problems.at(path, `invalid variable name "${name}"`, 'use letters, digits, "_" and "-", starting with a letter or "_"');
    if (!Array.isArray(blocks)) {
      problems.at(path, `variable "${name}" has more than one label`, `write variable "${name}" { … }`);
      continue;
    }
    problems.duplicates(path, blocks.length, `variable "${name}" is declared more than once`, 'keep one declaration');
    const body = validate(declarationSchema, blocks[0], path, `in variable "${name}"`, ctx);
    if (!body) continue;
    let type: VariableType | null = null;
    if (body.type !== undefined) {
      const parsed = parseType(body.type);
      if (parsed === undefined) {
        const word = body.type.replace(/^\$\{(.*)\}$/s, '$1');
        problems.at([...path, 'type'], `unknown variable type "${word}"`, didYouMean(word, TYPES, `types: ${listNames(TYPES)}`));
      }
      type = parsed ?? null;
    }
    const defaultValue = body.default === undefined || body.default === null ? undefined : ctx.interpolator.value(body.default, [...path, 'default'], scope);
    declarations.push({
      name,
      path,
      type: type ?? (defaultValue === undefined ? null : typeOf(defaultValue)),
      envNames: typeof body.env === 'string' ? [body.env] : (body.env ?? []),
      sensitive: body.sensitive ?? false,
      description: body.description ?? null,
      defaultValue,
    });
  }
  return declarations;
}

/** The highest-precedence value a variable is given, before type conversion. */
function pick(decl: Declaration, inputs: VariableInputs, files: Map<string, VarFileValue>[], problems: Problems): Candidate | undefined {
  const declared = problems.pos(decl.path);
  let chosen: Candidate | undefined;
  if (decl.defaultValue !== undefined) chosen = { value: decl.defaultValue, source: 'default', origin: 'its default', pos: problems.pos([...decl.path, 'default']) };
  // An empty environment variable counts as unset: CI systems export unset inputs as "".
  const envName = decl.envNames.find((n) => inputs.env[n]);
  if (envName) chosen = { value: inputs.env[envName], source: 'env', origin: `env ${envName}`, pos: declared };
  const csVar = `CS_VAR_${decl.name}`;
  if (inputs.env[csVar]) chosen = { value: inputs.env[csVar], source: 'cs_var_env', origin: csVar, pos: declared };
  for (const [i, file] of files.entries()) {
    const entry = file.get(decl.name);
    if (entry) chosen = { value: entry.value, source: 'var_file', origin: `var file ${inputs.varFiles?.[i]}`, pos: entry.pos };
  }
  // Own properties only: a variable named `constructor` must not find Object's.
  const cli = inputs.vars && Object.hasOwn(inputs.vars, decl.name) ? inputs.vars[decl.name] : undefined;
  if (cli !== undefined) chosen = { value: cli, source: 'cli', origin: `${WORDS[inputs.surface ?? 'cli'].varSource} ${decl.name}`, pos: declared };
  return chosen;
}

/**
 * Every declared variable, including those whose value is missing or invalid (value undefined, the
 * problem recorded), so references to them are not also reported as undeclared.
 */
export async function resolveVariables(raw: unknown, scope: Scope, inputs: VariableInputs, ctx: LoadContext): Promise<Map<string, ResolvedVariable>> {
  const { problems } = ctx;
  const words = WORDS[inputs.surface ?? 'cli'];
  const declarations = declare(raw, scope, ctx);
  const names = declarations.map((d) => d.name);
  const declaredNames = new Set(names);
  const undeclaredHint = (name: string) => didYouMean(name, names, `declare it: variable "${name}" { … }`);

  const files: Map<string, VarFileValue>[] = [];
  for (const file of inputs.varFiles ?? []) {
    const values = await readVarFile(file, { ...scope, where: `var file ${file}` }, problems);
    for (const [name, { pos }] of values) {
      if (!declaredNames.has(name)) problems.add(`var file ${file} sets "${name}", which is not a declared variable`, pos, undeclaredHint(name));
    }
    files.push(values);
  }
  for (const name of Object.keys(inputs.vars ?? {})) {
    if (!declaredNames.has(name)) problems.add(`${words.varSource} ${name}: no variable "${name}" is declared`, undefined, undeclaredHint(name));
  }

  const resolved = new Map<string, ResolvedVariable>();
  for (const decl of declarations) {
    const candidate = pick(decl, inputs, files, problems);
    let value: unknown;
    if (!candidate) {
      const ways = [...decl.envNames.slice(0, 1).map((n) => `export ${n}`), `export CS_VAR_${decl.name}`, words.setVar(decl.name)];
      problems.at(decl.path, `variable "${decl.name}" has no value`, `give it a default, or ${ways.join(', ')}`);
    } else {
      value = await convert(candidate.value, decl.type);
      if (value === undefined && decl.type) {
        const got = decl.sensitive ? '' : typeof candidate.value === 'string' ? ` "${candidate.value}"` : ` ${describeValue(candidate.value)}`;
        problems.add(`variable "${decl.name}" must be a ${decl.type}, but ${candidate.origin} gives${got || ' something else'}`, candidate.pos, `use a ${decl.type} such as ${EXAMPLE[decl.type]}`);
      }
      if (value !== undefined && decl.sensitive) inputs.redactor?.addValue(value);
    }
    resolved.set(decl.name, {
      name: decl.name,
      type: decl.type,
      value,
      sensitive: decl.sensitive,
      source: candidate?.source ?? 'default',
      description: decl.description,
    });
  }
  return resolved;
}
