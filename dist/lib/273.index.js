import { dirname as __csDirname } from 'node:path';
import { fileURLToPath as __csFileURLToPath } from 'node:url';
const __filename = __csFileURLToPath(import.meta.url);
const __dirname = __csDirname(__filename);
export const id = 273;
export const ids = [273];
export const modules = {

/***/ 47288:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   R: () => (/* binding */ nomadEnv),
/* harmony export */   X: () => (/* binding */ resolveConnection)
/* harmony export */ });
/** Nomad's own default agent address. */
const DEFAULT_ADDRESS = 'http://127.0.0.1:4646';
function resolveConnection(config, ctx) {
    const token = config.nomad_token ?? ctx.env.NOMAD_TOKEN;
    ctx.redactor.add(token);
    return {
        address: config.nomad_addr ?? ctx.env.NOMAD_ADDR ?? DEFAULT_ADDRESS,
        token,
        namespace: config.namespace ?? ctx.env.NOMAD_NAMESPACE,
        region: config.region ?? ctx.env.NOMAD_REGION,
    };
}
/** The child's environment: the run's env with the resolved connection in nomad-pack's variables. */
function nomadEnv(ctx, conn) {
    return {
        ...ctx.env,
        NOMAD_ADDR: conn.address,
        NOMAD_TOKEN: conn.token,
        NOMAD_NAMESPACE: conn.namespace,
        NOMAD_REGION: conn.region,
    };
}


/***/ }),

/***/ 42273:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  NomadPackPlatform: () => (/* binding */ NomadPackPlatform),
  PLATFORM: () => (/* binding */ PLATFORM)
});

// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(83916);
// EXTERNAL MODULE: ./src/nomad/client.ts
var client = __webpack_require__(53520);
;// CONCATENATED MODULE: ./src/builtin/nomadpack/args.ts
/**
 * Pure argv builders for nomad-pack. Every value is its own array element — nothing here is ever
 * joined into a shell string — so tests can pin the exact command lines with tables.
 */
function packArgs(command, inv) {
    const args = [command, inv.pack, '--name', inv.deploymentName];
    if (inv.registry)
        args.push('--registry', inv.registry);
    if (inv.ref)
        args.push('--ref', inv.ref);
    if (inv.parserV1)
        args.push('--parser-v1');
    // destroy finds the jobs by the deployment name nomad-pack stored in their meta; passing variables
    // would make it re-render the pack, which then needs every required variable (the image too).
    if (command === 'destroy')
        return args;
    if (command === 'run' && inv.detach)
        args.push('--detach');
    if (inv.image)
        args.push('--var', `${inv.image.variable}=${inv.image.ref}`);
    for (const [name, value] of Object.entries(inv.variables))
        args.push('--var', `${name}=${formatVariable(value)}`);
    for (const file of inv.variableFiles)
        args.push('-f', file);
    return args;
}
/** The source stays exactly as configured: credentials travel in the child's git config, never here. */
function registryAddArgs(r) {
    const args = ['registry', 'add', r.name, r.source];
    if (r.target)
        args.push('--target', r.target);
    if (r.ref)
        args.push('--ref', r.ref);
    return args;
}
/**
 * A variable's value as nomad-pack parses `--var k=v`: strings verbatim, numbers and bools as their
 * text, lists and maps as JSON — which is valid HCL for tuples and objects.
 */
function formatVariable(value) {
    if (typeof value === 'string')
        return value;
    if (typeof value === 'number' || typeof value === 'boolean')
        return String(value);
    return JSON.stringify(value ?? null);
}

// EXTERNAL MODULE: ./src/exec/run.ts
var run = __webpack_require__(86044);
// EXTERNAL MODULE: ./src/builtin/nomadpack/connection.ts
var connection = __webpack_require__(47288);
;// CONCATENATED MODULE: ./src/builtin/nomadpack/output.ts
/**
 * Reads what nomad-pack prints. `run` announces each registered job with two documented lines:
 *   Evaluation ID: <uuid>
 *   Job '<id>' in pack deployment '<name>' registered successfully
 * Colours and status glyphs vary between versions and terminals, so lines are matched anywhere.
 */
const ANSI = /\u001b\[[0-9;]*[A-Za-z]/g;
const EVALUATION = /Evaluation ID: ([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})/;
const REGISTERED = /Job '([^']+)' in pack deployment '[^']*' registered successfully/;
function stripAnsi(text) {
    return text.replace(ANSI, '');
}
/** Collects registered jobs line by line (feed it `runCommand`'s onLine), pairing each with the evaluation printed before it. */
class RunOutput {
    jobs = [];
    evaluationIds = [];
    pending = null;
    add(line) {
        const text = stripAnsi(line);
        const evaluation = EVALUATION.exec(text)?.[1];
        if (evaluation) {
            this.evaluationIds.push(evaluation);
            this.pending = evaluation;
            return;
        }
        const job = REGISTERED.exec(text)?.[1];
        if (job) {
            this.jobs.push({ jobId: job, evaluationId: this.pending });
            this.pending = null;
        }
    }
    static parse(text) {
        const out = new RunOutput();
        for (const line of text.split(/\r?\n/))
            out.add(line);
        return out;
    }
}

;// CONCATENATED MODULE: ./src/builtin/nomadpack/registry-auth.ts
/**
 * Credentials for a private pack registry. nomad-pack clones registries with git (through
 * go-getter), so the token goes to git as an HTTP header through GIT_CONFIG_* environment variables
 * (git ≥ 2.31), scoped to the registry's origin. It never appears in argv — which `ps` and our debug
 * log show — nor in the URL, where the Go orchestrator spliced and then logged it.
 */

/** GitHub, and most forges, accept a token as the password of any user; this name is GitHub's convention. */
const TOKEN_USER = 'x-access-token';
function registryAuthEnv(source, token, env, redactor) {
    const basic = Buffer.from(`${TOKEN_USER}:${token}`).toString('base64');
    // The encoded forms are as secret as the token: git's trace output could print them.
    redactor.add(token);
    redactor.add(basic);
    const base = Number(env.GIT_CONFIG_COUNT ?? 0) || 0;
    return {
        GIT_CONFIG_COUNT: String(base + 1),
        [`GIT_CONFIG_KEY_${base}`]: `http.${registryOrigin(source)}/.extraheader`,
        [`GIT_CONFIG_VALUE_${base}`]: `Authorization: Basic ${basic}`,
        // A rejected token must fail the step, not hang it on a credential prompt.
        GIT_TERMINAL_PROMPT: '0',
    };
}
/** `https://github.com` for `github.com/org/packs`, `git::https://…`, or `https://…/packs.git`. */
function registryOrigin(source) {
    const bare = source.replace(/^git::/, '').replace(/\?.*$/, '');
    const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(bare) ? bare : `https://${bare}`;
    let url;
    try {
        url = new URL(withScheme);
    }
    catch {
        throw new errors/* UserError */.yo(`registry_source "${source}" is not a URL a token can be sent to`, 'use an https:// source with registry_token');
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
        throw new errors/* UserError */.yo(`registry_token needs an http(s) registry_source, not ${url.protocol}`, 'ssh sources authenticate with ssh keys instead');
    }
    return url.origin;
}

;// CONCATENATED MODULE: ./src/builtin/nomadpack/cli.ts






function runNomadPack(ctx, conn, args, opts = {}) {
    return (0,run/* runCommand */.d1)(binary(ctx), args, {
        cwd: ctx.workspace,
        env: { ...(0,connection/* nomadEnv */.R)(ctx, conn), ...opts.env },
        signal: opts.signal ?? ctx.signal,
        log: ctx.log,
        redactor: ctx.redactor,
        stream: opts.stream ?? 'info',
        onLine: opts.onLine,
        okCodes: opts.okCodes,
    });
}
/**
 * Newer nomad-pack releases follow the deployment themselves unless given `--detach` — and a canary
 * deployment waiting for promotion would keep them waiting until the timeout. We follow through the
 * API anyway, so detach wherever the installed release knows the flag (older ones reject it).
 */
async function supportsDetach(ctx, conn) {
    const help = await runNomadPack(ctx, conn, ['run', '--help'], { okCodes: [0, 1], stream: 'none' });
    return /--detach\b/.test(help.stdout + help.stderr);
}
/** `registry add`; a registry that already exists is what we wanted. */
async function addRegistry(ctx, conn, registry, token) {
    const env = token ? registryAuthEnv(registry.source, token, ctx.env, ctx.redactor) : undefined;
    ctx.log.info(`nomad-pack: adding registry "${registry.name}"`);
    const result = await runNomadPack(ctx, conn, registryAddArgs(registry), { env, okCodes: [0, 1], stream: 'debug' });
    if (result.code === 0)
        return;
    const said = tail(result);
    if (/already exists/i.test(said)) {
        ctx.log.debug(`nomad-pack: registry "${registry.name}" already exists`);
        return;
    }
    throw new errors/* UserError */.yo(ctx.redactor.redact(`nomad-pack registry add ${registry.name} failed: ${said}`), 'check registry_source, registry_ref and registry_token');
}
function binary(ctx) {
    return ctx.env.NOMAD_PACK_BIN || 'nomad-pack';
}
/** The last lines nomad-pack printed, for error messages; colour codes removed. */
function tail(result, lines = 6) {
    return stripAnsi(`${result.stdout}\n${result.stderr}`)
        .split(/\r?\n/)
        .map((l) => l.trim())
        .filter(Boolean)
        .slice(-lines)
        .join(' | ');
}

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(51455);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(48161);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
// EXTERNAL MODULE: external "node:url"
var external_node_url_ = __webpack_require__(73136);
;// CONCATENATED MODULE: ./src/builtin/nomadpack/embedded.ts
/**
 * Packs shipped inside CloudStation (`use_embedded = true`). They live next to this module in the
 * sources (`packs/<name>/`) and in `dist/packs/<name>/` in the bundle; each use copies one into a
 * fresh temp directory whose name is the pack's — nomad-pack takes the pack name from the directory
 * — so the shipped copy stays read-only and concurrent apps never share a working directory.
 */





const EMBEDDED_PACKS = ['cloud_service'];
const DEFAULT_EMBEDDED_PACK = 'cloud_service';
/** Sources: `./packs` beside this file. Bundle: entry points sit in `dist/` or one level below it. */
const SEARCH = ['./packs/', '../packs/'];
async function embeddedPackSource(name) {
    if (!EMBEDDED_PACKS.includes(name)) {
        throw new errors/* UserError */.yo(`embedded_pack "${name}" is not shipped`, `use one of: ${EMBEDDED_PACKS.join(', ')}`);
    }
    for (const dir of SEARCH) {
        const candidate = (0,external_node_url_.fileURLToPath)(new URL(`${dir}${name}/`, import.meta.url));
        if (await isFile((0,external_node_path_.join)(candidate, 'metadata.hcl')))
            return candidate;
    }
    throw new Error(`embedded pack "${name}" is missing from this installation (looked in ${SEARCH.join(', ')})`);
}
/** Runs `use` with a private copy of the embedded pack and removes the copy afterwards. */
async function withEmbeddedPack(name, use) {
    const source = await embeddedPackSource(name);
    const root = await (0,promises_.mkdtemp)((0,external_node_path_.join)((0,external_node_os_.tmpdir)(), 'cs-nomadpack-'));
    try {
        const dir = (0,external_node_path_.join)(root, name);
        await (0,promises_.cp)(source, dir, { recursive: true });
        return await use(dir);
    }
    finally {
        await (0,promises_.rm)(root, { recursive: true, force: true });
    }
}
async function isFile(path) {
    return (0,promises_.stat)(path).then((s) => s.isFile(), () => false);
}

;// CONCATENATED MODULE: ./src/builtin/nomadpack/jobs.ts
const DEPLOYMENT_NAME_KEYS = ['pack.deployment_name', 'pack_deployment_name', 'pack-deployment-name'];
async function findPackJobs(client, deploymentName, signal) {
    const { value: stubs } = await client.jobs({ signal });
    const found = [];
    for (const stub of stubs) {
        // Nomad before 1.6 lists jobs without Meta; then each job itself has to be read.
        if (stub.Meta !== undefined && !belongs(stub.Meta, deploymentName))
            continue;
        const job = await client.job(stub.ID, { signal });
        if (job && belongs(job.Meta, deploymentName))
            found.push(job);
    }
    return found;
}
function belongs(meta, deploymentName) {
    return DEPLOYMENT_NAME_KEYS.some((k) => meta?.[k] === deploymentName);
}

;// CONCATENATED MODULE: ./src/builtin/nomadpack/settings.ts
/**
 * What a nomadpack stanza means for one app: which pack (registry, path or embedded), under which
 * deployment name, with which variables. Combinations the schema cannot express are checked here.
 */



function packSettings(config, ctx) {
    const token = config.registry_token ?? null;
    ctx.redactor.add(token);
    const embedded = config.use_embedded ? (config.embedded_pack ?? DEFAULT_EMBEDDED_PACK) : null;
    if (!embedded && !config.pack)
        throw new errors/* UserError */.yo('nomadpack: no pack to deploy', 'set `pack` (and `registry_name`), or `use_embedded = true`');
    if (embedded && config.parser_v1)
        throw new errors/* UserError */.yo('nomadpack: the embedded pack is written for the current template parser', 'remove `parser_v1` or `use_embedded`');
    if (config.registry_source && !config.registry_name)
        throw new errors/* UserError */.yo('nomadpack: registry_source needs registry_name', 'name the registry with `registry_name`');
    if (token && !config.registry_source)
        throw new errors/* UserError */.yo('nomadpack: registry_token is only used to add a registry', 'set `registry_source` too, or remove `registry_token`');
    const deploymentName = config.deployment_name ?? `${ctx.project}-${ctx.app}`;
    const variables = { ...config.variables };
    // The embedded pack names its job after the deployment, so two apps sharing it never collide.
    if (embedded && variables.job_name === undefined)
        variables.job_name = deploymentName;
    const fromRegistry = !embedded && config.registry_name;
    return {
        deploymentName,
        embedded,
        pack: embedded ? null : (config.pack ?? null),
        registry: fromRegistry && config.registry_source
            ? { name: config.registry_name, source: config.registry_source, target: config.registry_target, ref: config.registry_ref }
            : null,
        registryToken: token,
        base: {
            deploymentName,
            registry: fromRegistry ? config.registry_name : undefined,
            ref: fromRegistry ? config.registry_ref : undefined,
            parserV1: config.parser_v1,
            variables,
            variableFiles: (config.variable_files ?? []).map((f) => ((0,external_node_path_.isAbsolute)(f) ? f : (0,external_node_path_.resolve)(ctx.workspace, f))),
        },
    };
}

// EXTERNAL MODULE: ./src/builtin/nomadpack/timebox.ts + 2 modules
var timebox = __webpack_require__(15504);
;// CONCATENATED MODULE: ./src/builtin/nomadpack/platform.ts










const PLATFORM = 'nomad';
/** nomad-pack run: 1 error or unsuccessful deployment, 2 placement failure, 255 render failure. */
const RUN_EXIT_CODES = [0, 1, 2, 255];
/** nomad-pack plan: 0 no changes, 1 changes, 255 error. */
const PLAN_EXIT_CODES = [0, 1, 255];
class NomadPackPlatform {
    config;
    tuning;
    registryAdded = null;
    detach = null;
    constructor(config, tuning = {}) {
        this.config = config;
        this.tuning = tuning;
    }
    async deploy(ctx, input) {
        const p = this.prepare(ctx);
        const { deploymentName } = p.settings;
        const detach = await (this.detach ??= supportsDetach(ctx, p.conn));
        const rollouts = await this.withPack(ctx, p, (pack) => {
            const inv = { ...this.invocation(ctx, p.settings, pack, input.image), detach };
            ctx.log.info(`nomad-pack: deploying "${deploymentName}" from ${pack} with ${this.config.image_variable}=${input.image}`);
            return (0,timebox/* withinTimeout */.p)(ctx, p.client, this.config.timeout, `nomadpack deployment "${deploymentName}"`, this.tuning, (watcher, signal) => this.runAndWatch(ctx, p, inv, watcher, signal));
        });
        return ctx.redactor.redactValue(this.deploymentResult(p.settings, input.image, rollouts));
    }
    async plan(ctx, input) {
        const p = this.prepare(ctx);
        const { deploymentName } = p.settings;
        const result = await this.withPack(ctx, p, (pack) => runNomadPack(ctx, p.conn, packArgs('plan', this.invocation(ctx, p.settings, pack, input.image)), { okCodes: PLAN_EXIT_CODES }));
        if (result.code === 255) {
            throw new errors/* UserError */.yo(ctx.redactor.redact(`nomad-pack plan for "${deploymentName}" failed: ${tail(result)}`), 'check the pack, its variables and the Nomad connection');
        }
        const changes = result.code === 1;
        const diff = ctx.redactor.redact(stripAnsi(result.stdout).trim()) || null;
        const summary = changes ? `nomad-pack: "${deploymentName}" would change (image ${input.image})` : `nomad-pack: "${deploymentName}" is up to date`;
        return { changes, summary, diff };
    }
    async destroy(ctx) {
        const p = this.prepare(ctx);
        await this.withPack(ctx, p, (pack) => runNomadPack(ctx, p.conn, packArgs('destroy', { ...p.settings.base, pack })));
        ctx.log.info(`nomad-pack: destroyed "${p.settings.deploymentName}"`);
    }
    async status(ctx) {
        const { settings, client } = this.prepare(ctx);
        const jobs = await findPackJobs(client, settings.deploymentName, ctx.signal);
        const job = jobs[0];
        if (!job)
            return null;
        const { value: latest } = await client.latestDeployment(job.ID, { signal: ctx.signal });
        return ctx.redactor.redactValue({
            id: latest?.ID ?? job.ID,
            platform: PLATFORM,
            name: settings.deploymentName,
            status: currentStatus(job, latest),
            url: null,
            details: {
                job_ids: jobs.map((j) => j.ID),
                job_status: job.Status,
                job_version: job.Version,
                deployment_status: latest?.Status ?? null,
                deployment_description: latest?.StatusDescription ?? null,
            },
        });
    }
    prepare(ctx) {
        // Secrets are registered before anything can print: settings add registry_token, connection nomad_token.
        const settings = packSettings(this.config, ctx);
        const conn = (0,connection/* resolveConnection */.X)(this.config, ctx);
        return { settings, conn, client: new client/* NomadClient */.f(conn) };
    }
    /** Runs `use` with the pack location: the embedded pack's temp copy, or the named pack after `registry add`. */
    async withPack(ctx, p, use) {
        if (p.settings.embedded)
            return withEmbeddedPack(p.settings.embedded, use);
        const { registry, registryToken } = p.settings;
        if (registry) {
            this.registryAdded ??= addRegistry(ctx, p.conn, registry, registryToken);
            await this.registryAdded;
        }
        return use(p.settings.pack);
    }
    invocation(ctx, settings, pack, image) {
        const variable = this.config.image_variable;
        const { [variable]: overridden, ...variables } = settings.base.variables;
        if (overridden !== undefined)
            ctx.log.warn(`nomadpack: variables.${variable} is ignored; the deployed image ${image} is passed as ${variable}`);
        return { ...settings.base, variables, pack, image: { variable, ref: image } };
    }
    async runAndWatch(ctx, p, inv, watcher, signal) {
        const output = new RunOutput();
        watcher.lastSeen = 'nomad-pack run was still running';
        const result = await runNomadPack(ctx, p.conn, packArgs('run', inv), { signal, okCodes: RUN_EXIT_CODES, onLine: (line) => output.add(line) });
        const failed = (what, hint) => new errors/* UserError */.yo(ctx.redactor.redact(`nomad-pack ${what} "${inv.deploymentName}" (exit code ${result.code}): ${tail(result)}`), hint);
        if (result.code === 255)
            throw failed('could not render pack for', 'check the pack variables and variable files');
        const follow = this.config.wait || result.code !== 0; // a failed run is followed to say why
        const rollouts = [];
        for (const job of output.jobs) {
            if (job.evaluationId)
                rollouts.push(await watcher.rollout(job.evaluationId, { follow, stopAtPromotion: true }));
        }
        if (!output.jobs.length && result.code === 0) {
            // No IDs in the output (an unfamiliar nomad-pack version): follow the jobs' latest deployments.
            const jobs = await findPackJobs(p.client, inv.deploymentName, signal);
            for (const job of jobs)
                rollouts.push(await watcher.jobRollout(job.ID, null, null, { follow, stopAtPromotion: true }));
        }
        if (result.code !== 0)
            throw failed('run failed for', result.code === 2 ? 'the scheduler could not place every allocation' : undefined);
        if (!rollouts.length)
            throw failed('registered no job that can be followed for', 'check that the pack renders a job and that NOMAD_ADDR points at the cluster it ran against');
        return rollouts;
    }
    deploymentResult(settings, image, rollouts) {
        const first = rollouts[0];
        const awaiting = rollouts.some((r) => r.outcome === 'awaiting-promotion');
        const status = rollouts.every((r) => r.outcome === 'healthy') ? 'healthy' : 'pending';
        return {
            id: first.deploymentId ?? first.evaluationId ?? first.jobId,
            platform: PLATFORM,
            name: settings.deploymentName,
            status,
            url: null,
            details: {
                image,
                pack: settings.embedded ?? settings.pack,
                job_ids: rollouts.map((r) => r.jobId),
                evaluation_ids: rollouts.map((r) => r.evaluationId).filter(Boolean),
                deployment_ids: rollouts.map((r) => r.deploymentId).filter(Boolean),
                job_version: first.jobVersion,
                jobs: rollouts.map((r) => ({ job_id: r.jobId, evaluation_id: r.evaluationId, deployment_id: r.deploymentId, job_version: r.jobVersion, outcome: r.outcome })),
                awaiting_promotion: awaiting,
            },
        };
    }
}
function currentStatus(job, latest) {
    if (job.Stop || job.Status === 'dead')
        return 'stopped';
    switch (latest?.Status) {
        case 'successful':
            return 'healthy';
        case 'failed':
        case 'cancelled':
            return 'unhealthy';
        case undefined:
            return job.Status === 'running' ? 'healthy' : job.Status === 'pending' ? 'pending' : 'unknown';
        default:
            return 'pending';
    }
}


/***/ }),

/***/ 15504:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  p: () => (/* binding */ withinTimeout)
});

// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(83916);
;// CONCATENATED MODULE: ./src/nomad/deadline.ts
/**
 * One time budget (the stanza's `timeout`) shared by everything a deploy waits on — the nomad-pack
 * child and every blocking query — with the run's cancellation folded in. Failures caused by the
 * budget running out become one timeout error that says what was last seen; cancellation stays a
 * CancelledError so the CLI exits 130/143.
 */

class Deadline {
    cancel;
    signal;
    timeout = new AbortController();
    endsAt;
    timer;
    constructor(cancel, budgetMs) {
        this.cancel = cancel;
        this.endsAt = Date.now() + budgetMs;
        this.timer = setTimeout(() => this.timeout.abort(new Error('deadline')), budgetMs);
        this.timer.unref();
        this.signal = AbortSignal.any([cancel, this.timeout.signal]);
    }
    remainingMs() {
        return Math.max(0, this.endsAt - Date.now());
    }
    get expired() {
        return this.timeout.signal.aborted && !this.cancel.aborted;
    }
    /** Stops the timer; call when the guarded work is over. */
    dispose() {
        clearTimeout(this.timer);
    }
    /** Runs `work`; if it fails because time ran out or the run was cancelled, says so instead. */
    async guard(work, onTimeout) {
        try {
            return await work();
        }
        catch (err) {
            if (this.cancel.aborted)
                throw err instanceof errors/* CancelledError */.cc ? err : errors/* CancelledError */.cc.from(this.cancel);
            if (this.expired)
                throw onTimeout();
            throw err;
        }
    }
}
/** `10m`, `1m30s`, `450ms` — how a budget reads in an error. */
function formatDuration(ms) {
    if (ms < 1000)
        return `${ms}ms`;
    const s = Math.round(ms / 1000);
    const [h, m, sec] = [Math.floor(s / 3600), Math.floor((s % 3600) / 60), s % 60];
    return [h && `${h}h`, m && `${m}m`, sec && `${sec}s`].filter(Boolean).join('');
}

// EXTERNAL MODULE: ./src/nomad/describe.ts
var describe = __webpack_require__(86786);
;// CONCATENATED MODULE: ./src/nomad/watch.ts
/**
 * Follows one job's rollout through Nomad's API until it is really healthy: evaluation → its
 * deployment (blocking queries) → terminal state, or the job's allocations when there is no
 * deployment (batch jobs). Failures name the task groups and what the unhealthy tasks reported; an
 * auto-revert is followed to its end and still reported as a failure.
 */


class RolloutError extends errors/* UserError */.yo {
    deploymentId;
    constructor(message, deploymentId, hint) {
        super(message, hint);
        this.deploymentId = deploymentId;
        this.name = 'RolloutError';
    }
}
const TERMINAL_EVAL = new Set(['complete', 'failed', 'canceled']);
const TERMINAL_DEPLOYMENT = new Set(['successful', 'failed', 'cancelled']);
const BATCH_TYPES = new Set(['batch', 'sysbatch']);
const DEFAULT_BLOCKING_WAIT_MS = 60_000;
const DEFAULT_ROLLBACK_APPEAR_MS = 15_000;
/** Nomad's description when auto-revert kicks in: "… - rolling back to job version N". */
const ROLLING_BACK = /(?<!not )rolling back to job version (\d+)/;
class RolloutWatcher {
    s;
    /** The last state seen, so a timeout can say where things stood. */
    lastSeen = 'waiting for the evaluation';
    blockingWaitMs;
    constructor(s) {
        this.s = s;
        this.blockingWaitMs = s.blockingWaitMs ?? DEFAULT_BLOCKING_WAIT_MS;
    }
    /** Waits for the evaluation nomad-pack registered the job with, then for what it started. */
    async rollout(evaluationId, opts) {
        const evaluation = await this.evaluation(evaluationId);
        const failed = (0,describe/* placementFailures */.bu)(evaluation.FailedTGAllocs ?? {});
        if (failed.length) {
            throw new RolloutError(`job "${evaluation.JobID}" could not be placed: ${failed.join('; ')}`, evaluation.DeploymentID || null, 'free capacity or relax the constraints/resources in the pack variables');
        }
        return this.jobRollout(evaluation.JobID, evaluation.DeploymentID || null, evaluationId, opts);
    }
    /** A job's rollout when its evaluation is unknown (or done): its deployment, else its allocations. */
    async jobRollout(jobId, deploymentId, evaluationId, opts) {
        const job = await this.s.client.job(jobId, { signal: this.s.signal });
        if (!job)
            throw new RolloutError(`job "${jobId}" is not in Nomad (was it stopped while being deployed?)`, deploymentId);
        const id = deploymentId ?? (await this.currentDeploymentId(job));
        const base = { jobId: job.ID, evaluationId, deploymentId: id, jobVersion: job.Version };
        if (!opts.follow)
            return { ...base, outcome: 'started' };
        if (!id) {
            await this.allocations(job);
            return { ...base, outcome: 'healthy' };
        }
        return { ...base, outcome: await this.deploymentOutcome(id, opts) };
    }
    /** Follows a deployment to success (or to healthy canaries awaiting promotion); throws on failure. */
    async deploymentOutcome(deploymentId, opts) {
        const final = await this.follow(deploymentId, opts.stopAtPromotion);
        if (final.Status === 'successful')
            return 'healthy';
        if (final.Status === 'running')
            return 'awaiting-promotion';
        throw await this.failure(final);
    }
    async evaluation(id) {
        let index = 0;
        for (;;) {
            const { value: evaluation, index: next } = await this.s.client.evaluation(id, this.blocking(index));
            this.lastSeen = `evaluation ${(0,describe/* shortId */.m_)(id)} ${evaluation.Status}`;
            if (TERMINAL_EVAL.has(evaluation.Status)) {
                // The scheduler may hand the work to a follow-up evaluation (e.g. after a failed attempt).
                if (evaluation.NextEval && evaluation.Status !== 'complete')
                    return this.evaluation(evaluation.NextEval);
                return evaluation;
            }
            index = next;
        }
    }
    /** With an unchanged job spec Nomad starts no deployment; the current version's one still counts. */
    async currentDeploymentId(job) {
        if (BATCH_TYPES.has(job.Type))
            return null;
        const { value: latest } = await this.s.client.latestDeployment(job.ID, { signal: this.s.signal });
        return latest && latest.JobVersion === job.Version ? latest.ID : null;
    }
    async follow(id, stopAtPromotion) {
        let index = 0;
        let shown = '';
        for (;;) {
            const { value: d, index: next } = await this.s.client.deployment(id, this.blocking(index));
            const line = `deployment ${(0,describe/* shortId */.m_)(id)} ${d.Status}: ${(0,describe/* groupProgress */.T8)(d)}`;
            this.lastSeen = line;
            if (line !== shown)
                this.s.log.info((shown = line));
            if (TERMINAL_DEPLOYMENT.has(d.Status))
                return d;
            if (stopAtPromotion && awaitingPromotion(d)) {
                this.s.log.info(`deployment ${(0,describe/* shortId */.m_)(id)}: canaries healthy, waiting for promotion`);
                return d;
            }
            index = next;
        }
    }
    async failure(d) {
        const { value: allocs } = await this.s.client.deploymentAllocations(d.ID, { signal: this.s.signal });
        const groups = (0,describe/* unhealthyGroups */.nk)(d);
        const parts = [
            `deployment ${(0,describe/* shortId */.m_)(d.ID)} of job "${d.JobID}" version ${d.JobVersion} ${d.Status}: ${d.StatusDescription || 'no description'}`,
            groups.length ? `task groups ${groups.map((g) => `"${g}"`).join(', ')} (${(0,describe/* groupProgress */.T8)(d)})` : (0,describe/* groupProgress */.T8)(d),
            ...(0,describe/* allocationProblems */.Li)(allocs),
        ];
        const revert = ROLLING_BACK.exec(d.StatusDescription);
        if (revert && Object.values(d.TaskGroups ?? {}).some((g) => g.AutoRevert))
            parts.push(await this.rollback(d, Number(revert[1])));
        return new RolloutError(parts.join('\n  '), d.ID, 'see the task events above; `nomad alloc status <id>` shows more');
    }
    /** Waits for the auto-revert's deployment and follows it; the result is part of the failure story. */
    async rollback(failed, version) {
        this.s.log.warn(`deployment ${(0,describe/* shortId */.m_)(failed.ID)} failed; Nomad is rolling back to job version ${version}`);
        const appear = AbortSignal.any([this.s.signal, AbortSignal.timeout(this.s.rollbackAppearMs ?? DEFAULT_ROLLBACK_APPEAR_MS)]);
        let rollback = null;
        try {
            let index = 0;
            while (!rollback) {
                const { value, index: next } = await this.s.client.latestDeployment(failed.JobID, { index, waitMs: this.blockingWaitMs, signal: appear });
                if (value && value.ID !== failed.ID)
                    rollback = value;
                index = next;
            }
        }
        catch (err) {
            if (this.s.signal.aborted || !appear.aborted)
                throw err;
            return `auto-revert to job version ${version} started no deployment`;
        }
        const final = await this.follow(rollback.ID, false);
        return `auto-reverted to job version ${version}: rollback deployment ${(0,describe/* shortId */.m_)(rollback.ID)} ${final.Status}`;
    }
    /** No deployment (batch, or a service whose spec did not change): wait for this version's allocations. */
    async allocations(job) {
        const batch = BATCH_TYPES.has(job.Type);
        const settled = batch ? ['complete', 'failed', 'lost'] : ['running', 'complete', 'failed', 'lost'];
        let index = 0;
        let shown = '';
        for (;;) {
            const { value, index: next } = await this.s.client.jobAllocations(job.ID, this.blocking(index));
            const current = value.filter((a) => a.JobVersion === undefined || a.JobVersion === job.Version);
            const line = `job "${job.ID}" allocations: ${countByStatus(current)}`;
            this.lastSeen = line;
            if (line !== shown)
                this.s.log.info((shown = line));
            if (current.length && current.every((a) => settled.includes(a.ClientStatus))) {
                const problems = (0,describe/* allocationProblems */.Li)(current);
                if (problems.length)
                    throw new RolloutError(`job "${job.ID}" version ${job.Version} failed:\n  ${problems.join('\n  ')}`, null);
                return;
            }
            index = next;
        }
    }
    blocking(index) {
        return { index, waitMs: this.blockingWaitMs, signal: this.s.signal };
    }
}
/** Every canary group has its canaries healthy but is not promoted, and nothing promotes it automatically. */
function awaitingPromotion(d) {
    const groups = Object.values(d.TaskGroups ?? {});
    const canaryGroups = groups.filter((g) => (g.DesiredCanaries ?? 0) > 0 && !g.Promoted);
    return canaryGroups.length > 0 && canaryGroups.every((g) => !g.AutoPromote && g.HealthyAllocs >= (g.DesiredCanaries ?? 0));
}
function countByStatus(allocs) {
    if (!allocs.length)
        return 'none yet';
    const counts = new Map();
    for (const a of allocs)
        counts.set(a.ClientStatus, (counts.get(a.ClientStatus) ?? 0) + 1);
    return [...counts].map(([status, n]) => `${n} ${status}`).join(', ');
}

;// CONCATENATED MODULE: ./src/builtin/nomadpack/timebox.ts
/**
 * Runs deploy or release work inside the stanza's `timeout`, with a rollout watcher whose every
 * request the budget bounds; running out becomes one error saying what was last seen.
 */



async function withinTimeout(ctx, client, timeoutMs, what, tuning, work) {
    const deadline = new Deadline(ctx.signal, timeoutMs);
    const watcher = new RolloutWatcher({ client, log: ctx.log, signal: deadline.signal, ...tuning });
    try {
        return await deadline.guard(() => work(watcher, deadline.signal), () => new errors/* UserError */.yo(`${what} did not finish within ${formatDuration(timeoutMs)}; last seen: ${watcher.lastSeen}`, 'raise `timeout` in the stanza, or look at the job with `nomad job status`'));
    }
    finally {
        deadline.dispose();
    }
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

/***/ 53520:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   f: () => (/* binding */ NomadClient)
/* harmony export */ });
/* unused harmony export NomadApiError */
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(83916);
/**
 * A small Nomad HTTP API client on global fetch. Reads support blocking queries (`?index=&wait=`, the
 * `X-Nomad-Index` response header) so watchers wait for a change instead of polling. The ACL token
 * travels only in the `X-Nomad-Token` header — never in a URL, which could end up in an error message.
 */

class NomadApiError extends _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo {
    status;
    path;
    constructor(status, path, body) {
        super(`Nomad API ${path} answered ${status}${body ? `: ${body.trim().split('\n')[0]}` : ''}`, hintFor(status));
        this.status = status;
        this.path = path;
        this.name = 'NomadApiError';
    }
}
function hintFor(status) {
    if (status === 403)
        return 'check nomad_token / NOMAD_TOKEN and its ACL policy (namespace:read-job, submit-job)';
    if (status === 400)
        return 'check namespace and region';
    return undefined;
}
class NomadClient {
    conn;
    base;
    constructor(conn) {
        this.conn = conn;
        this.base = conn.address.replace(/\/+$/, '');
    }
    evaluation(id, opts) {
        return this.get(`/v1/evaluation/${enc(id)}`, opts);
    }
    evaluationAllocations(id, opts) {
        return this.get(`/v1/evaluation/${enc(id)}/allocations`, opts);
    }
    deployment(id, opts) {
        return this.get(`/v1/deployment/${enc(id)}`, opts);
    }
    deploymentAllocations(id, opts) {
        return this.get(`/v1/deployment/allocations/${enc(id)}`, opts);
    }
    /** The job, or null when Nomad does not know it. */
    async job(id, opts) {
        return orNull(this.get(`/v1/job/${enc(id)}`, opts));
    }
    /** `?meta=true` adds each job's `Meta`, which nomad-pack uses to tag its deployment name. */
    jobs(opts) {
        return this.get('/v1/jobs', opts, { meta: 'true' });
    }
    /** The job's most recent deployment; `value` is null when it has none (or the job is unknown). */
    async latestDeployment(jobId, opts) {
        try {
            return await this.get(`/v1/job/${enc(jobId)}/deployment`, opts);
        }
        catch (err) {
            if (err instanceof NomadApiError && err.status === 404)
                return { value: null, index: 0 };
            throw err;
        }
    }
    jobAllocations(jobId, opts) {
        return this.get(`/v1/job/${enc(jobId)}/allocations`, opts);
    }
    promoteDeployment(id, signal) {
        return this.post(`/v1/deployment/promote/${enc(id)}`, { DeploymentID: id, All: true }, signal);
    }
    async get(path, opts = {}, extra = {}) {
        const params = new URLSearchParams(extra);
        if (opts.index !== undefined && opts.index > 0) {
            params.set('index', String(opts.index));
            if (opts.waitMs !== undefined)
                params.set('wait', `${Math.max(1, Math.round(opts.waitMs))}ms`);
        }
        const res = await this.request('GET', path, params, undefined, opts.signal);
        return { value: (await res.json()), index: Number(res.headers.get('x-nomad-index') ?? 0) };
    }
    async post(path, body, signal) {
        const res = await this.request('POST', path, new URLSearchParams(), body, signal);
        return (await res.json());
    }
    async request(method, path, params, body, signal) {
        if (this.conn.namespace)
            params.set('namespace', this.conn.namespace);
        if (this.conn.region)
            params.set('region', this.conn.region);
        const query = params.size ? `?${params}` : '';
        const headers = { accept: 'application/json' };
        if (this.conn.token)
            headers['x-nomad-token'] = this.conn.token;
        if (body !== undefined)
            headers['content-type'] = 'application/json';
        let res;
        try {
            res = await fetch(`${this.base}${path}${query}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal });
        }
        catch (err) {
            if (signal?.aborted)
                throw signal.reason instanceof Error ? signal.reason : err;
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo(`cannot reach Nomad at ${this.base}: ${causeOf(err)}`, 'check nomad_addr / NOMAD_ADDR');
        }
        if (!res.ok)
            throw new NomadApiError(res.status, path, await res.text());
        return res;
    }
}
async function orNull(pending) {
    try {
        return (await pending).value;
    }
    catch (err) {
        if (err instanceof NomadApiError && err.status === 404)
            return null;
        throw err;
    }
}
function enc(segment) {
    return encodeURIComponent(segment);
}
function causeOf(err) {
    const cause = err instanceof Error && err.cause instanceof Error ? err.cause.message : null;
    return cause ?? (err instanceof Error ? err.message : String(err));
}


/***/ }),

/***/ 86786:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Li: () => (/* binding */ allocationProblems),
/* harmony export */   T8: () => (/* binding */ groupProgress),
/* harmony export */   bu: () => (/* binding */ placementFailures),
/* harmony export */   m_: () => (/* binding */ shortId),
/* harmony export */   nk: () => (/* binding */ unhealthyGroups)
/* harmony export */ });
/** Nomad's short form of an ID, as its CLI prints it. */
function shortId(id) {
    return id.slice(0, 8);
}
/** `web: 2/3 placed, 1 healthy, 0 unhealthy` per task group, sorted by name. */
function groupProgress(deployment) {
    const groups = Object.entries(deployment.TaskGroups ?? {}).sort(([a], [b]) => a.localeCompare(b));
    return groups
        .map(([name, g]) => {
        const canaries = g.DesiredCanaries ? `, canaries ${g.PlacedCanaries?.length ?? 0}/${g.DesiredCanaries}${g.Promoted ? ' promoted' : ''}` : '';
        return `${name}: ${g.PlacedAllocs}/${g.DesiredTotal} placed, ${g.HealthyAllocs} healthy, ${g.UnhealthyAllocs} unhealthy${canaries}`;
    })
        .join('; ');
}
/** Groups whose allocations went unhealthy, for naming them in a failure. */
function unhealthyGroups(deployment) {
    return Object.entries(deployment.TaskGroups ?? {})
        .filter(([, g]) => g.UnhealthyAllocs > 0 || g.HealthyAllocs < g.DesiredTotal)
        .map(([name]) => name)
        .sort();
}
/** One line per task group that could not be placed, with the scheduler's reasons. */
function placementFailures(failed) {
    return Object.entries(failed)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([group, m]) => {
        const count = (m.CoalescedFailures ?? 0) + 1;
        const reasons = placementReasons(m);
        return `task group "${group}" failed to place ${count} allocation${count > 1 ? 's' : ''}${reasons.length ? `: ${reasons.join('; ')}` : ''}`;
    });
}
function placementReasons(m) {
    const out = [];
    if (m.NodesEvaluated === 0)
        out.push('no nodes were eligible for evaluation');
    for (const [dc, n] of Object.entries(m.NodesAvailable ?? {}))
        if (n === 0)
            out.push(`no nodes are available in datacenter "${dc}"`);
    for (const [cls, n] of Object.entries(m.ClassFiltered ?? {}))
        out.push(`class "${cls}": ${n} nodes excluded by filter`);
    for (const [c, n] of Object.entries(m.ConstraintFiltered ?? {}))
        out.push(`constraint "${c}": ${n} nodes excluded by filter`);
    if (m.NodesExhausted)
        out.push(`resources exhausted on ${m.NodesExhausted} nodes`);
    for (const [cls, n] of Object.entries(m.ClassExhausted ?? {}))
        out.push(`class "${cls}" exhausted on ${n} nodes`);
    for (const [dim, n] of Object.entries(m.DimensionExhausted ?? {}))
        out.push(`dimension "${dim}" exhausted on ${n} nodes`);
    for (const q of m.QuotaExhausted ?? [])
        out.push(`quota limit hit "${q}"`);
    return out;
}
/** Allocations a deployment counts against itself: marked unhealthy, or failed/lost on the client. */
function problemAllocations(allocs) {
    return allocs.filter((a) => a.DeploymentStatus?.Healthy === false || a.ClientStatus === 'failed' || a.ClientStatus === 'lost');
}
const MAX_ALLOCS = 5;
const MAX_EVENTS_PER_TASK = 3;
/** `allocation 287b65cc (web) task "server": Driver Failure: …` for each problem allocation. */
function allocationProblems(allocs) {
    const problems = problemAllocations(allocs);
    const lines = problems.slice(0, MAX_ALLOCS).flatMap((a) => {
        const tasks = Object.entries(a.TaskStates ?? {}).sort(([x], [y]) => x.localeCompare(y));
        const head = `allocation ${shortId(a.ID)} (${a.TaskGroup}, ${a.ClientStatus})`;
        const taskLines = tasks
            .map(([task, state]) => [task, telling(state.Events ?? [])])
            .filter(([, events]) => events.length > 0)
            .map(([task, events]) => `${head} task "${task}": ${events.join('; ')}`);
        return taskLines.length ? taskLines : [`${head}${a.ClientDescription ? `: ${a.ClientDescription}` : ''}`];
    });
    if (problems.length > MAX_ALLOCS)
        lines.push(`…and ${problems.length - MAX_ALLOCS} more unhealthy allocations`);
    return lines;
}
/** The events that explain a failure: those carrying a driver error or failing the task, else the last one. */
function telling(events) {
    const failing = events.filter((e) => e.DriverError || e.FailsTask);
    const chosen = (failing.length ? failing : events.slice(-1)).slice(-MAX_EVENTS_PER_TASK);
    return [...new Set(chosen.map(eventText))];
}
function eventText(e) {
    const message = e.DisplayMessage || e.Message || '';
    const driver = e.DriverError && !message.includes(e.DriverError) ? e.DriverError : '';
    return [e.Type, [message, driver].filter(Boolean).join(' — ')].filter(Boolean).join(': ');
}


/***/ })

};
