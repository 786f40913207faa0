import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NomadClient } from '../../src/nomad/client.js';
import { Harness, input } from './harness.js';

const stanza = { deployment_name: 'web', pack: 'cloud_service', variables: { count: 3 } };

let h: Harness;
beforeEach(async () => {
  h = await Harness.start();
});
afterEach(async () => {
  await h.close();
});

describe('nomadpack release', () => {
  it('deploy stops at healthy canaries; release promotes them and waits until the rollout is healthy', async () => {
    h.api.outcome = 'canary';
    const ctx = h.context();
    const deployment = await h.platform(stanza).deploy(ctx, input);
    expect(deployment.status).toBe('pending');
    expect(deployment.details.awaiting_promotion).toBe(true);
    expect(h.api.deployments.get(deployment.id)!.Status).toBe('running');

    const release = await h.release(stanza).release(ctx, deployment);
    expect(release).toMatchObject({ id: deployment.id, status: 'promoted', details: { promoted_deployment_ids: [deployment.id] } });
    expect(h.api.requests.some((r) => r.method === 'POST' && r.path === `/v1/deployment/promote/${deployment.id}`)).toBe(true);
    const final = h.api.deployments.get(deployment.id)!;
    expect(final.Status).toBe('successful');
    expect(final.TaskGroups.app).toMatchObject({ Promoted: true, HealthyAllocs: 3 });
    expect(ctx.output()).toMatch(/promoting canaries of deployment [0-9a-f]{8}/);
  });

  /** A scheduler slow enough that the canaries are still starting when a deploy that did not wait returns. */
  async function slowScheduler(): Promise<void> {
    await h.close();
    h = await Harness.start({ stepMs: 150 });
    h.api.outcome = 'canary';
  }

  it('after a deploy that did not wait, promotes the canaries only once they are healthy', async () => {
    await slowScheduler();
    const config = { ...stanza, wait: false };
    const ctx = h.context();
    const deployment = await h.platform(config).deploy(ctx, input);
    expect(h.api.deployments.get(deployment.id)!.TaskGroups.app).toMatchObject({ HealthyAllocs: 0 });

    const release = await h.release(config).release(ctx, deployment);
    expect(release).toMatchObject({ status: 'promoted', details: { promoted_deployment_ids: [deployment.id] } });
    expect(h.api.deployments.get(deployment.id)).toMatchObject({ Status: 'successful', TaskGroups: { app: { Promoted: true, HealthyAllocs: 3 } } });
    expect(ctx.output()).toMatch(/canaries healthy, waiting for promotion[\s\S]*promoting canaries of deployment/);
  });

  it('says why Nomad refused a promotion, from every line of its error', async () => {
    await slowScheduler();
    const deployment = await h.platform({ ...stanza, wait: false }).deploy(h.context(), input);
    const refused = new NomadClient({ address: h.api.url }).promoteDeployment(deployment.id);
    await expect(refused).rejects.toThrow(
      `Nomad API /v1/deployment/promote/${deployment.id} answered 500: rpc error: 1 error occurred: * Task group "app" has 0/1 healthy allocations`,
    );
  });

  it('without canaries only confirms the deployment is healthy', async () => {
    const deployment = await h.platform(stanza).deploy(h.context(), input);
    const release = await h.release(stanza).release(h.context(), deployment);
    expect(release.status).toBe('healthy');
    expect(h.api.requests.some((r) => r.path.startsWith('/v1/deployment/promote/'))).toBe(false);
  });

  it('refuses deployments from other platforms', async () => {
    const other = { id: 'x', platform: 'docker', name: 'web', status: 'healthy' as const, url: null, details: {} };
    await expect(h.release(stanza).release(h.context(), other)).rejects.toThrow(/needs a nomadpack deployment/);
  });
});
