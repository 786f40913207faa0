/** `cs` argv → a typed request (pure: tested with tables). */
import { parseArgs } from 'node:util';
import { UserError } from '../errors.js';
import { LOG_LEVELS, type LogLevel } from '../log/logger.js';
import { COMMANDS, type Command } from '../lifecycle/result.js';
import { closest as suggest } from '../config/suggest.js';
import { REFERENCE_PATTERN } from '../docker/reference.js';

export type CliCommand = Command | 'init';
export const CLI_COMMANDS: readonly CliCommand[] = ['init', ...COMMANDS];

export interface CliArgs {
  command: CliCommand | 'help' | 'version';
  config: string;
  vars: Record<string, string>;
  varFiles: string[];
  apps: string[];
  json: boolean;
  logLevel: LogLevel;
  concurrency: number | undefined;
  force: boolean;
  push: boolean;
  release: boolean;
  output: string | undefined;
  artifacts: string | undefined;
  image: string | undefined;
}

const OPTIONS = {
  config: { type: 'string', short: 'c' },
  var: { type: 'string', multiple: true },
  'var-file': { type: 'string', multiple: true },
  app: { type: 'string', multiple: true },
  json: { type: 'boolean' },
  'log-level': { type: 'string' },
  concurrency: { type: 'string' },
  force: { type: 'boolean' },
  'no-push': { type: 'boolean' },
  output: { type: 'string', short: 'o' },
  artifacts: { type: 'string' },
  image: { type: 'string' },
  'no-release': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
} as const;

/** Flags that only make sense with some commands; elsewhere they are errors, not silently ignored. */
const COMMAND_FLAGS: Partial<Record<keyof typeof OPTIONS, readonly CliCommand[]>> = {
  force: ['init'],
  'no-push': ['build', 'up'],
  output: ['build', 'up'],
  artifacts: ['deploy', 'plan'],
  image: ['deploy', 'plan'],
  'no-release': ['deploy', 'up'],
};

export function parseCliArgs(argv: readonly string[], env: Readonly<Record<string, string | undefined>> = {}): CliArgs {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (err) {
    const msg = (err as Error).message.replace(/\. To specify a positional argument.*$/s, '');
    const flag = /'(--?[\w-]+)'/.exec(msg)?.[1];
    const near = flag?.startsWith('--') ? suggest(flag.slice(2), Object.keys(OPTIONS)) : undefined;
    throw new UserError(msg, near ? `did you mean "--${near}"?` : 'run `cs --help` for the flags');
  }
  const { values: v, positionals } = parsed;
  const word = positionals[0];
  // First: `--var key value` (a forgotten "=") leaves the value as a stray word, which must not be quoted.
  const vars = parseVarAssignments(v.var ?? [], '--var');
  if (positionals.length > 1) throw strayArgument(argv, positionals[1]!);

  let command: CliArgs['command'];
  if (v.version) command = 'version';
  else if (v.help || !word || word === 'help') command = 'help';
  else if ((CLI_COMMANDS as readonly string[]).includes(word)) command = word as CliCommand;
  else {
    const near = suggest(word, CLI_COMMANDS);
    throw new UserError(`unknown command "${word}"`, near ? `did you mean "cs ${near}"?` : `commands: ${CLI_COMMANDS.join(', ')}`);
  }

  if (command !== 'help' && command !== 'version') {
    for (const [flag, allowed] of Object.entries(COMMAND_FLAGS)) {
      if (v[flag as keyof typeof v] !== undefined && !allowed.includes(command)) {
        throw new UserError(`--${flag} does not apply to "cs ${command}"`, `it works with: ${allowed.map((c) => `cs ${c}`).join(', ')}`);
      }
    }
  }
  if (v.artifacts && v.image) throw new UserError('--artifacts and --image both say what to deploy', 'pass one of them');
  if (v.image !== undefined) checkImageReference(v.image, '--image');

  // `--app "$APP"` with APP unset must not mean every app (destroy!): only leaving --app out does.
  const apps = (v.app ?? []).flatMap((a) => a.split(',')).map((a) => a.trim()).filter(Boolean);
  if (v.app !== undefined && apps.length === 0) throw new UserError('--app names no app', 'pass app names (--app web,api), or leave --app out to run every app');

  // An empty variable counts as unset, as CI systems export unset inputs as "".
  const logLevel = (v['log-level'] ?? (env.CS_LOG_LEVEL || 'info')) as LogLevel;
  if (!LOG_LEVELS.includes(logLevel)) throw new UserError(`${v['log-level'] === undefined ? 'CS_LOG_LEVEL' : '--log-level'} must be one of ${LOG_LEVELS.join(', ')}, not "${logLevel}"`);

  return {
    command,
    config: v.config ?? (env.CS_CONFIG || 'cloudstation.hcl'),
    vars,
    varFiles: v['var-file'] ?? [],
    apps,
    json: v.json ?? false,
    logLevel,
    concurrency: v.concurrency === undefined ? undefined : parseConcurrency(v.concurrency),
    force: v.force ?? false,
    push: !v['no-push'],
    release: !v['no-release'],
    output: v.output,
    artifacts: v.artifacts,
    image: v.image,
  };
}

/** `name=value` pairs (CLI `--var`, action `variables`); the value may itself contain `=`. */
export function parseVarAssignments(items: readonly string[], source: string, which = (i: number) => `number ${i + 1}`): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [i, item] of items.entries()) {
    const eq = item.indexOf('=');
    const name = item.slice(0, eq);
    if (eq < 0 || !/^[A-Za-z_][A-Za-z0-9_-]*$/.test(name)) {
      // Not quoted: a value given without its name, or a line of a multi-line one, may be a secret.
      throw new UserError(`${source} ${which(i)} is not name=value`, 'write each as name=value, e.g. tag=1.4; a name starts with a letter or "_" (the entry is not shown, as it may hold a secret)');
    }
    out[name] = item.slice(eq + 1);
  }
  return out;
}

/** A deploy image as users give it (`--image`, action input `image`), checked before anything runs. */
export function checkImageReference(ref: string, source: string): void {
  if (!REFERENCE_PATTERN.test(ref)) {
    // `https://user:password@host/…` is no reference, and its credentials are not shown.
    const shown = ref.replace(/^([a-z][a-z0-9+.-]*:\/\/)?[^/@]*:[^/@]*@/i, '$1***@');
    throw new UserError(`${source} ${JSON.stringify(shown)} is not a valid image reference`, 'write [host[:port]/]name[:tag][@sha256:…] in lowercase, e.g. ghcr.io/acme/web:1.4');
  }
}

/**
 * A word no flag takes. After `--var name=` it is the rest of a value that held a space (`--var pw= s3cret`):
 * not quoted back, as it may be a secret.
 */
function strayArgument(argv: readonly string[], word: string): UserError {
  const before = argv[argv.indexOf(word) - 1] ?? '';
  const name = /^(?:--var=)?([A-Za-z_][\w-]*)=$/.exec(before)?.[1];
  if (name && (before.startsWith('--var=') || argv[argv.indexOf(word) - 2] === '--var')) {
    return new UserError(`--var ${name}= is followed by a word no flag takes (not shown, as it may be part of a value)`, `a value with spaces needs quotes: --var "${name}=… …"`);
  }
  return new UserError(`unexpected argument "${word}"`, 'pass app names with --app NAME');
}

/** `source` names where the value came from (`--concurrency`, `input "concurrency"`). */
export function parseConcurrency(text: string, source = '--concurrency'): number {
  const n = /^\s*\d+\s*$/.test(text) ? Number(text) : NaN;
  if (!(n >= 1 && n <= 64)) throw new UserError(`${source} must be a whole number from 1 to 64, not "${text}"`);
  return n;
}

export const HELP = `cs — CloudStation Orchestrator: build, push, deploy and release from cloudstation.hcl

Usage: cs <command> [flags]

Commands:
  init        write a starter cloudstation.hcl and .github/workflows/deploy.yml   [--force]
  validate    parse and validate the config; touches nothing
  build       build (and push when a registry stanza exists)   [--no-push] [--output FILE]
  deploy      deploy a previous build or an image              [--artifacts FILE | --image REF] [--no-release]
  up          build → registry → deploy → release              [--no-push] [--no-release] [--output FILE]
  plan        what deploy would change; exit 0 none, 2 changes, 1 error   [--artifacts FILE | --image REF]
  destroy     remove each app's deployment
  status      current deployment state per app

Flags:
  -c, --config FILE      config file (env CS_CONFIG; default cloudstation.hcl)
      --var NAME=VALUE   set a variable (repeatable; highest precedence)
      --var-file FILE    variables from an HCL or JSON file (repeatable)
      --app NAME         only this app (repeatable or comma separated; default every app)
      --json             print the result object on stdout; logs go to stderr
      --log-level LEVEL  debug | info | warn | error (env CS_LOG_LEVEL; default info)
      --concurrency N    apps run at once (default 4)
  -h, --help             this help
  -v, --version          print the version

Exit codes: 0 ok, 1 failed (plan: 2 = changes), 130 on SIGINT, 143 on SIGTERM.
`;
