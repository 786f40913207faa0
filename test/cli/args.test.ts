import { describe, expect, it } from 'vitest';
import { parseCliArgs, parseVarAssignments } from '../../src/cli/args.js';
import { UserError } from '../../src/errors.js';

describe('parseCliArgs', () => {
  it.each([
    [['up'], { command: 'up', config: 'cloudstation.hcl', push: true, release: true, json: false, apps: [] }],
    [['build', '--no-push', '--output', 'a.json'], { command: 'build', push: false, output: 'a.json' }],
    [['deploy', '--artifacts', 'a.json', '--no-release'], { command: 'deploy', artifacts: 'a.json', release: false }],
    [['deploy', '--image', 'r/web:1'], { command: 'deploy', image: 'r/web:1' }],
    [['plan', '-c', 'x.hcl', '--json'], { command: 'plan', config: 'x.hcl', json: true }],
    [['up', '--app', 'web', '--app', 'api,worker'], { apps: ['web', 'api', 'worker'] }],
    [['up', '--var', 'tag=1.4', '--var', 'url=a=b'], { vars: { tag: '1.4', url: 'a=b' } }],
    [['up', '--var-file', 'a.hcl', '--var-file', 'b.json'], { varFiles: ['a.hcl', 'b.json'] }],
    [['status', '--log-level', 'debug', '--concurrency', '2'], { command: 'status', logLevel: 'debug', concurrency: 2 }],
    [['init', '--force'], { command: 'init', force: true }],
    [[], { command: 'help' }],
    [['--help'], { command: 'help' }],
    [['-v'], { command: 'version' }],
  ])('%j', (argv, expected) => {
    expect(parseCliArgs(argv)).toMatchObject(expected);
  });

  it('takes the config path and log level from the environment', () => {
    expect(parseCliArgs(['validate'], { CS_CONFIG: 'env.hcl', CS_LOG_LEVEL: 'warn' })).toMatchObject({ config: 'env.hcl', logLevel: 'warn' });
    expect(parseCliArgs(['validate', '-c', 'flag.hcl'], { CS_CONFIG: 'env.hcl' }).config).toBe('flag.hcl');
    // Empty counts as unset (CI systems export unset inputs as ""); a bad level names where it came from.
    expect(parseCliArgs(['validate'], { CS_CONFIG: '', CS_LOG_LEVEL: '' })).toMatchObject({ config: 'cloudstation.hcl', logLevel: 'info' });
    expect(() => parseCliArgs(['validate'], { CS_LOG_LEVEL: 'loud' })).toThrow('CS_LOG_LEVEL must be one of debug, info, warn, error, not "loud"');
  });

  it.each([
    [['deplyo'], 'unknown command "deplyo"', 'did you mean "cs deploy"?'],
    [['up', '--jsn'], "Unknown option '--jsn'", 'did you mean "--json"?'],
    [['up', 'web'], 'unexpected argument "web"', 'pass app names with --app NAME'],
    [['up', '--var', 'pw=', 's3cret value'], '--var pw= is followed by a word no flag takes (not shown, as it may be part of a value)', 'a value with spaces needs quotes: --var "pw=… …"'],
    [['up', '--var=pw=', 's3cret'], '--var pw= is followed by a word no flag takes (not shown, as it may be part of a value)', 'a value with spaces needs quotes: --var "pw=… …"'],
    [['validate', '--force'], '--force does not apply to "cs validate"', 'it works with: cs init'],
    [['destroy', '--image', 'x'], '--image does not apply to "cs destroy"', 'it works with: cs deploy, cs plan'],
    [['deploy', '--image', 'x', '--artifacts', 'a'], '--artifacts and --image both say what to deploy', 'pass one of them'],
    [['up', '--log-level', 'loud'], '--log-level must be one of debug, info, warn, error, not "loud"', undefined],
    [['up', '--concurrency', '0'], 'concurrency must be a whole number from 1 to 64, not "0"', undefined],
    [['up', '--concurrency', '2.5'], 'concurrency must be a whole number from 1 to 64, not "2.5"', undefined],
    [['destroy', '--app', ''], '--app names no app', 'pass app names (--app web,api), or leave --app out to run every app'],
    [['destroy', '--app', ' , '], '--app names no app', 'pass app names (--app web,api), or leave --app out to run every app'],
    [['up', '--concurrency', '0x10'], '--concurrency must be a whole number from 1 to 64, not "0x10"', undefined],
    [['up', '--concurrency', '1e1'], '--concurrency must be a whole number from 1 to 64, not "1e1"', undefined],
    [['up', '--concurrency', '2.0'], '--concurrency must be a whole number from 1 to 64, not "2.0"', undefined],
    [['up', '--var', 'novalue'], '--var number 1 is not name=value', 'write each as name=value, e.g. tag=1.4; a name starts with a letter or "_" (the entry is not shown, as it may hold a secret)'],
    [['up', '--var', '1bad=x'], '--var number 1 is not name=value', 'write each as name=value, e.g. tag=1.4; a name starts with a letter or "_" (the entry is not shown, as it may hold a secret)'],
  ])('%j is refused', (argv, message, hint) => {
    let err: unknown;
    try {
      parseCliArgs(argv);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).message).toContain(message);
    expect((err as UserError).hint).toBe(hint);
  });
});

describe('parseVarAssignments', () => {
  it('keeps everything after the first "=" and allows empty values', () => {
    expect(parseVarAssignments(['a=', 'b=x=y', 'c= spaced '], 'variables')).toEqual({ a: '', b: 'x=y', c: ' spaced ' });
  });
});
