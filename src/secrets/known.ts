/** Credentials that arrive through the environment are secrets before any config mentions them. */
import type { Redactor } from './redactor.js';

export const SECRET_ENV_VARS = [
  'REGISTRY_PASSWORD',
  'VAULT_TOKEN',
  'VAULT_SECRET_ID',
  'VAULT_JWT',
  'NOMAD_TOKEN',
  'NOMAD_PACK_REGISTRY_TOKEN',
  'ACTIONS_RUNTIME_TOKEN',
  'ACTIONS_ID_TOKEN_REQUEST_TOKEN',
  'GITHUB_TOKEN',
] as const;

export function registerEnvSecrets(env: Readonly<Record<string, string | undefined>>, redactor: Redactor): void {
  for (const name of SECRET_ENV_VARS) redactor.add(env[name]);
}
