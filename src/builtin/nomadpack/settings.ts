/**
 * What a nomadpack stanza means for one app: which pack (registry, path or embedded), under which
 * deployment name, with which variables. Combinations the schema cannot express are checked here.
 */
import { isAbsolute, resolve } from 'node:path';
import { UserError } from '../../errors.js';
import type { AppContext } from '../../lifecycle/context.js';
import type { PackInvocation, RegistrySpec } from './args.js';
import { DEFAULT_EMBEDDED_PACK } from './embedded.js';
import { deploymentName, type NomadpackConfig } from './schema.js';

export interface PackSettings {
  deploymentName: string;
  /** Set for `use_embedded`: the shipped pack's name. */
  embedded: string | null;
  /** The pack name or path, when not embedded. */
  pack: string | null;
  /** `nomad-pack registry add` before use; null when the registry is already known locally. */
  registry: RegistrySpec | null;
  registryToken: string | null;
  /** The invocation without the pack location, image and variables file, which depend on the command. */
  base: Omit<PackInvocation, 'pack' | 'image' | 'variablesFile'>;
}

export function packSettings(config: NomadpackConfig, ctx: AppContext): PackSettings {
  const token = config.registry_token ?? null;
  ctx.redactor.add(token);
  const embedded = config.use_embedded ? (config.embedded_pack ?? DEFAULT_EMBEDDED_PACK) : null;
  if (!embedded && !config.pack) throw new UserError('nomadpack: no pack to deploy', 'set `pack` (and `registry_name`), or `use_embedded = true`');
  if (embedded && config.parser_v1) throw new UserError('nomadpack: the embedded pack is written for the current template parser', 'remove `parser_v1` or `use_embedded`');
  if (config.registry_source && !config.registry_name) throw new UserError('nomadpack: registry_source needs registry_name', 'name the registry with `registry_name`');
  if (token && !config.registry_source) throw new UserError('nomadpack: registry_token is only used to add a registry', 'set `registry_source` too, or remove `registry_token`');

  const name = deploymentName(config, ctx);
  const variables: Record<string, unknown> = { ...config.variables };
  // The embedded pack names its job after the deployment, so two apps sharing it never collide.
  if (embedded && variables.job_name === undefined) variables.job_name = name;

  const fromRegistry = !embedded && config.registry_name;
  return {
    deploymentName: name,
    embedded,
    pack: embedded ? null : (config.pack ?? null),
    registry:
      fromRegistry && config.registry_source
        ? { name: config.registry_name!, source: config.registry_source, target: config.registry_target, ref: config.registry_ref }
        : null,
    registryToken: token,
    base: {
      deploymentName: name,
      registry: fromRegistry ? config.registry_name : undefined,
      ref: fromRegistry ? config.registry_ref : undefined,
      parserV1: config.parser_v1,
      variables,
      variableFiles: (config.variable_files ?? []).map((f) => (isAbsolute(f) ? f : resolve(ctx.workspace, f))),
    },
  };
}
