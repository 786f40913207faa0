/**
 * Where Nomad is and who we are to it: stanza fields first, then the standard NOMAD_* variables —
 * the same precedence nomad-pack itself applies to its flags and environment.
 */
import type { AppContext } from '../../lifecycle/context.js';
import type { NomadConnection } from '../../nomad/client.js';
import type { NomadpackConfig } from './schema.js';

/** Nomad's own default agent address. */
const DEFAULT_ADDRESS = 'http://127.0.0.1:4646';

export function resolveConnection(config: NomadpackConfig, ctx: AppContext): NomadConnection {
  const token = config.nomad_token ?? ctx.env.NOMAD_TOKEN;
  ctx.redactor.add(token);
  return {
    address: config.nomad_addr ?? ctx.env.NOMAD_ADDR ?? DEFAULT_ADDRESS,
    token,
    namespace: config.namespace ?? ctx.env.NOMAD_NAMESPACE,
    region: config.region ?? ctx.env.NOMAD_REGION,
  };
}

/** The child's environment: the run's env with the resolved connection in nomad-pack's variables. */
export function nomadEnv(ctx: AppContext, conn: NomadConnection): Record<string, string | undefined> {
  return {
    ...ctx.env,
    NOMAD_ADDR: conn.address,
    NOMAD_TOKEN: conn.token,
    NOMAD_NAMESPACE: conn.namespace,
    NOMAD_REGION: conn.region,
  };
}
