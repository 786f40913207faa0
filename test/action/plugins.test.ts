/**
 * The docker, csdocker (+ Vault double) and nomadpack (+ Nomad doubles) flows through the committed
 * action bundle, as the runner runs it: outputs asserted against what the engine, the registry and the
 * doubles hold, and planted secrets searched for in every sink.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runAction } from '../helpers/bundle.js';
import { Cleanup, docker, dockerBuffer, env as dockerEnv, httpGet, randomPort, uniqueName } from '../docker/support.js';
import { VaultDouble } from '../doubles/vault-double.js';
import { NomadApiDouble } from '../doubles/nomad-api-double.js';
import { PACK_DOUBLE } from '../nomadpack/harness.js';

const cleanup = new Cleanup();
afterAll(() => cleanup.run());

function workspace(files: Record<string, string>): string {
  const dir = cleanup.dir(mkdtempSync(join(tmpdir(), 'cs-action-plugins-')));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

/** Every line a user or a later step could read; the runner consumes ::add-mask:: lines itself. */
function sinks(run: Awaited<ReturnType<typeof runAction>>): Record<string, string> {
  return {
    stdout: run.stdout.split('\n').filter((l) => !l.startsWith('::add-mask::')).join('\n'),
    stderr: run.stderr,
    GITHUB_OUTPUT: run.outputFile,
    summary: run.summary,
  };
}

async function manifestDigest(repo: string, tag: string): Promise<string | null> {
  const auth = Buffer.from(`${dockerEnv.username}:${dockerEnv.password}`).toString('base64');
  const res = await fetch(`http://${dockerEnv.registry}/v2/${repo}/manifests/${tag}`, {
    method: 'HEAD',
    headers: { Authorization: `Basic ${auth}`, Accept: 'application/vnd.docker.distribution.manifest.v2+json' },
  });
  return res.headers.get('docker-content-digest');
}

describe('action bundle with the docker plugin (real dockerd + registry)', () => {
  it('builds, pushes and deploys: image, image-digest and deployment-id match the engine and the registry', async () => {
    const project = cleanup.project(uniqueName('csact'));
    const repo = `cs-test/${project}`;
    cleanup.image(`${dockerEnv.registry}/${repo}`);
    const port = randomPort();
    const dir = workspace({
      Dockerfile: `ARG BASE\nFROM \${BASE}\nRUN mkdir -p /www && echo "hello from ${project}" > /www/index.html\nCMD ["httpd", "-f", "-p", "8080", "-h", "/www"]\n`,
      'cloudstation.hcl': `project = "${project}"
app "web" {
  build {
    use        = "docker"
    image      = "${dockerEnv.registry}/${repo}"
    tag        = "v1"
    build_args = { BASE = "${dockerEnv.baseImage}" }
  }
  registry {
    use = "docker"
  }
  deploy {
    use         = "docker"
    ports       = ["${port}:8080"]
    healthcheck = { path = "/", interval = "1s" }
  }
}
`,
    });
    const run = await runAction(
      { config: 'cloudstation.hcl', 'registry-username': dockerEnv.username, 'registry-password': dockerEnv.password },
      { workspace: dir, env: { CS_DOCKER_CLI: dockerEnv.dockerCli } },
    );
    expect(run.code, run.stdout).toBe(0);
    const digest = await manifestDigest(repo, 'v1');
    expect(digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(run.outputs.image).toBe(`${dockerEnv.registry}/${repo}:v1@${digest}`);
    expect(run.outputs['image-digest']).toBe(digest);
    const container = JSON.parse(docker('inspect', `${project}-web`))[0];
    expect(container.Config.Labels['cs.deployment-id']).toBe(run.outputs['deployment-id']);
    expect(JSON.parse(run.outputs['deployment-ids']!)).toEqual({ web: run.outputs['deployment-id'] });
    expect(await httpGet(`http://127.0.0.1:${port}/`)).toEqual({ status: 200, body: `hello from ${project}\n` });
    for (const [sink, text] of Object.entries(sinks(run))) expect(text, `${sink} holds the registry password`).not.toContain(dockerEnv.password);
    expect(run.stdout).toContain(`::add-mask::${dockerEnv.password}`);
  });

  it('a workflow_dispatch deploy of a chosen image pulls it with the registry stanza credentials (a fresh engine)', async () => {
    const project = cleanup.project(uniqueName('csimg'));
    const repo = `cs-test/${project}`;
    cleanup.image(repo);
    cleanup.image(`${dockerEnv.registry}/${repo}`);
    const port = randomPort();
    const dir = workspace({
      Dockerfile: `ARG BASE\nFROM \${BASE}\nRUN mkdir -p /www && echo "chosen ${project}" > /www/index.html\nCMD ["httpd", "-f", "-p", "8080", "-h", "/www"]\n`,
      'cloudstation.hcl': `project = "${project}"
app "web" {
  build {
    use        = "docker"
    image      = "${repo}"
    tag        = "v1"
    build_args = { BASE = "${dockerEnv.baseImage}" }
  }
  registry {
    use      = "docker"
    registry = "${dockerEnv.registry}"
    username = env("REG_USER")
    password = env("REG_PASSWORD")
  }
  deploy {
    use         = "docker"
    ports       = ["${port}:8080"]
    healthcheck = { path = "/" }
  }
}
`,
    });
    const env = { CS_DOCKER_CLI: dockerEnv.dockerCli, REG_USER: dockerEnv.username, REG_PASSWORD: dockerEnv.password };
    const build = await runAction({ command: 'build' }, { workspace: dir, env });
    expect(build.code, build.stdout).toBe(0);
    const image = build.outputs.image!;
    expect(image).toMatch(new RegExp(`^${dockerEnv.registry}/${repo}:v1@sha256:`));
    docker('rmi', '-f', `${repo}:v1`, `${dockerEnv.registry}/${repo}:v1`); // the deploy job's engine has never seen it

    const deploy = await runAction({ command: 'deploy', image }, { workspace: dir, env: { ...env, GITHUB_EVENT_NAME: 'workflow_dispatch' } });
    expect(deploy.code, deploy.stdout).toBe(0);
    expect(deploy.stdout).toContain('credentials: registry stanza (user "cs-test")');
    expect(deploy.outputs.image).toBe(image);
    expect(await httpGet(`http://127.0.0.1:${port}/`)).toEqual({ status: 200, body: `chosen ${project}\n` });
    for (const run of [build, deploy]) for (const [sink, text] of Object.entries(sinks(run))) expect(text, `${sink} holds the registry password`).not.toContain(dockerEnv.password);
  });
});

describe('action bundle with csdocker (real dockerd, Vault double)', () => {
  it('mounts the Vault secret in the build and leaks it nowhere: logs, outputs, summary, history, inspect, saved image', async () => {
    const canary = `vault-canary-${createHash('sha256').update(String(Math.random())).digest('hex').slice(0, 20)}`;
    const vault = (await VaultDouble.start()).enableAuth('approle', 'approle').addApprole('ci-role', 'ci-secret-id').mountKv('secret', 2).putSecret('secret', 'shop/web', { API_KEY: canary });
    try {
      const project = cleanup.project(uniqueName('csvault'));
      const image = cleanup.image(`cs-test/${project}`);
      const dir = workspace({
        Dockerfile: `FROM ${dockerEnv.baseImage}\nRUN --mount=type=secret,id=API_KEY sha256sum /run/secrets/API_KEY | cut -c1-64 > /secret.sha256\n`,
        'cloudstation.hcl': `project = "${project}"
vault {
  address     = env("VAULT_ADDR")
  auth_method = "approle"
  role_id     = env("VAULT_ROLE_ID")
  secret_id   = env("VAULT_SECRET_ID")
}
app "web" {
  build {
    use          = "csdocker"
    image        = "${image}"
    tag          = "v1"
    secrets_path = "secret/data/shop/web"
    cache        = false
    no_cache     = true  # BuildKit's cache key ignores secret contents; each run plants a new canary
  }
  deploy {
    use = "noop"
  }
}
`,
      });
      const run = await runAction(
        { config: 'cloudstation.hcl' },
        { workspace: dir, env: { CS_DOCKER_CLI: dockerEnv.dockerCli, VAULT_ADDR: vault.address, VAULT_ROLE_ID: 'ci-role', VAULT_SECRET_ID: 'ci-secret-id' } },
      );
      expect(run.code, run.stdout).toBe(0);
      const ref = `${image}:v1`;
      expect(docker('run', '--rm', ref, 'cat', '/secret.sha256').trim()).toBe(createHash('sha256').update(canary).digest('hex'));
      const places = {
        ...sinks(run),
        history: docker('history', '--no-trunc', ref),
        inspect: docker('image', 'inspect', ref),
        saved: dockerBuffer('save', ref).toString('latin1'),
      };
      for (const [place, text] of Object.entries(places)) expect(text, `${place} holds the Vault secret`).not.toContain(canary);
      // The token the action logged in with was revoked, exactly once, and is masked too.
      const [token] = vault.issuedTokens();
      expect(vault.isRevoked(token!)).toBe(true);
      expect(vault.callsTo('auth/token/revoke-self')).toHaveLength(1);
      for (const [place, text] of Object.entries(sinks(run))) expect(text, `${place} holds the Vault token`).not.toContain(token);
    } finally {
      await vault.close();
    }
  });
});

describe('action bundle with nomadpack (Nomad API double, nomad-pack stand-in)', () => {
  it('deployment-id and deployment-ids are the Nomad deployment UUIDs', async () => {
    const api = await NomadApiDouble.start();
    try {
      const dir = workspace({
        'scenario.json': '{}',
        'cloudstation.hcl': `project = "shop"
app "web" {
  build { use = "noop" }
  registry { use = "noop" }
  deploy {
    use = "nomad-pack"
    deployment_name = "web"
    pack            = "cloud_service"
    registry_name   = "cloudstation-packs"
    registry_token  = env("PACK_REGISTRY_TOKEN")
    registry_source = "https://github.com/example/packs"
    variables       = { count = 2 }
  }
}
`,
      });
      const token = 'ghp_packRegistryTokenCanary123';
      const run = await runAction(
        { config: 'cloudstation.hcl', 'nomad-token': 'nomad-acl-token-canary' },
        { workspace: dir, env: { NOMAD_PACK_BIN: PACK_DOUBLE, NOMAD_ADDR: api.url, NOMAD_PACK_DOUBLE_SCENARIO: join(dir, 'scenario.json'), PACK_REGISTRY_TOKEN: token } },
      );
      expect(run.code, run.stdout).toBe(0);
      const deployment = api.latestDeployment('cloud_service')!;
      expect(run.outputs['deployment-id']).toBe(deployment.ID);
      expect(JSON.parse(run.outputs['deployment-ids']!)).toEqual({ web: deployment.ID });
      const registered = [...api.jobs.values()][0]!;
      expect(JSON.stringify(registered)).toContain(run.outputs.image);
      for (const [sink, text] of Object.entries(sinks(run))) {
        expect(text, `${sink} holds the registry token`).not.toContain(token);
        expect(text, `${sink} holds the nomad token`).not.toContain('nomad-acl-token-canary');
      }
    } finally {
      await api.close();
    }
  });
});
