/** The `cs` command line: parse flags, run one command, print the result, exit with its code. */
import { readFile, stat, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { UserError, errorMessage } from '../errors.js';
import { SinkLogger, type LogLevel } from '../log/logger.js';
import { Redactor } from '../secrets/redactor.js';
import { registerEnvSecrets } from '../secrets/known.js';
import { executeCommand, exitCodeFor } from '../lifecycle/command.js';
import { artifactsOf, parseArtifacts, refusedResult, type RunResult } from '../lifecycle/result.js';
import { reportRows, textTable } from '../lifecycle/report.js';
import { SIGNAL_EXIT_CODES, trapSignals } from '../lifecycle/signals.js';
import { HELP, parseCliArgs, type CliArgs } from './args.js';
import { initProject } from './init.js';
import { VERSION } from '../version.js';

export interface CliIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
}

const processIO: CliIO = {
  stdout: (t) => void process.stdout.write(t),
  stderr: (t) => void process.stderr.write(t),
  env: process.env,
  cwd: process.cwd(),
};

const LEVEL_TAGS: Record<LogLevel, string> = { debug: 'debug: ', info: '', warn: 'warning: ', error: 'error: ' };

export async function main(argv: readonly string[], io: CliIO = processIO): Promise<number> {
  const redactor = new Redactor();
  // Credentials in the environment are secrets before anything, argument errors included, can print them.
  registerEnvSecrets(io.env, redactor);
  const say = (text: string) => io.stderr(redactor.redact(text) + '\n');
  let args: CliArgs;
  try {
    args = parseCliArgs(argv, io.env);
  } catch (err) {
    const message = errorMessage(err);
    say(`error: ${message}`);
    // A script reading --json gets the refused result, as for any other refusal.
    if (argv.includes('--json')) io.stdout(`${JSON.stringify(refusedResult(argv.find((a) => !a.startsWith('-')), redactor.redact(message)), null, 2)}\n`);
    return 1;
  }
  if (args.command === 'help') return io.stdout(HELP), 0;
  if (args.command === 'version') return io.stdout(`cs ${VERSION}\n`), 0;

  const log = new SinkLogger(
    { write: (level, line, pos) => io.stderr(`${pos ? `${pos.file}:${pos.line}:${pos.col}: ` : ''}${LEVEL_TAGS[level]}${line}\n`) },
    redactor,
    args.logLevel,
  );

  if (args.command === 'init') {
    // --json: what was written, for a script that sets up many repositories; or why nothing was.
    const printJson = (result: object) => args.json && io.stdout(`${redactor.redact(JSON.stringify({ command: 'init', ...result }, null, 2))}\n`);
    try {
      const { files, builder } = await initProject(io.cwd, args.config, args.force);
      log.info(`wrote ${files.join(' and ')} (builder: ${builder})`);
      log.info('next: `cs validate`, then `cs up`');
      printJson({ ok: true, files, builder, error: null });
      return 0;
    } catch (err) {
      log.error(errorMessage(err));
      printJson({ ok: false, files: [], builder: null, error: { message: errorMessage(err) } });
      return 1;
    }
  }

  const signals = trapSignals();
  try {
    if (args.output) await checkWritable(resolve(io.cwd, args.output), args.output);
    const artifacts = args.artifacts ? parseArtifacts(await readArtifactsFile(resolve(io.cwd, args.artifacts)), args.artifacts) : undefined;
    const result = await executeCommand({
      command: args.command,
      configFile: args.config && resolve(io.cwd, args.config), // '' stays '': loadConfig says the path is empty
      vars: args.vars,
      varFiles: args.varFiles.map((f) => resolve(io.cwd, f)),
      apps: args.apps,
      concurrency: args.concurrency,
      push: args.push,
      release: args.release,
      artifacts,
      image: args.image,
      log,
      redactor,
      signal: signals.signal,
      env: io.env,
      // `cs` in a workflow step is in GitHub Actions too: the OIDC token for Vault's jwt login, the build cache.
      inGitHubActions: io.env.GITHUB_ACTIONS === 'true',
    });
    if (args.output) await writeFile(resolve(io.cwd, args.output), JSON.stringify(artifactsOf(result), null, 2) + '\n');
    printResult(io, args, result, redactor);
    // A signal that came once every app was done cancelled nothing: the exit code says how the run went.
    const stopped = result.ok ? null : signals.received();
    return stopped ? SIGNAL_EXIT_CODES[stopped] : exitCodeFor(result);
  } catch (err) {
    // Config errors carry their own file:line:col; other user errors are one line; bugs keep a stack at debug.
    log.error(errorMessage(err));
    if (!(err instanceof UserError) && err instanceof Error) log.debug(err.stack ?? '');
    if (args.json) {
      const message = redactor.redact(errorMessage(err));
      io.stdout(JSON.stringify(refusedResult(args.command, message), null, 2) + '\n');
    }
    const stopped = signals.received();
    return stopped ? SIGNAL_EXIT_CODES[stopped] : 1;
  } finally {
    signals.dispose();
  }
}

/** `--output` is checked before the run, so a typo does not cost a build and push whose record is then lost. */
async function checkWritable(path: string, given: string): Promise<void> {
  const [dir, target] = await Promise.all([stat(dirname(path)).catch(() => null), stat(path).catch(() => null)]);
  if (!dir?.isDirectory()) throw new UserError(`cannot write --output ${given}: ${dirname(path)} is not a directory`, 'create the directory first, or write the file elsewhere');
  if (target?.isDirectory()) throw new UserError(`cannot write --output ${given}: it is a directory`, 'name a file, e.g. --output artifacts.json');
}

async function readArtifactsFile(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    throw new UserError(`cannot read artifacts file ${path}`, 'pass the file `cs build --output FILE` wrote');
  }
}

function printResult(io: CliIO, args: CliArgs, result: RunResult, redactor: Redactor): void {
  if (args.json) return io.stdout(redactor.redact(JSON.stringify(result, null, 2)) + '\n');
  if (args.command === 'validate') return;
  io.stdout(redactor.redact(textTable(reportRows(result))) + '\n');
  for (const [name, app] of Object.entries(result.apps)) {
    if (app.plan?.diff) io.stdout(`\n${name}:\n${redactor.redact(app.plan.diff)}\n`);
  }
}

/** The `cs` process: run, then exit even if an idle keep-alive socket would hold the process open. */
export async function runCli(): Promise<void> {
  const code = await main(process.argv.slice(2));
  process.exitCode = code;
  setTimeout(() => process.exit(code), 500).unref();
}
