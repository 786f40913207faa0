/** `git.*` interpolation values; empty strings outside a work tree so configs still resolve. */
import { execFile } from 'node:child_process';

export interface GitInfo {
  sha: string;
  short_sha: string;
  branch: string;
  tag: string;
  /** `https://github.com/owner/repo` when known; used for OCI source labels. */
  remote: string;
}

type Env = Readonly<Record<string, string | undefined>>;

/** Asynchronous, so git runs while the config is parsed; '' when git fails or is missing, or the run is cancelled (git is killed). */
function git(cwd: string, env: Env, args: string[], signal?: AbortSignal): Promise<string> {
  return new Promise((resolve) => {
    execFile('git', args, { cwd, env, encoding: 'utf8', signal }, (err, stdout) => resolve(err ? '' : stdout.trim()));
  });
}

/**
 * The commit is the work tree's: what is built, also when a checkout's `ref` (a workflow_dispatch deploy of a
 * release) differs from the event's GITHUB_SHA, which is the fallback outside a work tree. Branch and tag come
 * from the GitHub Actions environment first: a detached checkout has neither.
 */
export async function readGitInfo(cwd: string, env: Env = process.env, signal?: AbortSignal): Promise<GitInfo> {
  const refName = env.GITHUB_REF_TYPE ? env.GITHUB_REF_NAME ?? '' : '';
  const ciBranch = env.GITHUB_HEAD_REF || (env.GITHUB_REF_TYPE === 'branch' ? refName : '');
  const ciTag = env.GITHUB_REF_TYPE === 'tag' ? refName : '';
  // One rev-parse answers both: the commit, then the branch ("HEAD" when detached). Both gits at once.
  const [head, described] = await Promise.all([
    git(cwd, env, ['rev-parse', 'HEAD', '--abbrev-ref', 'HEAD'], signal),
    ciTag ? '' : git(cwd, env, ['describe', '--tags', '--exact-match'], signal),
  ]);
  const [headSha = '', headBranch = ''] = head ? head.split('\n') : [];
  const sha = headSha || env.GITHUB_SHA || '';
  const branch = ciBranch || headBranch.replace(/^HEAD$/, '');
  const tag = ciTag || described;
  const remote = env.GITHUB_SERVER_URL && env.GITHUB_REPOSITORY ? `${env.GITHUB_SERVER_URL}/${env.GITHUB_REPOSITORY}` : '';
  return { sha, short_sha: sha.slice(0, 7), branch, tag, remote };
}
