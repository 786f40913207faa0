/** nixpacks: builds an image from source without a Dockerfile, through the nixpacks CLI. */
import { builtImageNames } from '../../plugin/names.js';
import { component, type PluginDefinition } from '../../plugin/types.js';
import { nixpacksBuildSchema } from './schema.js';

export const nixpacks: PluginDefinition = {
  name: 'nixpacks',
  description: 'builds an image from source with nixpacks',
  build: component<'build', typeof nixpacksBuildSchema>(nixpacksBuildSchema, async (config) => {
    const { nixpacksBuild } = await import('./build.js');
    return { build: (ctx) => nixpacksBuild(ctx, config) };
  }, { names: (config, ref) => builtImageNames(config.name ?? config.image, 'name', ref) }),
};
