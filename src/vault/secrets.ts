/**
 * The one entry point plugins use: read every `secrets_path`, hand the merged key → value map to the
 * work, and clean the token up afterwards however the work ends.
 */
import type { AppContext } from '../lifecycle/context.js';
import { createVaultClient } from './client.js';
import { login } from './auth.js';
import { TokenLease } from './lease.js';
import { readKv } from './kv.js';
import { resolveVaultSettings, type VaultBuildFields } from './settings.js';

export type VaultSecrets = Record<string, string>;

/**
 * Runs `work` with the secrets at `fields.secrets_path` (none configured → `{}` without contacting
 * Vault). Every value is registered with the redactor as soon as it arrives.
 */
export async function withVaultSecrets<T>(ctx: AppContext, fields: VaultBuildFields, work: (secrets: VaultSecrets) => Promise<T>): Promise<T> {
  if (!fields.secrets_path?.length) return work({});
  const settings = resolveVaultSettings(ctx, fields);
  const client = createVaultClient(settings, (message) => ctx.log.warn(message));
  const lease = new TokenLease(client, await login(client, settings, ctx), ctx.log, ctx.redactor);
  const onAbort = () => void lease.release();
  ctx.signal.addEventListener('abort', onAbort, { once: true });
  try {
    lease.startRenewal();
    const secrets: VaultSecrets = {};
    const origin = new Map<string, string>();
    for (const path of settings.paths) {
      const { data, version } = await readKv(path, { client, redactor: ctx.redactor, signal: ctx.signal });
      for (const raw of Object.values(data)) ctx.redactor.addValue(raw);
      const values = Object.entries(data).map(([key, raw]) => [key, encode(raw)] as const);
      for (const [key, value] of values) {
        const earlier = origin.get(key);
        if (earlier !== undefined && earlier !== path) ctx.log.warn(`Vault: key ${key} from ${path} overrides the one from ${earlier}`);
        secrets[key] = value;
        origin.set(key, path);
      }
      ctx.log.info(`Vault: read ${values.length} key(s) from ${path} (KV v${version}): ${values.map(([k]) => k).join(', ')}`);
    }
    return await work(secrets);
  } finally {
    ctx.signal.removeEventListener('abort', onAbort);
    await lease.release();
  }
}

/** Non-string values (numbers, objects) are kept as their JSON text, never dropped. */
function encode(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}
