/**
 * Four independent docker apps (build + deploy until healthy): `--concurrency 4` against `--concurrency 1`,
 * alternating; beside it the same work by hand with the docker CLI and BuildKit, the builder cs uses (4 at
 * once against one by one), which is what this engine on this machine allows at best.
 */
import { CLI, fmt, measure, median, writeConfig, NODE } from './lib.mjs';
import { dockerEnv, firstOk, removeContainers, siteContext } from './docker.mjs';

const APPS = 4;

export async function run({ quick }) {
  const env = dockerEnv();
  if (!env) return '### Concurrency\n\nskipped: no test environment (scripts/test-env.sh start)';
  const pairs = quick ? 2 : 8; // single pairs swing ±15 % on 2 vCPUs: the median wants several
  const { dir, stamp } = siteContext('concurrency');
  let hcl = 'project = "csbenchc"\n';
  for (let i = 0; i < APPS; i++) {
    hcl += `
app "site-${i}" {
  build {
    use        = "docker"
    build_args = { BASE = "${env.CS_TEST_BASE_IMAGE}", INDEX = "${i}" }
  }
  deploy {
    use         = "docker"
    ports       = ["${18090 + i}:8080"]
    healthcheck = { path = "/" }
  }
}
`;
  }
  const config = writeConfig(dir, 'cloudstation.hcl', hcl);
  const up = (n) => {
    stamp(`${n}-${Date.now()}`);
    return measure(NODE, [CLI, 'up', '-c', config, '--concurrency', String(n)], { env, cwd: dir });
  };
  const byHandApp = async (i) => {
    const cli = (args) => measure(env.CS_DOCKER_CLI || 'docker', args, { env: { ...env, DOCKER_BUILDKIT: '1' } });
    const image = `csbenchc-hand-${i}:latest`;
    await cli(['build', '-q', '--build-arg', `BASE=${env.CS_TEST_BASE_IMAGE}`, '--build-arg', `INDEX=${i}`, '-t', image, dir]);
    await cli(['rm', '-f', `csbenchc-hand-${i}`]);
    await cli(['run', '-d', '--name', `csbenchc-hand-${i}`, '-p', `${18190 + i}:8080`, image]);
    await firstOk(`http://127.0.0.1:${18190 + i}/`);
  };
  const byHand = async (n) => {
    stamp(`hand-${n}-${Date.now()}`);
    const started = performance.now();
    const indexes = Array.from({ length: APPS }, (_, i) => i);
    if (n > 1) await Promise.all(indexes.map(byHandApp));
    else for (const i of indexes) await byHandApp(i);
    return performance.now() - started;
  };
  const samples = [];
  const hand = [];
  try {
    await up(4);
    await byHand(4);
    for (let i = 0; i < pairs; i++) {
      samples.push({ four: (await up(4)).ms, one: (await up(1)).ms });
      hand.push({ four: await byHand(4), one: await byHand(1) });
    }
  } finally {
    removeContainers(env, Array.from({ length: APPS }, (_, i) => [`csbenchc-site-${i}`, `csbenchc-hand-${i}`]).flat());
  }
  const handRatio = median(hand.map((s) => s.four / s.one));
  // The best any orchestrator could show here: the engine's time for the four at once (by hand, from this warm
  // process: no start-up) over cs's one by one; then the same plus a bare Node start, which any Node tool pays.
  const starts = [];
  for (let i = 0; i < 8; i++) starts.push((await measure(NODE, ['-e', '0'])).ms);
  const nodeStart = median(starts);
  const floor = (extra) => median(samples.map((s, i) => (hand[i].four + extra) / s.one));
  return [
    '### Concurrency',
    '',
    `${APPS} docker apps, build + deploy until healthy, each run with a changed build context; ${pairs} pairs after a warm-up. Goal: wall(4) ≤ 0.6 × wall(1).`,
    '',
    `- median ratio **${fmt(median(samples.map((s) => s.four / s.one)), 3)}**`,
    `- the same by hand with the docker CLI and BuildKit (build, run, readiness poll; 4 at once / one by one): median ratio ${fmt(handRatio, 3)} — the engine's own limit here`,
    `- floor: by hand 4 at once ÷ cs one by one, pair by pair: ${fmt(floor(0), 3)} with no start-up at all; ${fmt(floor(nodeStart), 3)} with a bare \`node -e 0\` (${fmt(nodeStart)} ms)`,
    '',
    '| pair | --concurrency 4 ms | --concurrency 1 ms | ratio |',
    '|---|---|---|---|',
    ...samples.map((s, i) => `| ${i + 1} | ${fmt(s.four)} | ${fmt(s.one)} | ${fmt(s.four / s.one, 3)} |`),
    '',
    '| pair | by hand, 4 at once ms | by hand, one by one ms | ratio |',
    '|---|---|---|---|',
    ...hand.map((s, i) => `| ${i + 1} | ${fmt(s.four)} | ${fmt(s.one)} | ${fmt(s.four / s.one, 3)} |`),
  ].join('\n');
}
