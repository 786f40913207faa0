/**
 * Issue 6, "Bad input: clear error, nothing changed": every corpus case through a real entry point —
 * the CLI's main() in-process, a sample through the committed CLI bundle, action inputs through the
 * committed action bundle. Each must exit 1 with one clear message (and its file:line:col), no stack
 * trace, and leave the engine and the registry exactly as they were: the configs would build, push and
 * run with docker, so a slip past validation would show.
 */
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { Cleanup, docker, env, uniqueName } from '../docker/support.js';
import { CORPUS } from './corpus/index.js';
import { fill, runCase, runEnv, type Seen, type Tokens } from './corpus/run.js';
import type { Case } from './corpus/types.js';

const cleanup = new Cleanup();
const project = cleanup.project(uniqueName('csbad'));
const tokens: Tokens = { project, registry: env.registry, baseImage: env.baseImage, marker: `/tmp/pwned-${project}` };
const runtimeEnv = runEnv(tokens, process.env);
const sentinel = `${project}-web`;

const engine = new Docker(); // the test env's dockerd, found as the CLI finds it (DOCKER_HOST or the default socket)

/**
 * Everything of this project on the engine and in the registry, plus the sentinel's identity. Read over the
 * Engine API, not the docker CLI: twice per case, and three CLI starts each time were a third of the suite.
 */
async function snapshot(): Promise<string[]> {
  const auth = `Basic ${Buffer.from(`${env.username}:${env.password}`).toString('base64')}`;
  const [containers, images, catalog, sentinelInfo] = await Promise.all([
    engine.listContainers({ all: true }),
    engine.listImages(),
    fetch(`http://${env.registry}/v2/_catalog?n=1000`, { headers: { authorization: auth } }).then((r) => r.json() as Promise<{ repositories: string[] }>),
    engine.getContainer(sentinel).inspect(),
  ]);
  const mine = (text: string) => text.includes(project);
  return [
    ...containers.map((c) => `container ${c.Id} ${c.Names.join(',')} ${c.State} ${c.Image} ${c.Created}`).filter(mine),
    ...images.flatMap((i) => (i.RepoTags ?? []).map((tag) => `image ${tag} ${i.Id}`)).filter(mine),
    ...catalog.repositories.filter(mine).map((r) => `registry ${r}`),
    `sentinel ${sentinelInfo.Id} ${sentinelInfo.State.StartedAt} ${sentinelInfo.RestartCount}`,
    `marker ${existsSync(tokens.marker)}`,
  ].sort();
}

function checkSeen(c: Case, seen: Seen): void {
  const expected = typeof c.message === 'string' ? fill(c.message, tokens) : c.message;
  expect(seen.code, seen.text).toBe(c.code ?? 1);
  if (typeof expected === 'string') expect(seen.text).toContain(expected);
  else expect(seen.text).toMatch(expected);
  expect(seen.text).not.toMatch(/\n\s+at .+[:(]\d+/);
  if (c.at) {
    const [file, line, col] = c.at.split(':');
    expect(seen.text).toContain(c.inputs ? `file=${file},line=${line},col=${col}` : `${join(seen.workspace, file!)}:${line}:${col}: `);
  }
  if (c.inputs) {
    // One failure, reported once; no output points at work that did not happen, and `result` says why.
    expect(seen.stdout.match(/^::error[ :]/gm) ?? [], seen.stdout).toHaveLength(1);
    if (!c.failsInRun) {
      expect(Object.keys(seen.outputs ?? {})).toEqual(['result']);
      const result = JSON.parse(seen.outputs!.result!) as { ok: boolean; project: null; apps: object; error: { phase: string; message: string } };
      expect(result).toMatchObject({ ok: false, project: null, apps: {}, error: { phase: 'config' } });
      if (typeof expected === 'string') expect(result.error.message).toContain(expected);
    }
  } else {
    expect(seen.text.match(/^error: /gm) ?? [], seen.text).toHaveLength(1);
    if (c.failsInRun) expect(seen.stdout).toMatch(/^web\s+failed/m);
    else expect(seen.stdout).toBe('');
  }
}

beforeAll(() => {
  docker('run', '-d', '--name', sentinel, '--label', `cs.project=${project}`, '--label', 'cs.app=web', env.baseImage, 'sleep', '900');
});
afterAll(() => {
  cleanup.run();
  rmSync(tokens.marker, { force: true });
});

const names = CORPUS.map((c) => `${c.class}: ${c.name}`);
test('the corpus is broad and every case is named once', () => {
  expect(CORPUS.length).toBeGreaterThanOrEqual(200);
  expect(new Set(names).size).toBe(names.length);
});

describe.each([...new Set(CORPUS.map((c) => c.class))])('%s', (cls) => {
  test.each(CORPUS.filter((c) => c.class === cls).map((c) => [c.name, c] as const))('%s', async (_, c) => {
    const before = await snapshot();
    const seen = await runCase(c, tokens, 'main', runtimeEnv);
    checkSeen(c, seen);
    if (c.bundle) checkSeen(c, await runCase(c, tokens, 'bundle', runtimeEnv));
    expect(await snapshot()).toEqual(before);
  });
});

test('a value that looks like a workflow command is logged inert, and outputs stay exactly the documented ones', async () => {
  const config = ['project = "@P@"', 'variable "msg" {', '  default = "hi"', '}', 'app "web" {', '  build {', '    use     = "noop"', '    message = var.msg', '  }', '  deploy {', '    use = "noop"', '  }', '}', ''].join('\n');
  const c: Case = { name: 'inert', class: 'action inputs', files: { 'cloudstation.hcl': config }, inputs: { variables: 'msg=::error::injected' }, message: '' };
  const seen = await runCase(c, tokens, 'main', runtimeEnv);
  expect(seen.code, seen.text).toBe(0);
  // The runner reads only lines starting with `::`; the logger breaks the sequence with a zero-width space.
  expect(seen.stdout.split('\n')).toContain(':\u200b:error::injected');
  expect(seen.stdout).not.toMatch(/^\s*::error::injected/m);
  expect(Object.keys(seen.outputs!).sort()).toEqual(['apps', 'artifact', 'artifacts', 'changes', 'deployment-id', 'deployment-ids', 'image', 'image-digest', 'images', 'result']);
  expect(seen.outputs!.apps).toBe('["web"]');
});
