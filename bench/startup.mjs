/** Start-up: the committed action bundle running `validate` on a 10-app config; `cs --help` and a 2-app `cs validate`. */
import { ACTION, CLI, actionEnv, dockerAppsConfig, fmt, measure, median, tempDir, writeConfig, NODE } from './lib.mjs';

export async function run({ quick }) {
  const runs = quick ? 5 : 15;
  const dir = tempDir('startup');
  writeConfig(dir, 'cloudstation.hcl', dockerAppsConfig(10));
  const two = writeConfig(dir, 'two.hcl', dockerAppsConfig(2));
  const cases = [
    ['action `validate`, 10 apps (goal ≤ 350 ms)', NODE, [ACTION], { env: actionEnv(dir, { command: 'validate', config: 'cloudstation.hcl' }), cwd: dir }],
    ['`cs --help`', NODE, [CLI, '--help'], {}],
    ['`cs validate`, 2 apps', NODE, [CLI, 'validate', '-c', two], {}],
  ];
  const rows = [];
  for (const [name, cmd, args, opts] of cases) {
    const samples = [];
    for (let i = 0; i < runs; i++) samples.push(await measure(cmd, args, opts));
    rows.push(`| ${name} | ${fmt(median(samples.map((s) => s.ms)))} | ${fmt(Math.max(...samples.map((s) => s.rssMb)))} | ${samples.map((s) => fmt(s.ms)).join(' ')} |`);
  }
  return ['### Start-up', '', `${runs} runs each, whole process (spawn → exit).`, '', '| case | median ms | peak RSS MB | raw ms |', '|---|---|---|---|', ...rows].join('\n');
}
