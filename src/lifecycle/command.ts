/**
 * One command from start to result, shared by the CLI and the action: load the config once, run the
 * lifecycle, and map the outcome to an exit code (interface.md §2).
 */
import { dirname, resolve } from 'node:path';
import { readGitInfo } from '../config/git.js';
import { loadConfig } from '../config/index.js';
import { registerEnvSecrets } from '../secrets/known.js';
import { runLifecycle, selectApps, type RunRequest } from './executor.js';
import { emptyAppResult, type RunResult } from './result.js';

/** A run request before its config is loaded: the file and the variable sources instead. */
export interface CommandRequest extends Omit<RunRequest, 'config'> {
  configFile: string;
  vars?: Record<string, string>;
  varFiles?: string[];
}

/** Throws ConfigErrors for a bad config (nothing has run); otherwise returns the result, failed apps included. */
export async function executeCommand(req: CommandRequest): Promise<RunResult> {
  registerEnvSecrets(req.env, req.redactor);
  // Read once: the config's git.* values and the lifecycle's labels and tags must agree. git runs while the file is parsed.
  const reading = req.git ?? readGitInfo(dirname(resolve(req.configFile)), req.env);
  const config = await loadConfig(req.configFile, { vars: req.vars, varFiles: req.varFiles, env: req.env, redactor: req.redactor, git: reading, surface: req.surface });
  if (req.command === 'validate') {
    const apps = selectApps(config, req.apps);
    const result: RunResult = { project: config.project, command: 'validate', ok: true, apps: {} };
    for (const app of apps) result.apps[app.name] = { ...emptyAppResult(), ok: true };
    req.log.info(`${config.file}: valid (${apps.length} app${apps.length === 1 ? '' : 's'}: ${apps.map((a) => a.name).join(', ')})`);
    return result;
  }
  return runLifecycle({ ...req, config, git: await reading });
}

/** 0 ok, 1 failure; `plan` says 2 when something would change (like `terraform plan -detailed-exitcode`). */
export function exitCodeFor(result: RunResult): number {
  if (!result.ok) return 1;
  if (result.command === 'plan' && Object.values(result.apps).some((a) => a.plan?.changes)) return 2;
  return 0;
}
