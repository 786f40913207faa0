/** nixpacks + Vault is refused when the config is validated (`cs validate`), at secrets_path's line. */
import { describe, expect, test } from 'vitest';
import { loadConfigSource } from '../../src/config/index.js';
import { nixpacksBuildSchema } from '../../src/builtin/nixpacks/schema.js';
import { DEPLOY, GIT, PROJECT, app, errorsOf, hcl, where } from '../config/helpers.js';

const withBuild = (...lines: string[]) => hcl(PROJECT, ...app('  build {', ...lines, '  }', ...DEPLOY));

describe('nixpacks secrets_path', () => {
  test('without secrets_mode = "env": an error at secrets_path that names the fix', async () => {
    const errors = await errorsOf(withBuild('    use          = "nixpacks"', '    name         = "shop/web"', '    secrets_path = "secret/data/shop/web"'));
    expect(errors).toHaveLength(1);
    expect(where(errors[0]!)).toBe('6:5');
    expect(errors[0]!.pos?.file).toBe('c.hcl');
    expect(errors[0]!.message).toMatch(/^"secrets_path" in the build stanza \(plugin "nixpacks"\): nixpacks cannot take Vault secrets safely: .*ARG\/ENV lines/);
    expect(errors[0]!.message).toContain('use the csdocker builder');
    expect(errors[0]!.message).toContain('set secrets_mode = "env"');
  });

  test('the same in the Waypoint-style block, and with secrets_mode = "refuse" said outright', async () => {
    const errors = await errorsOf(withBuild('    use "nixpacks" {', '      secrets_path = ["secret/a", "secret/b"]', '      secrets_mode = "refuse"', '    }'));
    expect(errors.map((e) => [where(e), e.message.slice(0, 40)])).toEqual([['5:7', '"secrets_path" in the build stanza (plug']]);
  });

  test('with secrets_mode = "env" the config loads', async () => {
    const config = await loadConfigSource('c.hcl', withBuild('    use          = "nixpacks"', '    secrets_path = "secret/web"', '    secrets_mode = "env"'), { git: GIT, env: {} });
    expect(config.apps[0]!.build.config).toMatchObject({ secrets_path: ['secret/web'], secrets_mode: 'env' });
  });

  test('the schema alone refuses it too (what every path to the build goes through)', () => {
    expect(nixpacksBuildSchema.safeParse({ secrets_path: 'secret/web' }).success).toBe(false);
    expect(nixpacksBuildSchema.safeParse({ secrets_path: [] }).success).toBe(true);
    expect(nixpacksBuildSchema.safeParse({ secrets_path: 'secret/web', secrets_mode: 'env' }).success).toBe(true);
  });
});
