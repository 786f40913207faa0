/**
 * csdocker: the docker builder plus Vault. Each key read from `secrets_path` becomes a BuildKit secret
 * mount (`RUN --mount=type=secret,id=KEY`): present while that RUN step runs, absent from every layer,
 * the image config and its history. The Go orchestrator passed them as build args instead, which
 * `docker history` prints to anyone who can pull the image — that stays possible, but only when asked
 * for explicitly, and with a warning naming the keys.
 */
import type { Artifact } from '../../component/index.js';
import type { AppContext } from '../../lifecycle/context.js';
import { withVaultSecrets, warnSecretExposure } from '../../vault/index.js';
import { dockerBuild } from '../docker/build.js';
import type { CsdockerBuildConfig } from './schema.js';

const BUILDER = 'csdocker';

export function csdockerBuild(ctx: AppContext, config: CsdockerBuildConfig): Promise<Artifact> {
  // env{} is plain configuration: build args, like the Go orchestrator's, and checked as the user's own build args are.
  const withEnv = { ...config, build_args: { ...config.build_args, ...config.env } };
  return withVaultSecrets(ctx, config, (secrets) => {
    if (config.secrets_mode === 'build_args') {
      warnSecretExposure(ctx.log, Object.keys(secrets), 'build_args', 'the image history (`docker history` prints build args)');
      return dockerBuild(ctx, withEnv, { builder: BUILDER, buildArgs: secrets });
    }
    return dockerBuild(ctx, withEnv, { builder: BUILDER, secrets, secretsFrom: 'Vault' });
  });
}
