/**
 * Packs shipped inside CloudStation (`use_embedded = true`). They live next to this module in the
 * sources (`packs/<name>/`) and in `dist/packs/<name>/` in the bundle; each use copies one into a
 * fresh temp directory whose name is the pack's — nomad-pack takes the pack name from the directory
 * — so the shipped copy stays read-only and concurrent apps never share a working directory.
 */
import { cp, mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UserError } from '../../errors.js';

export const EMBEDDED_PACKS = ['cloud_service'] as const;
export const DEFAULT_EMBEDDED_PACK = 'cloud_service';

/** Sources: `./packs` beside this file. Bundle: entry points sit in `dist/` or one level below it. */
const SEARCH = ['./packs/', '../packs/'];

async function embeddedPackSource(name: string): Promise<string> {
  if (!(EMBEDDED_PACKS as readonly string[]).includes(name)) {
    throw new UserError(`embedded_pack "${name}" is not shipped`, `use one of: ${EMBEDDED_PACKS.join(', ')}`);
  }
  for (const dir of SEARCH) {
    const candidate = fileURLToPath(new URL(`${dir}${name}/`, import.meta.url));
    if (await isFile(join(candidate, 'metadata.hcl'))) return candidate;
  }
  throw new Error(`embedded pack "${name}" is missing from this installation (looked in ${SEARCH.join(', ')})`);
}

/** Runs `use` with a private copy of the embedded pack and removes the copy afterwards. */
export async function withEmbeddedPack<T>(name: string, use: (packDir: string) => Promise<T>): Promise<T> {
  const source = await embeddedPackSource(name);
  const root = await mkdtemp(join(tmpdir(), 'cs-nomadpack-'));
  try {
    const dir = join(root, name);
    await cp(source, dir, { recursive: true });
    return await use(dir);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

async function isFile(path: string): Promise<boolean> {
  return stat(path).then((s) => s.isFile(), () => false);
}
