import { dirname as __csDirname } from 'node:path';
import { fileURLToPath as __csFileURLToPath } from 'node:url';
const __filename = __csFileURLToPath(import.meta.url);
const __dirname = __csDirname(__filename);
export const id = 835;
export const ids = [835];
export const modules = {

/***/ 35835:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  zp: () => (/* binding */ artifactFromEngine),
  dockerBuild: () => (/* binding */ dockerBuild),
  C7: () => (/* binding */ planBuild)
});

// UNUSED EXPORTS: buildArgs

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(51455);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(48161);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(83916);
// EXTERNAL MODULE: ./src/exec/run.ts
var run = __webpack_require__(86044);
;// CONCATENATED MODULE: ./src/docker/cli.ts
/**
 * The docker CLI we build with, and what it can do. Machines differ: hosted runners have buildx; a
 * distro docker 20.10 has BuildKit built in (`DOCKER_BUILDKIT=1`, supports `--secret`); a newer CLI
 * without the buildx plugin only has the legacy builder. Detected once per CLI path.
 */

/** `CS_DOCKER_CLI` picks the binary, e.g. `/usr/bin/docker` next to a buildx-less one first on PATH. */
function dockerCliPath(env) {
    return env.CS_DOCKER_CLI || 'docker';
}
/** The environment a build runs with: BuildKit switched on or off explicitly, whatever the user had. */
function builderEnv(cli, env) {
    return { ...env, DOCKER_BUILDKIT: cli.kind === 'legacy' ? '0' : '1' };
}
const detected = new Map();
function detectDockerCli(env) {
    const path = dockerCliPath(env);
    let found = detected.get(path);
    if (!found) {
        found = detect(path, env);
        detected.set(path, found);
        found.catch(() => detected.delete(path)); // a missing CLI may be installed later in the run
    }
    return found;
}
async function detect(path, env) {
    const buildx = await probe(path, ['buildx', 'inspect'], env);
    if (buildx.code === 0) {
        const driver = /^Driver:\s*(\S+)/m.exec(buildx.stdout)?.[1] ?? null;
        return { path, kind: 'buildx', driver };
    }
    // Only a CLI with BuildKit built in lists --secret; a buildx-less modern CLI errors instead.
    const help = await probe(path, ['build', '--help'], { ...env, DOCKER_BUILDKIT: '1' });
    const kind = help.code === 0 && help.stdout.includes('--secret') ? 'buildkit' : 'legacy';
    return { path, kind, driver: null };
}
/** A failing exit code is an answer here; only "command not found" throws, and should. */
async function probe(path, args, env) {
    try {
        return await (0,run/* runCommand */.d1)(path, args, { env, stream: 'none' });
    }
    catch (err) {
        if (err instanceof run/* CommandError */.Qd)
            return err.result;
        throw err;
    }
}

// EXTERNAL MODULE: ./src/docker/engine.ts
var engine = __webpack_require__(66556);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(77598);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
;// CONCATENATED MODULE: ./src/builtin/docker/cache.ts
/**
 * BuildKit layer cache kept across workflow runs: buildx exports a local cache directory, and
 * @actions/cache restores and saves it keyed by project, app and a hash of the Dockerfile and the
 * context's dependency manifests. Best effort by design: off GitHub, without buildx, or when the cache
 * service fails, the build goes on uncached with a log line saying why.
 */





/** Files whose change should invalidate the dependency layers. */
const MANIFESTS = ['package.json', 'package-lock.json', 'npm-shrinkwrap.json', 'yarn.lock', 'pnpm-lock.yaml', 'go.mod', 'go.sum', 'requirements.txt', 'poetry.lock', 'Pipfile.lock', 'Gemfile.lock', 'Cargo.lock', 'composer.lock', 'pom.xml', 'build.gradle'];
async function cacheKey(ctx, dockerfile, context) {
    const hash = (0,external_node_crypto_.createHash)('sha256');
    for (const file of [dockerfile, ...MANIFESTS.map((m) => (0,external_node_path_.join)(context, m))]) {
        const content = await (0,promises_.readFile)(file).catch(() => null);
        if (content)
            hash.update(file === dockerfile ? 'Dockerfile' : file.slice(context.length)).update('\0').update(content);
    }
    const prefix = `cs-buildkit-${ctx.project}-${ctx.app}-`;
    return { key: prefix + hash.digest('hex').slice(0, 16), prefix };
}
async function prepareBuildCache(ctx, req, client) {
    if (!req.enabled)
        return null;
    const skip = (why) => (ctx.log.info(`build cache: off (${why})`), null);
    if (req.cli.kind !== 'buildx')
        return skip('exporting a BuildKit cache needs docker buildx');
    if (req.cli.driver === 'docker')
        return skip('the default "docker" buildx driver cannot export a cache; create a builder with docker/setup-buildx-action');
    const cache = client ?? (await __webpack_require__.e(/* import() */ 691).then(__webpack_require__.bind(__webpack_require__, 61691)));
    if (!(await guarded(ctx, 'availability check', () => cache.isFeatureAvailable())))
        return skip('the GitHub Actions cache service is not available here');
    const { key, prefix } = await cacheKey(ctx, req.dockerfile, req.context);
    const dir = (0,external_node_path_.join)(ctx.env.RUNNER_TEMP || (0,external_node_os_.tmpdir)(), 'cs-buildkit-cache', `${ctx.project}-${ctx.app}`);
    const hit = await guarded(ctx, 'restore', () => cache.restoreCache([dir], key, [prefix]));
    ctx.log.info(hit ? `build cache: restored ${hit}` : `build cache: no entry for ${key}`);
    const args = { from: (0,external_node_fs_.existsSync)((0,external_node_path_.join)(dir, 'index.json')) ? dir : null, to: `${dir}-new` };
    return {
        args,
        save: async () => {
            if (hit === key)
                return; // an exact hit is immutable: saving under the same key would fail
            await (0,promises_.rm)(dir, { recursive: true, force: true });
            await (0,promises_.rename)(args.to, dir).catch(() => undefined);
            if ((0,external_node_fs_.existsSync)(dir))
                await guarded(ctx, 'save', () => cache.saveCache([dir], key));
        },
    };
}
async function guarded(ctx, what, fn) {
    try {
        return await fn();
    }
    catch (err) {
        ctx.log.warn(`build cache ${what} failed, building without it: ${err.message}`);
        return undefined;
    }
}

;// CONCATENATED MODULE: ./src/builtin/docker/build.ts
/**
 * The docker image builder, shared with csdocker (which adds Vault secrets). Config → a build plan →
 * docker argv (pure, table-tested like build-push-action's getArgs) → one CLI run with live log → the
 * artifact read back from the engine.
 */








function buildArgs(i) {
    const args = i.kind === 'buildx' ? ['buildx', 'build', '--load'] : ['build'];
    // Plain progress keeps every RUN line in the log; BuildKit's default collapses them off a TTY.
    if (i.kind !== 'legacy')
        args.push('--progress', 'plain');
    args.push('--file', i.dockerfile);
    for (const tag of i.tags)
        args.push('--tag', tag);
    for (const [k, v] of Object.entries(i.buildArgs))
        args.push('--build-arg', `${k}=${v}`);
    for (const [k, v] of Object.entries(i.labels))
        args.push('--label', `${k}=${v}`);
    if (i.target)
        args.push('--target', i.target);
    if (i.platform)
        args.push('--platform', i.platform);
    if (i.noCache)
        args.push('--no-cache');
    for (const from of i.cacheFrom ?? [])
        args.push('--cache-from', from);
    if (i.localCache?.from)
        args.push('--cache-from', `type=local,src=${i.localCache.from}`);
    if (i.localCache)
        args.push('--cache-to', `type=local,dest=${i.localCache.to},mode=max`);
    for (const [id, src] of Object.entries(i.secretFiles ?? {}))
        args.push('--secret', `id=${id},src=${src}`);
    args.push('--iidfile', i.iidfile, i.context);
    return args;
}
function planBuild(ctx, config, opts = {}, now = new Date()) {
    // Repository names must be lowercase; project and app names may not be.
    const image = config.image ?? config.name ?? `${ctx.project}-${ctx.app}`.toLowerCase();
    const context = (0,external_node_path_.resolve)(ctx.appPath, config.context ?? '.');
    const oci = { 'org.opencontainers.image.created': now.toISOString() };
    if (ctx.git.sha)
        oci['org.opencontainers.image.revision'] = ctx.git.sha;
    if (ctx.git.remote)
        oci['org.opencontainers.image.source'] = ctx.git.remote;
    return {
        image,
        tag: config.tag ?? (ctx.git.short_sha || 'latest'),
        context,
        // Like docker: Dockerfile in the context by default; an explicit one resolves against the app path.
        dockerfile: config.dockerfile ? (0,external_node_path_.resolve)(ctx.appPath, config.dockerfile) : (0,external_node_path_.join)(context, 'Dockerfile'),
        labels: { ...oci, ...ctx.labels, ...config.labels },
        buildArgs: { ...config.build_args, ...opts.buildArgs },
        secrets: { ...config.secrets, ...opts.secrets },
    };
}
const SECRET_ID = /^[A-Za-z0-9_.-]+$/;
async function dockerBuild(ctx, config, opts = {}) {
    const plan = planBuild(ctx, config, opts);
    for (const value of Object.values(plan.secrets))
        ctx.redactor.add(value);
    const secretIds = Object.keys(plan.secrets);
    const bad = secretIds.find((id) => !SECRET_ID.test(id));
    if (bad !== undefined)
        throw new errors/* UserError */.yo(`build secret id "${bad}" is not valid`, 'secret ids use letters, digits, "_", "." and "-" (they are the id in RUN --mount=type=secret,id=…)');
    const cli = await detectDockerCli(ctx.env);
    if (secretIds.length > 0 && cli.kind === 'legacy') {
        throw new errors/* UserError */.yo(`build secrets (${secretIds.join(', ')}) need BuildKit, but ${cli.path} has only the legacy builder`, 'install the docker buildx plugin, or point CS_DOCKER_CLI at a docker CLI with BuildKit; secrets are never passed as build args');
    }
    const ref = `${plan.image}:${plan.tag}`;
    const work = await (0,promises_.mkdtemp)((0,external_node_path_.join)(ctx.env.RUNNER_TEMP || (0,external_node_os_.tmpdir)(), 'cs-build-'));
    try {
        const secretFiles = {};
        for (const [id, value] of Object.entries(plan.secrets)) {
            secretFiles[id] = (0,external_node_path_.join)(work, `secret-${id}`);
            await (0,promises_.writeFile)(secretFiles[id], value, { mode: 0o600, flag: 'wx' });
        }
        const cache = await prepareBuildCache(ctx, { cli, enabled: config.cache ?? ctx.inGitHubActions, dockerfile: plan.dockerfile, context: plan.context });
        const iidfile = (0,external_node_path_.join)(work, 'iid');
        const argv = buildArgs({
            kind: cli.kind,
            context: plan.context,
            dockerfile: plan.dockerfile,
            tags: [ref],
            buildArgs: plan.buildArgs,
            labels: plan.labels,
            target: config.target,
            platform: config.platform,
            noCache: config.no_cache,
            cacheFrom: config.cache_from,
            secretFiles,
            localCache: cache?.args,
            iidfile,
        });
        await ctx.log.group(`docker build ${ref} (${cli.kind})`, () => (0,run/* runCommand */.d1)(cli.path, argv, { cwd: plan.context, env: builderEnv(cli, ctx.env), signal: ctx.signal, log: ctx.log, redactor: ctx.redactor, stream: 'info' }));
        await cache?.save();
        const imageId = (await (0,promises_.readFile)(iidfile, 'utf8')).trim();
        return await artifactFromEngine(imageId, plan, opts.builder ?? 'docker');
    }
    finally {
        // Secret files go whatever happened: success, build failure or cancellation.
        await (0,promises_.rm)(work, { recursive: true, force: true });
    }
}
/** The artifact as the engine sees the built image (shared by every builder that leaves an image there). */
async function artifactFromEngine(imageId, plan, builder) {
    const info = await (0,engine/* engine */.Hi)().getImage(imageId).inspect();
    const ports = Object.keys(info.Config.ExposedPorts ?? {}).map((p) => Number.parseInt(p, 10)).filter(Number.isFinite);
    return { id: info.Id.replace(/^sha256:/, '').slice(0, 12), image: plan.image, tag: plan.tag, imageId: info.Id, labels: info.Config.Labels ?? {}, ports, builder };
}


/***/ }),

/***/ 66556:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $k: () => (/* binding */ EngineStreamError),
/* harmony export */   F3: () => (/* binding */ followProgress),
/* harmony export */   Hi: () => (/* binding */ engine),
/* harmony export */   VN: () => (/* binding */ demuxLogs),
/* harmony export */   c4: () => (/* binding */ isNotFound),
/* harmony export */   v_: () => (/* binding */ engineError)
/* harmony export */ });
/* harmony import */ var dockerode__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(39040);
/* harmony import */ var dockerode__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(dockerode__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(83916);
/**
 * The Engine API client (dockerode) shared by push, pull and the container platform. It talks to the
 * same daemon as the CLI: dockerode reads DOCKER_HOST / DOCKER_TLS_VERIFY the way the CLI does.
 */


let client;
function engine() {
    client ??= new (dockerode__WEBPACK_IMPORTED_MODULE_0___default())();
    return client;
}
/**
 * Reads a push/pull stream to its end. The engine reports failures inside the stream with HTTP 200, so
 * the first `error` event rejects; aborting destroys the stream (the engine then cancels the transfer).
 */
function followProgress(stream, signal, onEvent = () => undefined) {
    return new Promise((resolve, reject) => {
        if (signal.aborted)
            return reject(_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .CancelledError */ .cc.from(signal));
        const onAbort = () => {
            stream.destroy?.();
            reject(_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .CancelledError */ .cc.from(signal));
        };
        signal.addEventListener('abort', onAbort, { once: true });
        engine().modem.followProgress(stream, (err, events) => {
            signal.removeEventListener('abort', onAbort);
            if (signal.aborted)
                return;
            if (err)
                return reject(err);
            const failed = events.find((e) => e.error || e.errorDetail?.message);
            if (failed)
                return reject(new EngineStreamError(failed.errorDetail?.message || failed.error || 'unknown error'));
            resolve(events);
        }, onEvent);
    });
}
/** A failure the engine reported inside a progress stream (registry errors end up here). */
class EngineStreamError extends Error {
    constructor(message) {
        super(message);
        this.name = 'EngineStreamError';
    }
}
/** An Engine API refusal (bad parameter, port in use, …) as the one line the engine gave, for users. */
function engineError(what, err) {
    const e = err;
    return e?.statusCode ? new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .yo(`${what}: ${e.json?.message ?? err.message}`) : err;
}
function isNotFound(err) {
    return err?.statusCode === 404;
}
/** Non-TTY container logs are multiplexed: 8-byte frame headers (stream, 0, 0, 0, size BE32) + payload. */
function demuxLogs(buf) {
    let out = '';
    for (let i = 0; i + 8 <= buf.length;) {
        const size = buf.readUInt32BE(i + 4);
        out += buf.subarray(i + 8, i + 8 + size).toString('utf8');
        i += 8 + size;
    }
    return out;
}


/***/ }),

/***/ 86044:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Qd: () => (/* binding */ CommandError),
/* harmony export */   d1: () => (/* binding */ runCommand)
/* harmony export */ });
/* unused harmony export lastLine */
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(31421);
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_child_process__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(83916);
/**
 * Runs an external CLI (docker, nomad-pack, nixpacks). argv is always an array — never a shell — and
 * output is streamed line by line through the redacting logger. We use node's spawn rather than
 * @actions/exec because cancellation needs an AbortSignal and the child's whole process group killed.
 */


/** Grace period between SIGTERM and SIGKILL for a cancelled child. */
const KILL_GRACE_MS = 3000;
/** Captured output is bounded so a chatty build cannot exhaust memory. */
const MAX_CAPTURE = 4 * 1024 * 1024;
class CommandError extends _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .yo {
    command;
    result;
    constructor(command, result, message) {
        super(message);
        this.command = command;
        this.result = result;
        this.name = 'CommandError';
    }
}
function runCommand(file, args, opts = {}) {
    const { log, redactor, signal } = opts;
    const shown = [file, ...args].map(quoteForDisplay).join(' ');
    log?.debug(`$ ${redactor ? redactor.redact(shown) : shown}`);
    if (signal?.aborted)
        return Promise.reject(_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .CancelledError */ .cc.from(signal));
    return new Promise((resolve, reject) => {
        const env = opts.env ? Object.fromEntries(Object.entries(opts.env).filter(([, v]) => v !== undefined)) : process.env;
        const child = (0,node_child_process__WEBPACK_IMPORTED_MODULE_0__.spawn)(file, args, { cwd: opts.cwd, env: env, detached: true, stdio: ['pipe', 'pipe', 'pipe'] });
        const out = { stdout: '', stderr: '' };
        let killTimer;
        const killGroup = (sig) => {
            try {
                if (child.pid)
                    process.kill(-child.pid, sig);
            }
            catch {
                /* already gone */
            }
        };
        const onAbort = () => {
            killGroup('SIGTERM');
            killTimer = setTimeout(() => killGroup('SIGKILL'), KILL_GRACE_MS);
            killTimer.unref();
        };
        signal?.addEventListener('abort', onAbort, { once: true });
        for (const from of ['stdout', 'stderr']) {
            let partial = '';
            child[from].setEncoding('utf8');
            child[from].on('data', (chunk) => {
                if (out[from].length < MAX_CAPTURE)
                    out[from] += chunk;
                const lines = (partial + chunk).split(/\r?\n/);
                partial = lines.pop() ?? '';
                for (const line of lines)
                    emit(line, from);
            });
            child[from].on('end', () => partial && emit(partial, from));
        }
        function emit(line, from) {
            opts.onLine?.(line, from);
            if (opts.stream === 'info')
                log?.info(line);
            else if (opts.stream !== 'none')
                log?.debug(line);
        }
        child.stdin.on('error', () => undefined); // a child that exits without reading stdin is not our error
        child.stdin.end(opts.input ?? '');
        child.on('error', (err) => {
            signal?.removeEventListener('abort', onAbort);
            const msg = err.code === 'ENOENT' ? `${file}: command not found` : `${file}: ${err.message}`;
            reject(new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .yo(msg, err.code === 'ENOENT' ? `install ${file} or set its path (see README)` : undefined));
        });
        child.on('close', (code, sig) => {
            signal?.removeEventListener('abort', onAbort);
            if (killTimer)
                clearTimeout(killTimer);
            if (signal?.aborted)
                return reject(_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .CancelledError */ .cc.from(signal));
            const result = { code: code ?? (sig ? 128 : 1), ...out };
            if ((opts.okCodes ?? [0]).includes(result.code))
                return resolve(result);
            const last = lastLine(result.stderr) || lastLine(result.stdout);
            const text = `${file} ${args[0] ?? ''} failed with exit code ${result.code}${last ? `: ${last}` : ''}`;
            reject(new CommandError(file, result, redactor ? redactor.redact(text) : text));
        });
    });
}
function lastLine(text) {
    const lines = text.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
    return lines[lines.length - 1] ?? '';
}
function quoteForDisplay(arg) {
    return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}


/***/ })

};
