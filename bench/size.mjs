/** Everything under dist/, and the largest files. */
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { CLI, fmt } from './lib.mjs';

function files(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)]));
}

export async function run() {
  const dist = join(CLI, '../..');
  const sized = files(dist).map((f) => ({ name: relative(dist, f), bytes: statSync(f).size })).sort((a, b) => b.bytes - a.bytes);
  const total = sized.reduce((n, f) => n + f.bytes, 0);
  return [
    '### Size',
    '',
    `dist/: ${fmt(total / 1e6, 2)} MB in ${sized.length} files (goal ≤ 6 MB). Largest:`,
    '',
    '| file | bytes |',
    '|---|---|',
    ...sized.slice(0, 8).map((f) => `| ${f.name} | ${f.bytes} |`),
  ].join('\n');
}
