import { dirname as __csDirname } from 'node:path';
import { fileURLToPath as __csFileURLToPath } from 'node:url';
const __filename = __csFileURLToPath(import.meta.url);
const __dirname = __csDirname(__filename);
export const id = 735;
export const ids = [735];
export const modules = {

/***/ 96735:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   nixpacksBuild: () => (/* binding */ nixpacksBuild)
/* harmony export */ });
/* unused harmony exports nixpacksArgs, refuseVaultSecrets */
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(83916);
/* harmony import */ var _exec_run_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(86044);
/* harmony import */ var _vault_index_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(52682);
/* harmony import */ var _docker_build_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(35835);




/** Pure: the nixpacks argv. Secret values never appear in it (nor in `ps`, nor in the logged command). */
function nixpacksArgs(i) {
    const args = ['build', i.context, '--name', i.ref];
    for (const [k, v] of Object.entries(i.env))
        args.push('--env', `${k}=${v}`);
    for (const key of i.secretKeys)
        args.push('--env', key);
    for (const [k, v] of Object.entries(i.labels))
        args.push('--label', `${k}=${v}`);
    return args;
}
function refuseVaultSecrets(config) {
    if (!config.secrets_path?.length || config.secrets_mode === 'env')
        return;
    throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo('nixpacks cannot take Vault secrets safely: it writes every --env variable into the image as ARG/ENV lines, so the values would stay in the image config and `docker history` for anyone who can pull it', 'use the csdocker builder (Vault keys become BuildKit secret mounts that never reach the image), or set secrets_mode = "env" to accept the exposure');
}
async function nixpacksBuild(ctx, config) {
    refuseVaultSecrets(config); // before Vault is contacted: nothing to revoke, nothing fetched
    // nixpacks has no build args of its own: build_args and env{} both become its (build and run) env.
    const plan = (0,_docker_build_js__WEBPACK_IMPORTED_MODULE_3__/* .planBuild */ .C7)(ctx, { image: config.name ?? config.image, tag: config.tag, context: config.context, build_args: { ...config.build_args, ...config.env } });
    return (0,_vault_index_js__WEBPACK_IMPORTED_MODULE_2__/* .withVaultSecrets */ ._o)(ctx, config, async (secrets) => {
        (0,_vault_index_js__WEBPACK_IMPORTED_MODULE_2__/* .warnSecretExposure */ ._I)(ctx.log, Object.keys(secrets), 'env', 'the image ENV/ARG lines nixpacks generates');
        await runNixpacks(ctx, plan, secrets);
        return (0,_docker_build_js__WEBPACK_IMPORTED_MODULE_3__/* .artifactFromEngine */ .zp)(`${plan.image}:${plan.tag}`, plan, 'nixpacks');
    });
}
async function runNixpacks(ctx, plan, secrets) {
    const bin = ctx.env.NIXPACKS_BIN || 'nixpacks';
    const env = Object.fromEntries(Object.entries(plan.buildArgs).filter(([k]) => !(k in secrets)));
    const argv = nixpacksArgs({ context: plan.context, ref: `${plan.image}:${plan.tag}`, env, secretKeys: Object.keys(secrets), labels: plan.labels });
    await ctx.log.group(`nixpacks build ${plan.image}:${plan.tag}`, () => (0,_exec_run_js__WEBPACK_IMPORTED_MODULE_1__/* .runCommand */ .d1)(bin, argv, { cwd: plan.context, env: { ...ctx.env, ...secrets }, signal: ctx.signal, log: ctx.log, redactor: ctx.redactor, stream: 'info' }));
}


/***/ })

};
