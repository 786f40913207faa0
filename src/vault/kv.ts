/**
 * Reading one KV secret, v1 or v2. The mount's version comes from `sys/internal/ui/mounts/<path>`, the
 * preflight the vault CLI itself does, so `secret/data/app` and `secret/app` both work on a v2 mount.
 * When a policy forbids the preflight, the path is read as written and a v2 answer is recognised by
 * its shape (`data.data` + `data.metadata`), as hashicorp/vault-action does.
 */
import type { Redactor } from '../secrets/redactor.js';
import type { VaultClient } from './client.js';
import { statusOf, toVaultError, VaultError } from './errors.js';
import { trimSlashes } from './settings.js';

interface Mount {
  /** Mount path with its trailing slash, e.g. `secret/`. */
  path: string;
  version: 1 | 2;
}

interface Deps {
  client: VaultClient;
  redactor: Redactor;
  signal: AbortSignal;
}

export interface KvSecret {
  data: Record<string, unknown>;
  version: 1 | 2;
}

export async function readKv(path: string, deps: Deps): Promise<KvSecret> {
  const clean = trimSlashes(path);
  const mount = await detectMount(clean, deps);
  if (mount?.version === 2) {
    const inner = clean.slice(mount.path.length).replace(/^data\//, '');
    const body = await read(`${mount.path}data/${inner}`, path, deps, `${mount.path} is KV v2: check the path, and that the secret has a live version`);
    return { data: objectAt(body, 'data', 'data') ?? {}, version: 2 };
  }
  // `data/` is KV v2's API path: on a v1 mount it is part of the secret's name, which is seldom meant.
  const v1Hint = mount && clean.startsWith(`${mount.path}data/`) ? `${mount.path} is KV v1, which has no data/ in its paths: write ${mount.path}${clean.slice(mount.path.length + 5)}` : undefined;
  const body = await read(clean, path, deps, v1Hint ?? (mount ? `${mount.path} is KV v1: check the path` : undefined));
  const v2Shape = !mount && objectAt(body, 'data', 'metadata') !== undefined;
  return v2Shape ? { data: objectAt(body, 'data', 'data') ?? {}, version: 2 } : { data: objectAt(body, 'data') ?? {}, version: 1 };
}

async function detectMount(path: string, deps: Deps): Promise<Mount | null> {
  try {
    const body = await deps.client.read(`sys/internal/ui/mounts/${encodePath(path)}`, { signal: deps.signal });
    const data = objectAt(body, 'data');
    if (!data || typeof data.path !== 'string') return null;
    const options = data.options as { version?: unknown } | null | undefined;
    return { path: data.path.endsWith('/') ? data.path : `${data.path}/`, version: String(options?.version) === '2' ? 2 : 1 };
  } catch (err) {
    const status = statusOf(err);
    if (status !== null && status >= 400 && status < 500) return null; // no preflight permission: read as written
    throw toVaultError(err, `mount lookup for "${path}"`, deps.redactor);
  }
}

/** `notFound`: what the mount lookup tells about a 404, when it was allowed. */
async function read(apiPath: string, asWritten: string, deps: Deps, notFound?: string): Promise<unknown> {
  try {
    return await deps.client.read(encodePath(apiPath), { signal: deps.signal });
  } catch (err) {
    if (statusOf(err) === 404) {
      throw new VaultError(`Vault secret "${asWritten}" not found (read ${apiPath})`, 404, `check secrets_path: ${notFound ?? 'the path, its mount, and for KV v2 that the secret has a live version'}`);
    }
    throw toVaultError(err, `read of secret "${asWritten}"`, deps.redactor);
  }
}

function encodePath(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}

function objectAt(value: unknown, ...keys: string[]): Record<string, unknown> | undefined {
  let v = value;
  for (const k of keys) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined;
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}
