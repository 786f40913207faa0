/** The GitHub Action: inputs → one command → outputs (set before failing), summary, annotations. */
import * as core from '@actions/core';
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { ConfigErrors, ConfigError, UserError, errorMessage } from '../errors.js';
import { SinkLogger } from '../log/logger.js';
import { Redactor } from '../secrets/redactor.js';
import { executeCommand, exitCodeFor } from '../lifecycle/command.js';
import { parseArtifacts, refusedResult, type RefusedResult, type RunResult } from '../lifecycle/result.js';
import { SIGNAL_EXIT_CODES, trapSignals } from '../lifecycle/signals.js';
import { onExit } from '../lifecycle/on-exit.js';
import { commandInput, credentialEnv, getInputs, maskLines, registerSecretInputs } from './inputs.js';
import { registerEnvSecrets } from '../secrets/known.js';
import { outputsOf } from './outputs.js';
import { writeRefusedSummary, writeSummary } from './summary.js';
import { ActionSink, annotation } from './log-sink.js';

export async function run(): Promise<void> {
  const redactor = new Redactor();
  // Every value the redactor learns (sensitive variables, credentials, Vault secrets) is masked by the runner too.
  redactor.onSecret((value) => maskLines(value));
  const signals = trapSignals();
  // Set once the command returned: an error before then refused the run, and its summary says why.
  let ran = false;
  let allDone = false;
  try {
    registerSecretInputs(redactor);
    registerEnvSecrets(process.env, redactor);
    const inputs = getInputs();
    const workspace = process.env.GITHUB_WORKSPACE ?? process.cwd();
    const cwd = workingDirectory(workspace, inputs.workingDirectory);
    const env = { ...process.env, ...credentialEnv(inputs) };
    const log = new SinkLogger(new ActionSink(workspace), redactor, core.isDebug() ? 'debug' : 'info');

    // A second signal exits at once, skipping the orderly end: the apps finished by then still get their outputs.
    let sofar: RunResult | null = null;
    const forget = onExit(() => sofar && setOutputs(sofar, redactor));
    const result = await executeCommand({
      command: inputs.command,
      configFile: resolve(cwd, inputs.config),
      vars: inputs.variables,
      apps: inputs.apps,
      concurrency: inputs.concurrency,
      artifacts: inputs.artifacts ? parseArtifacts(inputs.artifacts, 'input "artifacts"') : undefined,
      image: inputs.image || undefined,
      log,
      redactor,
      signal: signals.signal,
      env,
      inGitHubActions: process.env.GITHUB_ACTIONS === 'true',
      surface: 'action',
      onAppDone: (_app, _result, now) => void (sofar = now),
    });
    ran = true;
    forget();
    setOutputs(result, redactor);
    if (inputs.summary) await writeSummary(result, redactor);
    // A signal that came once every app was done cancelled nothing: the step's result says how the run went.
    allDone = result.ok;
    const stopped = signals.received();
    if (stopped && !allDone) return core.setFailed(`cancelled by ${stopped}`);
    // Each failed app was already reported as an error annotation where it failed: the step fails without a second copy.
    if (exitCodeFor(result) === 1) process.exitCode = core.ExitCode.Failure;
  } catch (err) {
    const refused = reportError(err, redactor);
    // As for a run that happened (input `summary`, read unchecked: the refusal may be of the inputs themselves).
    if (!ran && core.getInput('summary').toLowerCase() !== 'false') await writeRefusedSummary(refused, redactor);
  } finally {
    signals.dispose();
    // Like the CLI (and a shell): a run stopped by a signal exits 128 + its number, not 1.
    const stopped = signals.received();
    if (stopped && !allDone) process.exitCode = SIGNAL_EXIT_CODES[stopped];
  }
}

/**
 * The directory the run resolves against: the workspace, or input `working-directory` under it. A missing one
 * is named as the input here, where it would otherwise surface as "config file not found" inside it.
 */
function workingDirectory(workspace: string, input: string): string {
  const dir = resolve(workspace, input || '.');
  if (!input) return dir;
  const where = 'the path is relative to the workspace (GITHUB_WORKSPACE); check the checkout step';
  let isDirectory: boolean;
  try {
    isDirectory = statSync(dir).isDirectory();
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' || code === 'ENOTDIR' ? 'does not exist' : `cannot be read (${code ?? errorMessage(err)})`;
    throw new UserError(`input "working-directory": ${dir} ${why}`, where);
  }
  if (!isDirectory) throw new UserError(`input "working-directory": ${dir} is not a directory`, `${where}; name the directory, and the config file with input "config"`);
  return dir;
}

/** Redacted value by value before serialising: redacting JSON text could cut through it (a secret `true`). */
function setOutputs(result: RunResult, redactor: Redactor): void {
  for (const [name, value] of Object.entries(outputsOf(redactor.redactValue(result)))) core.setOutput(name, value);
}

/**
 * Config errors become annotations on their line; other user errors one message; bugs keep their stack in debug.
 * Returns the refusal `result` says, for the job summary.
 */
function reportError(err: unknown, redactor: Redactor): RefusedResult {
  const errors = err instanceof ConfigErrors ? err.errors : err instanceof ConfigError ? [err] : [];
  const workspace = process.env.GITHUB_WORKSPACE ?? process.cwd();
  for (const e of errors) {
    const pos = e.pos;
    const { line, props } = annotation(redactor.redact(`${e.message}${e.hint ? ` (${e.hint})` : ''}`), pos, workspace);
    core.error(line, { title: 'cloudstation config', ...props });
  }
  if (!(err instanceof UserError) && err instanceof Error) core.debug(redactor.redact(err.stack ?? ''));
  const message = redactor.redact(errorMessage(err));
  const refused = refusedResult(commandInput(), message);
  // Set before failing, as for a failed run: a later `if: failure()` step can read why. An unwritable output
  // file must not turn this report into a crash.
  try {
    core.setOutput('result', JSON.stringify(refused));
  } catch (outputErr) {
    core.warning(`output "result" not set: ${redactor.redact(errorMessage(outputErr))}`);
  }
  // Config errors are annotated on their lines above; anything else is reported once, here.
  if (errors.length) process.exitCode = core.ExitCode.Failure;
  else core.setFailed(message);
  return refused;
}
