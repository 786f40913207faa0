/**
 * One command from start to result, shared by the CLI and the action: load the config once, run the
 * lifecycle, and map the outcome to an exit code (interface.md §2).
 */
import { dirname, resolve } from 'node:path';
import { readGitInfo } from '../config/git.js';
import { loadConfig } from '../config/index.js';
import { registerEnvSecrets } from '../secrets/known.js';
import { phasesRun, runLifecycle, selectApps, type RunRequest } from './executor.js';
import type { Phase } from '../component/index.js';
import type { ProjectConfig, Pending } from '../config/types.js';
import { ConfigErrors, type ConfigError } from '../errors.js';
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
  const reading = req.git ?? readGitInfo(dirname(resolve(req.configFile)), req.env, req.signal);
  const config = await loadConfig(req.configFile, { vars: req.vars, varFiles: req.varFiles, env: req.env, redactor: req.redactor, git: reading, surface: req.surface });
  const apps = selectApps(config, req.apps);
  // A config problem said as a warning, on its line (an annotation in the action).
  const warn = (e: ConfigError, more = '') => req.log.warn(`${e.message}${more}${e.hint ? `\n  hint: ${e.hint}` : ''}`, e.pos);
  for (const w of config.warnings ?? []) warn(w);
  const selected = new Set(apps.map((a) => a.name));
  const pending = pendingFor(config, selected, req);
  if (pending.length) throw new ConfigErrors(pending.map((p) => p.error));
  if (req.command === 'validate') {
    for (const { app, error } of config.pending ?? []) if (app === null || selected.has(app)) warn(error, '; a run that needs it is refused');
    const result: RunResult = { project: config.project, command: 'validate', ok: true, apps: {} };
    for (const app of apps) result.apps[app.name] = { ...emptyAppResult(), ok: true };
    req.log.info(`${config.file}: valid (${apps.length} app${apps.length === 1 ? '' : 's'}: ${apps.map((a) => a.name).join(', ')})`);
    return result;
  }
  return runLifecycle({ ...req, config, git: await reading });
}

/**
 * The pending problems of this run: those of the selected apps' stanzas for the phases it runs, and the
 * vault block's when one of them builds with Vault secrets. The rest wait for a run that needs them.
 */
function pendingFor(config: ProjectConfig, selected: ReadonlySet<string>, req: CommandRequest): Pending[] {
  const phases = phasesRun(req);
  const readsVault = phases.includes('build') && config.apps.some((a) => selected.has(a.name) && Boolean((a.build.config as { secrets_path?: unknown }).secrets_path));
  return (config.pending ?? []).filter((u) => (u.app === null ? readsVault : selected.has(u.app) && phases.includes(u.phase as Phase)));
}

/** 0 ok, 1 failure; `plan` says 2 when something would change (like `terraform plan -detailed-exitcode`). */
export function exitCodeFor(result: RunResult): number {
  if (!result.ok) return 1;
  if (result.command === 'plan' && Object.values(result.apps).some((a) => a.plan?.changes)) return 2;
  return 0;
}
