/** Variable precedence, type conversion, var files and sensitive values. */
import { chmod, mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { loadConfigSource } from '../../src/config/index.js';
import type { LoadOptions } from '../../src/config/types.js';
import { Redactor } from '../../src/secrets/redactor.js';
import { BUILD, GIT, PROJECT, app, errorsOf, hcl, where } from './helpers.js';

const SOURCE = hcl(
  PROJECT,
  'variable "tag" {',
  '  default = "from-default"',
  '  env     = ["UNSET_TAG", "SHOP_TAG"]',
  '}',
  'variable "replicas" {',
  '  type    = number',
  '  default = 1',
  '  env     = ["SHOP_REPLICAS"]',
  '}',
  'variable "canary" {',
  '  type    = "bool"',
  '  default = false',
  '  env     = ["SHOP_CANARY"]',
  '}',
  ...app(
    '  build {',
    '    use = "docker"',
    '    tag = var.tag',
    '  }',
    '  deploy {',
    '    use       = "nomadpack"',
    '    variables = { count = var.replicas, canary = var.canary }',
    '  }',
  ),
);

let dir: string;
let hclFile: string;
let jsonFile: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cs-vars-'));
  hclFile = join(dir, 'prod.hcl');
  jsonFile = join(dir, 'prod.json');
  await writeFile(hclFile, 'tag      = "from-hcl-file"\nreplicas = 4\ncanary   = true\n');
  await writeFile(jsonFile, JSON.stringify({ tag: 'from-json-file', replicas: 5, canary: false }));
});

async function resolved(opts: LoadOptions) {
  const config = await loadConfigSource('c.hcl', SOURCE, { git: GIT, env: {}, ...opts });
  const { tag, replicas, canary } = config.variables;
  return {
    tag: [tag?.value, tag?.source],
    replicas: [replicas?.value, replicas?.source],
    canary: [canary?.value, canary?.source],
    tagInBuild: config.apps[0]!.build.config.tag,
    deployVariables: config.apps[0]!.deploy.config.variables,
  };
}

describe('precedence: default → env list → CS_VAR_ → var files → --var', () => {
  test('each source overrides the one before, and typed values stay typed', async () => {
    const env = { SHOP_TAG: 'from-env', SHOP_REPLICAS: '2', SHOP_CANARY: 'true' };
    const csVar = { ...env, CS_VAR_tag: 'from-cs-var', CS_VAR_replicas: '3', CS_VAR_canary: 'false' };
    const cli = { tag: 'from-cli', replicas: '6', canary: 'true' };

    expect(await resolved({})).toEqual({
      tag: ['from-default', 'default'],
      replicas: [1, 'default'],
      canary: [false, 'default'],
      tagInBuild: 'from-default',
      deployVariables: { count: 1, canary: false },
    });
    expect(await resolved({ env })).toMatchObject({ tag: ['from-env', 'env'], replicas: [2, 'env'], canary: [true, 'env'], deployVariables: { count: 2, canary: true } });
    expect(await resolved({ env: csVar })).toMatchObject({ tag: ['from-cs-var', 'cs_var_env'], replicas: [3, 'cs_var_env'], canary: [false, 'cs_var_env'] });
    expect(await resolved({ env: csVar, varFiles: [hclFile] })).toMatchObject({ tag: ['from-hcl-file', 'var_file'], replicas: [4, 'var_file'], canary: [true, 'var_file'] });
    expect(await resolved({ env: csVar, varFiles: [hclFile, jsonFile] })).toMatchObject({ tag: ['from-json-file', 'var_file'], replicas: [5, 'var_file'], canary: [false, 'var_file'] });
    expect(await resolved({ env: csVar, varFiles: [hclFile, jsonFile], vars: cli })).toEqual({
      tag: ['from-cli', 'cli'],
      replicas: [6, 'cli'],
      canary: [true, 'cli'],
      tagInBuild: 'from-cli',
      deployVariables: { count: 6, canary: true },
    });
  });

  test('the first set variable of the env list wins; empty counts as unset', async () => {
    const source = SOURCE.replace('["UNSET_TAG", "SHOP_TAG"]', '["FIRST", "SECOND"]');
    const config = await loadConfigSource('c.hcl', source, { git: GIT, env: { FIRST: '', SECOND: 'second' } });
    expect(config.variables.tag?.value).toBe('second');
    const both = await loadConfigSource('c.hcl', source, { git: GIT, env: { FIRST: 'first', SECOND: 'second' } });
    expect(both.variables.tag?.value).toBe('first');
  });

  test('a later var file wins over an earlier one', async () => {
    expect(await resolved({ varFiles: [jsonFile, hclFile] })).toMatchObject({ tag: ['from-hcl-file', 'var_file'] });
  });
});

describe('conversion to the declared type', () => {
  const typed = (type: string) => hcl(PROJECT, `variable "v" {`, `  type = ${type}`, '}', ...app(...BUILD, '  deploy {', '    use       = "nomadpack"', '    variables = { v = var.v }', '  }'));
  const value = async (type: string, text: string) => (await loadConfigSource('c.hcl', typed(type), { git: GIT, env: {}, vars: { v: text } })).variables.v?.value;

  test.each([
    ['number', '42', 42],
    ['number', '2.5', 2.5],
    ['number', '-1e3', -1000],
    ['bool', 'true', true],
    ['bool', 'false', false],
    ['string', '007', '007'],
    ['list', '["a", "b"]', ['a', 'b']],
    ['list(string)', '["a"]', ['a']],
    ['map', '{"a": 1}', { a: 1 }],
    ['map', '{ a = "x", b = 2 }', { a: 'x', b: 2 }],
  ])('%s from %j', async (type, text, expected) => {
    expect(await value(type, text)).toEqual(expected);
  });

  test.each([
    ['number', 'many', 'variable "v" must be a number, but --var v gives "many"'],
    ['number', '0x10', 'variable "v" must be a number, but --var v gives "0x10"'],
    ['number', 'Infinity', 'variable "v" must be a number'],
    ['bool', 'yes', 'variable "v" must be a bool, but --var v gives "yes"'],
    ['list', '{"a": 1}', 'variable "v" must be a list'],
    ['map', '[1]', 'variable "v" must be a map'],
  ])('%s from %j is an error at the declaration', async (type, text, message) => {
    const errors = await errorsOf(typed(type), { vars: { v: text } });
    expect(errors).toHaveLength(1);
    expect(errors[0]!.message).toContain(message);
    expect(where(errors[0]!)).toBe('2:1');
  });

  test('without a type, env strings take the default\'s type', async () => {
    const source = hcl(PROJECT, 'variable "n" {', '  default = 1', '}', ...app(...BUILD, '  deploy {', '    use       = "nomadpack"', '    variables = { n = var.n }', '  }'));
    const config = await loadConfigSource('c.hcl', source, { git: GIT, env: { CS_VAR_n: '7' } });
    expect(config.variables.n).toMatchObject({ value: 7, type: 'number', source: 'cs_var_env' });
  });
});

describe('var files', () => {
  test('an undeclared variable in a var file is an error naming the file and line', async () => {
    const file = join(dir, 'typo.hcl');
    await writeFile(file, 'tag = "x"\n\nreplica = 3\n');
    const errors = await errorsOf(SOURCE, { varFiles: [file] });
    expect(errors.map((e) => [e.message, e.pos, e.hint])).toEqual([[`var file ${file} sets "replica", which is not a declared variable`, { file, line: 3, col: 1 }, 'did you mean "replicas"?']]);
  });

  test('the same in a JSON var file', async () => {
    const file = join(dir, 'typo.json');
    await writeFile(file, '{\n  "tag": "x",\n  "tga": "y"\n}\n');
    const errors = await errorsOf(SOURCE, { varFiles: [file] });
    expect(errors.map((e) => [e.message, e.pos])).toEqual([[`var file ${file} sets "tga", which is not a declared variable`, { file, line: 3, col: 3 }]]);
  });

  test('a missing var file', async () => {
    const errors = await errorsOf(SOURCE, { varFiles: [join(dir, 'nope.hcl')] });
    expect(errors.map((e) => [e.message, e.pos])).toEqual([[`var file not found: ${join(dir, 'nope.hcl')}`, undefined]]);
  });

  test('a var file that is a directory: pass the file inside it', async () => {
    const sub = join(dir, 'vars');
    await mkdir(sub, { recursive: true });
    const errors = await errorsOf(SOURCE, { varFiles: [sub] });
    expect(errors.map((e) => [e.message, e.pos, e.hint])).toEqual([[`var file ${sub} is a directory`, undefined, `pass the var file itself (an .hcl or .json file), e.g. ${join(sub, 'production.hcl')}`]]);
  });

  test.skipIf(process.getuid?.() === 0)('an unreadable var file says so, with the fix', async () => {
    const file = join(dir, 'locked.hcl');
    await writeFile(file, 'tag = "x"\n');
    await chmod(file, 0o000);
    const errors = await errorsOf(SOURCE, { varFiles: [file] });
    expect(errors.map((e) => [e.message, e.pos, e.hint])).toEqual([[`var file ${file} is not readable (permission denied)`, undefined, "check the file's permissions"]]);
  });

  test('an empty var file path', async () => {
    const errors = await errorsOf(SOURCE, { varFiles: [''] });
    expect(errors.map((e) => [e.message, e.pos])).toEqual([['a var file path is empty', undefined]]);
    expect(errors[0]!.hint).toContain('--var-file');
  });

  test('a syntax error in a var file points into that file', async () => {
    const file = join(dir, 'broken.hcl');
    await writeFile(file, 'tag = "x"\nreplicas =\n');
    const errors = await errorsOf(SOURCE, { varFiles: [file] });
    expect(errors).toHaveLength(1);
    expect(errors[0]!.message).toContain('Invalid expression');
    expect(errors[0]!.pos).toEqual({ file, line: 2, col: 11 });
  });
});

describe('sensitive variables', () => {
  const source = hcl(
    PROJECT,
    'variable "token" {',
    '  sensitive = true',
    '}',
    'variable "pin" {',
    '  type      = number',
    '  default   = 48213',
    '  sensitive = true',
    '}',
    ...app(...BUILD, '  deploy {', '    use         = "nomadpack"', '    nomad_token = var.token', '  }'),
  );

  test('their values are registered with the redactor', async () => {
    const redactor = new Redactor();
    const config = await loadConfigSource('c.hcl', source, { git: GIT, env: { CS_VAR_token: 's3cr3t-token' }, redactor });
    expect(config.variables.token).toMatchObject({ value: 's3cr3t-token', sensitive: true });
    expect(redactor.redact('s3cr3t-token')).toBe('***');
    expect(redactor.redact('48213')).toBe('***');
    expect(redactor.redact(`token=${String(config.apps[0]!.deploy.config.nomad_token)}`)).toBe('token=***');
  });

  test('non-sensitive values are not', async () => {
    const redactor = new Redactor();
    await loadConfigSource('c.hcl', source.replace('  sensitive = true\n}\nvariable "pin"', '}\nvariable "pin"'), { git: GIT, env: { CS_VAR_token: 'plain-value' }, redactor });
    expect(redactor.redact('plain-value')).toBe('plain-value');
  });
});
