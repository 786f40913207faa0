import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CancelledError } from '../../src/errors.js';
import { Harness, input, PUSHED } from './harness.js';

/** A registered secret, with what HCL would otherwise take for a template, quotes, a newline and non-ASCII. */
const CANARY = 'cnry-db-pa55-${var.x}-%{if}-"q"\\\n-ünï';
/** `env` holds the secret; `count` and `datacenters` hold none. */
const stanza = { deployment_name: 'web', pack: 'cloud_service', variables: { count: 2, datacenters: ['dc1', 'dc2'], env: { DB_PASSWORD: CANARY, LEVEL: 'debug' } } };
/** The non-secret variables, as `--var` always passed them. */
const PLAIN = ['--var', 'count=2', '--var', 'datacenters=["dc1","dc2"]'];

let h: Harness;
let temp: string;
beforeEach(async () => {
  h = await Harness.start();
  temp = join(h.dir, 'runner-temp');
  mkdirSync(temp);
});
afterEach(async () => {
  await h.close();
});

function context(env: Record<string, string> = {}) {
  const ctx = h.context({ RUNNER_TEMP: temp, ...env });
  ctx.redactor.add(CANARY); // as a sensitive variable or a Vault value is
  return ctx;
}
const job = (id = 'cloud_service') => h.api.jobs.get(id)!;

describe('nomadpack variables', () => {
  it.each([
    ['', {}],
    [' (parser_v1)', { parser_v1: true }],
  ])('holding a secret reach nomad-pack in a private file, never in its argv, gone after the run; the rest stay --var%s', async (_name, parser) => {
    const deployment = await h.platform({ ...stanza, ...parser }).deploy(context(), input);
    expect(deployment.status).toBe('healthy');

    const [run] = h.invocations();
    expect(run!.argv.join('\n')).not.toContain('cnry');
    const file = run!.argv.at(-1)!;
    expect(run!.argv.slice(-2 - PLAIN.length)).toEqual([...PLAIN, '-f', expect.stringMatching(new RegExp(`^${temp}/cs-nomadpack-vars-[^/]+/variables\\.hcl$`))]);
    expect(run!.varFiles).toEqual([{ path: file, mode: 0o600, dirMode: 0o700 }]);
    // The deploy got every value exactly: the secret read back by HCL, the count converted from --var text.
    expect(job().TaskGroups[0].Tasks[0].Env).toEqual({ DB_PASSWORD: CANARY, LEVEL: 'debug' });
    expect(job().TaskGroups[0].Count).toBe(2);
    expect(readdirSync(temp)).toEqual([]);
  });

  it('holding no secret all go as --var, with no file', async () => {
    const variables = { count: 2, datacenters: ['dc1', 'dc2'], env: { LEVEL: 'debug' } };
    await h.platform({ ...stanza, variables }).deploy(context(), input);
    const [run] = h.invocations();
    expect(run!.argv.slice(-PLAIN.length - 2)).toEqual([...PLAIN, '--var', 'env={"LEVEL":"debug"}']);
    expect(run!.varFiles).toEqual([]);
    expect(readdirSync(temp)).toEqual([]);
  });

  it('reach `plan` the same way', async () => {
    await h.platform(stanza).plan(context(), input);
    const [plan] = h.invocations();
    expect(plan!.argv.join('\n')).not.toContain('cnry');
    expect(plan!.argv.slice(-2 - PLAIN.length, -2)).toEqual(PLAIN);
    expect(plan!.varFiles).toEqual([expect.objectContaining({ mode: 0o600, dirMode: 0o700 })]);
    expect(readdirSync(temp)).toEqual([]);
  });

  it('win over variable_files, which win over NOMAD_PACK_VAR_*, from --var and the private file alike; the image flag wins over all', async () => {
    const base = join(h.dir, 'base.hcl');
    writeFileSync(base, 'count = 5\nenv = { LEVEL = "from-file" }\njob_name = "from-file"\nimage = "from-file"\n');
    const env = { NOMAD_PACK_VAR_count: '9', NOMAD_PACK_VAR_job_name: 'from-env', NOMAD_PACK_VAR_image: 'from-env' };
    await h.platform({ ...stanza, variable_files: [base] }).deploy(context(env), input);
    expect(h.invocations()[0]!.argv.filter((a) => a.endsWith('.hcl'))).toEqual([base, expect.stringContaining(temp)]);
    const deployed = job('from-file').TaskGroups[0];
    expect(deployed.Count).toBe(2); // --var
    expect(deployed.Tasks[0].Env).toEqual({ DB_PASSWORD: CANARY, LEVEL: 'debug' }); // the private file
    expect(deployed.Tasks[0].Config.image).toBe(PUSHED);
  });

  it('are removed when the run fails', async () => {
    h.scenario({ run: { render: 'fail' } });
    await expect(h.platform(stanza).deploy(context(), input)).rejects.toThrow(/could not render pack/);
    expect(h.invocations()[0]!.varFiles).toHaveLength(1);
    expect(readdirSync(temp)).toEqual([]);
  });

  it('are removed when the run is cancelled', async () => {
    h.scenario({ run: { hang: true } });
    const cancel = new AbortController();
    const deploying = h.platform(stanza).deploy({ ...context(), signal: cancel.signal }, input);
    while (h.invocations().length === 0) await new Promise((r) => setTimeout(r, 10));
    expect(readdirSync(temp)).toHaveLength(1);
    cancel.abort('SIGINT');
    await expect(deploying).rejects.toThrow(new CancelledError('SIGINT'));
    expect(readdirSync(temp)).toEqual([]);
  });

  it('set a dependency pack\'s variable with parser_v1 through --var when it holds no secret', async () => {
    await h.platform({ ...stanza, parser_v1: true, variables: { 'dep.port': 80 } }).plan(context(), input);
    const [plan] = h.invocations();
    expect(plan!.argv.slice(-2)).toEqual(['--var', 'dep.port=80']);
    expect(plan!.varFiles).toEqual([]);
  });

  it('refuse a dependency pack\'s variable holding a secret with parser_v1, which reads none from a file', async () => {
    const config = { ...stanza, parser_v1: true, variables: { 'dep.port': 80, 'dep.password': CANARY } };
    const err = await h.platform(config).plan(context(), input).catch((e: unknown) => e);
    expect(String(err)).toMatch(/variables\."dep\.password" holds a secret, which goes to nomad-pack in a variable file, and parser_v1 reads no dependency pack's variable from one/);
    expect(String(err)).not.toContain('cnry');
    expect(h.invocations()).toEqual([]);
  });
});
