/**
 * The docker CLI probes start as the bundle loads for `up` and `build` (src/docker/early-probe.ts). Whether
 * that is earlier is timing, measured in bench/; here: the probes run once per run however many apps and
 * code paths ask, and never for commands that build nothing.
 */
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ACTION_BUNDLE, CLI_BUNDLE, runProcess } from '../helpers/bundle.js';

function setup() {
  const dir = mkdtempSync(join(tmpdir(), 'cs-early-probe-'));
  const calls = join(dir, 'calls');
  writeFileSync(calls, '');
  // A docker CLI double that records its arguments and fails like a CLI without buildx or BuildKit.
  const cli = join(dir, 'docker');
  writeFileSync(cli, `#!/bin/sh\necho "$1 $2" >> ${calls}\nexit 1\n`);
  chmodSync(cli, 0o755);
  const app = (name: string) => `app "${name}" {\n  build {\n    use = "docker"\n  }\n  deploy {\n    use = "noop"\n  }\n}\n`;
  writeFileSync(join(dir, 'cloudstation.hcl'), `project = "early"\n${app('web')}${app('api')}`);
  writeFileSync(join(dir, 'Dockerfile'), 'FROM scratch\n');
  const env = { PATH: process.env.PATH, HOME: process.env.HOME, CS_DOCKER_CLI: cli };
  return { dir, env, calls: () => readFileSync(calls, 'utf8').trim().split('\n').filter(Boolean).sort() };
}

describe('docker CLI probes started as the bundle loads', () => {
  it.each([
    ['cs up', ['--log-level', 'debug', 'up', '--concurrency', '1']],
    ['cs build', ['build']],
  ])('%s: each probe runs once for two apps, then the builds', async (_name, args) => {
    const s = setup();
    const run = await runProcess(process.execPath, [CLI_BUNDLE, ...args], { cwd: s.dir, env: s.env });
    expect(run.code, run.stderr).toBe(1); // the double cannot build
    expect(s.calls()).toEqual(['build --force-rm', 'build --force-rm', 'build --help', 'buildx inspect']);
  });

  it('the action with command build: each probe once', async () => {
    const s = setup();
    const run = await runProcess(process.execPath, [ACTION_BUNDLE], { cwd: s.dir, env: { ...s.env, INPUT_COMMAND: 'build', INPUT_CONFIG: 'cloudstation.hcl', GITHUB_WORKSPACE: s.dir } });
    expect(run.code, run.stdout).toBe(1);
    expect(s.calls()).toEqual(['build --force-rm', 'build --force-rm', 'build --help', 'buildx inspect']);
  });

  it.each([
    ['cs validate', ['validate']],
    ['cs deploy', ['deploy', '--image', 'web:1', '--app', 'web']],
    ['cs status', ['status']],
  ])('%s: no probe', async (_name, args) => {
    const s = setup();
    const run = await runProcess(process.execPath, [CLI_BUNDLE, ...args], { cwd: s.dir, env: s.env });
    expect(run.code, run.stderr).toBe(0);
    expect(s.calls()).toEqual([]);
  });
});
