/** Shared pieces for the config loader tests. */
import type { GitInfo } from '../../src/config/git.js';
import { loadConfigSource } from '../../src/config/index.js';
import type { LoadOptions } from '../../src/config/types.js';
import { ConfigError, ConfigErrors } from '../../src/errors.js';

export const GIT: GitInfo = { sha: 'abcdef1234567890', short_sha: 'abcdef1', branch: 'main', tag: 'v1.4.0', remote: '' };

/** Lines joined with "\n", so a case's line numbers are its array indexes + 1. */
export function hcl(...lines: string[]): string {
  return `${lines.join('\n')}\n`;
}

export const PROJECT = 'project = "shop"';
export const BUILD = ['  build {', '    use = "docker"', '  }'];
export const DEPLOY = ['  deploy {', '    use = "noop"', '  }'];

export function app(...inner: string[]): string[] {
  return ['app "web" {', ...inner, '}'];
}

/** The ConfigErrors a source produces (fails the test when it loads). */
export async function errorsOf(source: string, opts: LoadOptions = {}): Promise<ConfigError[]> {
  try {
    await loadConfigSource('c.hcl', source, { git: GIT, env: {}, ...opts });
  } catch (err) {
    if (err instanceof ConfigErrors) return err.errors;
    throw err;
  }
  throw new Error('expected the config to be rejected, but it loaded');
}

export function where(error: ConfigError): string | null {
  return error.pos ? `${error.pos.line}:${error.pos.col}` : null;
}
