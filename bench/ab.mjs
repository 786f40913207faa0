#!/usr/bin/env node
/**
 * Before/after on a busy machine: two (or more) builds of cs doing the same `cs up`, alternating run by run,
 * so both meet the same load. The work is the overhead bench's app (build → push → deploy until healthy)
 * with `--apps 1`, the concurrency bench's apps (build → deploy) with more.
 *
 *   git archive <rev> dist | tar -x -C /tmp/before
 *   node bench/ab.mjs [--rounds 15] [--apps 4 --concurrency 4] /tmp/before/dist dist
 */
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { fmt, measure, median, NODE, writeConfig } from './lib.mjs';
import { dockerEnv, removeContainers, siteContext } from './docker.mjs';

const { values, positionals: dists } = parseArgs({
  allowPositionals: true,
  options: { rounds: { type: 'string', default: '15' }, apps: { type: 'string', default: '1' }, concurrency: { type: 'string', default: '1' } },
});
const rounds = Number(values.rounds);
const apps = Number(values.apps);
if (dists.length < 2) throw new Error('usage: node bench/ab.mjs [--rounds N] [--apps N] [--concurrency N] DIST_A DIST_B …');
const env = dockerEnv();
if (!env) throw new Error('no test environment: scripts/test-env.sh start');

const { dir, stamp } = siteContext('ab');
const registry = apps === 1 ? `  registry {\n    use      = "docker"\n    image    = "${env.CS_TEST_REGISTRY}/cs-bench/ab"\n    tag      = var.tag\n    username = env("REG_USER")\n    password = env("REG_PASS")\n  }\n` : '';
let hcl = 'project = "csab"\n\nvariable "tag" {\n  default = "x"\n}\n';
for (let i = 0; i < apps; i++) {
  hcl += `\napp "site-${i}" {\n  build {\n    use        = "docker"\n    build_args = { BASE = "${env.CS_TEST_BASE_IMAGE}", INDEX = "${i}" }\n  }\n${registry}  deploy {\n    use         = "docker"\n    ports       = ["${18390 + i}:8080"]\n    healthcheck = { path = "/" }\n  }\n}\n`;
}
const config = writeConfig(dir, 'cloudstation.hcl', hcl);
const csEnv = { ...env, REG_USER: env.CS_TEST_REGISTRY_USERNAME, REG_PASS: env.CS_TEST_REGISTRY_PASSWORD };

const times = dists.map(() => []);
try {
  for (let round = 0; round <= rounds; round++) {
    for (const [i, dist] of dists.entries()) {
      stamp(`${round}-${i}-${Date.now()}`);
      const cli = resolve(dist, 'cli/index.js');
      const run = await measure(NODE, [cli, 'up', '-c', config, '--concurrency', values.concurrency, '--var', `tag=r${round}d${i}`], { env: csEnv, cwd: dir });
      if (round > 0) times[i].push(run.ms); // round 0 warms both up
    }
  }
} finally {
  removeContainers(env, Array.from({ length: apps }, (_, i) => `csab-site-${i}`));
}
console.log(`${apps} app(s), --concurrency ${values.concurrency}, ${rounds} alternating rounds after a warm-up (cs on ${NODE})\n`);
console.log('| dist | median ms | min ms | raw ms |\n|---|---|---|---|');
for (const [i, dist] of dists.entries()) console.log(`| ${dist} | ${fmt(median(times[i]))} | ${fmt(Math.min(...times[i]))} | ${times[i].map((t) => fmt(t)).join(' ')} |`);
