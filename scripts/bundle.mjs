#!/usr/bin/env node
// Builds dist/: one ncc bundle (dist/lib/) shared by the action (dist/index.js) and the CLI
// (dist/cli/index.js), plus the files the bundle loads at run time.
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const lib = join(dist, 'lib');

rmSync(dist, { recursive: true, force: true });
// -t: tsc --noEmit type-checks separately; ncc's own checker would stop on unrelated files.
execFileSync(join(root, 'node_modules/.bin/ncc'), ['build', 'src/bundle-entry.ts', '-o', lib, '-t', '-m', '--license', 'licenses.txt', '-q'], {
  cwd: root,
  stdio: 'inherit',
});

// @cdktf/hcl2json reads main.wasm.gz beside its own lib/ through __dirname, which ESM lacks.
// Point it at the copy we ship next to the bundle; fail loudly if the library changed shape.
const WASM_READ = /\(0,\s*(\w+)\.join\)\(__dirname,\s*"\.\.",\s*"main\.wasm\.gz"\)/g;
let patched = 0;
for (const file of readdirSync(lib).filter((f) => f.endsWith('.js'))) {
  const path = join(lib, file);
  const code = readFileSync(path, 'utf8');
  if (!WASM_READ.test(code)) continue;
  WASM_READ.lastIndex = 0;
  writeFileSync(path, code.replace(WASM_READ, 'new URL("./main.wasm.gz", import.meta.url)'));
  patched++;
}
if (patched !== 1) throw new Error(`expected to patch hcl2json's wasm path once, patched ${patched} times`);
copyFileSync(join(root, 'node_modules/@cdktf/hcl2json/main.wasm.gz'), join(lib, 'main.wasm.gz'));

// Files plugins read at run time, beside the bundle (import.meta.url resolves there).
const packs = join(root, 'src/builtin/nomadpack/packs');
if (existsSync(packs)) cpSync(packs, join(lib, 'packs'), { recursive: true });

// The same two lines as src/action/index.ts and src/cli/index.ts, importing from the bundle.
writeFileSync(join(dist, 'index.js'), "import { run } from './lib/index.js';\n\nawait run();\n");
mkdirSync(join(dist, 'cli'), { recursive: true });
const cli = join(dist, 'cli', 'index.js');
writeFileSync(
  cli,
  "#!/usr/bin/env node\nimport { runCli } from '../lib/index.js';\n\nawait runCli();\n",
);
chmodSync(cli, 0o755);
