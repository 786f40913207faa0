/**
 * Health detection latency: from the moment the app turns healthy to the moment `cs` says so.
 * Container: httpd starts 1.3 s after the container, the bench polls it every 10 ms to see when.
 * Nomad: the API double's scheduler marks the deployment successful; the bench hooks that moment.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import ts from 'typescript';
import { CLI, ROOT, fmt, measure, median, tempDir, writeConfig, NODE } from './lib.mjs';
import { dockerEnv, firstOk, removeContainers, siteContext } from './docker.mjs';

async function containerLatency(runs) {
  const env = dockerEnv();
  if (!env) return null;
  const { dir, stamp } = siteContext('health', 'ARG BASE\nFROM ${BASE}\nCOPY www /www\nCMD ["sh", "-c", "sleep 1.3; exec httpd -f -p 8080 -h /www"]\n');
  const config = writeConfig(
    dir,
    'cloudstation.hcl',
    `project = "csbenchh"
app "slow" {
  build {
    use        = "docker"
    build_args = { BASE = "${env.CS_TEST_BASE_IMAGE}" }
  }
  deploy {
    use         = "docker"
    ports       = ["18099:8080"]
    healthcheck = { path = "/" }
  }
}
`,
  );
  const latencies = [];
  try {
    for (let i = 0; i < runs; i++) {
      stamp(`${i}-${Date.now()}`);
      // No previous container: it would answer the bench's poll until cs stops it.
      removeContainers(env, ['csbenchh-slow']);
      let reported = null;
      let healthy = null;
      let polling = null;
      const result = measure(NODE, [CLI, 'up', '-c', config], {
        env,
        cwd: dir,
        onLine: (line) => {
          if (!polling && line.includes('deploying ')) polling = firstOk('http://127.0.0.1:18099/', 10).then((t) => (healthy = t));
          if (reported === null && line.includes(' is healthy')) reported = performance.now();
        },
      });
      await result;
      await polling;
      latencies.push(reported - healthy);
    }
  } finally {
    removeContainers(env, ['csbenchh-slow']);
  }
  return latencies;
}

/** The Nomad API double is TypeScript: transpile it on the fly (it imports only node:*). */
async function loadNomadDouble(dir) {
  const source = readFileSync(join(ROOT, 'test/doubles/nomad-api-double.ts'), 'utf8');
  const out = join(dir, 'nomad-api-double.mjs');
  writeFileSync(out, ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } }).outputText);
  return (await import(pathToFileURL(out).href)).NomadApiDouble;
}

async function nomadLatency(runs) {
  const dir = tempDir('health-nomad');
  const NomadApiDouble = await loadNomadDouble(dir);
  const api = await NomadApiDouble.start({ stepMs: 300 });
  let successful = null;
  const finish = api.finish.bind(api);
  api.finish = (job, deployment, status, description) => {
    if (status === 'successful') successful = performance.now();
    return finish(job, deployment, status, description);
  };
  writeFileSync(join(dir, 'scenario.json'), '{}');
  const config = writeConfig(
    dir,
    'cloudstation.hcl',
    `project = "shop"
app "web" {
  build { use = "noop" }
  registry { use = "noop" }
  deploy {
    use             = "nomad-pack"
    deployment_name = "web"
    pack            = "cloud_service"
    registry_name   = "cloudstation-packs"
    registry_source = "https://github.com/example/packs"
  }
}
`,
  );
  const env = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NOMAD_PACK_BIN: join(ROOT, 'test/doubles/nomad-pack-double'),
    NOMAD_ADDR: api.url,
    NOMAD_PACK_DOUBLE_SCENARIO: join(dir, 'scenario.json'),
  };
  const latencies = [];
  try {
    for (let i = 0; i < runs; i++) {
      successful = null;
      let reported = null;
      await measure(NODE, [CLI, 'deploy', '-c', config, '--image', `registry.example.com/shop/web:${i}`], {
        env,
        cwd: dir,
        onLine: (line) => {
          if (reported === null && successful !== null && /healthy/.test(line)) reported = performance.now();
        },
      });
      latencies.push(reported - successful);
    }
  } finally {
    await api.close();
  }
  return latencies;
}

export async function run({ quick }) {
  const runs = quick ? 2 : 5;
  const container = await containerLatency(runs);
  const nomad = await nomadLatency(runs);
  const row = (name, l) => (l ? `| ${name} | ${fmt(median(l))} | ${fmt(Math.max(...l))} | ${l.map((x) => fmt(x)).join(' ')} |` : `| ${name} | skipped (no test environment) | | |`);
  return [
    '### Health detection latency',
    '',
    `${runs} runs each. Container: HTTP healthcheck, default interval; healthy = the bench's 10 ms poll first gets a 2xx. Nomad: the double's deployment turns successful (steps 300 ms apart). Goal ≤ 1 s.`,
    '',
    '| target | median ms | max ms | raw ms |',
    '|---|---|---|---|',
    row('docker container', container),
    row('Nomad deployment (API double)', nomad),
  ].join('\n');
}
