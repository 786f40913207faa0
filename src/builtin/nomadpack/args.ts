/**
 * Pure argv (and variable file) builders for nomad-pack. Every value is its own array element — nothing
 * here is ever joined into a shell string — so tests can pin the exact command lines with tables.
 */

export interface PackInvocation {
  /** Pack name in a registry, or a directory path (the embedded pack). */
  pack: string;
  deploymentName: string;
  registry?: string;
  ref?: string;
  parserV1?: boolean;
  /** `run` only: return once registered (we follow the deployment through the API). */
  detach?: boolean;
  /** The pushed image, passed as `--var <variable>=<ref>`: not secret, and a flag beats every file. */
  image?: { variable: string; ref: string };
  /** The stanza's variables that hold no secret (splitVariables), passed as `--var name=value` in order. */
  variables: Readonly<Record<string, unknown>>;
  /** Absolute paths, passed as `-f` in order (nomad-pack: last wins). */
  variableFiles: readonly string[];
  /**
   * The private file holding the variables that do hold a secret (var-file.ts), passed as the last `-f`:
   * like `--var`, it wins over `variableFiles` and NOMAD_PACK_VAR_*, and it keeps them out of argv.
   */
  variablesFile?: string;
}

export type PackCommand = 'run' | 'plan';

/**
 * `plan`'s exit codes, passed as flags every time: NOMAD_PACK_PLAN_EXIT_CODE_* in the environment
 * would otherwise change what they mean.
 */
export const PLAN_EXIT = { noChanges: 0, makesChanges: 1, error: 255 } as const;

export function packArgs(command: PackCommand, inv: PackInvocation): string[] {
  const args = [command, inv.pack, '--name', inv.deploymentName];
  if (inv.registry) args.push('--registry', inv.registry);
  if (inv.ref) args.push('--ref', inv.ref);
  if (inv.parserV1) args.push('--parser-v1');
  if (command === 'run' && inv.detach) args.push('--detach');
  if (command === 'plan') {
    args.push('--exit-code-no-changes', String(PLAN_EXIT.noChanges), '--exit-code-makes-changes', String(PLAN_EXIT.makesChanges), '--exit-code-error', String(PLAN_EXIT.error));
  }
  if (inv.image) args.push('--var', `${inv.image.variable}=${inv.image.ref}`);
  for (const [name, value] of Object.entries(inv.variables)) args.push('--var', `${name}=${formatVariable(value)}`);
  for (const file of inv.variableFiles) args.push('-f', file);
  if (inv.variablesFile) args.push('-f', inv.variablesFile);
  return args;
}

export interface RegistrySpec {
  name: string;
  source: string;
  target?: string;
  ref?: string;
}

/** The source stays exactly as configured: credentials travel in the child's git config, never here. */
export function registryAddArgs(r: RegistrySpec): string[] {
  const args = ['registry', 'add', r.name, r.source];
  if (r.target) args.push('--target', r.target);
  if (r.ref) args.push('--ref', r.ref);
  return args;
}

/**
 * nomad-pack parses `--var` text by the variable's declared type (a string, number or untyped variable
 * takes it as a literal; others as an HCL expression, so JSON works), which a file's values would not get:
 * they keep their own HCL type. So only a variable whose `--var` text holds a secret (`isSecret`: the
 * run's redactor would mask it) leaves argv for the file; every other keeps its `--var` meaning.
 */
export function splitVariables(variables: Readonly<Record<string, unknown>>, isSecret: (text: string) => boolean): { plain: Record<string, unknown>; secret: Record<string, unknown> } {
  const plain: Record<string, unknown> = {};
  const secret: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(variables)) (isSecret(formatVariable(value)) ? secret : plain)[name] = value;
  return { plain, secret };
}

/** A variable's `--var` text: strings as they are, numbers and bools as written, anything else as JSON. */
function formatVariable(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value ?? null);
}

/**
 * The text of the private variable file (`.hcl`): one `name = value` line each, which both parsers read —
 * v2 wraps the file in `v = {…}` (varfile.go), v1 reads it as a body of attributes. Values keep their HCL
 * type. Names are bare where HCL allows (v1 takes nothing else); a dotted name (a dependency pack's
 * variable) is quoted, which v2 splits on "." as it does `--var a.b=…`.
 */
export function variablesFile(variables: Readonly<Record<string, unknown>>): string {
  return Object.entries(variables)
    .map(([name, value]) => `${IDENTIFIER.test(name) ? name : hclString(name)} = ${hclValue(value)}\n`)
    .join('');
}

/** HCL's identifiers (UAX #31, plus `_` first and `-` after). */
const IDENTIFIER = /^[\p{ID_Start}_][\p{ID_Continue}-]*$/u;

function hclValue(value: unknown): string {
  if (typeof value === 'string') return hclString(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return `[${value.map(hclValue).join(', ')}]`;
  return `{ ${Object.entries(value)
    .map(([k, v]) => `${hclString(k)} = ${hclValue(v)}`)
    .join(', ')} }`;
}

const ESCAPES: Record<string, string> = { '\\': '\\\\', '"': '\\"', '\n': '\\n', '\r': '\\r', '\t': '\\t', '${': '$${', '%{': '%%{' };

/**
 * A quoted HCL string that nomad-pack reads back verbatim: it evaluates var files without variables, so
 * `${`/`%{` must be escaped (`$${`, `%%{`) not to start a template; other control characters are `\uNNNN`.
 */
function hclString(text: string): string {
  const escaped = text.replace(/[\\"\u0000-\u001f\u007f]|\$\{|%\{/g, (m) => ESCAPES[m] ?? `\\u${m.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return `"${escaped}"`;
}
