/**
 * Faults through the committed `cs` bundle: a broken registry, Vault, Nomad, nomad-pack or engine
 * during a v2 run must end with exit 1, one clear line naming the component (no stack, no secret),
 * and v1 still answering. Every scenario runs against the real dockerd and registry.
 */
import { dirname } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Cleanup, docker } from '../docker/support.js';
import { VaultDouble } from '../doubles/vault-double.js';
import { NomadApiDouble } from '../doubles/nomad-api-double.js';
import { deadPort } from '../helpers/net.js';
import { PACK_DOUBLE } from '../nomadpack/harness.js';
import {
  EngineSocketProxy,
  RegistryFront,
  cs,
  deployV1,
  nonce,
  dockerEnv,
  expectServing,
  processesMatching,
  registryEnv,
  runActionIn,
  runnerFiles,
  stackLines,
  startCs,
  webProject,
  workspace,
  type WebProject,
} from './support-faults.js';

const cleanup = new Cleanup();
afterAll(() => cleanup.run());

/** What every failed run must look like: exit 1, the expected words, no stack trace, no secret. */
function expectFailure(run: { code: number | null; stdout: string; stderr: string }, message: RegExp, secrets: string[] = []): void {
  const text = run.stdout + run.stderr;
  expect(run.code, text).toBe(1);
  expect(run.stderr).toMatch(message);
  expect(stackLines(text), 'stack frames').toEqual([]);
  for (const s of [dockerEnv.password, ...secrets]) expect(text).not.toContain(s);
}

describe('registry faults during a v2 push (docker builder, real engine)', () => {
  let p: WebProject;
  let front: RegistryFront;
  beforeAll(async () => {
    p = webProject(cleanup, 'csfreg');
    front = await RegistryFront.start();
    await deployV1(p);
  });
  afterAll(() => front.close());

  const v2 = (registry: string) => {
    cleanup.image(`${registry}/${p.repository}`);
    return cs(['up', '--var', 'version=v2', '--var', `registry=${registry}`], p.dir, registryEnv());
  };

  it('401 (the real registry, wrong password): names the registry and the credential source, is not retried', async () => {
    const run = await cs(['up', '--var', 'version=v2'], p.dir, { REGISTRY_USERNAME: dockerEnv.username, REGISTRY_PASSWORD: 'wrong-Pa55word' });
    expectFailure(run, new RegExp(`push of ${dockerEnv.registry}/${p.repository}:v2 at ${dockerEnv.registry} failed: .*the registry refused credentials from REGISTRY_USERNAME/REGISTRY_PASSWORD`), ['wrong-Pa55word']);
    expect(run.stderr).not.toMatch(/retrying/);
    await expectServing(p, 'v1');
  });

  it('500 on the manifest upload: retried with backoff, then one line naming the registry', async () => {
    front.mode = 'error500';
    const run = await v2(front.host);
    expectFailure(run, new RegExp(`push of ${front.host}/${p.repository}:v2 at ${front.host} failed: .*500`));
    expect(run.stderr).toMatch(/retrying in \d+ ms/);
    await expectServing(p, 'v1');
  });

  it('slow (every request delayed 150 ms): the push still completes and v2 replaces v1', async () => {
    front.mode = 'slow';
    front.delayMs = 150;
    const run = await v2(front.host);
    expect(run.code, run.stderr).toBe(0);
    // Said once: the lifecycle reports the push, the plugin does not repeat it.
    expect(run.stderr.match(new RegExp(`pushed ${front.host}/${p.repository}:v2@sha256:`, 'g'))).toHaveLength(1);
    await expectServing(p, 'v2');
    // Back to v1 for the scenarios after this one.
    expect((await cs(['up'], p.dir, registryEnv())).code).toBe(0);
    await expectServing(p, 'v1');
  });

  it('not listening (connection refused): retried, then one line naming the registry', async () => {
    const host = `127.0.0.1:${await deadPort()}`;
    cleanup.image(`${host}/${p.repository}`);
    const run = await v2(host);
    expectFailure(run, new RegExp(`push of ${host}/${p.repository}:v2 at ${host} failed: .*connection refused`));
    await expectServing(p, 'v1');
  });

  it('accepting but never answering: push_timeout ends the push with one line naming the registry and the setting, v1 untouched', async () => {
    // The engine's own registry client waits minutes (or for ever) on a silent registry.
    front.mode = 'stall';
    cleanup.image(`${front.host}/${p.repository}`);
    const started = performance.now();
    const run = await cs(['up', '--var', 'version=v2', '--var', `registry=${front.host}`, '--var', 'push_timeout=2s'], p.dir, registryEnv());
    expectFailure(run, new RegExp(`registry failed: push of ${front.host}/${p.repository}:v2 at ${front.host} did not finish within 2s \\(push_timeout\\)`));
    expect(run.stderr).toMatch(/hint: check that .* answers .*, or raise push_timeout/);
    expect(performance.now() - started).toBeLessThan(30_000);
    await expectServing(p, 'v1');
  });

  it('accepting but never answering: also bounded by cancel — SIGTERM ends it at once, v1 untouched', async () => {
    // Before push_timeout runs out, a user (or the runner's timeout-minutes) stops it: that must be prompt and clean.
    front.mode = 'stall';
    front.requests.length = 0;
    cleanup.image(`${front.host}/${p.repository}`);
    const run = startCs(['up', '--var', 'version=v2', '--var', `registry=${front.host}`], p.dir, registryEnv());
    await run.waitFor(/push .*:v2 \(credentials:/);
    while (front.requests.length === 0) await new Promise((r) => setTimeout(r, 50));
    run.kill('SIGTERM');
    const exit = await run.exited;
    expect(exit.code, run.stderr).toBe(143);
    expect(exit.ms).toBeLessThan(5000);
    expect(run.stderr).toMatch(/cancelled by SIGTERM/);
    expect(stackLines(run.stderr)).toEqual([]);
    await expectServing(p, 'v1');
  });
});

describe('engine faults (docker builder)', () => {
  let p: WebProject;
  beforeAll(async () => {
    p = webProject(cleanup, 'csfeng');
    await deployV1(p);
  });

  it('dockerd unreachable before the build: one line naming the engine socket', async () => {
    const run = await cs(['up', '--var', 'version=v2'], p.dir, { ...registryEnv(), DOCKER_HOST: 'unix:///tmp/cs-no-dockerd.sock' });
    expectFailure(run, /build failed: .*cannot connect to the Docker daemon.*\/tmp\/cs-no-dockerd\.sock/i);
    await expectServing(p, 'v1');
  });

  it('dockerd connection cut during the build: fails in seconds, no docker child left', async () => {
    const proxy = await EngineSocketProxy.start();
    cleanup.dir(dirname(proxy.path));
    const run = startCs(['up', '--var', 'version=v2', '--var', 'sleep=30', '--var', `nonce=${nonce()}`], p.dir, { ...registryEnv(), DOCKER_HOST: proxy.dockerHost });
    await run.waitFor(/sleep 30/);
    expect(processesMatching(`${p.project}-web:v2`), 'the docker build runs').not.toEqual([]);
    const started = Date.now();
    await proxy.cut();
    const exit = await run.exited;
    expect(Date.now() - started).toBeLessThan(10_000);
    expectFailure({ ...exit, stdout: run.stdout, stderr: run.stderr }, /build failed: /);
    expect(processesMatching(`${p.project}-web:v2`), 'docker CLI processes for this build').toEqual([]);
    await expectServing(p, 'v1');
  });
});

/** `name state` of every container of the project, sorted. */
function containerNames(project: string): string[] {
  return docker('ps', '-a', '--filter', `label=cs.project=${project}`, '--format', '{{.Names}} {{.State}}').trim().split('\n').sort();
}

describe('engine faults after the new container is healthy', () => {
  it('the old container cannot be removed: v2 serves under the app\'s name, a warning says so, the next deploy clears the leftover', async () => {
    const p = webProject(cleanup, 'csfswap');
    await deployV1(p);
    const proxy = await EngineSocketProxy.start();
    cleanup.dir(dirname(proxy.path));
    proxy.refuse = /^DELETE \S*\/containers\/[0-9a-f]{64}\?/;
    const run = await cs(['up', '--var', 'version=v2'], p.dir, { ...registryEnv(), DOCKER_HOST: proxy.dockerHost });
    expect(run.code, run.stderr).toBe(0);
    expect(proxy.refused).toHaveLength(1);
    expect(run.stderr).toMatch(/could not remove the previous container \(.*injected by the test proxy.*\); the next deploy removes it/);
    await expectServing(p, 'v2');
    expect(containerNames(p.project)).toEqual([`${p.project}-web running`, expect.stringMatching(new RegExp(`^${p.project}-web-replaced-by-[0-9a-f]{12} exited$`))]);
    const next = await cs(['up'], p.dir, registryEnv());
    expect(next.code, next.stderr).toBe(0);
    expect(next.stderr).toMatch(/removing leftover container .*-replaced-by-.* from an earlier deploy/);
    await expectServing(p, 'v1');
    expect(containerNames(p.project)).toEqual([`${p.project}-web running`]);
  });
});

describe('engine faults while the name moves', () => {
  it("the new container cannot take the app's name: v1 keeps serving under a stand-in name, status finds it, the next deploy stops it only to replace it", async () => {
    const p = webProject(cleanup, 'csfname');
    await deployV1(p);
    const v1 = docker('inspect', '-f', '{{index .Config.Labels "cs.deployment-id"}}', `${p.project}-web`).trim();
    const proxy = await EngineSocketProxy.start();
    cleanup.dir(dirname(proxy.path));
    // Both renames to the app's name fail: the new container's, and the old one's way back.
    proxy.refuse = new RegExp(`^POST \\S*/containers/\\w+/rename\\?name=${p.project}-web `);
    const run = await cs(['up', '--var', 'version=v2'], p.dir, { ...registryEnv(), DOCKER_HOST: proxy.dockerHost });
    expect(run.code, run.stderr).toBe(1);
    expect(proxy.refused).toHaveLength(2);
    expect(run.stderr).toMatch(/deploy of .*-web failed: .*injected by the test proxy.*; the previous container was started again/);
    await expectServing(p, 'v1');
    expect(containerNames(p.project)).toEqual([expect.stringMatching(new RegExp(`^${p.project}-web-replaced-by-[0-9a-f]{12} running$`))]);

    const status = await cs(['status', '--json'], p.dir, registryEnv());
    expect(status.code, status.stderr).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({ apps: { web: { deployment: { id: v1, status: 'healthy' } } } });

    const next = await cs(['up', '--var', 'version=v3'], p.dir, registryEnv());
    expect(next.code, next.stderr).toBe(0);
    expect(next.stderr).not.toMatch(/removing leftover container/);
    expect(next.stderr).toMatch(/stopping the previous container first/);
    await expectServing(p, 'v3');
    expect(containerNames(p.project)).toEqual([`${p.project}-web running`]);
  });
});

describe('Vault faults (csdocker, Vault double)', () => {
  let p: WebProject;
  let vault: VaultDouble;
  const SECRET_ID = 'secret-id-Canary-9d1f';
  const KV_VALUE = 'kv-Canary-5e2a';
  let vaultEnv: Record<string, string>;
  beforeAll(async () => {
    vault = (await VaultDouble.start()).enableAuth('approle', 'approle').addApprole('ci-role', SECRET_ID).mountKv('secret', 2).putSecret('secret', 'web', { BUILD_TOKEN: KV_VALUE });
    vaultEnv = { ...registryEnv(), VAULT_ADDR: vault.address, VAULT_ROLE_ID: 'ci-role', VAULT_SECRET_ID: SECRET_ID };
    p = webProject(cleanup, 'csfvlt', { vault: true });
    await deployV1(p, vaultEnv);
  });
  afterAll(() => vault.close());

  const v2 = () => cs(['up', '--var', 'version=v2'], p.dir, vaultEnv);

  it('403 on the KV read: names Vault, the operation and the policy hint; the login token is revoked', async () => {
    vault.fail({ path: /^secret\/data\/web$/, status: 403 });
    const before = vault.issuedTokens().length;
    const run = await v2();
    expectFailure(run, /build failed: Vault .*failed: HTTP 403 \(permission denied\)[\s\S]*hint: the token's policies do not allow this/, [SECRET_ID, KV_VALUE]);
    const token = vault.issuedTokens()[before]!;
    expect(vault.isRevoked(token)).toBe(true);
    for (const t of vault.issuedTokens()) expect(run.stderr).not.toContain(t);
    await expectServing(p, 'v1');
  });

  it('403 through the action bundle: the same line as an ::error:: annotation, exit 1', async () => {
    vault.fail({ path: /^secret\/data\/web$/, status: 403 });
    const files = runnerFiles();
    cleanup.dir(files.dir);
    const run = await runActionIn({ config: 'cloudstation.hcl', variables: 'version=v2' }, p.dir, files, { ...vaultEnv, RUNNER_TEMP: files.temp });
    const shown = run.stdout.split('\n').filter((l) => !l.startsWith('::add-mask::')).join('\n');
    expectFailure({ code: run.code, stdout: shown, stderr: shown }, /^::error::build failed: Vault .*failed: HTTP 403 \(permission denied\)/m, [SECRET_ID, KV_VALUE]);
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.outputs.result!).apps.web.error).toMatchObject({ phase: 'build', message: expect.stringMatching(/HTTP 403/) });
    await expectServing(p, 'v1');
  });

  it('503 (sealed) on login: retried once, then one line naming Vault and the status', async () => {
    vault.fail({ path: 'auth/approle/login', status: 503, times: 2 });
    const run = await v2();
    expectFailure(run, /build failed: Vault .*failed: HTTP 503 \(Vault is sealed\)/, [SECRET_ID, KV_VALUE]);
    expect(vault.callsTo('auth/approle/login').slice(-2).map((c) => c.status)).toEqual([503, 503]);
    await expectServing(p, 'v1');
  });

  it('no answer within vault_timeout: one line naming the address and vault_timeout', async () => {
    vault.fail({ path: 'auth/approle/login', delayMs: 3000, times: 2 });
    const started = Date.now();
    const run = await v2();
    expect(Date.now() - started).toBeLessThan(20_000);
    expectFailure(run, new RegExp(`build failed: Vault .*failed: Vault at ${vault.address} did not answer: no answer within 1s \\(vault_timeout\\)`), [SECRET_ID, KV_VALUE]);
    await expectServing(p, 'v1');
  });
});

describe('Nomad faults (nomadpack, Nomad API double, nomad-pack stand-in)', () => {
  let api: NomadApiDouble;
  let dir: string;
  let env: Record<string, string>;
  const NOMAD_TOKEN = 'nomad-Canary-token-41f0';
  beforeAll(async () => {
    api = await NomadApiDouble.start();
    dir = workspace(cleanup, {
      'scenario.json': '{}',
      'cloudstation.hcl': `project = "shop"
app "web" {
  build {
    use = "noop"
  }
  deploy {
    use             = "nomadpack"
    deployment_name = "web"
    pack            = "cloud_service"
    registry_name   = "cloudstation-packs"
    registry_source = "https://github.com/example/packs"
    timeout         = "20s"
  }
}
`,
    });
    env = { NOMAD_PACK_BIN: PACK_DOUBLE, NOMAD_ADDR: api.url, NOMAD_TOKEN, NOMAD_PACK_DOUBLE_SCENARIO: `${dir}/scenario.json` };
    const v1 = await cs(deployImage('v1'), dir, env);
    expect(v1.code, v1.stderr).toBe(0);
  });
  afterAll(() => api.close());

  const deployImage = (tag: string) => ['deploy', '--image', `registry.example.com/shop/web:${tag}`];
  const runningImage = () => JSON.stringify(api.jobs.get('cloud_service'));

  it('deployment failed with auto-revert: names the deployment, the task events and the rollback; v1 is what runs', async () => {
    api.outcome = 'auto-revert';
    const run = await cs(deployImage('v2'), dir, env);
    expectFailure(run, /deploy failed: .*deployment [0-9a-f]{8} of job "cloud_service" version 1 failed: Failed due to unhealthy allocations - rolling back to job version 0/, [NOMAD_TOKEN]);
    expect(run.stderr).toMatch(/auto-reverted to job version 0/);
    expect(runningImage()).toContain('registry.example.com/shop/web:v1');
    expect(runningImage()).not.toContain(':v2');
  });

  it('deployment failed without a rollback: exit 1 with the allocations\' task events', async () => {
    api.outcome = 'failed';
    const run = await cs(deployImage('v3'), dir, env);
    expectFailure(run, /deploy failed: .*failed: Failed due to unhealthy allocations[\s\S]*Driver Failure/, [NOMAD_TOKEN]);
  });

  it('nomad-pack missing (NOMAD_PACK_BIN points nowhere): says what to install, touches nothing', async () => {
    const jobs = api.requests.length;
    const run = await cs(deployImage('v4'), dir, { ...env, NOMAD_PACK_BIN: '/nonexistent/nomad-pack' });
    expectFailure(run, /deploy failed: \/nonexistent\/nomad-pack: command not found[\s\S]*hint: install/, [NOMAD_TOKEN]);
    expect(api.requests.slice(jobs).filter((r) => r.method !== 'GET')).toEqual([]);
  });
});
