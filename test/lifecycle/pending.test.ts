/**
 * Problems only some runs have — an env() value that is unset (a credential a fork's pull request or a
 * laptop does not have), a build input that does not exist — stop only a run that uses them: `validate`
 * warns, another app, a skipped push or a deploy runs, and a run that needs them is refused before anything
 * starts, at the attribute's file:line:col.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';

const CONFIG = `project = "shop"

vault {
  address     = "http://127.0.0.1:1"
  auth_method = "approle"
  role_id     = env("T_ROLE_ID")
  secret_id   = env("T_SECRET_ID")
}

app "web" {
  build { use = "noop" }
  registry {
    use      = "docker"
    image    = "r.example/web"
    username = env("T_REG_USER")
    password = env("T_REG_PASSWORD")
  }
  deploy { use = "noop" }
}

app "api" {
  build { use = "noop" }
  deploy { use = "noop" }
}

app "secret" {
  build {
    use          = "csdocker"
    secrets_path = "secret/data/shop"
  }
  deploy { use = "noop" }
}
`;

async function cs(args: string[], env: Record<string, string> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'cs-unset-'));
  const file = join(dir, 'cloudstation.hcl');
  writeFileSync(file, CONFIG);
  writeFileSync(join(dir, 'Dockerfile'), 'FROM scratch\n');
  const artifact = { id: 'web', image: 'r.example/web', tag: '1', imageId: `sha256:${'a'.repeat(64)}`, labels: {}, ports: [], builder: 'noop' };
  writeFileSync(join(dir, 'artifacts.json'), JSON.stringify({ web: artifact }));
  let stdout = '';
  let stderr = '';
  const code = await main(['-c', file, ...args], { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), env: { PATH: process.env.PATH, ...env }, cwd: dir });
  return { code, stdout, stderr, file };
}

describe('unset env() values', () => {
  it('validate passes and warns at each one, with the fix', async () => {
    const { code, stderr, file } = await cs(['validate']);
    expect(code, stderr).toBe(0);
    expect(stderr).toContain(`${file}:15:5: warning: "username" in the registry stanza (plugin "docker"): env("T_REG_USER") is not set`);
    expect(stderr).toContain(`${file}:16:5: warning: "password" in the registry stanza (plugin "docker"): env("T_REG_PASSWORD") is not set`);
    expect(stderr).toContain(`${file}:6:3: warning: "role_id" in the vault block: env("T_ROLE_ID") is not set`);
    expect(stderr).toContain('hint: set T_REG_USER in the environment');
    expect(stderr).toContain('valid (3 apps: web, api, secret)');
  });

  it('another app runs: the unset credentials are web\'s', async () => {
    const { code, stdout, stderr } = await cs(['up', '--app', 'api', '--json']);
    expect(code, stderr).toBe(0);
    expect(JSON.parse(stdout).apps.api).toMatchObject({ ok: true, deployment: { status: 'healthy' } });
  });

  it('a deploy of an --image does not need the registry\'s credentials: the image is pulled as it is', async () => {
    const { code, stderr } = await cs(['deploy', '--app', 'web', '--image', 'r.example/web:1']);
    expect(code, stderr).toBe(0);
  });

  it('a build that skips the push does not need the registry\'s credentials', async () => {
    const { code, stderr } = await cs(['build', '--no-push', '--app', 'web']);
    expect(code, stderr).toBe(0);
  });

  it.each([
    ['up', ['up', '--app', 'web']],
    ['build with its push', ['build', '--app', 'web']],
    ['deploy of artifacts, pulled with them', ['deploy', '--app', 'web', '--artifacts', 'artifacts.json']],
  ])('%s is refused before anything runs, at the attributes', async (_name, args) => {
    const { code, stdout, stderr, file } = await cs(args);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toContain(`${file}:15:5: "username" in the registry stanza (plugin "docker"): env("T_REG_USER") is not set`);
    expect(stderr).toContain(`${file}:16:5: "password"`);
    expect(stderr).not.toMatch(/role_id|── web/);
  });

  it('the vault block\'s are needed by a build that reads Vault secrets, and by nothing else', async () => {
    const build = await cs(['build', '--app', 'secret']);
    expect(build.code).toBe(1);
    expect(build.stderr).toContain(`${build.file}:6:3: "role_id" in the vault block: env("T_ROLE_ID") is not set`);
    expect(build.stderr).not.toContain('── secret');
    const deploy = await cs(['deploy', '--app', 'secret', '--image', 'r.example/secret:1']);
    expect(deploy.code, deploy.stderr).toBe(0);
  });

  it('set, they are used: nothing is pending', async () => {
    const env = { T_REG_USER: 'u', T_REG_PASSWORD: 'p4ssw0rd-value', T_ROLE_ID: 'r', T_SECRET_ID: 's3cret-id' };
    const { code, stderr } = await cs(['validate'], env);
    expect(code, stderr).toBe(0);
    expect(stderr).not.toContain('warning');
  });

  /** `cs validate` of a one-app config whose registry stanza holds `registry`, with nothing in the environment. */
  async function validateRegistry(registry: string) {
    const dir = mkdtempSync(join(tmpdir(), 'cs-unset-'));
    const file = join(dir, 'c.hcl');
    writeFileSync(file, `project = "p"\napp "web" {\n  build { use = "noop" }\n  registry {\n    use      = "docker"\n${registry}  }\n  deploy { use = "noop" }\n}\n`);
    let stderr = '';
    const code = await main(['validate', '-c', file], { stdout: () => undefined, stderr: (t) => void (stderr += t), env: {}, cwd: dir });
    return { code, stderr, file };
  }

  it('an unknown attribute is an error even when its value is an unset env(): only a known one can wait', async () => {
    const { code, stderr, file } = await validateRegistry('    usrname  = env("T_U")\n');
    expect(code).toBe(1);
    expect(stderr).toContain(`${file}:6:5: unknown attribute "usrname" in the registry stanza (plugin "docker")`);
  });

  it('a stanza that is wrong besides is a config error whatever the environment', async () => {
    const { code, stderr, file } = await validateRegistry('    username = env("T_U")\n    password = env("T_P")\n    bogus    = 1\n');
    expect(code).toBe(1);
    expect(stderr).toContain(`${file}:8:5: unknown attribute "bogus"`);
    expect(stderr).toContain(`${file}:6:5: "username" in the registry stanza (plugin "docker"): env("T_U") is not set`);
    expect(stderr).not.toContain('warning');
  });
});

describe('build inputs that do not exist', () => {
  const configWith = (build: string) => `project = "shop"\napp "web" {\n  build {\n    use = "docker"\n${build}  }\n  deploy { use = "noop" }\n}\n`;

  async function run(config: string, args: string[], files: Record<string, string> = {}) {
    const dir = mkdtempSync(join(tmpdir(), 'cs-inputs-'));
    const file = join(dir, 'cloudstation.hcl');
    writeFileSync(file, config);
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    let stdout = '';
    let stderr = '';
    const code = await main(['-c', file, ...args], { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), env: { PATH: process.env.PATH }, cwd: dir });
    return { code, stdout, stderr, file, dir };
  }

  it.each([
    ['no Dockerfile in the context', '', {}, '3:3', (dir: string) => `the build context ${dir} has no Dockerfile`, 'add one, point to it with dockerfile'],
    ['a misspelt dockerfile', '    dockerfile = "Dockerfile.prd"\n', { 'Dockerfile.prod': 'FROM scratch\n' }, '5:5', (dir: string) => `"dockerfile" in the build stanza (plugin "docker"): ${dir}/Dockerfile.prd does not exist`, 'relative to the app\'s path'],
    ['a missing context', '    context = "./srv"\n', { Dockerfile: 'FROM scratch\n' }, '5:5', (dir: string) => `"context" in the build stanza (plugin "docker"): ${dir}/srv does not exist`, 'relative to the app\'s path'],
  ])('%s: validate warns at it; a build is refused before it starts; a deploy of an image runs', async (_name, build, files, at, message, hint) => {
    const validate = await run(configWith(build), ['validate'], files);
    expect(validate.code, validate.stderr).toBe(0);
    expect(validate.stderr).toContain(`${validate.file}:${at}: warning: ${message(validate.dir)}; a run that needs it is refused`);
    expect(validate.stderr).toContain(hint);

    const up = await run(configWith(build), ['up'], files);
    expect(up.code).toBe(1);
    expect(up.stderr).toContain(`${up.file}:${at}: ${message(up.dir)}`);
    expect(up.stderr).not.toContain('── web');

    const deploy = await run(configWith(build), ['deploy', '--image', 'r.example/web:1'], files);
    expect(deploy.code, deploy.stderr).toBe(0);
  });

  it('a missing app path, named at its attribute', async () => {
    const { code, stderr, file, dir } = await run(configWith('').replace('app "web" {\n', 'app "web" {\n  path = "./web"\n'), ['build']);
    expect(code).toBe(1);
    expect(stderr).toContain(`${file}:3:3: "path" in app "web": ${dir}/web does not exist`);
  });
});

describe('git.* outside a checkout', () => {
  it('an empty git.short_sha is a warning at its first use (a tag would read "v1-"), and the run goes on', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cs-nogit-'));
    const file = join(dir, 'cloudstation.hcl');
    writeFileSync(file, 'project = "p"\napp "web" {\n  build {\n    use     = "noop"\n    message = "v1-${git.short_sha}"\n  }\n  deploy { use = "noop" }\n}\n');
    let stderr = '';
    const env = { PATH: process.env.PATH, GIT_CEILING_DIRECTORIES: tmpdir() };
    const code = await main(['validate', '-c', file], { stdout: () => undefined, stderr: (t) => void (stderr += t), env, cwd: dir });
    expect(code, stderr).toBe(0);
    expect(stderr).toContain(`${file}:5:5: warning: git.short_sha is empty: ${dir} is not in a git work tree, and GITHUB_SHA is unset`);
    stderr = '';
    expect(await main(['validate', '-c', file], { stdout: () => undefined, stderr: (t) => void (stderr += t), env: { ...env, GITHUB_SHA: 'a'.repeat(40) }, cwd: dir })).toBe(0);
    expect(stderr).not.toContain('warning');
  });
});
