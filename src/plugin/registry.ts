/** The builtin plugins, an explicit list (seed: internal/plugin registry), looked up by name or alias. */
import type { Phase } from '../component/index.js';
import type { ComponentFactory, PluginDefinition } from './types.js';
import { noop } from '../builtin/noop/index.js';
import { docker } from '../builtin/docker/index.js';
import { csdocker } from '../builtin/csdocker/index.js';
import { nixpacks } from '../builtin/nixpacks/index.js';
import { nomadpack } from '../builtin/nomadpack/index.js';

export const BUILTIN_PLUGINS: readonly PluginDefinition[] = [csdocker, nixpacks, noop, docker, nomadpack];

export function findPlugin(name: string): PluginDefinition | undefined {
  return BUILTIN_PLUGINS.find((p) => p.name === name || p.aliases?.includes(name));
}

export function pluginsFor(phase: Phase): PluginDefinition[] {
  return BUILTIN_PLUGINS.filter((p) => p[phase]);
}

export function factoryFor<P extends Phase>(plugin: PluginDefinition, phase: P): ComponentFactory<P> | undefined {
  return plugin[phase] as ComponentFactory<P> | undefined;
}
