import { z } from 'zod';
import { imageRepository, imageTag, stringMap, vaultBuildFields } from '../../plugin/schema.js';

export const nixpacksBuildSchema = z.strictObject({
  name: imageRepository.optional(),
  image: imageRepository.optional(),
  tag: imageTag.optional(),
  context: z.string().min(1).optional(),
  build_args: stringMap.optional(),
  ...vaultBuildFields,
  secrets_mode: z.enum(['refuse', 'env']).optional(),
});
export type NixpacksBuildConfig = z.output<typeof nixpacksBuildSchema>;
