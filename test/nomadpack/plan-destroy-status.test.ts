import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Harness, input, PUSHED } from './harness.js';

const stanza = { deployment_name: 'web', pack: 'cloud_service', variables: { count: 1 } };

let h: Harness;
beforeEach(async () => {
  h = await Harness.start();
});
afterEach(async () => {
  await h.close();
});

describe('nomadpack plan', () => {
  it('exit 1 means changes, with the diff', async () => {
    h.scenario({ plan: { exit: 1 } });
    const plan = await h.platform(stanza).plan(h.context(), input);
    expect(plan.changes).toBe(true);
    expect(plan.summary).toBe(`nomad-pack: "web" would change (image ${PUSHED})`);
    expect(plan.diff).toContain('+/- Job: "cloud_service"');
    expect(plan.diff).toContain(`+/- image: "previous" => "${PUSHED}"`);
    expect(h.invocations()[0]!.argv.slice(0, 4)).toEqual(['plan', 'cloud_service', '--name', 'web']);
  });

  it('exit 0 means no changes', async () => {
    h.scenario({ plan: { exit: 0 } });
    const plan = await h.platform(stanza).plan(h.context(), input);
    expect(plan).toMatchObject({ changes: false, summary: 'nomad-pack: "web" is up to date' });
    expect(plan.diff).toContain('Plan succeeded');
  });

  it.each([
    [0, false],
    [1, true],
  ])('outcome %i is read the same whatever NOMAD_PACK_PLAN_EXIT_CODE_* say', async (exit, changes) => {
    h.scenario({ plan: { exit } });
    const env = { NOMAD_PACK_PLAN_EXIT_CODE_NO_CHANGES: '1', NOMAD_PACK_PLAN_EXIT_CODE_MAKES_CHANGES: '0', NOMAD_PACK_PLAN_EXIT_CODE_ERROR: '1' };
    expect(await h.platform(stanza).plan(h.context(env), input)).toMatchObject({ changes });
  });

  it('exit 255 is an error', async () => {
    h.scenario({ plan: { exit: 255 } });
    await expect(h.platform(stanza).plan(h.context(), input)).rejects.toThrow(/nomad-pack plan for "web" failed: .*no path to region/);
  });
});

describe('nomadpack destroy and status', () => {
  it('status is null before a deploy, the deployment after it, and null again after destroy', async () => {
    const platform = h.platform(stanza);
    const ctx = h.context();
    expect(await platform.status(ctx)).toBeNull();

    const deployed = await platform.deploy(ctx, input);
    const status = await platform.status(ctx);
    expect(status).toMatchObject({ id: deployed.id, platform: 'nomad', name: 'web', status: 'healthy' });
    expect(status!.details).toMatchObject({ job_ids: ['cloud_service'], job_version: 0, deployment_status: 'successful' });

    const runs = h.invocations().length;
    expect(await platform.destroy(ctx)).toBe(true);
    expect(h.invocations()).toHaveLength(runs); // through Nomad's API: nomad-pack would re-render the pack
    expect(h.api.jobs.has('cloud_service')).toBe(false);
    expect(await platform.status(ctx)).toBeNull();
    // Nothing left: a second destroy succeeds and says so, where nomad-pack itself fails ("no jobs found").
    expect(await platform.destroy(ctx)).toBe(false);
  });

  it('destroy removes only this deployment\'s jobs: another app of the same pack keeps running', async () => {
    const platform = h.platform(stanza);
    await platform.deploy(h.context(), input);
    const other = h.platform({ ...stanza, deployment_name: 'api', variables: { job_name: 'api' } });
    await other.deploy(h.context(), input);
    expect([...h.api.jobs.keys()].sort()).toEqual(['api', 'cloud_service']);
    expect(await platform.destroy(h.context())).toBe(true);
    expect([...h.api.jobs.keys()]).toEqual(['api']);
    expect(await other.status(h.context())).toMatchObject({ name: 'api', status: 'healthy' });
  });

  it('status reports the live job of a deployment, not one nomad-pack stopped when the pack stopped rendering it', async () => {
    const ctx = h.context();
    await h.platform({ ...stanza, variables: { job_name: 'a-old' } }).deploy(ctx, input);
    await h.platform({ ...stanza, variables: { job_name: 'b-new' } }).deploy(ctx, input);
    await fetch(`${h.api.url}/v1/job/a-old`, { method: 'DELETE' }); // stopped, not purged, as nomad-pack 0.4.2 does
    expect(await h.platform(stanza).status(ctx)).toMatchObject({ details: { job_ids: ['a-old', 'b-new'], job_status: 'running' } });
  });

  it('status reports a failed latest deployment as unhealthy', async () => {
    h.api.outcome = 'failed';
    const platform = h.platform(stanza);
    await platform.deploy(h.context(), input).catch(() => undefined);
    expect(await platform.status(h.context())).toMatchObject({ status: 'unhealthy', details: { deployment_status: 'failed' } });
  });
});
