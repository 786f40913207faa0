/** Runs a zod schema over an interpolated value and files each issue at its attribute's position. */
import type { z } from 'zod';
import type { Interpolator } from './interpolate.js';
import { describeIssues } from './issues.js';
import type { Path } from './positions.js';
import type { Problems } from './problems.js';
import type { Phase } from '../component/index.js';
import type { SourcePos } from '../errors.js';
import type { ComponentNames } from '../plugin/types.js';

export interface LoadContext {
  problems: Problems;
  interpolator: Interpolator;
  /** What each stanza's plugin names after the project and app, checked once every app is read. */
  names: StanzaNames[];
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
export function validate<S extends z.ZodType>(schema: S, data: unknown, base: Path, where: string, ctx: LoadContext): z.output<S> | undefined {
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  const reports = describeIssues(result.error.issues, {
    where,
    schema,
    data,
    unsetEnv: (path) => ctx.interpolator.unsetEnvAt([...base, ...path]),
  });
  for (const report of reports) {
    const path = [...base, ...report.path];
    if (!ctx.interpolator.failedAt(path)) ctx.problems.at(path, report.message, report.hint);
  }
  return undefined;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
