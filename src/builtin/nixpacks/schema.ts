import { z } from 'zod';
import { stringMap, vaultBuildFields } from '../../plugin/schema.js';

export const nixpacksBuildSchema = z.strictObject({
  name: z.string().min(1).optional(),
  image: z.string().min(1).optional(),
  tag: z.string().min(1).optional(),
  context: z.string().min(1).optional(),
  build_args: stringMap.optional(),
  ...vaultBuildFields,
  secrets_mode: z.enum(['refuse', 'env']).optional(),
});
export type NixpacksBuildConfig = z.output<typeof nixpacksBuildSchema>;
