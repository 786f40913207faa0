/** Peak RSS of a 10-app noop `cs up` (the docker `up` figure comes from the overhead bench). */
import { CLI, fmt, measure, median, noopAppsConfig, tempDir, writeConfig, NODE } from './lib.mjs';

export async function run({ quick }) {
  const dir = tempDir('memory');
  const file = writeConfig(dir, 'cloudstation.hcl', noopAppsConfig(10));
  const samples = [];
  for (let i = 0; i < (quick ? 3 : 5); i++) samples.push(await measure(NODE, [CLI, 'up', '-c', file], { cwd: dir }));
  return [
    '### Memory',
    '',
    '| case | peak RSS MB (max) | raw MB | median ms |',
    '|---|---|---|---|',
    `| \`cs up\`, 10 noop apps (goal ≤ 100 MB) | ${fmt(Math.max(...samples.map((s) => s.rssMb)))} | ${samples.map((s) => fmt(s.rssMb)).join(' ')} | ${fmt(median(samples.map((s) => s.ms)))} |`,
  ].join('\n');
}
