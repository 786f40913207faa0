import { dirname as __csDirname } from 'node:path';
import { fileURLToPath as __csFileURLToPath } from 'node:url';
const __filename = __csFileURLToPath(import.meta.url);
const __dirname = __csDirname(__filename);
export const id = 842;
export const ids = [842];
export const modules = {

/***/ 842:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   csdockerBuild: () => (/* binding */ csdockerBuild)
/* harmony export */ });
/* harmony import */ var _vault_index_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(52682);
/* harmony import */ var _docker_build_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(35835);


const BUILDER = 'csdocker';
function csdockerBuild(ctx, config) {
    // env{} is plain configuration: build args, like the Go orchestrator's.
    const env = config.env ?? {};
    return (0,_vault_index_js__WEBPACK_IMPORTED_MODULE_0__/* .withVaultSecrets */ ._o)(ctx, config, (secrets) => {
        if (config.secrets_mode === 'build_args') {
            (0,_vault_index_js__WEBPACK_IMPORTED_MODULE_0__/* .warnSecretExposure */ ._I)(ctx.log, Object.keys(secrets), 'build_args', 'the image history (`docker history` prints build args)');
            return (0,_docker_build_js__WEBPACK_IMPORTED_MODULE_1__.dockerBuild)(ctx, config, { builder: BUILDER, buildArgs: { ...env, ...secrets } });
        }
        return (0,_docker_build_js__WEBPACK_IMPORTED_MODULE_1__.dockerBuild)(ctx, config, { builder: BUILDER, buildArgs: env, secrets });
    });
}


/***/ })

};
