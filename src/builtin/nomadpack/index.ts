/** nomadpack: deploys to Nomad through nomad-pack and watches the deployment until it is healthy. */
import { component, type PluginDefinition } from '../../plugin/types.js';
import { deploymentNames, nomadpackSchema } from './schema.js';

export const nomadpack: PluginDefinition = {
  name: 'nomadpack',
  aliases: ['nomad-pack'],
  description: 'deploys to Nomad with nomad-pack, watched until healthy; promotes canaries on release',
  deploy: component<'deploy', typeof nomadpackSchema>(nomadpackSchema, async (config) => new (await import('./platform.js')).NomadPackPlatform(config), { names: deploymentNames }),
  release: component<'release', typeof nomadpackSchema>(nomadpackSchema, async (config) => new (await import('./release.js')).NomadPackRelease(config), { releases: ['nomadpack'] }),
};
