/** Paths as the file system resolves them: symlinks followed, so a link cannot slip past a containment check. */
import { existsSync, realpathSync } from 'node:fs';
import { isAbsolute, relative, sep } from 'node:path';

/** Where `target` really is: symlinks resolved when it exists, as written otherwise. */
export function real(target: string): string {
  return existsSync(target) ? realpathSync(target) : target;
}

/** `target` is `dir` or inside it. */
export function isWithin(dir: string, target: string): boolean {
  return !leaves(relative(real(dir), real(target)));
}

/** A relative path that climbs out of where it is relative to (or is absolute: another drive). */
export function leaves(rel: string): boolean {
  return rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel);
}
