/**
 * nomadpack as release manager: promotes the canaries of the deployment the deploy phase left
 * waiting (`POST /v1/deployment/promote/:id`) and follows it until the whole rollout is healthy.
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
    const promoted = await withinTimeout(ctx, client, this.config.timeout, `release of "${deployment.name}"`, this.tuning, async (watcher, signal) => {
      const done: string[] = [];
      for (const id of ids) {
        const { value: d } = await client.deployment(id, { signal });
        if (Object.values(d.TaskGroups ?? {}).some((g) => (g.DesiredCanaries ?? 0) > 0 && !g.Promoted)) {
          ctx.log.info(`nomadpack: promoting canaries of deployment ${shortId(id)}`);
          await client.promoteDeployment(id, signal);
          done.push(id);
        }
        await watcher.deploymentOutcome(id, { stopAtPromotion: false });
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

/** The Nomad deployments the deploy phase started (a pack may hold several jobs; batch jobs none). */
function deploymentIds(deployment: Deployment): string[] {
  const ids = deployment.details.deployment_ids;
  return Array.isArray(ids) ? ids.filter((i): i is string => typeof i === 'string') : [deployment.id];
}
