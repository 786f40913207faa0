/**
 * Orchestration overhead: `cs up` (build → push → deploy until healthy, committed CLI bundle) against
 * the same work by hand with the docker CLI (build, push, run + a 20 ms readiness poll), alternating
 * A B C: B types plain `docker build` (whatever builder that CLI defaults to), C turns BuildKit on, the
 * builder cs uses, so C is the floor for the same work.
 */
import { fmt, measure, median, CLI, writeConfig, NODE } from './lib.mjs';
import { docker, dockerEnv, firstOk, removeContainers, siteContext } from './docker.mjs';

export async function run({ quick }) {
  const env = dockerEnv();
  if (!env) return '### Overhead against the docker CLI\n\nskipped: no test environment (scripts/test-env.sh start)';
  const pairs = quick ? 3 : 7;
  const { dir, stamp } = siteContext('overhead');
  const registry = env.CS_TEST_REGISTRY;
  const base = env.CS_TEST_BASE_IMAGE;
  const config = writeConfig(
    dir,
    'cloudstation.hcl',
    `project = "csbench"

variable "tag" {
  default = "x"
}

app "site" {
  build {
    use        = "docker"
    build_args = { BASE = "${base}" }
  }
  registry {
    use      = "docker"
    image    = "${registry}/cs-bench/site"
    tag      = var.tag
    username = env("REG_USER")
    password = env("REG_PASS")
  }
  deploy {
    use   = "docker"
    ports = ["18080:8080"]
    healthcheck = { path = "/" }
  }
}
`,
  );
  const csEnv = { ...env, REG_USER: env.CS_TEST_REGISTRY_USERNAME, REG_PASS: env.CS_TEST_REGISTRY_PASSWORD };
  const manualEnv = { ...env, DOCKER_CONFIG: dir };
  const buildkitEnv = { ...manualEnv, DOCKER_BUILDKIT: '1' };
  docker(manualEnv, ['login', registry, '-u', env.CS_TEST_REGISTRY_USERNAME, '--password-stdin'], { input: env.CS_TEST_REGISTRY_PASSWORD });

  const byHand = async (tag, cliEnv = manualEnv) => {
    const image = `${registry}/cs-bench/site-manual:${tag}`;
    const started = performance.now();
    const cli = (args) => measure(env.CS_DOCKER_CLI || 'docker', args, { env: cliEnv });
    await cli(['build', '-q', '--build-arg', `BASE=${base}`, '-t', image, dir]);
    await cli(['push', '-q', image]);
    await cli(['rm', '-f', 'csbench-manual']);
    await cli(['run', '-d', '--name', 'csbench-manual', '-p', '18081:8080', image]);
    await firstOk('http://127.0.0.1:18081/');
    return performance.now() - started;
  };
  const withCs = async (tag) => measure(NODE, [CLI, 'up', '-c', config, '--var', `tag=${tag}`], { env: csEnv, cwd: dir });

  const samples = [];
  try {
    stamp('warm-up');
    await byHand('warm');
    await byHand('warm-bk', buildkitEnv);
    await withCs('warm');
    for (let i = 0; i < pairs; i++) {
      stamp(`a${i}-${Date.now()}`);
      const a = await withCs(`a${i}`);
      stamp(`b${i}-${Date.now()}`);
      const b = await byHand(`b${i}`);
      stamp(`c${i}-${Date.now()}`);
      const c = await byHand(`c${i}`, buildkitEnv);
      samples.push({ cs: a.ms, rss: a.rssMb, hand: b, buildkit: c });
    }
  } finally {
    removeContainers(env, ['csbench-site', 'csbench-manual']);
  }
  const against = (key) => `median ratio **${fmt(median(samples.map((s) => s.cs / s[key])), 3)}**, median extra **${fmt(median(samples.map((s) => s.cs - s[key])))} ms**`;
  return [
    '### Overhead against the docker CLI',
    '',
    `${pairs} rounds after one warm-up each, A = \`cs up\`, B = by hand with plain \`docker build\`, C = by hand with BuildKit on (\`DOCKER_BUILDKIT=1\`, the builder cs uses); every run changes one file of the build context, so each builds and pushes a new layer. Goal: ratio ≤ 1.03 and ≤ 250 ms extra.`,
    '',
    `- against B (plain \`docker build\`): ${against('hand')}`,
    `- against C (BuildKit by hand): ${against('buildkit')}`,
    `- peak RSS of the docker \`cs up\`: ${fmt(Math.max(...samples.map((s) => s.rss)))} MB (goal ≤ 100 MB)`,
    '',
    '| round | A: cs up ms | B: by hand ms | C: BuildKit by hand ms | A/B | A/C |',
    '|---|---|---|---|---|---|',
    ...samples.map((s, i) => `| ${i + 1} | ${fmt(s.cs)} | ${fmt(s.hand)} | ${fmt(s.buildkit)} | ${fmt(s.cs / s.hand, 3)} | ${fmt(s.cs / s.buildkit, 3)} |`),
  ].join('\n');
}
