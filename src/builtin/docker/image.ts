/** Making sure the image to deploy is on the engine: local first, else pulled with the resolved credentials. */
import type Docker from 'dockerode';
import type { PullAuth } from '../../component/index.js';
import type { AppContext } from '../../lifecycle/context.js';
import { UserError } from '../../errors.js';
import { resolveCredentials } from '../../docker/credentials.js';
import { engine, isNotFound } from '../../docker/engine.js';
import { formatReference, parseReference, registryHost, repositoryPath } from '../../docker/reference.js';
import { transfer } from '../../docker/transfer.js';

export interface LocalImage {
  /** What the container is created from: `repo@sha256:…` when pinned (the engine resolves it exactly), else `repo:tag`. */
  runRef: string;
  /** The image id. */
  id: string;
  /** The registry's manifest digest: the pinned one, else the engine's record for this repository; null for a local build. */
  digest: string | null;
}

export function runReference(image: string): string {
  const ref = parseReference(image);
  return ref.digest ? `${ref.repository}@${ref.digest}` : formatReference({ ...ref, tag: ref.tag ?? 'latest' });
}

/** Inspects without pulling (plan must touch nothing); null when the engine does not have it. */
export async function inspectLocal(runRef: string): Promise<Docker.ImageInspectInfo | null> {
  try {
    return await (await engine()).getImage(runRef).inspect();
  } catch (err) {
    if (isNotFound(err)) return null;
    throw err;
  }
}

export interface EnsureOptions {
  /** `pull_timeout`. */
  timeoutMs?: number;
  /** The registry stanza's credentials, used only when they are for the image's registry. */
  pullAuth?: PullAuth | null;
  retryDelayMs?: number;
  /** Why the image cannot be pulled, when it was never pushed (a build's local tag): then it must be here. */
  notPulled?: string;
}

export async function ensureImage(ctx: AppContext, image: string, { timeoutMs, pullAuth, retryDelayMs, notPulled }: EnsureOptions = {}): Promise<LocalImage> {
  const runRef = runReference(image);
  const ref = parseReference(image);
  let info = await inspectLocal(runRef);
  if (!info && notPulled) throw new UserError(`${image} is not on this engine: ${notPulled}`, 'deploy where it was built, or push builds (a registry stanza) so any engine can pull them');
  if (!info) {
    const registry = registryHost(ref.repository);
    const resolution = await resolveCredentials({ registry, stanza: pullAuth ?? undefined, stanzaHost: pullAuth?.registry, env: ctx.env, redactor: ctx.redactor, signal: ctx.signal });
    await transfer(ctx, {
      verb: 'pull',
      ref: runRef,
      registry,
      resolution,
      retryDelayMs,
      timeout: { ms: timeoutMs, setting: 'pull_timeout' },
      start: async (signal) => (await engine()).createImage(resolution.credentials?.auth ?? {}, { fromImage: ref.repository, tag: ref.digest ?? ref.tag ?? 'latest', abortSignal: signal }),
    });
    info = await (await engine()).getImage(runRef).inspect();
  }
  // RepoDigests ("repo@sha256:…") is what the engine pulled or pushed this image as; `repo@<image id>` never pulls.
  const recorded = info.RepoDigests?.map(parseReference).find((d) => sameRepository(d.repository, ref.repository))?.digest ?? null;
  return { runRef, id: info.Id, digest: ref.digest ?? recorded };
}

/** `busybox`, `library/busybox` and `docker.io/library/busybox` are one repository (the engine records the first). */
function sameRepository(a: string, b: string): boolean {
  const path = (r: string) => repositoryPath(r).replace(/^library\//, '');
  return registryHost(a) === registryHost(b) && path(a) === path(b);
}
