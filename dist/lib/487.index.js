import { dirname as __csDirname } from 'node:path';
import { fileURLToPath as __csFileURLToPath } from 'node:url';
const __filename = __csFileURLToPath(import.meta.url);
const __dirname = __csDirname(__filename);
export const id = 487;
export const ids = [487];
export const modules = {

/***/ 58487:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  DockerPlatform: () => (/* binding */ DockerPlatform),
  LABEL: () => (/* binding */ LABEL)
});

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(77598);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(83916);
// EXTERNAL MODULE: ./src/docker/engine.ts
var engine = __webpack_require__(66556);
// EXTERNAL MODULE: ./src/docker/credentials.ts
var credentials = __webpack_require__(17898);
// EXTERNAL MODULE: ./src/docker/reference.ts
var reference = __webpack_require__(42977);
// EXTERNAL MODULE: ./src/docker/transfer.ts + 1 modules
var transfer = __webpack_require__(31438);
;// CONCATENATED MODULE: ./src/builtin/docker/image.ts




function runReference(image) {
    const ref = (0,reference/* parseReference */.F2)(image);
    return ref.digest ? `${ref.repository}@${ref.digest}` : (0,reference/* formatReference */.FH)({ ...ref, tag: ref.tag ?? 'latest' });
}
/** Inspects without pulling (plan must touch nothing); null when the engine does not have it. */
async function inspectLocal(runRef) {
    try {
        return await (0,engine/* engine */.Hi)().getImage(runRef).inspect();
    }
    catch (err) {
        if ((0,engine/* isNotFound */.c4)(err))
            return null;
        throw err;
    }
}
async function ensureImage(ctx, image, retryDelayMs) {
    const runRef = runReference(image);
    const ref = (0,reference/* parseReference */.F2)(image);
    let info = await inspectLocal(runRef);
    if (!info) {
        const registry = (0,reference/* registryHost */.U$)(ref.repository);
        const resolution = (0,credentials/* resolveCredentials */.z)({ registry, env: ctx.env, redactor: ctx.redactor });
        await (0,transfer/* transfer */.k)(ctx, {
            verb: 'pull',
            ref: runRef,
            registry,
            resolution,
            retryDelayMs,
            start: () => (0,engine/* engine */.Hi)().createImage(resolution.credentials?.auth ?? {}, { fromImage: ref.repository, tag: ref.digest ?? ref.tag ?? 'latest', abortSignal: ctx.signal }),
        });
        info = await (0,engine/* engine */.Hi)().getImage(runRef).inspect();
    }
    return { runRef, digest: ref.digest ?? info.Id };
}

// EXTERNAL MODULE: ./src/docker/abort.ts
var abort = __webpack_require__(62670);
;// CONCATENATED MODULE: ./src/builtin/docker/health.ts


function healthSettings(config) {
    const h = config.healthcheck ?? {};
    return { path: h.path, port: h.port, intervalMs: h.interval ?? 2000, timeoutMs: h.timeout ?? 5000, retries: h.retries, waitTimeoutMs: config.wait_timeout ?? 120_000 };
}
/** Not healthy; the message says why. */
class UnhealthyError extends Error {
    name = 'UnhealthyError';
}
/** Resolves with a description of how health was judged; rejects with UnhealthyError or CancelledError. */
async function waitHealthy(ctx, container, s, probeAddress) {
    const first = await container.inspect();
    const { judge, how } = chooseJudge(first, s, probeAddress, ctx.signal);
    const started = Date.now();
    let failures = 0;
    let last = 'not checked yet';
    for (;;) {
        const info = await container.inspect();
        const state = info.State;
        if (!state.Running || state.Restarting || info.RestartCount > 0) {
            throw new UnhealthyError(`container exited (status ${state.Status}, exit code ${state.ExitCode}${state.Error ? `, ${state.Error}` : ''})`);
        }
        const verdict = await judge(info);
        if (verdict.healthy)
            return how;
        last = verdict.note;
        if (s.retries !== undefined && verdict.note !== 'starting' && ++failures > s.retries) {
            throw new UnhealthyError(`${how}: ${failures} failed checks (last: ${last})`);
        }
        const left = s.waitTimeoutMs - (Date.now() - started);
        if (left <= 0)
            throw new UnhealthyError(`not healthy within ${s.waitTimeoutMs / 1000}s by ${how} (last: ${last})`);
        await (0,abort/* sleep */.y)(Math.min(s.intervalMs, left), ctx.signal);
    }
}
function chooseJudge(info, s, address, signal) {
    if (info.State.Health) {
        return {
            how: 'the image HEALTHCHECK',
            judge: async (i) => {
                const health = i.State.Health;
                if (health?.Status === 'unhealthy')
                    throw new UnhealthyError(`HEALTHCHECK reports unhealthy: ${health.Log?.at(-1)?.Output?.trim() ?? ''}`);
                return { healthy: health?.Status === 'healthy', note: health?.Status ?? 'unknown' };
            },
        };
    }
    if (s.path) {
        if (!address)
            throw new UnhealthyError(`healthcheck.path ${s.path} needs a published port${s.port ? ` for container port ${s.port}` : ''}`);
        const url = `http://${address}${s.path}`;
        return { how: `HTTP GET ${url}`, judge: () => probe(url, s.timeoutMs, signal) };
    }
    const since = Date.parse(info.State.StartedAt);
    return {
        how: `still running after ${s.intervalMs / 1000}s`,
        judge: async () => ({ healthy: Date.now() - since >= s.intervalMs, note: 'starting' }),
    };
}
async function probe(url, timeoutMs, signal) {
    try {
        const res = await fetch(url, { redirect: 'manual', signal: AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]) });
        await res.body?.cancel();
        return { healthy: res.status < 400, note: `HTTP ${res.status}` };
    }
    catch (err) {
        if (signal.aborted)
            throw errors/* CancelledError */.cc.from(signal);
        return { healthy: false, note: err.cause instanceof Error ? err.cause.message : err.message };
    }
}

;// CONCATENATED MODULE: ./src/builtin/docker/ports.ts
function parsePort(spec) {
    const [addr = '', protocol = 'tcp'] = spec.split('/');
    // An IPv6 host IP is bracketed and full of colons: split it off first.
    const v6 = /^\[([^\]]+)\]:(.*)$/.exec(addr);
    const parts = v6 ? [v6[1], ...v6[2].split(':')] : addr.split(':');
    const containerPort = Number(parts.pop());
    const hostPort = parts.pop() ?? '';
    return { hostIp: parts.pop() ?? '', hostPort, containerPort, protocol };
}
function portKey(p) {
    return `${p.containerPort}/${p.protocol}`;
}
function enginePorts(mappings) {
    const out = { ExposedPorts: {}, PortBindings: {} };
    for (const p of mappings) {
        out.ExposedPorts[portKey(p)] = {};
        (out.PortBindings[portKey(p)] ??= []).push({ HostIp: p.hostIp, HostPort: p.hostPort });
    }
    return out;
}
/** The address to reach a published container port from this host, from `NetworkSettings.Ports`. */
function publishedAddress(ports, key) {
    const binding = ports?.[key]?.find((b) => b.HostPort);
    if (!binding)
        return null;
    const ip = !binding.HostIp || binding.HostIp === '0.0.0.0' || binding.HostIp === '::' ? '127.0.0.1' : binding.HostIp;
    return `${ip.includes(':') ? `[${ip}]` : ip}:${binding.HostPort}`;
}

;// CONCATENATED MODULE: ./src/builtin/docker/platform.ts
/**
 * The docker platform: one container per app on the local engine, replaced so that a failed deploy
 * leaves the previous version serving. Containers carry `cs.*` labels; status, destroy and plan find
 * them by those labels and the container name.
 */






const LABEL = {
    project: 'cs.project',
    app: 'cs.app',
    deploymentId: 'cs.deployment-id',
    image: 'cs.image',
    imageDigest: 'cs.image-digest',
};
/** Lines of the failed container's log carried in the error. */
const LOG_TAIL = 20;
/** Seconds a container gets to stop before SIGKILL. */
const STOP_TIMEOUT_S = 10;
class DockerPlatform {
    config;
    constructor(config) {
        this.config = config;
    }
    containerName(ctx) {
        return this.config.name ?? `${ctx.project}-${ctx.app}`;
    }
    async deploy(ctx, input) {
        const name = this.containerName(ctx);
        const image = await ensureImage(ctx, input.image);
        const old = await this.current(ctx);
        await removeStale(ctx, old?.Id);
        const id = (0,external_node_crypto_.randomBytes)(6).toString('hex');
        const ports = (this.config.ports ?? []).map(parsePort);
        const fresh = await (0,engine/* engine */.Hi)()
            .createContainer(this.containerSpec(ctx, `${name}-${id}`, id, input.image, image.runRef, image.digest, ports))
            .catch((err) => Promise.reject((0,engine/* engineError */.v_)(`cannot create container for ${input.image}`, err)));
        // Fixed host ports cannot be bound twice: the old container must stop first (and is kept to roll back to).
        const stopOld = old?.State.Running === true && ports.some((p) => p.hostPort);
        const oldContainer = old ? (0,engine/* engine */.Hi)().getContainer(old.Id) : null;
        ctx.log.info(`deploying ${input.image} as ${name} (deployment ${id}${stopOld ? '; stopping the previous container first to free its host ports' : ''})`);
        try {
            if (stopOld)
                await oldContainer?.stop({ t: STOP_TIMEOUT_S });
            await fresh.start();
            const info = await fresh.inspect();
            const how = await waitHealthy(ctx, fresh, healthSettings(this.config), probeAddress(info, ports, this.config.healthcheck?.port));
            ctx.log.info(`${name} is healthy (${how})`);
        }
        catch (err) {
            throw await rollBack(ctx, { name, fresh, oldContainer: stopOld ? oldContainer : null, before: !old ? 'none' : old.State.Running ? 'running' : 'stopped', cause: err });
        }
        if (oldContainer)
            await oldContainer.remove({ force: true });
        await fresh.rename({ name });
        return toDeployment(await fresh.inspect(), ports);
    }
    async destroy(ctx) {
        for (const c of await listOwned(ctx)) {
            ctx.log.info(`removing container ${c.Names[0]?.replace(/^\//, '') ?? c.Id}`);
            await (0,engine/* engine */.Hi)().getContainer(c.Id).remove({ force: true });
        }
    }
    async status(ctx) {
        const info = await this.current(ctx);
        return info ? toDeployment(info, (this.config.ports ?? []).map(parsePort)) : null;
    }
    async plan(ctx, input) {
        const name = this.containerName(ctx);
        const info = await this.current(ctx);
        if (!info)
            return { changes: true, summary: `create container ${name} running ${input.image}`, diff: null };
        const running = info.Config.Labels?.[LABEL.image] ?? info.Config.Image;
        // The same tag may now name a different image: compare ids when the new one is already local.
        const local = await inspectLocal(runReference(input.image));
        const same = running === input.image && (!local || local.Id === info.Image) && info.State.Running;
        return same
            ? { changes: false, summary: `container ${name} already runs ${input.image}`, diff: null }
            : { changes: true, summary: `container ${name}: image ${running} → ${input.image}${info.State.Running ? '' : ` (currently ${info.State.Status})`}`, diff: null };
    }
    /** The app's container under its configured name; refuses to touch a same-named container we do not own. */
    async current(ctx) {
        const name = this.containerName(ctx);
        let info;
        try {
            info = await (0,engine/* engine */.Hi)().getContainer(name).inspect();
        }
        catch (err) {
            if ((0,engine/* isNotFound */.c4)(err))
                return null;
            throw err;
        }
        const labels = info.Config.Labels ?? {};
        if (labels[LABEL.project] !== ctx.project || labels[LABEL.app] !== ctx.app) {
            throw new errors/* UserError */.yo(`container ${name} exists but was not deployed by cloudstation for ${ctx.project}/${ctx.app}`, 'remove it, or set deploy.name to another container name');
        }
        return info;
    }
    containerSpec(ctx, name, id, image, runRef, digest, ports) {
        const { ExposedPorts, PortBindings } = enginePorts(ports);
        return {
            name,
            Image: runRef,
            Cmd: this.config.command,
            Env: Object.entries(this.config.env ?? {}).map(([k, v]) => `${k}=${v}`),
            Labels: { ...ctx.labels, ...this.config.labels, [LABEL.project]: ctx.project, [LABEL.app]: ctx.app, [LABEL.deploymentId]: id, [LABEL.image]: image, [LABEL.imageDigest]: digest },
            ExposedPorts,
            HostConfig: {
                PortBindings,
                NetworkMode: this.config.network,
                RestartPolicy: this.config.restart ? { Name: this.config.restart } : undefined,
                // A real PID 1 forwards SIGTERM and reaps zombies: apps that never expected to be PID 1 stop at once.
                Init: true,
            },
        };
    }
}
/** Containers of this app that are not the current one: left behind by an interrupted deploy. */
async function removeStale(ctx, currentId) {
    for (const c of await listOwned(ctx)) {
        if (c.Id === currentId)
            continue;
        ctx.log.info(`removing leftover container ${c.Names[0]?.replace(/^\//, '') ?? c.Id} from an earlier deploy`);
        await (0,engine/* engine */.Hi)().getContainer(c.Id).remove({ force: true });
    }
}
function listOwned(ctx) {
    return (0,engine/* engine */.Hi)().listContainers({ all: true, filters: { label: [`${LABEL.project}=${ctx.project}`, `${LABEL.app}=${ctx.app}`] } });
}
function probeAddress(info, ports, port) {
    const mapping = port ? ports.find((p) => p.containerPort === port) : ports.find((p) => p.protocol === 'tcp');
    return mapping ? publishedAddress(info.NetworkSettings.Ports, portKey(mapping)) : null;
}
/** Removes the new container and brings the old one back; the error carries the new one's last log lines. */
async function rollBack(ctx, r) {
    const logs = await r.fresh
        .logs({ stdout: true, stderr: true, tail: LOG_TAIL, follow: false })
        .then((buf) => (0,engine/* demuxLogs */.VN)(buf).trimEnd())
        .catch(() => '');
    await r.fresh.remove({ force: true }).catch((err) => ctx.log.warn(`could not remove the failed container: ${err.message}`));
    let previous = { none: 'nothing was running before', running: 'the previous container keeps serving', stopped: 'the previous container stays stopped, as it was' }[r.before];
    if (r.oldContainer) {
        previous = await r.oldContainer.start().then(() => 'the previous container was started again', (err) => `the previous container could not be restarted: ${err.message}`);
    }
    if (r.cause instanceof errors/* CancelledError */.cc)
        return r.cause;
    const reason = r.cause instanceof Error ? r.cause.message : String(r.cause);
    const tail = logs ? `\nlast log lines of the new container:\n${logs}` : '\n(the new container wrote no log lines)';
    return new errors/* UserError */.yo(ctx.redactor.redact(`deploy of ${r.name} failed: ${reason}; ${previous}${tail}`), 'the log lines above come from the new container; fix the image or its healthcheck settings');
}
function toDeployment(info, ports) {
    const labels = info.Config.Labels ?? {};
    const tcp = ports.find((p) => p.protocol === 'tcp');
    const address = tcp ? publishedAddress(info.NetworkSettings.Ports, portKey(tcp)) : null;
    const health = info.State.Health?.Status;
    const status = !info.State.Running ? 'stopped' : health === 'unhealthy' ? 'unhealthy' : health === 'starting' ? 'pending' : 'healthy';
    return {
        id: labels[LABEL.deploymentId] ?? info.Id.slice(0, 12),
        platform: 'docker',
        name: info.Name.replace(/^\//, ''),
        status,
        url: address ? `http://${address}` : null,
        details: { containerId: info.Id, image: labels[LABEL.image] ?? info.Config.Image, imageDigest: labels[LABEL.imageDigest] ?? null, startedAt: info.State.StartedAt },
    };
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
