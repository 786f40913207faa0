/** `git.*` values from a real work tree, from the GitHub Actions environment, and without either. */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readGitInfo } from '../../src/config/git.js';

const PATH = process.env.PATH;
let repo: string;
let sha: string;
const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, encoding: 'utf8', env: { PATH, HOME: repo, GIT_CONFIG_NOSYSTEM: '1' } }).trim();

beforeAll(() => {
  repo = mkdtempSync(join(tmpdir(), 'cs-git-'));
  git('init', '-q', '-b', 'feature/x');
  git('-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-q', '--allow-empty', '-m', 'one');
  sha = git('rev-parse', 'HEAD');
});

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('readGitInfo', () => {
  it('reads the commit and branch of a work tree; no tag when HEAD has none', async () => {
    expect(await readGitInfo(repo, { PATH })).toEqual({ sha, short_sha: sha.slice(0, 7), branch: 'feature/x', tag: '', remote: '' });
  });

  it('reads the tag on HEAD, and no branch on a detached HEAD', async () => {
    git('tag', 'v1.2.0');
    git('checkout', '-q', '--detach');
    try {
      expect(await readGitInfo(repo, { PATH })).toMatchObject({ sha, branch: '', tag: 'v1.2.0' });
    } finally {
      git('checkout', '-q', 'feature/x');
      git('tag', '-d', 'v1.2.0');
    }
  });

  it('prefers the GitHub Actions environment for branch and tag (a detached checkout has neither), the work tree for the commit', async () => {
    const actions = { PATH, GITHUB_SHA: 'f'.repeat(40), GITHUB_SERVER_URL: 'https://github.com', GITHUB_REPOSITORY: 'o/r' };
    // The checkout's commit is what is built, when `ref:` checked out another one than the event's GITHUB_SHA.
    expect(await readGitInfo(repo, { ...actions, GITHUB_REF_TYPE: 'branch', GITHUB_REF_NAME: 'main' })).toEqual({
      sha,
      short_sha: sha.slice(0, 7),
      branch: 'main',
      tag: '',
      remote: 'https://github.com/o/r',
    });
    expect(await readGitInfo(repo, { ...actions, GITHUB_REF_TYPE: 'tag', GITHUB_REF_NAME: 'v2' })).toMatchObject({ tag: 'v2', branch: 'feature/x' });
    // A pull request: the head branch, not the merge ref.
    expect(await readGitInfo(repo, { ...actions, GITHUB_REF_TYPE: 'branch', GITHUB_REF_NAME: '7/merge', GITHUB_HEAD_REF: 'fix' })).toMatchObject({ branch: 'fix' });
  });

  it('gives empty values outside a work tree and when git is not installed', async () => {
    const empty = { sha: '', short_sha: '', branch: '', tag: '', remote: '' };
    expect(await readGitInfo(mkdtempSync(join(tmpdir(), 'cs-nogit-')), { PATH, GIT_CEILING_DIRECTORIES: tmpdir() })).toEqual(empty);
    expect(await readGitInfo(repo, { PATH: '/nonexistent' })).toEqual(empty);
    // GitHub's GITHUB_SHA stands in for a checkout without .git (actions/checkout's API download).
    expect(await readGitInfo(mkdtempSync(join(tmpdir(), 'cs-nogit-')), { PATH, GIT_CEILING_DIRECTORIES: tmpdir(), GITHUB_SHA: 'f'.repeat(40) })).toMatchObject({ sha: 'f'.repeat(40), short_sha: 'fffffff' });
  });

  it('a cancelled run kills a git that hangs (a credential prompt, a slow network file system) instead of waiting for it', async () => {
    const bin = mkdtempSync(join(tmpdir(), 'cs-git-bin-'));
    const pids = join(bin, 'pids');
    writeFileSync(join(bin, 'git'), `#!/bin/sh\necho $$ >> ${pids}\nexec sleep 600\n`, { mode: 0o755 });
    const controller = new AbortController();
    const reading = readGitInfo(repo, { PATH: `${bin}:${PATH}` }, controller.signal);
    while (!existsSync(pids) || readFileSync(pids, 'utf8').trim().split('\n').length < 2) await new Promise((r) => setTimeout(r, 10));
    controller.abort('SIGINT');
    expect(await reading).toMatchObject({ sha: '', branch: '', tag: '' });
    // Killed, not left behind: gone once reaped (a git left running would hold the run for 600 s).
    for (const pid of readFileSync(pids, 'utf8').trim().split('\n').map(Number)) {
      await expect.poll(() => alive(pid), { timeout: 5000 }).toBe(false);
    }
  }, 20_000);
});
