/**
 * Where Nomad is and who we are to it: stanza fields first, then the standard NOMAD_* variables —
 * the same precedence nomad-pack itself applies to its flags and environment.
 */
import type { AppContext } from '../../lifecycle/context.js';
import { addressCredentials } from '../../nomad/address.js';
import { goTrue } from '../../util/go-bool.js';
import type { NomadConnection } from '../../nomad/client.js';
import type { NomadpackConfig } from './schema.js';

/** Nomad's own default agent address. */
const DEFAULT_ADDRESS = 'http://127.0.0.1:4646';

export function resolveConnection(config: NomadpackConfig, ctx: AppContext): NomadConnection {
  // Empty counts as unset, as for nomad-pack: a workflow's `${{ secrets.X }}` is "" when X is missing.
  const env = (name: string) => ctx.env[name] || undefined;
  const token = config.nomad_token ?? env('NOMAD_TOKEN');
  const address = config.nomad_addr ?? env('NOMAD_ADDR') ?? DEFAULT_ADDRESS;
  ctx.redactor.add(token);
  ctx.redactor.add(addressCredentials(address)?.password);
  return {
    address,
    token,
    namespace: config.namespace ?? env('NOMAD_NAMESPACE'),
    region: config.region ?? env('NOMAD_REGION'),
    // nomad-pack reads these itself (it gets our env); the watch's API client is given the same.
    tls: {
      caCert: env('NOMAD_CACERT'),
      clientCert: env('NOMAD_CLIENT_CERT'),
      clientKey: env('NOMAD_CLIENT_KEY'),
      serverName: env('NOMAD_TLS_SERVER_NAME'),
      skipVerify: goTrue(env('NOMAD_SKIP_VERIFY')),
    },
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
