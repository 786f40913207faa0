import { describe, expect, test } from 'vitest';
import { formatVariable, packArgs, registryAddArgs, type PackInvocation } from '../../src/builtin/nomadpack/args.js';
import { RunOutput } from '../../src/builtin/nomadpack/output.js';
import { registryOrigin } from '../../src/builtin/nomadpack/registry-auth.js';

const IMAGE = 'acr.example.io/web:1.4@sha256:0123';
const base: PackInvocation = { pack: 'cloud_service', deploymentName: 'web', variables: {}, variableFiles: [] };

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
        variables: { count: 2, tags: ['a', 'b'], env: { A: '1' }, debug: false, name: 'x=y z' },
        variableFiles: ['/w/a.hcl', '/w/b.hcl'],
      },
      [
        'run', 'cloud_service', '--name', 'web', '--registry', 'packs', '--ref', 'v1.2.0', '--parser-v1', '--detach',
        '--var', `container_image=${IMAGE}`, '--var', 'count=2', '--var', 'tags=["a","b"]', '--var', 'env={"A":"1"}', '--var', 'debug=false', '--var', 'name=x=y z',
        '-f', '/w/a.hcl', '-f', '/w/b.hcl',
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
      'destroy finds jobs by deployment name, without variables',
      'destroy',
      { registry: 'packs', ref: 'v1', variables: { count: 2 }, variableFiles: ['/w/a.hcl'], image: { variable: 'image', ref: IMAGE } },
      ['destroy', 'cloud_service', '--name', 'web', '--registry', 'packs', '--ref', 'v1'],
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

describe('formatVariable', () => {
  test.each<[unknown, string]>([
    ['plain text', 'plain text'],
    [3, '3'],
    [1.5, '1.5'],
    [true, 'true'],
    [['a', 1], '["a",1]'],
    [{ cpu: 500, tags: ['x'] }, '{"cpu":500,"tags":["x"]}'],
    [null, 'null'],
  ])('%j → %s', (value, expected) => {
    expect(formatVariable(value)).toBe(expected);
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
