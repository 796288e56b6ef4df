export const id = 121;
export const ids = [121];
export const modules = {

/***/ 12988:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Nc: () => (/* binding */ sameKind),
/* harmony export */   US: () => (/* binding */ isForbidden),
/* harmony export */   V2: () => (/* binding */ failure),
/* harmony export */   c2: () => (/* binding */ statusOf),
/* harmony export */   kz: () => (/* binding */ tokenCannotWrite)
/* harmony export */ });
/* harmony import */ var _shared_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(32635);

/**
 * How rotate-secret words a failure at a boundary (a GitHub call, a store, the target). An API or
 * network failure that outlasted its retries (GitHubApiError/RetryError, anything with an HTTP
 * status), a TransientError or a UserError is the environment's to fix and stays user-facing;
 * anything else stays what it was (a bug).
 */
function failure(what, error) {
    return sameKind(`${what}: ${(0,_shared_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .messageOf */ .bD)(error)}`, error);
}
/** `message` for `error`, user-facing exactly when something in its cause chain is. */
function sameKind(message, error) {
    return userFacing(error) ? new _shared_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo(message, { cause: error }) : new Error(message, { cause: error });
}
function userFacing(error) {
    return (0,_shared_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .causeChain */ .DD)(error).some((e) => {
        const named = e instanceof Error ? e.name : '';
        return e instanceof _shared_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz || e instanceof _shared_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo || e instanceof _shared_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .TransientError */ .N_ || named === 'RetryError' || named === 'GitHubApiError' || statusOf(e) !== undefined;
    });
}
/** The HTTP status an API error carries, if any. */
function statusOf(error) {
    const s = error?.status;
    return typeof s === 'number' ? s : undefined;
}
/** A 403 that is not a rate limit: the token lacks a permission. */
function isForbidden(error) {
    return statusOf(error) === 403 && !/rate limit/i.test((0,_shared_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .messageOf */ .bD)(error));
}
/** The message a 403 on a secret or variable write deserves: which token can do it. */
function tokenCannotWrite(what, error) {
    return new _shared_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo(`github-token cannot write the ${what} (${(0,_shared_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .messageOf */ .bD)(error)}). The workflow's GITHUB_TOKEN can never write secrets or ` +
        'variables: pass a GitHub App installation token (e.g. from actions/create-github-app-token) with the permissions ' +
        "'secrets: write' and 'variables: write' (plus 'environments: write' for environment secrets, 'organization_secrets: write' " +
        "for organisation secrets, 'dependabot_secrets: write' for Dependabot) or a fine-grained PAT with the same, as `github-token`.", { cause: error });
}


/***/ }),

/***/ 35207:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Eh: () => (/* binding */ newOwner),
/* harmony export */   JL: () => (/* binding */ newVersion),
/* harmony export */   PG: () => (/* binding */ parseLock),
/* harmony export */   Wf: () => (/* binding */ LEASE_MS)
/* harmony export */ });
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(77598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);

/**
 * The lock variable's value, `<NAME>_ROTATION_LOCK`: the lock of a rotation in progress and its
 * write-ahead record — what a resumed run needs to finish the same rotation. Never a secret.
 */
const LEASE_MS = 10 * 60_000;
/** Parses a lock variable's value; anything else is reported as corrupt, never guessed at. */
function parseLock(text) {
    let v;
    try {
        v = JSON.parse(text);
    }
    catch {
        return { corrupt: 'not JSON' };
    }
    const w = v;
    const ok = w !== null &&
        typeof w === 'object' &&
        w.v === 1 &&
        typeof w.owner === 'string' &&
        typeof w.version === 'string' &&
        typeof w.user === 'string' &&
        typeof w.previousUser === 'string' &&
        typeof w.settings === 'string' &&
        typeof w.derived === 'boolean' &&
        typeof w.startedAt === 'string' &&
        typeof w.leaseUntil === 'string' &&
        (w.strategy === 'single-user' || w.strategy === 'alternating-users') &&
        typeof w.run === 'object' &&
        w.run !== null &&
        typeof w.run.id === 'string' &&
        typeof w.run.attempt === 'number' &&
        typeof w.run.job === 'string';
    return ok ? { lock: w } : { corrupt: 'not a rotation record of version 1' };
}
/** A version id: sortable by time, unique by its random part. */
function newVersion(now, random = () => (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.randomBytes)(6)) {
    const stamp = new Date(now).toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
    return `${stamp}-${random().toString('hex')}`;
}
function newOwner() {
    return (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.randomBytes)(8).toString('hex');
}


/***/ }),

/***/ 47121:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  RotationRun: () => (/* binding */ RotationRun),
  runEnv: () => (/* binding */ runEnv)
});

// EXTERNAL MODULE: ./shared/errors.ts
var errors = __webpack_require__(32635);
// EXTERNAL MODULE: ./actions/rotate-secret/src/failure.ts
var failure = __webpack_require__(12988);
// EXTERNAL MODULE: ./actions/rotate-secret/src/lock.ts
var src_lock = __webpack_require__(35207);
;// CONCATENATED MODULE: ./actions/rotate-secret/src/ledger.ts



class Ledger {
    names;
    #github;
    #home;
    #signal;
    constructor(github, home, name, signal) {
        this.#github = github;
        this.#home = home;
        this.#signal = signal;
        this.names = { lock: `${name}_ROTATION_LOCK`, rotatedAt: `${name}_ROTATED_AT`, activeUser: `${name}_ACTIVE_USER` };
    }
    get where() {
        return `${this.#home.owner}/${this.#home.repo}`;
    }
    async read(withActiveUser) {
        // In parallel, but a failure is reported in a fixed order (the same run, the same message).
        const settled = await Promise.allSettled([
            this.#get(this.names.lock),
            this.#get(this.names.rotatedAt),
            withActiveUser ? this.#get(this.names.activeUser) : Promise.resolve(undefined),
        ]);
        const [lock, rotatedAt, activeUser] = settled.map((r) => {
            if (r.status === 'rejected')
                throw r.reason;
            return r.value;
        });
        return { rotatedAt, activeUser, lock: lock === undefined ? undefined : (0,src_lock/* parseLock */.PG)(lock) };
    }
    /** Creates the lock. Undefined when another run holds it (409). */
    async acquire(lock) {
        const gh = await this.#github();
        const reconcile = async () => ((await this.holds(lock.owner)) ? { data: {}, status: 201 } : undefined);
        try {
            await gh.request('POST /repos/{owner}/{repo}/actions/variables', {
                ...this.#home,
                name: this.names.lock,
                value: JSON.stringify(lock),
                request: { signal: this.#signal, reconcile },
            });
            return new HeldLock(this, lock);
        }
        catch (error) {
            if ((0,failure/* statusOf */.c2)(error) === 409)
                return undefined;
            throw this.#explain('create the lock variable', error);
        }
    }
    /**
     * Takes over the lock of an interrupted rotation: checks it still holds `previous` (nobody took
     * it meanwhile), writes ours, and reads it back. GitHub has no compare-and-swap for variables,
     * so two runs taking over the same expired lock within the same instant could both proceed; the
     * read-back makes that window a few milliseconds wide.
     */
    async takeOver(previous, lock) {
        if (!(await this.holds(previous.owner)))
            return undefined;
        await this.update(this.names.lock, JSON.stringify(lock));
        return (await this.holds(lock.owner)) ? new HeldLock(this, lock) : undefined;
    }
    /** Records the rotation time and the active user (alternating-users). */
    async record(rotatedAt, activeUser, known) {
        await this.#upsert(this.names.rotatedAt, rotatedAt, known.rotatedAt !== undefined);
        if (activeUser !== undefined && known.activeUser !== activeUser)
            await this.#upsert(this.names.activeUser, activeUser, known.activeUser !== undefined);
    }
    async deleteLock() {
        const gh = await this.#github();
        try {
            await gh.request('DELETE /repos/{owner}/{repo}/actions/variables/{name}', { ...this.#home, name: this.names.lock, request: { signal: this.#signal } });
        }
        catch (error) {
            if ((0,failure/* statusOf */.c2)(error) !== 404)
                throw this.#explain('delete the lock variable', error);
        }
    }
    /** Whether the lock variable now names `owner`. */
    async holds(owner) {
        const now = await this.#get(this.names.lock);
        const state = now === undefined ? undefined : (0,src_lock/* parseLock */.PG)(now);
        return state !== undefined && 'lock' in state && state.lock.owner === owner;
    }
    async #get(name) {
        const gh = await this.#github();
        try {
            const { data } = await gh.request('GET /repos/{owner}/{repo}/actions/variables/{name}', { ...this.#home, name, request: { signal: this.#signal } });
            return data.value;
        }
        catch (error) {
            if ((0,failure/* statusOf */.c2)(error) === 404)
                return undefined;
            throw (0,failure/* failure */.V2)(`Failed to read the variable ${name} of ${this.where}`, error);
        }
    }
    async update(name, value) {
        const gh = await this.#github();
        try {
            await gh.request('PATCH /repos/{owner}/{repo}/actions/variables/{name}', { ...this.#home, name, value, request: { signal: this.#signal } });
        }
        catch (error) {
            throw this.#explain(`update the variable ${name}`, error);
        }
    }
    async #upsert(name, value, exists) {
        const gh = await this.#github();
        if (exists) {
            try {
                await this.update(name, value);
                return;
            }
            catch (error) {
                if ((0,failure/* statusOf */.c2)(error.cause) !== 404)
                    throw error;
            }
        }
        const reconcile = async () => ((await this.#get(name)) === value ? { data: {}, status: 201 } : undefined);
        try {
            await gh.request('POST /repos/{owner}/{repo}/actions/variables', { ...this.#home, name, value, request: { signal: this.#signal, reconcile } });
        }
        catch (error) {
            if ((0,failure/* statusOf */.c2)(error) === 409)
                return this.update(name, value);
            throw this.#explain(`create the variable ${name}`, error);
        }
    }
    #explain(what, error) {
        if ((0,failure/* isForbidden */.US)(error)) {
            return (0,failure/* tokenCannotWrite */.kz)(`Actions variables of ${this.where} (this action keeps its lock and ${this.names.rotatedAt} there)`, error);
        }
        return (0,failure/* failure */.V2)(`Failed to ${what} of ${this.where}`, error);
    }
}
/**
 * The lock while this run holds it: its current record (the lease moves), renewed before it runs
 * out, and released or completed at the end.
 */
class HeldLock {
    #ledger;
    #lock;
    constructor(ledger, lock) {
        this.#ledger = ledger;
        this.#lock = lock;
    }
    get lock() {
        return this.#lock;
    }
    /** Extends the lease when less than half of it is left; throws when the lock is no longer ours (someone took over an expired lease). */
    async renewIfDue(now) {
        if (Date.parse(this.#lock.leaseUntil) - now >= src_lock/* LEASE_MS */.Wf / 2)
            return;
        if (!(await this.#ledger.holds(this.#lock.owner))) {
            throw new errors/* UserError */.yo(`the lock ${this.#ledger.names.lock} is no longer held by this run (its lease expired and another run took it over); stopping`);
        }
        const renewed = { ...this.#lock, leaseUntil: new Date(now + src_lock/* LEASE_MS */.Wf).toISOString() };
        await this.#ledger.update(this.#ledger.names.lock, JSON.stringify(renewed));
        this.#lock = renewed;
    }
    /** Records the rotation, then releases the lock. */
    async complete(rotatedAt, activeUser, known) {
        await this.#ledger.record(rotatedAt, activeUser, known);
        await this.release();
    }
    async release() {
        await this.#ledger.deleteLock();
    }
}

// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 5 modules
var core = __webpack_require__(28524);
// EXTERNAL MODULE: ./shared/log.ts
var log = __webpack_require__(61620);
// EXTERNAL MODULE: ./shared/summary.ts + 1 modules
var summary = __webpack_require__(39771);
;// CONCATENATED MODULE: ./actions/rotate-secret/src/rotation-report.ts




class RotationReport {
    #log;
    #redactor;
    #name;
    #strategy;
    #target;
    #steps = [];
    #destinations = new Map();
    constructor(o) {
        this.#name = o.name;
        this.#strategy = o.strategy;
        this.#target = o.target;
        this.#log = o.log;
        this.#redactor = o.redactor;
    }
    /** The steps as this run will take them (rows in the summary before they run). */
    plan(steps) {
        for (const s of steps)
            this.#steps.push({ step: s.step, status: 'not run', detail: s.does, ms: 0 });
    }
    destination(id, result, error) {
        this.#destinations.set(id, error === undefined ? { result } : { result, error: this.#redactor.scrub((0,errors/* messageOf */.bD)(error)) });
    }
    /**
     * Runs one step inside a log group and records its status, what it did and how long it took. A
     * step run in parts (create: the lock, then the value) adds to its row.
     */
    async step(step, fn) {
        let row = this.#steps.find((s) => s.step === step);
        if (!row) {
            row = { step, status: 'not run', detail: '', ms: 0 };
            this.#steps.push(row);
        }
        const continued = row.status === 'done';
        const started = Date.now();
        try {
            const done = await this.#log.group(step, async () => {
                const d = await fn();
                this.#log.info(d.detail);
                return d;
            });
            row.detail = continued ? `${row.detail}; ${done.detail}` : done.detail;
            row.status = done.skipped ? 'skipped' : 'done';
            return done.result;
        }
        catch (error) {
            row.status = 'failed';
            row.detail = `${row.detail} — ${this.#redactor.scrub((0,errors/* messageOf */.bD)(error))}`;
            throw error;
        }
        finally {
            row.ms += Date.now() - started;
        }
    }
    /** The step that failed, if one did. */
    failedStep() {
        return this.#steps.find((s) => s.status === 'failed')?.step;
    }
    /** Marks every planned step as not taken, saying what it would have done (dry run). */
    wouldDo() {
        for (const row of this.#steps)
            Object.assign(row, { status: 'skipped', detail: `dry run — would ${row.detail}` });
    }
    /** Outputs and the job summary. */
    async publish(c) {
        const out = (name, value) => core.setOutput(name, this.#redactor.scrub(value));
        out('rotated', String(c.rotated));
        out('version', c.version);
        out('rotated-at', c.rotatedAt);
        out('active-user', c.activeUser);
        out('destinations', JSON.stringify([...this.#destinations].map(([destination, r]) => ({ destination, ...r }))));
        const rows = [
            `### rotate-secret: ${(0,summary/* cell */.H)(this.#name)} — ${(0,summary/* cell */.H)(c.headline)}`,
            '',
            '| | |',
            '|---|---|',
            `| rotated | ${c.rotated ? 'yes' : 'no'} |`,
            `| strategy | ${(0,summary/* cell */.H)(this.#strategy)} |`,
            `| target | ${(0,summary/* cell */.H)(this.#target)} |`,
            `| active user | ${(0,summary/* cell */.H)(c.activeUser || '–')} |`,
            `| version | ${(0,summary/* cell */.H)(c.version || '–')} |`,
            `| rotated at | ${(0,summary/* cell */.H)(c.rotatedAt || '–')} |`,
            '',
        ];
        if (this.#steps.length > 0) {
            rows.push('| step | status | what | duration |', '|---|---|---|---|');
            for (const s of this.#steps)
                rows.push(`| ${s.step} | ${s.status} | ${(0,summary/* cell */.H)(s.detail)} | ${s.status === 'not run' ? '–' : (0,log/* formatDuration */.a3)(s.ms)} |`);
            rows.push('');
        }
        if (this.#destinations.size > 0) {
            rows.push('| destination | result |', '|---|---|');
            for (const [id, r] of this.#destinations)
                rows.push(`| ${(0,summary/* cell */.H)(id)} | ${(0,summary/* cell */.H)(r.error ? `${r.result}: ${r.error}` : r.result)} |`);
            rows.push('');
        }
        for (const n of c.notes)
            rows.push(`> ${(0,summary/* cell */.H)(n)}`, '');
        await (0,summary/* appendSummary */.f)(this.#redactor, rows.join('\n'));
    }
}

;// CONCATENATED MODULE: ./actions/rotate-secret/src/targets/open.ts
/** Each driver is its own file and chunk: its client library loads only when that target is used. */
async function openTarget(opts) {
    switch (opts.target.kind) {
        case 'postgres':
            return (await Promise.all(/* import() */[__webpack_require__.e(849), __webpack_require__.e(216)]).then(__webpack_require__.bind(__webpack_require__, 3216))).openPostgres(opts);
        case 'mysql':
            return (await Promise.all(/* import() */[__webpack_require__.e(588), __webpack_require__.e(741)]).then(__webpack_require__.bind(__webpack_require__, 63741))).openMysql(opts);
        case 'redis':
            return (await Promise.all(/* import() */[__webpack_require__.e(488), __webpack_require__.e(476)]).then(__webpack_require__.bind(__webpack_require__, 6476))).openRedis(opts);
    }
}

;// CONCATENATED MODULE: ./actions/rotate-secret/src/rotation.ts




function runEnv(env = process.env) {
    const attempt = Number(env['GITHUB_RUN_ATTEMPT'] ?? '1');
    return {
        repository: env['GITHUB_REPOSITORY'] || undefined,
        run: { id: env['GITHUB_RUN_ID'] ?? 'local', attempt: Number.isSafeInteger(attempt) && attempt > 0 ? attempt : 1, job: env['GITHUB_JOB'] ?? 'job' },
        now: () => Date.now(),
    };
}
const TARGET_TIMEOUT_MS = 10_000;
class RotationRun {
    ctx;
    settings;
    env;
    ledger;
    report;
    #deps;
    #github;
    #credentials;
    #target;
    constructor(ctx, settings, env, deps) {
        this.ctx = ctx;
        this.settings = settings;
        this.env = env;
        this.#deps = deps;
        const home = /^([^/\s]+)\/([^/\s]+)$/.exec(env.repository ?? '');
        if (!home) {
            throw new errors/* UserError */.yo('GITHUB_REPOSITORY is not set (the runner sets it): rotate-secret keeps its lock and rotation time as Actions variables of the repository the workflow runs in.');
        }
        this.ledger = new Ledger(() => this.github(), { owner: home[1], repo: home[2] }, settings.name, ctx.signal);
        const t = settings.target;
        this.report = new RotationReport({
            name: settings.name,
            strategy: settings.strategy,
            target: t.kind === 'none' ? 'none' : `${t.kind}, user ${t.user}`,
            log: ctx.log,
            redactor: ctx.redactor,
        });
    }
    get alternating() {
        return this.settings.strategy === 'alternating-users';
    }
    /** Runs a step inside its log group and summary row; returns what it learned. */
    step(step, fn) {
        return this.report.step(step, fn);
    }
    github() {
        this.#github ??= Promise.all(/* import() */[__webpack_require__.e(618), __webpack_require__.e(263), __webpack_require__.e(319)]).then(__webpack_require__.bind(__webpack_require__, 64319)).then(({ createGitHub }) => createGitHub({
            token: this.settings.githubToken,
            ...(this.#deps.apiUrl ? { baseUrl: this.#deps.apiUrl } : {}),
            stats: this.ctx.stats,
            retry: { signal: this.ctx.signal, log: (line) => this.ctx.log.info(line) },
        }));
        return this.#github;
    }
    /** The target's driver, connected as admin (undefined without a target); wrong credentials and unreachable targets fail here. */
    async target() {
        const target = this.settings.target;
        if (target.kind === 'none')
            return undefined;
        const open = this.#deps.openTarget ?? openTarget;
        this.#target ??= this.ctx.log.group(`connect to the ${target.kind} target`, () => open({ target, log: this.ctx.log, timeoutMs: TARGET_TIMEOUT_MS }).catch((error) => {
            throw new errors/* UserError */.yo((0,errors/* messageOf */.bD)(error), { cause: error });
        }));
        return this.#target;
    }
    /** What the destination kinds get: the name, the clients, the cloud credentials. */
    destinationDeps() {
        return {
            name: this.settings.name,
            github: () => this.github(),
            cloud: (provider) => this.#cloud(provider),
            redactor: this.ctx.redactor,
            log: this.ctx.log,
            signal: this.ctx.signal,
            stats: this.ctx.stats,
        };
    }
    /**
     * Cloud credentials for the destinations that need them: the OIDC module is imported, the token
     * requested and exchanged on first use, then shared (and refreshed before expiry) — so a run
     * without such destinations loads none of it. Failing here (no id-token permission, a trust
     * policy refusing the token's sub or aud) fails preflight, before anything changed.
     */
    #cloud(provider) {
        const config = this.settings.cloud;
        if (config.provider !== provider)
            return Promise.reject(new Error(`a ${provider} destination passed input validation with cloud: ${config.provider}`));
        this.#credentials ??= Promise.all(/* import() */[__webpack_require__.e(263), __webpack_require__.e(95)]).then(__webpack_require__.bind(__webpack_require__, 56120)).then((oidc) => oidc.obtainCredentials(config, {
            redactor: this.ctx.redactor,
            log: this.ctx.log,
            signal: this.ctx.signal,
            stats: this.ctx.stats,
            ...(this.#deps.oidcEnv ? { env: this.#deps.oidcEnv } : {}),
        }));
        const endpoint = this.settings.awsSecretsmanagerEndpoint?.href.replace(/\/+$/, '');
        return this.#credentials.then((credentials) => ({ config, credentials, endpoints: endpoint ? { secretsmanager: endpoint } : {} }));
    }
    async close() {
        try {
            const target = await this.#target?.catch(() => undefined);
            await target?.close();
        }
        finally {
            // Revokes what can be revoked (Vault's token); AWS sessions expire by themselves.
            const credentials = await this.#credentials?.catch(() => undefined);
            await credentials?.dispose();
        }
    }
}


/***/ })

};
