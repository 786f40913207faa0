import { PassThrough, Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { EngineStreamError, followProgress, type ProgressEvent } from '../../src/docker/engine.js';
import { CancelledError } from '../../src/errors.js';

const never = new AbortController().signal;

describe('followProgress (push/pull streams)', () => {
  it('reads every event, across chunk boundaries that split lines and characters', async () => {
    const text = '{"status":"Pushing","id":"a"}\r\n\n{"status":"Pushed ✓","id":"a"}\n{"aux":{"Tag":"v1","Digest":"sha256:ab","Size":3}}';
    const bytes = Buffer.from(text);
    const chunks = [bytes.subarray(0, 10), bytes.subarray(10, 47), bytes.subarray(47, 48), bytes.subarray(48)];
    const seen: ProgressEvent[] = [];
    const events = await followProgress(Readable.from(chunks), never, (e) => seen.push(e));
    expect(events).toEqual([{ status: 'Pushing', id: 'a' }, { status: 'Pushed ✓', id: 'a' }, { aux: { Tag: 'v1', Digest: 'sha256:ab', Size: 3 } }]);
    expect(seen).toEqual(events);
  });

  it('rejects with the first error the engine reported inside the stream', async () => {
    const stream = Readable.from(['{"status":"Pushing"}\n{"errorDetail":{"message":"denied: no"},"error":"denied: no"}\n{"error":"later"}\n']);
    await expect(followProgress(stream, never)).rejects.toEqual(new EngineStreamError('denied: no'));
  });

  it('turns a line that is not JSON into an error instead of an uncaught exception', async () => {
    const stream = Readable.from(['{"status":"ok"}\n<html>502 Bad Gateway</html>\n']);
    const err = await followProgress(stream, never).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EngineStreamError);
    expect((err as Error).message).toBe('the engine answered with a line that is not JSON: <html>502 Bad Gateway</html>');
  });

  it('passes a broken connection on as its error', async () => {
    const stream = new PassThrough();
    const reading = followProgress(stream, never);
    stream.write('{"status":"Pushing"}\n');
    stream.destroy(new Error('socket hang up'));
    await expect(reading).rejects.toThrow('socket hang up');
  });

  it('on cancel, destroys the stream and rejects as cancelled', async () => {
    const stream = new PassThrough();
    const ac = new AbortController();
    const reading = followProgress(stream, ac.signal);
    stream.write('{"status":"Pushing"}\n');
    ac.abort('SIGINT');
    await expect(reading).rejects.toEqual(new CancelledError('SIGINT'));
    expect(stream.destroyed).toBe(true);
  });
});
