/** Vault secrets for plugins: `withVaultSecrets` is the whole API a builder needs. */
export { withVaultSecrets, type VaultSecrets } from './secrets.js';
export type { VaultBuildFields } from './settings.js';
export { VaultError } from './errors.js';
export { warnSecretExposure } from './exposure.js';
