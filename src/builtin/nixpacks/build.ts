/**
 * nixpacks build: source → image without a Dockerfile, through the nixpacks CLI, then the artifact read
 * back from the engine. nixpacks writes every `--env` into the generated Dockerfile as ARG/ENV lines,
 * so a value given that way stays in the image config and history for anyone who can pull it. Vault
 * secrets therefore go in only when the user explicitly accepts that (secrets_mode = "env"); the schema
 * refuses secrets_path without it, so a config that reaches here has accepted the exposure.
 */
import type { Artifact } from '../../component/index.js';
import { runCommand } from '../../exec/run.js';
import { refuseToolVariables } from '../../exec/tool-env.js';
import type { AppContext } from '../../lifecycle/context.js';
import { UserError } from '../../errors.js';
import { withVaultSecrets, warnSecretExposure } from '../../vault/index.js';
import { artifactFromEngine, checkImageExposure, planBuild, type BuildPlan } from '../docker/build.js';
import type { NixpacksBuildConfig } from './schema.js';

export interface NixpacksInputs {
  context: string;
  /** `image:tag`. */
  ref: string;
  /** Non-secret variables, passed as `--env K=V`. */
  env: Record<string, string>;
  /** Keys whose value is a secret (Vault's, a sensitive variable), passed as `--env KEY`: nixpacks then reads the value from its own environment. */
  secretKeys: string[];
  labels: Record<string, string>;
}

/** Pure: the nixpacks argv. Secret values never appear in it (nor in `ps`, nor in the logged command). */
export function nixpacksArgs(i: NixpacksInputs): string[] {
  const args = ['build', i.context, '--name', i.ref];
  for (const [k, v] of Object.entries(i.env)) args.push('--env', `${k}=${v}`);
  for (const key of i.secretKeys) args.push('--env', key);
  for (const [k, v] of Object.entries(i.labels)) args.push('--label', `${k}=${v}`);
  return args;
}

export async function nixpacksBuild(ctx: AppContext, config: NixpacksBuildConfig): Promise<Artifact> {
  // nixpacks has no build args of its own: build_args and env{} both become its (build and run) env.
  const plan = planBuild(ctx, { image: config.name ?? config.image, tag: config.tag, context: config.context, build_args: { ...config.build_args, ...config.env } });
  const where = 'nixpacks stores build_args and env in the image (its ENV and ARG lines), readable by anyone who can pull it';
  const sensitive = checkImageExposure(ctx, plan, plan.buildArgs, where);
  // As for Vault values: a secret goes into a nixpacks image only when the config says it accepts that.
  if (sensitive.length && config.secrets_mode !== 'env') {
    throw new UserError(`build_args/env ${sensitive.join(', ')} hold sensitive values, and ${where}`, 'build with use = "csdocker" and `secrets` (BuildKit mounts store nothing), or set secrets_mode = "env" to accept the exposure');
  }
  return withVaultSecrets(ctx, config, async (vault) => {
    warnSecretExposure(ctx.log, Object.keys(vault), 'env', 'the image ENV/ARG lines nixpacks generates');
    // Secret values reach nixpacks through its environment, by name: never in its argv.
    const secrets = { ...Object.fromEntries(sensitive.map((k) => [k, plan.buildArgs[k]!])), ...vault };
    refuseToolVariables(Object.keys(secrets), 'nixpacks', 'build_args/env or Vault key');
    await runNixpacks(ctx, plan, secrets);
    return artifactFromEngine(`${plan.image}:${plan.tag}`, plan, 'nixpacks');
  });
}

const NIXPACKS_NOT_FOUND = 'install nixpacks (https://nixpacks.com/docs/install) or point NIXPACKS_BIN at it; or build with use = "docker" and a Dockerfile';

async function runNixpacks(ctx: AppContext, plan: BuildPlan, secrets: Record<string, string>): Promise<void> {
  const bin = ctx.env.NIXPACKS_BIN || 'nixpacks';
  const env = Object.fromEntries(Object.entries(plan.buildArgs).filter(([k]) => !(k in secrets)));
  const argv = nixpacksArgs({ context: plan.context, ref: `${plan.image}:${plan.tag}`, env, secretKeys: Object.keys(secrets), labels: plan.labels });
  await ctx.log.group(`nixpacks build ${plan.image}:${plan.tag}`, () =>
    runCommand(bin, argv, { cwd: plan.context, env: { ...ctx.env, ...secrets }, signal: ctx.signal, log: ctx.log, redactor: ctx.redactor, stream: 'info', notFound: NIXPACKS_NOT_FOUND }),
  );
}
