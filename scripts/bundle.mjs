#!/usr/bin/env node
// Builds dist/: one ncc bundle (dist/lib/) shared by the action (dist/index.js) and the CLI
// (dist/cli/index.js), plus the files the bundle loads at run time.
import { chmodSync, copyFileSync, cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { minify } from 'terser';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const lib = join(dist, 'lib');
const ncc = createRequire(import.meta.url)('@vercel/ncc');

/** Writes what ncc returns: the entry as index.js, the chunks and assets beside it. */
async function nccBuild(entry, outDir, options) {
  // transpileOnly: tsc --noEmit type-checks separately; ncc's own checker would stop on unrelated files.
  const { code, assets } = await ncc(join(root, entry), { minify: true, transpileOnly: true, quiet: true, ...options });
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'index.js'), code);
  for (const [name, asset] of Object.entries(assets)) {
    mkdirSync(dirname(join(outDir, name)), { recursive: true });
    writeFileSync(join(outDir, name), asset.source, { mode: asset.permissions });
  }
}

// ncc minifies only each entry's index.js; the lazily loaded chunks (Azure SDK under @actions/cache,
// dockerode, node-vault, ssh2) are most of dist/. Same terser options as ncc's own pass.
const MINIFY = { module: true, compress: false, mangle: { keep_classnames: true, keep_fnames: true } };

rmSync(dist, { recursive: true, force: true });
// dockerode requires gRPC and ssh2 as it loads: ~100 ms of CPU and ~20 MB in every run that talks to the
// engine. gRPC serves only dockerode's buildImage (never called); ssh2 only DOCKER_HOST=ssh://…, so it is
// bundled on its own and loaded on the first ssh connection. The shims say so (scripts/shims/). `debug` would
// print secrets past the redactor when DEBUG is set (no-debug.cjs).
await nccBuild('src/bundle-entry.ts', lib, {
  license: 'licenses.txt',
  externals: { '@grpc/grpc-js': './shims/no-grpc.cjs', '@grpc/proto-loader': './shims/no-grpc.cjs', ssh2: './shims/ssh2.cjs', debug: './shims/no-debug.cjs' },
});
cpSync(join(root, 'scripts/shims'), join(lib, 'shims'), { recursive: true });
const ssh2 = join(lib, 'ssh2');
await nccBuild('scripts/ssh2-bundle/entry.cjs', ssh2, { license: 'licenses.txt' });
// CommonJS under dist/lib's "type": "module".
writeFileSync(join(ssh2, 'package.json'), '{ "type": "commonjs" }\n');
writeFileSync(join(ssh2, 'index.js'), (await minify(readFileSync(join(ssh2, 'index.js'), 'utf8'), { ...MINIFY, module: false })).code);

// CommonJS dependencies (hcl2json's wasm loader, dockerode's proto paths) read __dirname/__filename, which ESM
// lacks: each emitted file gets them, pointing at itself. hcl2json also looks for main.wasm.gz one directory
// up from its own lib/; point it at the copy we ship beside the bundle, and fail loudly if it changed shape.
const CJS_GLOBALS =
  "import { dirname as __csDirname } from 'node:path';\n" +
  "import { fileURLToPath as __csFileURLToPath } from 'node:url';\n" +
  'const __filename = __csFileURLToPath(import.meta.url);\n' +
  'const __dirname = __csDirname(__filename);\n';
const WASM_READ = /\(0,\s*(\w+)\.join\)\(__dirname,\s*"\.\.",\s*"main\.wasm\.gz"\)/g;
let patched = 0;
for (const file of readdirSync(lib).filter((f) => f.endsWith('.js'))) {
  const path = join(lib, file);
  let code = readFileSync(path, 'utf8');
  const reads = code.match(WASM_READ)?.length ?? 0;
  code = code.replace(WASM_READ, 'new URL("./main.wasm.gz", import.meta.url)');
  patched += reads;
  if (file !== 'index.js') code = (await minify(code, MINIFY)).code;
  writeFileSync(path, CJS_GLOBALS + code);
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
