/**
 * The execution context each phase receives (seed: internal/lifecycle/context.go): who we are, where
 * the sources are, how to log, what to hide, and when to stop.
 */
import type { Logger } from '../log/logger.js';
import type { Redactor } from '../secrets/redactor.js';
import type { GitInfo } from '../config/git.js';
import type { VaultSettings } from '../config/types.js';

export interface AppContext {
  project: string;
  app: string;
  /** Absolute directory holding cloudstation.hcl; relative paths in the config resolve against it. */
  workspace: string;
  /** Absolute app `path`: build context and dockerfile resolve against it. */
  appPath: string;
  /** App labels merged with `cs.project` / `cs.app`. */
  labels: Record<string, string>;
  git: GitInfo;
  /** Project-wide `vault {}` block, already interpolated, or null. */
  vault: VaultSettings | null;
  log: Logger;
  redactor: Redactor;
  /** Aborted on SIGINT/SIGTERM: every child process and wait loop must honour it. */
  signal: AbortSignal;
  /** Environment plugins read (process.env plus credential inputs); never logged. */
  env: Readonly<Record<string, string | undefined>>;
  /** True inside GitHub Actions (cache, OIDC, annotations). */
  inGitHubActions: boolean;
}
