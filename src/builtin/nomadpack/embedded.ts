/**
 * Packs shipped inside CloudStation (`use_embedded = true`). They live next to this module in the
 * sources (`packs/<name>/`) and in `dist/packs/<name>/` in the bundle. Each is used from a copy at a path
 * that stays the same from run to run: nomad-pack records the pack's path in the job's meta (`pack.path`),
 * and a path new each run would make every deploy a changed job, a new version replacing every allocation.
 * The copy's folder is named after the pack's content (nomad-pack takes the pack name from the folder
 * below it), under RUNNER_TEMP (the same path in every GitHub job) or the user's cache: never a shared
 * /tmp, where another user could plant a pack first.
 */
import { createHash } from 'node:crypto';
import { cp, mkdir, mkdtemp, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join, relative } from 'node:path';
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

/** The embedded pack's copy, made once per content: complete or absent, as it appears by one rename. */
export async function embeddedPackDir(name: string, env: Readonly<Record<string, string | undefined>>): Promise<string> {
  const source = await embeddedPackSource(name);
  const root = join(env.RUNNER_TEMP || join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'cloudstation'), 'packs');
  const home = join(root, `${name}-${await contentHash(source)}`);
  const dir = join(home, name);
  if (await isFile(join(dir, 'metadata.hcl'))) return dir;
  await mkdir(root, { recursive: true, mode: 0o700 });
  const staging = await mkdtemp(join(root, `.${name}-`));
  try {
    await cp(source, join(staging, name), { recursive: true });
    await rename(staging, home).catch(async (err: unknown) => {
      if (!(await isFile(join(dir, 'metadata.hcl')))) throw err; // another run put the same copy there first
    });
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
  return dir;
}

/** sha256 of every file's path and content, in path order: a changed pack gets a folder of its own. */
async function contentHash(dir: string): Promise<string> {
  const hash = createHash('sha256');
  const files = (await readdir(dir, { recursive: true, withFileTypes: true })).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
  for (const file of files.sort()) hash.update(`${relative(dir, file)}\0`).update(await readFile(file)).update('\0');
  return hash.digest('hex').slice(0, 16);
}

async function isFile(path: string): Promise<boolean> {
  return stat(path).then((s) => s.isFile(), () => false);
}
