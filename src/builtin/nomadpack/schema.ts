import { z } from 'zod';
import { duration, stringList } from '../../plugin/schema.js';
import type { AppRef, ComponentNames } from '../../plugin/types.js';
import { addressCredentials } from '../../nomad/address.js';

export const nomadpackSchema = z.strictObject({
  deployment_name: z.string().min(1).optional(),
  pack: z.string().min(1).optional(),
  registry_name: z.string().min(1).optional(),
  registry_source: z.string().min(1).optional(),
  registry_ref: z.string().min(1).optional(),
  registry_target: z.string().min(1).optional(),
  registry_token: z.string().min(1).optional(),
  /** `--var name=value` (lists and maps as JSON); one holding a secret goes in a private variable file instead (var-file.ts). */
  variables: z.record(z.string(), z.unknown()).optional(),
  variable_files: stringList.optional(),
  parser_v1: z.boolean().optional(),
  nomad_addr: z.string().min(1).optional(),
  nomad_token: z.string().min(1).optional(),
  namespace: z.string().min(1).optional(),
  region: z.string().min(1).optional(),
  use_embedded: z.boolean().optional(),
  embedded_pack: z.string().min(1).optional(),
  image_variable: z.string().min(1).default('image'),
  wait: z.boolean().default(true),
  timeout: duration.default(600_000),
});
export type NomadpackConfig = z.output<typeof nomadpackSchema>;

/** The nomad-pack deployment (and the embedded pack's job): `deployment_name`, else `<project>-<app>`. */
export function deploymentName(config: NomadpackConfig, ref: AppRef): string {
  return config.deployment_name ?? `${ref.project}-${ref.app}`;
}

/** Two apps deploying one pack deployment to one cluster and namespace would replace each other's job. */
export function deploymentNames(config: NomadpackConfig, ref: AppRef): ComponentNames {
  const where = [config.namespace && `in namespace "${config.namespace}"`, config.region && `in region "${config.region}"`, config.nomad_addr && `at ${addressCredentials(config.nomad_addr)?.bare ?? config.nomad_addr}`];
  return { target: { description: [`nomad-pack deployment "${deploymentName(config, ref)}"`, ...where].filter(Boolean).join(' '), attribute: 'deployment_name' } };
}
