import { z } from 'zod';
import { imageRepository, imageTag, stringMap, vaultBuildFields } from '../../plugin/schema.js';

export const nixpacksBuildSchema = z
  .strictObject({
    name: imageRepository.optional(),
    image: imageRepository.optional(),
    tag: imageTag.optional(),
    context: z.string().min(1).optional(),
    build_args: stringMap.optional(),
    ...vaultBuildFields,
    secrets_mode: z.enum(['refuse', 'env']).optional(),
  })
  // nixpacks writes every --env variable into the image as ARG/ENV lines, so Vault values would stay in the
  // image config and `docker history`. Refused here, so `cs validate` reports it at secrets_path's line.
  .superRefine((config, ctx) => {
    if (config.secrets_path?.length && config.secrets_mode !== 'env') {
      ctx.addIssue({
        code: 'custom',
        path: ['secrets_path'],
        message:
          'nixpacks cannot take Vault secrets safely: it writes them into the image as ARG/ENV lines, readable by anyone who can pull it; use the csdocker builder (secrets become BuildKit mounts that never reach the image), or set secrets_mode = "env" to accept the exposure',
      });
    }
  });
export type NixpacksBuildConfig = z.output<typeof nixpacksBuildSchema>;
