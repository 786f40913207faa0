/** zod issues → messages in the user's words, each at the attribute it is about. */
import { z } from 'zod';
import { isSecretKey } from '../secrets/redactor.js';
import { sensitiveNote } from './interpolate.js';
import type { Path } from './positions.js';
import { didYouMean, listNames } from './suggest.js';

type Issue = z.core.$ZodIssue;

export interface IssueReport {
  /** Relative to the validated object. */
  path: Path;
  message: string;
  hint?: string;
  /** Only an unset env() value is wrong here: pending until a run needs it (see Pending), not an error now. */
  unsetEnv?: true;
}

export interface IssueContext {
  /** `in the build stanza (plugin "docker")`, `in the vault block`. */
  where: string;
  schema: z.ZodType;
  data: unknown;
  /** Env names read unset while producing the value at `path` (see Interpolator). */
  unsetEnv(path: Path): readonly string[] | undefined;
  /** Sensitive variables whose value went into the value at `path` (see Interpolator.sensitiveAt). */
  sensitive?(path: Path): readonly string[] | undefined;
}

/**
 * Why the value at a path must not be quoted back, suggested from or described beyond its type: it sits under
 * a secret-named key (`secret_id`, `secrets.NPM_TOKEN`), or a sensitive variable gave it. Undefined when it may be shown.
 */
interface Concealed {
  /** The sensitive variables it came from, if any. */
  variables?: readonly string[];
}

/** Whether the value at `path` is concealed: a sensitive variable gave it, or it sits under a key the redactor calls secret. */
function concealed(path: Path, ctx: IssueContext): Concealed | undefined {
  const variables = ctx.sensitive?.(path);
  if (variables?.length) return { variables };
  return path.some((seg) => typeof seg === 'string' && isSecretKey(seg)) ? {} : undefined;
}

const EXPECTED: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  array: 'a list [ … ]',
  object: 'a block or map { … }',
  record: 'a map { key = value }',
};

/** `the number 5`, `true`, `a string`; with `conceal`, only the type (`a number`), as for a value under `password`. */
export function describeValue(value: unknown, conceal = false): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a block or map';
  if (typeof value === 'boolean') return conceal ? 'a bool' : `${value}`;
  if (typeof value === 'number') return conceal ? 'a number' : `the number ${value}`;
  return 'a string';
}

/** `ports[0]`, `healthcheck.path`. */
function formatPath(path: Path): string {
  return path.reduce<string>((out, seg) => (typeof seg === 'number' ? `${out}[${seg}]` : out ? `${out}.${seg}` : seg), '');
}

/** zod paths are PropertyKeys; ours never hold symbols. */
function toPath(path: readonly PropertyKey[]): Path {
  return path.map((seg) => (typeof seg === 'number' ? seg : String(seg)));
}

export function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let value = data;
  for (const seg of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[seg];
  }
  return value;
}

/** The attribute names a (possibly optional/defaulted/nested) object schema accepts at `path`. */
function keysAt(schema: z.ZodType, path: Path): string[] {
  let current: unknown = schema;
  for (let i = 0; ; ) {
    if (current instanceof z.ZodOptional || current instanceof z.ZodDefault || current instanceof z.ZodNullable) current = current.unwrap();
    else if (current instanceof z.ZodPipe) current = current.in;
    else if (i === path.length) return current instanceof z.ZodObject ? Object.keys(current.shape) : [];
    else if (current instanceof z.ZodObject) current = current.shape[String(path[i++])];
    else if (current instanceof z.ZodArray) (current = current.element), i++;
    else if (current instanceof z.ZodRecord) (current = current.valueType), i++;
    else return [];
  }
}

/**
 * Bools and numbers written in quotes are the commonest type error: say how to write them. A hidden value
 * is not quoted back: the hint shows where it goes (`quote it: secret_id = "…"`), or which variable to check.
 */
function quotingHint(attribute: string, expected: string, value: unknown, hidden: Concealed | undefined): string | undefined {
  if (hidden?.variables) return undefined; // describeIssues says which variable to check
  if (expected === 'string' && (typeof value === 'number' || typeof value === 'boolean')) {
    // Not the value itself even when it may be shown: HCL reads `tag = 1.10` as 1.1.
    const name = /(?:^|\.)([^.\]]+)$/.exec(attribute)?.[1];
    return `quote it: ${name ? `${name} = ` : ''}"…"`;
  }
  if (typeof value !== 'string') return undefined;
  if (expected === 'boolean') return `write ${attribute} = true or ${attribute} = false, without quotes`;
  if ((expected === 'number' || expected === 'int') && value.trim() !== '' && !Number.isNaN(Number(value))) {
    return hidden ? `write the number without quotes: ${attribute} = 123` : `write ${attribute} = ${value.trim()}, without quotes`;
  }
  if (expected === 'record') return `write ${attribute} = { key = "value" }`;
  if (expected === 'array') {
    if (hidden) return `write ${attribute} = ["…"]`;
    // `command = "npm start"` is a list of words: one element "npm start" would name a binary that does not exist.
    const words = value.trim().split(/\s+/).filter(Boolean);
    return `write ${attribute} = [${(words.length ? words : [value]).map((w) => JSON.stringify(w)).join(', ')}]`;
  }
  return undefined;
}

function typeMismatch(issue: Issue & { code: 'invalid_type' }, attribute: string, value: unknown, hidden: Concealed | undefined): Omit<IssueReport, 'path'> {
  if (value === undefined) return { message: 'is required but missing' };
  return {
    message: `expected ${EXPECTED[issue.expected] ?? issue.expected}, got ${describeValue(value, hidden !== undefined)}`,
    hint: quotingHint(attribute, issue.expected, value, hidden),
  };
}

/** Of a union's failed branches, the one for the input's own type says the most ("bad duration"). */
function unionDetail(issue: Issue & { code: 'invalid_union' }, attribute: string, value: unknown, hidden: Concealed | undefined): Omit<IssueReport, 'path'> {
  const wrongType = (branch: Issue[]) => branch.some((i) => i.code === 'invalid_type' && i.path.length === 0);
  const informative = issue.errors.find((branch) => branch.length > 0 && !wrongType(branch));
  if (informative) return detail(informative[0]!, attribute, valueAt(value, toPath(informative[0]!.path)), hidden);
  const expected = [...new Set(issue.errors.flatMap((b) => b.flatMap((i) => (i.code === 'invalid_type' ? [EXPECTED[i.expected] ?? i.expected] : []))))];
  return { message: `expected ${expected.join(' or ')}, got ${describeValue(value, hidden !== undefined)}` };
}

function detail(issue: Issue, attribute: string, value: unknown, hidden: Concealed | undefined): Omit<IssueReport, 'path'> {
  switch (issue.code) {
    case 'invalid_type':
      return typeMismatch(issue, attribute, value, hidden);
    case 'invalid_union':
      return unionDetail(issue, attribute, value, hidden);
    case 'invalid_value': {
      const allowed = issue.values.map(String);
      return {
        message: `must be one of ${listNames(allowed)}`,
        // A suggestion made from a hidden value would tell it apart ("alwayz" is one letter from "always").
        hint: typeof value === 'string' && !hidden ? didYouMean(value, allowed) : undefined,
      };
    }
    case 'too_small':
      if (issue.origin === 'string' && value === '') return { message: 'must not be empty' };
      return { message: `must be at least ${issue.minimum}${issue.origin === 'string' ? ' characters long' : issue.origin === 'array' ? ' items long' : ''}` };
    case 'too_big':
      return { message: `must be at most ${issue.maximum}${issue.origin === 'string' ? ' characters long' : issue.origin === 'array' ? ' items long' : ''}` };
    case 'invalid_format':
      if (issue.format === 'starts_with' && 'prefix' in issue) return { message: `must start with "${String(issue.prefix)}"` };
      return { message: issue.message };
    case 'invalid_key':
    case 'invalid_element':
      return issue.issues[0] ? detail(issue.issues[0], attribute, value, hidden) : { message: issue.message };
    default:
      // Plugin checks may quote what they check (`host port 99999 is out of range`).
      return { message: hidden?.variables ? 'is not valid' : issue.message };
  }
}

export function describeIssues(issues: readonly Issue[], ctx: IssueContext): IssueReport[] {
  const reports: IssueReport[] = [];
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') {
      const at = toPath(issue.path);
      const known = keysAt(ctx.schema, at);
      const within = at.length ? ` in ${formatPath(at)}` : '';
      for (const key of issue.keys) {
        reports.push({
          path: [...at, key],
          message: `unknown attribute "${key}"${within} ${ctx.where}`,
          hint: didYouMean(key, known, known.length ? `known attributes: ${known.join(', ')}` : undefined),
        });
      }
      continue;
    }
    const path = toPath(issue.path);
    const attribute = formatPath(path);
    const unset = ctx.unsetEnv(path);
    if (unset?.length) {
      reports.push({
        path,
        message: `"${attribute}" ${ctx.where}: ${unset.map((n) => `env("${n}")`).join(', ')} is not set`,
        hint: `set ${unset.join(', ')} in the environment (in GitHub Actions: env: or secrets), or remove "${attribute}"`,
        unsetEnv: true,
      });
      continue;
    }
    const hidden = concealed(path, ctx);
    const { message, hint } = detail(issue, attribute, valueAt(ctx.data, path), hidden);
    const note = hidden?.variables ? ` (${sensitiveNote(hidden.variables)})` : '';
    const check = hidden?.variables && `check the value of ${hidden.variables.map((n) => `variable "${n}"`).join(', ')}`;
    reports.push({ path, message: `"${attribute}" ${ctx.where}: ${message}${note}`, hint: hint ?? check });
  }
  return distinct(reports);
}

/**
 * Each report once, in order. Several issues at one path can say the same: every issue at an unset env()
 * value is "not set" (`password = ""` fails `min(1)` and the registry's username/password refine), and
 * every plugin check on a concealed value "is not valid". Different messages at one path are kept.
 */
function distinct(reports: IssueReport[]): IssueReport[] {
  const seen = new Set<string>();
  return reports.filter((report) => {
    const key = JSON.stringify([report.path, report.message]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
