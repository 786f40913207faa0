/** The Engine API client: one ping when it is created; an engine that is not there yet is asked again next time. */
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { engine } from '../../src/docker/engine.js';
import { UserError } from '../../src/errors.js';

const socket = join(mkdtempSync(join(tmpdir(), 'cs-engine-')), 'docker.sock');
const saved = process.env.DOCKER_HOST;
process.env.DOCKER_HOST = `unix://${socket}`;
afterAll(() => {
  if (saved === undefined) delete process.env.DOCKER_HOST;
  else process.env.DOCKER_HOST = saved;
});

test('a failed ping is one clear error, and is not remembered: an engine that comes up later is reached', async () => {
  const err = (await engine().catch((e: unknown) => e)) as UserError;
  expect(err).toBeInstanceOf(UserError);
  expect(err.message).toBe(`cannot reach the Docker engine at unix://${socket} (ENOENT)`);
  expect(err.hint).toBe('is dockerd running? DOCKER_HOST selects another engine');

  const pings: string[] = [];
  const server = createServer((req, res) => {
    pings.push(req.url ?? '');
    res.writeHead(200, { 'content-type': 'text/plain' }).end('OK');
  }).listen(socket);
  try {
    await expect(engine()).resolves.toBeDefined();
    await engine(); // created once: no second ping
    expect(pings).toEqual(['/_ping']);
  } finally {
    server.close();
  }
});
