/**
 * One deploy of an app at a time on an engine. Two runs replacing the same container (a push and a manual
 * run on one self-hosted runner) would remove each other's new container and fight over its host ports. The
 * new container is created as `<name>.next` until it takes the app's name: the engine refuses a second
 * container of that name (409), atomically, for any client — so that name is the lock, at no extra cost.
 * A second deploy (or a destroy, which holds the lock too) waits for the first to finish; a `.next` left by a killed run is taken over once the
 * expiry it carries (its run's longest possible deploy) has passed.
 */
import type Docker from 'dockerode';
import type { AppContext } from '../../lifecycle/context.js';
import { sleep } from '../../docker/abort.js';
import { engineError, isConflict, isNotFound } from '../../docker/engine.js';

/** The label holding when a `.next` container's deploy must have ended (ISO 8601). */
export const EXPIRES_LABEL = 'cs.deploy-expires';

const POLL_MS = 500;

/** Project and app names have no dots: no app's container can be called this. */
export function nextName(name: string): string {
  return `${name}.next`;
}

export interface Locked {
  container: Docker.Container;
  /** When the `.next` of a deploy that did not finish was created, if this one took it over. */
  tookOverFrom: Date | null;
}

/**
 * Creates the new container under `spec.name` (a `nextName`), waiting while another deploy of the app holds
 * that name; it expires `lifetimeMs` after it is created. `assertOwned` throws for a stranger's container,
 * which is never touched.
 */
export async function createLocked(ctx: AppContext, docker: Docker, spec: Docker.ContainerCreateOptions, lifetimeMs: number, assertOwned: (holder: Docker.ContainerInspectInfo) => void): Promise<Locked> {
  const name = spec.name!;
  let waiting = false;
  let tookOverFrom: Date | null = null;
  for (;;) {
    try {
      // Counted from this attempt: time spent waiting for another deploy is not taken from this one's.
      const container = await docker.createContainer({ ...spec, Labels: { ...spec.Labels, [EXPIRES_LABEL]: new Date(Date.now() + lifetimeMs).toISOString() } });
      return { container, tookOverFrom };
    } catch (err) {
      if (!isConflict(err)) throw engineError(`cannot create container for ${spec.Image}`, err);
    }
    const holder = await docker
      .getContainer(name)
      .inspect()
      .catch((err: unknown) => (isNotFound(err) ? null : Promise.reject(err)));
    if (!holder) continue; // it finished between our two calls
    assertOwned(holder);
    const labels = holder.Config.Labels ?? {};
    const expires = Date.parse(labels[EXPIRES_LABEL] ?? '');
    if (!(expires > Date.now())) {
      ctx.log.warn(`removing ${name}, left by a deploy that did not finish (it was due to end by ${labels[EXPIRES_LABEL] ?? 'an unknown time'})`);
      await removeIfThere(docker.getContainer(holder.Id));
      tookOverFrom = new Date(holder.Created);
      continue;
    }
    if (!waiting) {
      waiting = true;
      ctx.log.info(`another run is deploying or destroying ${ctx.project}/${ctx.app} (container ${name}, created ${holder.Created}); waiting for it to finish`);
    }
    await sleep(POLL_MS, ctx.signal);
  }
}

/** Removes a container unless it is gone already or another client is removing it (404, 409). */
export async function removeIfThere(container: Docker.Container): Promise<void> {
  await container.remove({ force: true }).catch((err: unknown) => (isNotFound(err) || isConflict(err) ? undefined : Promise.reject(err)));
}
