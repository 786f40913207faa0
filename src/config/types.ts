/** The resolved, validated configuration: what the lifecycle runs from. */
import type { SourcePos } from '../errors.js';
import type { Phase } from '../component/index.js';

export type VariableType = 'string' | 'number' | 'bool' | 'list' | 'map';
export type VariableSource = 'default' | 'env' | 'cs_var_env' | 'var_file' | 'cli';

export interface ResolvedVariable {
  name: string;
  type: VariableType | null;
  value: unknown;
  sensitive: boolean;
  source: VariableSource;
  description: string | null;
}

/** The project-wide `vault {}` block (interface.md §1), interpolated. */
export interface VaultSettings {
  address?: string;
  auth_method?: 'token' | 'approle' | 'jwt';
  mount?: string;
  role_id?: string;
  secret_id?: string;
  role?: string;
  jwt_audience?: string;
  jwt?: string;
  token?: string;
  namespace?: string;
  ca_cert?: string;
  skip_verify?: boolean;
}

export interface Stanza {
  phase: Phase;
  /** Canonical plugin name (aliases resolved). */
  use: string;
  /** The plugin's config after interpolation and its zod schema. */
  config: Record<string, unknown>;
  pos: SourcePos;
}

export interface AppConfig {
  name: string;
  /** Absolute. */
  path: string;
  labels: Record<string, string>;
  build: Stanza;
  registry: Stanza | null;
  deploy: Stanza;
  release: Stanza | null;
  pos: SourcePos;
}

/**
 * A problem only a run that uses its stanza (or the vault block) has: an env() value that is unset where one
 * is needed (a credential of another app, of a skipped push), or a build input that does not exist (yet).
 * `validate` warns; a run that uses the stanza is refused before anything starts.
 */
export interface Pending {
  /** null: the project's vault block. */
  app: string | null;
  phase: Phase | 'vault';
  error: import('../errors.js').ConfigError;
}

export interface ProjectConfig {
  /** Absolute path of the config file. */
  file: string;
  /** Absolute directory of the config file. */
  dir: string;
  project: string;
  vault: VaultSettings | null;
  variables: Record<string, ResolvedVariable>;
  apps: AppConfig[];
  /** None when absent. */
  pending?: Pending[];
  /** Worth saying before any command runs (e.g. `git.short_sha` empty outside a checkout); none when absent. */
  warnings?: import('../errors.js').ConfigError[];
}

/** Everything outside the file that resolution depends on. */
export interface LoadOptions {
  /** `--var name=value` / action input `variables`, highest precedence. */
  vars?: Record<string, string>;
  /** `--var-file` paths (HCL or JSON). */
  varFiles?: string[];
  env?: Readonly<Record<string, string | undefined>>;
  /** The git values, or their reading still under way (it then runs while the file is parsed); read here when absent. */
  git?: import('./git.js').GitInfo | Promise<import('./git.js').GitInfo>;
  /** Sensitive variable values are registered here as soon as they are known. */
  redactor?: import('../secrets/redactor.js').Redactor;
  /** Whose words a fix is given in: the CLI's flags (default) or the action's inputs. */
  surface?: import('./surface.js').Surface;
}
