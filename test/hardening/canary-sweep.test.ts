/**
 * The canary sweep: every command, through the committed CLI bundle and the committed action bundle,
 * with planted secrets in every place a secret comes from — sensitive variables (single- and
 * multi-line), the registry password (from env, and from a credential helper), the Nomad token, the
 * Vault token and Vault KV values (a string inside a JSON value too) — each holding regex and shell metacharacters.
 * They also travel the ways our own code rewrites text: a sensitive variable in a build arg (argv
 * shell-quoted in the debug log) and inside a nomad-pack variable object (which, holding a secret, goes to
 * nomad-pack in a private variable file rather than as a JSON `--var`). The libraries' own
 * DEBUG logging is switched on. Every sink is searched: stdout, stderr, --json result,
 * artifacts file, GITHUB_OUTPUT, step summary, annotations, files left in RUNNER_TEMP and TMPDIR, the
 * image's history, inspect and saved layers, and the container's labels and env. All canaries share
 * one random marker, so a partial leak (a line of a multi-line secret, a secret a shell mangled) is
 * found too, and so is the marker base64-encoded (a registry auth header). Zero hits is the pass mark;
 * the runner's own `::add-mask::` lines are the one allowed place.
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Cleanup, docker, dockerBuffer, randomPort, uniqueName } from '../docker/support.js';
import { VaultDouble } from '../doubles/vault-double.js';
import { NomadApiDouble } from '../doubles/nomad-api-double.js';
import { PACK_DOUBLE } from '../nomadpack/harness.js';
import { RegistryFront, cs, dockerEnv, filesUnder, runActionIn, runnerFiles, workspace } from './support-faults.js';

const cleanup = new Cleanup();
afterAll(() => cleanup.run());

const MARK = `cnry${randomBytes(6).toString('hex')}`;
const CANARY = {
  variable: `${MARK}-var$(id)|.*[x]'"\`;&>/tmp/x`,
  multiline: `${MARK}-cert-one ^(a+)+$\n${MARK}-cert-two $HOME \\d{3}\n  ${MARK}-cert-three "quoted"`,
  registryPassword: `${MARK}-reg$(id)|.*[x]'"\`;&`,
  nomadToken: `${MARK}-nomad.*+?{}()`,
  vaultToken: `${MARK}-vault|[a]^$`,
  kvOne: `${MARK}-kv$(whoami);|&*`,
  kvMulti: `${MARK}-kv-line-a\n${MARK}-kv-line-b \\n [[:alpha:]]`,
  kvNested: `${MARK}-kv-nested`,
  // A CA bundle or keystore: past the size of one regular expression (the redactor once threw, printing its pattern).
  kvBig: `${MARK}-kv-big-${'QmlnU2VjcmV0'.repeat(4000)}`,
};

/** sha256 of the four secret files as the Dockerfile concatenates them. */
const SECRETS_HASH = createHash('sha256').update(CANARY.variable + CANARY.multiline + CANARY.kvOne + CANARY.kvMulti).digest('hex');

let vault: VaultDouble;
let front: RegistryFront;
let nomad: NomadApiDouble;
let project: string;
let dir: string;
let port: number;
const image = () => `${project}-web`;

beforeAll(async () => {
  vault = (await VaultDouble.start()).addToken(CANARY.vaultToken).mountKv('secret', 2).putSecret('secret', 'web', { KV_ONE: CANARY.kvOne, KV_MULTI: CANARY.kvMulti, KV_JSON: { user: 'svc', password: CANARY.kvNested }, KV_BIG: CANARY.kvBig });
  front = await RegistryFront.start({ username: 'cs-canary', password: CANARY.registryPassword });
  nomad = await NomadApiDouble.start();
  nomad.requiredToken = CANARY.nomadToken;
  project = cleanup.project(uniqueName('cscnry'));
  cleanup.image(image());
  cleanup.image(`${front.host}/cs-test/${project}`);
  cleanup.image(`${dockerEnv.registry}/cs-test/${project}`);
  port = randomPort();
  dir = workspace(cleanup, {
    'scenario.json': '{}',
    Dockerfile: [
      `FROM ${dockerEnv.baseImage}`,
      'ARG LEAK=0',
      // Every secret reaches the build (its hash is kept), none stays in it. LEAK=1 prints them all to the
      // build log and fails: the log and the error must still show none.
      'RUN --mount=type=secret,id=API_KEY --mount=type=secret,id=CERT --mount=type=secret,id=KV_ONE --mount=type=secret,id=KV_MULTI --mount=type=secret,id=KV_JSON \\',
      // The nested Vault value is printed alone, as `jq -r .password` would.
      '    if [ "$LEAK" = 1 ]; then cat /run/secrets/API_KEY /run/secrets/CERT /run/secrets/KV_ONE /run/secrets/KV_MULTI; sed -n \'s/.*"password":"\\([^"]*\\)".*/\\1/p\' /run/secrets/KV_JSON; exit 1; fi; \\',
      '    cat /run/secrets/API_KEY /run/secrets/CERT /run/secrets/KV_ONE /run/secrets/KV_MULTI | sha256sum | cut -c1-64 > /secrets.sha256 && mkdir -p /www && echo ok > /www/index.html',
      'CMD ["httpd", "-f", "-p", "8080", "-h", "/www"]',
      '',
    ].join('\n'),
    'cloudstation.hcl': `project = "${project}"
variable "api_key" {
  sensitive = true
}
variable "cert" {
  sensitive = true
}
variable "leak" {
  default = "0"
}
vault {
  address = env("VAULT_ADDR")
}
app "web" {
  build {
    use          = "csdocker"
    image        = "${project}-web"
    tag          = "v1"
    build_args   = { LEAK = var.leak, UNUSED = var.api_key }
    secrets      = { API_KEY = var.api_key, CERT = var.cert }
    secrets_path = "secret/data/web"
    no_cache     = true
  }
  registry {
    use      = "docker"
    registry = "${front.host}"
    image    = "cs-test/${project}"
  }
  deploy {
    use         = "docker"
    ports       = ["${port}:8080"]
    env         = { GREETING = "hello" }
    healthcheck = { path = "/", interval = "500ms" }
  }
}
app "svc" {
  build {
    use = "noop"
  }
  deploy {
    use             = "nomadpack"
    deployment_name = "svc"
    pack            = "cloud_service"
    registry_name   = "cloudstation-packs"
    registry_source = "https://github.com/example/packs"
    variables       = { creds = { password = var.api_key } }
  }
}
`,
  });
});
afterAll(async () => {
  await Promise.all([vault.close(), front.close(), nomad.close()]);
});

/** Environment shared by both bundles; each channel-specific secret is added per bundle. */
function commonEnv(temp: string): Record<string, string> {
  return {
    VAULT_ADDR: vault.address,
    NOMAD_ADDR: nomad.url,
    NOMAD_PACK_BIN: PACK_DOUBLE,
    NOMAD_PACK_DOUBLE_SCENARIO: join(dir, 'scenario.json'),
    CS_VAR_cert: CANARY.multiline,
    DEBUG: '*',
    TMPDIR: temp,
  };
}

/** The marker base64-encoded at each of the three alignments, in both alphabets, without the edge characters its neighbours change. */
const MARK_BASE64 = [0, 1, 2].flatMap((shift) => {
  const b64 = Buffer.from('x'.repeat(shift) + MARK).toString('base64');
  const core = b64.slice(Math.ceil((shift * 4) / 3), -3);
  return [core, core.replace(/\+/g, '-').replace(/\//g, '_')];
});

/** Names of the sinks holding the marker, plain or base64 (with a snippet), or [] — the pass mark. */
function hits(sinks: Record<string, string>): string[] {
  const find = (text: string) => [MARK, ...MARK_BASE64].map((needle) => text.indexOf(needle)).find((at) => at >= 0) ?? -1;
  return Object.entries(sinks)
    .filter(([, text]) => find(text) >= 0)
    .map(([name, text]) => {
      const at = find(text);
      return `${name}: …${text.slice(Math.max(0, at - 80), at + 60)}…`;
    });
}

/** What the engine shows of the image and of the running container (nothing secret was given to it). */
function engineSinks(withContainer: boolean): Record<string, string> {
  const ref = `${image()}:v1`;
  const sinks: Record<string, string> = {
    'image history': docker('history', '--no-trunc', ref),
    'image inspect': docker('image', 'inspect', ref),
    'docker save': dockerBuffer('save', ref).toString('latin1'),
  };
  if (withContainer) sinks['container inspect'] = docker('inspect', `${project}-web`);
  return sinks;
}


describe('canary sweep: cs (CLI bundle)', () => {
  const temp = cleanup.dir(mkdtempSync(join(tmpdir(), 'cs-canary-temp-')));
  const env = () => ({
    ...commonEnv(temp),
    RUNNER_TEMP: temp,
    REGISTRY_USERNAME: 'cs-canary',
    REGISTRY_PASSWORD: CANARY.registryPassword,
    NOMAD_TOKEN: CANARY.nomadToken,
    VAULT_TOKEN: CANARY.vaultToken,
  });
  const COMMANDS: [string, string[], number][] = [
    ['validate', ['validate'], 0],
    ['build', ['build', '--output', 'artifacts.json'], 0],
    ['deploy', ['deploy', '--artifacts', 'artifacts.json', '--json'], 0],
    ['plan', ['plan', '--json'], 2],
    ['status', ['status', '--json'], 0],
    ['up', ['up', '--json'], 0],
    ['destroy', ['destroy'], 0],
    ['build printing every secret, then failing', ['build', '--var', 'leak=1'], 1],
  ];

  it.each(COMMANDS)('%s: zero hits', async (name, args, code) => {
    const run = await cs([...args, '--var', `api_key=${CANARY.variable}`, '--log-level', 'debug'], dir, env());
    expect(run.code, run.stderr).toBe(code);
    const sinks: Record<string, string> = { stdout: run.stdout, stderr: run.stderr };
    const artifacts = join(dir, 'artifacts.json');
    if (existsSync(artifacts)) sinks['artifacts file'] = readFileSync(artifacts, 'utf8');
    for (const [path, text] of Object.entries(filesUnder(temp))) sinks[`left in temp: ${path}`] = text;
    if (name === 'build' || name === 'up') Object.assign(sinks, engineSinks(name === 'up'));
    if (name === 'build') expect(docker('run', '--rm', `${image()}:v1`, 'cat', '/secrets.sha256').trim(), 'every secret reached the build').toBe(SECRETS_HASH);
    if (name.endsWith('failing')) {
      expect(run.stderr).toMatch(/build failed: .*exit code 1/);
      expect(run.stderr, 'the printed secrets, masked').toMatch(/#\d+ [\d.]+ \*{6}$/m);
    }
    if (name === 'deploy') sinks['container inspect'] = docker('inspect', `${project}-web`);
    expect(hits(sinks)).toEqual([]);
  });

  it('up with the registry password held by a credential helper (credsStore): zero hits', async () => {
    const config = cleanup.dir(mkdtempSync(join(tmpdir(), 'cs-canary-helper-')));
    // A docker-credential-helpers double: `list` knows nothing, `get` reads the server URL on stdin and answers
    // with the canary password for the registry front only (the answer is a file: no shell quoting of the canary).
    writeFileSync(join(config, 'answer.json'), JSON.stringify({ ServerURL: front.host, Username: 'cs-canary', Secret: CANARY.registryPassword }));
    const helper = [
      '#!/bin/sh',
      `if [ "$1" = list ]; then echo '{}'; exit 0; fi`,
      'read -r url',
      `if [ "$1" = get ] && [ "$url" = "${front.host}" ]; then exec cat "${join(config, 'answer.json')}"; fi`,
      'echo "credentials not found in native keychain"; exit 1',
      '',
    ].join('\n');
    writeFileSync(join(config, 'docker-credential-canary'), helper, { mode: 0o755 });
    writeFileSync(join(config, 'config.json'), JSON.stringify({ credsStore: 'canary' }));
    const { REGISTRY_USERNAME: _u, REGISTRY_PASSWORD: _p, ...withoutRegistryEnv } = env();
    const run = await cs(['up', '--json', '--var', `api_key=${CANARY.variable}`, '--log-level', 'debug'], dir, {
      ...withoutRegistryEnv,
      DOCKER_CONFIG: config,
      PATH: `${config}:${process.env.PATH}`,
    });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/credentials: docker-credential-canary \(credsStore in /);
    const sinks: Record<string, string> = { stdout: run.stdout, stderr: run.stderr, ...engineSinks(true) };
    for (const [path, text] of Object.entries(filesUnder(temp))) sinks[`left in temp: ${path}`] = text;
    expect(hits(sinks)).toEqual([]);
  });
});

describe('canary sweep: the action bundle', () => {
  const files = runnerFiles();
  cleanup.dir(files.dir);
  const temp = cleanup.dir(mkdtempSync(join(tmpdir(), 'cs-canary-temp-')));
  const secretsIn = { variables: `api_key=${CANARY.variable}`, 'registry-username': 'cs-canary', 'registry-password': CANARY.registryPassword, 'nomad-token': CANARY.nomadToken, 'vault-token': CANARY.vaultToken };
  let artifacts = '';
  const COMMANDS = ['validate', 'build', 'deploy', 'plan', 'status', 'up', 'destroy', 'build printing every secret, then failing'] as const;

  it.each(COMMANDS)('%s: zero hits', async (name) => {
    const failing = name.endsWith('failing');
    const command = failing ? 'build' : name;
    const inputs: Record<string, string> = { command, config: 'cloudstation.hcl', ...secretsIn };
    if (failing) inputs.variables += '\nleak=1';
    if (command === 'deploy') inputs.artifacts = artifacts;
    const run = await runActionIn(inputs, dir, files, { ...commonEnv(temp), RUNNER_DEBUG: '1' });
    expect(run.code, run.stdout).toBe(failing ? 1 : 0);
    if (failing) expect(run.stdout).toMatch(/::error::.*build failed: .*exit code 1/);
    if (command === 'build') artifacts = run.outputs.artifacts!;
    const masks = run.stdout.split('\n').filter((l) => l.startsWith('::add-mask::'));
    const sinks: Record<string, string> = {
      'stdout (logs, annotations)': run.stdout.split('\n').filter((l) => !l.startsWith('::add-mask::')).join('\n'),
      stderr: run.stderr,
      GITHUB_OUTPUT: run.outputFile,
      'step summary': run.summary,
    };
    for (const [path, text] of Object.entries({ ...filesUnder(files.temp), ...filesUnder(temp) })) sinks[`left in temp: ${path}`] = text;
    if (name === 'build' || name === 'up') Object.assign(sinks, engineSinks(name === 'up'));
    if (command === 'deploy') sinks['container inspect'] = docker('inspect', `${project}-web`);
    expect(hits(sinks)).toEqual([]);
    // Masking is what keeps the runner's own log clean: every line of every secret this command used is masked.
    if (command !== 'validate') for (const line of CANARY.multiline.split('\n')) expect(masks).toContain(`::add-mask::${line}`);
  });
});
