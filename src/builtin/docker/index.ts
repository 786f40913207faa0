/** docker: image builder, registry push and container platform on a Docker engine. */
import { component, type PluginDefinition } from '../../plugin/types.js';
import { dockerBuild } from './build.js';
import { DockerPlatform } from './platform.js';
import { pushImage } from './registry.js';
import { dockerBuildSchema, dockerDeploySchema, dockerRegistrySchema } from './schema.js';

export const docker: PluginDefinition = {
  name: 'docker',
  description: 'builds images with the docker CLI, pushes them to a registry, runs them as containers',
  build: component<'build', typeof dockerBuildSchema>(dockerBuildSchema, (config) => ({ build: (ctx) => dockerBuild(ctx, config) })),
  registry: component<'registry', typeof dockerRegistrySchema>(dockerRegistrySchema, (config) => ({ push: (ctx, artifact) => pushImage(ctx, config, artifact) })),
  deploy: component<'deploy', typeof dockerDeploySchema>(dockerDeploySchema, (config) => new DockerPlatform(config)),
};
