/**
 * The docker CLI we build with, and what it can do. Machines differ: hosted runners have buildx; a
 * distro docker 20.10 has BuildKit built in (`DOCKER_BUILDKIT=1`, supports `--secret`); a newer CLI
 * without the buildx plugin only has the legacy builder. Detected once per CLI path.
 */
import { CommandError, runCommand, type RunResult } from '../exec/run.js';

export type BuilderKind = 'buildx' | 'buildkit' | 'legacy';

export interface DockerCli {
  path: string;
  kind: BuilderKind;
  /** The active buildx builder's driver (`docker`, `docker-container`, …) when kind is buildx. */
  driver: string | null;
}

type Env = Readonly<Record<string, string | undefined>>;

/** `CS_DOCKER_CLI` picks the binary, e.g. `/usr/bin/docker` next to a buildx-less one first on PATH. */
export function dockerCliPath(env: Env): string {
  return env.CS_DOCKER_CLI || 'docker';
}

/**
 * The environment a build runs with: BuildKit on where the CLI has it, whatever the user had. Where it has
 * not, DOCKER_BUILDKIT is left unset rather than 0: "1" would fail the build, and with "0" docker 23+ prints
 * that BuildKit "is currently disabled" by that variable, which cs, not the user, set; unset, it says what
 * fixes it (install buildx).
 */
export function builderEnv(cli: DockerCli, env: Env): Record<string, string | undefined> {
  const { DOCKER_BUILDKIT: _, ...rest } = env;
  return cli.kind === 'legacy' ? rest : { ...rest, DOCKER_BUILDKIT: '1' };
}

const detected = new Map<string, Promise<DockerCli>>();

export function detectDockerCli(env: Env): Promise<DockerCli> {
  const path = dockerCliPath(env);
  let found = detected.get(path);
  if (!found) {
    found = detect(path, env);
    detected.set(path, found);
    found.catch(() => detected.delete(path)); // a missing CLI may be installed later in the run
  }
  return found;
}

async function detect(path: string, env: Env): Promise<DockerCli> {
  // Both probes at once: the second is only needed without buildx, but waiting for the first costs a CLI start.
  // Only a CLI with BuildKit built in lists --secret; a buildx-less modern CLI errors instead.
  const [buildx, help] = await Promise.all([probe(path, ['buildx', 'inspect'], env), probe(path, ['build', '--help'], { ...env, DOCKER_BUILDKIT: '1' })]);
  if (buildx.code === 0) {
    const driver = /^Driver:\s*(\S+)/m.exec(buildx.stdout)?.[1] ?? null;
    return { path, kind: 'buildx', driver };
  }
  const kind = help.code === 0 && help.stdout.includes('--secret') ? 'buildkit' : 'legacy';
  return { path, kind, driver: null };
}

/** A failing exit code is an answer here; only "command not found" throws, and should. */
async function probe(path: string, args: string[], env: Env): Promise<RunResult> {
  try {
    return await runCommand(path, args, { env, stream: 'none', notFound: 'install the docker CLI, or point CS_DOCKER_CLI at it' });
  } catch (err) {
    if (err instanceof CommandError) return err.result;
    throw err;
  }
}
