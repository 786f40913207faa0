/** csdocker: the docker builder with build secrets read from HashiCorp Vault. */
import { NotImplementedError } from '../../errors.js';
import { component, type PluginDefinition } from '../../plugin/types.js';
import { csdockerBuildSchema } from './schema.js';

export const csdocker: PluginDefinition = {
  name: 'csdocker',
  description: 'docker build with secrets from HashiCorp Vault as BuildKit secret mounts',
  build: component<'build', typeof csdockerBuildSchema>(csdockerBuildSchema, () => ({
    build: () => {
      throw new NotImplementedError('csdocker', 'build');
    },
  })),
};
