/** The loader end to end: the interface.md §1 example, both stanza forms, interpolation, files. */
import { chmod, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { loadConfig, loadConfigSource } from '../../src/config/index.js';
import { readFailure } from '../../src/config/source.js';
import { ConfigErrors } from '../../src/errors.js';
import { BUILD, DEPLOY, GIT, PROJECT, app, errorsOf, hcl, where } from './helpers.js';

const FIXTURE = 'test/fixtures/config/shop.hcl';
const SECRETS = { VAULT_ROLE_ID: 'role-123', VAULT_SECRET_ID: 'secret-456', ACR_USERNAME: 'acr-user', ACR_PASSWORD: 'acr-pass' };

describe('the interface.md §1 example', () => {
  test('loads, with every field resolved', async () => {
    const config = await loadConfig(FIXTURE, { env: SECRETS, git: GIT });
    const dir = resolve('test/fixtures/config');

    expect(config.file).toBe(resolve(FIXTURE));
    expect(config.dir).toBe(dir);
    expect(config.project).toBe('shop');
    expect(config.variables).toEqual({
      tag: { name: 'tag', type: 'string', value: 'latest', sensitive: false, source: 'default', description: 'image tag' },
    });
    expect(config.vault).toEqual({
      address: 'https://vault.example.com',
      auth_method: 'approle',
      mount: 'approle',
      role_id: 'role-123',
      secret_id: 'secret-456',
    });

    expect(config.apps).toHaveLength(1);
    const web = config.apps[0]!;
    expect(web.name).toBe('web');
    expect(web.path).toBe(join(dir, 'web'));
    expect(web.labels).toEqual({ team: 'storefront' });
    expect(web.pos).toEqual({ file: FIXTURE, line: 21, col: 1 });

    expect(web.build.phase).toBe('build');
    expect(web.build.use).toBe('csdocker');
    expect(web.build.pos).toEqual({ file: FIXTURE, line: 25, col: 3 });
    expect(web.build.config).toEqual({
      image: 'shopacr.azurecr.io/web',
      tag: 'latest-abcdef1',
      dockerfile: 'Dockerfile',
      build_args: { NODE_ENV: 'production' },
      secrets_path: ['secret/data/shop/web'],
    });

    expect(web.registry?.use).toBe('docker');
    expect(web.registry?.config).toEqual({ image: 'shopacr.azurecr.io/web', username: 'acr-user', password: 'acr-pass' });

    expect(web.deploy.use).toBe('nomadpack');
    expect(web.deploy.config).toEqual({
      deployment_name: 'web',
      pack: 'cloud_service',
      registry_name: 'cloudstation-packs',
      registry_source: 'https://github.com/example/packs',
      variables: { count: 2 },
      image_variable: 'image',
      wait: true,
      timeout: 600_000,
    });
    // 2, not 2.0 and not "2": the Go orchestrator's float bug must not come back.
    expect((web.deploy.config.variables as Record<string, unknown>).count).toBe(2);
    expect(Number.isInteger((web.deploy.config.variables as Record<string, unknown>).count)).toBe(true);

    expect(web.release?.use).toBe('noop');
    expect(web.release?.config).toEqual({});
  });

  test('SHOP_TAG (the variable\'s env list) overrides the default', async () => {
    const config = await loadConfig(FIXTURE, { env: { ...SECRETS, SHOP_TAG: '1.4' }, git: GIT });
    expect(config.variables.tag?.source).toBe('env');
    expect(config.apps[0]!.build.config.tag).toBe('1.4-abcdef1');
  });

  test('without the secrets in the environment, each unset env() is named, by the stanza or block that needs it', async () => {
    // Not an error of the config: a run that uses one of them is refused (test/lifecycle/unset-env.test.ts).
    // So is the example's ./web, which this checkout does not have: only a build of web needs it.
    const { pending = [] } = await loadConfig(FIXTURE, { env: {}, git: GIT });
    expect(pending.map(({ app, phase, error: e }) => `${app}/${phase} ${where(e)} ${e.message}`)).toEqual([
      'null/vault 15:3 "role_id" in the vault block: env("VAULT_ROLE_ID") is not set',
      'null/vault 16:3 "secret_id" in the vault block: env("VAULT_SECRET_ID") is not set',
      'web/registry 37:5 "username" in the registry stanza (plugin "docker"): env("ACR_USERNAME") is not set',
      'web/registry 38:5 "password" in the registry stanza (plugin "docker"): env("ACR_PASSWORD") is not set',
      `web/build 22:3 "path" in app "web": ${resolve(dirname(FIXTURE), 'web')} does not exist`,
    ]);
  });
});

describe('stanza forms', () => {
  const flat = hcl(
    PROJECT,
    'variable "replicas" {',
    '  default = 3',
    '}',
    'app "web" {',
    ...BUILD,
    '  deploy {',
    '    use    = "docker"',
    '    ports  = ["8080:80", 9090]',
    '    env    = { MODE = "prod", LEVEL = 2 }',
    '    healthcheck {',
    '      path     = "/health"',
    '      interval = "5s"',
    '      retries  = var.replicas',
    '    }',
    '  }',
    '}',
  );
  const block = hcl(
    PROJECT,
    'variable "replicas" {',
    '  default = 3',
    '}',
    'app "web" {',
    ...BUILD,
    '  deploy {',
    '    use "docker" {',
    '      ports = ["8080:80", 9090]',
    '      env   = { MODE = "prod", LEVEL = 2 }',
    '      healthcheck {',
    '        path     = "/health"',
    '        interval = "5s"',
    '        retries  = var.replicas',
    '      }',
    '    }',
    '  }',
    '}',
  );

  test('use = "x" with flat attributes and use "x" { … } give the same config', async () => {
    const a = await loadConfigSource('c.hcl', flat, { env: {}, git: GIT });
    const b = await loadConfigSource('c.hcl', block, { env: {}, git: GIT });
    const expected = {
      ports: ['8080:80', '9090'],
      env: { MODE: 'prod', LEVEL: '2' },
      healthcheck: { path: '/health', interval: 5000, retries: 3 },
    };
    expect(a.apps[0]!.deploy.config).toEqual(expected);
    expect(b.apps[0]!.deploy.config).toEqual(expected);
    expect(a.apps[0]!.deploy.use).toBe(b.apps[0]!.deploy.use);
  });

  test('an alias resolves to the canonical plugin name', async () => {
    const config = await loadConfigSource('c.hcl', hcl(PROJECT, ...app(...BUILD, '  deploy {', '    use "nomad-pack" {', '      pack = "svc"', '    }', '  }')), { env: {}, git: GIT });
    expect(config.apps[0]!.deploy.use).toBe('nomadpack');
    expect(config.apps[0]!.deploy.config.pack).toBe('svc');
  });
});

describe('interpolation', () => {
  const load = (source: string, env: Record<string, string> = {}) => loadConfigSource('/work/proj/c.hcl', source, { env, git: GIT });

  test('every reference kind, everywhere a string can be', async () => {
    const config = await load(
      hcl(
        PROJECT,
        'variable "region" {',
        '  default = "eu"',
        '}',
        'vault {',
        '  address = "https://${env.VAULT_HOST}"',
        '  role    = "ci-${project}"',
        '}',
        'app "web" {',
        '  path   = "./${var.region}"',
        '  labels = { app = "${app.name}", branch = git.branch, env = env("STAGE") }',
        '  build {',
        '    use        = "docker"',
        '    tag        = "${git.tag}-${git.short_sha}"',
        '    build_args = { SHA = "${git.sha}", REGION = var.region, LIT = "$${not.interpolated}" }',
        '    cache_from = ["${project}/${app.name}:cache"]',
        '  }',
        ...DEPLOY,
        '}',
      ),
      { VAULT_HOST: 'vault.internal', STAGE: 'prod' },
    );
    expect(config.vault).toEqual({ address: 'https://vault.internal', role: 'ci-shop' });
    const web = config.apps[0]!;
    expect(web.path).toBe('/work/proj/eu');
    expect(web.labels).toEqual({ app: 'web', branch: 'main', env: 'prod' });
    expect(web.build.config).toEqual({
      tag: 'v1.4.0-abcdef1',
      build_args: { SHA: 'abcdef1234567890', REGION: 'eu', LIT: '${not.interpolated}' },
      cache_from: ['shop/web:cache'],
    });
  });

  test('a whole-value reference keeps the variable\'s type', async () => {
    const config = await load(
      hcl(
        PROJECT,
        'variable "count" {',
        '  default = 2',
        '}',
        'variable "wait" {',
        '  default = false',
        '}',
        'variable "extra" {',
        '  default = { region = "eu", canary = true, weights = [1, 2] }',
        '}',
        ...app(...BUILD, '  deploy {', '    use       = "nomadpack"', '    wait      = var.wait', '    variables = { count = var.count, extra = var.extra, label = "n${var.count}" }', '  }'),
      ),
    );
    expect(config.apps[0]!.deploy.config).toMatchObject({
      wait: false,
      variables: { count: 2, extra: { region: 'eu', canary: true, weights: [1, 2] }, label: 'n2' },
    });
  });

  test('numbers are numbers, not floats or strings', async () => {
    const config = await load(hcl(PROJECT, ...app(...BUILD, '  deploy {', '    use       = "nomadpack"', '    variables = { a = 2, b = 2.5, c = -1, d = "2" }', '  }')));
    expect(config.apps[0]!.deploy.config.variables).toStrictEqual({ a: 2, b: 2.5, c: -1, d: '2' });
  });

  test('an unset env() in an optional field that accepts "" is empty, not an error', async () => {
    const config = await load(hcl(PROJECT, ...app('  build {', '    use        = "docker"', '    build_args = { TOKEN = env("NOPE") }', '  }', ...DEPLOY)));
    expect(config.apps[0]!.build.config.build_args).toEqual({ TOKEN: '' });
  });
});

describe('files and text encodings', () => {
  test('a missing file says how to create one', async () => {
    const err = await loadConfig('/nonexistent/cloudstation.hcl').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigErrors);
    const [error] = (err as ConfigErrors).errors;
    expect(error?.message).toBe('config file not found: /nonexistent/cloudstation.hcl');
    expect(error?.pos).toBeUndefined();
    expect(error?.hint).toContain('cs init');
  });

  const loadError = async (file: string) => {
    const err = await loadConfig(file, { env: {}, git: GIT }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigErrors);
    expect((err as ConfigErrors).errors).toHaveLength(1);
    const [error] = (err as ConfigErrors).errors;
    return { message: error!.message, hint: error!.hint, pos: error!.pos };
  };

  test('a directory given as the config names the file to pass', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cs-config-'));
    expect(await loadError(dir)).toEqual({ message: `config file ${dir} is a directory`, hint: `pass the config file itself, e.g. ${join(dir, 'cloudstation.hcl')}`, pos: undefined });
  });

  test.skipIf(process.getuid?.() === 0)('an unreadable config file says so, not EACCES', async () => {
    const file = join(await mkdtemp(join(tmpdir(), 'cs-config-')), 'cloudstation.hcl');
    await writeFile(file, hcl(PROJECT, ...app(...BUILD, ...DEPLOY)));
    await chmod(file, 0o000);
    expect(await loadError(file)).toEqual({ message: `config file ${file} is not readable (permission denied)`, hint: "check the file's permissions", pos: undefined });
  });

  test('an empty config path', async () => {
    const { message, hint } = await loadError('');
    expect(message).toBe('the config path is empty');
    expect(hint).toContain('--config');
  });

  test('read errors in words, with a fix (runs as root too, where chmod 000 stops nothing)', () => {
    const errno = (code: string) => Object.assign(new Error(`${code}: raw errno text`), { code });
    expect(readFailure('config file', '/p/c.hcl', errno('EACCES'), 'x')).toEqual({ message: 'config file /p/c.hcl is not readable (permission denied)', hint: "check the file's permissions" });
    expect(readFailure('var file', '/p/v.hcl', errno('EPERM'), 'x')).toEqual({ message: 'var file /p/v.hcl is not readable (permission denied)', hint: "check the file's permissions" });
    expect(readFailure('config file', '/p', errno('EISDIR'), 'x')).toEqual({ message: 'config file /p is a directory', hint: 'pass the config file itself, e.g. /p/cloudstation.hcl' });
    expect(readFailure('var file', '/p', errno('EISDIR'), 'x').hint).toMatch(/^pass the var file itself/);
    expect(readFailure('config file', '/p/c.hcl', errno('ENOENT'), 'create one')).toEqual({ message: 'config file not found: /p/c.hcl', hint: 'create one' });
  });

  test('a config over 1 MB says its size in bytes, against the limit in bytes', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cs-config-'));
    const file = join(dir, 'cloudstation.hcl');
    await writeFile(file, `${PROJECT}
${'#'.repeat(1_100_020 - PROJECT.length - 2)}
`);
    const { message, pos } = await loadError(file);
    expect(message).toBe(`${file} is 1,100,020 bytes; cs reads config files up to 1 MB (1,048,576 bytes)`);
    expect(pos).toEqual({ file, line: 1, col: 1 });
  });

  test('an empty file', async () => {
    const errors = await errorsOf('  \n\n');
    expect(errors.map((e) => [e.message, where(e)])).toEqual([['the config file is empty', '1:1']]);
  });

  test('BOM and CRLF are accepted, and positions still count lines', async () => {
    const source = `\uFEFF${hcl(PROJECT, 'app "web" {', '  build {', '    use  = "docker"', '    imag = <<EOF', 'x', 'EOF', '  }', ...DEPLOY, '}').replace(/\n/g, '\r\n')}`;
    const errors = await errorsOf(source);
    expect(errors.map((e) => [e.message, where(e)])).toEqual([['unknown attribute "imag" in the build stanza (plugin "docker")', '5:5']]);
    const ok = await loadConfigSource('c.hcl', source.replace('imag', 'target'), { env: {}, git: GIT });
    expect(ok.apps[0]!.build.config.target).toBe('x\n');
  });

  test('loadConfig reads relative paths against the file\'s directory', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cs-config-'));
    await writeFile(join(dir, 'cloudstation.hcl'), hcl(PROJECT, ...app(...BUILD, ...DEPLOY)));
    const config = await loadConfig(join(dir, 'cloudstation.hcl'), { env: {}, git: GIT });
    expect(config.dir).toBe(dir);
    expect(config.apps[0]!.path).toBe(dir);
  });

  test('all problems are reported together, in source order', async () => {
    const errors = await errorsOf(hcl(PROJECT, ...app('  build {', '    use  = "docker"', '    imag = "x"', '  }', '  deploy {', '    use   = "docker"', '    ports = "80"', '  }'), 'extra = 1'));
    expect(errors.map(where)).toEqual(['5:5', '9:5', '12:1']);
  });
});

describe('names made from the project and app names', () => {
  const load = (source: string) => loadConfigSource('c.hcl', source, { env: {}, git: GIT });

  test('mixed case is fine: images are named in lowercase, containers as written', async () => {
    const config = await load(hcl('project = "Shop"', 'app "Web" {', ...BUILD, '  deploy {', '    use = "docker"', '  }', '}'));
    expect(config.apps.map((a) => a.name)).toEqual(['Web']);
  });

  test('a name docker refuses is fine when the stanza sets its own', async () => {
    const config = await load(hcl('project = "_shop"', 'app "web" {', '  build {', '    use   = "docker"', '    image = "shop/web"', '  }', '  deploy {', '    use  = "docker"', '    name = "shop-web"', '  }', '}'));
    expect(config.project).toBe('_shop');
  });

  test('one nomad-pack deployment name in two namespaces, and noop deploys, are not shared targets', async () => {
    const nomad = (app: string, ns: string) => [`app "${app}" {`, ...BUILD, '  deploy {', '    use = "nomadpack"', '    deployment_name = "web"', `    namespace = "${ns}"`, '    use_embedded = true', '  }', '}'];
    const config = await load(hcl(PROJECT, ...nomad('web', 'staging'), ...nomad('web-prod', 'prod'), 'app "a" {', ...BUILD, ...DEPLOY, '}', 'app "b" {', ...BUILD, ...DEPLOY, '}'));
    expect(config.apps.map((a) => a.name)).toEqual(['web', 'web-prod', 'a', 'b']);
  });
});

describe('config errors never quote what may be a secret', () => {
  const CANARY = 'CNRYsecretVALUE123';
  const withVar = hcl(PROJECT, 'variable "api_key" {', '  sensitive = true', '}', ...app(...BUILD, ...DEPLOY));

  test.each([
    ['a value written without quotes inside ${…}', hcl(PROJECT, ...app('  build {', '    use = "docker"', `    tag = "Xq7\${${CANARY}}9z"`, '  }', ...DEPLOY)), undefined],
    ['a value written without quotes', hcl(PROJECT, ...app('  build {', '    use = "docker"', `    tag = ${CANARY}-x`, '  }', ...DEPLOY)), undefined],
    ['a JSON var file with a bare value', withVar, { file: 'bad.json', text: `{"api_key": ${CANARY}}` }],
    ['a JSON var file with single quotes', withVar, { file: 'bad.json', text: `{"api_key": '${CANARY}'}` }],
    ['an HCL var file with a bare value', withVar, { file: 'bad.hcl', text: `api_key = ${CANARY}-x\n` }],
  ])('%s', async (_title, source, varFile) => {
    const opts: { varFiles?: string[] } = {};
    if (varFile) {
      const dir = await mkdtemp(join(tmpdir(), 'cs-varfile-'));
      await writeFile(join(dir, varFile.file), varFile.text);
      opts.varFiles = [join(dir, varFile.file)];
    }
    const errors = await errorsOf(source, opts);
    expect(errors.length).toBeGreaterThan(0);
    for (const e of errors) expect(e.format()).not.toContain(CANARY.slice(0, 8));
  });
});

describe('HCL conversions', () => {
  const load = (source: string, opts = {}) => loadConfigSource('c.hcl', source, { env: {}, git: GIT, ...opts });

  test('a number or bool a reference gives where a string is expected becomes its text, as HCL converts it', async () => {
    const source = hcl(PROJECT, 'variable "build" {', '  default = 42', '}', 'variable "flag" {', '  default = true', '}', ...app('  build {', '    use    = "docker"', '    tag    = "${var.build}"', '    target = var.flag', '  }', ...DEPLOY));
    const config = await load(source);
    expect(config.apps[0]!.build.config).toMatchObject({ tag: '42', target: 'true' });
    expect((await load(source, { vars: { build: '7' } })).apps[0]!.build.config.tag).toBe('7');
    expect(config.variables.build!.value).toBe(42); // the variable itself stays a number
  });

  test('a number written as such is still refused: tag = 1.10 would read "1.1"', async () => {
    const errors = await errorsOf(hcl(PROJECT, ...app('  build {', '    use = "docker"', '    tag = 1.10', '  }', ...DEPLOY)));
    expect(errors.map((e) => e.message)).toEqual(['"tag" in the build stanza (plugin "docker"): expected a string, got the number 1.1']);
  });

  test('a map key can be interpolated, as HCL evaluates it', async () => {
    const source = hcl(PROJECT, 'variable "k" {', '  default = "team"', '}', ...app('  labels = { "${var.k}" = "store", "n-${var.k}" = "x" }', ...BUILD, ...DEPLOY));
    expect((await load(source)).apps[0]!.labels).toEqual({ team: 'store', 'n-team': 'x' });
  });

  test('a variable named like an Object method (constructor, toString) is an ordinary variable', async () => {
    const source = hcl(PROJECT, 'variable "constructor" {', '  default = "x"', '}', 'variable "toString" {', '}', ...app('  labels = { a = var.constructor }', ...BUILD, ...DEPLOY));
    const errors = await errorsOf(source);
    expect(errors.map((e) => e.message)).toEqual(['variable "toString" has no value']);
    expect((await load(source, { vars: { toString: 'y' } })).apps[0]!.labels).toEqual({ a: 'x' });
  });
});
