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
  prepare?: ComponentFactory<P>['prepare'],
): ComponentFactory<P> {
  return { schema, create: create as ComponentFactory<P>['create'], prepare };
}
