/**
 * The exit code of a run a signal reached: the signal's when it cancelled something, the run's own when it
 * came once every app was done. The signal is delivered as the process's listeners see it, at a log line.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { main } from '../../src/cli/main.js';

const CONFIG = `project = "sig"
app "web" {
  build {
    use = "noop"
  }
  deploy {
    use = "noop"
  }
}
`;

/** `cs up` of one noop app, with SIGTERM emitted when a stderr line first matches `at`. */
async function upSignalledAt(at: RegExp): Promise<{ code: number; stderr: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'cs-signal-exit-'));
  writeFileSync(join(dir, 'cloudstation.hcl'), CONFIG);
  let stderr = '';
  let sent = false;
  const code = await main(['up'], {
    stdout: () => undefined,
    stderr: (t) => {
      stderr += t;
      if (!sent && at.test(t)) {
        sent = true;
        process.emit('SIGTERM', 'SIGTERM');
      }
    },
    env: { PATH: process.env.PATH },
    cwd: dir,
  });
  expect(sent, stderr).toBe(true);
  return { code, stderr };
}

describe('a SIGTERM during cs up', () => {
  test('before the deploy: 143, and the app says it was cancelled (a warning, not a second error)', async () => {
    const { code, stderr } = await upSignalledAt(/built /);
    expect(code).toBe(143);
    expect(stderr).toMatch(/warning: .*deploy: cancelled by SIGTERM/);
    expect(stderr).not.toMatch(/error: .*cancelled/);
  });

  test('once every app is deployed: 0, as the run went', async () => {
    const { code, stderr } = await upSignalledAt(/deployed /);
    expect(code, stderr).toBe(0);
  });
});
