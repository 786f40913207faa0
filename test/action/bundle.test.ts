/** The committed action bundle, run as the runner runs it, on Node 20 and Node 24. */
import { describe, expect, it } from 'vitest';
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, nodeBinaries, runAction } from '../helpers/bundle.js';

const NOOP = join(ROOT, 'examples/noop/cloudstation.hcl');
/** Single-line and multi-line canaries with regex and shell metacharacters. */
const CANARY = 'cAnArY-7f3e$(id)|.*[x]';
const CANARY_MULTI = 'cAnArY-line-one\ncAnArY-line-two "quoted" `tick`';

describe.each(nodeBinaries())('action bundle on $name', ({ path: node }) => {
  it('runs a multi-app noop pipeline and sets every output', async () => {
    // Outside a git work tree, as after a checkout without .git: git.sha is the runner's GITHUB_SHA (abcdef0…).
    const workspace = mkdtempSync(join(tmpdir(), 'cs-ws-'));
    copyFileSync(NOOP, join(workspace, 'cloudstation.hcl'));
    const run = await runAction({ config: 'cloudstation.hcl', variables: 'tag=from-input\n# a comment\n' }, { node, workspace });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const o = run.outputs;
    expect(JSON.parse(o.apps!)).toEqual(['web', 'api']);
    const result = JSON.parse(o.result!);
    expect(result).toMatchObject({ project: 'demo', command: 'up', ok: true });
    expect(Object.keys(result.apps)).toEqual(['web', 'api']);
    expect(o.image).toMatch(/^demo-web:abcdef0@sha256:[0-9a-f]{64}$/);
    expect(o['image-digest']).toBe(o.image!.split('@')[1]);
    expect(JSON.parse(o.images!)).toEqual({ web: o.image, api: 'demo-api:abcdef0' });
    expect(o['deployment-id']).toMatch(/^noop-[0-9a-f]{12}$/);
    const ids = JSON.parse(o['deployment-ids']!);
    expect(ids.web).toBe(o['deployment-id']);
    expect(ids.api).toMatch(/^noop-/);
    expect(ids.api).not.toBe(ids.web);
    const artifacts = JSON.parse(o.artifacts!);
    expect(artifacts.web).toMatchObject({ image: 'demo-web', tag: 'abcdef0', builder: 'noop', registry: { image: o.image } });
    expect(JSON.parse(o.artifact!)).toEqual(artifacts.web);
    // The variable from the input reached the plugin; the noop message was logged in a group per app and phase.
    expect(run.stdout).toContain('building web from-input at abcdef0');
    expect(run.stdout).toMatch(/::group::.*web · build \(noop\)/);
    expect(run.stdout).toContain('::endgroup::');
    expect(run.summary).toContain('<table>');
    // The image as repo:tag, its digest in a column of its own.
    expect(run.summary).toContain(`<td>${o.image!.split('@')[0]}</td>`);
    expect(run.summary).toContain(`<td>${o['image-digest']!}</td>`);
  });

  it('deploys the artifacts of an earlier build step, and can skip the summary', async () => {
    const build = await runAction({ command: 'build', config: NOOP }, { node });
    expect(build.code).toBe(0);
    expect(JSON.parse(build.outputs.result!).apps.web.deployment).toBeNull();
    const deploy = await runAction({ command: 'deploy', config: NOOP, app: 'web', artifacts: build.outputs.artifacts!, summary: 'false' }, { node });
    expect(deploy.code).toBe(0);
    expect(JSON.parse(deploy.outputs.apps!)).toEqual(['web']);
    expect(JSON.parse(deploy.outputs.result!).apps.web.deployment.details.image).toBe(build.outputs.image);
    expect(deploy.summary).toBe('');
  });

  it('turns a config error into an annotation on its line and fails, with no stack trace', async () => {
    const run = await runAction({ command: 'validate', config: 'test/fixtures/action/invalid.hcl' }, { node });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/::error title=cloudstation config,file=test\/fixtures\/action\/invalid\.hcl,line=8,col=\d+::.*dokcer.*did you mean \\?"docker\\?"/);
    expect(run.stdout).not.toMatch(/\n\s+at /);
    // Nothing ran: only `result`, saying why (as `cs --json` does).
    expect(Object.keys(run.outputs)).toEqual(['result']);
    expect(JSON.parse(run.outputs.result!)).toMatchObject({ project: null, command: 'validate', ok: false, apps: {}, error: { phase: 'config', message: expect.stringMatching(/invalid\.hcl:8:\d+: .*dokcer/) } });
  });

  it('keeps every JSON output valid when a sensitive value reads like JSON (true)', async () => {
    const run = await runAction({ config: join(ROOT, 'test/fixtures/action/sensitive-bool.hcl') }, { node });
    expect(run.code).toBe(0);
    for (const name of ['result', 'apps', 'artifact', 'artifacts', 'images', 'deployment-ids']) expect(() => JSON.parse(run.outputs[name]!), name).not.toThrow();
    expect(JSON.parse(run.outputs.result!)).toMatchObject({ ok: true, apps: { web: { ok: true } } });
  });

  it('shows a digest-only image as its repository in the summary, not "repo:"', async () => {
    const image = `ghcr.io/acme/web@sha256:${'5'.repeat(64)}`;
    const run = await runAction({ command: 'deploy', config: NOOP, app: 'web', image }, { node });
    expect(run.code).toBe(0);
    expect(run.summary).toContain('<td>ghcr.io/acme/web</td>');
    expect(run.summary).not.toContain('ghcr.io/acme/web:<');
  });

  it('reports an unwritable GITHUB_OUTPUT as a failure, not a crash with a stack trace', async () => {
    const run = await runAction({ command: 'validate', config: NOOP }, { node, env: { GITHUB_OUTPUT: '/nonexistent/output' } });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/::error::.*\/nonexistent\/output/);
    expect(`${run.stdout}${run.stderr}`).not.toMatch(/\n\s+at /);
  });

  it('a credential input is a secret before any input is checked: a bad image input holding it is not echoed', async () => {
    const run = await runAction({ command: 'deploy', config: NOOP, image: 'ghcr.io/acme/web:CNRYinputpw-4!', 'registry-password': 'CNRYinputpw-4' }, { node });
    expect(run.code).toBe(1);
    const printed = run.stdout.split('\n').filter((l) => !l.startsWith('::add-mask::')).join('\n');
    for (const sink of [printed, run.stderr, run.outputFile]) expect(sink).not.toContain('CNRYinputpw');
    expect(printed).toMatch(/::error::input "image" "ghcr\.io\/acme\/web:\*\*\*!" is not a valid image reference/);
  });

  it('names action inputs, not CLI flags, in the fixes it suggests', async () => {
    const undeclared = await runAction({ command: 'validate', config: NOOP, variables: 'TAG=x' }, { node });
    expect(undeclared.stdout).toContain('input "variables" TAG: no variable "TAG" is declared');
    const nothing = await runAction({ command: 'deploy', config: NOOP, app: 'web' }, { node });
    expect(nothing.stdout).toContain('set the artifacts input to the artifacts output of a build step, or the image input; or use command: up');
    const missing = await runAction({ command: 'validate', config: 'nope.hcl' }, { node });
    expect(missing.stdout).toContain('set the config input (relative to working-directory), or create one with `cs init`');
    for (const run of [undeclared, nothing, missing]) expect(run.stdout).not.toMatch(/--var|--artifacts|--image|--config/);
  });

  it('a config outside the workspace cannot be linked: the annotation carries its place in the message', async () => {
    const workspace = mkdtempSync(join(tmpdir(), 'cs-ws-'));
    const run = await runAction({ command: 'validate', config: join(ROOT, 'test/fixtures/action/invalid.hcl') }, { node, workspace });
    expect(run.code).toBe(1);
    const invalid = join(ROOT, 'test/fixtures/action/invalid.hcl');
    expect(run.stdout).toMatch(new RegExp(`::error title=cloudstation config::${invalid.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:8:\\d+: .*dokcer`));
    expect(run.stdout).not.toContain('file=..');
  });

  it('refuses a bad input before running anything', async () => {
    const run = await runAction({ command: 'launch', config: NOOP }, { node });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('::error::input "command" must be one of up, build, deploy, plan, destroy, status, validate, not "launch"');
    expect(JSON.parse(run.outputs.result!)).toMatchObject({ command: null, ok: false, error: { phase: 'config' } });
  });

  it.each([
    ['single-line', CANARY],
    ['multi-line', CANARY_MULTI],
  ])('never writes a %s sensitive variable to any sink', async (_kind, canary) => {
    const config = join(ROOT, 'test/fixtures/action/canary.hcl');
    const run = await runAction({ config }, { node, env: { CS_VAR_api_key: canary } });
    expect(run.code).toBe(0);
    // The runner consumes ::add-mask:: lines itself; they are the one place a secret may pass.
    const printed = run.stdout.split('\n').filter((l) => !l.startsWith('::add-mask::')).join('\n');
    const masked = run.stdout.split('\n').filter((l) => l.startsWith('::add-mask::'));
    for (const part of canary.split('\n')) {
      expect(masked).toContain(`::add-mask::${part}`);
      for (const [sink, text] of [['stdout', printed], ['stderr', run.stderr], ['GITHUB_OUTPUT', run.outputFile], ['summary', run.summary]] as const) {
        expect(text, `${sink} holds the canary`).not.toContain(part);
      }
    }
    expect(printed).toContain('building with key ***');
    expect(JSON.parse(run.outputs.result!).apps.web.artifact.labels.key).toBe('***');
  });
});
