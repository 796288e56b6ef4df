export const id = 340;
export const ids = [340];
export const modules = {

/***/ 79340:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  Busy: () => (/* binding */ Busy),
  Rotation: () => (/* binding */ Rotation),
  runEnv: () => (/* binding */ runEnv)
});

// EXTERNAL MODULE: ./shared/errors.ts
var errors = __webpack_require__(32635);
// EXTERNAL MODULE: ./actions/rotate-secret/src/destinations/index.ts
var destinations = __webpack_require__(42786);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(77598);
;// CONCATENATED MODULE: ./actions/rotate-secret/src/generate.ts

/**
 * New values. Two sources, one mapping:
 * - fresh: `crypto.randomInt` (a CSPRNG, unbiased per draw);
 * - derived: an HMAC-SHA256 counter stream keyed by HKDF(admin credential, version) — the same
 *   inputs always give the same value, which is what lets an interrupted rotation resume with the
 *   value it already set on the target instead of generating another (rotation.ts explains why).
 * Both draw integers below n without modulo bias, so every character is equally likely.
 */
const CHARSETS = {
    alphanumeric: 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789',
    // RFC 3986 "unreserved": safe in URLs, connection strings and form fields unencoded.
    urlsafe: 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~',
    // Printable ASCII without space (0x21–0x7E).
    ascii: Array.from({ length: 94 }, (_, i) => String.fromCharCode(0x21 + i)).join(''),
};
function generate(length, charset, next) {
    const alphabet = CHARSETS[charset];
    if (!Number.isSafeInteger(length) || length < 1)
        throw new RangeError(`generate: length must be a positive integer, got ${length}`);
    let out = '';
    for (let i = 0; i < length; i++)
        out += alphabet[next(alphabet.length)];
    return out;
}
/** crypto.randomInt: a fresh, unpredictable value every call. */
const freshInts = (n) => (0,external_node_crypto_.randomInt)(n);
function freshValue(length, charset) {
    return generate(length, charset, freshInts);
}
const INFO_PREFIX = 'actions-suite/rotate-secret/v1';
/**
 * A deterministic integer source: HKDF-SHA256 extracts a key from `secret` and `salt`, bound to
 * `context`; an HMAC-SHA256 counter stream expands it; bytes at or above the largest multiple of n
 * below 256 are rejected, so the result is uniform for any n ≤ 256.
 */
function derivedInts(secret, salt, context) {
    if (secret === '')
        throw new Error('derivedInts: an empty secret derives a predictable value');
    const info = Buffer.from([INFO_PREFIX, ...context].join('\0'), 'utf8');
    const key = Buffer.from((0,external_node_crypto_.hkdfSync)('sha256', Buffer.from(secret, 'utf8'), Buffer.from(salt, 'utf8'), info, 32));
    let counter = 0;
    let block = Buffer.alloc(0);
    let offset = 0;
    const nextByte = () => {
        if (offset >= block.length) {
            const c = Buffer.alloc(4);
            c.writeUInt32BE(counter++);
            block = (0,external_node_crypto_.createHmac)('sha256', key).update(c).digest();
            offset = 0;
        }
        return block[offset++];
    };
    return (n) => {
        if (!Number.isInteger(n) || n < 1 || n > 256)
            throw new RangeError(`derivedInts: n must be 1..256, got ${n}`);
        const limit = 256 - (256 % n);
        for (;;) {
            const b = nextByte();
            if (b < limit)
                return b % n;
        }
    };
}
function derivedValue(secret, salt, context, length, charset) {
    return generate(length, charset, derivedInts(secret, salt, [...context, charset, String(length)]));
}

// EXTERNAL MODULE: ./actions/rotate-secret/src/destinations/github.ts
var github = __webpack_require__(98523);
// EXTERNAL MODULE: ./actions/rotate-secret/src/failure.ts
var failure = __webpack_require__(12988);
;// CONCATENATED MODULE: ./actions/rotate-secret/src/plan.ts

/**
 * What a run should do, decided from what the ledger holds (ledger.ts) — pure, so every branch is
 * unit-tested: resume an interrupted rotation, wait for a concurrent one, skip a young secret, or
 * start a new rotation; and which user is rotated.
 */
const LEASE_MS = 10 * 60_000;
function alternatingUsers(base) {
    return [`${base}_a`, `${base}_b`];
}
/** The user a new rotation sets: the target user, or the one of the pair that is not active. */
function userToRotate(strategy, targetUser, activeUser) {
    if (strategy === 'single-user' || targetUser === '')
        return { user: targetUser, previousUser: '' };
    const [a, b] = alternatingUsers(targetUser);
    if (activeUser === a)
        return { user: b, previousUser: a };
    if (activeUser === b)
        return { user: a, previousUser: b };
    // No rotation recorded yet (or a value we did not write): start with _a.
    return { user: a, previousUser: '' };
}
function describeHolder(wal) {
    return `run ${wal.run.id} attempt ${wal.run.attempt} (job ${wal.run.job}), started ${wal.startedAt}`;
}
function decide(i) {
    if (i.lock && 'corrupt' in i.lock) {
        return {
            action: 'refuse',
            message: `the lock variable ${i.lockVariable} holds something this action did not write (${i.lock.corrupt}). ` +
                'If no rotation is running, delete the variable and run again.',
        };
    }
    const wal = i.lock?.wal;
    if (wal) {
        const sameRunEarlierAttempt = wal.run.id === i.run.id && wal.run.attempt < i.run.attempt;
        const expired = Date.parse(wal.leaseUntil) <= i.now || Number.isNaN(Date.parse(wal.leaseUntil));
        if (!sameRunEarlierAttempt && !expired) {
            return {
                action: 'busy',
                wal,
                message: `another rotation of ${i.name} is in progress (${describeHolder(wal)}); nothing was changed. ` +
                    `If that run failed, re-run it to complete its rotation, or run again after ${wal.leaseUntil} (its lock then expires).`,
            };
        }
        if (wal.settings !== i.settings || wal.strategy !== i.strategy) {
            return {
                action: 'refuse',
                message: `an interrupted rotation of ${i.name} (${describeHolder(wal)}) used other settings (target, user, strategy, charset or length); ` +
                    `re-run it with the inputs it had to complete it, or delete the variable ${i.lockVariable} to abandon it ` +
                    '(destinations it already wrote would then keep its value until the next rotation rewrites them).',
            };
        }
        return { action: 'rotate', resume: wal, user: wal.user, previousUser: wal.previousUser };
    }
    if (i.rotateIfOlderThanMs !== undefined && i.rotatedAt !== undefined) {
        const last = Date.parse(i.rotatedAt);
        if (Number.isFinite(last) && i.now - last < i.rotateIfOlderThanMs) {
            const nextAt = new Date(last + i.rotateIfOlderThanMs).toISOString();
            return { action: 'skip', rotatedAt: i.rotatedAt, nextAt, message: `${i.name} was rotated at ${i.rotatedAt}; it is due again at ${nextAt}` };
        }
    }
    return { action: 'rotate', resume: undefined, ...userToRotate(i.strategy, i.targetUser, i.activeUser) };
}
/** Parses a lock variable's value; anything else is reported as corrupt, never guessed at. */
function parseWal(text) {
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
    return ok ? { wal: w } : { corrupt: 'not a rotation record of version 1' };
}
/** A version id: sortable by time, unique by its random part. */
function newVersion(now, random = () => (0,external_node_crypto_.randomBytes)(6)) {
    const stamp = new Date(now).toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
    return `${stamp}-${random().toString('hex')}`;
}
function newOwner() {
    return (0,external_node_crypto_.randomBytes)(8).toString('hex');
}
/**
 * Fingerprint of the settings an interrupted rotation must be resumed with: target kind and
 * location (host, port, database — never the credential), user, strategy, value shape.
 */
function settingsFingerprint(s) {
    const text = JSON.stringify([s.target, s.location, s.targetUser, s.strategy, s.charset, s.length, s.valueGiven]);
    return (0,external_node_crypto_.createHash)('sha256').update(text).digest('hex').slice(0, 16);
}
/** The five steps as this run will take them, in words (dry-run and the job summary). */
function planSteps(p) {
    const { decision: d } = p;
    const none = p.target === 'none';
    let source = p.valueGiven ? 'take the given value' : p.derived ? 'derive a new value (re-derivable on resume)' : 'generate a new value';
    if (d.resume && !p.valueGiven && (p.staged ?? []).length > 0)
        source = `take the value stored as pending, else ${source}`;
    const stage = (p.staged ?? []).length > 0 ? `; store it as pending at ${p.staged.join(', ')}` : '';
    const steps = [
        {
            step: 'create',
            does: (d.resume ? `resume version ${d.resume.version}: ${source}` : `record the rotation in the lock variable, then ${source}`) + stage,
        },
    ];
    if (none) {
        steps.push({ step: 'set', does: 'no target' }, { step: 'test', does: 'no target' });
    }
    else {
        const how = !p.userExists
            ? `create user ${d.user} from ${d.user.replace(/_[ab]$/, '')}`
            : p.strategy === 'single-user' && p.keepsOldPassword
                ? `add the new password to ${d.user} (the old one keeps working)`
                : `change the password of ${d.user}`;
        steps.push({ step: 'set', does: d.resume ? `${how}, unless the pending value already logs in` : how });
        steps.push({ step: 'test', does: p.verify ? `log in to the ${p.target} target as ${d.user} with the new value` : 'skipped (verify: false)' });
    }
    steps.push({ step: 'distribute', does: `write to ${p.destinations.length} destination(s): ${p.destinations.join(', ')}` });
    const retire = none
        ? 'record the rotation time'
        : p.strategy === 'alternating-users'
            ? `switch to ${d.user}; ${d.previousUser || 'the previous user'} stays valid until the next rotation`
            : p.keepsOldPassword
                ? `remove the old password of ${d.user}`
                : 'record the rotation time (the old password stopped working at set)';
    steps.push({ step: 'retire', does: retire });
    return steps;
}

;// CONCATENATED MODULE: ./actions/rotate-secret/src/ledger.ts




const statusOf = (error) => {
    const s = error?.status;
    return typeof s === 'number' ? s : undefined;
};
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
        return { rotatedAt, activeUser, lock: lock === undefined ? undefined : parseWal(lock) };
    }
    /** Creates the lock. False when another run holds it (409). */
    async acquire(wal) {
        const gh = await this.#github();
        const value = JSON.stringify(wal);
        const reconcile = async () => {
            const now = await this.#get(this.names.lock);
            const state = now === undefined ? undefined : parseWal(now);
            return state && 'wal' in state && state.wal.owner === wal.owner ? { data: {}, status: 201 } : undefined;
        };
        try {
            await gh.request('POST /repos/{owner}/{repo}/actions/variables', {
                ...this.#home,
                name: this.names.lock,
                value,
                request: { signal: this.#signal, reconcile },
            });
            return true;
        }
        catch (error) {
            if (statusOf(error) === 409)
                return false;
            throw this.#explain('create the lock variable', error);
        }
    }
    /**
     * Takes over the lock of an interrupted rotation: checks it still holds `previous` (nobody took
     * it meanwhile), writes ours, and reads it back. GitHub has no compare-and-swap for variables,
     * so two runs taking over the same expired lock within the same instant could both proceed; the
     * read-back makes that window a few milliseconds wide.
     */
    async takeOver(previous, wal) {
        if (!(await this.#holds(previous.owner)))
            return false;
        await this.#update(this.names.lock, JSON.stringify(wal));
        return this.#holds(wal.owner);
    }
    /** Extends the lease; throws when the lock is no longer ours (someone took over an expired lease). */
    async renew(wal, now) {
        if (!(await this.#holds(wal.owner))) {
            throw new errors/* UserError */.yo(`the lock ${this.names.lock} is no longer held by this run (its lease expired and another run took it over); stopping`);
        }
        const renewed = { ...wal, leaseUntil: new Date(now + LEASE_MS).toISOString() };
        await this.#update(this.names.lock, JSON.stringify(renewed));
        return renewed;
    }
    /** Records the rotation, then releases the lock. */
    async complete(rotatedAt, activeUser, known) {
        await this.#upsert(this.names.rotatedAt, rotatedAt, known.rotatedAt !== undefined);
        if (activeUser !== undefined && known.activeUser !== activeUser)
            await this.#upsert(this.names.activeUser, activeUser, known.activeUser !== undefined);
        await this.release();
    }
    async release() {
        const gh = await this.#github();
        try {
            await gh.request('DELETE /repos/{owner}/{repo}/actions/variables/{name}', { ...this.#home, name: this.names.lock, request: { signal: this.#signal } });
        }
        catch (error) {
            if (statusOf(error) !== 404)
                throw this.#explain('delete the lock variable', error);
        }
    }
    async #holds(owner) {
        const now = await this.#get(this.names.lock);
        const state = now === undefined ? undefined : parseWal(now);
        return state !== undefined && 'wal' in state && state.wal.owner === owner;
    }
    async #get(name) {
        const gh = await this.#github();
        try {
            const { data } = await gh.request('GET /repos/{owner}/{repo}/actions/variables/{name}', { ...this.#home, name, request: { signal: this.#signal } });
            return data.value;
        }
        catch (error) {
            if (statusOf(error) === 404)
                return undefined;
            throw (0,failure/* failure */.V)(`Failed to read the variable ${name} of ${this.where}`, error);
        }
    }
    async #update(name, value) {
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
                await this.#update(name, value);
                return;
            }
            catch (error) {
                if (statusOf(error.cause) !== 404)
                    throw error;
            }
        }
        const reconcile = async () => ((await this.#get(name)) === value ? { data: {}, status: 201 } : undefined);
        try {
            await gh.request('POST /repos/{owner}/{repo}/actions/variables', { ...this.#home, name, value, request: { signal: this.#signal, reconcile } });
        }
        catch (error) {
            if (statusOf(error) === 409)
                return this.#update(name, value);
            throw this.#explain(`create the variable ${name}`, error);
        }
    }
    #explain(what, error) {
        if (statusOf(error) === 403 && !/rate limit/i.test((0,errors/* messageOf */.bD)(error))) {
            return (0,github/* tokenCannotWrite */.kz)(`Actions variables of ${this.where} (this action keeps its lock and ${this.names.rotatedAt} there)`, error);
        }
        return (0,failure/* failure */.V)(`Failed to ${what} of ${this.where}`, error);
    }
}

// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 5 modules
var core = __webpack_require__(28524);
// EXTERNAL MODULE: ./shared/log.ts
var log = __webpack_require__(61620);
// EXTERNAL MODULE: ./shared/summary.ts + 1 modules
var summary = __webpack_require__(39771);
;// CONCATENATED MODULE: ./actions/rotate-secret/src/report.ts




class Report {
    #log;
    #redactor;
    #name;
    #steps = [];
    #destinations = new Map();
    rotated = false;
    version = '';
    rotatedAt = '';
    activeUser = '';
    strategy = '';
    target = '';
    headline = '';
    notes = [];
    constructor(name, log, redactor) {
        this.#name = name;
        this.#log = log;
        this.#redactor = redactor;
    }
    plan(steps) {
        for (const s of steps)
            this.#steps.push({ step: s.step, status: 'not run', detail: s.does, ms: 0 });
    }
    destination(id, result, error) {
        this.#destinations.set(id, error === undefined ? { result } : { result, error: this.#redactor.scrub((0,errors/* messageOf */.bD)(error)) });
    }
    /** Runs one step inside a log group, recording its status, detail and duration. */
    async step(step, fn) {
        let rec = this.#steps.find((s) => s.step === step);
        if (!rec) {
            rec = { step, status: 'not run', detail: '', ms: 0 };
            this.#steps.push(rec);
        }
        const started = Date.now();
        rec.status = 'not run';
        try {
            const detail = await this.#log.group(`${step}`, async () => {
                const d = await fn();
                if (d !== undefined)
                    this.#log.info(d);
                return d;
            });
            if (rec.status !== 'skipped')
                rec.status = 'done';
            if (detail !== undefined)
                rec.detail = detail;
        }
        catch (error) {
            rec.status = 'failed';
            rec.detail = `${rec.detail} — ${this.#redactor.scrub((0,errors/* messageOf */.bD)(error))}`;
            throw error;
        }
        finally {
            rec.ms = Date.now() - started;
        }
    }
    skip(step, detail) {
        const rec = this.#steps.find((s) => s.step === step);
        if (rec)
            Object.assign(rec, { status: 'skipped', detail });
    }
    destinationsJson() {
        return JSON.stringify([...this.#destinations].map(([destination, r]) => ({ destination, ...r })));
    }
    emitOutputs() {
        const out = (name, value) => core.setOutput(name, this.#redactor.scrub(value));
        out('rotated', String(this.rotated));
        out('version', this.version);
        out('rotated-at', this.rotatedAt);
        out('active-user', this.activeUser);
        out('destinations', this.destinationsJson());
    }
    async writeSummary() {
        const rows = [
            `### rotate-secret: ${(0,summary/* cell */.H)(this.#name)} — ${(0,summary/* cell */.H)(this.headline)}`,
            '',
            '| | |',
            '|---|---|',
            `| rotated | ${this.rotated ? 'yes' : 'no'} |`,
            `| strategy | ${(0,summary/* cell */.H)(this.strategy)} |`,
            `| target | ${(0,summary/* cell */.H)(this.target || 'none')} |`,
            `| active user | ${(0,summary/* cell */.H)(this.activeUser || '–')} |`,
            `| version | ${(0,summary/* cell */.H)(this.version || '–')} |`,
            `| rotated at | ${(0,summary/* cell */.H)(this.rotatedAt || '–')} |`,
            '',
        ];
        if (this.#steps.length > 0) {
            rows.push('| step | status | what | duration |', '|---|---|---|---|');
            for (const s of this.#steps)
                rows.push(`| ${s.step} | ${s.status} | ${(0,summary/* cell */.H)(s.detail)} | ${s.status === 'not run' ? '–' : (0,log/* formatDuration */.a)(s.ms)} |`);
            rows.push('');
        }
        if (this.#destinations.size > 0) {
            rows.push('| destination | result |', '|---|---|');
            for (const [id, r] of this.#destinations)
                rows.push(`| ${(0,summary/* cell */.H)(id)} | ${(0,summary/* cell */.H)(r.error ? `${r.result}: ${r.error}` : r.result)} |`);
            rows.push('');
        }
        for (const n of this.notes)
            rows.push(`> ${(0,summary/* cell */.H)(n)}`, '');
        await (0,summary/* appendSummary */.f)(this.#redactor, rows.join('\n'));
    }
}

;// CONCATENATED MODULE: ./actions/rotate-secret/src/targets/index.ts


/** Each driver is its own chunk: its client library loads only when that target is used. */
async function openTarget(kind, opts) {
    switch (kind) {
        case 'postgres':
            return (await Promise.all(/* import() */[__webpack_require__.e(849), __webpack_require__.e(216)]).then(__webpack_require__.bind(__webpack_require__, 3216))).openPostgres(opts);
        case 'mysql':
            return (await Promise.all(/* import() */[__webpack_require__.e(588), __webpack_require__.e(741)]).then(__webpack_require__.bind(__webpack_require__, 63741))).openMysql(opts);
        case 'redis':
            return (await Promise.all(/* import() */[__webpack_require__.e(488), __webpack_require__.e(476)]).then(__webpack_require__.bind(__webpack_require__, 6476))).openRedis(opts);
    }
}

// EXTERNAL MODULE: ./actions/rotate-secret/src/targets/url.ts
var url = __webpack_require__(40102);
;// CONCATENATED MODULE: ./actions/rotate-secret/src/rotation.ts







function runEnv(env = process.env) {
    const attempt = Number(env['GITHUB_RUN_ATTEMPT'] ?? '1');
    return {
        repository: env['GITHUB_REPOSITORY'] || undefined,
        run: { id: env['GITHUB_RUN_ID'] ?? 'local', attempt: Number.isSafeInteger(attempt) && attempt > 0 ? attempt : 1, job: env['GITHUB_JOB'] ?? 'job' },
        now: () => Date.now(),
    };
}
/** Another run holds the lock: this run changed nothing and stops. */
class Busy extends Error {
    name = 'Busy';
}
const TARGET_TIMEOUT_MS = 10_000;
const PREPARE_CONCURRENCY = 8;
async function inBatches(items, size, fn) {
    for (let i = 0; i < items.length; i += size)
        await Promise.all(items.slice(i, i + size).map(fn));
}
class Rotation {
    report;
    #ctx;
    #s;
    #env;
    #specs;
    #ledger;
    #alternating;
    #openTarget;
    #apiUrl;
    #oidcEnv;
    #github;
    #credentials;
    #state;
    #decision;
    #target;
    #destinations = [];
    #userExists = true;
    #wal;
    #lockHeld = false;
    #pending;
    #targetChanged = false;
    #written = 0;
    /** Destinations holding the pending value as staged by this run. */
    #staged = [];
    #currentWorks = false;
    #step;
    #plan = [];
    constructor(ctx, settings, env, deps = {}) {
        this.#ctx = ctx;
        this.#openTarget = deps.openTarget ?? openTarget;
        this.#apiUrl = deps.apiUrl;
        this.#oidcEnv = deps.oidcEnv;
        this.#s = settings;
        this.#env = env;
        this.#alternating = settings.strategy === 'alternating-users';
        this.report = new Report(settings.name, ctx.log, ctx.redactor);
        this.report.strategy = settings.strategy;
        this.report.target = settings.target === 'none' ? 'none' : `${settings.target}, user ${settings.targetUser ?? ''}`;
        this.#specs = (0,destinations/* parseDestinations */.dU)(settings.destinations, { repository: env.repository });
        const home = /^([^/\s]+)\/([^/\s]+)$/.exec(env.repository ?? '');
        if (!home) {
            throw new errors/* UserError */.yo('GITHUB_REPOSITORY is not set (the runner sets it): rotate-secret keeps its lock and rotation time as Actions variables of the repository the workflow runs in.');
        }
        this.#ledger = new Ledger(() => this.#client(), { owner: home[1], repo: home[2] }, settings.name, ctx.signal);
    }
    #client() {
        this.#github ??= Promise.all(/* import() */[__webpack_require__.e(618), __webpack_require__.e(263), __webpack_require__.e(319)]).then(__webpack_require__.bind(__webpack_require__, 64319)).then(({ createGitHub }) => createGitHub({
            token: this.#s.githubToken,
            ...(this.#apiUrl ? { baseUrl: this.#apiUrl } : {}),
            stats: this.#ctx.stats,
            retry: { signal: this.#ctx.signal, log: (line) => this.#ctx.log.info(line) },
        }));
        return this.#github;
    }
    /**
     * Cloud credentials for the destinations that need them: the OIDC module is imported, the token
     * requested and exchanged on first use, then shared (and refreshed before expiry) — so a run
     * without such destinations loads none of it. Failing here (no id-token permission, a trust
     * policy refusing the token's sub or aud) fails preflight, before anything changed.
     */
    #cloud(provider) {
        const config = this.#s.cloud;
        if (config.provider !== provider)
            return Promise.reject(new Error(`a ${provider} destination passed input validation with cloud: ${config.provider}`));
        this.#credentials ??= Promise.all(/* import() */[__webpack_require__.e(263), __webpack_require__.e(95)]).then(__webpack_require__.bind(__webpack_require__, 56120)).then((oidc) => oidc.obtainCredentials(config, {
            redactor: this.#ctx.redactor,
            log: this.#ctx.log,
            signal: this.#ctx.signal,
            stats: this.#ctx.stats,
            ...(this.#oidcEnv ? { env: this.#oidcEnv } : {}),
        }));
        const endpoint = this.#s.awsSecretsmanagerEndpoint?.href.replace(/\/+$/, '');
        return this.#credentials.then((credentials) => ({ config, credentials, endpoints: endpoint ? { secretsmanager: endpoint } : {} }));
    }
    // -------------------------------------------------------------------------------------------
    // Deciding and checking: reads only.
    async decide() {
        this.#state = await this.#ledger.read(this.#alternating);
        const decision = decide({
            now: this.#env.now(),
            run: this.#env.run,
            name: this.#s.name,
            strategy: this.#s.strategy,
            targetUser: this.#s.targetUser ?? '',
            settings: this.#fingerprint(),
            rotateIfOlderThanMs: this.#s.rotateIfOlderThan,
            rotatedAt: this.#state.rotatedAt,
            activeUser: this.#state.activeUser,
            lock: this.#state.lock,
            lockVariable: this.#ledger.names.lock,
        });
        if (decision.action === 'rotate')
            this.#decision = decision;
        return decision;
    }
    #fingerprint() {
        let location = '';
        if (this.#s.targetUrl) {
            const u = new URL(this.#s.targetUrl);
            location = `${u.hostname}:${u.port}${u.pathname}`;
        }
        return settingsFingerprint({
            target: this.#s.target,
            location,
            targetUser: this.#s.targetUser ?? '',
            strategy: this.#s.strategy,
            charset: this.#s.charset,
            length: this.#s.length,
            valueGiven: this.#s.value !== undefined,
        });
    }
    /** Busy, young or refused: outputs and summary, nothing changed. */
    async stop(decision) {
        if (decision.action === 'refuse')
            throw new errors/* UserError */.yo(decision.message);
        const r = this.report;
        r.activeUser = this.#alternating ? (this.#state?.activeUser ?? '') : (this.#s.targetUser ?? '');
        r.rotatedAt = this.#state?.rotatedAt ?? '';
        if (decision.action === 'busy') {
            r.headline = 'another rotation is in progress; nothing changed';
            this.#ctx.log.warning(`rotate-secret: ${decision.message}`);
        }
        else {
            r.headline = `not due until ${decision.nextAt}`;
            this.#ctx.log.info(`rotate-secret: ${decision.message}; nothing to do`);
        }
        for (const spec of this.#specs)
            r.destination(spec.id, 'unchanged');
        await this.#publish();
        return { outcome: 'skipped' };
    }
    /** Target and destinations checked and ready; throws (nothing changed) on any problem. */
    async preflight() {
        const d = this.#decision;
        if (this.#s.target !== 'none') {
            const url = this.#s.targetUrl;
            const target = await this.#ctx.log.group(`connect to the ${this.#s.target} target`, () => this.#openTarget(this.#s.target, { url, log: this.#ctx.log, timeoutMs: TARGET_TIMEOUT_MS }).catch((error) => {
                throw new errors/* UserError */.yo((0,errors/* messageOf */.bD)(error), { cause: error });
            }));
            this.#target = target;
            const base = this.#s.targetUser;
            const ours = this.#alternating ? [base, ...alternatingUsers(base)] : [base];
            if (ours.includes(target.adminUser)) {
                throw new errors/* UserError */.yo(`target-url logs in as '${target.adminUser}', the user being rotated: rotating the credential this action logs in with would lock it out. Use a separate admin account in target-url.`);
            }
            const exists = await this.#onTarget('looking up the users', () => target.existing(ours));
            this.#userExists = exists.has(d.user);
            if (!this.#userExists) {
                if (!this.#alternating)
                    throw new errors/* UserError */.yo(`user '${d.user}' does not exist on the ${this.#s.target} target at ${target.where}; create it first (nothing was changed)`);
                if (!exists.has(base)) {
                    throw new errors/* UserError */.yo(`user '${d.user}' does not exist on the ${this.#s.target} target at ${target.where}, and neither does '${base}' to create it from; create '${base}' (its privileges are copied) or both '${alternatingUsers(base).join("' and '")}' (nothing was changed)`);
                }
            }
            if (this.#alternating && d.previousUser && !exists.has(d.previousUser)) {
                this.#ctx.log.warning(`the active user '${d.previousUser}' recorded in ${this.#ledger.names.activeUser} does not exist on the target`);
            }
            if (this.#alternating && this.#s.currentValue !== undefined) {
                this.#ctx.log.info('current-value is not needed with alternating-users (the active user is never changed); ignoring it');
            }
            if (!this.#alternating && this.#s.currentValue !== undefined && !target.keepsOldPassword && !d.resume) {
                const current = this.#s.currentValue;
                this.#currentWorks = await this.#onTarget(`logging in as ${d.user} with current-value`, () => target.canLogin(d.user, current));
                if (!this.#currentWorks) {
                    this.#ctx.log.warning(`current-value does not log in as '${d.user}'; the target cannot be reverted to it if the new value fails its test`);
                }
            }
        }
        // Opening loads each kind's client (and, for vault/aws destinations, obtains the cloud credentials).
        await this.#ctx.log.group(`check ${this.#specs.length} destination(s)`, async () => {
            this.#destinations = await (0,destinations/* openDestinations */.uY)(this.#specs, {
                name: this.#s.name,
                github: () => this.#client(),
                cloud: (provider) => this.#cloud(provider),
                redactor: this.#ctx.redactor,
                log: this.#ctx.log,
                signal: this.#ctx.signal,
                stats: this.#ctx.stats,
            });
            await inBatches(this.#destinations, PREPARE_CONCURRENCY, (dest) => dest.prepare());
        });
        this.#plan = this.#planSteps();
        this.report.plan(this.#plan);
    }
    #derivable() {
        return this.#s.value === undefined && this.#s.targetUrl !== undefined && (0,url/* describeUrl */.N)(this.#s.targetUrl).password !== '';
    }
    async dryRun() {
        const r = this.report;
        r.headline = this.#decision?.resume ? 'dry run: would resume the interrupted rotation' : 'dry run: would rotate';
        r.activeUser = this.#alternating ? (this.#state?.activeUser ?? '') : (this.#s.targetUser ?? '');
        r.rotatedAt = this.#state?.rotatedAt ?? '';
        for (const dest of this.#destinations)
            r.destination(dest.id, 'would write');
        for (const { step, does } of this.#plan)
            r.skip(step, `dry run — would ${does}`);
        this.#ctx.log.info(`rotate-secret: dry run; nothing was changed`);
        await this.#publish();
        return { outcome: 'dry-run' };
    }
    #planSteps() {
        return planSteps({
            decision: this.#decision,
            strategy: this.#s.strategy,
            target: this.#s.target,
            valueGiven: this.#s.value !== undefined,
            derived: this.#derivable(),
            verify: this.#s.verify,
            userExists: this.#userExists,
            keepsOldPassword: this.#target?.keepsOldPassword ?? false,
            destinations: this.#destinations.map((x) => x.id),
            staged: this.#destinations.filter((x) => x.stage).map((x) => x.id),
        });
    }
    // -------------------------------------------------------------------------------------------
    // The five steps.
    async step(step, fn) {
        this.#step = step;
        await this.report.step(step, fn);
    }
    /** A target operation: what the server refused (a password policy, a lost connection) is the user's to fix, not a bug. */
    async #onTarget(what, fn) {
        try {
            return await fn();
        }
        catch (error) {
            if (error instanceof TypeError || error instanceof RangeError || error instanceof ReferenceError || error instanceof errors/* UserError */.yo)
                throw error;
            throw new errors/* UserError */.yo(`${what} on the ${this.#s.target} target at ${this.#target?.where ?? '?'} failed: ${(0,errors/* messageOf */.bD)(error)}`, { cause: error });
        }
    }
    /** Records the rotation (write-ahead), then makes the pending value. */
    async create() {
        const d = this.#decision;
        const now = this.#env.now();
        const derived = this.#derivable();
        const wal = {
            v: 1,
            owner: newOwner(),
            run: this.#env.run,
            version: d.resume?.version ?? newVersion(now),
            strategy: this.#s.strategy,
            user: d.user,
            previousUser: d.previousUser,
            settings: this.#fingerprint(),
            derived,
            startedAt: d.resume?.startedAt ?? new Date(now).toISOString(),
            leaseUntil: new Date(now + LEASE_MS).toISOString(),
        };
        const locked = d.resume ? await this.#ledger.takeOver(d.resume, wal) : await this.#ledger.acquire(wal);
        if (!locked)
            throw new Busy(`another run took the lock ${this.#ledger.names.lock} first; nothing was changed`);
        this.#lockHeld = true;
        this.#wal = wal;
        this.report.version = wal.version;
        const s = this.#s;
        let source;
        const recovered = d.resume && s.value === undefined ? await this.#recover(wal.version) : undefined;
        if (s.value !== undefined) {
            this.#pending = s.value;
            source = 'the given value';
        }
        else if (recovered) {
            this.#pending = recovered.value;
            source = `the value the interrupted run stored at ${recovered.at} (resumed with, not made again)`;
        }
        else if (derived) {
            this.#pending = derivedValue((0,url/* describeUrl */.N)(s.targetUrl).password, wal.version, [s.name, s.target, d.user], s.length, s.charset);
            source = `a derived ${s.length}-character ${s.charset} value (a re-run derives it again)`;
        }
        else {
            this.#pending = freshValue(s.length, s.charset);
            source = `a random ${s.length}-character ${s.charset} value`;
        }
        this.#ctx.redactor.add(this.#pending);
        if (d.resume && (!derived || !d.resume.derived) && s.value === undefined && !recovered) {
            this.#ctx.log.warning('the value of the interrupted rotation cannot be derived again (no password in target-url, or no target): a new value is used and every destination is rewritten');
        }
        const lock = d.resume ? `took over the lock of run ${d.resume.run.id} attempt ${d.resume.run.attempt}` : `locked ${this.#ledger.names.lock}`;
        const staged = await this.#stage(wal.version);
        return `${lock}; version ${wal.version}: ${source}${staged.length > 0 ? `; stored as pending at ${staged.join(', ')}` : ''}`;
    }
    /** Resume: the value a destination holds for `version` (the first that has one). */
    async #recover(version) {
        for (const dest of this.#destinations) {
            if (!dest.recover)
                continue;
            const value = await dest.recover({ version });
            if (value === undefined)
                continue;
            this.#ctx.redactor.add(value);
            return { value, at: dest.id };
        }
        return undefined;
    }
    /** The write-ahead at destinations that have a pending state, before the target changes. */
    async #stage(version) {
        for (const dest of this.#destinations) {
            if (!dest.stage)
                continue;
            await this.#renewIfDue();
            await dest.stage(this.#pending, { version });
            this.#staged.push(dest.id);
        }
        return this.#staged;
    }
    /** Applies the pending value to the target (skipped when it already logs in: a resumed run). */
    async set() {
        const target = this.#target;
        if (!target) {
            this.report.skip('set', 'no target');
            return 'no target';
        }
        const d = this.#decision;
        const pending = this.#pending;
        if (d.resume && (await this.#onTarget(`logging in as ${d.user}`, () => target.canLogin(d.user, pending)))) {
            this.#targetChanged = true;
            return `${d.user} already logs in with the pending value (set by the interrupted run)`;
        }
        if (!this.#userExists) {
            await this.#onTarget(`creating ${d.user}`, () => target.createUser(d.user, this.#s.targetUser, pending));
            this.#targetChanged = true;
            return `created ${d.user} with the privileges of ${this.#s.targetUser}`;
        }
        const how = !this.#alternating && target.keepsOldPassword ? 'add' : 'replace';
        await this.#onTarget(`setting the password of ${d.user}`, () => target.setPassword(d.user, pending, how));
        this.#targetChanged = true;
        return how === 'add' ? `added a password to ${d.user} (the old one still works until retire)` : `changed the password of ${d.user}`;
    }
    /** Logs in with the pending value for real. */
    async test() {
        const target = this.#target;
        if (!target) {
            this.report.skip('test', 'no target');
            return 'no target';
        }
        if (!this.#s.verify) {
            this.#ctx.log.warning('verify is false: the new value is distributed without logging in with it first');
            this.report.skip('test', 'skipped (verify: false)');
            return 'skipped (verify: false)';
        }
        const d = this.#decision;
        if (!(await this.#onTarget(`logging in as ${d.user}`, () => target.canLogin(d.user, this.#pending)))) {
            throw new errors/* UserError */.yo(`the new value does not log in as '${d.user}' on the ${this.#s.target} target at ${target.where}`);
        }
        return `logged in as ${d.user}`;
    }
    /** Writes every destination; a failed one does not stop the others (more of them then work). */
    async distribute() {
        const failures = [];
        let created = 0;
        let unchanged = 0;
        for (const dest of this.#destinations) {
            try {
                await this.#renewIfDue();
                const outcome = await dest.write(this.#pending, { version: this.#wal.version });
                if (outcome === 'created')
                    created++;
                if (outcome === 'unchanged')
                    unchanged++;
                this.#written++;
                this.report.destination(dest.id, outcome);
            }
            catch (error) {
                failures.push(error);
                this.report.destination(dest.id, 'failed', error);
                if (this.#ctx.signal.aborted)
                    break;
            }
        }
        for (const dest of this.#destinations.slice(this.#written + failures.length))
            this.report.destination(dest.id, 'not reached');
        if (failures.length > 0) {
            const first = failures[0];
            if (first instanceof Error) {
                first.message = `${failures.length} of ${this.#destinations.length} destination(s) could not be written; the first: ${first.message}`;
                throw first;
            }
            throw new Error(`${failures.length} destination(s) could not be written: ${(0,errors/* messageOf */.bD)(first)}`);
        }
        return `wrote ${this.#written} destination(s) (${created} created${unchanged > 0 ? `, ${unchanged} already held it` : ''})`;
    }
    async #renewIfDue() {
        const now = this.#env.now();
        if (this.#wal && Date.parse(this.#wal.leaseUntil) - now < LEASE_MS / 2)
            this.#wal = await this.#ledger.renew(this.#wal, now);
    }
    /** Retires the old credential where the target kept it, records the rotation, releases the lock. */
    async retire() {
        const d = this.#decision;
        const parts = [];
        const target = this.#target;
        if (target && !this.#alternating && target.keepsOldPassword) {
            const n = await this.#onTarget(`retiring the old passwords of ${d.user}`, () => target.retireOtherPasswords(d.user, this.#pending));
            parts.push(`removed ${n} old password(s) of ${d.user}`);
        }
        if (this.#alternating)
            parts.push(`${d.user} is active; ${d.previousUser || 'no previous user'}${d.previousUser ? ' stays valid until the next rotation' : ''}`);
        const rotatedAt = new Date(this.#env.now()).toISOString();
        await this.#ledger.complete(rotatedAt, this.#alternating ? d.user : undefined, this.#state);
        this.#lockHeld = false;
        this.report.rotatedAt = rotatedAt;
        parts.push(`recorded ${this.#ledger.names.rotatedAt}`);
        return parts.join('; ');
    }
    async finish() {
        const d = this.#decision;
        const r = this.report;
        r.rotated = true;
        r.activeUser = d.user;
        r.headline = d.resume ? 'rotated (completed an interrupted rotation)' : 'rotated';
        if (!this.#alternating && this.#target && !this.#target.keepsOldPassword) {
            r.notes.push('single-user: the old password stopped working at the set step; consumers that read the secret before this run must read it again.');
        }
        await this.#publish();
        return { outcome: 'success' };
    }
    // -------------------------------------------------------------------------------------------
    // Failure: revert what can be reverted, keep or release the lock, and say where things stand.
    async abandon(error) {
        if (error instanceof Busy)
            throw error;
        const notes = [];
        const d = this.#decision;
        const target = this.#target;
        const failedAt = this.#step;
        const mayHoldPending = this.#written > 0 || d?.resume !== undefined;
        let reverted = false;
        if (this.#lockHeld && d && target && this.#targetChanged && !this.#alternating && (failedAt === 'test' || !mayHoldPending)) {
            reverted = await this.#revert(target, d.user, notes);
        }
        if (this.#lockHeld) {
            const keep = mayHoldPending && failedAt !== 'test';
            if (keep) {
                notes.push(`the lock ${this.#ledger.names.lock} stays: re-run this workflow run to complete the rotation with the same value` +
                    (this.#alternating ? ' (every destination holds a working user meanwhile)' : ''));
                if (this.#staged.length > 0)
                    notes.push(`the new value stays pending at ${this.#staged.join(', ')} for the re-run`);
            }
            else {
                try {
                    await this.#ledger.release();
                    this.#lockHeld = false;
                }
                catch (releaseError) {
                    notes.push(`the lock ${this.#ledger.names.lock} could not be released (${(0,errors/* messageOf */.bD)(releaseError)}); it expires by itself`);
                }
                // Only once the lock is gone: a kept lock is resumed with the pending value.
                if (!this.#lockHeld)
                    await this.#discard(notes);
            }
        }
        if (this.#written === 0 && !d?.resume)
            notes.push('no destination was changed');
        if (this.#targetChanged && !reverted && !this.#alternating && !(target?.keepsOldPassword ?? false)) {
            notes.push(this.#written === 0 && failedAt !== 'test'
                ? 'the target has the new value while the destinations still hold the old one, which no longer works: re-run to distribute it, or pass current-value to let the action revert'
                : 'destinations not written yet hold the old value, which no longer works');
        }
        if (this.#alternating && this.#targetChanged && this.#written === 0 && !d?.resume)
            notes.push(`the destinations still use ${d?.previousUser || 'the previous user'}`);
        this.report.headline = 'failed';
        this.report.notes.push(...notes);
        await this.#publish().catch(() => undefined);
        if (notes.length > 0 && error instanceof Error)
            error.message = `${error.message}. ${notes.join('; ')}.`;
        throw error;
    }
    async #revert(target, user, notes) {
        try {
            if (target.keepsOldPassword) {
                await target.removePassword(user, this.#pending);
                notes.push(`removed the new password from ${user}; its old password still works`);
                return true;
            }
            const current = this.#s.currentValue;
            if (current !== undefined && this.#currentWorks) {
                await target.setPassword(user, current, 'replace');
                if (await target.canLogin(user, current)) {
                    notes.push(`reverted ${user} to current-value, which logs in again`);
                    return true;
                }
                notes.push(`reverting ${user} to current-value did not make it log in`);
                return false;
            }
            notes.push(`${user} could not be reverted (${current === undefined ? 'no current-value given' : 'current-value did not log in'})`);
            return false;
        }
        catch (error) {
            notes.push(`reverting ${user} failed: ${(0,errors/* messageOf */.bD)(error)}`);
            return false;
        }
    }
    /** Drops what `stage` left (this run's or the interrupted one's) at every destination that can. */
    async #discard(notes) {
        const version = this.#wal?.version;
        if (version === undefined)
            return;
        const dropped = [];
        for (const dest of this.#destinations) {
            if (!dest.discard)
                continue;
            try {
                await dest.discard({ version });
                dropped.push(dest.id);
            }
            catch (error) {
                notes.push(`the pending value at ${dest.id} could not be dropped (${(0,errors/* messageOf */.bD)(error)}); it is never made current`);
            }
        }
        if (dropped.length > 0)
            notes.push(`dropped the pending value at ${dropped.join(', ')} (the current one is unchanged)`);
    }
    async close() {
        try {
            await this.#target?.close();
        }
        finally {
            // Revokes what can be revoked (Vault's token); AWS sessions expire by themselves.
            const credentials = await this.#credentials?.catch(() => undefined);
            await credentials?.dispose();
        }
    }
    async #publish() {
        this.report.emitOutputs();
        await this.report.writeSummary();
    }
}


/***/ }),

/***/ 40102:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   N: () => (/* binding */ describeUrl),
/* harmony export */   t: () => (/* binding */ withCredentials)
/* harmony export */ });
/** The same URL with another user and password (URL-encoded), keeping host, port, database and options. */
function withCredentials(url, user, password) {
    const u = new URL(url);
    u.username = encodeURIComponent(user);
    u.password = encodeURIComponent(password);
    return u.href;
}
/** The admin user, its password and host:port of a target URL. */
function describeUrl(url) {
    const u = new URL(url);
    const port = u.port ? `:${u.port}` : '';
    return { user: decodeURIComponent(u.username), password: decodeURIComponent(u.password), where: `${u.hostname}${port}` };
}


/***/ })

};
