/** Four independent docker apps (build + deploy until healthy): `--concurrency 4` against `--concurrency 1`, alternating. */
import { CLI, fmt, measure, median, writeConfig } from './lib.mjs';
import { dockerEnv, removeContainers, siteContext } from './docker.mjs';

const APPS = 4;

export async function run({ quick }) {
  const env = dockerEnv();
  if (!env) return '### Concurrency\n\nskipped: no test environment (scripts/test-env.sh start)';
  const pairs = quick ? 2 : 4;
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
    return measure(process.execPath, [CLI, 'up', '-c', config, '--concurrency', String(n)], { env, cwd: dir });
  };
  const samples = [];
  try {
    await up(4);
    for (let i = 0; i < pairs; i++) samples.push({ four: (await up(4)).ms, one: (await up(1)).ms });
  } finally {
    removeContainers(env, Array.from({ length: APPS }, (_, i) => `csbenchc-site-${i}`));
  }
  return [
    '### Concurrency',
    '',
    `${APPS} docker apps, build + deploy until healthy, each run with a changed build context; ${pairs} pairs after a warm-up. Goal: wall(4) ≤ 0.6 × wall(1).`,
    '',
    `- median ratio **${fmt(median(samples.map((s) => s.four / s.one)), 3)}**`,
    '',
    '| pair | --concurrency 4 ms | --concurrency 1 ms | ratio |',
    '|---|---|---|---|',
    ...samples.map((s, i) => `| ${i + 1} | ${fmt(s.four)} | ${fmt(s.one)} | ${fmt(s.four / s.one, 3)} |`),
  ].join('\n');
}
