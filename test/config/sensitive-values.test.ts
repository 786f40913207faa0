/**
 * Config errors about a value that may be a secret say its type and the fix, never the value: not under a
 * secret-named key (`secret_id = 123456789012`), and not when a sensitive variable gave it — however short,
 * and not through a did-you-mean built from it either.
 */
import { describe, expect, test } from 'vitest';
import { z } from 'zod';
import { Interpolator, type Scope } from '../../src/config/interpolate.js';
import { describeIssues } from '../../src/config/issues.js';
import type { ResolvedVariable } from '../../src/config/types.js';
import { nearMiss } from '../../src/config/suggest.js';
import { BUILD, DEPLOY, PROJECT, GIT, app, errorsOf, hcl } from './helpers.js';

const NUMBER = '918273645546';

describe('a number under a secret-named key is never quoted back', () => {
  test.each([
    ['vault secret_id', hcl(PROJECT, 'vault {', `  secret_id = ${NUMBER}`, '}', ...app(...BUILD, ...DEPLOY))],
    ['vault token', hcl(PROJECT, 'vault {', `  token = ${NUMBER}`, '}', ...app(...BUILD, ...DEPLOY))],
    ['a build secret', hcl(PROJECT, ...app('  build {', '    use = "docker"', `    secrets = { NPM_TOKEN = ${NUMBER} }`, '  }', ...DEPLOY))],
    ['a build stanza vault_token', hcl(PROJECT, ...app('  build {', '    use = "csdocker"', `    vault_token = ${NUMBER}`, '  }', ...DEPLOY))],
    ['a registry password', hcl(PROJECT, ...app(...BUILD, '  registry {', '    use = "docker"', '    username = "ci"', `    password = ${NUMBER}`, '  }', ...DEPLOY))],
    ['a build stanza secret_id', hcl(PROJECT, ...app('  build {', '    use = "csdocker"', `    secret_id = ${NUMBER}`, '  }', ...DEPLOY))],
  ])('%s', async (_title, source) => {
    const errors = await errorsOf(source);
    expect(errors.map((e) => e.message).join('\n')).toContain('expected a string, got a number');
    for (const e of errors) expect(e.format()).not.toContain(NUMBER);
    expect(errors.map((e) => e.hint).join('\n')).toMatch(/quote it: \w+ = "…"/);
  });

  test('elsewhere the number is still said, as HCL read it', async () => {
    const errors = await errorsOf(hcl(PROJECT, ...app('  build {', '    use = "docker"', '    tag = 1.10', '  }', ...DEPLOY)));
    expect(errors.map((e) => [e.message, e.hint])).toEqual([['"tag" in the build stanza (plugin "docker"): expected a string, got the number 1.1', 'quote it: tag = "…"']]);
  });
});

/** `variable "pw" { sensitive = true }` used by the given app lines. */
const withSensitive = (...appLines: string[]) => hcl(PROJECT, 'variable "pw" {', '  sensitive = true', '}', ...app(...appLines));

describe('a value from a sensitive variable is never quoted back nor suggested from (needs validate.ts to pass `sensitive`)', () => {
  test('an enum value: no did-you-mean', async () => {
    const errors = await errorsOf(withSensitive(...BUILD, '  deploy {', '    use = "docker"', '    restart = "${var.pw}"', '  }'), { vars: { pw: 'alwayz' } });
    expect(errors.map((e) => [e.message, e.hint])).toEqual([
      [
        '"restart" in the deploy stanza (plugin "docker"): must be one of "no", "always", "unless-stopped" or "on-failure" (the value comes from sensitive variable "pw", not shown)',
        'check the value of variable "pw"',
      ],
    ]);
  });

  test.each([
    ['a number written in quotes', ['  build {', '    use = "csdocker"', '    vault_max_retries = var.pw', '  }', ...DEPLOY], '17'],
    ['a command written as one string', [...BUILD, '  deploy {', '    use = "docker"', '    command = var.pw', '  }'], 'zq xv'],
    ['a port a plugin check quotes', [...BUILD, '  deploy {', '    use = "docker"', '    ports = [var.pw]', '  }'], '98765:80'],
    ['part of a string', [...BUILD, '  deploy {', '    use = "docker"', '    restart = "al${var.pw}"', '  }'], 'wayz'],
  ])('%s', async (_title, appLines, value) => {
    const errors = await errorsOf(withSensitive(...appLines), { vars: { pw: value } });
    expect(errors.map((e) => e.message).join('\n')).toContain('(the value comes from sensitive variable "pw", not shown)');
    for (const e of errors) {
      for (const part of value.split(/[\s:]/)) expect(e.format()).not.toContain(part);
      expect(e.format()).not.toContain('did you mean');
    }
  });
});

describe('describeIssues', () => {
  const schema = z.strictObject({ restart: z.enum(['no', 'always']).optional(), tag: z.string().optional(), count: z.number().optional() });
  const report = (data: unknown, sensitive?: (path: readonly (string | number)[]) => readonly string[] | undefined) => {
    const result = schema.safeParse(data);
    if (result.success) throw new Error('expected issues');
    return describeIssues(result.error.issues, { where: 'in x', schema, data, unsetEnv: () => undefined, sensitive });
  };

  test('with no `sensitive` callback (as before), values are described as they were', () => {
    expect(report({ restart: 'alwayz', tag: 5 })).toEqual([
      { path: ['restart'], message: '"restart" in x: must be one of "no" or "always"', hint: 'did you mean "always"?' },
      { path: ['tag'], message: '"tag" in x: expected a string, got the number 5', hint: 'quote it: tag = "…"' },
    ]);
  });

  test('a value a sensitive variable gave is not shown, suggested from or quoted in a hint', () => {
    expect(report({ restart: 'alwayz', count: '42' }, () => ['pw'])).toEqual([
      { path: ['restart'], message: '"restart" in x: must be one of "no" or "always" (the value comes from sensitive variable "pw", not shown)', hint: 'check the value of variable "pw"' },
      { path: ['count'], message: '"count" in x: expected a number, got a string (the value comes from sensitive variable "pw", not shown)', hint: 'check the value of variable "pw"' },
    ]);
  });
});

describe('Interpolator.sensitiveAt', () => {
  const variable = (name: string, value: unknown, sensitive: boolean): ResolvedVariable => ({ name, type: null, value, sensitive, source: 'cli', description: null });
  const scope: Scope = {
    env: {},
    git: GIT,
    project: 'shop',
    app: 'web',
    vars: new Map([
      ['pw', variable('pw', 'ab', true)],
      ['map', variable('map', { A: 'x' }, true)],
      ['tag', variable('tag', 't', false)],
    ]),
    where: 'this file',
  };

  test('names the sensitive variables a value came from, wholly, in part, or through a map holding it', () => {
    const i = new Interpolator();
    const out = i.value({ a: '${var.pw}', b: 'x-${var.pw}-${var.tag}', c: '${var.tag}', env: '${var.map}', '${var.pw}': 'v' }, ['s'], scope);
    expect(out).toEqual({ a: 'ab', b: 'x-ab-t', c: 't', env: { A: 'x' }, ab: 'v' });
    expect(i.sensitiveAt(['s', 'a'])).toEqual(['pw']);
    expect(i.sensitiveAt(['s', 'b'])).toEqual(['pw']);
    expect(i.sensitiveAt(['s', 'c'])).toBeUndefined();
    expect(i.sensitiveAt(['s', 'env', 'A'])).toEqual(['map']);
    expect(i.sensitiveAt(['s', 'ab'])).toEqual(['pw']);
    expect(i.sensitiveAt(['s'])).toBeUndefined();
  });
});

describe('nearMiss', () => {
  test('one typo, a swap or a case difference; nothing further', () => {
    expect(nearMiss('vars', ['var', 'env'])).toBe('var');
    expect(nearMiss('ENV', ['var', 'env'])).toBe('env');
    expect(nearMiss('gti', ['var', 'git'])).toBe('git');
    expect(nearMiss('abc', ['var', 'env', 'git', 'project', 'app'])).toBeUndefined();
    expect(nearMiss('x', ['var', 'env', 'git', 'project', 'app'])).toBeUndefined();
  });
});
