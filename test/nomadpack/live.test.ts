/**
 * Against a real Nomad (`nomad agent -dev` with Docker) and the real nomad-pack, using the embedded
 * cloud_service pack; see .github/workflows/nomad-live.yml. Runs only when NOMAD_ADDR is set and
 * nomad-pack (or NOMAD_PACK_BIN) runs; the suite name says why it was skipped otherwise.
 */
import { spawnSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { NomadPackPlatform } from '../../src/builtin/nomadpack/platform.js';
import { NomadPackRelease } from '../../src/builtin/nomadpack/release.js';
import { nomadpackSchema } from '../../src/builtin/nomadpack/schema.js';
import type { DeployInput } from '../../src/component/index.js';
import { errorMessage } from '../../src/errors.js';
import { testContext } from '../helpers/context.js';

const bin = process.env.NOMAD_PACK_BIN || 'nomad-pack';
const hasPack = spawnSync(bin, ['version'], { stdio: 'ignore' }).status === 0;
const live = Boolean(process.env.NOMAD_ADDR) && hasPack;
const reason = live ? '' : ` (skipped: ${process.env.NOMAD_ADDR ? '' : 'NOMAD_ADDR is not set; '}${hasPack ? '' : `${bin} is not installed; `}see .github/workflows/nomad-live.yml)`;

/** Small, public, answers 200 on / at port 80. */
const GOOD = 'traefik/whoami:v1.10.3';
const BAD = 'ghcr.io/cloudstation-orchestrator/does-not-exist:missing';
const image = (ref: string): DeployInput => ({ artifact: null, registry: null, image: ref });
const LIVE_TIMEOUT = 5 * 60_000;

describe.skipIf(!live)(`live Nomad${reason}`, () => {
  const name = `cs-live-${process.pid}`;
  const config = (extra: Record<string, unknown> = {}) =>
    nomadpackSchema.parse({
      deployment_name: name,
      use_embedded: true,
      timeout: '4m',
      variables: { port: 80, count: 2, min_healthy_time: '2s', healthy_deadline: '1m', progress_deadline: '2m', ...extra },
    });
  const ctx = () => testContext({ env: { ...process.env } });
  const platform = () => new NomadPackPlatform(config());

  afterAll(async () => {
    await platform().destroy(ctx()).catch(() => undefined);
  }, LIVE_TIMEOUT);

  it('deploys the embedded pack and reports the healthy Nomad deployment', async () => {
    const deployment = await platform().deploy(ctx(), image(GOOD));
    expect(deployment).toMatchObject({ platform: 'nomad', name, status: 'healthy' });
    expect(deployment.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(await platform().status(ctx())).toMatchObject({ id: deployment.id, status: 'healthy' });
  }, LIVE_TIMEOUT);

  it('plans a change of image', async () => {
    const plan = await platform().plan(ctx(), image('traefik/whoami:v1.10.2'));
    expect(plan.changes).toBe(true);
    expect(plan.diff).toContain('whoami');
  }, LIVE_TIMEOUT);

  it('fails an unhealthy version with its task events, and follows the auto-revert', async () => {
    const err = await platform().deploy(ctx(), image(BAD)).then(() => null, (e: unknown) => e);
    const message = errorMessage(err);
    expect(message).toMatch(/deployment [0-9a-f]{8} of job .* failed/);
    expect(message).toMatch(/allocation [0-9a-f]{8} \(app, /);
    expect(message).toMatch(/auto-reverted to job version \d+/);
  }, LIVE_TIMEOUT);

  it('stops at healthy canaries; the release promotes them', async () => {
    const canary = new NomadPackPlatform(config({ canary: 1, count: 2 }));
    const deployment = await canary.deploy(ctx(), image('traefik/whoami:v1.10.1'));
    expect(deployment.status).toBe('pending');
    const release = await new NomadPackRelease(config()).release(ctx(), deployment);
    expect(release.status).toBe('promoted');
    expect(await platform().status(ctx())).toMatchObject({ id: deployment.id, status: 'healthy' });
  }, LIVE_TIMEOUT);

  it('destroys the deployment', async () => {
    await platform().destroy(ctx());
    const status = await platform().status(ctx());
    expect(status === null || status.status === 'stopped').toBe(true);
  }, LIVE_TIMEOUT);
});
