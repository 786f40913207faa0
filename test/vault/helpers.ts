/** Shared setup for Vault tests: a context whose env points at the double and nothing else. */
import { testContext } from '../helpers/context.js';
import type { AppContext } from '../../src/lifecycle/context.js';
import type { VaultDouble } from '../doubles/vault-double.js';

export function vaultContext(double: VaultDouble, env: Record<string, string> = {}, overrides: Partial<AppContext> = {}) {
  return testContext({ env: { PATH: process.env.PATH, VAULT_ADDR: double.address, ...env }, ...overrides });
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
