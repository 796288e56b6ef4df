export const id = 667;
export const ids = [667,309];
export const modules = {

/***/ 27667:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   NOTHING_DONE: () => (/* binding */ NOTHING_DONE),
/* harmony export */   abandon: () => (/* binding */ abandon)
/* harmony export */ });
/* harmony import */ var _shared_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(32635);
/* harmony import */ var _failure_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(12988);
/* harmony import */ var _steps_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(22309);



const NOTHING_DONE = { lock: undefined, pending: undefined, targetChanged: false, written: 0 };
async function abandon(run, ready, done, error) {
    if (error instanceof _steps_js__WEBPACK_IMPORTED_MODULE_2__.Busy)
        throw error;
    const written = error instanceof _steps_js__WEBPACK_IMPORTED_MODULE_2__.DistributionFailed ? error.written : done.written;
    const notes = [];
    const d = ready.decision;
    const target = ready.target;
    const failedAt = run.report.failedStep();
    const mayHoldPending = written > 0 || d.resume !== undefined;
    let reverted = false;
    if (done.lock && done.pending && target && done.targetChanged && !run.alternating && (failedAt === 'test' || !mayHoldPending)) {
        reverted = await revert(run, ready, target, done.pending, notes);
    }
    if (done.lock) {
        if (mayHoldPending && failedAt !== 'test') {
            notes.push(`the lock ${run.ledger.names.lock} stays: re-run this workflow run to complete the rotation with the same value` +
                (run.alternating ? ' (every destination holds a working user meanwhile)' : ''));
            const staged = done.pending?.staged ?? [];
            if (staged.length > 0)
                notes.push(`the new value stays pending at ${staged.join(', ')} for the re-run`);
        }
        else {
            let released = false;
            try {
                await done.lock.release();
                released = true;
            }
            catch (releaseError) {
                notes.push(`the lock ${run.ledger.names.lock} could not be released (${(0,_shared_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .messageOf */ .bD)(releaseError)}); it expires by itself`);
            }
            // Only once the lock is gone: a kept lock is resumed with the pending value.
            if (released)
                await discard(ready, done.lock.lock.version, notes);
        }
    }
    if (written === 0 && !d.resume)
        notes.push('no destination was changed');
    if (done.targetChanged && !reverted && !run.alternating && !(target?.keepsOldPassword ?? false)) {
        notes.push(written === 0 && failedAt !== 'test'
            ? 'the target has the new value while the destinations still hold the old one, which no longer works: re-run to distribute it, or pass current-value to let the action revert'
            : 'destinations not written yet hold the old value, which no longer works');
    }
    if (run.alternating && done.targetChanged && written === 0 && !d.resume)
        notes.push(`the destinations still use ${d.previousUser || 'the previous user'}`);
    await run.report
        .publish({
        headline: 'failed',
        rotated: false,
        version: done.lock?.lock.version ?? '',
        rotatedAt: ready.known.rotatedAt ?? '',
        activeUser: run.alternating ? (ready.known.activeUser ?? '') : d.user,
        notes,
    })
        .catch(() => undefined);
    if (notes.length === 0)
        throw error;
    throw (0,_failure_js__WEBPACK_IMPORTED_MODULE_1__/* .sameKind */ .Nc)(`${(0,_shared_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .messageOf */ .bD)(error)}. ${notes.join('; ')}.`, error);
}
async function revert(run, ready, target, pending, notes) {
    const user = ready.decision.user;
    try {
        if (target.keepsOldPassword) {
            await target.removePassword(user, pending.value);
            notes.push(`removed the new password from ${user}; its old password still works`);
            return true;
        }
        const current = run.settings.currentValue;
        if (current !== undefined && ready.currentWorks) {
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
        notes.push(`reverting ${user} failed: ${(0,_shared_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .messageOf */ .bD)(error)}`);
        return false;
    }
}
/** Drops what `stage` left (this run's or the interrupted one's) at every destination that can. */
async function discard(ready, version, notes) {
    const dropped = [];
    for (const dest of ready.destinations) {
        if (!dest.discard)
            continue;
        try {
            await dest.discard({ version });
            dropped.push(dest.id);
        }
        catch (error) {
            notes.push(`the pending value at ${dest.id} could not be dropped (${(0,_shared_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .messageOf */ .bD)(error)}); it is never made current`);
        }
    }
    if (dropped.length > 0)
        notes.push(`dropped the pending value at ${dropped.join(', ')} (the current one is unchanged)`);
}


/***/ }),

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

/***/ 22309:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  Busy: () => (/* binding */ Busy),
  DistributionFailed: () => (/* binding */ DistributionFailed),
  decideRun: () => (/* binding */ decideRun),
  distribute: () => (/* binding */ distribute),
  dryRun: () => (/* binding */ dryRun),
  finish: () => (/* binding */ finish),
  makeValue: () => (/* binding */ makeValue),
  onTarget: () => (/* binding */ onTarget),
  preflight: () => (/* binding */ preflight),
  retire: () => (/* binding */ retire),
  setOnTarget: () => (/* binding */ setOnTarget),
  stop: () => (/* binding */ stop),
  takeLock: () => (/* binding */ takeLock),
  testLogin: () => (/* binding */ testLogin)
});

// EXTERNAL MODULE: ./shared/errors.ts
var errors = __webpack_require__(32635);
;// CONCATENATED MODULE: ./actions/rotate-secret/src/destinations/open.ts
/**
 * Each kind's file, imported only when a line of that kind is used (its client, and for kinds
 * that need a cloud the OIDC module, load with it): a run into GitHub secrets loads no cloud code.
 */
const MODULES = {
    github: () => Promise.all(/* import() */[__webpack_require__.e(235), __webpack_require__.e(108)]).then(__webpack_require__.bind(__webpack_require__, 65108)),
    vault: () => Promise.all(/* import() */[__webpack_require__.e(263), __webpack_require__.e(130)]).then(__webpack_require__.bind(__webpack_require__, 86170)),
    'aws-secretsmanager': () => Promise.all(/* import() */[__webpack_require__.e(356), __webpack_require__.e(263), __webpack_require__.e(272)]).then(__webpack_require__.bind(__webpack_require__, 20272)),
};
/** Opens the specs kind by kind, keeping their order. */
async function openDestinations(specs, deps) {
    const opened = new Map();
    for (const kind of Object.keys(MODULES)) {
        const mine = specs.filter((s) => s.kind === kind);
        if (mine.length === 0)
            continue;
        const module = (await MODULES[kind]());
        for (const d of await module.open(mine, deps))
            opened.set(d.id, d);
    }
    return specs.map((s) => {
        const d = opened.get(s.id);
        if (!d)
            throw new Error(`destination ${s.id} was not opened by its kind`);
        return d;
    });
}

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

// EXTERNAL MODULE: ./actions/rotate-secret/src/lock.ts
var src_lock = __webpack_require__(35207);
;// CONCATENATED MODULE: ./actions/rotate-secret/src/plan.ts

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
function describeHolder(lock) {
    return `run ${lock.run.id} attempt ${lock.run.attempt} (job ${lock.run.job}), started ${lock.startedAt}`;
}
function decide(i) {
    if (i.lock && 'corrupt' in i.lock) {
        return {
            action: 'refuse',
            message: `the lock variable ${i.lockVariable} holds something this action did not write (${i.lock.corrupt}). ` +
                'If no rotation is running, delete the variable and run again.',
        };
    }
    const lock = i.lock?.lock;
    if (lock) {
        const sameRunEarlierAttempt = lock.run.id === i.run.id && lock.run.attempt < i.run.attempt;
        const expired = Date.parse(lock.leaseUntil) <= i.now || Number.isNaN(Date.parse(lock.leaseUntil));
        if (!sameRunEarlierAttempt && !expired) {
            return {
                action: 'busy',
                message: `another rotation of ${i.name} is in progress (${describeHolder(lock)}); nothing was changed. ` +
                    `If that run failed, re-run it to complete its rotation, or run again after ${lock.leaseUntil} (its lock then expires).`,
            };
        }
        if (lock.settings !== i.settings || lock.strategy !== i.strategy) {
            return {
                action: 'refuse',
                message: `an interrupted rotation of ${i.name} (${describeHolder(lock)}) used other settings (target, user, strategy, charset or length); ` +
                    `re-run it with the inputs it had to complete it, or delete the variable ${i.lockVariable} to abandon it ` +
                    '(destinations it already wrote would then keep its value until the next rotation rewrites them).',
            };
        }
        return { action: 'rotate', resume: lock, user: lock.user, previousUser: lock.previousUser };
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
    const { decision: d, staged } = p;
    const none = p.target === 'none';
    let source = p.valueGiven ? 'take the given value' : p.derived ? 'derive a new value (re-derivable on resume)' : 'generate a new value';
    if (d.resume && !p.valueGiven && staged.length > 0)
        source = `take the value stored as pending, else ${source}`;
    const stage = staged.length > 0 ? `; store it as pending at ${staged.join(', ')}` : '';
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

;// CONCATENATED MODULE: ./actions/rotate-secret/src/steps.ts





/** Another run holds the lock: this run changed nothing and stops. */
class Busy extends Error {
    name = 'Busy';
}
/** Some destinations were written, some not. */
class DistributionFailed extends Error {
    name = 'DistributionFailed';
    written;
    constructor(message, written, options) {
        super(message, options);
        this.written = written;
    }
}
const PREPARE_CONCURRENCY = 8;
async function inBatches(items, size, fn) {
    for (let i = 0; i < items.length; i += size)
        await Promise.all(items.slice(i, i + size).map(fn));
}
/** The rotated user's name ('' without a target). */
function targetUser(run) {
    const t = run.settings.target;
    return t.kind === 'none' ? '' : t.user;
}
function fingerprint(run) {
    const s = run.settings;
    return settingsFingerprint({
        target: s.target.kind,
        location: s.target.kind === 'none' ? '' : s.target.location,
        targetUser: targetUser(run),
        strategy: s.strategy,
        charset: s.charset,
        length: s.length,
        valueGiven: s.value !== undefined,
    });
}
/** Whether the value can be derived again on resume (an admin password to derive it from). */
function derivable(run) {
    const t = run.settings.target;
    return run.settings.value === undefined && t.kind !== 'none' && t.adminPassword !== '';
}
// ---------------------------------------------------------------------------------------------
// Deciding and checking: reads only.
async function decideRun(run) {
    const known = await run.ledger.read(run.alternating);
    const decision = decide({
        now: run.env.now(),
        run: run.env.run,
        name: run.settings.name,
        strategy: run.settings.strategy,
        targetUser: targetUser(run),
        settings: fingerprint(run),
        rotateIfOlderThanMs: run.settings.rotateIfOlderThan,
        rotatedAt: known.rotatedAt,
        activeUser: known.activeUser,
        lock: known.lock,
        lockVariable: run.ledger.names.lock,
    });
    return { known, decision };
}
/** Busy, young or refused: outputs and summary, nothing changed. */
async function stop(run, known, decision) {
    if (decision.action === 'refuse')
        throw new errors/* UserError */.yo(decision.message);
    if (decision.action === 'busy')
        run.ctx.log.warning(`rotate-secret: ${decision.message}`);
    else
        run.ctx.log.info(`rotate-secret: ${decision.message}; nothing to do`);
    for (const spec of run.settings.destinations)
        run.report.destination(spec.id, 'unchanged');
    await run.report.publish({
        headline: decision.action === 'busy' ? 'another rotation is in progress; nothing changed' : `not due until ${decision.nextAt}`,
        rotated: false,
        version: '',
        rotatedAt: known?.rotatedAt ?? '',
        activeUser: run.alternating ? (known?.activeUser ?? '') : targetUser(run),
        notes: [],
    });
    return { outcome: 'skipped' };
}
/** Target and destinations checked and ready; throws (nothing changed) on any problem. */
async function preflight(run, known, decision) {
    const s = run.settings;
    const target = await run.target();
    let userExists = true;
    let currentWorks = false;
    if (target && s.target.kind !== 'none') {
        const base = s.target.user;
        const ours = run.alternating ? [base, ...alternatingUsers(base)] : [base];
        if (ours.includes(target.adminUser)) {
            throw new errors/* UserError */.yo(`target-url logs in as '${target.adminUser}', the user being rotated: rotating the credential this action logs in with would lock it out. Use a separate admin account in target-url.`);
        }
        const exists = await onTarget(run, target, 'looking up the users', () => target.existing(ours));
        userExists = exists.has(decision.user);
        if (!userExists) {
            if (!run.alternating)
                throw new errors/* UserError */.yo(`user '${decision.user}' does not exist on the ${target.kind} target at ${target.where}; create it first (nothing was changed)`);
            if (!exists.has(base)) {
                throw new errors/* UserError */.yo(`user '${decision.user}' does not exist on the ${target.kind} target at ${target.where}, and neither does '${base}' to create it from; create '${base}' (its privileges are copied) or both '${alternatingUsers(base).join("' and '")}' (nothing was changed)`);
            }
        }
        if (run.alternating && decision.previousUser && !exists.has(decision.previousUser)) {
            run.ctx.log.warning(`the active user '${decision.previousUser}' recorded in ${run.ledger.names.activeUser} does not exist on the target`);
        }
        if (run.alternating && s.currentValue !== undefined) {
            run.ctx.log.info('current-value is not needed with alternating-users (the active user is never changed); ignoring it');
        }
        const current = s.currentValue;
        if (!run.alternating && current !== undefined && !target.keepsOldPassword && !decision.resume) {
            currentWorks = await onTarget(run, target, `logging in as ${decision.user} with current-value`, () => target.canLogin(decision.user, current));
            if (!currentWorks)
                run.ctx.log.warning(`current-value does not log in as '${decision.user}'; the target cannot be reverted to it if the new value fails its test`);
        }
    }
    // Opening loads each kind's client (and, for vault/aws destinations, obtains the cloud credentials).
    const destinations = await run.ctx.log.group(`check ${s.destinations.length} destination(s)`, async () => {
        const opened = await openDestinations(s.destinations, run.destinationDeps());
        await inBatches(opened, PREPARE_CONCURRENCY, (d) => d.prepare());
        return opened;
    });
    const plan = planSteps({
        decision,
        strategy: s.strategy,
        target: s.target.kind,
        valueGiven: s.value !== undefined,
        derived: derivable(run),
        verify: s.verify,
        userExists,
        keepsOldPassword: target?.keepsOldPassword ?? false,
        destinations: destinations.map((d) => d.id),
        staged: destinations.filter((d) => d.stage).map((d) => d.id),
    });
    run.report.plan(plan);
    return { decision, known, target, destinations, userExists, currentWorks, plan };
}
async function dryRun(run, ready) {
    for (const d of ready.destinations)
        run.report.destination(d.id, 'would write');
    run.report.wouldDo();
    run.ctx.log.info('rotate-secret: dry run; nothing was changed');
    await run.report.publish({
        headline: ready.decision.resume ? 'dry run: would resume the interrupted rotation' : 'dry run: would rotate',
        rotated: false,
        version: '',
        rotatedAt: ready.known.rotatedAt ?? '',
        activeUser: run.alternating ? (ready.known.activeUser ?? '') : targetUser(run),
        notes: [],
    });
    return { outcome: 'dry-run' };
}
/** A target operation: what the server refused (a password policy, a lost connection) is the user's to fix, not a bug. */
async function onTarget(run, target, what, fn) {
    try {
        return await fn();
    }
    catch (error) {
        if (error instanceof TypeError || error instanceof RangeError || error instanceof ReferenceError || error instanceof errors/* UserError */.yo)
            throw error;
        throw new errors/* UserError */.yo(`${what} on the ${target.kind} target at ${target.where} failed: ${(0,errors/* messageOf */.bD)(error)}`, { cause: error });
    }
}
// ---------------------------------------------------------------------------------------------
// create: the lock (the write-ahead record), then the value.
async function takeLock(run, ready) {
    const d = ready.decision;
    const now = run.env.now();
    const lock = {
        v: 1,
        owner: (0,src_lock/* newOwner */.Eh)(),
        run: run.env.run,
        version: d.resume?.version ?? (0,src_lock/* newVersion */.JL)(now),
        strategy: run.settings.strategy,
        user: d.user,
        previousUser: d.previousUser,
        settings: fingerprint(run),
        derived: derivable(run),
        startedAt: d.resume?.startedAt ?? new Date(now).toISOString(),
        leaseUntil: new Date(now + src_lock/* LEASE_MS */.Wf).toISOString(),
    };
    const held = d.resume ? await run.ledger.takeOver(d.resume, lock) : await run.ledger.acquire(lock);
    if (!held)
        throw new Busy(`another run took the lock ${run.ledger.names.lock} first; nothing was changed`);
    const detail = d.resume ? `took over the lock of run ${d.resume.run.id} attempt ${d.resume.run.attempt}` : `locked ${run.ledger.names.lock}`;
    return { result: held, detail: `${detail}; version ${lock.version}` };
}
/** The pending value — given, recovered from a store, derived or drawn — then staged where a store keeps it pending. */
async function makeValue(run, ready, held) {
    const s = run.settings;
    const { version } = held.lock;
    const d = ready.decision;
    let value;
    let source;
    let reproducible = true;
    const recovered = d.resume && s.value === undefined ? await recover(run, ready.destinations, version) : undefined;
    if (s.value !== undefined) {
        value = s.value;
        source = 'the given value';
    }
    else if (recovered) {
        value = recovered.value;
        source = `the value the interrupted run stored at ${recovered.at} (resumed with, not made again)`;
    }
    else if (s.target.kind !== 'none' && derivable(run)) {
        value = derivedValue(s.target.adminPassword, version, [s.name, s.target.kind, d.user], s.length, s.charset);
        source = `a derived ${s.length}-character ${s.charset} value (a re-run derives it again)`;
    }
    else {
        value = freshValue(s.length, s.charset);
        source = `a random ${s.length}-character ${s.charset} value`;
        reproducible = ready.destinations.some((x) => x.stage);
    }
    run.ctx.redactor.add(value);
    if (d.resume && s.value === undefined && !recovered && (!derivable(run) || !d.resume.derived)) {
        run.ctx.log.warning('the value of the interrupted rotation cannot be made again (no password in target-url, or no target): a new value is used and every destination is rewritten');
    }
    const staged = [];
    for (const dest of ready.destinations) {
        if (!dest.stage)
            continue;
        await held.renewIfDue(run.env.now());
        await dest.stage({ secret: value, user: undefined }, { version });
        staged.push(dest.id);
    }
    const stagedText = staged.length > 0 ? `; stored as pending at ${staged.join(', ')}` : '';
    return { result: { value, reproducible, staged }, detail: `${source}${stagedText}` };
}
/** Resume: the value a destination holds for `version` (the first that has one). */
async function recover(run, destinations, version) {
    for (const dest of destinations) {
        if (!dest.recover)
            continue;
        const value = await dest.recover({ version });
        if (value === undefined)
            continue;
        run.ctx.redactor.add(value);
        return { value, at: dest.id };
    }
    return undefined;
}
// ---------------------------------------------------------------------------------------------
// set, test, distribute, retire.
/** Applies the pending value to the target (skipped when it already logs in: a resumed run). True when the target now has it. */
async function setOnTarget(run, ready, pending) {
    const target = ready.target;
    const s = run.settings;
    if (!target || s.target.kind === 'none')
        return { result: false, detail: 'no target', skipped: true };
    const d = ready.decision;
    const { value } = pending;
    if (d.resume && (await onTarget(run, target, `logging in as ${d.user}`, () => target.canLogin(d.user, value)))) {
        return { result: true, detail: `${d.user} already logs in with the pending value (set by the interrupted run)` };
    }
    if (!ready.userExists) {
        const template = s.target.user;
        await onTarget(run, target, `creating ${d.user}`, () => target.createUser(d.user, template, value));
        return { result: true, detail: `created ${d.user} with the privileges of ${template}` };
    }
    const how = !run.alternating && target.keepsOldPassword ? 'add' : 'replace';
    await onTarget(run, target, `setting the password of ${d.user}`, () => target.setPassword(d.user, value, how));
    return { result: true, detail: how === 'add' ? `added a password to ${d.user} (the old one still works until retire)` : `changed the password of ${d.user}` };
}
/** Logs in with the pending value for real. */
async function testLogin(run, ready, pending) {
    const target = ready.target;
    if (!target)
        return { result: undefined, detail: 'no target', skipped: true };
    if (!run.settings.verify) {
        run.ctx.log.warning('verify is false: the new value is distributed without logging in with it first');
        return { result: undefined, detail: 'skipped (verify: false)', skipped: true };
    }
    const user = ready.decision.user;
    if (!(await onTarget(run, target, `logging in as ${user}`, () => target.canLogin(user, pending.value)))) {
        throw new errors/* UserError */.yo(`the new value does not log in as '${user}' on the ${target.kind} target at ${target.where}`);
    }
    return { result: undefined, detail: `logged in as ${user}` };
}
/** Writes every destination; a failed one does not stop the others (more of them then work). Returns how many hold the value. */
async function distribute(run, ready, held, pending) {
    const failures = [];
    let written = 0;
    let created = 0;
    let unchanged = 0;
    for (const dest of ready.destinations) {
        try {
            await held.renewIfDue(run.env.now());
            const outcome = await dest.write({ secret: pending.value, user: undefined }, { version: held.lock.version });
            if (outcome === 'created')
                created++;
            if (outcome === 'unchanged')
                unchanged++;
            written++;
            run.report.destination(dest.id, outcome);
        }
        catch (error) {
            failures.push(error);
            run.report.destination(dest.id, 'failed', error);
            if (run.ctx.signal.aborted)
                break;
        }
    }
    for (const dest of ready.destinations.slice(written + failures.length))
        run.report.destination(dest.id, 'not reached');
    if (failures.length > 0) {
        const first = failures[0];
        throw new DistributionFailed(`${failures.length} of ${ready.destinations.length} destination(s) could not be written; the first: ${(0,errors/* messageOf */.bD)(first)}`, written, { cause: first });
    }
    return { result: written, detail: `wrote ${written} destination(s) (${created} created${unchanged > 0 ? `, ${unchanged} already held it` : ''})` };
}
/** Retires the old credential where the target kept it, records the rotation, releases the lock. Returns the rotation time. */
async function retire(run, ready, held, pending) {
    const d = ready.decision;
    const parts = [];
    const target = ready.target;
    if (target && !run.alternating && target.keepsOldPassword) {
        const n = await onTarget(run, target, `retiring the old passwords of ${d.user}`, () => target.retireOtherPasswords(d.user, pending.value));
        parts.push(`removed ${n} old password(s) of ${d.user}`);
    }
    if (run.alternating)
        parts.push(`${d.user} is active; ${d.previousUser || 'no previous user'}${d.previousUser ? ' stays valid until the next rotation' : ''}`);
    const rotatedAt = new Date(run.env.now()).toISOString();
    await held.complete(rotatedAt, run.alternating ? d.user : undefined, ready.known);
    parts.push(`recorded ${run.ledger.names.rotatedAt}`);
    return { result: rotatedAt, detail: parts.join('; ') };
}
async function finish(run, ready, held, rotatedAt) {
    const d = ready.decision;
    const notes = [];
    if (!run.alternating && ready.target && !ready.target.keepsOldPassword) {
        notes.push('single-user: the old password stopped working at the set step; consumers that read the secret before this run must read it again.');
    }
    await run.report.publish({
        headline: d.resume ? 'rotated (completed an interrupted rotation)' : 'rotated',
        rotated: true,
        version: held.lock.version,
        rotatedAt,
        activeUser: d.user,
        notes,
    });
    return { outcome: 'success' };
}


/***/ })

};
