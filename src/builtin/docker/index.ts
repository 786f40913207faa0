/**
 * docker: image builder, registry push and container platform on a Docker engine. Implementations load
 * on first use, so commands that only read the config never load the engine client.
 */
import { component, type AppRef, type PluginDefinition } from '../../plugin/types.js';
import { builtImageNames } from '../../plugin/names.js';
import { containerNames, dockerBuildSchema, dockerDeploySchema, dockerRegistrySchema, type DockerBuildConfig } from './schema.js';

/**
 * Shared with csdocker: the docker CLI's capabilities are probed while the run starts up. (The engine
 * client is not loaded here: evaluating it would hold the event loop just as the probes answer and the
 * build should be spawned; the build loads it once docker build runs.)
 */
export function prepareDockerBuild(env: Readonly<Record<string, string | undefined>>): void {
  import('../../docker/cli.js').then(({ detectDockerCli }) => detectDockerCli(env)).catch(() => undefined);
}

/** docker and csdocker builds: the image is `image` (or `name`), else made from the project and app names. */
export const dockerImageNames = (config: DockerBuildConfig, ref: AppRef) => builtImageNames(config.image ?? config.name, 'image', ref);

export const docker: PluginDefinition = {
  name: 'docker',
  description: 'builds images with the docker CLI, pushes them to a registry, runs them as containers',
  build: component<'build', typeof dockerBuildSchema>(dockerBuildSchema, async (config) => {
    const { dockerBuild } = await import('./build.js');
    return { build: (ctx) => dockerBuild(ctx, config) };
  }, { prepare: prepareDockerBuild, names: dockerImageNames }),
  registry: component<'registry', typeof dockerRegistrySchema>(dockerRegistrySchema, async (config) => {
    const { pullAuth, pushImage } = await import('./registry.js');
    return { push: (ctx, artifact) => pushImage(ctx, config, artifact), pullAuth: (ctx, artifact) => pullAuth(config, artifact, ctx.env) };
  }),
  deploy: component<'deploy', typeof dockerDeploySchema>(dockerDeploySchema, async (config) => new (await import('./platform.js')).DockerPlatform(config), { names: containerNames }),
};
