import { describe, expect, it } from 'vitest';
import { CommandError, runCommand } from '../../src/exec/run.js';
import { UserError } from '../../src/errors.js';
import { SinkLogger } from '../../src/log/logger.js';
import { Redactor } from '../../src/secrets/redactor.js';

function setup(...secrets: string[]) {
  const redactor = new Redactor();
  for (const s of secrets) redactor.add(s);
  const lines: string[] = [];
  const log = new SinkLogger({ write: (_level, line) => void lines.push(line) }, redactor, 'debug');
  return { redactor, log, lines };
}

const node = process.execPath;

describe('runCommand', () => {
  it('masks a secret with quotes in the logged command line (quoting would have rewritten it)', async () => {
    const secret = "pa'ss wo\"rd-canary";
    const { redactor, log, lines } = setup(secret);
    await runCommand(node, ['-e', '0', '--', `--build-arg=TOKEN=${secret}`], { log, redactor });
    const shown = lines.find((l) => l.startsWith('$ '));
    expect(shown).toContain("'--build-arg=TOKEN=***'");
    expect(lines.join('\n')).not.toMatch(/pa.*ss|wo"rd/);
  });

  it('masks a secret that ends in a carriage return in streamed output, and in the error', async () => {
    const secret = 'crlf-canary-9f3\r';
    const { redactor, log, lines } = setup(secret);
    const err = await runCommand(node, ['-e', 'console.log("line crlf-canary-9f3\\r"); console.error("  crlf-canary-9f3  "); process.exit(3)'], { log, redactor, stream: 'info' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CommandError);
    expect(lines.join('\n') + (err as Error).message).not.toContain('canary');
    expect((err as Error).message).toMatch(/exit code 3: \*\*\*$/);
  });

  it.each([
    ['an argument', ['-e', '0', 'nul\0canary-secret'], undefined, 'argument 3'],
    ['an environment variable', ['-e', '0'], { PATH: process.env.PATH, TOKEN: 'nul\0canary-secret' }, 'environment variable TOKEN'],
  ])('refuses a NUL byte in %s, naming where it is and never the value', async (_what, args, env, where) => {
    const err = await runCommand(node, args, { env }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).format()).toContain(`${where} contains a NUL byte`);
    expect((err as UserError).format()).not.toContain('canary');
  });

  it('keeps the end of a long output, so the failure quotes the last line and no line in part', async () => {
    const script = 'const l = "x".repeat(1023) + "\\n"; for (let i = 0; i < 6 * 1024; i++) process.stderr.write(l); process.stderr.write("the real failure\\n"); process.exitCode = 1';
    const err = (await runCommand(node, ['-e', script]).catch((e: unknown) => e)) as CommandError;
    expect(err.message).toMatch(/exit code 1: the real failure$/);
    expect(err.result.stderr.length).toBeLessThanOrEqual(4 * 1024 * 1024);
    expect(err.result.stderr.split('\n').slice(0, -2).every((l) => l.length === 1023)).toBe(true);
  });
});
