/**
 * A run does its preparation once: the config is tokenized once (the position index and the value
 * parser share the tokens), hcl2json never starts for a config our parser reads, git is asked once, and
 * the engine client (dockerode, the largest module) is not loaded by a run that never talks to the engine.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, test, vi } from 'vitest';
import { executeCommand } from '../../src/lifecycle/command.js';
import { SinkLogger } from '../../src/log/logger.js';
import { Redactor } from '../../src/secrets/redactor.js';

const calls = vi.hoisted(() => ({ tokenized: [] as string[], git: [] as string[], hcl2json: 0, dockerode: 0 }));

vi.mock('../../src/config/tokens.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/config/tokens.js')>();
  return { ...real, tokenize: (source: string) => (calls.tokenized.push(source), real.tokenize(source)) };
});
vi.mock('node:child_process', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:child_process')>();
  const counted = ((file: string, args: string[], ...rest: unknown[]) => {
    if (file === 'git') calls.git.push(args[0]!);
    return (real.execFile as (...a: unknown[]) => unknown)(file, args, ...rest);
  }) as typeof execFile;
  return { ...real, execFile: counted };
});
vi.mock('@cdktf/hcl2json', () => ({
  parse: () => {
    calls.hcl2json++;
    throw new Error('hcl2json started');
  },
}));

vi.mock('dockerode', () => {
  calls.dockerode++;
  return { default: class {} };
});

test('cs up of the noop example: the config tokenized once, no hcl2json, git asked once, no engine client', async () => {
  const configFile = resolve(import.meta.dirname, '../../examples/noop/cloudstation.hcl');
  const redactor = new Redactor();
  const result = await executeCommand({
    command: 'up',
    configFile,
    log: new SinkLogger({ write: () => {} }, redactor),
    redactor,
    signal: new AbortController().signal,
    env: { PATH: process.env.PATH },
  });
  expect(result.ok).toBe(true);
  // Interpolations inside strings are tokenized on their own; the file itself once.
  expect(calls.tokenized.filter((s) => s === readFileSync(configFile, 'utf8'))).toHaveLength(1);
  expect(calls.hcl2json).toBe(0);
  // HEAD and branch in one rev-parse, the tag in one describe.
  expect(calls.git.sort()).toEqual(['describe', 'rev-parse']);
  expect(calls.dockerode).toBe(0);
});
