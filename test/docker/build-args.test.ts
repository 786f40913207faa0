/** Config → docker argv, table-driven like build-push-action's getArgs tests. No engine needed. */
import { describe, expect, test } from 'vitest';
import { buildArgs, planBuild, type BuildInputs } from '../../src/builtin/docker/build.js';
import { dockerBuildSchema } from '../../src/builtin/docker/schema.js';
import { testContext } from '../helpers/context.js';

const base: BuildInputs = { kind: 'buildkit', context: '/app', dockerfile: '/app/Dockerfile', tags: ['web:1'], buildArgs: {}, labels: {}, iidfile: '/tmp/iid' };
const tail = ['--iidfile', '/tmp/iid', '/app'];

describe('buildArgs', () => {
  test.each<[string, Partial<BuildInputs>, string[]]>([
    ['builtin BuildKit, minimal', {}, ['build', '--progress', 'plain', '--file', '/app/Dockerfile', '--tag', 'web:1', ...tail]],
    ['legacy builder: no --progress; --force-rm', { kind: 'legacy' }, ['build', '--force-rm', '--file', '/app/Dockerfile', '--tag', 'web:1', ...tail]],
    ['buildx loads the result into the engine', { kind: 'buildx' }, ['buildx', 'build', '--load', '--progress', 'plain', '--file', '/app/Dockerfile', '--tag', 'web:1', ...tail]],
    [
      'build args and labels keep their order',
      { buildArgs: { A: '1', B: 'x y' }, labels: { 'cs.app': 'web', team: 'store' } },
      ['build', '--progress', 'plain', '--file', '/app/Dockerfile', '--tag', 'web:1', '--build-arg', 'A=1', '--build-arg', 'B=x y', '--label', 'cs.app=web', '--label', 'team=store', ...tail],
    ],
    [
      'target, platform, no-cache, cache-from',
      { target: 'runtime', platform: 'linux/amd64', noCache: true, cacheFrom: ['web:cache', 'type=registry,ref=r/web:c'] },
      ['build', '--progress', 'plain', '--file', '/app/Dockerfile', '--tag', 'web:1', '--target', 'runtime', '--platform', 'linux/amd64', '--no-cache', '--cache-from', 'web:cache', '--cache-from', 'type=registry,ref=r/web:c', ...tail],
    ],
    [
      'a build arg holding a secret goes by name: the CLI reads its value from the environment',
      { buildArgs: { A: '1', TOKEN: 's3cret' }, buildArgsByName: ['TOKEN'] },
      ['build', '--progress', 'plain', '--file', '/app/Dockerfile', '--tag', 'web:1', '--build-arg', 'A=1', '--build-arg', 'TOKEN', ...tail],
    ],
    [
      'secrets are file mounts, never values',
      { secretFiles: { NPM_TOKEN: '/tmp/s/secret-NPM_TOKEN' } },
      ['build', '--progress', 'plain', '--file', '/app/Dockerfile', '--tag', 'web:1', '--secret', 'id=NPM_TOKEN,src=/tmp/s/secret-NPM_TOKEN', ...tail],
    ],
    [
      'warm local cache: import and export to a fresh dir',
      { kind: 'buildx', localCache: { from: '/c/app', to: '/c/app-new' } },
      ['buildx', 'build', '--load', '--progress', 'plain', '--file', '/app/Dockerfile', '--tag', 'web:1', '--cache-from', 'type=local,src=/c/app', '--cache-to', 'type=local,dest=/c/app-new,mode=max', ...tail],
    ],
    [
      'cold local cache: export only',
      { kind: 'buildx', localCache: { from: null, to: '/c/app-new' } },
      ['buildx', 'build', '--load', '--progress', 'plain', '--file', '/app/Dockerfile', '--tag', 'web:1', '--cache-to', 'type=local,dest=/c/app-new,mode=max', ...tail],
    ],
  ])('%s', (_name, inputs, expected) => {
    expect(buildArgs({ ...base, ...inputs })).toEqual(expected);
  });
});

describe('planBuild', () => {
  const now = new Date('2026-01-02T03:04:05.000Z');
  const ctx = testContext({ project: 'Shop', app: 'web', appPath: '/repo/web' });
  const parse = (raw: unknown) => dockerBuildSchema.parse(raw);

  test('defaults: <project>-<app> lowercased, short sha tag, Dockerfile in the context', () => {
    const plan = planBuild(ctx, parse({}), {}, now);
    expect(plan).toMatchObject({ image: 'shop-web', tag: '0123456', context: '/repo/web', dockerfile: '/repo/web/Dockerfile' });
  });

  test('tag falls back to latest outside a git work tree; name is an alias of image', () => {
    const plan = planBuild(testContext({ git: { sha: '', short_sha: '', branch: '', tag: '', remote: '' } }), parse({ name: 'api' }), {}, now);
    expect(plan).toMatchObject({ image: 'api', tag: 'latest' });
    expect(plan.labels).not.toHaveProperty('org.opencontainers.image.revision');
  });

  test('context and dockerfile resolve against the app path', () => {
    const plan = planBuild(ctx, parse({ context: '..', dockerfile: 'docker/Prod.Dockerfile' }), {}, now);
    expect(plan).toMatchObject({ context: '/repo', dockerfile: '/repo/web/docker/Prod.Dockerfile' });
  });

  test('labels: OCI, then app labels, then stanza labels (which win)', () => {
    const withRemote = testContext({ ...ctx, git: { ...ctx.git, remote: 'https://github.com/o/r' } });
    const plan = planBuild(withRemote, parse({ labels: { team: 'store', 'cs.app': 'override' } }), {}, now);
    expect(plan.labels).toEqual({
      'org.opencontainers.image.created': '2026-01-02T03:04:05.000Z',
      'org.opencontainers.image.revision': '0123456789abcdef0123456789abcdef01234567',
      'org.opencontainers.image.source': 'https://github.com/o/r',
      'cs.project': 'test',
      'cs.app': 'override',
      team: 'store',
    });
  });

  test('caller build args and secrets merge over the stanza (csdocker passes Vault values)', () => {
    const plan = planBuild(ctx, parse({ build_args: { A: 1, B: true }, secrets: { S: 'stanza' } }), { buildArgs: { B: 'caller' }, secrets: { T: 'vault' } }, now);
    expect(plan.buildArgs).toEqual({ A: '1', B: 'caller' });
    expect(plan.secrets).toEqual({ S: 'stanza', T: 'vault' });
  });
});
