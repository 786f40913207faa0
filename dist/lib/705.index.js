import { dirname as __csDirname } from 'node:path';
import { fileURLToPath as __csFileURLToPath } from 'node:url';
const __filename = __csFileURLToPath(import.meta.url);
const __dirname = __csDirname(__filename);
export const id = 705;
export const ids = [705];
export const modules = {

/***/ 73705:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   pushImage: () => (/* binding */ pushImage)
/* harmony export */ });
/* unused harmony exports pushTarget, digestFromEvents */
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(83916);
/* harmony import */ var _docker_credentials_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(17898);
/* harmony import */ var _docker_engine_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(66556);
/* harmony import */ var _docker_reference_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(42977);
/* harmony import */ var _docker_transfer_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(31438);





/**
 * `image` (default: the artifact's) goes to `registry` (stanza, else `REGISTRY_URL`) under `namespace`
 * unless the image already names a registry host.
 */
function pushTarget(config, artifact, env) {
    const image = config.image ?? artifact.image;
    const registry = config.registry ?? env.REGISTRY_URL;
    const written = (0,_docker_reference_js__WEBPACK_IMPORTED_MODULE_4__/* .registryHost */ .U$)(image) !== _docker_reference_js__WEBPACK_IMPORTED_MODULE_4__/* .DOCKER_HUB */ .Xb || image.startsWith(`${_docker_reference_js__WEBPACK_IMPORTED_MODULE_4__/* .DOCKER_HUB */ .Xb}/`);
    let repository = image;
    if (!written) {
        const path = config.namespace ? `${config.namespace}/${(0,_docker_reference_js__WEBPACK_IMPORTED_MODULE_4__/* .repositoryPath */ .SH)(image)}` : image;
        repository = registry ? `${(0,_docker_reference_js__WEBPACK_IMPORTED_MODULE_4__/* .normaliseRegistry */ .Me)(registry)}/${path}` : path;
    }
    return { repository: repository.toLowerCase(), tag: config.tag ?? artifact.tag, registry: (0,_docker_reference_js__WEBPACK_IMPORTED_MODULE_4__/* .registryHost */ .U$)(repository) };
}
async function pushImage(ctx, config, artifact, retryDelayMs) {
    const target = pushTarget(config, artifact, ctx.env);
    const resolution = (0,_docker_credentials_js__WEBPACK_IMPORTED_MODULE_1__/* .resolveCredentials */ .z)({ registry: target.registry, stanza: config.auth ?? config, env: ctx.env, redactor: ctx.redactor });
    const docker = (0,_docker_engine_js__WEBPACK_IMPORTED_MODULE_2__/* .engine */ .Hi)();
    await docker.getImage(artifact.imageId ?? `${artifact.image}:${artifact.tag}`).tag({ repo: target.repository, tag: target.tag });
    const ref = `${target.repository}:${target.tag}`;
    if (config.insecure)
        ctx.log.info(`insecure = true: plain-HTTP registries work only when the engine lists ${target.registry} in "insecure-registries" (127.0.0.0/8 is allowed by default)`);
    const events = await (0,_docker_transfer_js__WEBPACK_IMPORTED_MODULE_3__/* .transfer */ .k)(ctx, {
        verb: 'push',
        ref,
        registry: target.registry,
        resolution,
        retryDelayMs,
        start: () => docker.getImage(ref).push({ tag: target.tag, authconfig: resolution.credentials?.auth, abortSignal: ctx.signal }),
    });
    const digest = digestFromEvents(events);
    if (!digest)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo(`pushed ${ref} but the engine reported no digest`, 'check the registry and engine logs');
    ctx.log.info(`pushed ${ref}@${digest}`);
    return { image: (0,_docker_reference_js__WEBPACK_IMPORTED_MODULE_4__/* .formatReference */ .FH)({ repository: target.repository, tag: target.tag, digest }), repository: target.repository, tag: target.tag, digest };
}
function digestFromEvents(events) {
    for (const e of events) {
        const digest = e.aux?.Digest ?? /digest: (sha256:[a-f0-9]{64})/.exec(e.status ?? '')?.[1];
        if (digest)
            return digest;
    }
    return null;
}


/***/ }),

/***/ 62670:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   y: () => (/* binding */ sleep)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(83916);
/** An abortable wait: every wait in the docker plugin honours the run's AbortSignal. */

/** setTimeout that rejects with CancelledError as soon as the signal aborts. */
function sleep(ms, signal) {
    return new Promise((resolve, reject) => {
        if (signal.aborted)
            return reject(_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .CancelledError */ .cc.from(signal));
        const onAbort = () => {
            clearTimeout(timer);
            reject(_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .CancelledError */ .cc.from(signal));
        };
        const timer = setTimeout(() => {
            signal.removeEventListener('abort', onAbort);
            resolve();
        }, ms);
        signal.addEventListener('abort', onAbort, { once: true });
    });
}


/***/ }),

/***/ 17898:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   z: () => (/* binding */ resolveCredentials)
/* harmony export */ });
/* unused harmony export dockerConfigFile */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(73024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(48161);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_os__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(76760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(83916);
/* harmony import */ var _reference_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(42977);
/**
 * The one place registry credentials are resolved, for pushing and for pulling. Order: the registry
 * stanza, then `REGISTRY_USERNAME`/`REGISTRY_PASSWORD` (only for `REGISTRY_URL`'s registry when that is
 * set), then the `auths` of `$DOCKER_CONFIG/config.json` or `~/.docker/config.json` (what `docker login`
 * and docker/login-action leave behind). Every secret found is registered with the redactor at once.
 */





function resolveCredentials(q) {
    const registry = (0,_reference_js__WEBPACK_IMPORTED_MODULE_4__/* .normaliseRegistry */ .Me)(q.registry);
    q.redactor.add(q.env.REGISTRY_PASSWORD); // a credential whichever source wins
    const tried = [];
    const found = (auth, source, origin) => {
        q.redactor.add(auth.password);
        q.redactor.add(auth.identitytoken);
        return { credentials: { auth: { serveraddress: registry, ...auth }, source, origin }, tried: [...tried, origin] };
    };
    if (q.stanza && (q.stanza.username || q.stanza.password)) {
        q.redactor.add(q.stanza.password);
        if (!q.stanza.username || !q.stanza.password) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .UserError */ .yo('registry stanza: username and password must be given together', 'set both (or use auth = { username, password }), or neither to use REGISTRY_* env or the docker config');
        }
        return found({ username: q.stanza.username, password: q.stanza.password }, 'stanza', `registry stanza (user "${q.stanza.username}")`);
    }
    tried.push('registry stanza (none given)');
    const { REGISTRY_USERNAME: user, REGISTRY_PASSWORD: pass, REGISTRY_URL: url } = q.env;
    if (user && pass && (!url || (0,_reference_js__WEBPACK_IMPORTED_MODULE_4__/* .normaliseRegistry */ .Me)(url) === registry)) {
        return found({ username: user, password: pass }, 'env', `REGISTRY_USERNAME/REGISTRY_PASSWORD (user "${user}")`);
    }
    tried.push(url && (0,_reference_js__WEBPACK_IMPORTED_MODULE_4__/* .normaliseRegistry */ .Me)(url) !== registry ? `REGISTRY_* env (for ${(0,_reference_js__WEBPACK_IMPORTED_MODULE_4__/* .normaliseRegistry */ .Me)(url)}, not ${registry})` : 'REGISTRY_USERNAME/REGISTRY_PASSWORD (unset)');
    const file = dockerConfigFile(q.env);
    const entry = readAuths(file).get(registry);
    if (entry) {
        const auth = decodeAuthEntry(entry);
        if (auth)
            return found(auth, 'docker-config', `${file} auths["${registry}"]`);
    }
    tried.push(`${file} (no auths entry for ${registry})`);
    return { credentials: null, tried };
}
function dockerConfigFile(env) {
    return (0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(env.DOCKER_CONFIG || (0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(env.HOME || (0,node_os__WEBPACK_IMPORTED_MODULE_1__.homedir)(), '.docker'), 'config.json');
}
/** `auths` keyed by normalised host; a missing or unreadable file is simply no credentials. */
function readAuths(file) {
    let parsed;
    try {
        parsed = JSON.parse((0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readFileSync)(file, 'utf8'));
    }
    catch {
        return new Map();
    }
    const auths = parsed?.auths ?? {};
    return new Map(Object.entries(auths).map(([key, entry]) => [(0,_reference_js__WEBPACK_IMPORTED_MODULE_4__/* .normaliseRegistry */ .Me)(key), entry]));
}
function decodeAuthEntry(entry) {
    if (entry.identitytoken)
        return { identitytoken: entry.identitytoken };
    if (entry.username && entry.password)
        return { username: entry.username, password: entry.password };
    if (!entry.auth)
        return null;
    const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    return colon > 0 ? { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) } : null;
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

/***/ 42977:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   F2: () => (/* binding */ parseReference),
/* harmony export */   FH: () => (/* binding */ formatReference),
/* harmony export */   Me: () => (/* binding */ normaliseRegistry),
/* harmony export */   SH: () => (/* binding */ repositoryPath),
/* harmony export */   U$: () => (/* binding */ registryHost),
/* harmony export */   Xb: () => (/* binding */ DOCKER_HUB)
/* harmony export */ });
const DOCKER_HUB = 'docker.io';
function parseReference(ref) {
    const at = ref.indexOf('@');
    const digest = at >= 0 ? ref.slice(at + 1) : null;
    const named = at >= 0 ? ref.slice(0, at) : ref;
    const colon = named.lastIndexOf(':');
    const hasTag = colon > named.lastIndexOf('/');
    return { repository: hasTag ? named.slice(0, colon) : named, tag: hasTag ? named.slice(colon + 1) : null, digest };
}
/** `repo:tag@sha256:…`, dropping the parts that are absent. */
function formatReference(ref) {
    return `${ref.repository}${ref.tag ? `:${ref.tag}` : ''}${ref.digest ? `@${ref.digest}` : ''}`;
}
/** The registry host a repository lives on (`docker.io` when none is written). */
function registryHost(repository) {
    const first = repository.split('/')[0] ?? '';
    return repository.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost') ? first : DOCKER_HUB;
}
/** The repository without its registry host, e.g. `shop/web`. */
function repositoryPath(repository) {
    return registryHost(repository) === DOCKER_HUB && !repository.startsWith(`${DOCKER_HUB}/`) ? repository : repository.slice(repository.indexOf('/') + 1);
}
/**
 * A registry address as users write it (`https://x.azurecr.io/`, `https://index.docker.io/v1/`) reduced
 * to the host the engine uses, so config keys, env values and image names compare equal.
 */
function normaliseRegistry(address) {
    const host = address.trim().replace(/^[a-z]+:\/\//i, '').replace(/\/.*$/, '').toLowerCase();
    return ['index.docker.io', 'registry-1.docker.io', 'registry.hub.docker.com'].includes(host) ? DOCKER_HUB : host;
}


/***/ }),

/***/ 31438:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  k: () => (/* binding */ transfer)
});

// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(83916);
// EXTERNAL MODULE: ./src/docker/engine.ts
var engine = __webpack_require__(66556);
// EXTERNAL MODULE: ./src/docker/abort.ts
var abort = __webpack_require__(62670);
;// CONCATENATED MODULE: ./src/docker/retry.ts
/** Retries for registry transfers: 5xx and network trouble are worth another try, auth failures never. */


/** Classifies an engine/registry error message (the engine relays registry errors as text). */
function classifyRegistryError(message) {
    if (/unauthori[sz]ed|authentication required|denied|forbidden|\b40[13]\b|no basic auth credentials|incorrect username or password/i.test(message))
        return 'auth';
    if (/\b5\d\d\b|internal server error|bad gateway|service unavailable|gateway time-?out|timeout|timed out|connection (refused|reset)|broken pipe|\bEOF\b|ECONNRESET|ECONNREFUSED|ETIMEDOUT|EAI_AGAIN|TLS handshake|temporary failure/i.test(message))
        return 'transient';
    return 'fatal';
}
async function withRetry(fn, opts) {
    for (let attempt = 1;; attempt++) {
        try {
            return await fn(attempt);
        }
        catch (err) {
            if (attempt >= opts.attempts || err instanceof errors/* CancelledError */.cc || !opts.retryable(err))
                throw err;
            const delay = opts.baseDelayMs * 2 ** (attempt - 1);
            opts.onRetry?.(err, attempt, delay);
            await (0,abort/* sleep */.y)(delay, opts.signal);
        }
    }
}

;// CONCATENATED MODULE: ./src/docker/transfer.ts
/**
 * Push and pull share one shape: start an engine stream with credentials, follow it, retry transient
 * failures with backoff, and turn a refusal into an error that names the registry and the credential
 * source tried — the answer to "why 401?" — never the secret.
 */



const TRANSFER_ATTEMPTS = 4;
async function transfer(ctx, t) {
    ctx.log.info(`${t.verb} ${t.ref} (credentials: ${t.resolution.credentials?.origin ?? 'none found, anonymous'})`);
    try {
        return await withRetry(async () => (0,engine/* followProgress */.F3)(await t.start().catch(asStreamError), ctx.signal, (e) => {
            if (e.status && !e.id)
                ctx.log.debug(e.status); // per-layer progress lines carry an id: too chatty
        }), {
            attempts: TRANSFER_ATTEMPTS,
            baseDelayMs: t.retryDelayMs ?? 1000,
            signal: ctx.signal,
            retryable: (err) => err instanceof engine/* EngineStreamError */.$k && classifyRegistryError(err.message) === 'transient',
            onRetry: (err, attempt, delay) => ctx.log.warn(`${t.verb} of ${t.ref} failed (attempt ${attempt}/${TRANSFER_ATTEMPTS}), retrying in ${delay} ms: ${err.message}`),
        });
    }
    catch (err) {
        throw transferError(err, t);
    }
}
/** Some refusals (a pull's 401) come as an HTTP error before any stream: treat them like stream errors. */
function asStreamError(err) {
    const e = err;
    throw e.statusCode ? new engine/* EngineStreamError */.$k(e.json?.message ?? e.message ?? `HTTP ${e.statusCode}`) : err;
}
function transferError(err, t) {
    if (!(err instanceof engine/* EngineStreamError */.$k))
        return err;
    const what = `${t.verb} of ${t.ref} at ${t.registry} failed: ${err.message}`;
    if (classifyRegistryError(err.message) === 'auth') {
        const c = t.resolution.credentials;
        const used = c ? `credentials from ${c.origin}` : `anonymous access (no credentials found; tried ${t.resolution.tried.join('; ')})`;
        return new errors/* UserError */.yo(`${what} — the registry refused ${used}`, 'check the username/password and that they may access this repository (ACR: a service principal, the admin user, or the token user 00000000-0000-0000-0000-000000000000)');
    }
    if (/server gave HTTP response to HTTPS client/i.test(err.message)) {
        return new errors/* UserError */.yo(what, `${t.registry} speaks plain HTTP: list it in the daemon's "insecure-registries" (the engine, not cloudstation, decides TLS)`);
    }
    return new errors/* UserError */.yo(what);
}


/***/ })

};
