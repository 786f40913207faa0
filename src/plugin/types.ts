/**
 * What a builtin plugin declares (seed: internal/plugin). Each phase it serves has its own zod schema
 * (the stanza's attributes, `use` removed) and a factory for the configured component. Factories are
 * async so implementations load only when a command needs them.
 */
import type { z } from 'zod';
import type { ComponentByPhase, Phase } from '../component/index.js';

export interface ComponentFactory<P extends Phase, S extends z.ZodType = z.ZodType> {
  /** Strict object schema: unknown attributes are errors. */
  schema: S;
  create(config: z.output<S>): Promise<ComponentByPhase[P]> | ComponentByPhase[P];
  /**
   * Starts, at the beginning of a run, slow work the component will need (probing a CLI), so that it
   * overlaps loading and the steps before. Best effort: a failure surfaces when the component runs.
   */
  prepare?(env: Readonly<Record<string, string | undefined>>): void;
  /** What the config says only with the project and app names known: checked once the whole file is read. */
  names?(config: z.output<S>, ref: AppRef): ComponentNames;
  /** A release manager that can only release what these deploy plugins deploy (canaries of a Nomad deployment). */
  releases?: readonly string[];
}

export interface AppRef {
  project: string;
  app: string;
}

export interface ComponentNames {
  /** A name made from the project and app names that the engine would refuse, and the attribute that sets another. */
  invalid?: { message: string; attribute: string };
  /** Where the component deploys (`container "shop-web"`): two apps of one config must not share it. */
  target?: { description: string; attribute: string };
}

export interface PluginDefinition {
  name: string;
  aliases?: readonly string[];
  description: string;
  build?: ComponentFactory<'build'>;
  registry?: ComponentFactory<'registry'>;
  deploy?: ComponentFactory<'deploy'>;
  release?: ComponentFactory<'release'>;
}

/** Keeps each factory's config type tied to its schema while storing them uniformly. */
export function component<P extends Phase, S extends z.ZodType>(
  schema: S,
  create: (config: z.output<S>) => Promise<ComponentByPhase[P]> | ComponentByPhase[P],
  extras: Pick<ComponentFactory<P, S>, 'prepare' | 'names' | 'releases'> = {},
): ComponentFactory<P> {
  return { schema, create: create as ComponentFactory<P>['create'], ...(extras as Pick<ComponentFactory<P>, 'prepare' | 'names' | 'releases'>) };
}
