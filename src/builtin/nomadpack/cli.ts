/**
 * Runs the nomad-pack binary (`NOMAD_PACK_BIN`, else `nomad-pack` on PATH) with the Nomad connection
 * in its environment, and adds pack registries once per component.
 */
import type { AppContext } from '../../lifecycle/context.js';
import type { NomadConnection } from '../../nomad/client.js';
import { runCommand, type RunOptions, type RunResult } from '../../exec/run.js';
import { UserError } from '../../errors.js';
import { Deadline, formatDuration } from '../../util/deadline.js';
import { registryAddArgs, type RegistrySpec } from './args.js';
import { nomadEnv } from './connection.js';
import { stripAnsi } from './output.js';
import { registryAuthEnv } from './registry-auth.js';

export type PackRunOptions = Pick<RunOptions, 'signal' | 'onLine' | 'okCodes' | 'stream'> & { env?: Record<string, string> };

export function runNomadPack(ctx: AppContext, conn: NomadConnection, args: string[], opts: PackRunOptions = {}): Promise<RunResult> {
  return runCommand(binary(ctx), args, {
    notFound: 'install nomad-pack (https://github.com/hashicorp/nomad-pack) or point NOMAD_PACK_BIN at it',
    cwd: ctx.workspace,
    env: { ...nomadEnv(ctx, conn), ...opts.env },
    signal: opts.signal ?? ctx.signal,
    log: ctx.log,
    redactor: ctx.redactor,
    stream: opts.stream ?? 'info',
    onLine: opts.onLine,
    okCodes: opts.okCodes,
  });
}

/**
 * Newer nomad-pack releases follow the deployment themselves unless given `--detach` — and a canary
 * deployment waiting for promotion would keep them waiting until the timeout. We follow through the
 * API anyway, so detach wherever the installed release knows the flag (older ones reject it).
 */
export async function supportsDetach(ctx: AppContext, conn: NomadConnection): Promise<boolean> {
  const help = await runNomadPack(ctx, conn, ['run', '--help'], { okCodes: [0, 1], stream: 'none' });
  return /--detach\b/.test(help.stdout + help.stderr);
}

/**
 * `registry add`; a registry that already exists is what we wanted. It clones with git, which can hang
 * for ever on a dead network, so it gets the stanza's `timeout` (and cancellation) like the deploy.
 */
export async function addRegistry(ctx: AppContext, conn: NomadConnection, registry: RegistrySpec, token: string | null, timeoutMs: number): Promise<void> {
  const env = token ? registryAuthEnv(registry.source, token, ctx.env, ctx.redactor) : undefined;
  ctx.log.info(`nomad-pack: adding registry "${registry.name}"`);
  const deadline = new Deadline(ctx.signal, timeoutMs);
  const timedOut = () =>
    new UserError(
      ctx.redactor.redact(`nomad-pack registry add ${registry.name} (${registry.source}) did not finish within ${formatDuration(timeoutMs)}`),
      'check that registry_source can be cloned from here (network, proxy, registry_ref), or raise `timeout` in the stanza',
    );
  const result = await deadline
    .guard(() => runNomadPack(ctx, conn, registryAddArgs(registry), { env, okCodes: [0, 1], stream: 'debug', signal: deadline.signal }), timedOut)
    .finally(() => deadline.dispose());
  if (result.code === 0) return;
  const said = tail(result);
  if (/already exists/i.test(said)) {
    ctx.log.debug(`nomad-pack: registry "${registry.name}" already exists`);
    return;
  }
  throw new UserError(ctx.redactor.redact(`nomad-pack registry add ${registry.name} failed: ${said}`), 'check registry_source, registry_ref and registry_token');
}

function binary(ctx: AppContext): string {
  return ctx.env.NOMAD_PACK_BIN || 'nomad-pack';
}

/** The last lines nomad-pack printed, for error messages; colour codes removed. */
export function tail(result: RunResult, lines = 6): string {
  return stripAnsi(`${result.stdout}\n${result.stderr}`)
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean)
    .slice(-lines)
    .join(' | ');
}
