import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runLifecycle, type RunRequest } from '../../src/lifecycle/executor.js';
import { ConfigError, UserError } from '../../src/errors.js';
import { artifactsOf } from '../../src/lifecycle/result.js';
import type { AppConfig, ProjectConfig, Stanza } from '../../src/config/types.js';
import type { Artifact, ComponentByPhase, DeployInput, Phase } from '../../src/component/index.js';
import { runRequest } from '../helpers/run-request.js';
import { SinkLogger } from '../../src/log/logger.js';
import { Redactor } from '../../src/secrets/redactor.js';

const pos = { file: '/w/cloudstation.hcl', line: 1, col: 1 };
const stanza = (phase: Phase, use: string): Stanza => ({ phase, use, config: {}, pos });

function project(names: string[], withRegistry = true): ProjectConfig {
  const apps: AppConfig[] = names.map((name) => ({
    name,
    path: '/w',
    labels: {},
    build: stanza('build', 'fake'),
    registry: withRegistry ? stanza('registry', 'fake') : null,
    deploy: stanza('deploy', 'fake'),
    release: null,
    pos,
  }));
  return { file: pos.file, dir: '/w', project: 'p', vault: null, variables: {}, apps };
}

/** Components that record what they were given; `fail` makes one app's phase throw. */
function fakes(opts: { fail?: { app: string; phase: Phase }; delayMs?: number; signalAbort?: AbortController } = {}) {
  const deployed: Record<string, DeployInput> = {};
  let inFlight = 0;
  let maxInFlight = 0;
  const maybeFail = (app: string, phase: Phase) => {
    if (opts.fail?.app === app && opts.fail.phase === phase) throw new Error(`${phase} broke for ${app}`);
  };
  const components: ComponentByPhase = {
    build: {
      async build(ctx) {
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        await new Promise((r) => setTimeout(r, opts.delayMs ?? 5));
        inFlight--;
        opts.signalAbort?.abort('SIGTERM');
        maybeFail(ctx.app, 'build');
        return { id: ctx.app, image: `local/${ctx.app}`, tag: 't', imageId: 'sha256:local', labels: {}, ports: [], builder: 'fake' };
      },
    },
    registry: {
      async push(ctx, a: Artifact) {
        maybeFail(ctx.app, 'registry');
        return { image: `reg.example/${a.image}:${a.tag}@sha256:pushed`, repository: `reg.example/${a.image}`, tag: a.tag, digest: 'sha256:pushed' };
      },
    },
    deploy: {
      async deploy(ctx, input) {
        maybeFail(ctx.app, 'deploy');
        deployed[ctx.app] = input;
        return { id: `d-${ctx.app}`, platform: 'fake', name: ctx.app, status: 'healthy', url: null, details: {} };
      },
      destroy: async () => true,
      status: async () => null,
      plan: async () => ({ changes: false, summary: '', diff: null }),
    },
    release: { release: async () => ({ id: 'r', status: 'ok', url: null, details: {} }) },
  };
  const load = (async (phase: Phase) => components[phase]) as unknown as RunRequest['load'];
  return { load, deployed, maxInFlight: () => maxInFlight };
}

const request = runRequest;

describe('runLifecycle', () => {
  it('deploys the pushed reference, not the local build', async () => {
    const f = fakes();
    const result = await runLifecycle(request(project(['web']), { load: f.load }));
    expect(result.ok).toBe(true);
    expect(f.deployed.web!.image).toBe('reg.example/local/web:t@sha256:pushed');
    expect(f.deployed.web!.registry?.digest).toBe('sha256:pushed');
  });

  it('deploys the local image when there is no registry stanza, and skips push on --no-push', async () => {
    const f = fakes();
    await runLifecycle(request(project(['web'], false), { load: f.load }));
    expect(f.deployed.web!.image).toBe('local/web:t');
    const built = await runLifecycle(request(project(['web']), { load: f.load, command: 'build', push: false }));
    expect(built.apps.web!.registry).toBeNull();
    expect(built.apps.web!.artifact?.image).toBe('local/web');
  });

  it('keeps partial results when an app fails and lets the other apps finish', async () => {
    const f = fakes({ fail: { app: 'api', phase: 'deploy' } });
    const done: string[] = [];
    const result = await runLifecycle(request(project(['web', 'api']), { load: f.load, onAppDone: (name) => done.push(name) }));
    expect(result.ok).toBe(false);
    expect(result.apps.web!.ok).toBe(true);
    expect(result.apps.api).toMatchObject({ ok: false, error: { phase: 'deploy', message: 'deploy broke for api' }, deployment: null });
    expect(result.apps.api!.registry?.image).toContain('@sha256:pushed');
    expect(done.sort()).toEqual(['api', 'web']);
  });

  it('runs at most `concurrency` apps at once', async () => {
    const f = fakes({ delayMs: 20 });
    await runLifecycle(request(project(['a', 'b', 'c', 'd', 'e']), { load: f.load, concurrency: 2 }));
    expect(f.maxInFlight()).toBe(2);
    const g = fakes({ delayMs: 20 });
    await runLifecycle(request(project(['a', 'b', 'c']), { load: g.load, concurrency: 1 }));
    expect(g.maxInFlight()).toBe(1);
  });

  it('stops starting phases once cancelled', async () => {
    const controller = new AbortController();
    const f = fakes({ signalAbort: controller });
    const result = await runLifecycle(request(project(['web', 'api']), { load: f.load, concurrency: 1, signal: controller.signal }));
    expect(result.apps.web).toMatchObject({ ok: false, error: { phase: 'registry', message: 'cancelled by SIGTERM' } });
    expect(result.apps.api).toMatchObject({ ok: false, error: { phase: 'build', message: 'cancelled by SIGTERM' }, artifact: null });
    expect(f.deployed).toEqual({});
  });

  it('redacts secrets from the result', async () => {
    const f = fakes({ fail: { app: 'web', phase: 'build' } });
    const req = request(project(['web']), { load: f.load });
    req.redactor.add('broke for web');
    const result = await runLifecycle(req);
    expect(result.apps.web!.error!.message).toBe('build ***');
  });

  it('deploy --artifacts records the entry\'s artifact and registry in the result', async () => {
    const f = fakes();
    const digest = `sha256:${'b'.repeat(64)}`;
    const artifact = { id: 'web', image: 'local/web', tag: 't', imageId: 'sha256:local', labels: {}, ports: [], builder: 'fake' };
    const registry = { image: `reg.example/web:t@${digest}`, repository: 'reg.example/web', tag: 't', digest };
    const result = await runLifecycle(request(project(['web']), { load: f.load, command: 'deploy', artifacts: { web: { ...artifact, registry } } }));
    expect(result.apps.web).toMatchObject({ ok: true, artifact, registry, deployment: { id: 'd-web' } });
    expect(result.apps.web!.artifact).not.toHaveProperty('registry');
    expect(f.deployed.web!.image).toBe(registry.image);
  });

  it.each(['deploy', 'plan'] as const)('%s without an artifacts entry for an app fails that app in deploy, not build', async (command) => {
    const f = fakes();
    const artifact = { id: 'web', image: 'local/web', tag: 't', imageId: 'sha256:local', labels: {}, ports: [], builder: 'fake' };
    const result = await runLifecycle(request(project(['web', 'api']), { load: f.load, command, artifacts: { web: artifact } }));
    expect(result.apps.web!.ok).toBe(true);
    expect(result.apps.api!.error).toEqual({ phase: 'deploy', message: 'the artifacts hold no entry for app "api"\n  hint: they hold: web; pass the output of a build of this app, or --image' });
  });

  it.each([
    ['cli', 'choose the app with --app NAME'],
    ['action', 'set the app input to the one app'],
  ] as const)('one --image for several apps is refused before anything deploys (%s)', async (surface, hint) => {
    const f = fakes();
    const err = await runLifecycle(request(project(['web', 'api']), { load: f.load, command: 'deploy', image: 'r.io/web:1', surface })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).message).toMatch(/names one image, and 2 apps are selected \(web, api\)$/);
    expect((err as UserError).hint).toBe(hint);
    expect(f.deployed).toEqual({});
    // plan only asks what would change: one image for all is allowed there.
    expect((await runLifecycle(request(project(['web', 'api']), { load: f.load, command: 'plan', image: 'r.io/web:1' }))).ok).toBe(true);
    const one = await runLifecycle(request(project(['web', 'api']), { load: f.load, command: 'deploy', image: 'r.io/web:1', apps: ['web'] }));
    expect(one.ok).toBe(true);
    expect(Object.keys(f.deployed)).toEqual(['web']);
  });

  it('plan before any build predicts the image a build would name: lowercase, as repositories are', async () => {
    let planned = '';
    const platform = { plan: async (_ctx: unknown, input: DeployInput) => ((planned = input.image), { changes: true, summary: '', diff: null }) };
    const load = (async (phase: Phase) => (phase === 'deploy' ? platform : null)) as unknown as RunRequest['load'];
    const config = { ...project(['Web'], false), project: 'Shop' };
    const result = await runLifecycle(request(config, { load, command: 'plan' }));
    expect(planned).toBe('shop-web:latest');
    expect(result.apps.Web!.plan).toMatchObject({ changes: true, image: 'shop-web:latest' });
  });

  it.each(['destroy', 'plan', 'status'] as const)('a failed %s is logged under its own name; the result keeps the deploy phase', async (command) => {
    const lines: string[] = [];
    const broken = async () => Promise.reject(new Error('engine unreachable'));
    const load = (async () => ({ destroy: broken, plan: broken, status: broken })) as unknown as RunRequest['load'];
    const redactor = new Redactor();
    const log = new SinkLogger({ write: (_level, line) => lines.push(line) }, redactor);
    const result = await runLifecycle(request(project(['web']), { load, command, log, redactor }));
    expect(result.apps.web!.error).toEqual({ phase: 'deploy', message: 'engine unreachable' });
    expect(lines).toContain(`${command} failed: engine unreachable`);
    expect(lines.join('\n')).not.toContain('deploy failed');
  });

  it('a deploy is given the registry stanza credentials: for where the artifacts were pushed, or for --image (a fresh engine pulls)', async () => {
    const f = fakes();
    const auth = { registry: 'reg.example', username: 'u', password: 'p' };
    const asked: (Artifact | null)[] = [];
    const load = (async (phase: Phase, stanza: Stanza) => {
      const component = await f.load!(phase, stanza);
      return phase === 'registry' ? { ...component, pullAuth: (_ctx: unknown, a: Artifact | null) => (asked.push(a), auth) } : component;
    }) as unknown as RunRequest['load'];
    const artifact = { id: 'web', image: 'local/web', tag: 't', imageId: 'sha256:local', labels: {}, ports: [], builder: 'fake' };
    await runLifecycle(request(project(['web']), { load, command: 'deploy', artifacts: { web: artifact } }));
    expect(f.deployed.web!.pullAuth).toEqual(auth);
    await runLifecycle(request(project(['web']), { load, command: 'deploy', image: 'reg.example/web:1' }));
    expect(f.deployed.web!.pullAuth).toEqual(auth);
    expect(asked).toEqual([artifact, null]);
    // deploy --image runs while the registry stanza waits on unset credentials: it asks nothing of that stanza.
    const pending = { ...project(['web']), pending: [{ app: 'web', phase: 'registry' as const, error: new ConfigError('x', { file: 'c.hcl', line: 1, col: 1 }) }] };
    await runLifecycle(request(pending, { load, command: 'deploy', image: 'reg.example/web:1' }));
    expect(f.deployed.web!.pullAuth).toBeNull();
    expect(asked).toHaveLength(2);
  });

  it('the artifacts of a build leave out an app whose push failed: its entry would read like a --no-push build', async () => {
    const f = fakes({ fail: { app: 'api', phase: 'registry' } });
    const result = await runLifecycle(request(project(['web', 'api']), { load: f.load, command: 'build' }));
    expect(result.apps.api!.artifact).not.toBeNull(); // it was built
    expect(Object.keys(artifactsOf(result))).toEqual(['web']);
  });

  it('deploy --image records a registry entry for the reference, with its digest only when pinned', async () => {
    const f = fakes();
    const digest = `sha256:${'c'.repeat(64)}`;
    const pinned = await runLifecycle(request(project(['web']), { load: f.load, command: 'deploy', image: `ghcr.io/acme/web:1.4@${digest}` }));
    expect(pinned.apps.web).toMatchObject({ ok: true, artifact: null, registry: { image: `ghcr.io/acme/web:1.4@${digest}`, repository: 'ghcr.io/acme/web', tag: '1.4', digest } });
    const tagged = await runLifecycle(request(project(['web']), { load: f.load, command: 'deploy', image: 'localhost:5000/web' }));
    expect(tagged.apps.web!.registry).toEqual({ image: 'localhost:5000/web', repository: 'localhost:5000/web', tag: 'latest', digest: null });
    expect(f.deployed.web!.image).toBe('localhost:5000/web');
  });

  it('starts probing the docker CLI of a docker build as the run starts, once for all apps, and not for deploy', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cs-prepare-'));
    const calls = join(dir, 'calls');
    const cli = join(dir, 'docker');
    // A docker CLI double that records how it was called and answers like one without buildx or BuildKit.
    writeFileSync(cli, `#!/bin/sh\necho "$*" >> ${calls}\nexit 1\n`);
    chmodSync(cli, 0o755);
    const config = project(['web', 'api']);
    for (const app of config.apps) app.build = stanza('build', 'docker');
    const probed: string[][] = [];
    // The builder double never asks for the CLI itself: whatever calls the record shows came from the run's start.
    const f = fakes();
    const load = (async (phase: Phase, s: Stanza) => {
      const component = await f.load!(phase, s);
      if (phase !== 'build') return component;
      return {
        build: async (ctx: Parameters<ComponentByPhase['build']['build']>[0]) => {
          for (let i = 0; i < 250 && (!existsSync(calls) || readFileSync(calls, 'utf8').split('\n').length < 3); i++) await new Promise((r) => setTimeout(r, 20));
          probed.push(existsSync(calls) ? readFileSync(calls, 'utf8').trim().split('\n').sort() : []);
          return (component as ComponentByPhase['build']).build(ctx);
        },
      };
    }) as unknown as RunRequest['load'];
    const result = await runLifecycle(request(config, { load, env: { CS_DOCKER_CLI: cli }, concurrency: 1 }));
    expect(result.ok).toBe(true);
    expect(probed).toEqual([
      ['build --help', 'buildx inspect'],
      ['build --help', 'buildx inspect'],
    ]);
    writeFileSync(calls, '');
    await runLifecycle(request(config, { load, env: { CS_DOCKER_CLI: cli }, command: 'deploy', image: 'web:1', apps: ['web'] }));
    expect(readFileSync(calls, 'utf8')).toBe('');
  });
});
