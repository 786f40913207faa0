/**
 * noop: serves every phase, touches nothing, and returns real-looking results at once — for trying a
 * pipeline, and for tests of everything around the plugins. The implementation loads on first use, like
 * every plugin's (node:crypto alone costs a start-up ~6 ms).
 */
import { z } from 'zod';
import { component, type PluginDefinition } from '../../plugin/types.js';

const schema = z.strictObject({ message: z.string().optional() });
export type NoopConfig = z.output<typeof schema>;

const create = async (config: NoopConfig) => new (await import('./component.js')).NoopComponent(config);

export const noop: PluginDefinition = {
  name: 'noop',
  description: 'does nothing and returns real-looking results; for trying pipelines',
  build: component<'build', typeof schema>(schema, create),
  registry: component<'registry', typeof schema>(schema, create),
  deploy: component<'deploy', typeof schema>(schema, create),
  release: component<'release', typeof schema>(schema, create),
};
