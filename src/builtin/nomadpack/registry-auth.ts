/**
 * Credentials for a private pack registry. nomad-pack clones registries with git (through
 * go-getter), so the token goes to git as an HTTP header through GIT_CONFIG_* environment variables
 * (git ≥ 2.31), scoped to the registry's origin. It never appears in argv — which `ps` and our debug
 * log show — nor in the URL, where the Go orchestrator spliced and then logged it.
 */
import { UserError } from '../../errors.js';
import type { Redactor } from '../../secrets/redactor.js';

/** GitHub, and most forges, accept a token as the password of any user; this name is GitHub's convention. */
const TOKEN_USER = 'x-access-token';

export function registryAuthEnv(
  source: string,
  token: string,
  env: Readonly<Record<string, string | undefined>>,
  redactor: Redactor,
): Record<string, string> {
  const basic = Buffer.from(`${TOKEN_USER}:${token}`).toString('base64');
  // The encoded forms are as secret as the token: git's trace output could print them.
  redactor.add(token);
  redactor.add(basic);
  const base = Number(env.GIT_CONFIG_COUNT ?? 0) || 0;
  return {
    GIT_CONFIG_COUNT: String(base + 1),
    [`GIT_CONFIG_KEY_${base}`]: `http.${registryOrigin(source)}/.extraheader`,
    [`GIT_CONFIG_VALUE_${base}`]: `Authorization: Basic ${basic}`,
    // A rejected token must fail the step, not hang it on a credential prompt.
    GIT_TERMINAL_PROMPT: '0',
  };
}

/** `https://github.com` for `github.com/org/packs`, `git::https://…`, or `https://…/packs.git`. */
export function registryOrigin(source: string): string {
  const bare = source.replace(/^git::/, '').replace(/\?.*$/, '');
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(bare) ? bare : `https://${bare}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new UserError(`registry_source "${source}" is not a URL a token can be sent to`, 'use an https:// source with registry_token');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new UserError(`registry_token needs an http(s) registry_source, not ${url.protocol}`, 'ssh sources authenticate with ssh keys instead');
  }
  return url.origin;
}
