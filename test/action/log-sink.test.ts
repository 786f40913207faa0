import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ActionSink } from '../../src/action/log-sink.js';

let out: string[];
beforeEach(() => {
  out = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out.push(String(chunk));
    return true;
  });
});
afterEach(() => vi.restoreAllMocks());

const lines = () => out.join('').split('\n').filter(Boolean);
const tick = () => new Promise((r) => setTimeout(r, 5));

describe('ActionSink', () => {
  it('streams one group live, holds the concurrent ones and writes each whole, never interleaved', async () => {
    const sink = new ActionSink('/ws');
    await Promise.all(
      ['web', 'api'].map((app) =>
        sink.group(`${app} · build`, async () => {
          for (let i = 0; i < 3; i++) {
            sink.write('info', `${app} line ${i}`);
            await tick();
          }
        }),
      ),
    );
    const text = lines();
    // web opened first and streamed live; api's lines were held until web's group closed.
    expect(text[0]).toBe('::group::web · build');
    for (const app of ['web', 'api']) {
      const start = text.indexOf(`::group::${app} · build`);
      expect(text.slice(start, start + 5)).toEqual([`::group::${app} · build`, `${app} line 0`, `${app} line 1`, `${app} line 2`, '::endgroup::']);
    }
  });

  it('keeps a held group that finishes first until the live group has closed', async () => {
    const sink = new ActionSink('/ws');
    const web = sink.group('web · deploy', async () => {
      sink.write('info', 'web waiting');
      await tick();
      await tick();
      sink.write('info', 'web healthy');
    });
    await sink.group('api · deploy', async () => sink.write('info', 'api done'));
    await web;
    expect(lines()).toEqual(['::group::web · deploy', 'web waiting', 'web healthy', '::endgroup::', '::group::api · deploy', 'api done', '::endgroup::']);
  });

  it("holds a line written outside any group while another app's group is live, and writes it after that group, in order", async () => {
    const sink = new ActionSink('/ws');
    const web = sink.group('web · deploy', async () => {
      sink.write('info', 'web waiting');
      await tick();
      sink.write('info', 'web healthy');
    });
    await sink.group('api · build', async () => sink.write('info', 'api built'));
    sink.write('info', '[api] built api:1');
    sink.write('error', '[api] push failed');
    await web;
    sink.write('info', 'all done');
    expect(lines()).toEqual([
      '::group::web · deploy',
      'web waiting',
      'web healthy',
      '::endgroup::',
      '::group::api · build',
      'api built',
      '::endgroup::',
      '[api] built api:1',
      '::error::[api] push failed',
      'all done',
    ]);
  });

  it('turns a group opened inside a group into a heading line', async () => {
    const sink = new ActionSink('/ws');
    await sink.group('web · build', async () => {
      await sink.group('docker build', async () => sink.write('info', 'step 1'));
      sink.write('info', 'after');
    });
    expect(lines()).toEqual(['::group::web · build', '▸ docker build', 'step 1', 'after', '::endgroup::']);
  });

  it('annotates warnings and errors with the file relative to the workspace', () => {
    const sink = new ActionSink('/ws');
    sink.write('error', 'bad', { file: '/ws/app/cloudstation.hcl', line: 3, col: 7 });
    sink.write('warn', 'careful');
    expect(lines()).toEqual(['::error file=app/cloudstation.hcl,line=3,col=7::bad', '::warning::careful']);
  });
});
