/** The closing table's row for an app (CLI stdout and the job summary share it). */
import { describe, expect, it } from 'vitest';
import { reportRows } from '../../src/lifecycle/report.js';
import { emptyAppResult, type AppResult, type Command } from '../../src/lifecycle/result.js';
import type { Artifact, Deployment, RegistryRef } from '../../src/component/index.js';

const artifact: Artifact = { id: 'abc', image: 'shop-web', tag: '1', imageId: 'sha256:1111', labels: {}, ports: [], builder: 'docker' };
const registry: RegistryRef = { image: 'r.io/web:1@sha256:2222', repository: 'r.io/web', tag: '1', digest: 'sha256:2222' };
const deployment: Deployment = { id: 'd1', platform: 'docker', name: 'shop-web', status: 'unhealthy', url: null, details: {} };

const row = (command: Command, app: Partial<AppResult>) => reportRows({ project: 'shop', command, ok: true, apps: { web: { ...emptyAppResult(), ok: true, ...app } } })[0]!;

describe('reportRows', () => {
  it.each([
    ['status', { deployment }, 'unhealthy'],
    ['status', {}, 'not deployed'],
    ['destroy', { destroyed: true }, 'destroyed'],
    ['destroy', { destroyed: false }, 'not deployed'],
    ['up', { artifact, deployment: { ...deployment, status: 'healthy' } }, 'ok'],
    ['plan', { plan: { changes: true, summary: 's', diff: null } }, 'changes'],
    ['up', { ok: false, error: { phase: 'registry', message: 'm' } }, 'failed in registry'],
  ] as const)('%s with %j: status %s', (command, app, status) => {
    expect(row(command, app).status).toBe(status);
  });

  it('plan shows the image the deploy would run', () => {
    expect(row('plan', { plan: { changes: true, summary: 's', diff: null, image: 'r.io/web:2@sha256:3333' } })).toMatchObject({ image: 'r.io/web:2' });
  });

  it('status shows what the deployment runs, when its platform says', () => {
    const running = { ...deployment, details: { image: 'r.io/web:1@sha256:2222', imageDigest: 'sha256:2222' } };
    expect(row('status', { deployment: running })).toMatchObject({ image: 'r.io/web:1', digest: 'sha256:2222' });
    expect(row('status', { deployment: { ...deployment, details: { image: 'shop-web:1', imageDigest: null } } })).toMatchObject({ image: 'shop-web:1', digest: '—' });
  });

  it('shows a registry digest, never a local image ID, under Digest', () => {
    expect(row('build', { artifact })).toMatchObject({ image: 'shop-web:1', digest: '—' });
    expect(row('build', { artifact, registry })).toMatchObject({ image: 'r.io/web:1', digest: 'sha256:2222' });
  });
});
