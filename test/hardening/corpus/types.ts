/**
 * One hostile or malformed input and what users must see for it. Text may hold tokens the runner
 * fills per run: `@P@` the project name, `@R@` the test registry, `@M@` a marker file that must never
 * appear (shell injection). Everything lands in a fresh workspace directory.
 */
export type CaseClass =
  | 'config: syntax'
  | 'config: types'
  | 'config: unknown names'
  | 'config: missing'
  | 'config: duplicates'
  | 'config: names'
  | 'config: variables'
  | 'config: size and nesting'
  | 'config: encoding'
  | 'config: look-alikes'
  | 'config: workspace escape'
  | 'config: image references'
  | 'variable values'
  | 'var files'
  | 'cli flags'
  | 'artifacts'
  | 'action inputs';

export interface Case {
  name: string;
  class: CaseClass;
  /** Workspace files (relative paths); the config is `cloudstation.hcl` unless argv says otherwise. */
  files: Record<string, string | Buffer>;
  /** Symlinks to create: workspace path → target (tokens allowed). */
  links?: Record<string, string>;
  /** CLI argv (default `up`); ignored for action cases. */
  argv?: string[];
  /** Extra environment for the run. */
  env?: Record<string, string>;
  /** Action inputs: the case runs through the committed action bundle. */
  inputs?: Record<string, string>;
  /** Also run through the committed CLI bundle (a sample; the rest call main() in-process). */
  bundle?: boolean;
  /** The message users must see (once). */
  message: string | RegExp;
  /** `file:line:col` relative to the workspace, where the problem has a place in a file. */
  at?: string;
  /** The run starts and the app fails before touching anything: its row is in the result table on stdout. */
  failsInRun?: boolean;
  /** Exit code (default 1). */
  code?: number;
}

export const DOCKERFILE = 'FROM @BASE@\nCMD ["sleep", "300"]\n';

/** A valid app whose build, push and deploy all use docker, so any slip would show on the engine. */
export const BUILD = ['  build {', '    use   = "docker"', '    image = "@R@/@P@/web"', '    tag   = "t1"', '  }'];
export const REGISTRY = ['  registry {', '    use   = "docker"', '    image = "@R@/@P@/web"', '    tag   = "t1"', '  }'];
export const DEPLOY = ['  deploy {', '    use = "docker"', '  }'];

export function hcl(...lines: string[]): string {
  return `${lines.join('\n')}\n`;
}

/** `project = "@P@"` + one app "web" with the given stanzas (default: the docker build/registry/deploy). */
export function project(...appLines: string[]): string {
  return hcl('project = "@P@"', 'app "web" {', ...(appLines.length ? appLines : [...BUILD, ...REGISTRY, ...DEPLOY]), '}');
}

/** The valid docker config with one line replaced (`line` is 1-based in the file `project()` writes). */
export function withLine(line: number, text: string): string {
  const lines = project().split('\n');
  lines[line - 1] = text;
  return lines.join('\n');
}

/** The valid config plus a Dockerfile; `extra` files override or add. */
export function workspace(config: string | Buffer, extra: Record<string, string | Buffer> = {}): Record<string, string | Buffer> {
  return { 'cloudstation.hcl': config, Dockerfile: DOCKERFILE, ...extra };
}
