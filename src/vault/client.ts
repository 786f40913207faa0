/** A node-vault client wired to our transport and to the resolved settings only. */
import nodeVault from 'node-vault';
import type { ResolvedVault } from './settings.js';
import { vaultTransport } from './transport.js';

export type VaultClient = nodeVault.client;

/** Fields node-vault has but does not declare in its types. */
interface ClientInternals {
  namespace?: string;
  pathPrefix: string;
}

export function createVaultClient(s: ResolvedVault, onRetry?: (message: string) => void): VaultClient {
  const client = nodeVault({
    endpoint: s.address,
    'request-promise': vaultTransport({ caCert: s.caCert, skipVerify: s.skipVerify, timeoutMs: s.timeoutMs, maxRetries: s.maxRetries, onRetry }),
  });
  // node-vault falls back to process.env (VAULT_TOKEN, VAULT_NAMESPACE, VAULT_PREFIX) for what is not
  // configured; settings were resolved from the run's env already, so nothing else may leak in.
  client.token = s.authMethod === 'token' && s.token ? s.token : '';
  const internals = client as unknown as ClientInternals;
  internals.namespace = s.namespace;
  internals.pathPrefix = '';
  return client;
}
