/**
 * SIGTERM and SIGINT through the committed bundles, during the build (a RUN that sleeps), the push (a
 * registry front that answers slowly) and the deploy (a health path that never answers 200): the
 * process exits 143/130 within seconds, leaves no child process, no secret file in its temp dirs, a
 * revoked Vault token, and v1 still serving. The app builds with csdocker, its secret from Vault.
 */
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Cleanup, docker, httpGet, randomPort } from '../docker/support.js';
import { VaultDouble } from '../doubles/vault-double.js';
import { NomadApiDouble } from '../doubles/nomad-api-double.js';
import { PACK_DOUBLE } from '../nomadpack/harness.js';
import { parseOutputFile } from '../helpers/bundle.js';
import { uniqueName } from '../docker/support.js';
import {
  RegistryFront,
  cs,
  deployV1,
  expectServing,
  filesUnder,
  nonce,
  processesMatching,
  registryEnv,
  runnerFiles,
  sleep,
  stackLines,
  startAction,
  startCs,
  webProject,
  dockerEnv,
  workspace,
  type Started,
  type WebProject,
} from './support-faults.js';

const cleanup = new Cleanup();
afterAll(() => cleanup.run());

const SECRET_ID = 'sig-secret-id-7c3d';
const KV_VALUE = 'sig-kv-Canary-0b9e';
const EXIT = { SIGTERM: 143, SIGINT: 130 } as const;

let vault: VaultDouble;
let front: RegistryFront;
let p: WebProject;
beforeAll(async () => {
  vault = (await VaultDouble.start()).enableAuth('approle', 'approle').addApprole('ci-role', SECRET_ID).mountKv('secret', 2).putSecret('secret', 'web', { BUILD_TOKEN: KV_VALUE });
  front = await RegistryFront.start();
  front.mode = 'slow';
  front.delayMs = 3000;
  p = webProject(cleanup, 'cssig', { vault: true });
  cleanup.image(`${front.host}/${p.repository}`);
  await deployV1(p, env(cleanup.dir(mkdtempSync(join(tmpdir(), 'cs-sig-temp-')))));
});
afterAll(async () => {
  await front.close();
  await vault.close();
});

function env(temp: string): Record<string, string> {
  return { ...registryEnv(), VAULT_ADDR: vault.address, VAULT_ROLE_ID: 'ci-role', VAULT_SECRET_ID: SECRET_ID, RUNNER_TEMP: temp, TMPDIR: temp };
}

/** Where each phase is reached, with the variables that hold the run there. */
const PHASES = {
  build: { vars: () => ['sleep=30', `nonce=${nonce()}`], reached: /RUN .*sleep 30/ },
  push: { vars: () => [`registry=${front.host}`], reached: /push 127\.0\.0\.1:\d+\/.*:v2 \(credentials:/ },
  deploy: { vars: () => ['health=/never-there'], reached: /deploying .* as cssig/ },
} as const;

/** pid → command line of every descendant of `pid`. */
function descendants(pid: number): Map<number, string> {
  const parent = new Map<number, number>();
  for (const name of readdirSync('/proc').filter((n) => /^\d+$/.test(n))) {
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      parent.set(Number(name), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      /* gone */
    }
  }
  const out = new Map<number, string>();
  const visit = (p: number) => {
    for (const [child, ppid] of parent) {
      if (ppid === p && !out.has(child)) {
        out.set(child, alive(child) ?? '');
        visit(child);
      }
    }
  };
  visit(pid);
  return out;
}

/** The command line of a live (non-zombie) process, else null. */
function alive(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    if (stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z')) return null;
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
  } catch {
    return null;
  }
}

async function interrupt(run: Started, phase: keyof typeof PHASES, signal: 'SIGTERM' | 'SIGINT', temp: string, tokensBefore: number): Promise<void> {
  await run.waitFor(PHASES[phase].reached);
  if (phase === 'push') while (!front.requests.some((r) => r.includes('/blobs/') || r.includes('/manifests/'))) await sleep(50);
  if (phase === 'build') {
    // The secret is on disk while the build runs: the check afterwards is not vacuous.
    expect(Object.keys(filesUnder(temp)).some((f) => /cs-build-[^/]+\/secret-BUILD_TOKEN$/.test(f))).toBe(true);
  }
  const children = descendants(run.pid);
  if (phase === 'build') expect([...children.values()].some((cmd) => cmd.includes(' build ')), 'a docker build child').toBe(true);
  run.kill(signal);
  const exit = await run.exited;
  const text = run.stdout + run.stderr;
  expect(exit.code, text).toBe(EXIT[signal]);
  expect(exit.ms, 'ms from signal to exit').toBeLessThan(5000);
  expect(text).toMatch(new RegExp(`cancelled by ${signal}`));
  expect(stackLines(text)).toEqual([]);
  expect([...children.keys()].map((pid) => alive(pid)).filter(Boolean), 'child processes left').toEqual([]);
  expect(processesMatching(`${p.project}-web:v2`), 'docker CLI processes for this build').toEqual([]);
  expect(filesUnder(temp), 'files left in RUNNER_TEMP/TMPDIR').toEqual({});
  const tokens = vault.issuedTokens().slice(tokensBefore);
  expect(tokens).toHaveLength(1);
  expect(vault.isRevoked(tokens[0]!)).toBe(true);
  // The runner consumes ::add-mask:: lines itself: the one place a secret may pass.
  const shown = text.split('\n').filter((l) => !l.startsWith('::add-mask::')).join('\n');
  for (const secret of [SECRET_ID, KV_VALUE, tokens[0]!]) expect(shown).not.toContain(secret);
  await expectServing(p, 'v1');
}

describe('cs (CLI bundle) stopped by a signal', () => {
  it.each([
    ['build', 'SIGTERM'],
    ['build', 'SIGINT'],
    ['push', 'SIGTERM'],
    ['push', 'SIGINT'],
    ['deploy', 'SIGTERM'],
    ['deploy', 'SIGINT'],
  ] as const)('during the %s: %s', async (phase, signal) => {
    const temp = cleanup.dir(mkdtempSync(join(tmpdir(), 'cs-sig-temp-')));
    const tokensBefore = vault.issuedTokens().length;
    const vars = ['version=v2', ...PHASES[phase].vars()].flatMap((v) => ['--var', v]);
    const run = startCs(['up', ...vars], p.dir, env(temp));
    await interrupt(run, phase, signal, temp, tokensBefore);
  });
});

describe('a second signal', () => {
  it('exits at once, and still leaves no docker child running and no secret file', async () => {
    const temp = cleanup.dir(mkdtempSync(join(tmpdir(), 'cs-sig-temp-')));
    const run = startCs(['up', ...['version=v2', ...PHASES.build.vars()].flatMap((v) => ['--var', v])], p.dir, env(temp));
    await run.waitFor(PHASES.build.reached);
    const children = descendants(run.pid);
    expect(children.size).toBeGreaterThan(0);
    run.kill('SIGINT');
    // Back to back, the two may arrive in either order; a moment apart, while the orderly stop is under way.
    await sleep(10);
    expect([...children.keys()].some((pid) => alive(pid)), 'the build still runs when the second signal comes').toBe(true);
    run.kill('SIGTERM');
    const exit = await run.exited;
    expect(exit.code).toBe(130); // the first signal decides the exit code
    expect(exit.ms).toBeLessThan(1000);
    expect([...children.keys()].map((pid) => alive(pid)).filter(Boolean), 'child processes left').toEqual([]);
    expect(filesUnder(temp), 'secret files left').toEqual({});
    await expectServing(p, 'v1');
  });
});

describe("GitHub's cancel (SIGINT, then SIGTERM) during the switch-over, host ports in use", () => {
  // The old version drains for `drain` seconds after SIGTERM, serving meanwhile; the new one may never get healthy.
  let project: string;
  let url: string;
  let dir: string;
  beforeAll(() => {
    project = cleanup.project(uniqueName('cssw'));
    cleanup.image(`${project}-web`);
    const port = randomPort();
    url = `http://127.0.0.1:${port}/`;
    dir = workspace(cleanup, {
      Dockerfile: [
        'ARG BASE',
        'FROM ${BASE}',
        'ARG VERSION=v1',
        'ARG DRAIN=0',
        'RUN mkdir -p /www && echo "version ${VERSION}" > /www/index.html && echo "$DRAIN" > /drain',
        `CMD ["sh", "-c", "httpd -f -p 8080 -h /www & trap 'sleep $(cat /drain); exit 0' TERM; wait; wait"]`,
        '',
      ].join('\n'),
      'cloudstation.hcl': `project = "${project}"
variable "version" {
  default = "v1"
}
variable "drain" {
  default = "0"
}
variable "health" {
  default = "/"
}
app "web" {
  build {
    use        = "docker"
    image      = "${project}-web"
    tag        = var.version
    build_args = { BASE = "${dockerEnv.baseImage}", VERSION = var.version, DRAIN = var.drain }
  }
  deploy {
    use          = "docker"
    ports        = ["${port}:8080"]
    healthcheck  = { path = var.health, interval = "500ms" }
    wait_timeout = "60s"
  }
}
`,
    });
  });
  const up = (...vars: string[]) => ['up', ...vars.flatMap((v) => ['--var', v])];
  const serving = async () => (await httpGet(url).catch(() => ({ status: 0, body: '' }))).body.trim();
  const containers = () => docker('ps', '-a', '--format', '{{.Names}} {{.State}}', '--filter', `label=cs.project=${project}`).trim().split('\n').sort();

  it('back to back during the health wait: the second signal waits until the old container is started again', async () => {
    const v1 = await cs(up(), dir, {});
    expect(v1.code, v1.stderr).toBe(0);
    const run = startCs(up('version=v3', 'health=/never-there'), dir, {});
    await run.waitFor(/deploying .* as /);
    // The health wait: the old container stopped, the new one running (and answering 404).
    for (let i = 0; i < 400 && !containers().includes(`${project}-web.next running`); i++) await sleep(25);
    expect(containers()).toEqual([`${project}-web exited`, `${project}-web.next running`]);
    run.kill('SIGINT');
    await sleep(20);
    run.kill('SIGTERM');
    const exit = await run.exited;
    expect(exit.code, run.stderr).toBe(130);
    expect(exit.ms).toBeLessThan(5000);
    expect(run.stderr).toContain('the previous container was started again');
    expect(await serving()).toBe('version v1');
    expect(containers()).toEqual([`${project}-web running`]);
  });

  it('while the old container drains: it is killed and started again, not left stopped', async () => {
    const v1 = await cs(up('drain=20'), dir, {});
    expect(v1.code, v1.stderr).toBe(0);
    const run = startCs(up('version=v2'), dir, {});
    await run.waitFor(/stopping the previous container first/);
    await sleep(300);
    run.kill('SIGINT');
    await sleep(2000); // the runner's SIGTERM comes 7.5 s later; the 20 s drain would still be under way
    run.kill('SIGTERM');
    const exit = await run.exited;
    expect(exit.code, run.stderr).toBe(130);
    expect(run.stderr).toContain('the previous container was started again');
    for (let i = 0; i < 50 && (await serving()) !== 'version v1'; i++) await sleep(100);
    expect(await serving()).toBe('version v1');
    expect(containers()).toEqual([`${project}-web running`]);
  });
});

describe('cs stopped while it follows a Nomad deployment (nomadpack, doubles)', () => {
  it.each(['SIGTERM', 'SIGINT'] as const)('%s: exits at once, the running job untouched', async (signal) => {
    const api = await NomadApiDouble.start();
    try {
      const dir = workspace(cleanup, {
        'scenario.json': '{}',
        'cloudstation.hcl': 'project = "shop"\napp "web" {\n  build {\n    use = "noop"\n  }\n  deploy {\n    use             = "nomadpack"\n    deployment_name = "web"\n    pack            = "cloud_service"\n    registry_name   = "cloudstation-packs"\n    registry_source = "https://github.com/example/packs"\n  }\n}\n',
      });
      const nomadEnv = { NOMAD_PACK_BIN: PACK_DOUBLE, NOMAD_ADDR: api.url, NOMAD_PACK_DOUBLE_SCENARIO: join(dir, 'scenario.json') };
      const deploy = (tag: string) => ['deploy', '--image', `registry.example.com/shop/web:${tag}`];
      const v1 = await cs(deploy('v1'), dir, nomadEnv);
      expect(v1.code, v1.stderr).toBe(0);
      api.outcome = 'stuck';
      const run = startCs(deploy('v2'), dir, nomadEnv);
      await run.waitFor(/deployment [0-9a-f]{8} running/);
      run.kill(signal);
      const exit = await run.exited;
      expect(exit.code, run.stderr).toBe(EXIT[signal]);
      expect(exit.ms).toBeLessThan(5000);
      expect(run.stderr).toMatch(new RegExp(`cancelled by ${signal}`));
      expect(stackLines(run.stderr)).toEqual([]);
      expect(processesMatching(PACK_DOUBLE, nomadEnv.NOMAD_PACK_DOUBLE_SCENARIO)).toEqual([]);
      // cs stops watching; it does not stop or roll back what Nomad is running.
      expect(JSON.stringify(api.jobs.get('cloud_service'))).toContain('registry.example.com/shop/web:v2');
    } finally {
      await api.close();
    }
  });
});

describe('the action stopped by a second signal (no orderly end)', () => {
  it('still writes the outputs of the apps that finished', async () => {
    // slow's cleanup is held up by a slow Vault revoke, so the second signal comes while it runs.
    vault.fail({ path: 'auth/token/revoke-self', delayMs: 5000 });
    const project = cleanup.project(uniqueName('sig2'));
    cleanup.image(`${project}-slow`);
    const dir = workspace(cleanup, {
      Dockerfile: 'ARG BASE\nFROM ${BASE}\nARG NONCE\nRUN echo "$NONCE" && sleep 30\n',
      'cloudstation.hcl': `project = "${project}"
app "fast" {
  build {
    use = "noop"
  }
  deploy {
    use = "noop"
  }
}
app "slow" {
  build {
    use          = "csdocker"
    image        = "${project}-slow"
    build_args   = { BASE = "${dockerEnv.baseImage}", NONCE = "${nonce()}" }
    secrets_path = "secret/web"
  }
  deploy {
    use = "noop"
  }
}
`,
    });
    const files = runnerFiles();
    cleanup.dir(files.dir);
    const run = startAction({ command: 'up', config: 'cloudstation.hcl' }, dir, files, env(files.temp));
    await run.waitFor(/\[fast\] deployed/);
    for (let i = 0; i < 600 && processesMatching(`${project}-slow`).length === 0; i++) await sleep(50); // slow's docker build runs
    run.kill('SIGINT');
    await sleep(500);
    run.kill('SIGTERM');
    const exit = await run.exited;
    expect(exit.code, run.stdout).toBe(EXIT.SIGINT);
    expect(exit.ms).toBeLessThan(3000); // did not wait for the revoke
    const outputs = parseOutputFile(readFileSync(files.output, 'utf8'));
    expect(JSON.parse(outputs['deployment-ids']!)).toEqual({ fast: expect.stringMatching(/^noop-/) });
    expect(JSON.parse(outputs.result!)).toMatchObject({ project, ok: false, apps: { fast: { ok: true } } });
  });
});

describe('the action bundle stopped by a signal', () => {
  it.each(['build', 'push', 'deploy'] as const)('SIGTERM during the %s', async (phase) => {
    const files = runnerFiles();
    cleanup.dir(files.dir);
    const tokensBefore = vault.issuedTokens().length;
    const variables = ['version=v2', ...PHASES[phase].vars()].join('\n');
    const run = startAction({ config: 'cloudstation.hcl', variables, 'registry-username': registryEnv().REGISTRY_USERNAME!, 'registry-password': registryEnv().REGISTRY_PASSWORD! }, p.dir, files, env(files.temp));
    await interrupt(run, phase, 'SIGTERM', files.temp, tokensBefore);
    expect(run.stdout).toMatch(/^::error::cancelled by SIGTERM$/m);
  });
});
