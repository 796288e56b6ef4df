export const id = 497;
export const ids = [497];
export const modules = {

/***/ 3497:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   ExecError: () => (/* reexport safe */ _errors_js__WEBPACK_IMPORTED_MODULE_4__.cI),
/* harmony export */   execFile: () => (/* binding */ execFile),
/* harmony export */   runScript: () => (/* binding */ runScript)
/* harmony export */ });
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1421);
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_child_process__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(8161);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_os__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_3___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_3__);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(2635);






const TAIL_LINES = 20;
function execFile(command, args, opts = {}) {
    const scrub = (s) => (opts.redactor ? opts.redactor.scrub(s) : s);
    const onLine = opts.onLine === undefined ? (line) => process.stdout.write(`${line}\n`) : opts.onLine;
    return new Promise((resolve, reject) => {
        const child = (0,node_child_process__WEBPACK_IMPORTED_MODULE_0__.spawn)(command, args, {
            cwd: opts.cwd,
            env: { ...process.env, ...opts.env },
            stdio: ['pipe', 'pipe', 'pipe'],
            // Own process group, so a timeout or cancellation kills grandchildren too.
            detached: true,
        });
        const out = [];
        const err = [];
        const pipe = (stream, sink, name) => {
            let partial = '';
            stream.setEncoding('utf8');
            stream.on('data', (chunk) => {
                const lines = (partial + chunk).split('\n');
                partial = lines.pop() ?? '';
                for (const line of lines)
                    emit(line);
            });
            stream.on('end', () => partial && emit(partial));
            function emit(line) {
                const clean = scrub(line);
                sink.push(clean);
                onLine?.(clean, name);
            }
        };
        pipe(child.stdout, out, 'stdout');
        pipe(child.stderr, err, 'stderr');
        let timedOut = false;
        const kill = () => {
            if (child.pid === undefined || child.exitCode !== null)
                return;
            try {
                process.kill(-child.pid, 'SIGTERM');
                setTimeout(() => child.exitCode === null && child.pid && tryKill(-child.pid), 5000).unref();
            }
            catch {
                child.kill('SIGTERM');
            }
        };
        const timer = opts.timeoutMs ? setTimeout(() => ((timedOut = true), kill()), opts.timeoutMs) : undefined;
        timer?.unref();
        const onAbort = () => kill();
        opts.signal?.addEventListener('abort', onAbort, { once: true });
        child.on('error', (e) => {
            clearTimeout(timer);
            reject(new Error(`Failed to start ${command}: ${e.message}`, { cause: e }));
        });
        child.on('close', (code, signal) => {
            clearTimeout(timer);
            opts.signal?.removeEventListener('abort', onAbort);
            const result = { exitCode: code ?? -1, stdout: out.join('\n'), stderr: err.join('\n') };
            if (code === 0 && !timedOut)
                return resolve(result);
            reject(new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .ExecError */ .cI(command, { exitCode: code, signal, timedOut, stderrTail: err.slice(-TAIL_LINES).join('\n') }));
        });
        child.stdin.on('error', () => { }); // a child that exits without reading stdin must not crash us
        child.stdin.end(opts.stdin ?? '');
    });
}
function tryKill(pid) {
    try {
        process.kill(pid, 'SIGKILL');
    }
    catch {
        // already gone
    }
}
/**
 * Runs a user-supplied script as GitHub runs `shell: bash`: from a file, with `bash --noprofile
 * --norc -eo pipefail`. The script text is never built from inputs; values arrive through `env`.
 */
async function runScript(script, opts = {}) {
    const dir = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.mkdtemp)((0,node_path__WEBPACK_IMPORTED_MODULE_3__.join)(process.env.RUNNER_TEMP || (0,node_os__WEBPACK_IMPORTED_MODULE_2__.tmpdir)(), 'script-'));
    const file = (0,node_path__WEBPACK_IMPORTED_MODULE_3__.join)(dir, 'script.sh');
    try {
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.writeFile)(file, script, { mode: 0o700 });
        return await execFile('bash', ['--noprofile', '--norc', '-eo', 'pipefail', file], opts);
    }
    finally {
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.rm)(dir, { recursive: true, force: true });
    }
}


/***/ })

};
