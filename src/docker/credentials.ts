/**
 * The one place registry credentials are resolved, for pushing and for pulling. Order: the registry
 * stanza, then `REGISTRY_USERNAME`/`REGISTRY_PASSWORD` (only for `REGISTRY_URL`'s registry when that is
 * set), then `$DOCKER_CONFIG/config.json` or `~/.docker/config.json` (what `docker login` and
 * docker/login-action leave behind) as the docker CLI reads it: the credential helper named by
 * `credHelpers[<host>]`, else by `credsStore`, else the `auths` entry. A helper is asked with the
 * docker-credential-helpers protocol (`docker-credential-<name> get`, server URL on stdin, JSON on
 * stdout); a helper that is missing, fails, hangs or answers nonsense is noted in `tried` and the
 * `auths` entry is used instead, so a public pull never fails for want of a helper. Every secret found
 * is registered with the redactor at once; helper output never reaches a message.
 */
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { CancelledError, UserError } from '../errors.js';
import { CommandError, runCommand } from '../exec/run.js';
import type { Redactor } from '../secrets/redactor.js';
import { DOCKER_HUB, normaliseRegistry } from './reference.js';

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
  /** Stanza credentials (`username`/`password` or `auth = {…}`). */
  stanza?: { username?: string; password?: string };
  /** For a pull: the host the stanza pushes to, where alone its credentials are used (a push goes there). */
  stanzaHost?: string;
  /** Also the environment (and `PATH`) credential helpers run with. */
  env: Readonly<Record<string, string | undefined>>;
  redactor: Redactor;
  /** How long a credential helper may take before it is killed; default {@link HELPER_TIMEOUT_MS}. */
  helperTimeoutMs?: number;
  /** The run's cancellation: it ends a helper that is still thinking at once. */
  signal?: AbortSignal;
}

/** A keychain unlock prompt or an STS round trip (ecr-login) fits in this; a hung helper does not block the run. */
export const HELPER_TIMEOUT_MS = 30_000;
/** What docker-credential-helpers print (exit 1) for a server they hold nothing for. */
const HELPER_NOT_FOUND = 'credentials not found in native keychain';
/** Docker Hub's key in helpers and `auths` (docker's registry.IndexServer); other registries go by host. */
const HUB_SERVER_URL = 'https://index.docker.io/v1/';
/** Helper suffixes in the wild (desktop, osxkeychain, pass, ecr-login, acr-env, gcloud…); no paths. */
const HELPER_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

export interface CredentialResolution {
  credentials: RegistryCredentials | null;
  /** Every source consulted, in order, for error messages. */
  tried: string[];
}

export async function resolveCredentials(q: CredentialQuery): Promise<CredentialResolution> {
  const registry = normaliseRegistry(q.registry);
  q.redactor.add(q.env.REGISTRY_PASSWORD); // a credential whichever source wins
  const tried: string[] = [];
  const found = (auth: Omit<AuthConfig, 'serveraddress'>, source: CredentialSource, origin: string): CredentialResolution => {
    q.redactor.add(auth.password);
    q.redactor.add(auth.identitytoken);
    return { credentials: { auth: { serveraddress: registry, ...auth }, source, origin }, tried: [...tried, origin] };
  };

  const stanzaHost = q.stanzaHost && normaliseRegistry(q.stanzaHost);
  if (stanzaHost && stanzaHost !== registry) {
    tried.push(`registry stanza (for ${stanzaHost}, not ${registry})`);
  } else if (q.stanza && (q.stanza.username || q.stanza.password)) {
    q.redactor.add(q.stanza.password);
    if (!q.stanza.username || !q.stanza.password) {
      throw new UserError('registry stanza: username and password must be given together', 'set both (or use auth = { username, password }), or neither to use REGISTRY_* env or the docker config');
    }
    return found({ username: q.stanza.username, password: q.stanza.password }, 'stanza', `registry stanza (user "${q.stanza.username}")`);
  } else {
    tried.push('registry stanza (none given)');
  }

  const { REGISTRY_USERNAME: user, REGISTRY_PASSWORD: pass, REGISTRY_URL: url } = q.env;
  if (user && pass && (!url || normaliseRegistry(url) === registry)) {
    return found({ username: user, password: pass }, 'env', `REGISTRY_USERNAME/REGISTRY_PASSWORD (user "${user}")`);
  }
  tried.push(url && normaliseRegistry(url) !== registry ? `REGISTRY_* env (for ${normaliseRegistry(url)}, not ${registry})` : 'REGISTRY_USERNAME/REGISTRY_PASSWORD (unset)');

  const file = dockerConfigFile(q.env);
  const config = readDockerConfig(file);
  // As docker's getConfiguredCredentialStore: a credHelpers entry (even "") overrides credsStore for its host.
  const perHost = config.credHelpers.has(registry);
  const helper = perHost ? config.credHelpers.get(registry) : config.credsStore;
  if (helper) {
    const where = `${perHost ? `credHelpers["${registry}"]` : 'credsStore'} in ${file}`;
    if (!HELPER_NAME.test(helper)) {
      tried.push(`credential helper ${JSON.stringify(helper).slice(0, 60)} (${where}: not a helper name)`);
    } else {
      const answer = await askHelper(`docker-credential-${helper}`, registry, q);
      if ('auth' in answer) return found(answer.auth, 'docker-config', `docker-credential-${helper} (${where})`);
      tried.push(`docker-credential-${helper} (${where}: ${answer.failure})`);
    }
  }
  const entry = config.auths.get(registry);
  if (entry) {
    const auth = decodeAuthEntry(entry);
    if (auth) return found(auth, 'docker-config', `${file} auths["${registry}"]`);
  }
  tried.push(`${file} (${config.unusable ?? `no auths entry for ${registry}`})`);
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

interface DockerConfig {
  /** Keyed by normalised host, like `credHelpers`. */
  auths: Map<string, AuthEntry>;
  credHelpers: Map<string, string>;
  credsStore?: string;
  /** Why the file could not be used, when it exists (the docker CLI warns about it too). */
  unusable?: string;
}

/** The parts of config.json we read; a missing file is simply no credentials, a broken one says why. */
function readDockerConfig(file: string): DockerConfig {
  type Parsed = { auths?: Record<string, AuthEntry>; credHelpers?: Record<string, unknown>; credsStore?: unknown } | null;
  let parsed: Parsed = null;
  let unusable: string | undefined;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8')) as Parsed;
  } catch (err) {
    // Only the message's kind: V8 quotes the text around a JSON error, and this file holds credentials.
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT') unusable = err instanceof SyntaxError ? 'not valid JSON' : `cannot be read: ${code ?? (err as Error).message}`;
  }
  const byHost = <T>(record: Record<string, T> | undefined) => new Map(Object.entries(record ?? {}).map(([key, v]) => [normaliseRegistry(key), v]));
  const helpers = [...byHost(parsed?.credHelpers)].filter((e): e is [string, string] => typeof e[1] === 'string');
  return {
    auths: byHost(parsed?.auths),
    credHelpers: new Map(helpers),
    credsStore: typeof parsed?.credsStore === 'string' ? parsed.credsStore : undefined,
    unusable,
  };
}

type HelperAnswer = { auth: Omit<AuthConfig, 'serveraddress'> } | { failure: string };

/** `<program> get` as docker's credentials client runs it; failures come back as a printable reason. */
async function askHelper(program: string, registry: string, q: CredentialQuery): Promise<HelperAnswer> {
  const serverURL = registry === DOCKER_HUB ? HUB_SERVER_URL : registry;
  const timeoutMs = q.helperTimeoutMs ?? HELPER_TIMEOUT_MS;
  const timeout = AbortSignal.timeout(timeoutMs);
  let stdout: string;
  try {
    ({ stdout } = await runCommand(program, ['get'], { input: serverURL, env: q.env, stream: 'none', signal: q.signal ? AbortSignal.any([q.signal, timeout]) : timeout }));
  } catch (err) {
    if (q.signal?.aborted) throw CancelledError.from(q.signal);
    // Never the helper's output: whatever it printed may hold a secret.
    if (err instanceof CommandError) return { failure: err.result.stdout.trim() === HELPER_NOT_FOUND ? `no credentials for ${serverURL}` : `failed with exit code ${err.result.code}` };
    if (timeout.aborted) return { failure: `no answer within ${timeoutMs / 1000} s, killed` };
    return { failure: /: command not found$/.test((err as Error).message) ? 'not installed' : 'could not be run' };
  }
  let answer: { Username?: unknown; Secret?: unknown } | null;
  try {
    answer = JSON.parse(stdout) as typeof answer;
  } catch {
    return { failure: 'answered with something other than JSON' };
  }
  const { Username: username, Secret: secret } = answer ?? {};
  if (typeof secret === 'string') q.redactor.add(secret);
  if (typeof username !== 'string' || typeof secret !== 'string' || !secret) return { failure: 'answered without a Username and Secret' };
  // docker's nativeStore: the username `<token>` marks the secret as an identity (refresh) token.
  return { auth: username === '<token>' ? { identitytoken: secret } : { username, password: secret } };
}

function decodeAuthEntry(entry: AuthEntry): Omit<AuthConfig, 'serveraddress'> | null {
  if (entry.identitytoken) return { identitytoken: entry.identitytoken };
  if (entry.username && entry.password) return { username: entry.username, password: entry.password };
  if (!entry.auth) return null;
  const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon > 0 ? { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) } : null;
}
