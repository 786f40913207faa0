/**
 * The docker registry phase: tag the built image as the target repository and push it through the
 * Engine API with explicit credentials. The digest comes from the push stream, so `RegistryRef.image`
 * pins exactly what was pushed.
 */
import type { Artifact, PullAuth, RegistryRef } from '../../component/index.js';
import { UserError } from '../../errors.js';
import type { AppContext } from '../../lifecycle/context.js';
import { resolveCredentials } from '../../docker/credentials.js';
import { engine, type ProgressEvent } from '../../docker/engine.js';
import { DOCKER_HUB, formatReference, normaliseRegistry, registryHost, registryPath, repositoryPath } from '../../docker/reference.js';
import { transfer } from '../../docker/transfer.js';
import type { DockerRegistryConfig } from './schema.js';

export interface PushTarget {
  repository: string;
  tag: string;
  registry: string;
}

/**
 * `image` (default: the artifact's) goes to `registry` (stanza, else `REGISTRY_URL`) under `namespace`
 * unless the image already names a registry host.
 */
export function pushTarget(config: DockerRegistryConfig, artifact: Pick<Artifact, 'image' | 'tag'>, env: Readonly<Record<string, string | undefined>>): PushTarget {
  const image = config.image ?? artifact.image;
  const registry = config.registry ?? env.REGISTRY_URL;
  let repository = image;
  if (!namesItsRegistry(image)) {
    // `registry = "ghcr.io/acme"`: the path written with the registry comes first, then the namespace.
    const path = [registry && registryPath(registry), config.namespace, config.namespace ? repositoryPath(image) : image].filter(Boolean).join('/');
    repository = registry ? `${normaliseRegistry(registry)}/${path}` : path;
  }
  return { repository: repository.toLowerCase(), tag: config.tag ?? artifact.tag, registry: registryHost(repository) };
}

/** `ghcr.io/acme/web`, `docker.io/acme/web`: the image is pushed where it says, whatever the stanza's registry. */
function namesItsRegistry(image: string): boolean {
  return registryHost(image) !== DOCKER_HUB || image.startsWith(`${DOCKER_HUB}/`);
}

export async function pushImage(ctx: AppContext, config: DockerRegistryConfig, artifact: Artifact, retryDelayMs?: number): Promise<RegistryRef> {
  const target = pushTarget(config, artifact, ctx.env);
  if ((config.registry || config.namespace) && config.image && namesItsRegistry(config.image)) {
    ctx.log.warn(`image ${config.image} names its registry: registry and namespace are not used; push target ${target.repository}`);
  }
  const resolution = await resolveCredentials({ registry: target.registry, stanza: config.auth ?? config, env: ctx.env, redactor: ctx.redactor, signal: ctx.signal });
  const docker = await engine();
  await docker.getImage(artifact.imageId ?? `${artifact.image}:${artifact.tag}`).tag({ repo: target.repository, tag: target.tag });
  const ref = `${target.repository}:${target.tag}`;
  if (config.insecure) ctx.log.info(`insecure = true: plain-HTTP registries work only when the engine lists ${target.registry} in "insecure-registries" (127.0.0.0/8 is allowed by default)`);
  const events = await transfer(ctx, {
    verb: 'push',
    ref,
    registry: target.registry,
    resolution,
    retryDelayMs,
    timeout: { ms: config.push_timeout, setting: 'push_timeout' },
    start: (signal) => docker.getImage(ref).push({ tag: target.tag, authconfig: resolution.credentials?.auth, abortSignal: signal }),
  });
  const digest = digestFromEvents(events);
  if (!digest) throw new UserError(`pushed ${ref} but the engine reported no digest`, 'check the registry and engine logs');
  return { image: formatReference({ repository: target.repository, tag: target.tag, digest }), repository: target.repository, tag: target.tag, digest };
}

/**
 * The stanza's own credentials (not env or docker config, which a deploy finds by itself) for where `artifact`
 * was pushed. Without an artifact the host comes from the stanza's `image` or `registry` alone: with neither,
 * it would be the build's image name, unknown here, and credentials go to no host they were not written for.
 */
export function pullAuth(config: DockerRegistryConfig, artifact: Artifact | null, env: Readonly<Record<string, string | undefined>>): PullAuth | null {
  const { username, password } = config.auth ?? config;
  if (!username || !password) return null;
  if (artifact) return { registry: pushTarget(config, artifact, env).registry, username, password };
  if (!config.image && !config.registry && !env.REGISTRY_URL) return null;
  return { registry: pushTarget(config, { image: config.image ?? 'image', tag: '' }, env).registry, username, password };
}

export function digestFromEvents(events: ProgressEvent[]): string | null {
  for (const e of events) {
    const digest = e.aux?.Digest ?? /digest: (sha256:[a-f0-9]{64})/.exec(e.status ?? '')?.[1];
    if (digest) return digest;
  }
  return null;
}
