/**
 * One deploy of an app at a time on an engine. Two runs replacing the same container (a push and a manual
 * run on one self-hosted runner) would remove each other's new container and fight over its host ports. The
 * new container is created as `<name>.next` until it takes the app's name: the engine refuses a second
 * container of that name (409), atomically, for any client — so that name is the lock, at no extra cost.
 * A second deploy (or a destroy, which holds the lock too) waits for the first to finish; a `.next` left by a killed run is taken over once the
 * expiry it carries (its run's longest possible deploy) has passed, or at once when its run was a process of
 * this machine that is gone (a cancelled job's next run on the same runner should not wait minutes).
 */
import { readFileSync, readlinkSync } from 'node:fs';
import { hostname } from 'node:os';
import type Docker from 'dockerode';
import type { AppContext } from '../../lifecycle/context.js';
import { sleep } from '../../docker/abort.js';
import { engineError, isConflict, isNotFound } from '../../docker/engine.js';

/** The label holding when a `.next` container's deploy must have ended (ISO 8601). */
export const EXPIRES_LABEL = 'cs.deploy-expires';
/** The label naming the process that holds the lock: `<machine> <pid> <start time>`. */
export const HOLDER_LABEL = 'cs.deploy-holder';

/**
 * This machine as no other: its boot (a random id per boot, unlike host names and namespace inodes, which
 * clones and containers share), its host name and PID namespace. Null off Linux: then no holder is named,
 * and only the expiry frees a lock.
 */
function machineId(): string | null {
  try {
    return [readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim(), hostname(), readlinkSync('/proc/self/ns/pid')].join('/');
  } catch {
    return null;
  }
}

/** When process `pid` started (clock ticks since boot, /proc/<pid>/stat field 22): a reused PID has another; null when none runs. */
function startTime(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch {
    return null;
  }
}

function holderId(pid: number): string | null {
  const machine = machineId();
  const started = startTime(pid);
  return machine && started ? `${machine} ${pid} ${started}` : null;
}

/**
 * True when `holder` names a process of this machine that has ended: no process has its PID, or one that
 * started at another time (the PID was reused). A holder on another machine (a shared remote engine) is
 * never judged: its lock waits for its expiry.
 */
export function holderGone(holder: string | undefined): boolean {
  const [machine, pid, started] = holder?.split(' ') ?? [];
  if (!machine || machine !== machineId() || !/^\d+$/.test(pid ?? '')) return false;
  return startTime(Number(pid)) !== started;
}

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
      const holder = holderId(process.pid);
      const labels = { ...spec.Labels, [EXPIRES_LABEL]: new Date(Date.now() + lifetimeMs).toISOString(), ...(holder && { [HOLDER_LABEL]: holder }) };
      const container = await docker.createContainer({ ...spec, Labels: labels });
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
    const gone = holderGone(labels[HOLDER_LABEL]);
    if (gone || !(expires > Date.now())) {
      const why = gone ? `its process ${labels[HOLDER_LABEL]!.split(' ')[1]} has exited` : `it was due to end by ${labels[EXPIRES_LABEL] ?? 'an unknown time'}`;
      ctx.log.warn(`removing ${name}, left by a deploy that did not finish (${why})`);
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
