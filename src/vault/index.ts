/** Vault secrets for plugins: `withVaultSecrets` is the whole API most callers need. */
export { withVaultSecrets, type VaultSecrets } from './secrets.js';
export { resolveVaultSettings, type ResolvedVault, type VaultBuildFields } from './settings.js';
export { VaultError } from './errors.js';
export { warnSecretExposure } from './exposure.js';
