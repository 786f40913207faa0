/** The action's inputs (action.yml), typed and checked once (the build-push-action `getInputs()` shape). */
import * as core from '@actions/core';
import { UserError } from '../errors.js';
import { MIN_SECRET_LENGTH, type Redactor } from '../secrets/redactor.js';
import { COMMANDS, type Command } from '../lifecycle/result.js';
import { checkImageReference, parseConcurrency, parseVarAssignments } from '../cli/args.js';

export interface Inputs {
  command: Command;
  config: string;
  apps: string[];
  workingDirectory: string;
  variables: Record<string, string>;
  artifacts: string;
  image: string;
  concurrency: number | undefined;
  vaultToken: string;
  registryUsername: string;
  registryPassword: string;
  nomadToken: string;
  summary: boolean;
}

/** The commands that take a deploy source (inputs `image`, `artifacts`), as for the CLI's --image/--artifacts. */
const DEPLOY_SOURCE_COMMANDS: readonly string[] = ['deploy', 'plan'];

/** Credential inputs: secrets before anything else reads any input (the redactor masks them in the log too). */
const SECRET_INPUTS = ['vault-token', 'registry-password', 'nomad-token'] as const;

export function registerSecretInputs(redactor: Redactor): void {
  for (const name of SECRET_INPUTS) redactor.add(core.getInput(name, { trimWhitespace: false }));
}

export function getInputs(): Inputs {
  const command = commandInput();
  if (!(COMMANDS as readonly string[]).includes(command)) {
    throw new UserError(`input "command" must be one of ${COMMANDS.join(', ')}, not "${command}"`);
  }
  const summary = core.getInput('summary') || 'true';
  if (!['true', 'false'].includes(summary.toLowerCase())) throw new UserError(`input "summary" must be true or false, not "${summary}"`);
  const concurrency = core.getInput('concurrency');
  const image = core.getInput('image');
  const artifacts = core.getInput('artifacts');
  // As the CLI refuses --image/--artifacts elsewhere (cli/args.ts): other commands would silently ignore them.
  for (const [name, value] of [['image', image], ['artifacts', artifacts]] as const) {
    if (value && !DEPLOY_SOURCE_COMMANDS.includes(command)) {
      throw new UserError(`input "${name}" does not apply to command "${command}"`, `it works with command: ${DEPLOY_SOURCE_COMMANDS.join(', ')}; remove it, or set command to one of those`);
    }
  }
  if (image && artifacts) throw new UserError('inputs "artifacts" and "image" both say what to deploy', 'set one of them');
  if (image) checkImageReference(image, 'input "image"');
  const app = core.getInput('app');
  const apps = splitList(app);
  // Only an empty input means every app (as leaving --app out does): `app: " , "` or a list whose every line
  // is commented out names none, and must not turn into "all of them" (command: destroy!).
  if (app && apps.length === 0) throw new UserError('input "app" names no app', 'list app names separated by commas or newlines, or leave app empty for every app');
  return {
    command: command as Command,
    config: core.getInput('config') || 'cloudstation.hcl',
    apps,
    workingDirectory: core.getInput('working-directory'),
    variables: variablesInput(core.getInput('variables', { trimWhitespace: false })),
    artifacts,
    image,
    concurrency: concurrency ? parseConcurrency(concurrency, 'input "concurrency"') : undefined,
    vaultToken: core.getInput('vault-token'),
    registryUsername: core.getInput('registry-username'),
    registryPassword: core.getInput('registry-password'),
    nomadToken: core.getInput('nomad-token'),
    summary: summary.toLowerCase() === 'true',
  };
}

/** The `command` input as given, `up` when empty (read unchecked by the error path too). */
export function commandInput(): string {
  return core.getInput('command') || 'up';
}

/**
 * The lines of a list input that say something: blank lines and `#` comments dropped, as peer actions do.
 * Only the indentation and a CRLF's `\r` are cut: the end of a line may be a variable's value, kept as written.
 */
function inputLines(text: string): { text: string; line: number }[] {
  return text
    .split('\n')
    .map((l, i) => ({ text: l.replace(/\r$/, '').trimStart(), line: i + 1 }))
    .filter((l) => l.text.trim() && !l.text.startsWith('#'));
}

/** App names, comma or newline separated. */
export function splitList(text: string): string[] {
  return inputLines(text).flatMap((l) => l.text.split(',').map((s) => s.trim()).filter(Boolean));
}

/**
 * `name=value` per line, parsed as the CLI's `--var`: the value is everything after the first `=`, spaces
 * included. A refused entry is named by its line in the input, as the user wrote it.
 */
function variablesInput(text: string): Record<string, string> {
  const lines = inputLines(text);
  return parseVarAssignments(lines.map((l) => l.text), 'variables input', (i) => `line ${lines[i]!.line}`);
}

/**
 * Masks a secret and each of its lines (the runner matches line by line), except lines too short to be
 * anything but syntax (`{`, `}`): masking those would blank every brace in the log.
 */
export function maskLines(value: string): void {
  if (!value.trim()) return;
  core.setSecret(value);
  for (const line of new Set(value.split(/\r?\n/))) if (line !== value && line.trim().length >= MIN_SECRET_LENGTH) core.setSecret(line);
}

/** Credential inputs fill the variables plugins and `env("…")` already read. */
export function credentialEnv(inputs: Inputs): Record<string, string> {
  const env: Record<string, string> = {};
  if (inputs.vaultToken) env.VAULT_TOKEN = inputs.vaultToken;
  if (inputs.registryUsername) env.REGISTRY_USERNAME = inputs.registryUsername;
  if (inputs.registryPassword) env.REGISTRY_PASSWORD = inputs.registryPassword;
  if (inputs.nomadToken) env.NOMAD_TOKEN = inputs.nomadToken;
  return env;
}
