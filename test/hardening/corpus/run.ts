/** Runs one corpus case through a real entry point and reports what users saw. */
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { main } from '../../../src/cli/main.js';
import { CLI_BUNDLE, runAction, runProcess } from '../../helpers/bundle.js';
import type { Case } from './types.js';

export interface Tokens {
  project: string;
  registry: string;
  baseImage: string;
  /** Path of a file that must never be created. */
  marker: string;
}

export interface Seen {
  code: number;
  /** What carries the message: stderr for the CLI, stdout (workflow commands) for the action. */
  text: string;
  stdout: string;
  /** Action only: step outputs written. */
  outputs?: Record<string, string>;
  workspace: string;
}

export function fill(text: string, t: Tokens): string {
  return text.replaceAll('@P@', t.project).replaceAll('@R@', t.registry).replaceAll('@BASE@', t.baseImage).replaceAll('@M@', t.marker);
}

/** Bytes pass through latin1 unchanged, so binary (non-UTF-8) files get their tokens filled too. */
function fillFile(content: string | Buffer, t: Tokens): string | Buffer {
  return typeof content === 'string' ? fill(content, t) : Buffer.from(fill(content.toString('latin1'), t), 'latin1');
}

export function makeWorkspace(c: Case, t: Tokens): string {
  const dir = mkdtempSync(join(tmpdir(), 'cs-bad-'));
  for (const [path, content] of Object.entries(c.files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), fillFile(content, t));
  }
  for (const [path, target] of Object.entries(c.links ?? {})) symlinkSync(fill(target, t), join(dir, path));
  return dir;
}

/** Registry credentials and the docker CLI are present: a slip past validation would build, push and run. */
export function runEnv(t: Tokens, env: Readonly<Record<string, string | undefined>>): Record<string, string> {
  return {
    PATH: env.PATH ?? '',
    HOME: env.HOME ?? '',
    CS_DOCKER_CLI: env.CS_DOCKER_CLI ?? 'docker',
    REGISTRY_URL: t.registry,
    REGISTRY_USERNAME: env.CS_TEST_REGISTRY_USERNAME ?? '',
    REGISTRY_PASSWORD: env.CS_TEST_REGISTRY_PASSWORD ?? '',
  };
}

export async function runCase(c: Case, t: Tokens, how: 'main' | 'bundle', baseEnv: Record<string, string>): Promise<Seen> {
  const env = { ...baseEnv, ...c.env };
  const dir = makeWorkspace(c, t);
  if (c.inputs) {
    const inputs = Object.fromEntries(Object.entries(c.inputs).map(([k, v]) => [k, fill(v, t)]));
    const run = await runAction(inputs, { workspace: dir, env });
    return { code: run.code, text: run.stdout + run.stderr, stdout: run.stdout, outputs: run.outputs, workspace: dir };
  }
  const argv = (c.argv ?? ['up']).map((a) => fill(a, t));
  if (how === 'bundle') {
    const run = await runProcess(process.execPath, [CLI_BUNDLE, ...argv], { cwd: dir, env });
    return { code: run.code, text: run.stderr, stdout: run.stdout, workspace: dir };
  }
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { stdout: (s) => void (stdout += s), stderr: (s) => void (stderr += s), env, cwd: dir });
  return { code, text: stderr, stdout, workspace: dir };
}
