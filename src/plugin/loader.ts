/** Turns a validated stanza into a configured component (seed: internal/plugin loader). */
import type { ComponentByPhase, Phase } from '../component/index.js';
import type { Stanza } from '../config/types.js';
import { factoryFor, findPlugin } from './registry.js';

export async function loadComponent<P extends Phase>(phase: P, stanza: Stanza): Promise<ComponentByPhase[P]> {
  const plugin = findPlugin(stanza.use);
  const factory = plugin && factoryFor(plugin, phase);
  // The config loader already checked both; reaching here without them is a bug, not user error.
  if (!factory) throw new Error(`plugin "${stanza.use}" has no ${phase} component`);
  return (await factory.create(stanza.config)) as ComponentByPhase[P];
}

/** See ComponentFactory.prepare; unknown plugins (test doubles) have nothing to prepare. */
export function prepareComponent(phase: Phase, stanza: Stanza, env: Readonly<Record<string, string | undefined>>): void {
  const plugin = findPlugin(stanza.use);
  (plugin && factoryFor(plugin, phase))?.prepare?.(env);
}
