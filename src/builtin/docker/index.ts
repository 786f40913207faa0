/** docker: image builder, registry push and container platform on a Docker engine. */
import { NotImplementedError } from '../../errors.js';
import { component, type PluginDefinition } from '../../plugin/types.js';
import { dockerBuildSchema, dockerDeploySchema, dockerRegistrySchema } from './schema.js';

const pending = (what: string) => () => {
  throw new NotImplementedError('docker', what);
};

export const docker: PluginDefinition = {
  name: 'docker',
  description: 'builds images with the docker CLI, pushes them to a registry, runs them as containers',
  build: component<'build', typeof dockerBuildSchema>(dockerBuildSchema, () => ({ build: pending('build') })),
  registry: component<'registry', typeof dockerRegistrySchema>(dockerRegistrySchema, () => ({ push: pending('push') })),
  deploy: component<'deploy', typeof dockerDeploySchema>(dockerDeploySchema, () => ({
    deploy: pending('deploy'),
    destroy: pending('destroy'),
    status: pending('status'),
    plan: pending('plan'),
  })),
};
