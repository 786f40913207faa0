/**
 * Issue 6, "Load": generated 50-app configs through validate, plan and up — noop, and docker (50 image
 * builds and 50 containers on the real engine, --concurrency 8) — and 20 concurrent `cs up` processes of
 * different projects (10 noop, 10 docker with random host ports) on one docker host.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { main } from '../../src/cli/main.js';
import { CLI_BUNDLE, runProcess } from '../helpers/bundle.js';
import { Cleanup, docker, env, randomPort, uniqueName } from '../docker/support.js';

const cleanup = new Cleanup();
afterAll(() => cleanup.run());

const runEnv = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', CS_DOCKER_CLI: env.dockerCli };

const noopApp = (name: string) =>
  `app "${name}" {\n  build {\n    use = "noop"\n  }\n  registry {\n    use = "noop"\n  }\n  deploy {\n    use = "noop"\n  }\n  release {\n    use = "noop"\n  }\n}\n`;

/** A docker app: its own tiny image (FROM the local base, labelled with its name) run as a container. */
function dockerApp(name: string, port?: number): string {
  return [
    `app "${name}" {`,
    `  path = "./${name}"`,
    '  build {',
    '    use = "docker"',
    '    tag = "load"',
    '  }',
    '  deploy {',
    '    use         = "docker"',
    '    command     = ["sleep", "600"]',
    ...(port ? [`    ports       = ["${port}:80"]`] : []),
    '    healthcheck = { interval = "1s" }',
    '  }',
    '}',
    '',
  ].join('\n');
}

/** A project directory: the config, and a Dockerfile per docker app. */
function workspace(config: string, dockerApps: string[] = []): string {
  const dir = cleanup.dir(mkdtempSync(join(tmpdir(), 'cs-load-')));
  writeFileSync(join(dir, 'cloudstation.hcl'), config);
  for (const app of dockerApps) {
    mkdirSync(join(dir, app));
    writeFileSync(join(dir, app, 'Dockerfile'), `FROM ${env.baseImage}\nLABEL cs.load.app=${app}\n`);
  }
  return dir;
}

async function cs(argv: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { stdout: (s) => void (stdout += s), stderr: (s) => void (stderr += s), env: runEnv, cwd });
  return { code, stdout, stderr };
}

interface AppJson {
  ok: boolean;
  artifact: { image: string; tag: string; imageId: string } | null;
  deployment: { id: string; name: string; status: string; details: Record<string, unknown> } | null;
  release: { status: string } | null;
  error: unknown;
}

const names = (n: number, prefix: string) => Array.from({ length: n }, (_, i) => `${prefix}${String(i).padStart(2, '0')}`);

/** Containers of a project as the engine reports them: name → image id, state, cs labels. */
function containersOf(projectName: string): Map<string, { image: string; state: string; app: string; deployment: string; ports: string }> {
  const out = docker('ps', '-a', '--filter', `label=cs.project=${projectName}`, '--format', '{{.Names}}\t{{.Image}}\t{{.State}}\t{{.Label "cs.app"}}\t{{.Label "cs.deployment-id"}}\t{{.Ports}}');
  return new Map(
    out
      .split('\n')
      .filter(Boolean)
      .map((line) => {
        const [name, image, state, app, deployment, ports] = line.split('\t');
        return [name!, { image: image!, state: state!, app: app!, deployment: deployment!, ports: ports ?? '' }];
      }),
  );
}

describe('50 noop apps', () => {
  const apps = names(50, 'app');
  const name = uniqueName('csload');
  const dir = workspace(`project = "${name}"\n${apps.map(noopApp).join('')}`);

  test('validate, plan and up handle every app, in file order, each with its own deployment', async () => {
    const validate = await cs(['validate'], dir);
    expect(validate.code).toBe(0);
    expect(validate.stderr).toContain(`valid (50 apps: ${apps.join(', ')})`);

    const plan = await cs(['plan', '--json', '--image', 'cs-test/busybox:1'], dir);
    expect(plan.code).toBe(2);
    const planned = JSON.parse(plan.stdout) as { apps: Record<string, { plan: { changes: boolean } }> };
    expect(Object.keys(planned.apps)).toEqual(apps);
    expect(Object.values(planned.apps).every((a) => a.plan.changes)).toBe(true);

    const started = Date.now();
    const up = await cs(['up', '--json', '--concurrency', '8'], dir);
    expect(up.code, up.stderr).toBe(0);
    expect(Date.now() - started).toBeLessThan(15_000);
    const result = JSON.parse(up.stdout) as { project: string; ok: boolean; apps: Record<string, AppJson> };
    expect(result).toMatchObject({ project: name, ok: true });
    expect(Object.keys(result.apps)).toEqual(apps);
    for (const [app, r] of Object.entries(result.apps)) {
      expect(r).toMatchObject({ ok: true, error: null, artifact: { image: `${name}-${app}` }, deployment: { name: `${name}-${app}`, status: 'healthy' }, release: { status: 'released' } });
    }
    expect(new Set(Object.values(result.apps).map((r) => r.deployment!.id)).size).toBe(50);
  });
});

describe('50 docker apps in one project', () => {
  const apps = names(50, 'svc');
  const name = cleanup.project(uniqueName('csload'));
  const dir = workspace(`project = "${name}"\n${apps.map((a) => dockerApp(a)).join('')}`, apps);
  for (const app of apps) cleanup.image(`${name}-${app}`);

  test('validate, plan and up build and run each app as its own container', async () => {
    expect((await cs(['validate'], dir)).code).toBe(0);
    const plan = await cs(['plan', '--json', '--image', env.baseImage], dir);
    expect(plan.code, plan.stderr).toBe(2);

    const up = await cs(['up', '--json', '--concurrency', '8'], dir);
    expect(up.code, up.stderr).toBe(0);
    const result = JSON.parse(up.stdout) as { ok: boolean; apps: Record<string, AppJson> };
    expect(Object.keys(result.apps)).toEqual(apps);

    const containers = containersOf(name);
    expect([...containers.keys()].sort()).toEqual(apps.map((a) => `${name}-${a}`));
    for (const app of apps) {
      const r = result.apps[app]!;
      expect(r).toMatchObject({ ok: true, artifact: { image: `${name}-${app}`, tag: 'load' }, deployment: { name: `${name}-${app}`, status: 'healthy' } });
      const container = containers.get(`${name}-${app}`)!;
      expect(container).toMatchObject({ state: 'running', app, deployment: r.deployment!.id });
      // Each container runs the image built for its app (its label names the app).
      expect(docker('inspect', '--format', '{{index .Config.Labels "cs.load.app"}}', `${name}-${app}`).trim()).toBe(app);
    }
  }, 150_000);
});

describe('20 concurrent cs up runs of different projects on one docker host', () => {
  test('no name collisions; every run reports its own project, apps and deployments', async () => {
    const runs = Array.from({ length: 20 }, (_, i) => {
      const docker_ = i % 2 === 1;
      const name = uniqueName(docker_ ? 'csconcd' : 'csconcn');
      const port = docker_ ? randomPort() + i : undefined;
      if (docker_) {
        cleanup.project(name);
        cleanup.image(`${name}-web`);
      }
      const config = `project = "${name}"\n${docker_ ? dockerApp('web', port) : noopApp('web') + noopApp('api')}`;
      return { name, port, docker: docker_, dir: workspace(config, docker_ ? ['web'] : []) };
    });

    const results = await Promise.all(
      runs.map((r) => runProcess(process.execPath, [CLI_BUNDLE, 'up', '--json'], { cwd: r.dir, env: runEnv, timeout: 150_000 })),
    );

    for (const [i, run] of runs.entries()) {
      const out = results[i]!;
      expect(out.code, `${run.name}: ${out.stderr}`).toBe(0);
      const result = JSON.parse(out.stdout) as { project: string; ok: boolean; apps: Record<string, AppJson> };
      expect(result.project).toBe(run.name);
      expect(Object.keys(result.apps)).toEqual(run.docker ? ['web'] : ['web', 'api']);
      for (const [app, r] of Object.entries(result.apps)) expect(r.deployment).toMatchObject({ name: `${run.name}-${app}`, status: 'healthy' });
      if (run.docker) {
        const containers = containersOf(run.name);
        expect([...containers.keys()]).toEqual([`${run.name}-web`]);
        const c = containers.get(`${run.name}-web`)!;
        expect(c).toMatchObject({ state: 'running', app: 'web', deployment: result.apps.web!.deployment!.id });
        expect(c.ports).toContain(`:${run.port}->80/tcp`);
      }
    }
  }, 170_000);
});
