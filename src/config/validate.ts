/** Runs a zod schema over an interpolated value and files each issue at its attribute's position. */
import type { z } from 'zod';
import type { Interpolator } from './interpolate.js';
import { describeIssues, valueAt } from './issues.js';
import type { Path } from './positions.js';
import type { Problems } from './problems.js';
import type { Phase } from '../component/index.js';
import type { ConfigError, SourcePos } from '../errors.js';
import type { ComponentNames } from '../plugin/types.js';
import type { Pending } from './types.js';

export interface LoadContext {
  problems: Problems;
  interpolator: Interpolator;
  /** What each stanza's plugin names after the project and app, checked once every app is read. */
  names: StanzaNames[];
  /** Problems only a run that uses their stanza or block has (see Pending). */
  pending: Pending[];
}

export interface StanzaNames {
  app: string;
  phase: Phase;
  names: ComponentNames;
  /** The stanza's. */
  pos: SourcePos;
  /** Where an attribute of the stanza is written, or the stanza when it is not. */
  at(attribute: string): SourcePos;
}

/** Undefined when invalid (the problems are recorded); `base` is the value's path in the document. */
export function validate<S extends z.ZodType>(schema: S, raw: unknown, base: Path, where: string, ctx: LoadContext): z.output<S> | undefined {
  const { result, data } = parseConverting(schema, raw, (path) => ctx.interpolator.scalarFromReference([...base, ...(path as Path)]));
  if (result.success) return result.data;
  const reports = describeIssues(result.error.issues, {
    where,
    schema,
    data,
    unsetEnv: (path) => ctx.interpolator.unsetEnvAt([...base, ...path]),
    sensitive: (path) => ctx.interpolator.sensitiveAt([...base, ...path]),
  });
  for (const report of reports) {
    const path = [...base, ...report.path];
    if (ctx.interpolator.failedAt(path)) continue;
    if (report.unsetEnv) ctx.problems.defer(path, report.message, report.hint);
    else ctx.problems.at(path, report.message, report.hint);
  }
  return undefined;
}

/**
 * As validate, for a stanza or block whose only problems are unset env() values (credentials a fork's
 * pull request, `validate` or another app's run does not have): `pending` holds them and `value` the
 * unvalidated data, for a run to refuse only if it uses them.
 */
export function validateOrPending<S extends z.ZodType>(schema: S, raw: unknown, base: Path, where: string, ctx: LoadContext): { value: z.output<S>; pending?: undefined } | { value: unknown; pending: ConfigError[] } | undefined {
  const before = ctx.problems.count;
  const value = validate(schema, raw, base, where, ctx);
  if (value !== undefined) return { value };
  const pending = ctx.problems.takeDeferred(base);
  if (pending.length === 0) return undefined;
  // Other problems too: the config is wrong whatever the environment; report the unset values with them.
  if (ctx.problems.count > before) {
    for (const e of pending) ctx.problems.add(e.message, e.pos, e.hint);
    return undefined;
  }
  return { value: raw, pending };
}

/**
 * As HCL converts for a string attribute, a number or bool that a reference gave where a string is expected
 * becomes its text: `tag = "${var.build}"` is the number 42 (a lone interpolation keeps its type) and means
 * "42". One written as such (`tag = 1.10`, which would read "1.1") stays an error that says to quote it.
 */
function parseConverting<S extends z.ZodType>(schema: S, raw: unknown, fromReference: (path: readonly PropertyKey[]) => boolean): { result: z.ZodSafeParseResult<z.output<S>>; data: unknown } {
  let data = raw;
  for (;;) {
    const result = schema.safeParse(data) as z.ZodSafeParseResult<z.output<S>>;
    const scalars = result.success ? [] : result.error.issues.filter((i) => i.code === 'invalid_type' && i.expected === 'string' && i.path.length > 0 && isScalar(valueAt(data, i.path)) && fromReference(i.path));
    if (scalars.length === 0) return { result, data };
    data = structuredClone(data);
    for (const issue of scalars) setAt(data, issue.path, String(valueAt(data, issue.path)));
  }
}

function isScalar(value: unknown): value is number | boolean {
  return typeof value === 'number' || typeof value === 'boolean';
}

function setAt(data: unknown, path: readonly PropertyKey[], value: string): void {
  const parent = valueAt(data, path.slice(0, -1)) as Record<PropertyKey, unknown>;
  parent[path.at(-1)!] = value;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
