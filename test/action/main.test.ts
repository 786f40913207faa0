/** The action's run(), in-process: a bad input fails the step with one message, and sets `result` saying why. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '../../src/action/main.js';
import { parseOutputFile } from '../helpers/bundle.js';

const HINT = 'the path is relative to the workspace (GITHUB_WORKSPACE); check the checkout step';

/**
 * The job summary file of the runs that ask for one. One for the whole file: @actions/core reads
 * GITHUB_STEP_SUMMARY once per process and keeps writing where it first pointed.
 */
const SUMMARY_FILE = join(mkdtempSync(join(tmpdir(), 'cs-action-summary-')), 'summary.md');

/**
 * Runs the action as the runner would (INPUT_* env vars, GITHUB_* files), in a workspace holding `files`.
 * With `summary`, the runner has a job summary file (emptied first), read back as `summary`; else none.
 */
async function runAction(inputs: Record<string, string>, files: Record<string, string> = {}, opts: { summary?: boolean; env?: Record<string, string> } = {}) {
  const workspace = mkdtempSync(join(tmpdir(), 'cs-action-main-'));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(workspace, path, '..'), { recursive: true });
    writeFileSync(join(workspace, path), content);
  }
  const outputFile = join(workspace, '.output');
  writeFileSync(outputFile, '');
  vi.stubEnv('GITHUB_WORKSPACE', workspace);
  vi.stubEnv('GITHUB_OUTPUT', outputFile);
  writeFileSync(SUMMARY_FILE, '');
  vi.stubEnv('GITHUB_STEP_SUMMARY', opts.summary ? SUMMARY_FILE : '');
  for (const [name, value] of Object.entries(opts.env ?? {})) vi.stubEnv(name, value);
  for (const [name, value] of Object.entries(inputs)) vi.stubEnv(`INPUT_${name.toUpperCase()}`, value);
  let stdout = '';
  const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((stdout += String(chunk)), true));
  const exitCode = process.exitCode;
  let code: typeof process.exitCode;
  try {
    await run();
  } finally {
    write.mockRestore();
    code = process.exitCode;
    process.exitCode = exitCode;
  }
  return { workspace, stdout, code, outputs: parseOutputFile(readFileSync(outputFile, 'utf8')), summary: readFileSync(SUMMARY_FILE, 'utf8') };
}

/** The step failed with `message` (a `::error::` line) and output `result` carries it, as for other input errors. */
function expectRefused(r: Awaited<ReturnType<typeof runAction>>, command: string, message: string, hint: string): void {
  expect(r.code).toBe(1);
  const error = r.stdout.split('\n').filter((l) => l.startsWith('::error'));
  expect(error).toEqual([`::error::${message}%0A  hint: ${hint}`]);
  expect(Object.keys(r.outputs)).toEqual(['result']);
  expect(JSON.parse(r.outputs.result!)).toEqual({ project: null, command, ok: false, apps: {}, error: { phase: 'config', message: `${message}\n  hint: ${hint}` } });
}

const CONFIG = 'project = "demo"\n';
const NOOP = 'project = "demo"\napp "web" {\n  build { use = "noop" }\n  deploy { use = "noop" }\n}\n';

describe('action run: working-directory', () => {
  afterEach(() => vi.unstubAllEnvs());

  it('names the input when the directory does not exist, not "config file not found" inside it', async () => {
    const r = await runAction({ command: 'validate', 'working-directory': 'nodir' }, { 'cloudstation.hcl': CONFIG });
    expectRefused(r, 'validate', `input "working-directory": ${join(r.workspace, 'nodir')} does not exist`, HINT);
    expect(r.stdout).not.toContain('config file not found');
  });

  it('says so when it is a file', async () => {
    const r = await runAction({ command: 'validate', 'working-directory': 'cloudstation.hcl' }, { 'cloudstation.hcl': CONFIG });
    expectRefused(r, 'validate', `input "working-directory": ${join(r.workspace, 'cloudstation.hcl')} is not a directory`, `${HINT}; name the directory, and the config file with input "config"`);
  });

  it('a path under a file does not exist either', async () => {
    const r = await runAction({ command: 'validate', 'working-directory': 'cloudstation.hcl/sub' }, { 'cloudstation.hcl': CONFIG });
    expectRefused(r, 'validate', `input "working-directory": ${join(r.workspace, 'cloudstation.hcl/sub')} does not exist`, HINT);
  });

  it('an existing one is where the config is found', async () => {
    const r = await runAction({ command: 'validate', 'working-directory': 'deploy/' }, { 'deploy/cloudstation.hcl': 'bad {' });
    expect(r.code).toBe(1);
    // Past the directory check: the config inside it was read (and its syntax error reported on its line).
    expect(r.stdout).not.toContain('input "working-directory"');
    expect(r.stdout).toMatch(/::error title=cloudstation config,file=deploy\/cloudstation\.hcl,line=1/);
  });
});

describe('action run: app', () => {
  afterEach(() => vi.unstubAllEnvs());

  it('an app input naming no app fails the step, with `result` set, and runs nothing', async () => {
    const r = await runAction({ command: 'destroy', app: '\n,\n' }, { 'cloudstation.hcl': CONFIG });
    expectRefused(r, 'destroy', 'input "app" names no app', 'list app names separated by commas or newlines, or leave app empty for every app');
  });
});

describe('action run: credentials only some runs need', () => {
  afterEach(() => vi.unstubAllEnvs());
  const withRegistry = 'project = "demo"\napp "web" {\n  build { use = "noop" }\n  registry {\n    use      = "docker"\n    username = env("T_USER")\n    password = env("T_PASS")\n  }\n  deploy { use = "noop" }\n}\n';

  it('validate passes, with a warning annotation on each unset one (a fork\'s pull request has no secrets)', async () => {
    const r = await runAction({ command: 'validate' }, { 'cloudstation.hcl': withRegistry });
    expect(r.code).toBeUndefined();
    const warnings = r.stdout.split('\n').filter((l) => l.startsWith('::warning'));
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toMatch(/^::warning file=cloudstation\.hcl,line=6,col=5::"username" in the registry stanza \(plugin "docker"\): env\("T_USER"\) is not set; a run that needs it is refused/);
    expect(JSON.parse(r.outputs.result!)).toMatchObject({ command: 'validate', ok: true });
  });

  it('a run that needs them fails the step with an error annotation on each, before anything runs', async () => {
    const r = await runAction({ command: 'up' }, { 'cloudstation.hcl': withRegistry });
    expect(r.code).toBe(1);
    const errors = r.stdout.split('\n').filter((l) => l.startsWith('::error'));
    expect(errors.map((l) => /line=(\d+),col=(\d+)/.exec(l)?.slice(1).join(':'))).toEqual(['6:5', '7:5']);
    expect(r.stdout).not.toContain('::group::');
  });
});

describe('action run: job summary of a refused run', () => {
  afterEach(() => vi.unstubAllEnvs());

  it('a config error: a heading saying nothing ran, then the error, escaped inside <pre>', async () => {
    const r = await runAction({ command: 'validate' }, { 'cloudstation.hcl': 'project = "demo"\napp "web" {\n  build { use = "nope<b>" }\n}\n' }, { summary: true });
    expect(r.code).toBe(1);
    const { message } = JSON.parse(r.outputs.result!).error as { message: string };
    expect(message).toContain('nope<b>');
    const escaped = message.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
    expect(r.summary).toBe(`<h3>CloudStation validate: nothing ran ❌</h3>\n\n<pre>${escaped}</pre>\n\n`);
    expect(r.summary).not.toContain('<b>');
  });

  it('a refused input: the error and its hint, as the annotation says them', async () => {
    const r = await runAction({ command: 'destroy', app: '\n,\n' }, { 'cloudstation.hcl': CONFIG }, { summary: true });
    expectRefused(r, 'destroy', 'input "app" names no app', 'list app names separated by commas or newlines, or leave app empty for every app');
    expect(r.summary).toContain('<h3>CloudStation destroy: nothing ran ❌</h3>');
    expect(r.summary).toContain('<pre>input &#34;app&#34; names no app\n  hint: list app names');
  });

  it('an unknown command: no command named in the heading', async () => {
    const r = await runAction({ command: 'deploy<script>' }, { 'cloudstation.hcl': CONFIG }, { summary: true });
    expect(r.code).toBe(1);
    expect(r.summary).toContain('<h3>CloudStation: nothing ran ❌</h3>');
    expect(r.summary).toContain('not &#34;deploy&#60;script&#62;&#34;');
    expect(r.summary).not.toContain('<script>');
  });

  it('summary: false writes none, as for a run that happened', async () => {
    const r = await runAction({ command: 'validate', summary: 'false' }, { 'cloudstation.hcl': 'bad {' }, { summary: true });
    expect(r.code).toBe(1);
    expect(r.summary).toBe('');
  });

  it('a secret echoed in the error is redacted in the summary too', async () => {
    const secret = 'CNRYsummary-wd-5';
    const r = await runAction({ command: 'validate', 'working-directory': secret }, { 'cloudstation.hcl': CONFIG }, { summary: true, env: { REGISTRY_PASSWORD: secret } });
    expect(r.code).toBe(1);
    expect(r.summary).toContain('<pre>input &#34;working-directory&#34;: ');
    expect(r.summary).toContain('/*** does not exist');
    expect(r.summary).not.toContain('CNRY');
  });

  it('a run that happened gets its table, not a refusal', async () => {
    const r = await runAction({ command: 'validate' }, { 'cloudstation.hcl': NOOP }, { summary: true });
    expect(r.code).toBeUndefined();
    expect(r.summary).toContain('<h3>CloudStation validate: demo ✅</h3>');
    expect(r.summary).not.toContain('nothing ran');
  });
});

describe('action run: output changes', () => {
  afterEach(() => vi.unstubAllEnvs());

  it('plan: "true" when a deployment would change, and the step passes (the CLI would exit 2)', async () => {
    const r = await runAction({ command: 'plan', image: 'ghcr.io/acme/web:1.4' }, { 'cloudstation.hcl': NOOP });
    expect(r.code).toBeUndefined();
    expect(r.outputs.changes).toBe('true');
  });

  it('other commands: empty', async () => {
    const r = await runAction({ command: 'validate' }, { 'cloudstation.hcl': NOOP });
    expect(r.code).toBeUndefined();
    expect(r.outputs.changes).toBe('');
  });
});
