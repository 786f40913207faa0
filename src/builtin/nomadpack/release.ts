/**
 * nomadpack as release manager: promotes the canaries of the deployment the deploy phase left
 * waiting (`POST /v1/deployment/promote/:id`) and follows it until the whole rollout is healthy.
 * A deploy that did not wait (`wait = false`) may leave canaries still starting: Nomad refuses to
 * promote those, so the release first waits until they are healthy.
 */
import type { Deployment, Release, ReleaseManager } from '../../component/index.js';
import { UserError } from '../../errors.js';
import type { AppContext } from '../../lifecycle/context.js';
import { NomadClient } from '../../nomad/client.js';
import { shortId } from '../../nomad/describe.js';
import { resolveConnection } from './connection.js';
import { PLATFORM } from './platform.js';
import type { NomadpackConfig } from './schema.js';
import { withinTimeout, type WatchTuning } from './timebox.js';

export class NomadPackRelease implements ReleaseManager {
  constructor(
    private readonly config: NomadpackConfig,
    private readonly tuning: WatchTuning = {},
  ) {}

  async release(ctx: AppContext, deployment: Deployment): Promise<Release> {
    if (deployment.platform !== PLATFORM) {
      throw new UserError(`nomadpack release needs a nomadpack deployment, got one from "${deployment.platform}"`, 'use `release { use = "noop" }` with other platforms');
    }
    const client = new NomadClient(resolveConnection(this.config, ctx));
    const ids = deploymentIds(deployment);
    const namespaces = deploymentNamespaces(deployment);
    const promoted = await withinTimeout(ctx, client, this.config.timeout, `release of "${deployment.name}"`, this.tuning, async (watcher, signal) => {
      const done: string[] = [];
      for (const id of ids) {
        const namespace = namespaces.get(id);
        if ((await watcher.deploymentOutcome(id, { stopAtPromotion: true }, namespace)) !== 'awaiting-promotion') continue;
        ctx.log.info(`nomadpack: promoting canaries of deployment ${shortId(id)}`);
        await client.inNamespace(namespace).promoteDeployment(id, signal);
        done.push(id);
        await watcher.deploymentOutcome(id, { stopAtPromotion: false }, namespace);
      }
      return done;
    });
    return ctx.redactor.redactValue({
      id: deployment.id,
      status: promoted.length ? 'promoted' : 'healthy',
      url: deployment.url,
      details: { deployment_ids: ids, promoted_deployment_ids: promoted },
    });
  }
}

/** The namespace of each deployment's job, as the deploy phase recorded it (a pack may choose its own). */
function deploymentNamespaces(deployment: Deployment): Map<string, string> {
  const jobs = Array.isArray(deployment.details.jobs) ? (deployment.details.jobs as unknown[]) : [];
  const pairs = jobs.flatMap((j) => {
    const { deployment_id: id, namespace } = (j ?? {}) as Record<string, unknown>;
    return typeof id === 'string' && typeof namespace === 'string' ? [[id, namespace] as const] : [];
  });
  return new Map(pairs);
}

/** The Nomad deployments the deploy phase started (a pack may hold several jobs; batch jobs none). */
function deploymentIds(deployment: Deployment): string[] {
  const ids = deployment.details.deployment_ids;
  return Array.isArray(ids) ? ids.filter((i): i is string => typeof i === 'string') : [deployment.id];
}
