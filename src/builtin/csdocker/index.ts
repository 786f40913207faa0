/** csdocker: the docker builder with build secrets read from HashiCorp Vault. */
import { component, type PluginDefinition } from '../../plugin/types.js';
import { dockerImageNames, prepareDockerBuild } from '../docker/index.js';
import { csdockerBuildSchema } from './schema.js';

export const csdocker: PluginDefinition = {
  name: 'csdocker',
  description: 'docker build with secrets from HashiCorp Vault as BuildKit secret mounts',
  build: component<'build', typeof csdockerBuildSchema>(csdockerBuildSchema, async (config) => {
    const { csdockerBuild } = await import('./build.js');
    return { build: (ctx) => csdockerBuild(ctx, config) };
  }, { prepare: prepareDockerBuild, names: dockerImageNames }),
};
