/** The docker platform against the real engine: health waits, a failed deploy that leaves the old version serving, labels, pulls. */
import { spawnSync } from 'node:child_process';
import { readFileSync, readlinkSync } from 'node:fs';
import { once } from 'node:events';
import { createServer, type AddressInfo } from 'node:net';
import { hostname } from 'node:os';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { dockerBuild } from '../../src/builtin/docker/build.js';
import { DockerPlatform } from '../../src/builtin/docker/platform.js';
import { pushImage } from '../../src/builtin/docker/registry.js';
import { dockerBuildSchema, dockerDeploySchema, dockerRegistrySchema } from '../../src/builtin/docker/schema.js';
import type { Artifact, DeployInput } from '../../src/component/index.js';
import { CancelledError, UserError } from '../../src/errors.js';
import type { AppContext } from '../../src/lifecycle/context.js';
import { testContext } from '../helpers/context.js';
import { appDir, Cleanup, docker, env, httpGet, randomPort, uniqueName } from './support.js';

const cleanup = new Cleanup();
const project = cleanup.project(uniqueName('deploy'));
const images: Record<'v1' | 'v2' | 'v3' | 'checked' | 'worker' | 'exits', Artifact> = {} as never;

/** A busybox web server whose index says `content`; `extra` adds Dockerfile lines (a CMD there wins). */
function site(content: string, extra = ''): string {
  const cmd = /^CMD /m.test(extra) ? '' : 'CMD ["httpd", "-f", "-p", "8080", "-h", "/www"]\n';
  return cleanup.dir(appDir({ 'www/index.html': content, 'Dockerfile': `ARG BASE\nFROM \${BASE}\nCOPY www /www\nEXPOSE 8080\n${extra}${cmd}` }));
}

async function build(name: keyof typeof images, dir: string): Promise<void> {
  const image = cleanup.image(`cs-test/${project}-${name}`);
  images[name] = await dockerBuild(testContext({ appPath: dir }), dockerBuildSchema.parse({ image, tag: 'v', build_args: { BASE: env.baseImage } }));
  cleanup.image(`${image}:v`);
}

const input = (a: Artifact, image = `${a.image}:${a.tag}`): DeployInput => ({ artifact: a, registry: null, image });
const ctxFor = (app: string, overrides: Partial<AppContext> = {}) => testContext({ project, app, labels: { 'cs.project': project, 'cs.app': app }, ...overrides });
const platform = (raw: Record<string, unknown>) => new DockerPlatform(dockerDeploySchema.parse(raw));

beforeAll(async () => {
  await Promise.all([
    build('v1', site('v1')),
    build('v2', site('v2')),
    // Broken: serves nothing, so GET / is a 404 for ever; says so in its log.
    build('v3', site('v3', 'CMD ["sh", "-c", "echo v3 starting without a site; mkdir -p /empty; exec httpd -f -p 8080 -h /empty"]\n')),
    build('checked', site('checked', 'HEALTHCHECK --interval=500ms --timeout=2s --retries=3 CMD ["sh", "-c", "wget -q -O /dev/null http://127.0.0.1:8080/"]\n')),
    build('worker', cleanup.dir(appDir({ 'Dockerfile': 'ARG BASE\nFROM ${BASE}\nCMD ["sleep", "3600"]\n' }))),
    build('exits', cleanup.dir(appDir({ 'Dockerfile': 'ARG BASE\nFROM ${BASE}\nCMD ["sh", "-c", "echo missing configuration >&2; exit 3"]\n' }))),
  ]);
});
afterAll(() => cleanup.run());

test('moving to another host port: the old container serves until the new one is healthy, and after a failure', async () => {
  const [a, b] = [randomPort(), randomPort() + 1];
  const ctx = ctxFor('move');
  await platform({ ports: [`${a}:8080`], healthcheck: { path: '/', interval: '250ms' } }).deploy(ctx, input(images.v1));
  const failing = await platform({ ports: [`${b}:8080`], healthcheck: { path: '/never-there', interval: '250ms' }, wait_timeout: '1s' })
    .deploy(ctx, input(images.v2))
    .catch((e: unknown) => e);
  expect(failing).toBeInstanceOf(UserError);
  expect((failing as UserError).message).toContain('the previous container keeps serving');
  expect(ctx.output()).not.toContain('stopping the previous container first');
  expect(await httpGet(`http://127.0.0.1:${a}/`)).toEqual({ status: 200, body: 'v1' });
  const d = await platform({ ports: [`${b}:8080`], healthcheck: { path: '/', interval: '250ms' } }).deploy(ctx, input(images.v2));
  expect(await httpGet(`${d.url}/`)).toEqual({ status: 200, body: 'v2' });
  expect(ctx.output()).not.toContain('stopping the previous container first');
});

describe('deploy with a published host port', () => {
  const port = randomPort();
  const web = platform({ ports: [`${port}:8080`], healthcheck: { path: '/', interval: '250ms' }, wait_timeout: '4s', env: { MODE: 'test' }, labels: { team: 'store' } });
  const ctx = ctxFor('web');
  let v2Id = '';

  test('v1 serves v1, with its deployment recorded as labels', async () => {
    const d = await web.deploy(ctx, input(images.v1));
    expect(d).toMatchObject({ platform: 'docker', name: `${project}-web`, status: 'healthy', url: `http://127.0.0.1:${port}` });
    expect(await httpGet(`${d.url}/`)).toEqual({ status: 200, body: 'v1' });
    const [info] = JSON.parse(docker('inspect', `${project}-web`)) as Array<{ Config: { Labels: Record<string, string>; Env: string[] } }>;
    expect(info!.Config.Labels).toMatchObject({ 'cs.project': project, 'cs.app': 'web', 'cs.deployment-id': d.id, 'cs.image': `${images.v1.image}:v`, team: 'store' });
    // A local build has no registry digest; its image id is not one (`repo@<id>` does not pull).
    expect(info!.Config.Labels).not.toHaveProperty('cs.image-digest');
    expect(d.details.imageDigest).toBeNull();
    expect(info!.Config.Env).toContain('MODE=test');
    expect(ctx.output()).toContain(`healthy (HTTP GET http://127.0.0.1:${port}/)`);
  });

  test('plan compares the running image with the new one, touching nothing', async () => {
    expect(await web.plan(ctx, input(images.v1))).toEqual({ changes: false, summary: `container ${project}-web already runs ${images.v1.image}:v`, diff: null });
    expect(await web.plan(ctx, input(images.v2))).toMatchObject({ changes: true, summary: `container ${project}-web: image ${images.v1.image}:v → ${images.v2.image}:v` });
  });

  test('plan names the settings a deploy would change on the same image; env and label values never appear', async () => {
    const same = { ports: [`${port}:8080`], healthcheck: { path: '/', interval: '250ms' }, wait_timeout: '4s', env: { MODE: 'test' }, labels: { team: 'store' } };
    // Healthcheck and timeouts are how cs deploys, not what the container is: they change nothing.
    expect(await platform({ ...same, healthcheck: { path: '/health' }, wait_timeout: '9s' }).plan(ctx, input(images.v1))).toMatchObject({ changes: false });
    const changed = platform({ ports: [`${port + 1}:8080`, '9090'], env: { MODE: 'secret-mode-value', EXTRA: 'x' }, labels: { owner: 'ops' }, restart: 'always', command: ['httpd', '-f', '-p', '8080', '-h', '/'], network: 'host' });
    const { changes, summary } = await changed.plan(ctx, input(images.v1));
    expect(changes).toBe(true);
    expect(summary).toBe(`container ${project}-web: ports ${port}:8080/tcp → ${port + 1}:8080/tcp, 9090/tcp; network default → host; restart no → always; env EXTRA, MODE; labels owner, team; command`);
    expect(summary).not.toContain('secret-mode-value');
    expect(await platform({ ...same, env: {} }).plan(ctx, input(images.v1))).toMatchObject({ summary: `container ${project}-web: env MODE` });
  });

  test('v2 replaces v1 on the same host port', async () => {
    const d = await web.deploy(ctx, input(images.v2));
    v2Id = d.id;
    expect(await httpGet(`${d.url}/`)).toEqual({ status: 200, body: 'v2' });
    expect(docker('ps', '-aq', '--filter', `label=cs.project=${project}`, '--filter', 'label=cs.app=web').trim().split('\n')).toHaveLength(1);
  });

  test('a broken v3 never becomes healthy: the deploy fails with its logs, and v2 is serving again', async () => {
    const started = Date.now();
    const err = (await web.deploy(ctx, input(images.v3)).catch((e: unknown) => e)) as UserError;
    expect(err).toBeInstanceOf(UserError);
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(err.message).toMatch(/deploy of .*-web failed: not healthy within 4s by HTTP GET .*\/ \(last: HTTP 404\); the previous container was started again/);
    expect(err.message).toContain('last log lines of the new container:\nv3 starting without a site');
    expect(await httpGet(`http://127.0.0.1:${port}/`)).toEqual({ status: 200, body: 'v2' });
    expect(await web.status(ctx)).toMatchObject({ id: v2Id, status: 'healthy', url: `http://127.0.0.1:${port}` });
    expect(docker('ps', '-aq', '--filter', `label=cs.project=${project}`, '--filter', 'label=cs.app=web').trim().split('\n')).toHaveLength(1);
  });

  test('destroy leaves no container; status is then null', async () => {
    expect(await web.destroy(ctx)).toBe(true);
    expect(docker('ps', '-aq', '--filter', `label=cs.project=${project}`, '--filter', 'label=cs.app=web').trim()).toBe('');
    expect(await web.status(ctx)).toBeNull();
    expect(await web.destroy(ctx)).toBe(false);
    expect(await web.plan(ctx, input(images.v2))).toMatchObject({ changes: true, summary: `create container ${project}-web running ${images.v2.image}:v` });
  });
});

describe('health judges and failures', () => {
  test('the image HEALTHCHECK decides when there is one', async () => {
    const ctx = ctxFor('checked');
    const d = await platform({ ports: [`${randomPort()}:8080`], wait_timeout: '20s' }).deploy(ctx, input(images.checked));
    expect(d.status).toBe('healthy');
    expect(ctx.output()).toContain('healthy (the image HEALTHCHECK)');
  });

  test('without ports: "still running after interval", the new container starts before the old one goes', async () => {
    const ctx = ctxFor('worker');
    const worker = platform({ healthcheck: { interval: '500ms' }, wait_timeout: '10s' });
    const first = await worker.deploy(ctx, input(images.worker));
    const second = await worker.deploy(ctx, input(images.worker));
    expect(second.id).not.toBe(first.id);
    expect(second).toMatchObject({ name: `${project}-worker`, status: 'healthy', url: null });
    expect(ctx.output()).toContain('healthy (still running after 0.5s)');
    expect(ctx.output()).not.toContain('stopping the previous container');
    const ids = docker('ps', '-aq', '--filter', `label=cs.project=${project}`, '--filter', 'label=cs.app=worker').trim().split('\n');
    expect(ids).toHaveLength(1);
  });

  test('a container that exits fails at once, with its stderr and the exit code', async () => {
    const started = Date.now();
    const err = (await platform({ wait_timeout: '30s', healthcheck: { interval: '300ms' } }).deploy(ctxFor('exits'), input(images.exits)).catch((e: unknown) => e)) as UserError;
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(err.message).toMatch(/container exited \(status exited, exit code 3\); nothing was running before\nlast log lines of the new container:\nmissing configuration/);
    expect(docker('ps', '-aq', '--filter', `label=cs.project=${project}`, '--filter', 'label=cs.app=exits').trim()).toBe('');
  });

  test('healthcheck.port probes the TCP mapping of that port, not a UDP one listed first', async () => {
    const [udp, tcp] = [randomPort(), randomPort() + 1];
    const ctx = ctxFor('udp');
    const d = await platform({ ports: [`${udp}:8080/udp`, `${tcp}:8080`], healthcheck: { path: '/', port: 8080, interval: '200ms' }, wait_timeout: '5s' }).deploy(ctx, input(images.v1));
    expect(ctx.output()).toContain(`healthy (HTTP GET http://127.0.0.1:${tcp}/)`);
    expect(d.url).toBe(`http://127.0.0.1:${tcp}`);
  });

  test('network = "host": probed at the port on loopback, and a redeploy stops the old container first to free it', async () => {
    const port = randomPort();
    const ctx = ctxFor('hostnet');
    const web = platform({ network: 'host', command: ['httpd', '-f', '-p', `127.0.0.1:${port}`, '-h', '/www'], healthcheck: { path: '/', port, interval: '200ms' }, wait_timeout: '10s' });
    await web.deploy(ctx, input(images.v1));
    expect(ctx.output()).toContain(`healthy (HTTP GET http://127.0.0.1:${port}/)`);
    expect(await httpGet(`http://127.0.0.1:${port}/`)).toEqual({ status: 200, body: 'v1' });
    await web.deploy(ctxFor('hostnet'), input(images.v2));
    expect(await httpGet(`http://127.0.0.1:${port}/`)).toEqual({ status: 200, body: 'v2' });
    await web.destroy(ctxFor('hostnet'));
  });

  test('cancelling the health wait removes the new container and keeps the old one', async () => {
    const port = randomPort();
    const abort = new AbortController();
    const app = platform({ ports: [`${port}:8080`], healthcheck: { path: '/', interval: '200ms' }, wait_timeout: '30s' });
    await app.deploy(ctxFor('cancel'), input(images.v1));
    setTimeout(() => abort.abort('SIGINT'), 1000);
    await expect(app.deploy(ctxFor('cancel', { signal: abort.signal }), input(images.v3))).rejects.toBeInstanceOf(CancelledError);
    expect(await httpGet(`http://127.0.0.1:${port}/`)).toEqual({ status: 200, body: 'v1' });
  });

  test('a cancel that lands after the last health check does not swap: the old container keeps serving under its name', async () => {
    const port = randomPort();
    const abort = new AbortController();
    const app = platform({ ports: [`${port}:8080`], healthcheck: { path: '/', interval: '200ms' }, wait_timeout: '30s' });
    const v1 = await app.deploy(ctxFor('late-cancel'), input(images.v1));
    const ctx = ctxFor('late-cancel', { signal: abort.signal });
    const info = ctx.log.info.bind(ctx.log);
    ctx.log.info = (line: string) => {
      info(line);
      if (/ is healthy /.test(line)) abort.abort('SIGTERM');
    };
    await expect(app.deploy(ctx, input(images.v2))).rejects.toBeInstanceOf(CancelledError);
    expect(ctx.output()).toMatch(/is healthy [\s\S]*deploy of .*-late-cancel cancelled: the previous container was started again/);
    expect(await httpGet(`http://127.0.0.1:${port}/`)).toEqual({ status: 200, body: 'v1' });
    expect(await app.status(ctxFor('late-cancel'))).toMatchObject({ id: v1.id, name: `${project}-late-cancel`, status: 'healthy' });
    expect(docker('ps', '-aq', '--filter', `label=cs.project=${project}`, '--filter', 'label=cs.app=late-cancel').trim().split('\n')).toHaveLength(1);
  });

  test("containers run by hand from the app's image (its cs.project/cs.app labels, no deployment id) are never touched", async () => {
    const labels = ['--label', `cs.project=${project}`, '--label', 'cs.app=byhand'];
    const stray = uniqueName('debug-');
    const named = `${project}-byhand`;
    docker('run', '-d', '--name', stray, ...labels, `${images.worker.image}:${images.worker.tag}`, 'sleep', '3600');
    docker('run', '-d', '--name', named, ...labels, `${images.worker.image}:${images.worker.tag}`, 'sleep', '3600');
    try {
      const refused = await platform({}).deploy(ctxFor('byhand'), input(images.worker)).catch((e: unknown) => e);
      expect((refused as UserError).message).toBe(`container ${named} exists but was not deployed by cloudstation for ${project}/byhand`);
      docker('rm', '-f', named);
      const d = await platform({}).deploy(ctxFor('byhand'), input(images.worker));
      expect(d.name).toBe(named);
      await platform({}).destroy(ctxFor('byhand'));
      expect(docker('ps', '-a', '--format', '{{.Names}} {{.State}}', '--filter', `label=cs.app=byhand`).trim()).toBe(`${stray} running`);
    } finally {
      docker('rm', '-f', stray, named);
    }
  });

  test('a same-named container that is not ours is never touched', async () => {
    const name = uniqueName('foreign-');
    docker('run', '-d', '--name', name, env.baseImage, 'sleep', '3600');
    try {
      const err = await platform({ name }).deploy(ctxFor('foreign'), input(images.worker)).catch((e: unknown) => e);
      expect((err as UserError).message).toBe(`container ${name} exists but was not deployed by cloudstation for ${project}/foreign`);
    } finally {
      docker('rm', '-f', name);
    }
  });
});

test('an unpushed build whose tag was rebuilt since is refused, not deployed as whatever the tag names now', async () => {
  const image = cleanup.image(`cs-test/${project}-moved`);
  const buildOnce = (content: string) => dockerBuild(testContext({ appPath: site(content) }), dockerBuildSchema.parse({ image, tag: 'same', build_args: { BASE: env.baseImage } }));
  const first = await buildOnce('first');
  const second = await buildOnce('second');
  expect(second.imageId).not.toBe(first.imageId);
  const worker = platform({ healthcheck: { interval: '200ms' }, wait_timeout: '10s' });
  const err = await worker.deploy(ctxFor('moved'), input(first)).catch((e: unknown) => e);
  expect((err as UserError).message).toBe(`${image}:same now names image ${second.imageId!.slice(7, 19)}, not ${first.imageId!.slice(7, 19)} that the artifacts record: it was rebuilt since`);
  expect(await worker.status(ctxFor('moved'))).toBeNull(); // nothing was started
  expect(await worker.deploy(ctxFor('moved'), input(second))).toMatchObject({ status: 'healthy' });
});

test('a host port another process holds: the engine\'s refusal in its own words, with a hint about the port', async () => {
  const server = createServer().listen(0, '0.0.0.0');
  await once(server, 'listening');
  try {
    const port = (server.address() as AddressInfo).port;
    const err = (await platform({ ports: [`${port}:8080`] }).deploy(ctxFor('held'), input(images.worker)).catch((e: unknown) => e)) as UserError;
    expect(err).toBeInstanceOf(UserError);
    expect(err.message).toMatch(new RegExp(`^deploy of ${project}-held failed: .*${port}.*(address already in use|port is already allocated)`));
    expect(err.message).not.toContain('HTTP code');
    expect(err.hint).toContain('free the host port');
    expect(await platform({}).status(ctxFor('held'))).toBeNull();
  } finally {
    server.close();
  }
});

test('an unpushed build no longer on the engine is refused at once, not looked for on Docker Hub', async () => {
  const image = cleanup.image(`cs-test/${project}-gone`);
  const built = await dockerBuild(testContext({ appPath: site('gone') }), dockerBuildSchema.parse({ image, tag: 'v1', build_args: { BASE: env.baseImage } }));
  docker('rmi', `${image}:v1`);
  const ctx = ctxFor('gone');
  const err = await platform({}).deploy(ctx, input(built)).catch((e: unknown) => e);
  expect((err as UserError).message).toBe(`${image}:v1 is not on this engine: the artifacts record a build that was not pushed to any registry`);
  expect(ctx.output()).not.toContain('pull');
});

describe('one deploy of an app at a time', () => {
  const containers = (app: string) => docker('ps', '-a', '--format', '{{.Names}} {{.State}}', '--filter', `label=cs.project=${project}`, '--filter', `label=cs.app=${app}`).trim().split('\n').sort();
  /** A `.next` container as a deploy leaves it while it runs (or when it was killed), due to end at `expires`. */
  const holder = (app: string, expires: Date, labels = ['--label', `cs.project=${project}`, '--label', `cs.app=${app}`, '--label', 'cs.deployment-id=0123456789ab']) =>
    docker('create', '--name', `${project}-${app}.next`, ...labels, '--label', `cs.deploy-expires=${expires.toISOString()}`, `${images.worker.image}:${images.worker.tag}`).trim();

  test('two deploys of the same app at once: the second waits for the first, both succeed, one container serves', async () => {
    const port = randomPort();
    const app = platform({ ports: [`${port}:8080`], healthcheck: { path: '/', interval: '200ms' }, wait_timeout: '20s' });
    await app.deploy(ctxFor('twice'), input(images.v1));
    const [a, b] = [ctxFor('twice'), ctxFor('twice')];
    const first = app.deploy(a, input(images.v2));
    await new Promise((r) => setTimeout(r, 50)); // a has created its container: b meets it
    const [da, db] = await Promise.all([first, app.deploy(b, input(images.v1))]);
    expect(b.output()).toMatch(/another run is deploying or destroying .*\/twice \(container .*-twice\.next, created .*\); waiting for it to finish/);
    expect(a.output()).not.toContain('another run');
    expect(await app.status(ctxFor('twice'))).toMatchObject({ id: db.id, name: `${project}-twice`, status: 'healthy' });
    expect(da.id).not.toBe(db.id);
    expect(await httpGet(`http://127.0.0.1:${port}/`)).toEqual({ status: 200, body: 'v1' });
    expect(containers('twice')).toEqual([`${project}-twice running`]);
  });

  test('a .next left by a killed deploy is waited on until its expiry, then removed, and the deploy goes on', async () => {
    holder('killed', new Date(Date.now() + 1500));
    const ctx = ctxFor('killed');
    const started = Date.now();
    const d = await platform({ healthcheck: { interval: '200ms' }, wait_timeout: '10s' }).deploy(ctx, input(images.worker));
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(ctx.output()).toMatch(/another run is deploying or destroying .*[\s\S]*removing .*-killed\.next, left by a deploy that did not finish/);
    expect(d).toMatchObject({ name: `${project}-killed`, status: 'healthy' });
    expect(containers('killed')).toEqual([`${project}-killed running`]);
    // Its own expiry counts from its creation, not from before the wait: 10 s stop + 60 s margin + wait_timeout.
    const [info] = JSON.parse(docker('inspect', `${project}-killed`)) as Array<{ Created: string; Config: { Labels: Record<string, string> } }>;
    expect(Date.parse(info!.Config.Labels['cs.deploy-expires']!) - Date.parse(info!.Created)).toBeGreaterThan(80_000 - 500);
  });

  test('a .next whose process of this machine has exited is taken over at once; one whose process lives is waited on', async () => {
    const machine = [readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim(), hostname(), readlinkSync('/proc/self/ns/pid')].join('/');
    const startedAt = (pid: number) => readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')[19];
    const exited = spawnSync('true').pid!;
    const holds = (app: string, id: string) =>
      holder(app, new Date(Date.now() + 60_000), ['--label', `cs.project=${project}`, '--label', `cs.app=${app}`, '--label', 'cs.deployment-id=0123456789ab', '--label', `cs.deploy-holder=${id}`]);
    holds('orphan', `${machine} ${exited} 12345`);
    const ctx = ctxFor('orphan');
    const started = Date.now();
    const d = await platform({ healthcheck: { interval: '200ms' }, wait_timeout: '10s' }).deploy(ctx, input(images.worker));
    expect(Date.now() - started).toBeLessThan(30_000); // not the minute its expiry says
    expect(ctx.output()).toContain(`removing ${project}-orphan.next, left by a deploy that did not finish (its process ${exited} has exited)`);
    expect(d).toMatchObject({ name: `${project}-orphan`, status: 'healthy' });
    const [info] = JSON.parse(docker('inspect', `${project}-orphan`)) as Array<{ Config: { Labels: Record<string, string> } }>;
    expect(info!.Config.Labels['cs.deploy-holder']).toBe(`${machine} ${process.pid} ${startedAt(process.pid)}`);

    // A live process (this one) holds its lock; so does one of another machine (a shared remote engine), unjudged.
    holds('alive', `${machine} ${process.pid} ${startedAt(process.pid)}`);
    const waiting = ctxFor('alive', { signal: AbortSignal.timeout(1500) });
    await expect(platform({ healthcheck: { interval: '200ms' } }).deploy(waiting, input(images.worker))).rejects.toBeInstanceOf(CancelledError);
    expect(waiting.output()).toMatch(/another run is deploying or destroying/);
    expect(containers('alive')).toEqual([`${project}-alive.next created`]);
    holds('remote', `0f0e-other-boot/${hostname()}/${readlinkSync('/proc/self/ns/pid')} ${exited} 12345`);
    const remote = ctxFor('remote', { signal: AbortSignal.timeout(1500) });
    await expect(platform({ healthcheck: { interval: '200ms' } }).deploy(remote, input(images.worker))).rejects.toBeInstanceOf(CancelledError);
    expect(containers('remote')).toEqual([`${project}-remote.next created`]);
  });

  test('destroy during a deploy waits for it to finish, then removes every container; the deploy succeeds', async () => {
    const port = randomPort();
    const app = platform({ ports: [`${port}:8080`], healthcheck: { path: '/', interval: '200ms' }, wait_timeout: '20s' });
    await app.deploy(ctxFor('teardown'), input(images.v1));
    const deploying = app.deploy(ctxFor('teardown'), input(images.v2));
    for (let i = 0; i < 500 && !containers('teardown').some((c) => c.startsWith(`${project}-teardown.next `)); i++) await new Promise((r) => setTimeout(r, 10));
    const ctx = ctxFor('teardown');
    await app.destroy(ctx);
    await expect(deploying).resolves.toMatchObject({ name: `${project}-teardown`, status: 'healthy' });
    expect(ctx.output()).toMatch(/another run is deploying or destroying .*\/teardown \(container .*-teardown\.next[\s\S]*removing container .*-teardown/);
    expect(containers('teardown')).toEqual(['']);
    expect(await app.status(ctxFor('teardown'))).toBeNull();
  });

  test('overlapping deploys without host ports, three times over: each succeeds, one container serves', async () => {
    const worker = platform({ healthcheck: { interval: '300ms' }, wait_timeout: '10s' });
    await worker.deploy(ctxFor('overlap'), input(images.worker));
    for (let i = 0; i < 3; i++) {
      const first = worker.deploy(ctxFor('overlap'), input(images.worker));
      await new Promise((r) => setTimeout(r, 100));
      await Promise.all([first, worker.deploy(ctxFor('overlap'), input(images.worker))]);
    }
    expect(containers('overlap')).toEqual([`${project}-overlap running`]);
  });

  test('status and plan never take a .next (a deploy under way) for the deployment', async () => {
    const id = holder('inflight', new Date(Date.now() + 60_000));
    try {
      docker('start', id);
      expect(await platform({}).status(ctxFor('inflight'))).toBeNull();
      expect(await platform({}).plan(ctxFor('inflight'), input(images.worker))).toMatchObject({ changes: true, summary: `create container ${project}-inflight running ${images.worker.image}:${images.worker.tag}` });
    } finally {
      docker('rm', '-f', id);
    }
  });

  test('one app deployed under two container names (prod, staging) keeps both: neither counts the other as a leftover', async () => {
    const [prodPort, stagingPort] = [randomPort(), randomPort() + 1];
    const prod = platform({ name: `${project}-named-prod`, ports: [`${prodPort}:8080`], healthcheck: { path: '/', interval: '200ms' }, wait_timeout: '10s' });
    const staging = platform({ name: `${project}-named-staging`, ports: [`${stagingPort}:8080`], healthcheck: { path: '/', interval: '200ms' }, wait_timeout: '10s' });
    const p = await prod.deploy(ctxFor('named'), input(images.v1));
    await staging.deploy(ctxFor('named'), input(images.v2));
    await staging.deploy(ctxFor('named'), input(images.v2));
    expect(containers('named')).toEqual([`${project}-named-prod running`, `${project}-named-staging running`]);
    expect(await httpGet(`http://127.0.0.1:${prodPort}/`)).toEqual({ status: 200, body: 'v1' });
    expect(await prod.status(ctxFor('named'))).toMatchObject({ id: p.id, name: `${project}-named-prod` });
    await staging.destroy(ctxFor('named'));
    expect(containers('named')).toEqual([`${project}-named-prod running`]);
  });

  test('a paused container is not reported healthy, and plan would replace it', async () => {
    const worker = platform({ healthcheck: { interval: '200ms' }, wait_timeout: '10s' });
    await worker.deploy(ctxFor('paused'), input(images.worker));
    docker('pause', `${project}-paused`);
    expect(await worker.status(ctxFor('paused'))).toMatchObject({ status: 'stopped' });
    expect(await worker.plan(ctxFor('paused'), input(images.worker))).toMatchObject({ changes: true, summary: expect.stringContaining('(currently paused)') });
    docker('unpause', `${project}-paused`);
  });

  test('taking over from a deploy killed after it stopped the old container serves the old one again, even when this deploy fails', async () => {
    const port = randomPort();
    const web = platform({ ports: [`${port}:8080`], healthcheck: { path: '/', interval: '200ms' }, wait_timeout: '2s' });
    await web.deploy(ctxFor('restore'), input(images.v1));
    holder('restore', new Date(Date.now() - 1000)); // the killed run's, expired
    docker('stop', '-t', '0', `${project}-restore`); // what it did before it died
    const ctx = ctxFor('restore');
    await expect(web.deploy(ctx, input(images.v3))).rejects.toThrow(/the previous container was started again/);
    expect(ctx.output()).toContain(`starting ${project}-restore again: a deploy that did not finish had stopped it`);
    expect(await httpGet(`http://127.0.0.1:${port}/`)).toEqual({ status: 200, body: 'v1' });
  });

  test('cancelling while waiting leaves the other deploy\'s container alone', async () => {
    const id = holder('waiting', new Date(Date.now() + 60_000));
    const abort = new AbortController();
    setTimeout(() => abort.abort('SIGINT'), 700);
    await expect(platform({}).deploy(ctxFor('waiting', { signal: abort.signal }), input(images.worker))).rejects.toBeInstanceOf(CancelledError);
    expect(docker('inspect', '-f', '{{.Id}}', `${project}-waiting.next`).trim()).toBe(id);
    docker('rm', '-f', id);
  });

  test('an app named like the other\'s new container (pair, pair-next) deploys beside it, again and again', async () => {
    const worker = platform({ healthcheck: { interval: '200ms' }, wait_timeout: '10s' });
    await worker.deploy(ctxFor('pair-next'), input(images.worker));
    await worker.deploy(ctxFor('pair'), input(images.worker));
    expect(await worker.deploy(ctxFor('pair'), input(images.worker))).toMatchObject({ name: `${project}-pair`, status: 'healthy' });
    expect(containers('pair-next')).toEqual([`${project}-pair-next running`]);
  });

  test('a .next container that is not ours is never touched', async () => {
    const id = holder('stranger', new Date(0), ['--label', 'team=other']);
    try {
      const err = await platform({}).deploy(ctxFor('stranger'), input(images.worker)).catch((e: unknown) => e);
      expect((err as UserError).message).toBe(`container ${project}-stranger.next exists but was not deployed by cloudstation for ${project}/stranger`);
      expect(docker('inspect', '-f', '{{.Id}}', `${project}-stranger.next`).trim()).toBe(id);
    } finally {
      docker('rm', '-f', id);
    }
  });
});

test('two apps deployed concurrently get their own containers and ports', async () => {
  const [portA, portB] = [randomPort(), randomPort() + 1];
  const [a, b] = await Promise.all([
    platform({ ports: [`${portA}:8080`], healthcheck: { path: '/', interval: '250ms' }, wait_timeout: '10s' }).deploy(ctxFor('alpha'), input(images.v1)),
    platform({ ports: [`${portB}:8080`], healthcheck: { path: '/', interval: '250ms' }, wait_timeout: '10s' }).deploy(ctxFor('beta'), input(images.v2)),
  ]);
  expect([a.name, b.name]).toEqual([`${project}-alpha`, `${project}-beta`]);
  expect(a.id).not.toBe(b.id);
  expect((await httpGet(`${a.url}/`)).body).toBe('v1');
  expect((await httpGet(`${b.url}/`)).body).toBe('v2');
});

test('a pushed reference not on the engine is pulled with env credentials and run pinned to its digest', async () => {
  const repo = `${env.registry}/cs-test/${project}-pulled`;
  const pushCtx = ctxFor('pulled');
  const ref = await pushImage(pushCtx, dockerRegistrySchema.parse({ image: repo, tag: 'v1', username: env.username, password: env.password }), images.v1);
  docker('rmi', `${repo}:v1`); // only the registry name goes; the engine no longer knows this reference
  cleanup.image(`${repo}@${ref.digest}`);

  const denied = ctxFor('pulled', { env: { ...process.env, REGISTRY_USERNAME: env.username, REGISTRY_PASSWORD: 'wrong-pull-password' } });
  const err = (await platform({}).deploy(denied, { artifact: null, registry: ref, image: ref.image }).catch((e: unknown) => e)) as UserError;
  expect(err.message).toMatch(/pull of .* at 127\.0\.0\.1:\d+ failed: .*unauthorized.* — the registry refused credentials from REGISTRY_USERNAME\/REGISTRY_PASSWORD/);
  expect(err.message + denied.output()).not.toContain('wrong-pull-password');

  const ctx = ctxFor('pulled', { env: { ...process.env, REGISTRY_USERNAME: env.username, REGISTRY_PASSWORD: env.password } });
  const web = platform({ ports: [`${randomPort()}:8080`], healthcheck: { path: '/', interval: '250ms' }, wait_timeout: '10s' });
  const d = await web.deploy(ctx, { artifact: null, registry: ref, image: ref.image });
  expect(ctx.output()).toContain(`pull ${repo}@${ref.digest} (credentials: REGISTRY_USERNAME/REGISTRY_PASSWORD`);
  expect(d.details).toMatchObject({ image: ref.image, imageDigest: ref.digest });
  expect((await httpGet(`${d.url}/`)).body).toBe('v1');
  // Plan names the image by the built tag (it neither builds nor pushes): the same image, so no change.
  expect(await web.plan(ctx, input(images.v1))).toMatchObject({ changes: false });
  expect(await web.plan(ctx, input(images.v2))).toMatchObject({ changes: true });
});

test('an image deployed by its tag records the registry digest it was pulled as, never its image id', async () => {
  const repo = `${env.registry}/cs-test/${project}-bytag`;
  const ref = await pushImage(ctxFor('bytag'), dockerRegistrySchema.parse({ image: repo, tag: 'v1', username: env.username, password: env.password }), images.v1);
  docker('rmi', `${repo}:v1`);
  cleanup.image(repo);
  const ctx = ctxFor('bytag', { env: { ...process.env, REGISTRY_USERNAME: env.username, REGISTRY_PASSWORD: env.password } });
  const d = await platform({ healthcheck: { interval: '250ms' } }).deploy(ctx, { artifact: null, registry: null, image: `${repo}:v1` });
  expect(ctx.output()).toContain(`pull ${repo}:v1`);
  expect(d.details.imageDigest).toBe(ref.digest);
  expect(ref.digest).not.toBe(images.v1.imageId);
});
