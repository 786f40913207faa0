/** Names plugins make from the project and app names when the config sets none. */
import { REPOSITORY_PATTERN } from '../docker/reference.js';
import type { AppRef, ComponentNames } from './types.js';

/** A build's image repository when none is set: repositories are lowercase, project and app names need not be. */
export function defaultRepository(ref: AppRef): string {
  return `${ref.project}-${ref.app}`.toLowerCase();
}

/**
 * Image builders: project and app names allow what a repository does not (`_web`, `a_-b`), so the default
 * name is checked with the config rather than refused by the engine after the run has started.
 */
export function builtImageNames(configured: string | undefined, attribute: string, ref: AppRef): ComponentNames {
  const name = defaultRepository(ref);
  if (configured !== undefined || REPOSITORY_PATTERN.test(name)) return {};
  return { invalid: { message: `the image name "${name}", made from the project and app names, is not a valid image repository (lowercase letters and digits joined by ".", "_", "__" or "-")`, attribute } };
}
