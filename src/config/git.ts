/** `git.*` interpolation values; empty strings outside a work tree so configs still resolve. */
import { execFileSync } from 'node:child_process';

export interface GitInfo {
  sha: string;
  short_sha: string;
  branch: string;
  tag: string;
  /** `https://github.com/owner/repo` when known; used for OCI source labels. */
  remote: string;
}

function git(cwd: string, args: string[]): string {
  try {
    return execFileSync('git', args, { cwd, stdio: ['ignore', 'pipe', 'ignore'], encoding: 'utf8' }).trim();
  } catch {
    return '';
  }
}

/** Prefers the GitHub Actions environment (detached checkouts have no branch), then the work tree. */
export function readGitInfo(cwd: string, env: Readonly<Record<string, string | undefined>> = process.env): GitInfo {
  const refName = env.GITHUB_REF_TYPE ? env.GITHUB_REF_NAME ?? '' : '';
  const ciBranch = env.GITHUB_HEAD_REF || (env.GITHUB_REF_TYPE === 'branch' ? refName : '');
  // One rev-parse answers both: the commit, then the branch ("HEAD" when detached).
  const [headSha = '', headBranch = ''] = env.GITHUB_SHA && ciBranch ? [] : git(cwd, ['rev-parse', 'HEAD', '--abbrev-ref', 'HEAD']).split('\n');
  const sha = env.GITHUB_SHA || headSha;
  const branch = ciBranch || headBranch.replace(/^HEAD$/, '');
  const tag = (env.GITHUB_REF_TYPE === 'tag' ? refName : '') || git(cwd, ['describe', '--tags', '--exact-match']);
  const remote = env.GITHUB_SERVER_URL && env.GITHUB_REPOSITORY ? `${env.GITHUB_SERVER_URL}/${env.GITHUB_REPOSITORY}` : '';
  return { sha, short_sha: sha.slice(0, 7), branch, tag, remote };
}
