import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CancelledError, errorMessage } from '../../src/errors.js';
import { deadPort } from '../helpers/net.js';
import { Harness, input, PUSHED } from './harness.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const stanza = { deployment_name: 'web', pack: 'cloud_service', registry_name: 'cloudstation-packs', variables: { count: 2 } };

let h: Harness;
beforeEach(async () => {
  h = await Harness.start();
});
afterEach(async () => {
  await h.close();
});

async function failure(run: Promise<unknown>): Promise<string> {
  const err = await run.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err, 'expected the deploy to fail').not.toBeNull();
  return errorMessage(err);
}

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((r) => setTimeout(r, 5));
}

const gets = () => h.api.requests.filter((r) => r.method === 'GET').length;
const broken = { ...input, image: 'registry.example.com/shop/web:broken' };

describe('nomadpack deploy', () => {
  it('runs the pack with the pushed image and returns the healthy Nomad deployment', async () => {
    h.api.manual = true;
    const ctx = h.context();
    const deploying = h.platform(stanza).deploy(ctx, input);
    // Advance the scheduler only once the watch follows the deployment, so every transition is seen.
    await h.api.step(); // evaluation complete, deployment running
    while (!h.api.requests.some((r) => r.path.startsWith('/v1/deployment/') && Number(r.query.index) > 0)) await new Promise((r) => setTimeout(r, 5));
    for (let i = 0; i < 4; i++) await h.api.step();
    const deployment = await deploying;

    const nomadDeployment = h.api.latestDeployment('cloud_service')!;
    expect(deployment).toMatchObject({ id: nomadDeployment.ID, platform: 'nomad', name: 'web', status: 'healthy', url: null });
    expect(deployment.id).toMatch(UUID);
    expect(deployment.details).toMatchObject({
      job_ids: ['cloud_service'],
      deployment_ids: [nomadDeployment.ID],
      job_version: 0,
      image: PUSHED,
    });
    expect((deployment.details.evaluation_ids as string[])[0]).toMatch(UUID);

    const [run] = h.invocations();
    expect(run!.argv).toEqual(['run', 'cloud_service', '--name', 'web', '--registry', 'cloudstation-packs', '--detach', '--var', `image=${PUSHED}`, '--var', 'count=2']);
    expect(run!.env.NOMAD_ADDR).toBe(h.api.url);
    // Progress is logged as it changes, per task group.
    expect(ctx.output()).toMatch(/deployment [0-9a-f]{8} running: app: 0\/2 placed, 0 healthy, 0 unhealthy/);
    expect(ctx.output()).toMatch(/deployment [0-9a-f]{8} running: app: 2\/2 placed, 0 healthy, 0 unhealthy/);
    expect(ctx.output()).toMatch(/deployment [0-9a-f]{8} successful: app: 2\/2 placed, 2 healthy, 0 unhealthy/);
    // The watch used blocking queries.
    expect(h.api.requests.some((r) => r.path.startsWith('/v1/deployment/') && Number(r.query.index) > 0 && r.query.wait)).toBe(true);
  });

  it('fails naming the task group and the unhealthy allocations\' task events', async () => {
    h.api.outcome = 'failed';
    const message = await failure(h.platform(stanza).deploy(h.context(), input));
    expect(message).toMatch(/deployment [0-9a-f]{8} of job "cloud_service" version 0 failed: Failed due to unhealthy allocations/);
    expect(message).toContain('task groups "app"');
    expect(message).toMatch(/allocation [0-9a-f]{8} \(app, failed\) task "app": Driver Failure: Failed to pull `.*`: manifest unknown — failed to pull image ".*": manifest unknown/);
    expect(message).toContain('Not Restarting: Error was unrecoverable');
  });

  it('follows an auto-revert and still reports the deploy as failed', async () => {
    const platform = h.platform(stanza);
    await platform.deploy(h.context(), input);
    h.api.outcome = 'auto-revert';
    const ctx = h.context();
    const message = await failure(platform.deploy(ctx, { ...input, image: 'registry.example.com/shop/web:broken' }));

    const rollback = h.api.latestDeployment('cloud_service')!;
    expect(rollback.JobVersion).toBe(2);
    expect(message).toContain('rolling back to job version 0');
    expect(message).toContain(`auto-reverted to job version 0: rollback deployment ${rollback.ID.slice(0, 8)} successful`);
    expect(ctx.output()).toMatch(/Nomad is rolling back to job version 0/);
  });

  it('keeps the deploy\'s failure when `timeout` runs out during its auto-revert', async () => {
    const platform = h.platform({ ...stanza, timeout: '2s' });
    await platform.deploy(h.context(), input);
    h.api.outcome = 'auto-revert';
    h.api.revertOutcome = 'stuck';
    const message = await failure(platform.deploy(h.context(), broken));
    expect(message).toMatch(/deployment [0-9a-f]{8} of job "cloud_service" version 1 failed: Failed due to unhealthy allocations - rolling back to job version 0/);
    expect(message).toContain('task groups "app"');
    expect(message).toContain('Driver Failure: Failed to pull `registry.example.com/shop/web:broken`: manifest unknown');
    expect(message).toContain('auto-revert to job version 0 was still in progress when the timeout ran out');
  });

  it('a cancel during the auto-revert stays a cancellation', async () => {
    const platform = h.platform(stanza);
    await platform.deploy(h.context(), input);
    h.api.outcome = 'auto-revert';
    h.api.revertOutcome = 'stuck';
    const cancel = new AbortController();
    const deploying = platform.deploy({ ...h.context(), signal: cancel.signal }, broken);
    await until(() => {
      const rollback = h.api.latestDeployment('cloud_service')!;
      return rollback.JobVersion === 2 && h.api.requests.some((r) => r.path === `/v1/deployment/${rollback.ID}`);
    });
    cancel.abort('SIGINT');
    await expect(deploying).rejects.toThrow(new CancelledError('SIGINT'));
  });

  it('polls about once a second, not in a loop, when Nomad answers without X-Nomad-Index', async () => {
    h.api.manual = true;
    h.api.omitIndex = true;
    const deploying = h.platform(stanza).deploy(h.context(), input);
    await h.api.step(); // evaluation complete, deployment running
    const before = gets();
    await new Promise((r) => setTimeout(r, 1_500));
    expect(gets() - before).toBeLessThanOrEqual(5);
    for (let i = 0; i < 4; i++) await h.api.step();
    expect((await deploying).status).toBe('healthy');
  });

  it('asks again at once, without a poll pause, whenever X-Nomad-Index advances', async () => {
    h.api.manual = true;
    const deploying = h.platform(stanza).deploy(h.context(), input);
    await h.api.step(); // evaluation complete, deployment running
    const following = () => h.api.requests.filter((r) => r.path.startsWith('/v1/deployment/') && Number(r.query.index) > 0).length;
    await until(() => following() > 0);
    const [asked, stepped] = [following(), Date.now()];
    await h.api.step(); // allocations placed: the blocking query returns
    await until(() => following() > asked);
    expect(Date.now() - stepped).toBeLessThan(300);
    for (let i = 0; i < 3; i++) await h.api.step();
    expect((await deploying).status).toBe('healthy');
  });

  it('gives up after `timeout`, saying where the rollout stood', async () => {
    h.api.outcome = 'stuck';
    const started = Date.now();
    const message = await failure(h.platform({ ...stanza, timeout: '2s' }).deploy(h.context(), input));
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(message).toMatch(/nomadpack deployment "web" did not finish within 2s; last seen: deployment [0-9a-f]{8} running: app: 2\/2 placed, 0 healthy, 0 unhealthy/);
    expect(message).toContain('raise `timeout`');
  });

  it('reports placement failures (nomad-pack exit 2) with the scheduler\'s reasons', async () => {
    h.scenario({ detach: false, run: { exit: 2 } });
    h.api.outcome = 'placement';
    const message = await failure(h.platform(stanza).deploy(h.context(), input));
    expect(message).toContain('job "cloud_service" could not be placed: task group "app" failed to place 2 allocations');
    expect(message).toContain('resources exhausted on 1 nodes; dimension "memory" exhausted on 1 nodes');
    expect(h.invocations()[0]!.argv).not.toContain('--detach');
  });

  it('reports a render failure (exit 255) without touching Nomad', async () => {
    h.scenario({ run: { render: 'fail' } });
    const message = await failure(h.platform(stanza).deploy(h.context(), input));
    expect(message).toMatch(/nomad-pack could not render pack for "web" \(exit code 255\): .*required variable not set/);
    expect(message).toContain('hint: check the pack variables');
    expect(h.api.requests.filter((r) => r.path.startsWith('/v1/'))).toEqual([]);
  });

  it('with wait = false returns once scheduled, without following the deployment', async () => {
    h.api.outcome = 'stuck';
    const deployment = await h.platform({ ...stanza, wait: false }).deploy(h.context(), input);
    expect(deployment.status).toBe('pending');
    expect(deployment.id).toBe(h.api.latestDeployment('cloud_service')!.ID);
    expect(h.api.requests.some((r) => r.path.startsWith('/v1/deployment/'))).toBe(false);
  });

  it('keeps the registry token out of argv, logs, errors and the result', async () => {
    const token = 'ghp_registryTokenValue0123456789';
    const ctx = h.context();
    const config = { ...stanza, registry_source: 'github.com/example/packs', registry_ref: 'v1', registry_token: token };
    const platform = h.platform(config);
    const deployment = await platform.deploy(ctx, input);
    h.api.outcome = 'failed';
    const message = await failure(platform.deploy(ctx, { ...input, image: 'registry.example.com/shop/web:1.5' }));

    const [add, run] = h.invocations();
    expect(add!.argv).toEqual(['registry', 'add', 'cloudstation-packs', 'github.com/example/packs', '--ref', 'v1']);
    const basic = Buffer.from(`x-access-token:${token}`).toString('base64');
    expect(add!.env).toMatchObject({ GIT_CONFIG_COUNT: '1', GIT_CONFIG_KEY_0: 'http.https://github.com/.extraheader', GIT_CONFIG_VALUE_0: `Authorization: Basic ${basic}` });
    expect(run!.argv).toContain('--ref');
    for (const inv of h.invocations()) expect(JSON.stringify(inv.argv)).not.toContain(token);
    for (const text of [ctx.output(), message, JSON.stringify(deployment)]) {
      expect(text).not.toContain(token);
      expect(text).not.toContain(basic);
    }
  });

  it('bounds a hanging `registry add` by `timeout` and deploys nothing', async () => {
    h.scenario({ registry: { hang: true } });
    const started = Date.now();
    const message = await failure(h.platform({ ...stanza, registry_source: 'github.com/example/packs', timeout: '1s' }).deploy(h.context(), input));
    expect(Date.now() - started).toBeLessThan(4_000);
    expect(message).toContain('nomad-pack registry add cloudstation-packs (github.com/example/packs) did not finish within 1s');
    expect(message).toContain('hint: check that registry_source can be cloned from here');
    expect(message).toContain('raise `timeout` in the stanza');
    expect(h.invocations().map((i) => i.argv.slice(0, 2))).toEqual([['registry', 'add']]);
    expect(h.api.requests).toEqual([]);
  });

  it('accepts a registry that already exists', async () => {
    h.scenario({ registry: { exists: true } });
    const deployment = await h.platform({ ...stanza, registry_source: 'https://github.com/example/packs' }).deploy(h.context(), input);
    expect(deployment.status).toBe('healthy');
  });

  it('an unchanged deploy is no new job version, and reports the deployment that already rolled it out', async () => {
    const platform = h.platform(stanza);
    const first = await platform.deploy(h.context(), input);
    const again = await platform.deploy(h.context(), input);
    expect(again).toMatchObject({ id: first.id, status: 'healthy', details: { job_version: 0 } });
    expect(h.api.jobs.get('cloud_service')!.Version).toBe(0);
  });

  it('deploys the embedded cloud_service pack from a copy at the same path every run (nomad-pack records it in the job), named after the deployment', async () => {
    const deployment = await h.platform({ deployment_name: 'shop-web', use_embedded: true, variables: { port: 80 } }).deploy(h.context(), input);
    const [run] = h.invocations();
    const packDir = run!.argv[1]!;
    const ctx = h.context();
    expect(packDir).toBe(join(ctx.env.RUNNER_TEMP!, 'packs', `cloud_service-${packDir.split('cloud_service-')[1]!.split('/')[0]}`, 'cloud_service'));
    expect(packDir).toMatch(/\/packs\/cloud_service-[0-9a-f]{16}\/cloud_service$/);
    // A second deploy, a fresh process: the same path, so the job's meta does not change with it.
    await h.platform({ deployment_name: 'shop-web', use_embedded: true, variables: { port: 80 } }).deploy(ctx, input);
    expect(h.invocations()[1]!.argv[1]).toBe(packDir);
    expect(h.api.jobs.get('shop-web')!.Meta!['pack.path']).toBe(packDir);
    expect(run!.packFiles).toEqual(['metadata.hcl', 'templates/_helpers.tpl', 'templates/cloud_service.nomad.tpl', 'variables.hcl']);
    expect(run!.argv).toEqual(['run', packDir, '--name', 'shop-web', '--detach', '--var', `image=${PUSHED}`, '--var', 'port=80', '--var', 'job_name=shop-web']);
    expect(deployment.details.job_ids).toEqual(['shop-web']);
  });

  it('passes the Nomad connection from the stanza, and the token only in the environment', async () => {
    h.api.requiredToken = 'nomad-acl-secret-token';
    const ctx = h.context();
    const deployment = await h.platform({ ...stanza, nomad_addr: h.api.url, nomad_token: 'nomad-acl-secret-token', namespace: 'default', region: 'global' }).deploy(ctx, input);
    expect(deployment.status).toBe('healthy');
    expect(h.invocations()[0]!.env).toMatchObject({ NOMAD_TOKEN: 'nomad-acl-secret-token', NOMAD_NAMESPACE: 'default', NOMAD_REGION: 'global' });
    const apiCalls = h.api.requests.filter((r) => r.path.startsWith('/v1/') && r.path !== '/v1/jobs');
    expect(apiCalls.every((r) => r.token === 'nomad-acl-secret-token' && r.query.namespace === 'default' && r.query.region === 'global')).toBe(true);
    expect(ctx.output() + JSON.stringify(deployment)).not.toContain('nomad-acl-secret-token');
  });

  it.each([
    ['a periodic job', { periodic: true, jobType: 'batch' }],
    ['a parameterized job', { parameterized: true, jobType: 'batch' }],
    ['a periodic job, with no IDs in the output', { periodic: true, jobType: 'batch', announce: false }],
  ])('reports %s as registered: Nomad starts nothing until it is launched', async (_name, run) => {
    h.scenario({ run });
    const deployment = await h.platform(stanza).deploy(h.context(), input);
    expect(deployment).toMatchObject({ id: 'cloud_service', status: 'healthy', details: { job_ids: ['cloud_service'], deployment_ids: [], evaluation_ids: [] } });
    expect(deployment.details.jobs).toEqual([expect.objectContaining({ job_id: 'cloud_service', outcome: 'registered' })]);
    expect(h.api.evaluations.size).toBe(0);
  });

  it('follows a job the pack puts in its own namespace, there and through the release', async () => {
    h.api.outcome = 'canary';
    const config = { ...stanza, variables: { count: 2, namespace: 'team-a' } };
    const ctx = h.context();
    const deployment = await h.platform(config).deploy(ctx, input);
    expect(deployment).toMatchObject({ status: 'pending', details: { awaiting_promotion: true, jobs: [expect.objectContaining({ namespace: 'team-a' })] } });
    expect(h.api.jobs.get('cloud_service')!.Namespace).toBe('team-a');
    expect(await h.release(config).release(ctx, deployment)).toMatchObject({ status: 'promoted' });
    expect(h.api.deployments.get(deployment.id)!.Status).toBe('successful');
    const jobCalls = h.api.requests.filter((r) => r.path.startsWith('/v1/job/') || r.path.startsWith('/v1/deployment'));
    expect(jobCalls.length).toBeGreaterThan(0);
    expect(jobCalls.filter((r) => r.query.namespace !== 'team-a')).toEqual([]);
  });

  it('without IDs in nomad-pack\'s output, follows the evaluation of the new version to its failing deployment', async () => {
    await h.close();
    h = await Harness.start({ stepMs: 300 }); // a scheduler slower than the lookup of the job
    h.api.outcome = 'failed';
    h.scenario({ run: { announce: false } });
    const message = await failure(h.platform(stanza).deploy(h.context(), input));
    expect(message).toMatch(/deployment [0-9a-f]{8} of job "cloud_service" version 0 failed: Failed due to unhealthy allocations/);
    expect(message).toContain('Driver Failure');
  });

  it('without IDs in nomad-pack\'s output, reports the healthy deployment of the new version', async () => {
    h.scenario({ run: { announce: false } });
    const platform = h.platform(stanza);
    await platform.deploy(h.context(), input);
    const deployment = await platform.deploy(h.context(), { ...input, image: 'registry.example.com/shop/web:2' });
    const latest = h.api.latestDeployment('cloud_service')!;
    expect(latest.JobVersion).toBe(1);
    expect(deployment).toMatchObject({ id: latest.ID, status: 'healthy', details: { job_version: 1, deployment_ids: [latest.ID] } });
  });

  it('treats empty NOMAD_* variables (a missing secret) as unset, like nomad-pack', async () => {
    const ctx = h.context({ NOMAD_ADDR: '', NOMAD_TOKEN: '', NOMAD_NAMESPACE: '', NOMAD_REGION: '' });
    await h.platform(stanza).plan(ctx, input);
    const { env } = h.invocations()[0]!;
    expect(env).toEqual({ NOMAD_ADDR: 'http://127.0.0.1:4646' });
  });

  it('sends user:password from the address as Basic auth and keeps the password out of messages', async () => {
    const password = 'pA55-w0rd-in-the-addr';
    const address = (url: string) => url.replace('http://', `http://ci:${encodeURIComponent(password)}@`);
    const ctx = h.context({ NOMAD_ADDR: address(h.api.url) });
    const deployment = await h.platform(stanza).deploy(ctx, input);
    expect(deployment.status).toBe('healthy');
    expect(h.api.requests.length).toBeGreaterThan(0);
    expect(h.api.requests.filter((r) => r.basicAuth !== `ci:${password}`)).toEqual([]);

    const unreachable = address(`http://127.0.0.1:${await deadPort()}`);
    const message = await failure(h.platform(stanza).status(h.context({ NOMAD_ADDR: unreachable })));
    expect(message).toMatch(/cannot reach Nomad at http:\/\/127\.0\.0\.1:\d+: /);
    for (const text of [message, ctx.output(), JSON.stringify(deployment)]) expect(text).not.toContain(password);
  });

  it('waits for a batch job\'s allocations when there is no deployment', async () => {
    h.scenario({ run: { jobType: 'batch' } });
    const ctx = h.context();
    const deployment = await h.platform(stanza).deploy(ctx, input);
    expect(deployment.status).toBe('healthy');
    expect(deployment.details.deployment_ids).toEqual([]);
    expect(ctx.output()).toContain('job "cloud_service" allocations: 2 complete');
  });
});
