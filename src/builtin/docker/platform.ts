/**
 * The docker platform: one container per app on the local engine, replaced so that a failed deploy
 * leaves the previous version serving. Containers carry `cs.*` labels; status, destroy and plan find
 * them by those labels and the container name.
 */
import { randomBytes } from 'node:crypto';
import type Docker from 'dockerode';
import type { Deployment, DeployInput, Platform, PlanResult } from '../../component/index.js';
import { CancelledError, UserError } from '../../errors.js';
import type { AppContext } from '../../lifecycle/context.js';
import { finishBeforeExit } from '../../lifecycle/signals.js';
import { demuxLogs, engine, isNotFound } from '../../docker/engine.js';
import { ensureImage, inspectLocal, runReference } from './image.js';
import { createLocked, nextName, removeIfThere } from './deploy-lock.js';
import { settingChanges } from './drift.js';
import { healthSettings, waitHealthy } from './health.js';
import { enginePorts, parsePort, portKey, portsClash, publishedAddress, type PortMapping } from './ports.js';
import { containerName, type DockerDeployConfig } from './schema.js';

export const LABEL = {
  project: 'cs.project',
  app: 'cs.app',
  deploymentId: 'cs.deployment-id',
  image: 'cs.image',
  imageDigest: 'cs.image-digest',
  /** The configured container name: two configs may deploy one project/app under different names (prod, staging). */
  name: 'cs.name',
} as const;

/** Lines of the failed container's log carried in the error. */
const LOG_TAIL = 20;
/** Seconds a container gets to stop before SIGKILL. */
const STOP_TIMEOUT_S = 10;
/** A deploy's longest run beyond stopping the old container and wait_timeout: start, renames, rollback. */
const LOCK_MARGIN_S = 60;

export class DockerPlatform implements Platform {
  constructor(private readonly config: DockerDeployConfig) {}

  async deploy(ctx: AppContext, input: DeployInput): Promise<Deployment> {
    const name = containerName(this.config, ctx);
    // An unpushed build is deployed by its tag, which a later build may have moved: run what was built, or nothing.
    const built = !input.registry && input.artifact?.imageId;
    const notPulled = built ? 'the artifacts record a build that was not pushed to any registry' : undefined;
    const image = await ensureImage(ctx, input.image, { timeoutMs: this.config.pull_timeout, pullAuth: input.pullAuth, notPulled });
    if (built && image.id !== built) {
      throw new UserError(`${input.image} now names image ${image.id.slice(7, 19)}, not ${built.slice(7, 19)} that the artifacts record: it was rebuilt since`, 'build again and deploy that, or push builds to a registry so the artifacts pin a digest');
    }
    const docker = await engine();
    const id = randomBytes(6).toString('hex');
    const ports = (this.config.ports ?? []).map(parsePort);
    // Created first: its name is the app's deploy lock, so what runs now is read only once no other deploy is under way.
    const spec = this.containerSpec(ctx, nextName(name), id, input.image, image.runRef, image.digest, ports);
    const health = healthSettings(this.config);
    const lifetimeMs = (STOP_TIMEOUT_S + LOCK_MARGIN_S) * 1000 + health.waitTimeoutMs;
    const { container: fresh, tookOverFrom } = await createLocked(ctx, docker, spec, lifetimeMs, (holder) => assertOwned(holder, ctx));
    let old: Docker.ContainerInspectInfo | null;
    try {
      const [named, owned] = await Promise.all([this.named(ctx), listOwned(ctx, name)]);
      old = named ?? (await newestRunning(owned));
      await removeStale(ctx, owned, [old?.Id, fresh.id]);
      // A deploy killed after stopping the old container (to free its ports) left nothing serving: serve it again first.
      if (old && tookOverFrom && !old.State.Running && Date.parse(old.State.FinishedAt) >= tookOverFrom.getTime()) {
        ctx.log.warn(`starting ${name} again: a deploy that did not finish had stopped it`);
        await docker.getContainer(old.Id).start();
        old = await docker.getContainer(old.Id).inspect();
      }
    } catch (err) {
      await fresh.remove({ force: true }).catch(() => undefined);
      throw err;
    }
    // A host port cannot be bound twice: when the old container holds one the new one wants, it must stop first
    // (and is kept to roll back to). On the host's network an app binds host ports itself, whatever `ports` says.
    const hostNetwork = this.config.network === 'host';
    const stopOld = old?.State.Running === true && (hostNetwork || old.HostConfig.NetworkMode === 'host' || portsClash(ports, old.NetworkSettings.Ports));
    const oldContainer = old ? docker.getContainer(old.Id) : null;
    ctx.log.info(`deploying ${input.image} as ${name} (deployment ${id}${stopOld ? '; stopping the previous container first to free its host ports' : ''})`);
    // Until the new container serves under the name or the old one is back, a second signal waits for this
    // (cancelled by the first, it ends promptly): exiting halfway would leave nothing serving.
    const info = await finishBeforeExit(
      (async () => {
        let movedAside = false;
        try {
          if (stopOld) await stopOrKill(oldContainer!, ctx.signal);
          CancelledError.throwIfAborted(ctx.signal);
          await fresh.start().catch((err: unknown) => Promise.reject(new StartRefused(err)));
          const started = await fresh.inspect();
          const how = await waitHealthy(ctx, fresh, started, health, probeAddress(started, ports, this.config.healthcheck?.port, hostNetwork));
          ctx.log.info(`${name} is healthy (${how})`);
          // A cancelled run must not swap, or it would report "cancelled" with the new version serving.
          CancelledError.throwIfAborted(ctx.signal);
          // The name moves by two renames, which either both happen or are undone below.
          if (oldContainer) await oldContainer.rename({ name: `${name}-replaced-by-${id}` });
          movedAside = oldContainer !== null;
          await fresh.rename({ name });
          return started;
        } catch (err) {
          if (movedAside) await oldContainer?.rename({ name }).catch(() => undefined);
          throw await rollBack(ctx, { name, fresh, oldContainer: stopOld ? oldContainer : null, before: !old ? 'none' : old.State.Running ? 'running' : 'stopped', cause: err });
        }
      })(),
    );
    // The new container serves under the app's name: the old one is only clutter now, and a later deploy removes leftovers.
    await oldContainer?.remove({ force: true }).catch((err: Error) => ctx.log.warn(`could not remove the previous container (${err.message}); the next deploy removes it`));
    // Its inspection after start holds the ports; it is healthy now and named, so no inspect that could fail after the swap.
    return { ...toDeployment(info, ports), name, status: 'healthy' };
  }

  async destroy(ctx: AppContext): Promise<boolean> {
    const docker = await engine();
    const name = containerName(this.config, ctx);
    const owned = await listOwned(ctx, name);
    if (owned.length === 0) return false;
    // Holding the app's deploy lock (a created, never started `.next`) while removing: a deploy under way
    // finishes first, and none starts meanwhile, so a deploy never loses its containers halfway.
    const spec = { name: nextName(name), Image: owned[0]!.ImageID, Labels: { ...ownLabels(ctx, name), [LABEL.deploymentId]: randomBytes(6).toString('hex') } };
    const { container: lock } = await createLocked(ctx, docker, spec, LOCK_MARGIN_S * 1000, (holder) => assertOwned(holder, ctx));
    try {
      for (const c of await listOwned(ctx, name)) {
        if (c.Id === lock.id) continue;
        ctx.log.info(`removing container ${c.Names[0]?.replace(/^\//, '') ?? c.Id}`);
        await removeIfThere(docker.getContainer(c.Id));
      }
      return true;
    } finally {
      await removeIfThere(lock);
    }
  }

  async status(ctx: AppContext): Promise<Deployment | null> {
    const info = await this.current(ctx);
    return info ? toDeployment(info, (this.config.ports ?? []).map(parsePort)) : null;
  }

  async plan(ctx: AppContext, input: DeployInput): Promise<PlanResult> {
    const name = containerName(this.config, ctx);
    const info = await this.current(ctx);
    if (!info) return { changes: true, summary: `create container ${name} running ${input.image}`, diff: null };
    const running = info.Config.Labels?.[LABEL.image] ?? info.Config.Image;
    // Compare image ids when the new image is local: the same tag may now name another image, and the running
    // container may name this one by its pushed reference (registry/repo:tag@digest) rather than the built tag.
    const [local, image] = await Promise.all([inspectLocal(runReference(input.image)), inspectLocal(info.Image)]);
    const sameImage = local ? local.Id === info.Image : running === input.image;
    const settings = settingChanges(info, image, this.config, (this.config.ports ?? []).map(parsePort), { ...ctx.labels, ...this.config.labels });
    const state = info.State.Status === 'running' ? '' : ` (currently ${info.State.Status})`;
    if (sameImage && settings.length === 0 && !state) return { changes: false, summary: `container ${name} already runs ${input.image}`, diff: null };
    const changes = [...(sameImage ? [] : [`image ${running} → ${input.image}`]), ...settings];
    return { changes: true, summary: `container ${name}: ${changes.join('; ') || `runs ${input.image}`}${state}`, diff: null };
  }

  /**
   * The container serving the app: the one under its name or, when a failed rename left it under another,
   * the newest running container of the app's — never a leftover to remove before the new one is healthy.
   */
  private async current(ctx: AppContext): Promise<Docker.ContainerInspectInfo | null> {
    const name = containerName(this.config, ctx);
    return (await this.named(ctx)) ?? newestRunning((await listOwned(ctx, name)).filter((c) => !c.Names.includes(`/${nextName(name)}`)));
  }

  /** The app's container under its configured name; refuses to touch a same-named container we do not own. */
  private async named(ctx: AppContext): Promise<Docker.ContainerInspectInfo | null> {
    const name = containerName(this.config, ctx);
    let info: Docker.ContainerInspectInfo;
    try {
      info = await (await engine()).getContainer(name).inspect();
    } catch (err) {
      if (isNotFound(err)) return null;
      throw err;
    }
    assertOwned(info, ctx);
    return info;
  }

  private containerSpec(ctx: AppContext, name: string, id: string, image: string, runRef: string, digest: string | null, ports: PortMapping[]): Docker.ContainerCreateOptions {
    const { ExposedPorts, PortBindings } = enginePorts(ports);
    return {
      name,
      Image: runRef,
      Cmd: this.config.command,
      Env: Object.entries(this.config.env ?? {}).map(([k, v]) => `${k}=${v}`),
      Labels: { ...ctx.labels, ...this.config.labels, ...ownLabels(ctx, containerName(this.config, ctx)), [LABEL.deploymentId]: id, [LABEL.image]: image, ...(digest && { [LABEL.imageDigest]: digest }) },
      ExposedPorts,
      HostConfig: {
        PortBindings,
        NetworkMode: this.config.network,
        RestartPolicy: this.config.restart ? { Name: this.config.restart } : undefined,
        // A real PID 1 forwards SIGTERM and reaps zombies: apps that never expected to be PID 1 stop at once.
        Init: true,
      },
    };
  }
}

/**
 * Stops the old container gracefully (its app may take up to STOP_TIMEOUT_S to drain). A cancel meanwhile
 * kills it instead: the rollback starts it again, and waiting out the drain would outlast the runner's
 * SIGTERM-to-SIGKILL grace.
 */
async function stopOrKill(container: Docker.Container, signal: AbortSignal): Promise<void> {
  CancelledError.throwIfAborted(signal); // not stopped: the rollback finds it serving
  const kill = () => void container.kill().catch(() => undefined);
  signal.addEventListener('abort', kill, { once: true });
  try {
    // 304: already stopped, by the kill when it reached the engine first.
    await container.stop({ t: STOP_TIMEOUT_S }).catch((err: { statusCode?: number }) => (err.statusCode === 304 ? undefined : Promise.reject(err)));
  } finally {
    signal.removeEventListener('abort', kill);
  }
}

/** The engine refused to start the new container (a host port another process holds): in the engine's own words. */
class StartRefused extends Error {
  constructor(cause: unknown) {
    // Without dockerode's "(HTTP code 500) server error -".
    super((cause as { json?: { message?: string } } | null)?.json?.message ?? (cause instanceof Error ? cause.message : String(cause)));
  }
}

/** Containers of this app other than the current and the new one: left behind by an interrupted deploy. */
async function removeStale(ctx: AppContext, owned: Docker.ContainerInfo[], keep: (string | undefined)[]): Promise<void> {
  for (const c of owned) {
    if (keep.includes(c.Id)) continue;
    ctx.log.info(`removing leftover container ${c.Names[0]?.replace(/^\//, '') ?? c.Id} from an earlier deploy`);
    await removeIfThere((await engine()).getContainer(c.Id));
  }
}

/**
 * Ours: deployed by cs for this app. Built images carry cs.project and cs.app too, and so does every container
 * anyone runs from them (`docker run` to debug); only cs's own containers get a deployment id.
 */
function owns(labels: Record<string, string>, ctx: AppContext): boolean {
  return labels[LABEL.project] === ctx.project && labels[LABEL.app] === ctx.app && Boolean(labels[LABEL.deploymentId]);
}

/** What marks a container as the app's under `name` (with a deployment id: see owns). */
function ownLabels(ctx: AppContext, name: string): Record<string, string> {
  return { [LABEL.project]: ctx.project, [LABEL.app]: ctx.app, [LABEL.name]: name };
}

/** Refuses to touch a container under one of the app's names that cs did not deploy for it. */
function assertOwned(info: Docker.ContainerInspectInfo, ctx: AppContext): void {
  if (owns(info.Config.Labels ?? {}, ctx)) return;
  throw new UserError(`container ${info.Name.replace(/^\//, '')} exists but was not deployed by cloudstation for ${ctx.project}/${ctx.app}`, 'remove it, or set deploy.name to another container name');
}

/** The app's containers under this container name (those from before the name label count too). */
async function listOwned(ctx: AppContext, name: string): Promise<Docker.ContainerInfo[]> {
  const all = await (await engine()).listContainers({ all: true, filters: { label: [`${LABEL.project}=${ctx.project}`, `${LABEL.app}=${ctx.app}`, LABEL.deploymentId] } });
  return all.filter((c) => (c.Labels[LABEL.name] ?? name) === name);
}

async function newestRunning(owned: Docker.ContainerInfo[]): Promise<Docker.ContainerInspectInfo | null> {
  const newest = owned.filter((c) => c.State === 'running').sort((a, b) => b.Created - a.Created)[0];
  return newest ? (await engine()).getContainer(newest.Id).inspect() : null;
}

/** Where the HTTP probe reaches the app: its published port or, on the host's network (nothing is published), the port itself. */
function probeAddress(info: Docker.ContainerInspectInfo, ports: PortMapping[], port: number | undefined, hostNetwork: boolean): string | null {
  const mapping = ports.find((p) => p.protocol === 'tcp' && (!port || p.containerPort === port));
  if (hostNetwork) return port || mapping ? `127.0.0.1:${port ?? mapping!.containerPort}` : null;
  return mapping ? publishedAddress(info.NetworkSettings.Ports, portKey(mapping)) : null;
}

interface RollBack {
  name: string;
  fresh: Docker.Container;
  /** The previous container when we stopped it to free its host ports. */
  oldContainer: Docker.Container | null;
  /** The previous container's state before this deploy. */
  before: 'none' | 'running' | 'stopped';
  cause: unknown;
}

/** Removes the new container and brings the old one back; the error carries the new one's last log lines. */
async function rollBack(ctx: AppContext, r: RollBack): Promise<Error> {
  // A cancelled run reports no logs, and every moment counts before the runner's SIGKILL.
  const cancelled = r.cause instanceof CancelledError;
  const logs = cancelled ? '' : await r.fresh
    .logs({ stdout: true, stderr: true, tail: LOG_TAIL, follow: false })
    .then((buf) => demuxLogs(buf as unknown as Buffer).trimEnd())
    .catch(() => '');
  // Stopped at once (its ports freed), not yet removed: its name is the deploy lock, held until the old container serves again.
  if (r.oldContainer) await r.fresh.stop({ t: 0 }).catch(() => undefined);
  let previous = { none: 'nothing was running before', running: 'the previous container keeps serving', stopped: 'the previous container stays stopped, as it was' }[r.before];
  // 304: it was never stopped (the run was cancelled first), and serves as before.
  const restart = r.oldContainer ? await r.oldContainer.start().then(() => 'started', (err: Error & { statusCode?: number }) => (err.statusCode === 304 ? 'running' : err)) : null;
  const restartError = restart instanceof Error ? restart : null;
  if (restartError) previous = `the previous container could not be restarted: ${restartError.message}`;
  else if (restart === 'started') previous = 'the previous container was started again';
  await r.fresh.remove({ force: true }).catch((err: Error) => ctx.log.warn(`could not remove the failed container: ${err.message}`));
  if (cancelled) {
    ctx.log[restartError ? 'warn' : 'info'](`deploy of ${r.name} cancelled: ${previous}`);
    return r.cause as CancelledError;
  }
  const reason = r.cause instanceof Error ? r.cause.message : String(r.cause);
  const tail = logs ? `\nlast log lines of the new container:\n${logs}` : '\n(the new container wrote no log lines)';
  const hint =
    r.cause instanceof StartRefused
      ? 'the engine could not start the new container: free the host port another process holds, or change `ports`/`network` in the deploy stanza'
      : 'the log lines above come from the new container; fix the image or its healthcheck settings';
  return new UserError(ctx.redactor.redact(`deploy of ${r.name} failed: ${reason}; ${previous}${tail}`), hint);
}

function toDeployment(info: Docker.ContainerInspectInfo, ports: PortMapping[]): Deployment {
  const labels = info.Config.Labels ?? {};
  const tcp = ports.find((p) => p.protocol === 'tcp');
  const address = tcp ? publishedAddress(info.NetworkSettings.Ports, portKey(tcp)) : null;
  const health = info.State.Health?.Status;
  const state = info.State;
  const status = !state.Running || state.Paused ? 'stopped' : state.Restarting || health === 'unhealthy' ? 'unhealthy' : health === 'starting' ? 'pending' : 'healthy';
  return {
    id: labels[LABEL.deploymentId] ?? info.Id.slice(0, 12),
    platform: 'docker',
    name: info.Name.replace(/^\//, ''),
    status,
    url: address ? `http://${address}` : null,
    details: { containerId: info.Id, image: labels[LABEL.image] ?? info.Config.Image, imageDigest: labels[LABEL.imageDigest] ?? null, startedAt: info.State.StartedAt },
  };
}
