/**
 * The stanza's variables that hold a secret (a sensitive variable, a Vault value, a credential) reach
 * nomad-pack in a private variable file, never as `--var` in its argv, which every local user can read
 * (/proc/<pid>/cmdline) and any log of the command line shows.
 */
import { rmSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AppContext } from '../../lifecycle/context.js';
import { onExit } from '../../lifecycle/on-exit.js';
import { variablesFile } from './args.js';

/**
 * Runs `use` with the path of a file (0600, in a fresh 0700 directory) holding `variables`, or with
 * nothing when there are none; the directory goes once `use` settles (success, failure or
 * cancellation) or, should the process exit at once, from the exit hook.
 */
export async function withVariablesFile<T>(ctx: AppContext, variables: Readonly<Record<string, unknown>>, use: (file: string | undefined) => Promise<T>): Promise<T> {
  if (Object.keys(variables).length === 0) return use(undefined);
  const dir = await mkdtemp(join(ctx.env.RUNNER_TEMP || tmpdir(), 'cs-nomadpack-vars-'));
  const forget = onExit(() => rmSync(dir, { recursive: true, force: true }));
  try {
    // `.hcl`: nomad-pack's parser picks HCL or JSON by extension, and --parser-v1 reads every file as HCL.
    const file = join(dir, 'variables.hcl');
    await writeFile(file, variablesFile(variables), { mode: 0o600, flag: 'wx' });
    return await use(file);
  } finally {
    await rm(dir, { recursive: true, force: true });
    forget();
  }
}
