/**
 * Secrets handed to a CLI by name (`--build-arg NAME`, nixpacks `--env NAME`) travel in its environment, never
 * its argv. A name the CLI itself reads (its PATH, proxies, TLS and docker settings) would change how it runs.
 */
import { UserError } from '../errors.js';

const TOOL_ENV = /^(PATH|HOME|TMPDIR|LD_\w+|SSL_CERT_(FILE|DIR)|NODE_OPTIONS|GODEBUG|DOCKER_\w+|BUILDX_\w+|BUILDKIT_\w+|NIXPACKS_\w+|HTTPS?_PROXY|NO_PROXY)$/i;

/** Refuses a secret passed by name under a name `tool` reads itself; `what` says which setting holds it. */
export function refuseToolVariables(names: readonly string[], tool: string, what: string): void {
  const clash = names.find((name) => TOOL_ENV.test(name));
  if (clash) throw new UserError(`${what} ${clash} holds a sensitive value, and ${tool} reads a variable of that name itself`, `rename ${clash}`);
}
