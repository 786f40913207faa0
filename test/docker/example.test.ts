/** The README quick start, for real: `cs up -c examples/hello/cloudstation.hcl` serves the site, then status/plan/destroy. */
import { resolve } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { main } from '../../src/cli/main.js';
import { Cleanup, docker, env, httpGet, randomPort } from './support.js';

const cleanup = new Cleanup();
cleanup.project('hello');
cleanup.image('hello-web');
afterAll(() => cleanup.run());

const config = resolve(import.meta.dirname, '../../examples/hello/cloudstation.hcl');
const port = randomPort();

async function cs(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(['-c', config, '--var', `base=${env.baseImage}`, '--var', `port=${port}`, ...args], {
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    env: process.env,
    cwd: process.cwd(),
  });
  return { code, stdout, stderr };
}

/** The closing table's row for the one app (the line after the header). */
const tableRow = (stdout: string) => stdout.trim().split('\n')[1] ?? '';

test('cs up builds and deploys the hello example; status, plan and destroy follow it', async () => {
  const up = await cs('up', '--json');
  expect(up.code, up.stderr).toBe(0);
  const result = JSON.parse(up.stdout) as { apps: { web: { artifact: { image: string; ports: number[] }; deployment: { url: string; status: string; id: string } } } };
  expect(result.apps.web.artifact).toMatchObject({ image: 'hello-web', ports: [8080] });
  expect(result.apps.web.deployment).toMatchObject({ url: `http://127.0.0.1:${port}`, status: 'healthy' });
  const page = await httpGet(`http://127.0.0.1:${port}/`);
  expect(page.status).toBe(200);
  expect(page.body).toContain('hello from CloudStation');

  const status = await cs('status', '--json');
  expect(status.code, status.stderr).toBe(0);
  expect(status.stdout).toContain(result.apps.web.deployment.id);
  // The table says what is deployed, not merely that asking worked.
  expect(tableRow((await cs('status')).stdout)).toMatch(/^web\s+healthy\s/);

  const plan = await cs('plan', '--json');
  // 0 = no changes; 2 only when someone committed meanwhile (the default tag is the short git sha).
  expect([0, 2], plan.stderr).toContain(plan.code);
  expect(plan.stdout).toMatch(/"summary": "container hello-web(?: already runs|: image)/);

  const destroy = await cs('destroy');
  expect(destroy.code, destroy.stderr).toBe(0);
  expect(tableRow(destroy.stdout)).toMatch(/^web\s+destroyed\s/);
  expect(docker('ps', '-aq', '--filter', 'label=cs.project=hello').trim()).toBe('');
  const gone = await cs('status');
  expect(gone.code, gone.stderr).toBe(0);
  expect(tableRow(gone.stdout)).toMatch(/^web\s+not deployed\s/);
  // Nothing left: a second destroy says so, and succeeds.
  const again = await cs('destroy');
  expect(again.code, again.stderr).toBe(0);
  expect(tableRow(again.stdout)).toMatch(/^web\s+not deployed\s/);
  expect(again.stderr).toContain('web was not deployed: nothing to destroy');
});

test('cs run as a workflow step knows it is in GitHub Actions (build cache, Vault jwt login): the build says why its cache is off', async () => {
  let stderr = '';
  const io = { stdout: () => undefined, stderr: (t: string) => void (stderr += t), env: { ...process.env, GITHUB_ACTIONS: 'true' }, cwd: process.cwd() };
  const code = await main(['-c', config, '--var', `base=${env.baseImage}`, '--var', `port=${port}`, 'build'], io);
  expect(code, stderr).toBe(0);
  expect(stderr).toContain('build cache: off (exporting a BuildKit cache needs docker buildx)');
});
