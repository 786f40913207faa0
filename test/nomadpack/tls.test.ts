/** A cluster with TLS: the watch's API client trusts what nomad-pack is told to (NOMAD_CACERT, NOMAD_SKIP_VERIFY). */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveConnection } from '../../src/builtin/nomadpack/connection.js';
import { nomadpackSchema } from '../../src/builtin/nomadpack/schema.js';
import { NomadClient } from '../../src/nomad/client.js';
import { NomadApiDouble } from '../doubles/nomad-api-double.js';
import { testContext } from '../helpers/context.js';
import { selfSigned } from '../helpers/tls.js';

describe('Nomad over TLS with a private CA', () => {
  let dir: string;
  let api: NomadApiDouble;
  beforeAll(async () => {
    const cert = selfSigned('cs-nomad-tls-');
    dir = cert.dir;
    api = await NomadApiDouble.start({ tls: cert.tls });
  });
  afterAll(async () => {
    await api.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const client = (env: Record<string, string>) => new NomadClient(resolveConnection(nomadpackSchema.parse({ use_embedded: true }), testContext({ env: { NOMAD_ADDR: api.url, ...env } })));

  it('refuses an unknown CA, and says what to set', async () => {
    const err = (await client({}).job('web').catch((e: unknown) => e)) as Error & { hint?: string };
    expect(err.message).toMatch(/^cannot reach Nomad at https:\/\/127\.0\.0\.1:\d+: .*(self[- ]signed|SELF_SIGNED)/i);
    expect(err.hint).toContain('NOMAD_CACERT');
  });

  it.each([
    ['NOMAD_CACERT', { NOMAD_CACERT: 'ca.pem' }],
    ['NOMAD_SKIP_VERIFY', { NOMAD_SKIP_VERIFY: 'true' }],
  ])('trusts it with %s', async (_name, env) => {
    const withPaths = Object.fromEntries(Object.entries(env).map(([k, v]) => [k, k === 'NOMAD_CACERT' ? join(dir, v) : v]));
    expect(await client(withPaths).job('web')).toBeNull(); // reached: Nomad has no such job
    expect(api.requests.at(-1)).toMatchObject({ method: 'GET', path: '/v1/job/web' });
  });

  it('an unreadable NOMAD_CACERT is a clear error', () => {
    expect(() => client({ NOMAD_CACERT: join(dir, 'missing.pem') })).toThrow(`cannot read NOMAD_CACERT ${join(dir, 'missing.pem')}: ENOENT`);
  });
});
