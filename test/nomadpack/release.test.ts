import { afterEach, beforeEach, describe, expect, it } from 'vitest';
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
