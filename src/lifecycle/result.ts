/** The result object (interface.md §4) and the artifacts file that links a build step to a deploy step. */
import { z } from 'zod';
import { DIGEST_PATTERN, REFERENCE_PATTERN, REPOSITORY_PATTERN, TAG_PATTERN, parseReference } from '../docker/reference.js';
import { UserError } from '../errors.js';
import type { Artifact, Deployment, Phase, PlanResult, RegistryRef, Release } from '../component/index.js';

export type Command = 'up' | 'build' | 'deploy' | 'plan' | 'destroy' | 'status' | 'validate';
export const COMMANDS: readonly Command[] = ['up', 'build', 'deploy', 'plan', 'destroy', 'status', 'validate'];

export interface AppResult {
  ok: boolean;
  artifact: Artifact | null;
  registry: RegistryRef | null;
  deployment: Deployment | null;
  release: Release | null;
  /** Set by `plan`. */
  plan: PlanResult | null;
  /** Set by `destroy`: false when nothing was deployed. */
  destroyed?: boolean;
  timings_ms: Record<Phase, number>;
  error: { phase: Phase | 'config'; message: string } | null;
}

export interface RunResult {
  project: string;
  command: Command;
  ok: boolean;
  apps: Record<string, AppResult>;
}

/** What `--json` and the action's `result` output say when nothing ran: the config, the arguments or the inputs were refused. */
export interface RefusedResult {
  project: null;
  command: Command | null;
  ok: false;
  apps: Record<string, never>;
  error: { phase: 'config'; message: string };
}

export function refusedResult(command: string | undefined, message: string): RefusedResult {
  const known = COMMANDS.find((c) => c === command) ?? null;
  return { project: null, command: known, ok: false, apps: {}, error: { phase: 'config', message } };
}

export function emptyAppResult(): AppResult {
  return {
    ok: false,
    artifact: null,
    registry: null,
    deployment: null,
    release: null,
    plan: null,
    timings_ms: { build: 0, registry: 0, deploy: 0, release: 0 },
    error: null,
  };
}

const artifactSchema = z.object({
  id: z.string(),
  // Builders name images their own way; never option-like or shell-like text, though.
  image: z.string().regex(/^[A-Za-z0-9][\w./:-]*$/, 'not an image name'),
  tag: z.string().regex(TAG_PATTERN, 'not an image tag'),
  imageId: z.string().nullable(),
  labels: z.record(z.string(), z.string()),
  ports: z.array(z.number().int()),
  builder: z.string(),
});

const registryRefSchema = z.object({
  image: z.string().regex(REFERENCE_PATTERN, 'not an image reference'),
  repository: z.string().regex(REPOSITORY_PATTERN, 'not an image repository'),
  tag: z.string(),
  digest: z.string().regex(DIGEST_PATTERN, 'not a sha256 digest').nullable(),
});

/**
 * One entry of the artifacts file (`cs build --output`, action output/input `artifacts`): the artifact,
 * plus the pushed reference when a registry phase ran, so a later deploy runs exactly what was pushed.
 */
export const artifactEntrySchema = artifactSchema.extend({ registry: registryRefSchema.nullable().optional() });
export type ArtifactEntry = z.output<typeof artifactEntrySchema>;
export const artifactsFileSchema = z.record(z.string(), artifactEntrySchema);
export type ArtifactsFile = z.output<typeof artifactsFileSchema>;

/**
 * What a later deploy may run. An app whose push failed (or was cancelled) is left out: its entry would read
 * like a `--no-push` build, and a deploy would run whatever its tag names in the registry.
 */
export function artifactsOf(result: RunResult): ArtifactsFile {
  const out: ArtifactsFile = {};
  for (const [name, app] of Object.entries(result.apps)) {
    if (app.artifact && app.error?.phase !== 'registry') out[name] = { ...app.artifact, registry: app.registry };
  }
  return out;
}

/** A string its platform reports in the deployment's details (`image`, `imageDigest` of a docker deploy), if any. */
export function deploymentDetail(app: AppResult, key: string): string | null {
  const value = app.deployment?.details[key];
  return typeof value === 'string' && value ? value : null;
}

/** The image reference a platform runs: what was pushed, else the local build. */
export function deployableImage(artifact: Artifact | null, registry: RegistryRef | null): string | null {
  if (registry) return registry.image;
  if (artifact) return `${artifact.image}:${artifact.tag}`;
  return null;
}

/**
 * The registry entry for a reference given as it is (`--image REF`): its digest only when REF pins one.
 * Without a tag the engine pulls `latest`, unless a digest alone names the image.
 */
export function registryRefOf(ref: string): RegistryRef {
  const { repository, tag, digest } = parseReference(ref);
  return { image: ref, repository, tag: tag ?? (digest ? '' : 'latest'), digest };
}

/** Reads an artifacts file's text; `source` names it in errors (a path, or the action input). */
export function parseArtifacts(text: string, source: string): ArtifactsFile {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new UserError(`${source} is not valid JSON: ${(err as Error).message}`, 'pass what `cs build --output FILE` wrote, or the `artifacts` output of a build step');
  }
  const parsed = artifactsFileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new UserError(`${source} is not an artifacts object: ${issue.path.join('.') || '(top)'}: ${issue.message}`, 'expected {"<app>": {"image": …, "tag": …, …}} as written by `cs build --output`');
  }
  return parsed.data;
}
