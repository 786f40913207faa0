/** nomadpack: deploys to Nomad through nomad-pack and watches the deployment until it is healthy. */
import { NotImplementedError } from '../../errors.js';
import { component, type PluginDefinition } from '../../plugin/types.js';
import { nomadpackSchema } from './schema.js';

const pending = (what: string) => () => {
  throw new NotImplementedError('nomadpack', what);
};

export const nomadpack: PluginDefinition = {
  name: 'nomadpack',
  aliases: ['nomad-pack'],
  description: 'deploys to Nomad with nomad-pack, watched until healthy; promotes canaries on release',
  deploy: component<'deploy', typeof nomadpackSchema>(nomadpackSchema, () => ({
    deploy: pending('deploy'),
    destroy: pending('destroy'),
    status: pending('status'),
    plan: pending('plan'),
  })),
  release: component<'release', typeof nomadpackSchema>(nomadpackSchema, () => ({ release: pending('release') })),
};
