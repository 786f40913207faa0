/** The warning both builders give when a user explicitly opts into secrets that stay in the image. */
import type { Logger } from '../log/logger.js';

/** Names the keys, never the values: the point is that the user can see what will be exposed. */
export function warnSecretExposure(log: Logger, keys: readonly string[], mode: string, where: string): void {
  if (keys.length === 0) return;
  log.warn(`secrets_mode = "${mode}": Vault keys ${keys.join(', ')} will be stored in ${where}, readable by anyone who can pull the image`);
}
