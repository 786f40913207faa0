/**
 * One problem, one report: zod can raise several issues at one attribute that say the same thing (a `min(1)`
 * and the stanza's refine on an unset env() value), and each used to become a warning, an error and an
 * annotation of its own. Different problems at one attribute are still each reported.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { main } from '../../src/cli/main.js';
import { loadConfigSource } from '../../src/config/index.js';
import { DEPLOY, GIT, PROJECT, app, errorsOf, hcl, where } from './helpers.js';

/** Line 7 is the password: the docker registry's own refine fails on its "" too (username without password). */
const UNSET_PASSWORD = hcl(
  PROJECT,
  ...app('  build { use = "noop" }', '  registry {', '    use      = "docker"', '    username = "u"', '    password = env("MISSING_PW")', '  }', ...DEPLOY),
);
const NOT_SET = '"password" in the registry stanza (plugin "docker"): env("MISSING_PW") is not set';

const deploy = (...lines: string[]) => ['  build { use = "noop" }', '  deploy {', '    use = "docker"', ...lines, '  }'];

async function cs(args: string[]) {
  const dir = mkdtempSync(join(tmpdir(), 'cs-dup-'));
  const file = join(dir, 'cloudstation.hcl');
  writeFileSync(file, UNSET_PASSWORD);
  let stdout = '';
  let stderr = '';
  const code = await main(['-c', file, ...args], { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), env: { PATH: process.env.PATH }, cwd: dir });
  return { code, stdout, stderr, file };
}

const linesWith = (text: string, part: string) => text.split('\n').filter((line) => line.includes(part));

describe('one problem at an attribute is reported once', () => {
  test('an unset env() value that fails two checks is one pending problem', async () => {
    const { pending = [] } = await loadConfigSource('c.hcl', UNSET_PASSWORD, { git: GIT, env: {} });
    expect(pending.map(({ app, phase, error }) => `${app}/${phase} ${where(error)} ${error.message}`)).toEqual([`web/registry 7:5 ${NOT_SET}`]);
  });

  test('cs validate warns once', async () => {
    const { code, stderr, file } = await cs(['validate']);
    expect(code, stderr).toBe(0);
    expect(linesWith(stderr, 'MISSING_PW")')).toEqual([`${file}:7:5: warning: ${NOT_SET}; a run that needs it is refused`]);
  });

  test('a build that pushes is refused with one error', async () => {
    const { code, stdout, stderr, file } = await cs(['build', '--app', 'web']);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(linesWith(stderr, 'MISSING_PW")')).toEqual([`error: ${file}:7:5: ${NOT_SET}`]);
  });

  test('two checks a sensitive value fails, each "not valid" without the value: one error', async () => {
    const source = hcl(PROJECT, 'variable "pm" {', '  default   = "0:99999"', '  sensitive = true', '}', ...app(...deploy('    ports = [var.pm]')));
    const errors = await errorsOf(source);
    expect(errors.map((e) => `${where(e)} ${e.message}`)).toEqual(['10:14 "ports[0]" in the deploy stanza (plugin "docker"): is not valid (the value comes from sensitive variable "pm", not shown)']);
  });
});

describe('different problems at one attribute are each reported, in order', () => {
  test('both ports of a mapping out of range', async () => {
    const errors = await errorsOf(hcl(PROJECT, ...app(...deploy('    ports = ["0:99999"]'))));
    expect(errors.map((e) => `${where(e)} ${e.message}`)).toEqual([
      '6:14 "ports[0]" in the deploy stanza (plugin "docker"): host port 0 is out of range 1–65535',
      '6:14 "ports[0]" in the deploy stanza (plugin "docker"): container port 99999 is out of range 1–65535',
    ]);
  });

  test('an empty username, which also leaves the password alone', async () => {
    const source = hcl(PROJECT, ...app('  build { use = "noop" }', '  registry {', '    use      = "docker"', '    username = ""', '    password = "p"', '  }', ...DEPLOY));
    const errors = await errorsOf(source);
    expect(errors.map((e) => `${where(e)} ${e.message}`)).toEqual([
      '6:5 "username" in the registry stanza (plugin "docker"): must not be empty',
      '6:5 "username" in the registry stanza (plugin "docker"): username and password must be given together (or use auth = { username, password })',
    ]);
  });
});
