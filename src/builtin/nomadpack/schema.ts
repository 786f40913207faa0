import { z } from 'zod';
import { duration, stringList } from '../../plugin/schema.js';

export const nomadpackSchema = z.strictObject({
  deployment_name: z.string().min(1).optional(),
  pack: z.string().min(1).optional(),
  registry_name: z.string().min(1).optional(),
  registry_source: z.string().min(1).optional(),
  registry_ref: z.string().min(1).optional(),
  registry_target: z.string().min(1).optional(),
  registry_token: z.string().min(1).optional(),
  /** Values keep their HCL type; nomad-pack receives them as `--var k=v` (lists/maps as HCL). */
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
