/** The committed CLI bundle, run in a temp directory the way a user would. */
import { describe, expect, it } from 'vitest';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI_BUNDLE, ROOT, runProcess } from '../helpers/bundle.js';
import { deadPort } from '../helpers/net.js';

const cs = (args: string[], cwd: string, env: Record<string, string> = {}) =>
  runProcess(process.execPath, [CLI_BUNDLE, ...args], { cwd, env: { PATH: process.env.PATH!, HOME: process.env.HOME!, ...env } });

describe('cs (bundle)', () => {
  it('init writes a config that validates, and refuses to overwrite without --force', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cs-init-'));
    writeFileSync(join(dir, 'Dockerfile'), 'FROM scratch\n');
    const init = await cs(['init'], dir);
    expect(init.code).toBe(0);
    expect(init.stderr).toContain('(builder: csdocker)');
    expect(readFileSync(join(dir, 'cloudstation.hcl'), 'utf8')).toContain('use   = "csdocker"');
    const workflow = readFileSync(join(dir, '.github/workflows/deploy.yml'), 'utf8');
    expect(workflow).toContain('uses: cloudstation/orchestrator@v1');
    expect(workflow).not.toContain('nixpacks');
    // Two runs deploying the same app at once would race on its container: they queue instead.
    expect(workflow).toMatch(/\nconcurrency:\n  group: deploy\n  cancel-in-progress: false\n/);

    const again = await cs(['init'], dir);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('already exist');
    expect((await cs(['init', '--force'], dir)).code).toBe(0);

    const validate = await cs(['validate'], dir);
    expect(validate.stderr).toMatch(/cloudstation\.hcl: valid \(1 app: web\)/);
    expect(validate.code).toBe(0);
  });

  it.each([['svc_', 'svc'], ['My App!', 'My-App'], ['a__b--c', 'a-b-c'], ['x'.repeat(70), 'x'.repeat(63)], ['___', 'app']])(
    'init in a folder named %j writes a config that validates (project %j)',
    async (folder, project) => {
      const dir = join(mkdtempSync(join(tmpdir(), 'cs-init-name-')), folder);
      mkdirSync(dir);
      writeFileSync(join(dir, 'Dockerfile'), 'FROM scratch\n');
      expect((await cs(['init'], dir)).code).toBe(0);
      expect(readFileSync(join(dir, 'cloudstation.hcl'), 'utf8')).toContain(`project = "${project}"`);
      const validate = await cs(['validate'], dir);
      expect(validate.stderr).toContain('valid (1 app: web)');
      expect(validate.code).toBe(0);
    },
  );

  it('init picks nixpacks without a Dockerfile', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cs-init-'));
    expect((await cs(['init'], dir)).code).toBe(0);
    expect(readFileSync(join(dir, 'cloudstation.hcl'), 'utf8')).toContain('use   = "nixpacks"');
    // Runners have no nixpacks: the workflow installs it before the action runs.
    const workflow = readFileSync(join(dir, '.github/workflows/deploy.yml'), 'utf8');
    expect(workflow).toMatch(/- uses: actions\/checkout@v4\n      - name: install nixpacks\n        run: curl -sSL https:\/\/nixpacks\.com\/install\.sh \| bash\n      - id: cs\n/);
    expect((await cs(['validate'], dir)).code).toBe(0);
  });

  it('init --json prints what it wrote, or why it wrote nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cs-init-'));
    const init = await cs(['init', '--json'], dir);
    expect(init.code).toBe(0);
    expect(JSON.parse(init.stdout)).toEqual({
      command: 'init',
      ok: true,
      files: [join(dir, 'cloudstation.hcl'), join(dir, '.github/workflows/deploy.yml')],
      builder: 'nixpacks',
      error: null,
    });
    const again = await cs(['init', '--json'], dir);
    expect(again.code).toBe(1);
    expect(JSON.parse(again.stdout)).toMatchObject({ command: 'init', ok: false, files: [], builder: null, error: { message: expect.stringContaining('already exist') } });
  });

  it('init in a folder of a repository: the workflow goes to the repository root and names the config from there', async () => {
    const repo = mkdtempSync(join(tmpdir(), 'cs-init-repo-'));
    mkdirSync(join(repo, '.git'));
    const sub = join(repo, 'services', 'MyShop');
    mkdirSync(sub, { recursive: true });
    writeFileSync(join(sub, 'Dockerfile'), 'FROM scratch\n');
    expect((await cs(['init'], sub)).code).toBe(0);
    expect(existsSync(join(sub, '.github'))).toBe(false);
    expect(readFileSync(join(repo, '.github/workflows/deploy.yml'), 'utf8')).toContain('config: services/MyShop/cloudstation.hcl');
    // Docker repository names are lowercase; the project name keeps the folder's.
    const config = readFileSync(join(sub, 'cloudstation.hcl'), 'utf8');
    expect(config).toContain('project = "MyShop"');
    expect(config).toContain('image = "myshop/web"');
    // As the action runs it: from the repository root, with the config input.
    const validate = await cs(['validate', '-c', 'services/MyShop/cloudstation.hcl'], repo);
    expect(validate.code, validate.stderr).toBe(0);
  });

  it('init -c with an absolute path or a folder that does not exist yet', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cs-init-'));
    const elsewhere = join(mkdtempSync(join(tmpdir(), 'cs-init-abs-')), 'cs.hcl');
    expect((await cs(['init', '-c', elsewhere], dir)).code).toBe(0);
    expect(existsSync(elsewhere)).toBe(true);
    const other = mkdtempSync(join(tmpdir(), 'cs-init-'));
    const run = await cs(['init', '-c', 'deploy/cs.hcl'], other);
    expect(run.code, run.stderr).toBe(0);
    expect(readFileSync(join(other, '.github/workflows/deploy.yml'), 'utf8')).toContain('config: deploy/cs.hcl');
    expect((await cs(['validate', '-c', 'deploy/cs.hcl'], other)).code).toBe(0);
  });

  it('up --json prints the result object on stdout and logs on stderr; build --output feeds deploy --artifacts', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cs-up-'));
    copyFileSync(join(ROOT, 'examples/noop/cloudstation.hcl'), join(dir, 'cloudstation.hcl'));
    const up = await cs(['up', '--json', '--var', 'tag=t1'], dir);
    expect(up.code).toBe(0);
    const result = JSON.parse(up.stdout);
    expect(result).toMatchObject({ project: 'demo', command: 'up', ok: true });
    expect(result.apps.web).toMatchObject({ ok: true, error: null, artifact: { builder: 'noop' }, deployment: { status: 'healthy' }, release: { status: 'released' } });
    expect(result.apps.api.release).toBeNull();
    expect(Object.keys(result.apps.web.timings_ms)).toEqual(['build', 'registry', 'deploy', 'release']);
    expect(up.stderr).toContain('[web] building web t1 at');

    const build = await cs(['build', '--output', 'artifacts.json', '--app', 'web'], dir);
    expect(build.code).toBe(0);
    expect(build.stdout).toMatch(/^App\s+Status\s+Image/);
    const artifacts = JSON.parse(readFileSync(join(dir, 'artifacts.json'), 'utf8'));
    expect(Object.keys(artifacts)).toEqual(['web']);
    const deploy = await cs(['deploy', '--artifacts', 'artifacts.json', '--app', 'web', '--json'], dir);
    expect(deploy.code).toBe(0);
    expect(JSON.parse(deploy.stdout).apps.web.deployment.details.image).toBe(artifacts.web.registry.image);
  });

  it('validate loads no network module: http, https and tls cost start-up and only runs that connect need them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cs-modules-'));
    copyFileSync(join(ROOT, 'examples/noop/cloudstation.hcl'), join(dir, 'cloudstation.hcl'));
    const hook = join(dir, 'modules.cjs');
    writeFileSync(hook, `process.on('exit', () => require('fs').writeFileSync(${JSON.stringify(join(dir, 'loaded'))}, process.moduleLoadList.join('\\n')));\n`);
    const run = await runProcess(process.execPath, ['--require', hook, CLI_BUNDLE, 'validate'], { cwd: dir, env: { PATH: process.env.PATH!, HOME: process.env.HOME! } });
    expect(run.code).toBe(0);
    const loaded = readFileSync(join(dir, 'loaded'), 'utf8').split('\n');
    expect(loaded).toContain('NativeModule fs');
    expect(loaded.filter((m) => /^NativeModule (https?|tls|_http_client)$/.test(m))).toEqual([]);
  });

  it('exits 1 with one clear line for user errors, 2 from plan when something would change', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cs-err-'));
    copyFileSync(join(ROOT, 'examples/noop/cloudstation.hcl'), join(dir, 'cloudstation.hcl'));
    const missing = await cs(['validate', '-c', 'nope.hcl'], dir);
    expect(missing.code).toBe(1);
    expect(missing.stderr).not.toMatch(/\n\s+at /);
    const unknownApp = await cs(['up', '--app', 'wbe'], dir);
    expect(unknownApp.code).toBe(1);
    expect(unknownApp.stderr).toContain('unknown app "wbe"');
    const noArtifacts = await cs(['deploy'], dir);
    expect(noArtifacts.code).toBe(1);
    expect(noArtifacts.stderr).toContain('nothing to deploy for app "web"');
    const plan = await cs(['plan'], dir);
    expect(plan.code).toBe(2);
    expect(plan.stdout).toMatch(/web\s+changes/);
    expect(existsSync(join(dir, 'artifacts.json'))).toBe(false);
  });

  it('with --json, a refused flag still prints the refused result', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cs-jsonflag-'));
    for (const argv of [['up', '--json', '--concurrency', '0'], ['build', '--json', '--force']]) {
      const run = await cs(argv, dir);
      expect(run.code).toBe(1);
      expect(JSON.parse(run.stdout)).toMatchObject({ project: null, command: argv[0], ok: false, apps: {}, error: { phase: 'config', message: expect.any(String) } });
    }
  });

  it('argument errors never print a credential or a --var value given without "="', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cs-argleak-'));
    const env = { REGISTRY_PASSWORD: 'CNRYregpw-1' };
    const runs = [
      await cs(['up', '--json', 'CNRYregpw-1'], dir, env),
      await cs(['validate', '--var', 'api_key', 'CNRYvarval-2'], dir, env),
      await cs(['deploy', '--image', 'https://cs-test:CNRYimgpw-3@127.0.0.1:5000/cs-test/app:1'], dir, env),
    ];
    for (const run of runs) {
      expect(run.code).toBe(1);
      expect(`${run.stdout}${run.stderr}`).not.toMatch(/CNRY/);
    }
    expect(runs[1]!.stderr).toContain('--var number 1 is not name=value');
    expect(runs[2]!.stderr).toContain('--image "https://***@127.0.0.1:5000/cs-test/app:1" is not a valid image reference');
  });

  it('never prints a sensitive variable: stdout, stderr, --json result and artifacts file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cs-canary-'));
    copyFileSync(join(ROOT, 'test/fixtures/action/canary.hcl'), join(dir, 'cloudstation.hcl'));
    const canary = 'cli-CaNaRy-$HOME;`x`\nsecond-CaNaRy-line';
    for (const args of [['up', '--json'], ['build', '--output', 'a.json'], ['up', '--log-level', 'debug']]) {
      const run = await cs([...args, '--var', `api_key=${canary}`], dir);
      expect(run.code).toBe(0);
      const sinks = [run.stdout, run.stderr, existsSync(join(dir, 'a.json')) ? readFileSync(join(dir, 'a.json'), 'utf8') : ''];
      for (const part of canary.split('\n')) for (const sink of sinks) expect(sink).not.toContain(part);
      expect(run.stderr).toContain('building with key ***');
    }
  });

  it('reaches ssh2 (bundled apart, loaded on first use) for DOCKER_HOST=ssh://: a refused connection, not a missing module', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cs-ssh-'));
    writeFileSync(join(dir, 'cloudstation.hcl'), 'project = "p"\napp "web" {\n  build {\n    use = "noop"\n  }\n  deploy {\n    use = "docker"\n  }\n}\n');
    const port = await deadPort();
    const status = await cs(['status'], dir, { DOCKER_HOST: `ssh://nobody@127.0.0.1:${port}` });
    expect(status.code).toBe(1);
    expect(status.stderr).toContain(`cannot reach the Docker engine at ssh://127.0.0.1:${port} (ECONNREFUSED)`);
    expect(status.stderr).not.toMatch(/Cannot find module|not bundled/);
  });

  it('an engine that is not there is one clear error with a hint, not a socket errno', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cs-noengine-'));
    writeFileSync(join(dir, 'cloudstation.hcl'), 'project = "p"\napp "web" {\n  build {\n    use = "noop"\n  }\n  deploy {\n    use = "docker"\n  }\n}\n');
    const status = await cs(['status'], dir, { DOCKER_HOST: `unix://${join(dir, 'no-docker.sock')}` });
    expect(status.code).toBe(1);
    expect(status.stderr).toContain(`error: status failed: cannot reach the Docker engine at unix://${join(dir, 'no-docker.sock')} (ENOENT)\n  hint: is dockerd running? DOCKER_HOST selects another engine`);
  });

  it('prints help and version', async () => {
    const help = await cs(['--help'], ROOT);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: cs <command>');
    const version = await cs(['--version'], ROOT);
    expect(version.stdout.trim()).toBe(`cs ${JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version}`);
  });
});
