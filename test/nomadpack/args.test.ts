import { describe, expect, test } from 'vitest';
import { packArgs, registryAddArgs, splitVariables, variablesFile, type PackInvocation } from '../../src/builtin/nomadpack/args.js';
import { RunOutput } from '../../src/builtin/nomadpack/output.js';
import { registryOrigin } from '../../src/builtin/nomadpack/registry-auth.js';

const IMAGE = 'acr.example.io/web:1.4@sha256:0123';
const base: PackInvocation = { pack: 'cloud_service', deploymentName: 'web', variables: {}, variableFiles: [] };
const VARS = '/tmp/cs-nomadpack-vars-Ab12/variables.hcl';

describe('packArgs', () => {
  test.each<[string, Parameters<typeof packArgs>[0], Partial<PackInvocation>, string[]]>([
    ['run, minimal', 'run', { image: { variable: 'image', ref: IMAGE } }, ['run', 'cloud_service', '--name', 'web', '--var', `image=${IMAGE}`]],
    [
      'run, everything',
      'run',
      {
        registry: 'packs',
        ref: 'v1.2.0',
        parserV1: true,
        detach: true,
        image: { variable: 'container_image', ref: IMAGE },
        variables: { count: 2, canary: false, name: 'x=y z', tags: ['a', 'b'], env: { A: '1' }, missing: null, 'dep.port': 80 },
        variableFiles: ['/w/a.hcl', '/w/b.hcl'],
        variablesFile: VARS,
      },
      [
        'run', 'cloud_service', '--name', 'web', '--registry', 'packs', '--ref', 'v1.2.0', '--parser-v1', '--detach',
        '--var', `container_image=${IMAGE}`,
        // Strings as they are, numbers and bools as written, the rest as JSON: nomad-pack converts each to its declared type.
        '--var', 'count=2', '--var', 'canary=false', '--var', 'name=x=y z', '--var', 'tags=["a","b"]', '--var', 'env={"A":"1"}', '--var', 'missing=null', '--var', 'dep.port=80',
        // The secret variables' file comes last, so they win over variable_files as --var does.
        '-f', '/w/a.hcl', '-f', '/w/b.hcl', '-f', VARS,
      ],
    ],
    [
      // NOMAD_PACK_PLAN_EXIT_CODE_* in the environment must not change what the exit codes mean.
      'plan never detaches and always names its exit codes',
      'plan',
      { detach: true, image: { variable: 'image', ref: IMAGE } },
      ['plan', 'cloud_service', '--name', 'web', '--exit-code-no-changes', '0', '--exit-code-makes-changes', '1', '--exit-code-error', '255', '--var', `image=${IMAGE}`],
    ],
    [
      'plan takes the variables and their file too',
      'plan',
      { image: { variable: 'image', ref: IMAGE }, variables: { count: 1 }, variablesFile: VARS },
      ['plan', 'cloud_service', '--name', 'web', '--exit-code-no-changes', '0', '--exit-code-makes-changes', '1', '--exit-code-error', '255', '--var', `image=${IMAGE}`, '--var', 'count=1', '-f', VARS],
    ],
  ])('%s', (_name, command, inv, expected) => {
    expect(packArgs(command, { ...base, ...inv })).toEqual(expected);
  });
});

describe('registryAddArgs', () => {
  test.each([
    [{ name: 'packs', source: 'github.com/org/packs' }, ['registry', 'add', 'packs', 'github.com/org/packs']],
    [{ name: 'packs', source: 'github.com/org/packs', target: 'web', ref: 'v2' }, ['registry', 'add', 'packs', 'github.com/org/packs', '--target', 'web', '--ref', 'v2']],
  ])('%j', (spec, expected) => {
    expect(registryAddArgs(spec)).toEqual(expected);
  });
});

describe('splitVariables', () => {
  // A stand-in for the redactor: the `--var` text holds a secret when it contains "s3cr3t".
  const isSecret = (text: string) => text.includes('s3cr3t');
  test.each<[string, Record<string, unknown>, Record<string, unknown>, Record<string, unknown>]>([
    ['nothing', {}, {}, {}],
    ['no secret: all stay --var', { count: 2, tags: ['a'], 'dep.port': 80 }, { count: 2, tags: ['a'], 'dep.port': 80 }, {}],
    ['a secret string', { count: 2, password: 'x-s3cr3t-y', region: 'eu' }, { count: 2, region: 'eu' }, { password: 'x-s3cr3t-y' }],
    ['a secret inside a map or list: the whole variable', { env: { LEVEL: 'debug', DB: 's3cr3t' }, keys: ['a', 's3cr3t'] }, {}, { env: { LEVEL: 'debug', DB: 's3cr3t' }, keys: ['a', 's3cr3t'] }],
    ['a dependency pack\'s variable either way', { 'dep.port': 80, 'dep.token': 's3cr3t' }, { 'dep.port': 80 }, { 'dep.token': 's3cr3t' }],
  ])('%s', (_name, variables, plain, secret) => {
    const split = splitVariables(variables, isSecret);
    expect(split).toEqual({ plain, secret });
    // Order kept within each, as `--var` flags and file lines.
    expect(Object.keys(split.plain)).toEqual(Object.keys(plain));
  });

  test('judges the `--var` text: what the redactor sees in a JSON-encoded value', () => {
    const seen: string[] = [];
    splitVariables({ s: 'a', n: 1.5, b: true, l: ['x'], m: { k: 'v"' }, z: null }, (text) => (seen.push(text), false));
    expect(seen).toEqual(['a', '1.5', 'true', '["x"]', '{"k":"v\\""}', 'null']);
  });
});

describe('variablesFile', () => {
  test.each<[string, Record<string, unknown>, string]>([
    ['nothing', {}, ''],
    ['numbers and bools as HCL literals', { count: 2, ratio: 1.5, big: 1e21, canary: false }, 'count = 2\nratio = 1.5\nbig = 1e+21\ncanary = false\n'],
    ['strings quoted, text after "=" included', { name: 'x=y z', empty: '' }, 'name = "x=y z"\nempty = ""\n'],
    ['lists and maps keep their type', { tags: ['a', 1, true, null], env: { A: '1', 'B C': { d: [] } } }, 'tags = ["a", 1, true, null]\nenv = { "A" = "1", "B C" = { "d" = [] } }\n'],
    ['null', { missing: null }, 'missing = null\n'],
    // nomad-pack evaluates the file without variables: an unescaped ${ would be an error, not text.
    ['template sequences escaped', { s: 'a${b}c%{d}$${e}$' }, 's = "a$${b}c%%{d}$$${e}$"\n'],
    ['escapes HCL knows; other control characters as \\u', { s: 'q"b\\n\nr\rt\tz\u0000\u0008\u007f' }, 's = "q\\"b\\\\n\\nr\\rt\\tz\\u0000\\u0008\\u007f"\n'],
    ['unicode as is', { s: 'pässwörd ✓' }, 's = "pässwörd ✓"\n'],
    ['HCL identifiers bare (--parser-v1 needs them), others quoted', { 'my-var': 1, café: 2, 'dep.port': 3, '2x': 4, 'a b': 5 }, 'my-var = 1\ncafé = 2\n"dep.port" = 3\n"2x" = 4\n"a b" = 5\n'],
  ])('%s', (_name, variables, expected) => {
    expect(variablesFile(variables)).toBe(expected);
  });
});

describe('RunOutput', () => {
  test('pairs each registered job with the evaluation printed before it, through colour codes', () => {
    const out = RunOutput.parse(
      [
        '\u001b[32m  Evaluation ID: 5456bd7a-9fc0-c0dd-6131-cbee77f57577\u001b[0m',
        "  Job 'web' in pack deployment 'shop' registered successfully",
        "Job 'cron' in pack deployment 'shop' registered successfully",
        'Evaluation ID: 0d834913-58a0-81ac-6e33-e452d83a0c66',
        "! Job 'api' in pack deployment 'shop' registered successfully",
      ].join('\n'),
    );
    expect(out.jobs).toEqual([
      { jobId: 'web', evaluationId: '5456bd7a-9fc0-c0dd-6131-cbee77f57577' },
      { jobId: 'cron', evaluationId: null },
      { jobId: 'api', evaluationId: '0d834913-58a0-81ac-6e33-e452d83a0c66' },
    ]);
    expect(out.evaluationIds).toHaveLength(2);
  });
});

describe('registryOrigin', () => {
  test.each([
    ['github.com/org/packs', 'https://github.com'],
    ['git::https://gitlab.example.com/org/packs.git?ref=v1', 'https://gitlab.example.com'],
    ['https://git.internal:8443/packs', 'https://git.internal:8443'],
  ])('%s → %s', (source, origin) => {
    expect(registryOrigin(source)).toBe(origin);
  });

  test('refuses ssh sources for a token', () => {
    expect(() => registryOrigin('ssh://git@github.com/org/packs')).toThrow(/http\(s\) registry_source/);
  });
});
