/** Where build inputs may come from: the checkout holding the config, not just the config's directory. */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { ConfigErrors } from '../../src/errors.js';
import { GIT, hcl } from './helpers.js';

/** repo/{.git, web/Dockerfile, deploy/cloudstation.hcl} with the app at ../web. */
function monorepo(marker: 'git' | 'workspace' | 'none') {
  const root = mkdtempSync(join(tmpdir(), 'cs-monorepo-'));
  const repo = join(root, 'repo');
  mkdirSync(join(repo, 'web'), { recursive: true });
  mkdirSync(join(repo, 'deploy'));
  if (marker === 'git') mkdirSync(join(repo, '.git'));
  writeFileSync(join(repo, 'web', 'Dockerfile'), 'FROM scratch\n');
  const config = join(repo, 'deploy', 'cloudstation.hcl');
  writeFileSync(config, hcl('project = "shop"', 'app "web" {', '  path = "../web"', '  build {', '    use = "docker"', '  }', '  deploy {', '    use = "noop"', '  }', '}'));
  return { repo, config, env: marker === 'workspace' ? { GITHUB_WORKSPACE: repo } : {} };
}

describe('project root for build inputs', () => {
  it.each(['git', 'workspace'] as const)('a config in a subdirectory may build a sibling inside the checkout (%s)', async (marker) => {
    const { repo, config, env } = monorepo(marker);
    const loaded = await loadConfig(config, { git: GIT, env });
    expect(loaded.apps[0]!.path).toBe(join(repo, 'web'));
  });

  it('outside any checkout the config directory is the boundary, reported at the attribute', async () => {
    const { config } = monorepo('none');
    const err = await loadConfig(config, { git: GIT, env: {} }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigErrors);
    const [first] = (err as ConfigErrors).errors;
    expect(first!.message).toContain('"path" in app "web" leaves the project directory');
    expect(first!.pos).toMatchObject({ line: 3, col: 3 });
  });
});
