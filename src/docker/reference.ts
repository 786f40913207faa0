/**
 * Image references the way the Docker engine reads them: `[host[:port]/]path[:tag][@digest]`. The first
 * path component is a registry host only when it looks like one (has `.` or `:`, or is `localhost`);
 * otherwise the image lives on Docker Hub.
 */
export interface ImageReference {
  /** Repository including the registry host when one was written, e.g. `127.0.0.1:5000/shop/web`. */
  repository: string;
  tag: string | null;
  digest: string | null;
}

export const DOCKER_HUB = 'docker.io';

export function parseReference(ref: string): ImageReference {
  const at = ref.indexOf('@');
  const digest = at >= 0 ? ref.slice(at + 1) : null;
  const named = at >= 0 ? ref.slice(0, at) : ref;
  const colon = named.lastIndexOf(':');
  const hasTag = colon > named.lastIndexOf('/');
  return { repository: hasTag ? named.slice(0, colon) : named, tag: hasTag ? named.slice(colon + 1) : null, digest };
}

/** `repo:tag@sha256:…`, dropping the parts that are absent. */
export function formatReference(ref: ImageReference): string {
  return `${ref.repository}${ref.tag ? `:${ref.tag}` : ''}${ref.digest ? `@${ref.digest}` : ''}`;
}

/** The registry host a repository lives on (`docker.io` when none is written). */
export function registryHost(repository: string): string {
  const first = repository.split('/')[0] ?? '';
  return repository.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost') ? first : DOCKER_HUB;
}

/** The repository without its registry host, e.g. `shop/web`. */
export function repositoryPath(repository: string): string {
  return registryHost(repository) === DOCKER_HUB && !repository.startsWith(`${DOCKER_HUB}/`) ? repository : repository.slice(repository.indexOf('/') + 1);
}

/**
 * A registry address as users write it (`https://x.azurecr.io/`, `https://index.docker.io/v1/`) reduced
 * to the host the engine uses, so config keys, env values and image names compare equal.
 */
export function normaliseRegistry(address: string): string {
  const host = address.trim().replace(/^[a-z]+:\/\//i, '').replace(/\/.*$/, '').toLowerCase();
  return ['index.docker.io', 'registry-1.docker.io', 'registry.hub.docker.com'].includes(host) ? DOCKER_HUB : host;
}

/** The path a registry address is written with (`ghcr.io/acme` → `acme`), where images go under it; none for Docker Hub's URLs. */
export function registryPath(address: string): string {
  if (normaliseRegistry(address) === DOCKER_HUB) return '';
  return address.trim().replace(/^[a-z]+:\/\//i, '').replace(/^[^/]*\/?/, '').replace(/\/+$/, '').toLowerCase();
}

// The grammar of github.com/distribution/reference: what the engine accepts, so anything else is refused
// before it reaches docker's argv or the Engine API (and never looks like an option, e.g. `--privileged`).
const COMPONENT = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const DOMAIN = '(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*(?::\\d+)?';
const REPOSITORY = `(?:${DOMAIN}/)?${COMPONENT}(?:/${COMPONENT})*`;
const TAG = '\\w[\\w.-]{0,127}';
const DIGEST = 'sha256:[a-f0-9]{64}';

/** `[host[:port]/]path`, without a tag. */
export const REPOSITORY_PATTERN = new RegExp(`^${REPOSITORY}$`);
export const TAG_PATTERN = new RegExp(`^${TAG}$`);
export const DIGEST_PATTERN = new RegExp(`^${DIGEST}$`);
/** `repo[:tag][@sha256:…]`. */
export const REFERENCE_PATTERN = new RegExp(`^${REPOSITORY}(?::${TAG})?(?:@${DIGEST})?$`);
