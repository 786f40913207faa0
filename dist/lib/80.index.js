import { dirname as __csDirname } from 'node:path';
import { fileURLToPath as __csFileURLToPath } from 'node:url';
const __filename = __csFileURLToPath(import.meta.url);
const __dirname = __csDirname(__filename);
export const id = 80;
export const ids = [80,835];
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


/***/ }),

/***/ 52682:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  _I: () => (/* reexport */ warnSecretExposure),
  _o: () => (/* reexport */ withVaultSecrets)
});

// UNUSED EXPORTS: VaultError

// EXTERNAL MODULE: ./node_modules/node-vault/src/index.js
var src = __webpack_require__(58096);
var src_default = /*#__PURE__*/__webpack_require__.n(src);
// EXTERNAL MODULE: external "node:http"
var external_node_http_ = __webpack_require__(37067);
var external_node_http_default = /*#__PURE__*/__webpack_require__.n(external_node_http_);
// EXTERNAL MODULE: external "node:https"
var external_node_https_ = __webpack_require__(44708);
var external_node_https_default = /*#__PURE__*/__webpack_require__.n(external_node_https_);
// EXTERNAL MODULE: external "node:timers/promises"
var promises_ = __webpack_require__(58500);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(83916);
;// CONCATENATED MODULE: ./src/vault/transport.ts
/**
 * The HTTP transport node-vault sends every request through (its `request-promise` hook). node-vault
 * keeps what it is good at — paths, the X-Vault-Token and X-Vault-Namespace headers, turning error
 * bodies into errors, token renewal — but its built-in axios transport forwards no AbortSignal (a
 * cancelled run could not stop a hanging request) and has no retries. So this one adds: a per-attempt
 * timeout, cancellation, retries with backoff on 5xx/412/network errors (never on other 4xx, which
 * will not change), and the TLS settings (CA, skip-verify).
 */




/** A request that never got an HTTP answer (refused, reset, timed out, or a certificate we do not trust). */
class VaultUnreachableError extends Error {
    origin;
    reason;
    tls;
    constructor(origin, reason, 
    /** A certificate problem: retrying cannot fix it. */
    tls) {
        super(`Vault at ${origin} did not answer: ${reason}`);
        this.origin = origin;
        this.reason = reason;
        this.tls = tls;
        this.name = 'VaultUnreachableError';
    }
}
const TLS_FAILURE = /CERT|SELF_SIGNED|TLS|SSL|UNABLE_TO_(VERIFY|GET_ISSUER)/;
/** First backoff delay, doubled per retry, jittered ±25% so parallel apps do not retry in lockstep. */
const FIRST_BACKOFF_MS = 250;
const MAX_BACKOFF_MS = 5000;
function isRetryableStatus(status) {
    return status >= 500 || status === 412; // 412: a performance standby has not caught up yet
}
/** The object node-vault's `request-promise` option expects: `.defaults()` returns the request function. */
function vaultTransport(settings) {
    const agent = new (external_node_https_default()).Agent({ ca: settings.caCert, rejectUnauthorized: !settings.skipVerify });
    async function request(req) {
        for (let attempt = 0;; attempt++) {
            const last = attempt >= settings.maxRetries;
            try {
                const res = await sendOnce(req, agent, settings.timeoutMs);
                if (last || !isRetryableStatus(res.statusCode))
                    return res;
            }
            catch (err) {
                if (last || !(err instanceof VaultUnreachableError) || err.tls)
                    throw err;
            }
            const delay = Math.min(MAX_BACKOFF_MS, FIRST_BACKOFF_MS * 2 ** attempt) * (0.75 + Math.random() / 2);
            try {
                await (0,promises_.setTimeout)(delay, undefined, { signal: req.signal });
            }
            catch {
                throw errors/* CancelledError */.cc.from(req.signal); // only an abort ends the sleep early
            }
        }
    }
    return { defaults: () => request };
}
function sendOnce(req, agent, timeoutMs) {
    const url = new URL(req.uri);
    if (req.signal?.aborted)
        return Promise.reject(errors/* CancelledError */.cc.from(req.signal));
    const payload = req.json === undefined ? undefined : JSON.stringify(req.json);
    const headers = { ...req.headers, accept: 'application/json' };
    if (payload !== undefined)
        Object.assign(headers, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(payload)) });
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = req.signal ? AbortSignal.any([req.signal, timeout]) : timeout;
    const send = url.protocol === 'https:' ? (external_node_https_default()).request : (external_node_http_default()).request;
    return new Promise((resolve, reject) => {
        const r = send(url, { method: req.method, headers, signal, ...(url.protocol === 'https:' ? { agent } : {}) }, (res) => {
            let text = '';
            res.setEncoding('utf8');
            res.on('data', (chunk) => (text += chunk));
            res.on('error', fail);
            res.on('end', () => resolve({ statusCode: res.statusCode ?? 0, body: parseBody(text), request: { path: url.pathname } }));
        });
        r.on('error', fail);
        r.end(payload);
        function fail(err) {
            if (req.signal?.aborted)
                return reject(errors/* CancelledError */.cc.from(req.signal));
            const reason = timeout.aborted ? `no answer within ${timeoutMs / 1000}s (vault_timeout)` : (err.code ?? err.message);
            reject(new VaultUnreachableError(url.origin, reason, !timeout.aborted && TLS_FAILURE.test(reason)));
        }
    });
}
function parseBody(text) {
    if (!text)
        return {};
    try {
        return JSON.parse(text);
    }
    catch {
        return { errors: [text.slice(0, 200)] }; // a proxy's HTML page, say: keep a hint of it
    }
}

;// CONCATENATED MODULE: ./src/vault/client.ts
/** A node-vault client wired to our transport and to the resolved settings only. */


function createVaultClient(s) {
    const client = src_default()({
        endpoint: s.address,
        'request-promise': vaultTransport({ caCert: s.caCert, skipVerify: s.skipVerify, timeoutMs: s.timeoutMs, maxRetries: s.maxRetries }),
    });
    // node-vault falls back to process.env (VAULT_TOKEN, VAULT_NAMESPACE, VAULT_PREFIX) for what is not
    // configured; settings were resolved from the run's env already, so nothing else may leak in.
    client.token = s.authMethod === 'token' && s.token ? s.token : '';
    const internals = client;
    internals.namespace = s.namespace;
    internals.pathPrefix = '';
    return client;
}

// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 7 modules
var core = __webpack_require__(33838);
;// CONCATENATED MODULE: ./src/vault/errors.ts


class VaultError extends errors/* UserError */.yo {
    status;
    constructor(message, status, hint) {
        super(message, hint);
        this.status = status;
        this.name = 'VaultError';
    }
}
const HINTS = {
    400: 'check the auth settings (role_id/secret_id, role, jwt) and the auth mount',
    403: "the token's policies do not allow this, or the token is invalid or expired",
    404: 'check the path and that the secrets engine is mounted there',
};
function statusOf(err) {
    return isApiResponse(err) ? err.response.statusCode : err instanceof VaultError ? err.status : null;
}
function toVaultError(err, operation, redactor) {
    if (err instanceof errors/* CancelledError */.cc || err instanceof VaultError)
        return err;
    if (err instanceof VaultUnreachableError) {
        const hint = err.tls ? "set ca_cert / VAULT_CACERT to the CA that signed Vault's certificate" : 'check VAULT_ADDR / address, the network, and vault_timeout';
        return new VaultError(redactor.redact(`Vault ${operation} failed: ${err.message}`), null, hint);
    }
    if (isApiResponse(err)) {
        const { statusCode, body } = err.response;
        const reasons = vaultErrors(body);
        const text = `Vault ${operation} failed: HTTP ${statusCode}${reasons ? ` (${reasons})` : ''}`;
        return new VaultError(redactor.redact(text), statusCode, HINTS[statusCode]);
    }
    const message = err instanceof Error ? err.message : String(err);
    return new VaultError(redactor.redact(`Vault ${operation} failed: ${message}`), null);
}
function isApiResponse(err) {
    const r = err?.response;
    return typeof r === 'object' && r !== null && typeof r.statusCode === 'number';
}
function vaultErrors(body) {
    const errors = body?.errors;
    return Array.isArray(errors) ? errors.filter((e) => typeof e === 'string').join('; ') : '';
}

;// CONCATENATED MODULE: ./src/vault/auth.ts
/**
 * Logging in. A token the user supplied is used as is and never revoked; approle and jwt logins
 * yield a token we own, which the caller renews and revokes (see lease.ts).
 */



async function login(client, s, ctx) {
    const requestOptions = { signal: ctx.signal };
    let response;
    switch (s.authMethod) {
        case 'token':
            if (!s.token)
                throw new errors/* UserError */.yo('Vault auth_method "token" needs a token', 'set token / vault_token, the action input vault-token, or VAULT_TOKEN');
            return { owned: false, ttlSeconds: 0, renewable: false };
        case 'approle': {
            if (!s.roleId || !s.secretId)
                throw new errors/* UserError */.yo('Vault auth_method "approle" needs role_id and secret_id', 'e.g. role_id = env("VAULT_ROLE_ID"), secret_id = env("VAULT_SECRET_ID")');
            response = await call(`approle login at auth/${s.mount}`, () => client.approleLogin({ mount_point: s.mount, role_id: s.roleId, secret_id: s.secretId, requestOptions }));
            break;
        }
        case 'jwt': {
            if (!s.role)
                throw new errors/* UserError */.yo('Vault auth_method "jwt" needs a role', 'set role (vault {} block) or vault_role (build stanza)');
            const jwt = await jwtFor(s, ctx);
            response = await call(`jwt login at auth/${s.mount} (role ${s.role})`, () => client.jwtLogin({ mount_point: s.mount, role: s.role, jwt, requestOptions }));
            break;
        }
    }
    const token = response.auth?.client_token;
    ctx.redactor.add(token);
    if (!token)
        throw new errors/* UserError */.yo(`Vault ${s.authMethod} login at auth/${s.mount} returned no client_token`);
    ctx.log.debug(`Vault: logged in with ${s.authMethod} at auth/${s.mount} (ttl ${response.auth?.lease_duration ?? 0}s)`);
    return { owned: true, ttlSeconds: response.auth?.lease_duration ?? 0, renewable: response.auth?.renewable ?? false };
    async function call(operation, fn) {
        try {
            return await fn();
        }
        catch (err) {
            throw toVaultError(err, operation, ctx.redactor);
        }
    }
}
/** Inside GitHub Actions the OIDC id-token is the jwt; elsewhere `jwt` / VAULT_JWT. */
async function jwtFor(s, ctx) {
    if (s.jwt)
        return s.jwt;
    if (!ctx.inGitHubActions)
        throw new errors/* UserError */.yo('Vault auth_method "jwt" needs a jwt outside GitHub Actions', 'set jwt in the vault {} block or VAULT_JWT');
    try {
        const jwt = await core/* getIDToken */.V9(s.jwtAudience);
        ctx.redactor.add(jwt);
        return jwt;
    }
    catch (err) {
        throw new errors/* UserError */.yo(`cannot get a GitHub OIDC token for Vault: ${err instanceof Error ? err.message : String(err)}`, 'give the job `permissions: id-token: write`');
    }
}

;// CONCATENATED MODULE: ./src/vault/lease.ts

class TokenLease {
    client;
    login;
    log;
    redactor;
    released = null;
    constructor(client, login, log, redactor) {
        this.client = client;
        this.login = login;
        this.log = log;
        this.redactor = redactor;
    }
    startRenewal() {
        const { owned, renewable, ttlSeconds } = this.login;
        if (!owned || !renewable || ttlSeconds <= 0)
            return;
        this.client.on('token:renewed', (res) => {
            this.log.debug(`Vault: token renewed (ttl ${res.auth?.lease_duration ?? '?'}s)`);
        });
        this.client.on('token:error:renew', (err) => {
            if (!this.released)
                this.log.warn(`${toVaultError(err, 'token renewal', this.redactor).message}; the token may expire before the build ends`);
        });
        this.client.on('token:expired', () => {
            if (!this.released)
                this.log.warn('Vault: the token reached its max TTL and can no longer be renewed');
        });
        void this.client.startTokenRenewal({ ttl: ttlSeconds, renewFraction: 0.5 });
    }
    /** Idempotent: every caller (finally, abort listener) gets the same single revoke. */
    release() {
        this.released ??= this.revoke();
        return this.released;
    }
    async revoke() {
        this.client.stopTokenRenewal();
        if (!this.login.owned)
            return;
        try {
            await this.client.tokenRevokeSelf();
            this.log.debug('Vault: token revoked');
        }
        catch (err) {
            this.log.warn(`${toVaultError(err, 'token revoke', this.redactor).message}; it expires at the end of its TTL`);
        }
        finally {
            this.client.token = '';
        }
    }
}

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
;// CONCATENATED MODULE: ./src/vault/settings.ts
/**
 * Where Vault is and how to log in: the project `vault {}` block, overridden field by field by a build
 * stanza's `vault_*` fields, then the VAULT_* environment the vault CLI also reads. Every credential is
 * registered with the redactor here, before any request or log line can carry it.
 */



const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_MAX_RETRIES = 3;
const TRUE = /^(1|true|yes)$/i;
/** Per-build fields win over the project block; the environment fills what neither sets. */
function resolveVaultSettings(ctx, fields) {
    const base = ctx.vault ?? {};
    const env = ctx.env;
    const s = {
        ...base,
        ...defined({
            address: fields.vault_address,
            auth_method: fields.vault_auth_method,
            mount: fields.vault_mount,
            token: fields.vault_token,
            role: fields.vault_role,
            role_id: fields.role_id,
            secret_id: fields.secret_id,
            namespace: fields.vault_namespace,
            ca_cert: fields.vault_ca_cert,
            skip_verify: fields.vault_tls_skip_verify,
        }),
    };
    const token = s.token ?? env.VAULT_TOKEN;
    const jwt = s.jwt ?? env.VAULT_JWT;
    // role_id is an identifier, not a credential (vault-action does not mask it either); masking a
    // custom one such as "build" would blank that word out of every log line.
    for (const credential of [token, s.secret_id, jwt])
        ctx.redactor.add(credential);
    const address = s.address ?? env.VAULT_ADDR;
    if (!address)
        throw new errors/* UserError */.yo('no Vault address', 'set `address` in the vault {} block, `vault_address` in the build stanza, or VAULT_ADDR');
    if (!/^https?:\/\/[^/]/.test(address))
        throw new errors/* UserError */.yo(`Vault address "${address}" is not an http(s) URL`, 'write it like https://vault.example.com:8200');
    const authMethod = s.auth_method ?? inferAuthMethod(s, token, jwt, ctx.inGitHubActions);
    const skipVerify = s.skip_verify ?? TRUE.test(env.VAULT_SKIP_VERIFY ?? '');
    if (skipVerify) {
        ctx.log.warn(`!!! Vault TLS certificate verification is DISABLED (skip_verify): anyone on the network path to ${address} can read the Vault token and every secret. Use ca_cert instead.`);
    }
    return {
        address: address.replace(/\/+$/, ''),
        authMethod,
        mount: trimSlashes(s.mount ?? authMethod),
        token,
        roleId: s.role_id,
        secretId: s.secret_id,
        role: s.role,
        jwt,
        jwtAudience: s.jwt_audience,
        namespace: s.namespace ?? env.VAULT_NAMESPACE,
        caCert: readCaCert(s.ca_cert ?? env.VAULT_CACERT, ctx.workspace),
        skipVerify,
        timeoutMs: fields.vault_timeout ?? DEFAULT_TIMEOUT_MS,
        maxRetries: fields.vault_max_retries ?? DEFAULT_MAX_RETRIES,
        paths: fields.secrets_path ?? [],
    };
}
/** Without `auth_method`, the credentials present decide — config fields before environment. */
function inferAuthMethod(s, token, jwt, inGitHubActions) {
    if (s.role_id || s.secret_id)
        return 'approle';
    if (token)
        return 'token';
    if (jwt || (inGitHubActions && s.role))
        return 'jwt';
    throw new errors/* UserError */.yo('no Vault credentials', 'set auth_method with role_id/secret_id (approle), token or VAULT_TOKEN (token), or role with GitHub OIDC or VAULT_JWT (jwt)');
}
/** `ca_cert` holds PEM text or a file path (relative to the config directory). */
function readCaCert(value, workspace) {
    if (!value)
        return undefined;
    if (value.includes('-----BEGIN'))
        return value;
    const file = (0,external_node_path_.resolve)(workspace, value);
    try {
        return (0,external_node_fs_.readFileSync)(file, 'utf8');
    }
    catch {
        throw new errors/* UserError */.yo(`Vault CA certificate ${file} cannot be read`, 'point ca_cert / VAULT_CACERT at a PEM file, or put the PEM text in ca_cert');
    }
}
function defined(o) {
    return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}
function trimSlashes(path) {
    return path.replace(/^\/+|\/+$/g, '');
}

;// CONCATENATED MODULE: ./src/vault/kv.ts


async function readKv(path, deps) {
    const clean = trimSlashes(path);
    const mount = await detectMount(clean, deps);
    if (mount?.version === 2) {
        const inner = clean.slice(mount.path.length).replace(/^data\//, '');
        const body = await read(`${mount.path}data/${inner}`, path, deps);
        return { data: objectAt(body, 'data', 'data') ?? {}, version: 2 };
    }
    const body = await read(clean, path, deps);
    const v2Shape = !mount && objectAt(body, 'data', 'metadata') !== undefined;
    return v2Shape ? { data: objectAt(body, 'data', 'data') ?? {}, version: 2 } : { data: objectAt(body, 'data') ?? {}, version: 1 };
}
async function detectMount(path, deps) {
    try {
        const body = await deps.client.read(`sys/internal/ui/mounts/${encodePath(path)}`, { signal: deps.signal });
        const data = objectAt(body, 'data');
        if (!data || typeof data.path !== 'string')
            return null;
        const options = data.options;
        return { path: data.path.endsWith('/') ? data.path : `${data.path}/`, version: String(options?.version) === '2' ? 2 : 1 };
    }
    catch (err) {
        const status = statusOf(err);
        if (status !== null && status >= 400 && status < 500)
            return null; // no preflight permission: read as written
        throw toVaultError(err, `mount lookup for "${path}"`, deps.redactor);
    }
}
async function read(apiPath, asWritten, deps) {
    try {
        return await deps.client.read(encodePath(apiPath), { signal: deps.signal });
    }
    catch (err) {
        if (statusOf(err) === 404) {
            throw new VaultError(`Vault secret "${asWritten}" not found (read ${apiPath})`, 404, 'check secrets_path: the path, its mount, and for KV v2 that the secret has a live version');
        }
        throw toVaultError(err, `read of secret "${asWritten}"`, deps.redactor);
    }
}
function encodePath(path) {
    return path.split('/').map(encodeURIComponent).join('/');
}
function objectAt(value, ...keys) {
    let v = value;
    for (const k of keys)
        v = v && typeof v === 'object' ? v[k] : undefined;
    return v && typeof v === 'object' && !Array.isArray(v) ? v : undefined;
}

;// CONCATENATED MODULE: ./src/vault/secrets.ts





/**
 * Runs `work` with the secrets at `fields.secrets_path` (none configured → `{}` without contacting
 * Vault). Every value is registered with the redactor as soon as it arrives.
 */
async function withVaultSecrets(ctx, fields, work) {
    if (!fields.secrets_path?.length)
        return work({});
    const settings = resolveVaultSettings(ctx, fields);
    const client = createVaultClient(settings);
    const lease = new TokenLease(client, await login(client, settings, ctx), ctx.log, ctx.redactor);
    const onAbort = () => void lease.release();
    ctx.signal.addEventListener('abort', onAbort, { once: true });
    try {
        lease.startRenewal();
        const secrets = {};
        const origin = new Map();
        for (const path of settings.paths) {
            const { data, version } = await readKv(path, { client, redactor: ctx.redactor, signal: ctx.signal });
            const values = Object.entries(data).map(([key, raw]) => [key, encode(raw)]);
            for (const [, value] of values)
                ctx.redactor.add(value);
            for (const [key, value] of values) {
                const earlier = origin.get(key);
                if (earlier !== undefined && earlier !== path)
                    ctx.log.warn(`Vault: key ${key} from ${path} overrides the one from ${earlier}`);
                secrets[key] = value;
                origin.set(key, path);
            }
            ctx.log.info(`Vault: read ${values.length} key(s) from ${path} (KV v${version}): ${values.map(([k]) => k).join(', ')}`);
        }
        return await work(secrets);
    }
    finally {
        ctx.signal.removeEventListener('abort', onAbort);
        await lease.release();
    }
}
/** Non-string values (numbers, objects) are kept as their JSON text, never dropped. */
function encode(value) {
    return typeof value === 'string' ? value : JSON.stringify(value);
}

;// CONCATENATED MODULE: ./src/vault/exposure.ts
/** Names the keys, never the values: the point is that the user can see what will be exposed. */
function warnSecretExposure(log, keys, mode, where) {
    if (keys.length === 0)
        return;
    log.warn(`secrets_mode = "${mode}": Vault keys ${keys.join(', ')} will be stored in ${where}, readable by anyone who can pull the image`);
}

;// CONCATENATED MODULE: ./src/vault/index.ts
/** Vault secrets for plugins: `withVaultSecrets` is the whole API a builder needs. */





/***/ })

};
