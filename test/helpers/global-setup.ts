/**
 * Loads `.test-env` (written by `scripts/test-env.sh start`) so suites find the real dockerd and
 * registry. Docker suites call `dockerTestEnv()`, which fails — never skips — when they are absent.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';

export default function setup(): void {
  const file = process.env.CS_TEST_ENV_FILE ?? resolve(import.meta.dirname, '../../.test-env');
  if (!existsSync(file)) return;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const m = /^([A-Z0-9_]+)=(.*)$/.exec(line);
    if (m && process.env[m[1]!] === undefined) process.env[m[1]!] = m[2];
  }
}
