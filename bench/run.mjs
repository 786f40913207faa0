#!/usr/bin/env node
/**
 * `npm run bench [-- --quick] [-- --only startup,scale]`: runs each bench against the committed dist/
 * and prints one markdown report (what BENCHMARKS.md records). Timing lives here, never in tests.
 */
import { cpus, totalmem } from 'node:os';
import { execFileSync } from 'node:child_process';
import { NODE, NODE_VERSION, ROOT } from './lib.mjs';

const SECTIONS = ['startup', 'scale', 'memory', 'size', 'overhead', 'concurrency', 'health'];
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const onlyArg = args.find((a) => a.startsWith('--only'));
const only = onlyArg ? (onlyArg.includes('=') ? onlyArg.split('=')[1] : args[args.indexOf(onlyArg) + 1]).split(',') : SECTIONS;

const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
const docker = (() => {
  try {
    return execFileSync('docker', ['version', '-f', '{{.Server.Version}}'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return 'none';
  }
})();
console.log(`## Run ${new Date().toISOString()} (${quick ? 'quick' : 'full'}, commit ${commit}${process.env.CS_BENCH_DIST ? `, dist ${process.env.CS_BENCH_DIST}` : ''})\n`);
console.log(`Machine: ${cpus()[0]?.model} × ${cpus().length}, ${Math.round(totalmem() / 2 ** 30)} GB, docker ${docker}; cs runs on node ${NODE_VERSION} (${NODE})\n`);
const started = performance.now();
for (const name of only) {
  if (!SECTIONS.includes(name)) throw new Error(`unknown bench "${name}"; choose from ${SECTIONS.join(', ')}`);
  const t = performance.now();
  const { run } = await import(`./${name}.mjs`);
  console.log(`${await run({ quick })}\n\n(${name}: ${((performance.now() - t) / 1000).toFixed(1)} s)\n`);
}
console.log(`Total ${((performance.now() - started) / 1000).toFixed(0)} s.`);
