/**
 * The four component interfaces every builtin plugin implements some of, and the values that flow
 * between lifecycle phases (seed: pkg/component). Every field here ends up in the result object, so
 * none may ever hold a secret value.
 */
import type { AppContext } from '../lifecycle/context.js';

export type Phase = 'build' | 'registry' | 'deploy' | 'release';
export const PHASES: readonly Phase[] = ['build', 'registry', 'deploy', 'release'];

export interface Artifact {
  id: string;
  /** Repository without tag, e.g. `shopacr.azurecr.io/web`. */
  image: string;
  tag: string;
  imageId: string | null;
  labels: Record<string, string>;
  ports: number[];
  builder: string;
}

export interface RegistryRef {
  /** `repo:tag@sha256:…` when the digest is known, else `repo:tag`. */
  image: string;
  repository: string;
  tag: string;
  digest: string | null;
}

export type DeploymentStatus = 'healthy' | 'unhealthy' | 'pending' | 'stopped' | 'missing' | 'unknown';

export interface Deployment {
  id: string;
  platform: string;
  name: string;
  status: DeploymentStatus;
  url: string | null;
  details: Record<string, unknown>;
}

export interface Release {
  id: string;
  status: string;
  url: string | null;
  details: Record<string, unknown>;
}

/** What deploy and plan receive: the reference to run (the pushed one when a registry phase ran). */
export interface DeployInput {
  artifact: Artifact | null;
  registry: RegistryRef | null;
  /** The image reference the platform must run: `registry.image`, else `artifact.image:tag`, else `--image`. */
  image: string;
  /** The registry stanza's credentials, for pulling from the host it pushed to (see Registry.pullAuth). */
  pullAuth?: PullAuth | null;
}

export interface PullAuth {
  /** The registry host these credentials are for: never sent anywhere else. */
  registry: string;
  username: string;
  password: string;
}

export interface PlanResult {
  changes: boolean;
  /** One human line, e.g. `image web:1 → web:2`. */
  summary: string;
  /** Longer diff (nomad-pack plan output), shown in the job summary. */
  diff: string | null;
  /** The image the deploy would run; the run sets it, not the plugin. */
  image?: string;
}

export interface Builder {
  build(ctx: AppContext): Promise<Artifact>;
}

export interface Registry {
  push(ctx: AppContext, artifact: Artifact): Promise<RegistryRef>;
  /**
   * The credentials `push` would use for `artifact`, and the host they are for: a deploy in another job (a
   * fresh engine) pulls what was pushed with them. Without an artifact (deploy --image), those for the host
   * the stanza pushes to, when it names one. Null when the stanza gives none.
   */
  pullAuth?(ctx: AppContext, artifact: Artifact | null): PullAuth | null;
}

export interface Platform {
  deploy(ctx: AppContext, input: DeployInput): Promise<Deployment>;
  /** Removes the app's deployment; false when nothing was deployed. */
  destroy(ctx: AppContext): Promise<boolean>;
  /** The current deployment, or null when nothing is deployed. */
  status(ctx: AppContext): Promise<Deployment | null>;
  plan(ctx: AppContext, input: DeployInput): Promise<PlanResult>;
}

export interface ReleaseManager {
  release(ctx: AppContext, deployment: Deployment): Promise<Release>;
}

export interface ComponentByPhase {
  build: Builder;
  registry: Registry;
  deploy: Platform;
  release: ReleaseManager;
}
