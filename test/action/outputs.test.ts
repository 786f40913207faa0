/** Step outputs of a deploy step fed by a build step: they name what was deployed (interface.md §3). */
import { describe, expect, it } from 'vitest';
import { outputsOf } from '../../src/action/outputs.js';
import { runLifecycle, type RunRequest } from '../../src/lifecycle/executor.js';
import { artifactsOf, emptyAppResult, type RunResult } from '../../src/lifecycle/result.js';
import { exitCodeFor } from '../../src/lifecycle/command.js';
import type { ProjectConfig, Stanza } from '../../src/config/types.js';
import type { ComponentByPhase, Phase } from '../../src/component/index.js';
import { runRequest } from '../helpers/run-request.js';

const pos = { file: '/w/cloudstation.hcl', line: 1, col: 1 };
const stanza = (phase: Phase): Stanza => ({ phase, use: 'fake', config: {}, pos });
const config: ProjectConfig = {
  file: pos.file,
  dir: '/w',
  project: 'p',
  vault: null,
  variables: {},
  apps: [{ name: 'web', path: '/w', labels: {}, build: stanza('build'), registry: stanza('registry'), deploy: stanza('deploy'), release: null, pos }],
};
const DIGEST = `sha256:${'a'.repeat(64)}`;

/** Build pushes `reg.example/web:t@DIGEST`; deploy accepts anything. */
const components: ComponentByPhase = {
  build: { build: async () => ({ id: 'web', image: 'local/web', tag: 't', imageId: 'sha256:local', labels: {}, ports: [8080], builder: 'fake' }) },
  registry: { push: async (_ctx, a) => ({ image: `reg.example/web:${a.tag}@${DIGEST}`, repository: 'reg.example/web', tag: a.tag, digest: DIGEST }) },
  deploy: {
    deploy: async (ctx) => ({ id: `d-${ctx.app}`, platform: 'fake', name: ctx.app, status: 'healthy', url: null, details: {} }),
    destroy: async () => true,
    status: async () => null,
    plan: async () => ({ changes: false, summary: '', diff: null }),
  },
  release: { release: async () => ({ id: 'r', status: 'ok', url: null, details: {} }) },
};

function run(over: Partial<RunRequest>) {
  return runLifecycle(runRequest(config, { load: (async (phase: Phase) => components[phase]) as unknown as RunRequest['load'], ...over }));
}

describe('outputs of a deploy step', () => {
  it('from a build step\'s artifacts: the same image, digest and artifacts the build step output', async () => {
    const build = outputsOf(await run({ command: 'build' }));
    const deploy = outputsOf(await run({ command: 'deploy', artifacts: artifactsOf(JSON.parse(build.result)) }));
    expect(deploy.image).toBe(`reg.example/web:t@${DIGEST}`);
    expect(deploy['image-digest']).toBe(DIGEST);
    expect(deploy.images).toBe(JSON.stringify({ web: `reg.example/web:t@${DIGEST}` }));
    expect(JSON.parse(deploy.artifact)).toEqual(JSON.parse(build.artifact));
    expect(JSON.parse(deploy.artifacts)).toEqual(JSON.parse(build.artifacts));
    expect(deploy['deployment-id']).toBe('d-web');
  });

  it('from an image: the reference as given, and its digest when it pins one', async () => {
    const pinned = outputsOf(await run({ command: 'deploy', image: `ghcr.io/acme/web:1.4@${DIGEST}` }));
    expect(pinned.image).toBe(`ghcr.io/acme/web:1.4@${DIGEST}`);
    expect(pinned['image-digest']).toBe(DIGEST);
    expect(pinned.images).toBe(JSON.stringify({ web: `ghcr.io/acme/web:1.4@${DIGEST}` }));
    expect(pinned.artifacts).toBe('{}'); // nothing was built
    const tagged = outputsOf(await run({ command: 'deploy', image: 'ghcr.io/acme/web:1.4' }));
    expect(tagged.image).toBe('ghcr.io/acme/web:1.4');
    expect(tagged['image-digest']).toBe('');
  });
});

describe('outputs of a build step', () => {
  it('without a push, image-digest stays empty: the local image id is no registry digest (repo@it would not resolve)', async () => {
    const local = outputsOf(await run({ command: 'build', push: false }));
    expect(local.image).toBe('local/web:t');
    expect(local['image-digest']).toBe('');
    expect(JSON.parse(local.artifact)).toMatchObject({ imageId: 'sha256:local' }); // the local id is still there
  });
});

describe('outputs naming an image', () => {
  it('a failed push names none: the tag it meant may hold an older image in the registry', async () => {
    const refused = { ...components.registry, push: async () => Promise.reject(new Error('unauthorized')) };
    const load = (async (phase: Phase) => (phase === 'registry' ? refused : components[phase])) as unknown as RunRequest['load'];
    const result = await run({ command: 'build', load });
    expect(result.apps.web).toMatchObject({ ok: false, error: { phase: 'registry' }, artifact: { image: 'local/web' } });
    const outputs = outputsOf(result);
    expect([outputs.image, outputs['image-digest'], outputs.images, outputs.artifact, outputs.artifacts]).toEqual(['', '', '{}', '', '{}']);
  });

  it('status: the image and registry digest the deployment runs', async () => {
    const running = { image: `reg.example/web:t@${DIGEST}`, imageDigest: DIGEST };
    const deploy = { ...components.deploy, status: async () => ({ id: 'd-web', platform: 'fake', name: 'web', status: 'healthy' as const, url: null, details: running }) };
    const load = (async (phase: Phase) => (phase === 'deploy' ? deploy : components[phase])) as unknown as RunRequest['load'];
    const outputs = outputsOf(await run({ command: 'status', load }));
    expect(outputs.image).toBe(running.image);
    expect(outputs['image-digest']).toBe(DIGEST);
    expect(outputs.images).toBe(JSON.stringify({ web: running.image }));
    expect(outputs['deployment-id']).toBe('d-web');
  });
});

describe('output changes', () => {
  const twoApps: ProjectConfig = { ...config, apps: [config.apps[0]!, { ...config.apps[0]!, name: 'api' }] };
  /** Deploy's plan says "changes" for the apps in `changed`. */
  function plan(changed: string[]) {
    const deploy = { ...components.deploy, plan: async (ctx: { app: string }) => ({ changes: changed.includes(ctx.app), summary: '', diff: null }) };
    const load = (async (phase: Phase) => (phase === 'deploy' ? deploy : components[phase])) as unknown as RunRequest['load'];
    return runLifecycle(runRequest(twoApps, { command: 'plan', image: 'ghcr.io/acme/web:1.4', load }));
  }

  it('plan: "true" when any app would change (what the CLI says with exit code 2)', async () => {
    const result = await plan(['api']);
    expect(result.ok).toBe(true);
    expect(exitCodeFor(result)).toBe(2);
    expect(outputsOf(result).changes).toBe('true');
  });

  it('plan: "false" when no app would change (exit code 0)', async () => {
    const result = await plan([]);
    expect(result.ok).toBe(true);
    expect(exitCodeFor(result)).toBe(0);
    expect(outputsOf(result).changes).toBe('false');
  });

  it('plan: counts the apps that finished, as the exit hook sets outputs from a partial result', () => {
    const partial: RunResult = { project: 'p', command: 'plan', ok: true, apps: { web: { ...emptyAppResult(), ok: true, plan: { changes: true, summary: '', diff: null } } } };
    expect(outputsOf(partial).changes).toBe('true');
  });

  it.each([{ command: 'up' }, { command: 'build' }, { command: 'deploy', image: 'ghcr.io/acme/web:1.4' }] as const)('$command: empty, as other outputs that do not apply', async (over) => {
    const result = await run(over);
    expect(result.ok).toBe(true);
    const outputs = outputsOf(result);
    expect(outputs).toHaveProperty('changes', '');
  });
});
