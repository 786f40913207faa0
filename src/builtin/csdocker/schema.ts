import { z } from 'zod';
import { dockerBuildFields, vaultBuildFields } from '../../plugin/schema.js';

export const csdockerBuildSchema = z.strictObject({
  ...dockerBuildFields,
  ...vaultBuildFields,
  secrets_mode: z.enum(['buildkit', 'build_args']).optional(),
});
export type CsdockerBuildConfig = z.output<typeof csdockerBuildSchema>;
