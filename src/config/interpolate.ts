/**
 * `${…}` interpolation over hcl2json's output, where every expression HCL could not evaluate arrives
 * as template text (`var.tag` → "${var.tag}", `env("X")` → "${env(\"X\")}"). A string that is exactly
 * one reference keeps the referenced value's type, so `count = var.replicas` stays a number.
 */
import type { GitInfo } from './git.js';
import type { Path } from './positions.js';
import type { ResolvedVariable } from './types.js';
import { closest, nearMiss } from './suggest.js';

export interface Scope {
  env: Readonly<Record<string, string | undefined>>;
  git: GitInfo;
  /** Absent while the project name itself is being resolved. */
  project?: string;
  /** Absent outside an app block. */
  app?: string;
  /** Absent where variables cannot be used (variable defaults, var files, `project`). */
  vars?: ReadonlyMap<string, ResolvedVariable>;
  /** Names the place for messages: "variable defaults", "the vault block". */
  where: string;
}

export interface InterpolationProblem {
  path: Path;
  message: string;
  hint?: string;
}

type Segment = { text: string } | { expr: string };
/** `sensitive`: the sensitive variable the value came from. */
type Resolved = { value: unknown; unsetEnv?: string; sensitive?: string; emptyGit?: string } | { problem: Omit<InterpolationProblem, 'path'> };

const GIT_FIELDS = ['sha', 'short_sha', 'branch', 'tag'] as const;
const NAME = '[A-Za-z_][A-Za-z0-9_-]*';
const VAR_REF = new RegExp(`^var\\.(${NAME})$`);
const ENV_REF = /^env(?:\.([A-Za-z_][A-Za-z0-9_]*)|\(\s*"([^"]*)"\s*\))$/;
const REFERENCE = new RegExp(`^${NAME}(?:\\.${NAME})*$`);
/** The roots references start with: an expression under another root is not quoted back (see resolve). */
const ROOTS = ['var', 'env', 'git', 'project', 'app'];
const KNOWN_ROOT = new RegExp(`^(?:${ROOTS.join('|')})\\b`);
const SUPPORTED = 'supported: var.NAME, env.NAME, env("NAME"), project, app.name, git.sha, git.short_sha, git.branch, git.tag';

/** Index just past the `}` closing a `${` whose body starts at `i`, or -1; quoted strings may hold braces. */
function templateEnd(s: string, i: number): number {
  let depth = 1;
  let quoted = false;
  for (let j = i; j < s.length; j++) {
    const c = s[j];
    if (quoted) {
      if (c === '\\') j++;
      else if (c === '"') quoted = false;
    } else if (c === '"') quoted = true;
    else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return j + 1;
  }
  return -1;
}

/** Literal text and `${…}` expressions; `$${` and `%%{` are HCL's escapes for a literal `${` / `%{`. */
function splitTemplate(s: string): Segment[] | { directive: true } {
  const segments: Segment[] = [];
  let text = '';
  let i = 0;
  while (i < s.length) {
    const c = s[i];
    if ((c === '$' || c === '%') && s[i + 1] === c && s[i + 2] === '{') {
      text += `${c}{`;
      i += 3;
    } else if (c === '%' && s[i + 1] === '{') {
      return { directive: true };
    } else if (c === '$' && s[i + 1] === '{' && templateEnd(s, i + 2) !== -1) {
      const end = templateEnd(s, i + 2);
      if (text) segments.push({ text });
      text = '';
      segments.push({ expr: s.slice(i + 2, end - 1).trim() });
      i = end;
    } else {
      text += c;
      i++;
    }
  }
  if (text || segments.length === 0) segments.push({ text });
  return segments;
}

/** `the value comes from sensitive variable "pw", not shown`: what a message says instead of such a value. */
export function sensitiveNote(names: readonly string[]): string {
  const quoted = names.map((n) => `"${n}"`).join(', ');
  return `the value comes from sensitive variable${names.length === 1 ? '' : 's'} ${quoted}, not shown`;
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (value && typeof value === 'object') return 'a map';
  return typeof value;
}

export class Interpolator {
  readonly problems: InterpolationProblem[] = [];
  /** The first `git.sha` / `git.short_sha` that read empty (not a git work tree), and where: worth a warning. */
  emptyGit: { field: string; path: Path } | undefined;
  /** Path key → environment variables that were read unset (their value became ""). */
  private readonly unset = new Map<string, string[]>();

  /** Path key → sensitive variables whose value went (wholly or partly) into the value there. */
  private readonly sensitive = new Map<string, string[]>();

  private readonly failed = new Set<string>();
  /** Paths whose number or bool came whole from a reference (see scalarFromReference). */
  private readonly scalars = new Set<string>();

  /** Whether a problem was already reported for the string at `path` (validation then stays quiet). */
  failedAt(path: Path): boolean {
    return this.failed.has(path.join('\u0000'));
  }

  /** The value at `path` is a number or bool that a reference gave (`"${var.build}"`), not one written there. */
  scalarFromReference(path: Path): boolean {
    return this.scalars.has(path.join('\u0000'));
  }

  /** Env names that were unset while producing the string at `path`, if any. */
  unsetEnvAt(path: Path): readonly string[] | undefined {
    return this.unset.get(path.join('\u0000'));
  }

  /**
   * The sensitive variables whose value is (in) the value at `path`, or at a map or list holding it
   * (`env = var.secrets`); messages about such a value neither quote it nor suggest from it.
   */
  sensitiveAt(path: Path): readonly string[] | undefined {
    const names = new Set<string>();
    for (let i = path.length; i >= 0; i--) for (const name of this.sensitive.get(path.slice(0, i).join('\u0000')) ?? []) names.add(name);
    return names.size ? [...names] : undefined;
  }

  /** Interpolates every string inside `value`, map keys included (`{ "${var.k}" = "v" }`, as HCL evaluates them). */
  value(value: unknown, path: Path, scope: Scope): unknown {
    if (typeof value === 'string') return this.string(value, path, scope);
    if (Array.isArray(value)) return value.map((v, i) => this.value(v, [...path, i], scope));
    if (value && typeof value === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) {
        const key = this.key(k, [...path, k], scope);
        out[key] = this.value(v, [...path, k], scope);
        if (key !== k) this.rekey(path, k, key);
      }
      return out;
    }
    return value;
  }

  private key(k: string, path: Path, scope: Scope): string {
    if (!k.includes('${')) return k;
    const key = this.string(k, path, scope);
    if (key === null || typeof key === 'object') {
      this.fail(path, { message: `a map key must be a string, and this one is ${describe(key)}`, hint: 'use a string, number or bool variable in a key' });
      return k;
    }
    return String(key);
  }

  private string(s: string, path: Path, scope: Scope): unknown {
    if (!s.includes('{')) return s;
    const segments = splitTemplate(s);
    if ('directive' in segments) {
      this.fail(path, { message: 'template directives (%{ … }) are not supported', hint: 'write a literal "%{" as "%%{"' });
      return s;
    }
    const only = segments.length === 1 ? segments[0]! : undefined;
    if (only && 'text' in only) return only.text;
    let out = '';
    for (const segment of segments) {
      if ('text' in segment) {
        out += segment.text;
        continue;
      }
      const resolved = this.resolve(segment.expr, scope);
      if ('problem' in resolved) {
        this.fail(path, resolved.problem);
        continue;
      }
      if (resolved.unsetEnv !== undefined) this.note(this.unset, path, resolved.unsetEnv);
      if (resolved.sensitive !== undefined) this.note(this.sensitive, path, resolved.sensitive);
      if (resolved.emptyGit !== undefined) this.emptyGit ??= { field: resolved.emptyGit, path };
      if (only) {
        if (typeof resolved.value === 'number' || typeof resolved.value === 'boolean') this.scalars.add(path.join('\u0000'));
        return resolved.value;
      }
      if (resolved.value !== null && typeof resolved.value === 'object') {
        this.fail(path, {
          message: `"${segment.expr}" is ${describe(resolved.value)} and cannot be part of a string`,
          hint: `use it as the whole value: = ${segment.expr}`,
        });
        continue;
      }
      out += String(resolved.value ?? '');
    }
    return out;
  }

  private fail(path: Path, problem: Omit<InterpolationProblem, 'path'>): void {
    this.problems.push({ path, ...problem });
    this.failed.add(path.join('\u0000'));
  }

  /** Validation sees the interpolated key: what was noted at the written one (a sensitive key or value) holds there too. */
  private rekey(path: Path, written: string, key: string): void {
    for (const name of this.sensitive.get([...path, written].join('\u0000')) ?? []) this.note(this.sensitive, [...path, key], name);
  }

  private note(map: Map<string, string[]>, path: Path, name: string): void {
    const key = path.join('\u0000');
    const names = map.get(key);
    if (!names) map.set(key, [name]);
    else if (!names.includes(name)) names.push(name);
  }

  private resolve(expr: string, scope: Scope): Resolved {
    const env = ENV_REF.exec(expr);
    if (env) {
      const name = env[1] ?? env[2]!;
      const value = scope.env[name];
      return value ? { value } : { value: '', unsetEnv: name };
    }
    const variable = VAR_REF.exec(expr);
    if (variable) return this.variable(variable[1]!, scope);
    if (expr === 'project') {
      return scope.project !== undefined ? { value: scope.project } : { problem: { message: `"project" cannot be used in ${scope.where}`, hint: 'write the name itself there' } };
    }
    if (expr === 'app.name') {
      return scope.app !== undefined ? { value: scope.app } : { problem: { message: '"app.name" can only be used inside an app block', hint: 'write the app name itself there' } };
    }
    const git = /^git\.(\w+)$/.exec(expr);
    if (git && (GIT_FIELDS as readonly string[]).includes(git[1]!)) {
      const value = scope.git[git[1] as (typeof GIT_FIELDS)[number]];
      // An empty tag or branch is common (no tag on HEAD, a detached checkout); an empty sha means no checkout at all.
      return value || !git[1]!.endsWith('sha') ? { value } : { value, emptyGit: git[1] };
    }
    // An expression is quoted back only when it starts like a reference: anything else may be a value written
    // without quotes (`password = s3cr3t`, `"a${s3cr3t}"`), and the position says where it is.
    // `vars.tag`, `ENV.HOME`: a dotted path under a near-miss of a root is a misspelt reference, not a value.
    const root = expr.split('.')[0]!;
    const known = KNOWN_ROOT.test(expr);
    const near = !known && REFERENCE.test(expr) && expr.includes('.') ? nearMiss(root, ROOTS) : undefined;
    const shown = known || near ? ` "${expr}"` : ' (not shown, as it may be a value written without quotes)';
    const call = /^([A-Za-z_]\w*)\s*\(/.exec(expr);
    if (call) return { problem: { message: `unsupported function "${call[1]}"`, hint: `functions are not supported; ${SUPPORTED}` } };
    if (!REFERENCE.test(expr)) return { problem: { message: `unsupported expression${shown}`, hint: SUPPORTED } };
    const candidates = ['project', 'app.name', ...GIT_FIELDS.map((f) => `git.${f}`), ...[...(scope.vars?.keys() ?? [])].map((v) => `var.${v}`)];
    const fixed = near && `${near}${expr.slice(root.length)}`;
    const match = fixed ? (closest(fixed, candidates) ?? fixed) : known ? closest(expr, candidates) : undefined;
    return { problem: { message: `unknown reference${shown}`, hint: match ? `did you mean "${match}"?` : `quote text ("…"); references: ${SUPPORTED.replace(/^supported: /, '')}` } };
  }

  private variable(name: string, scope: Scope): Resolved {
    if (!scope.vars) return { problem: { message: `variables cannot be used in ${scope.where}`, hint: 'write the value itself there (env("NAME") and git.* can be used)' } };
    const variable = scope.vars.get(name);
    if (variable) return variable.sensitive ? { value: variable.value, sensitive: name } : { value: variable.value };
    const match = closest(name, [...scope.vars.keys()]);
    return {
      problem: {
        message: `undeclared variable "${name}"`,
        hint: match ? `did you mean "${match}"?` : `declare it: variable "${name}" { default = … }`,
      },
    };
  }
}
