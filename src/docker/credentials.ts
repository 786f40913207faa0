/**
 * The one place registry credentials are resolved, for pushing and for pulling. Order: the registry
 * stanza, then `REGISTRY_USERNAME`/`REGISTRY_PASSWORD` (only for `REGISTRY_URL`'s registry when that is
 * set), then the `auths` of `$DOCKER_CONFIG/config.json` or `~/.docker/config.json` (what `docker login`
 * and docker/login-action leave behind). Every secret found is registered with the redactor at once.
 */
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { UserError } from '../errors.js';
import type { Redactor } from '../secrets/redactor.js';
import { normaliseRegistry } from './reference.js';

export type CredentialSource = 'stanza' | 'env' | 'docker-config';

/** What the engine accepts as `X-Registry-Auth`. */
export interface AuthConfig {
  serveraddress: string;
  username?: string;
  password?: string;
  identitytoken?: string;
}

export interface RegistryCredentials {
  auth: AuthConfig;
  source: CredentialSource;
  /** Where they came from, safe to print: `registry stanza (user "x")`, `/root/.docker/config.json`. */
  origin: string;
}

export interface CredentialQuery {
  /** Registry host the image lives on. */
  registry: string;
  /** Stanza credentials (`username`/`password` or `auth = {…}`); absent for the deploy phase. */
  stanza?: { username?: string; password?: string };
  env: Readonly<Record<string, string | undefined>>;
  redactor: Redactor;
}

export interface CredentialResolution {
  credentials: RegistryCredentials | null;
  /** Every source consulted, in order, for error messages. */
  tried: string[];
}

export function resolveCredentials(q: CredentialQuery): CredentialResolution {
  const registry = normaliseRegistry(q.registry);
  q.redactor.add(q.env.REGISTRY_PASSWORD); // a credential whichever source wins
  const tried: string[] = [];
  const found = (auth: Omit<AuthConfig, 'serveraddress'>, source: CredentialSource, origin: string): CredentialResolution => {
    q.redactor.add(auth.password);
    q.redactor.add(auth.identitytoken);
    return { credentials: { auth: { serveraddress: registry, ...auth }, source, origin }, tried: [...tried, origin] };
  };

  if (q.stanza && (q.stanza.username || q.stanza.password)) {
    q.redactor.add(q.stanza.password);
    if (!q.stanza.username || !q.stanza.password) {
      throw new UserError('registry stanza: username and password must be given together', 'set both (or use auth = { username, password }), or neither to use REGISTRY_* env or the docker config');
    }
    return found({ username: q.stanza.username, password: q.stanza.password }, 'stanza', `registry stanza (user "${q.stanza.username}")`);
  }
  tried.push('registry stanza (none given)');

  const { REGISTRY_USERNAME: user, REGISTRY_PASSWORD: pass, REGISTRY_URL: url } = q.env;
  if (user && pass && (!url || normaliseRegistry(url) === registry)) {
    return found({ username: user, password: pass }, 'env', `REGISTRY_USERNAME/REGISTRY_PASSWORD (user "${user}")`);
  }
  tried.push(url && normaliseRegistry(url) !== registry ? `REGISTRY_* env (for ${normaliseRegistry(url)}, not ${registry})` : 'REGISTRY_USERNAME/REGISTRY_PASSWORD (unset)');

  const file = dockerConfigFile(q.env);
  const entry = readAuths(file).get(registry);
  if (entry) {
    const auth = decodeAuthEntry(entry);
    if (auth) return found(auth, 'docker-config', `${file} auths["${registry}"]`);
  }
  tried.push(`${file} (no auths entry for ${registry})`);
  return { credentials: null, tried };
}

export function dockerConfigFile(env: Readonly<Record<string, string | undefined>>): string {
  return join(env.DOCKER_CONFIG || join(env.HOME || homedir(), '.docker'), 'config.json');
}

interface AuthEntry {
  auth?: string;
  username?: string;
  password?: string;
  identitytoken?: string;
}

/** `auths` keyed by normalised host; a missing or unreadable file is simply no credentials. */
function readAuths(file: string): Map<string, AuthEntry> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return new Map();
  }
  const auths = (parsed as { auths?: Record<string, AuthEntry> } | null)?.auths ?? {};
  return new Map(Object.entries(auths).map(([key, entry]) => [normaliseRegistry(key), entry]));
}

function decodeAuthEntry(entry: AuthEntry): Omit<AuthConfig, 'serveraddress'> | null {
  if (entry.identitytoken) return { identitytoken: entry.identitytoken };
  if (entry.username && entry.password) return { username: entry.username, password: entry.password };
  if (!entry.auth) return null;
  const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon > 0 ? { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) } : null;
}
