/** Config scale: `cs validate` of 1, 10, 100 and 1000 generated docker apps (parse + variables + interpolation + schemas). */
import { CLI, dockerAppsConfig, fmt, measure, median, tempDir, writeConfig, NODE } from './lib.mjs';

export async function run({ quick }) {
  const runs = quick ? 3 : 5;
  const dir = tempDir('scale');
  const help = [];
  for (let i = 0; i < 3; i++) help.push((await measure(NODE, [CLI, '--help'])).ms);
  const base = median(help);
  const rows = [];
  const medians = {};
  for (const n of [1, 10, 100, 1000]) {
    const file = writeConfig(dir, `apps-${n}.hcl`, dockerAppsConfig(n));
    const samples = [];
    for (let i = 0; i < runs; i++) samples.push(await measure(NODE, [CLI, 'validate', '-c', file]));
    medians[n] = median(samples.map((s) => s.ms));
    rows.push(`| ${n} | ${fmt(medians[n])} | ${fmt(medians[n] - base)} | ${fmt(Math.max(...samples.map((s) => s.rssMb)))} | ${samples.map((s) => fmt(s.ms)).join(' ')} |`);
  }
  const perApp = (medians[1000] - medians[100]) / 900;
  return [
    '### Config scale',
    '',
    `\`cs validate\` process, ${runs} runs each; "over --help" subtracts the median \`cs --help\` (${fmt(base)} ms). Goal: 1000 apps ≤ 1 s, linear.`,
    '',
    '| apps | median ms | over --help ms | peak RSS MB | raw ms |',
    '|---|---|---|---|---|',
    ...rows,
    '',
    `Marginal cost 100 → 1000 apps: ${fmt(perApp, 2)} ms/app; 10 → 100: ${fmt((medians[100] - medians[10]) / 90, 2)} ms/app.`,
  ].join('\n');
}
