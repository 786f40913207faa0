/**
 * Pure argv builders for nomad-pack. Every value is its own array element — nothing here is ever
 * joined into a shell string — so tests can pin the exact command lines with tables.
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
  /** The pushed image, passed first as `--var <variable>=<ref>`. */
  image?: { variable: string; ref: string };
  variables: Readonly<Record<string, unknown>>;
  /** Absolute paths, passed as `-f` in order (nomad-pack: last wins). */
  variableFiles: readonly string[];
}

export type PackCommand = 'run' | 'plan' | 'destroy';

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
  // destroy finds the jobs by the deployment name nomad-pack stored in their meta; passing variables
  // would make it re-render the pack, which then needs every required variable (the image too).
  if (command === 'destroy') return args;
  if (command === 'run' && inv.detach) args.push('--detach');
  if (command === 'plan') {
    args.push('--exit-code-no-changes', String(PLAN_EXIT.noChanges), '--exit-code-makes-changes', String(PLAN_EXIT.makesChanges), '--exit-code-error', String(PLAN_EXIT.error));
  }
  if (inv.image) args.push('--var', `${inv.image.variable}=${inv.image.ref}`);
  for (const [name, value] of Object.entries(inv.variables)) args.push('--var', `${name}=${formatVariable(value)}`);
  for (const file of inv.variableFiles) args.push('-f', file);
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
 * A variable's value as nomad-pack parses `--var k=v`: strings verbatim, numbers and bools as their
 * text, lists and maps as JSON — which is valid HCL for tuples and objects.
 */
export function formatVariable(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value ?? null);
}
