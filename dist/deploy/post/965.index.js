export const id = 965;
export const ids = [965];
export const modules = {

/***/ 8965:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   removeCredentialFiles: () => (/* binding */ removeCredentialFiles)
/* harmony export */ });
/* unused harmony exports CREDENTIAL_FILE_PREFIX, writeCredentialFile */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(8161);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_os__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_3___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_3__);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(2635);





/**
 * Credential files (a gcloud access-token file, a kubeconfig…). They go under RUNNER_TEMP — never
 * GITHUB_WORKSPACE, where google-github-actions/auth's `gha-creds-*.json` got uploaded, zipped into
 * artifacts and committed (google-github-actions/auth#298; docs/faults.md C10) — with mode 0600, and the post step removes
 * them. Only Node built-ins here: post steps import this without the HTTP and retry code.
 */
const CREDENTIAL_FILE_PREFIX = 'actions-suite-credentials-';
/** Writes `contents` to a new file (0600, never overwriting) and returns its absolute path; record it for `removeCredentialFiles`. */
async function writeCredentialFile(name, contents, opts = {}) {
    const dir = await realpath(opts.runnerTemp ?? process.env['RUNNER_TEMP'] ?? tmpdir());
    const workspaceRaw = opts.workspace ?? process.env['GITHUB_WORKSPACE'];
    if (workspaceRaw) {
        const workspace = await realpath(workspaceRaw).catch(() => workspaceRaw);
        const rel = relative(workspace, dir);
        if (rel === '' || (!rel.startsWith('..') && !isAbsolute(rel))) {
            throw new UserError(`Refusing to write a credential file: RUNNER_TEMP (${dir}) is inside GITHUB_WORKSPACE, where artifacts and commits would pick it up.`);
        }
    }
    const safe = name.replace(/[^\w.-]/g, '-').slice(0, 64) || 'credentials';
    const path = join(dir, `${CREDENTIAL_FILE_PREFIX}${randomUUID()}-${safe}`);
    await writeFile(path, contents, { mode: 0o600, flag: 'wx' });
    await chmod(path, 0o600);
    return path;
}
/**
 * Removes credential files written by `writeCredentialFile` (for post steps). Paths that are not
 * such files are refused rather than deleted; missing files count as removed.
 */
async function removeCredentialFiles(paths) {
    const removed = [];
    const failed = [];
    for (const path of paths) {
        if (!(0,node_path__WEBPACK_IMPORTED_MODULE_3__.isAbsolute)(path) || !(0,node_path__WEBPACK_IMPORTED_MODULE_3__.basename)(path).startsWith(CREDENTIAL_FILE_PREFIX)) {
            failed.push({ path, reason: 'not a credential file written by this suite' });
            continue;
        }
        try {
            await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.rm)(path, { force: true });
            removed.push(path);
        }
        catch (error) {
            failed.push({ path, reason: (0,_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .messageOf */ .bD)(error) });
        }
    }
    return { removed, failed };
}


/***/ })

};
