/** Shared setup for Vault tests: a context whose env points at the double and nothing else. */
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { testContext } from '../helpers/context.js';
import type { AppContext } from '../../src/lifecycle/context.js';
import type { VaultDouble } from '../doubles/vault-double.js';

export function vaultContext(double: VaultDouble, env: Record<string, string> = {}, overrides: Partial<AppContext> = {}) {
  return testContext({ env: { PATH: process.env.PATH, VAULT_ADDR: double.address, ...env }, ...overrides });
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A port nothing listens on (until a test starts something there). */
export async function unusedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}
