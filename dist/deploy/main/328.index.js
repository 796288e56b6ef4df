export const id = 328;
export const ids = [328];
export const modules = {

/***/ 328:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  finish: () => (/* reexport */ finish),
  gate: () => (/* reexport */ gate),
  holdLock: () => (/* reexport */ holdLock),
  liveAlready: () => (/* reexport */ liveAlready),
  openRecord: () => (/* reexport */ openRecord),
  openSession: () => (/* reexport */ openSession),
  promote: () => (/* reexport */ promote),
  readEnvironment: () => (/* reexport */ readEnvironment),
  recover: () => (/* reexport */ recover),
  runFor: () => (/* reexport */ runFor),
  skip: () => (/* reexport */ skip),
  succeed: () => (/* reexport */ succeed)
});

// EXTERNAL MODULE: ./actions/deploy/src/job.ts
var src_job = __webpack_require__(7822);
;// CONCATENATED MODULE: ./actions/deploy/src/environment.ts

const MAX_STATUS_READS = 20;
async function inspectEnvironment(api, environment, opts) {
    const listed = await api.list(environment);
    const maxReads = opts.maxReads ?? MAX_STATUS_READS;
    const observed = [];
    let active;
    let previous;
    let truncated = false;
    for (const deployment of listed) {
        if (observed.length >= maxReads) {
            truncated = true;
            break;
        }
        const o = { deployment, status: await api.latestStatus(deployment.id) };
        observed.push(o);
        if (o.status?.state !== 'success')
            continue;
        active ??= o;
        if (opts.marker === undefined || deployment.marker !== opts.marker) {
            previous = o;
            break;
        }
    }
    const ours = opts.marker === undefined ? undefined : listed.find((d) => d.marker === opts.marker);
    // GitHub's record for a job with `environment:` links to this run and carries no deploy marker
    // (records written by deploy steps of this run do, and another step's record may hold the lock).
    const jobRecords = observed.filter((o) => o.deployment.marker === undefined && (0,src_job/* isThisRun */.Cf)(o.status?.logUrl, opts.runUrl));
    return { environment, listed, observed, active, previous, ours, jobRecords, truncated };
}
/** True when the record of an earlier attempt can carry this attempt too: nobody else deployed since. */
function canReuse(view) {
    const ours = view.ours;
    if (ours === undefined)
        return false;
    const jobIds = new Set(view.jobRecords.map((o) => o.deployment.id));
    return !view.listed.some((d) => d.id > ours.id && !jobIds.has(d.id));
}
/** Milliseconds since an ISO time, or undefined when it does not parse. */
function ageMs(iso, now) {
    const at = iso === undefined ? Number.NaN : Date.parse(iso);
    return Number.isFinite(at) ? now - at : undefined;
}
// ---------------------------------------------------------------------------------------------
// Step
/** Reads the target environment and notes what is live, what a rollback would return to, and GitHub's own job record. */
async function readEnvironment(s) {
    const view = await inspectEnvironment(s.api, s.settings.environment, { marker: s.job.marker, runUrl: s.job.runUrl });
    observe(s, view);
    const live = view.active ? `deployment ${view.active.deployment.id} (${(0,src_job/* shortSha */.Fu)(view.active.deployment.sha)})` : 'nothing';
    s.ctx.log.info(`'${s.settings.environment}': ${view.listed.length} deployment(s) listed; live: ${live}`);
    s.report.note('Read environment', `live: ${live}`);
    if (view.jobRecords.length > 0) {
        const ids = view.jobRecords.map((o) => o.deployment.id).join(', ');
        s.ctx.log.warning(`This job declares \`environment: ${s.settings.environment}\`, so GitHub also recorded deployment ${ids} for it. ` +
            `To keep one record per deploy, declare \`environment: { name: ${s.settings.environment}, deployment: false }\` (see the deploy README).`, undefined, { title: 'deploy: two deployment records for one job' });
        s.report.tell(`GitHub also recorded deployment ${ids} for this job (its environment: key); deploy ignored it for the lock and the rollback target.`);
    }
    if (view.truncated)
        s.ctx.log.info(`'${s.settings.environment}': no successful deployment among the ${view.observed.length} newest; there is nothing to roll back to`);
    return view;
}
/** Records what a view says about the previous deployment. */
function observe(s, view) {
    s.previous = view.previous;
    s.report.facts.previousSha = view.previous?.deployment.sha;
}

// EXTERNAL MODULE: ./shared/log.ts
var shared_log = __webpack_require__(1620);
// EXTERNAL MODULE: ./shared/errors.ts
var errors = __webpack_require__(2635);
;// CONCATENATED MODULE: ./actions/deploy/src/health.ts


const BODY_LIMIT = 1024 * 1024;
const CHECK_TIMEOUT_MS = 10_000;
// ---------------------------------------------------------------------------------------------
// Expectations
/** `version=abc` → path `version`, expected `abc`. Splits at the first `=`; the path may use `a.b`, `a[0]`, `a.0`, a leading `$.`. */
function parseJsonExpectation(line) {
    const at = line.indexOf('=');
    const path = line.slice(0, at).trim();
    return { path, keys: parseJsonPath(path), expected: line.slice(at + 1).trim() };
}
function parseJsonPath(path) {
    const body = path.replace(/^\$\.?/, '');
    return [...body.matchAll(/\[(\d+)\]|\[["']([^"']*)["']\]|([^.[\]]+)/g)].map((m) => m[1] ?? m[2] ?? m[3] ?? '');
}
/** The value at `keys`, or `{ found: false }`. */
function jsonValueAt(doc, keys) {
    let current = doc;
    for (const key of keys) {
        if (Array.isArray(current) && /^\d+$/.test(key) && Number(key) < current.length)
            current = current[Number(key)];
        else if (typeof current === 'object' && current !== null && !Array.isArray(current) && Object.hasOwn(current, key)) {
            current = current[key];
        }
        else
            return { found: false };
    }
    return { found: true, value: current };
}
/** How a JSON value compares with the text after `=`: strings as they are, everything else as JSON (`3`, `true`, `null`). */
function jsonText(value) {
    return typeof value === 'string' ? value : JSON.stringify(value) ?? 'undefined';
}
/** Everything that does not match; empty when the response passes. */
function evaluateResponse(spec, status, body) {
    const problems = [];
    if (!spec.statuses.includes(status))
        problems.push(`status ${status} (expected ${spec.statuses.join(' or ')})`);
    if (spec.body && !spec.body.test(body))
        problems.push(`body does not match ${show(String(spec.body))}`);
    if (spec.json.length > 0) {
        let doc;
        try {
            doc = JSON.parse(body);
        }
        catch {
            problems.push(`body is not JSON (starts ${show(body.slice(0, 40))})`);
            return problems;
        }
        for (const e of spec.json) {
            const v = jsonValueAt(doc, e.keys);
            if (!v.found)
                problems.push(`${e.path} is missing (expected ${show(e.expected)})`);
            else if (jsonText(v.value) !== e.expected)
                problems.push(`${e.path} is ${show(jsonText(v.value))} (expected ${show(e.expected)})`);
        }
    }
    return problems;
}
/** For a rollback: the same expectations, with the failed sha replaced by the sha rolled back to. */
function retarget(spec, from, to) {
    if (!from || from === to)
        return spec;
    const swap = (s) => s.split(from).join(to);
    return {
        ...spec,
        body: spec.body ? new RegExp(swap(spec.body.source), spec.body.flags) : undefined,
        json: spec.json.map((e) => ({ ...e, expected: swap(e.expected) })),
    };
}
/** Quoted, clipped and on one line: response text is untrusted. */
function show(value, max = 80) {
    return JSON.stringify(value.length > max ? `${value.slice(0, max)}…` : value);
}
// ---------------------------------------------------------------------------------------------
// Pacing
/** The delay's ceiling after `failStreak` failures in a row: interval doubling, at most 8× the interval and 30 s. */
function healthDelayCap(intervalMs, failStreak) {
    const ceiling = Math.max(intervalMs, Math.min(intervalMs * 8, 30_000));
    return Math.min(ceiling, intervalMs * 2 ** Math.max(0, failStreak - 1));
}
/** The wait before the next check: the interval after a pass; after failures, backoff with equal jitter, never below the interval. */
function healthDelay(intervalMs, failStreak, random = Math.random) {
    if (failStreak <= 0)
        return intervalMs;
    const cap = healthDelayCap(intervalMs, failStreak);
    const r = Math.min(1, Math.max(0, random()));
    return Math.max(intervalMs, Math.round(cap / 2 + (r * cap) / 2));
}
async function runHealthGate(spec, deps) {
    const { clock, signal } = deps;
    const random = deps.random ?? Math.random;
    const log = deps.log ?? (() => undefined);
    const started = clock.now();
    const deadline = started + spec.timeoutMs;
    const checks = [];
    let consecutive = 0;
    let failStreak = 0;
    for (;;) {
        signal?.throwIfAborted();
        const check = await checkOnce(spec, deps, checks.length + 1, started, Math.min(CHECK_TIMEOUT_MS, Math.max(1000, deadline - clock.now())));
        checks.push(check);
        if (check.ok) {
            consecutive++;
            failStreak = 0;
        }
        else {
            consecutive = 0;
            failStreak++;
        }
        log(`health check ${check.n}: ${check.status === undefined ? 'no response' : `HTTP ${check.status}`} ${check.ok ? `ok (${consecutive}/${spec.passes})` : `— ${check.detail}`}`);
        if (consecutive >= spec.passes) {
            return { passed: true, checks, consecutive, elapsedMs: clock.now() - started, reason: undefined };
        }
        const remaining = deadline - clock.now();
        if (remaining <= 0) {
            const last = checks.at(-1);
            const reason = `${consecutive} of ${spec.passes} consecutive passes when health-timeout (${(0,shared_log/* formatDuration */.a3)(spec.timeoutMs)}) ran out after ${checks.length} check${checks.length === 1 ? '' : 's'}` +
                (last && !last.ok ? `; last check: ${last.detail}` : '');
            return { passed: false, checks, consecutive, elapsedMs: clock.now() - started, reason };
        }
        await clock.sleep(Math.min(remaining, check.ok ? spec.intervalMs : healthDelay(spec.intervalMs, failStreak, random)), signal);
    }
}
async function checkOnce(spec, deps, n, gateStart, timeoutMs) {
    const at = deps.clock.now();
    const signals = [AbortSignal.timeout(timeoutMs), ...(deps.signal ? [deps.signal] : [])];
    const done = (status, problems) => ({
        n,
        atMs: at - gateStart,
        status,
        ok: problems.length === 0,
        detail: problems.length === 0 ? 'ok' : problems.join('; '),
        durationMs: deps.clock.now() - at,
    });
    try {
        const response = await deps.fetch(spec.url, {
            headers: { accept: 'application/json, text/plain;q=0.9, */*;q=0.5', 'user-agent': 'actions-suite-deploy-health', ...spec.headers },
            signal: AbortSignal.any(signals),
            redirect: 'follow',
            maxBodyBytes: BODY_LIMIT,
        });
        const body = await response.text();
        return done(response.status, evaluateResponse(spec, response.status, body));
    }
    catch (error) {
        deps.signal?.throwIfAborted();
        return done(undefined, [describeFailure(error, timeoutMs)]);
    }
}
/** A network failure in words, without the URL (it may carry a query the user would rather not print). */
function describeFailure(error, timeoutMs) {
    const chain = (0,errors/* causeChain */.DD)(error);
    for (const e of chain) {
        const name = e.name;
        if (name === 'TimeoutError')
            return `no answer within ${(0,shared_log/* formatDuration */.a3)(timeoutMs)}`;
    }
    for (const e of chain) {
        const code = e.code;
        if (code === 'ECONNREFUSED')
            return 'connection refused';
        if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET')
            return 'connection reset';
        if (code === 'ENOTFOUND' || code === 'EAI_AGAIN')
            return `host not found (${code})`;
        if (typeof code === 'string')
            return `network error ${code}`;
    }
    const first = chain[0];
    return `request failed (${first instanceof Error ? first.name : typeof first})`;
}
// ---------------------------------------------------------------------------------------------
/** Builds the gate's spec from inputs; credentials in the URL become a Basic header and are registered as secrets. */
function healthSpec(s, redactor) {
    const url = new URL(s.healthUrl.href);
    const headers = {};
    if (url.username || url.password) {
        const user = decodeURIComponent(url.username);
        const password = decodeURIComponent(url.password);
        if (password)
            redactor.add(password);
        const basic = Buffer.from(`${user}:${password}`).toString('base64');
        redactor.add(basic);
        headers['authorization'] = `Basic ${basic}`;
        url.username = '';
        url.password = '';
    }
    return {
        url,
        headers,
        statuses: s.healthStatus.map(Number),
        body: s.healthBody === undefined ? undefined : new RegExp(s.healthBody),
        json: (s.healthJson ?? []).map(parseJsonExpectation),
        passes: s.healthPasses,
        intervalMs: s.healthInterval,
        timeoutMs: s.healthTimeout,
    };
}
/** The URL as it may be printed: no user-info, no query, no fragment. */
function printableUrl(url) {
    return `${url.origin}${url.pathname}${url.search ? '?…' : ''}`;
}
// ---------------------------------------------------------------------------------------------
// Step
/** Runs a gate as a phase of the report (its checks go to the summary). */
async function gate(s, label, spec) {
    s.ctx.log.info(`${label}: ${printableUrl(spec.url)} — ${spec.passes} consecutive passes, every ${(0,shared_log/* formatDuration */.a3)(spec.intervalMs)}, within ${(0,shared_log/* formatDuration */.a3)(spec.timeoutMs)}`);
    const result = await s.report.phase(label, () => runHealthGate(spec, { fetch: s.fetch, clock: s.clock, random: s.random, signal: s.ctx.signal, log: (line) => s.ctx.log.info(line) }), (r) => r.passed);
    s.report.gate(label, spec, result);
    s.report.note(label, result.passed ? `${result.consecutive}/${spec.passes} consecutive passes, ${result.checks.length} checks` : (result.reason ?? 'failed'));
    return result;
}

;// CONCATENATED MODULE: ./actions/deploy/src/lock.ts




const BUSY = new Set(['queued', 'pending', 'in_progress']);
/** GitHub stops any job after 6 hours: a deployment silent for longer was abandoned. */
const STALE_AFTER_MS = 6 * 3_600_000;
function lockHolders(view, now) {
    const mine = new Set([view.ours?.id, ...view.jobRecords.map((o) => o.deployment.id)]);
    const holders = [];
    const stale = [];
    for (const o of view.observed) {
        if (mine.has(o.deployment.id))
            continue;
        const state = o.status?.state ?? 'pending';
        if (!BUSY.has(state))
            continue;
        const holder = toHolder(o, state, now);
        (now - holder.since > STALE_AFTER_MS ? stale : holders).push(holder);
    }
    return { holders, stale };
}
function toHolder(o, state, now) {
    const age = ageMs(o.status?.createdAt ?? o.deployment.createdAt, now) ?? 0;
    return { id: o.deployment.id, sha: o.deployment.sha, state, since: now - age };
}
/** Time between looks at a held lock: 1 s doubling to 30 s, and at most a quarter of the timeout. */
function lockPollDelay(poll, timeoutMs) {
    return Math.max(100, Math.min(30_000, 1000 * 2 ** Math.max(0, poll), Math.floor(timeoutMs / 4)));
}
function decideLock(a) {
    if (a.mode === 'off' || a.holders.length === 0)
        return { kind: 'proceed' };
    const what = a.holders.map((h) => `deployment ${h.id} (${(0,src_job/* shortSha */.Fu)(h.sha)}, ${h.state} since ${new Date(h.since).toISOString()})`).join(', ');
    if (a.mode === 'fail') {
        return { kind: 'fail', holders: a.holders, reason: `'${a.environment}' is busy: ${what}; lock is 'fail', so not waiting` };
    }
    const remaining = a.deadline - a.now;
    if (remaining <= 0) {
        return { kind: 'fail', holders: a.holders, reason: `'${a.environment}' is still busy after waiting lock-timeout (${(0,shared_log/* formatDuration */.a3)(a.timeoutMs)}): ${what}` };
    }
    return { kind: 'wait', holders: a.holders, delayMs: Math.min(lockPollDelay(a.poll, a.timeoutMs), remaining) };
}
/**
 * Waits until nobody else is deploying to the environment (or fails), looking again with
 * `inspect` after each wait. Returns the last view, which the deploy then builds on.
 */
async function acquireLock(opts) {
    const started = opts.clock.now();
    const deadline = started + opts.timeoutMs;
    let view = opts.first;
    for (let poll = 0;; poll++) {
        const now = opts.clock.now();
        const { holders, stale } = lockHolders(view, now);
        for (const h of stale)
            opts.log(`lock: ignoring deployment ${h.id}, ${h.state} but silent since ${new Date(h.since).toISOString()} (abandoned)`);
        const decision = decideLock({ mode: opts.mode, holders, environment: view.environment, now, deadline, poll, timeoutMs: opts.timeoutMs });
        if (decision.kind === 'proceed')
            return { view, waitedMs: now - started, polls: poll };
        if (decision.kind === 'fail')
            throw new errors/* UserError */.yo(decision.reason);
        opts.log(`lock: waiting ${(0,shared_log/* formatDuration */.a3)(decision.delayMs)} for ${holders.map((h) => `deployment ${h.id} (${h.state})`).join(', ')}`);
        await opts.clock.sleep(decision.delayMs, opts.signal);
        view = await opts.inspect();
    }
}
// ---------------------------------------------------------------------------------------------
// Step
/** Waits for (or fails on) other deployments in progress, per `lock` and `lock-timeout`; returns the fresh view. */
async function holdLock(s, first) {
    const { view, waitedMs, polls } = await acquireLock({
        mode: s.settings.lock,
        timeoutMs: s.settings.lockTimeout,
        first,
        inspect: () => inspectEnvironment(s.api, s.settings.environment, { marker: s.job.marker, runUrl: s.job.runUrl }),
        clock: s.clock,
        signal: s.ctx.signal,
        log: (line) => s.ctx.log.info(line),
    });
    observe(s, view);
    const note = s.settings.lock === 'off' ? 'lock: off' : polls === 0 ? 'free' : `waited ${(0,shared_log/* formatDuration */.a3)(waitedMs)} (${polls} look${polls === 1 ? '' : 's'})`;
    s.report.note('Lock', note);
    if (polls > 0)
        s.report.tell(`Another deployment of '${s.settings.environment}' was in progress; deploy waited ${(0,shared_log/* formatDuration */.a3)(waitedMs)} for it.`);
    return view;
}

// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 5 modules
var core = __webpack_require__(8524);
;// CONCATENATED MODULE: ./actions/deploy/src/record.ts


/**
 * The GitHub Deployment record of this deploy: created (or, in a workflow re-run, the earlier
 * attempt's record taken over), marked `in_progress` with the run as its log, and closed with
 * `success`, `failure` or `error`. Its id goes to the post step, which closes a record main left
 * open (cancelled job, crashed main) as `error`.
 */
async function openRecord(s, view) {
    const { settings, job } = s;
    const reused = canReuse(view) ? view.ours : undefined;
    const deployment = reused ??
        (await s.api.create({
            ref: s.ref,
            environment: settings.environment,
            marker: job.marker,
            runId: job.runId,
            runAttempt: job.runAttempt,
            description: `deploy ${s.sha ? (0,src_job/* shortSha */.Fu)(s.sha) : s.ref} to ${settings.environment} (actions-suite deploy)`,
            production: settings.production,
        }, new Set(view.listed.map((d) => d.id))));
    s.deployment = deployment;
    s.sha = deployment.sha;
    s.report.facts.deploymentId = deployment.id;
    s.report.facts.sha = deployment.sha;
    // Saved before the first status: from here on, post closes the record if main cannot.
    s.state.save('deployment-id', deployment.id);
    s.ctx.log.info(reused
        ? `deployment ${deployment.id}: taking over the record of an earlier attempt of this run (no duplicate)`
        : `deployment ${deployment.id}: created for ${deployment.sha}`);
    s.report.note('Record', reused ? `deployment ${deployment.id} (from run attempt before this one)` : `deployment ${deployment.id}`);
    await s.api.setStatus(deployment.id, {
        state: 'in_progress',
        description: `Deploying ${(0,src_job/* shortSha */.Fu)(deployment.sha)} (run ${job.runId}, attempt ${job.runAttempt})`,
        logUrl: job.runUrl,
    });
    return deployment;
}
/** Posts an intermediate status (e.g. while rolling back); the record stays open. */
async function updateRecord(s, description) {
    if (!s.deployment)
        return;
    await s.api.setStatus(s.deployment.id, { state: 'in_progress', description, logUrl: s.job.runUrl });
}
async function closeRecord(s, state, description, environmentUrl) {
    if (!s.deployment)
        return;
    await s.api.setStatus(s.deployment.id, {
        state,
        description,
        logUrl: s.job.runUrl,
        ...(environmentUrl ? { environmentUrl } : {}),
    });
    s.state.save('finished', 'true');
}

;// CONCATENATED MODULE: ./actions/deploy/src/outcome.ts





/** The live deployment when it already is this sha (and nobody is replacing it right now): nothing to do. */
function liveAlready(s, view) {
    const active = view.active;
    if (!s.settings.skipIfDeployed || s.sha === undefined || active === undefined)
        return undefined;
    if (active.deployment.sha.toLowerCase() !== s.sha)
        return undefined;
    if (s.settings.lock !== 'off' && lockHolders(view, s.clock.now()).holders.length > 0)
        return undefined;
    return active;
}
function skip(s, live) {
    const f = s.report.facts;
    f.status = 'skipped';
    f.deploymentId = live.deployment.id;
    f.sha = live.deployment.sha;
    f.previousSha = live.deployment.sha;
    f.environmentUrl = live.status?.environmentUrl || s.settings.environmentUrl?.href;
    s.report.tell(`${(0,src_job/* shortSha */.Fu)(live.deployment.sha)} is already live in '${s.settings.environment}' (deployment ${live.deployment.id}, since ${live.status?.createdAt ?? 'unknown'}); nothing was deployed (skip-if-deployed).`);
    s.ctx.log.info(`skipped: ${live.deployment.sha} is already the active deployment ${live.deployment.id} of '${s.settings.environment}'`);
    return { outcome: 'skipped', attempts: 0 };
}
async function succeed(s, gate) {
    const url = s.settings.environmentUrl?.href;
    const checks = gate ? `health gate passed (${gate.consecutive} consecutive)` : 'no health gate';
    await s.report.phase('Final status', () => closeRecord(s, 'success', `Deployed ${(0,src_job/* shortSha */.Fu)(s.sha)}; ${checks}`, url));
    s.report.facts.status = 'success';
    s.report.facts.environmentUrl = url;
    s.report.tell(`${(0,src_job/* shortSha */.Fu)(s.sha)} is live in '${s.settings.environment}'${gate ? ` and passed its health gate in ${gate.checks.length} checks` : ' (no health-url: the script\'s exit code was the only check)'}.`);
    return { outcome: 'success', attempts: s.attempts };
}
/** Ends as `failure` or `rolled-back`; the step fails either way, with `message`. */
function failed(s, status, message) {
    s.report.facts.status = status;
    return { outcome: status, attempts: s.attempts, failure: message };
}
/** Outputs and summary, whatever happened (an exception included). */
async function finish(s, error) {
    const f = s.report.facts;
    if (error !== undefined) {
        f.status = 'failure';
        s.report.tell(`Stopped: ${(0,errors/* messageOf */.bD)(error).split('\n')[0] ?? ''}`);
    }
    f.attempts = s.attempts;
    f.durationMs = s.clock.now() - s.startedAt;
    const outputs = {
        'deployment-id': f.deploymentId === undefined ? '' : String(f.deploymentId),
        status: f.status ?? 'failure',
        'environment-url': f.environmentUrl ?? '',
        'previous-sha': f.previousSha ?? '',
        attempts: String(s.attempts),
        'duration-ms': String(Math.max(0, Math.round(f.durationMs))),
    };
    for (const [name, value] of Object.entries(outputs))
        core.setOutput(name, value);
    try {
        await s.report.write(s.ctx.redactor);
    }
    catch (e) {
        s.ctx.log.warning(`could not write the job summary: ${(0,errors/* messageOf */.bD)(e)}`);
    }
}

;// CONCATENATED MODULE: ./actions/deploy/src/promotion.ts




function describeWhat(q) {
    return q.sha ? `sha ${(0,src_job/* shortSha */.Fu)(q.sha)}` : `ref ${JSON.stringify(q.ref)}`;
}
function matches(q, d) {
    return q.sha ? d.sha.toLowerCase() === q.sha : d.ref === q.ref;
}
/**
 * Decides from the source environment's view and, when the live deployment is not the one asked
 * for, the newest deployment of it there (with its latest status).
 */
function decidePromotion(q, view, candidate) {
    const refuse = (why) => ({
        ok: false,
        reason: `Refusing to promote ${describeWhat(q)} from '${q.source}' to '${q.target}': ${why}`,
    });
    const active = view.active;
    const live = active ? ` ('${q.source}' runs ${(0,src_job/* shortSha */.Fu)(active.deployment.sha)}, deployment ${active.deployment.id})` : ` ('${q.source}' has no successful deployment)`;
    if (active && matches(q, active.deployment)) {
        const liveFor = ageMs(active.status?.createdAt, q.now) ?? 0;
        if (liveFor < q.soakMs) {
            const readyAt = new Date(q.now + (q.soakMs - liveFor)).toISOString();
            return refuse(`it has been live in '${q.source}' for ${(0,shared_log/* formatDuration */.a3)(Math.max(0, liveFor))}, less than soak-time ${(0,shared_log/* formatDuration */.a3)(q.soakMs)} (it can be promoted from ${readyAt})`);
        }
        return { ok: true, sha: active.deployment.sha, deploymentId: active.deployment.id, liveForMs: liveFor };
    }
    if (candidate === undefined) {
        const among = view.listed.length >= 100 ? ' among its 100 newest deployments' : '';
        return refuse(`it has no deployment in '${q.source}'${among}; deploy it there first${live}`);
    }
    const id = candidate.deployment.id;
    const state = candidate.status?.state ?? 'pending';
    switch (state) {
        case 'success':
        case 'inactive':
            return refuse(`its deployment ${id} in '${q.source}' is no longer active: a newer deployment replaced it${live}`);
        case 'queued':
        case 'pending':
        case 'in_progress':
            return refuse(`its deployment ${id} in '${q.source}' is still ${state}; wait for it to succeed and soak${live}`);
        default:
            return refuse(`its deployment ${id} in '${q.source}' ended '${state}'; only a successful, active deployment can be promoted${live}`);
    }
}
/** Reads the source environment (one list and usually one status) and decides; throws the refusal. */
async function checkPromotion(api, q, runUrl) {
    const view = await inspectEnvironment(api, q.source, { runUrl });
    let candidate;
    if (!(view.active && matches(q, view.active.deployment))) {
        const d = view.listed.find((x) => matches(q, x));
        if (d)
            candidate = view.observed.find((o) => o.deployment.id === d.id) ?? { deployment: d, status: await api.latestStatus(d.id) };
    }
    const decision = decidePromotion(q, view, candidate);
    if (!decision.ok)
        throw new errors/* UserError */.yo(decision.reason);
    return decision;
}
// ---------------------------------------------------------------------------------------------
// Step
/** Checks `promote-from` and pins the deploy to the sha live there. */
async function promote(s, source) {
    const decision = await checkPromotion(s.api, { source, target: s.settings.environment, sha: s.sha, ref: s.ref, soakMs: s.settings.soakTime, now: s.clock.now() }, s.job.runUrl);
    s.sha = decision.sha;
    s.ref = decision.sha;
    s.report.facts.sha = decision.sha;
    s.report.facts.promotedFrom = `${source} (deployment ${decision.deploymentId}, live for ${(0,shared_log/* formatDuration */.a3)(decision.liveForMs)})`;
    s.report.note('Promotion check', `${(0,src_job/* shortSha */.Fu)(decision.sha)} is live in '${source}' (deployment ${decision.deploymentId}) for ${(0,shared_log/* formatDuration */.a3)(decision.liveForMs)}`);
    s.ctx.log.info(`promotion: ${decision.sha} is live in '${source}' for ${(0,shared_log/* formatDuration */.a3)(decision.liveForMs)} (soak-time ${(0,shared_log/* formatDuration */.a3)(s.settings.soakTime)})`);
}

;// CONCATENATED MODULE: ./actions/deploy/src/script.ts


/**
 * What the script sees. INPUT_* of this step (the token among them) are removed: the script gets
 * DEPLOY_* instead, and with `cloud` the credentials' variables (AWS_…, GOOGLE_… and CLOUDSDK_…,
 * AZURE_…, VAULT_…), which override any inherited from earlier steps.
 *
 * ACTIONS_ID_TOKEN_REQUEST_URL/_TOKEN are left inherited, cloud or not: they are present only when
 * the job grants `id-token: write`, and then the workflow's own `run:` steps get them anyway, so
 * removing them here would protect nothing and would break scripts that request their own OIDC
 * token (e.g. a tool with its own workload identity federation).
 */
function scriptEnv(v, attempt, parent = process.env, cloud = {}) {
    const env = {};
    for (const name of Object.keys(parent))
        if (name.startsWith('INPUT_'))
            env[name] = undefined;
    return {
        ...env,
        ...cloud,
        DEPLOY_ENVIRONMENT: v.environment,
        DEPLOY_REF: v.ref,
        DEPLOY_SHA: v.sha,
        DEPLOY_ID: String(v.deploymentId),
        PREVIOUS_SHA: v.previousSha ?? '',
        DEPLOY_ENVIRONMENT_URL: v.environmentUrl ?? '',
        DEPLOY_LOG_URL: v.logUrl,
        DEPLOY_ATTEMPT: String(attempt),
        DEPLOY_ROLLBACK: v.rollback ? 'true' : 'false',
        DEPLOY_FAILED_SHA: v.rollback?.failedSha ?? '',
    };
}
/** Whether a failed attempt may run again: only a listed exit code, only while retries remain. */
function mayRetry(exitCode, attempt, retries, retryOn) {
    return typeof exitCode === 'number' && attempt <= retries && retryOn.includes(exitCode);
}
/** Between attempts: 1 s doubling to 30 s, equal jitter. */
function retryDelay(attempt, random = Math.random) {
    const cap = Math.min(30_000, 1000 * 2 ** Math.max(0, attempt - 1));
    return Math.round(cap / 2 + (Math.min(1, Math.max(0, random())) * cap) / 2);
}
async function runDeployScript(script, values, o) {
    // Loaded when a script runs: node:child_process stays off the start path (input validation).
    const run = o.run ?? (await __webpack_require__.e(/* import() */ 497).then(__webpack_require__.bind(__webpack_require__, 3497))).runScript;
    for (let attempt = 1;; attempt++) {
        o.signal?.throwIfAborted();
        let cloud = {};
        try {
            cloud = o.cloudEnv ? await o.cloudEnv() : {};
        }
        catch (error) {
            o.signal?.throwIfAborted();
            // Not run without the credentials it was promised; a failed attempt like any other (not retried).
            const why = `could not get cloud credentials for attempt ${attempt}: ${(0,errors/* messageOf */.bD)(error)}`;
            o.log(`script attempt ${attempt} not started: ${why}`);
            return { ok: false, attempts: attempt, error: why, exitCode: undefined };
        }
        try {
            await run(script, {
                cwd: o.cwd,
                env: scriptEnv(values, attempt, process.env, cloud),
                timeoutMs: o.timeoutMs,
                ...(o.signal ? { signal: o.signal } : {}),
                ...(o.redactor ? { redactor: o.redactor } : {}),
            });
            return { ok: true, attempts: attempt, error: undefined, exitCode: 0 };
        }
        catch (error) {
            o.signal?.throwIfAborted();
            const exec = error instanceof errors/* ExecError */.cI ? error : undefined;
            const why = exec ? describeExit(exec, o.timeoutMs) : (0,errors/* messageOf */.bD)(error);
            if (!mayRetry(exec?.exitCode, attempt, o.retries, o.retryOn)) {
                const note = exec && typeof exec.exitCode === 'number' && o.retries > 0 && attempt <= o.retries ? ` (not retried: exit code ${exec.exitCode} is not in retry-on-exit-codes)` : '';
                o.log(`script attempt ${attempt} failed: ${why}${note}`);
                return { ok: false, attempts: attempt, error: why, exitCode: exec?.exitCode };
            }
            const delay = retryDelay(attempt, o.random);
            o.log(`script attempt ${attempt}/${o.retries + 1} failed: ${why}; retrying in ${(0,shared_log/* formatDuration */.a3)(delay)}`);
            o.onRetry?.();
            await o.clock.sleep(delay, o.signal);
        }
    }
}
function describeExit(e, timeoutMs) {
    if (e.timedOut)
        return `timed out after ${(0,shared_log/* formatDuration */.a3)(timeoutMs)} (timeout)`;
    if (e.signal)
        return `killed by ${e.signal}`;
    return `exited with code ${e.exitCode}`;
}
// ---------------------------------------------------------------------------------------------
// Step
/** Runs `run` for the deployment — or, for a rollback, `rollback-run` (else `run`) for the sha rolled back to. */
async function runFor(s, rollback) {
    const { settings } = s;
    const deployment = s.deployment;
    if (!deployment)
        throw new Error('runFor: no deployment record yet');
    const sha = rollback ? rollback.to.deployment.sha : deployment.sha;
    const values = {
        environment: settings.environment,
        ref: rollback ? sha : s.ref,
        sha,
        deploymentId: deployment.id,
        previousSha: s.previous?.deployment.sha,
        environmentUrl: settings.environmentUrl?.href,
        logUrl: s.job.runUrl,
        rollback: rollback ? { failedSha: rollback.failedSha } : undefined,
    };
    return runDeployScript(rollback ? (settings.rollbackRun ?? settings.run) : settings.run, values, {
        retries: settings.retries,
        retryOn: (settings.retryOnExitCodes ?? []).map(Number),
        timeoutMs: settings.timeout,
        cwd: s.job.workspace,
        clock: s.clock,
        random: s.random,
        signal: s.ctx.signal,
        redactor: s.ctx.redactor,
        log: (line) => s.ctx.log.info(line),
        onRetry: () => {
            s.ctx.stats.retries += 1;
        },
        cloudEnv: () => s.cloud.env(),
    });
}

;// CONCATENATED MODULE: ./actions/deploy/src/rollback.ts





/** Pure: whether and where to roll back. */
function planRollback(autoRollback, previous) {
    if (!autoRollback)
        return { kind: 'off' };
    if (!previous)
        return { kind: 'nothing' };
    return { kind: 'roll-back', to: previous.sha, deploymentId: previous.id };
}
/** `label` is short (for the deployment's description), `failure` says why in full (for the log, summary and error). */
async function recover(s, label, failure) {
    const env = s.settings.environment;
    const failedSha = s.sha ?? '';
    const previous = s.previous;
    s.report.tell(`${(0,src_job/* shortSha */.Fu)(failedSha)} failed in '${env}': ${failure}.`);
    const plan = planRollback(s.settings.autoRollback, previous && { sha: previous.deployment.sha, id: previous.deployment.id });
    if (plan.kind !== 'roll-back' || !previous) {
        const why = plan.kind === 'off' ? 'auto-rollback is off' : `'${env}' has no earlier successful deployment to roll back to`;
        s.report.skip('Rollback', why);
        s.report.tell(`No rollback: ${why}.`);
        await s.report.phase('Final status', () => closeRecord(s, 'failure', `${label}; not rolled back (${why})`));
        return failed(s, 'failure', `${failure}. Not rolled back: ${why}.`);
    }
    const to = plan.to;
    s.ctx.log.info(`rolling back '${env}' to ${to} (deployment ${plan.deploymentId})`);
    await updateRecord(s, `${label}; rolling back to ${(0,src_job/* shortSha */.Fu)(to)}`);
    const script = await s.report.phase('Rollback', () => runFor(s, { to: previous, failedSha }), (r) => r.ok);
    s.report.note('Rollback', script.ok ? `${(0,src_job/* shortSha */.Fu)(to)} redeployed (${script.attempts} attempt${script.attempts === 1 ? '' : 's'})` : (script.error ?? 'failed'));
    let healthy = script.ok;
    if (script.ok && s.health)
        healthy = (await gate(s, 'Rollback health gate', retarget(s.health, failedSha, to))).passed;
    if (healthy) {
        s.report.tell(`Rolled back to ${(0,src_job/* shortSha */.Fu)(to)} (deployment ${plan.deploymentId}), which ${s.health ? 'passed its health gate' : 'redeployed cleanly'}; it remains the live deployment of '${env}'.`);
        await s.report.phase('Final status', () => closeRecord(s, 'failure', `${label}; rolled back to ${(0,src_job/* shortSha */.Fu)(to)}`));
        return failed(s, 'rolled-back', `${failure}. Rolled back to ${to} (deployment ${plan.deploymentId}), which is live again.`);
    }
    const why = script.ok ? 'it did not pass the health gate' : `the rollback script failed (${script.error ?? 'unknown'})`;
    s.report.tell(`The rollback to ${(0,src_job/* shortSha */.Fu)(to)} failed too: ${why}. '${env}' needs attention.`);
    await s.report.phase('Final status', () => closeRecord(s, 'error', `${label}; rollback to ${(0,src_job/* shortSha */.Fu)(to)} failed too`));
    return failed(s, 'failure', `${failure}. The rollback to ${to} failed too: ${why}; '${env}' needs attention.`);
}

// EXTERNAL MODULE: ./shared/clock.ts
var shared_clock = __webpack_require__(7128);
// EXTERNAL MODULE: ./shared/state.ts
var state = __webpack_require__(3659);
// EXTERNAL MODULE: ./actions/deploy/src/cloud.ts
var cloud = __webpack_require__(5188);
;// CONCATENATED MODULE: ./actions/deploy/src/deployments.ts

/** Where the marker lives in the deployment payload. */
const PAYLOAD_KEY = 'actions-suite/deploy';
/** GitHub refuses status descriptions over 140 characters. */
const DESCRIPTION_LIMIT = 140;
const PAGE = 100;
async function connectDeployments(opts) {
    const [{ createGitHub }, { withRetry }] = await Promise.all([Promise.all(/* import() */[__webpack_require__.e(618), __webpack_require__.e(510), __webpack_require__.e(319)]).then(__webpack_require__.bind(__webpack_require__, 4319)), Promise.all(/* import() */[__webpack_require__.e(510), __webpack_require__.e(995)]).then(__webpack_require__.bind(__webpack_require__, 7510))]);
    const retry = { ...(opts.signal ? { signal: opts.signal } : {}), ...(opts.log ? { log: opts.log } : {}) };
    const octokit = createGitHub({ token: opts.token, stats: opts.stats, retry });
    // A 200 whose body is not what GitHub documents (an HTML error page, truncated JSON) is read again.
    const read = (label, fn) => withRetry(label, async () => {
        const value = await fn();
        if (value === MALFORMED)
            throw new errors/* TransientError */.N_('GitHub answered 200 with a body that is not the documented list');
        return value;
    }, { ...retry, stats: opts.stats, policy: { retries: 2 } });
    return deploymentsApi(octokit, opts.owner, opts.repo, opts.redactor, read);
}
/** A read's answer was not the documented shape. */
const MALFORMED = Symbol('malformed');
/** Without retries (tests): a malformed answer fails. */
const readOnce = async (label, fn) => {
    const value = await fn();
    if (value === MALFORMED)
        throw new Error(`${label}: GitHub answered 200 with a body that is not the documented list`);
    return value;
};
function deploymentsApi(octokit, owner, repo, redactor, read = readOnce) {
    const where = { owner, repo };
    const text = (s) => clip(redactor.scrub(s), DESCRIPTION_LIMIT);
    const list = (environment) => read(`GET /repos/${owner}/${repo}/deployments`, async () => {
        const { data } = await octokit.request('GET /repos/{owner}/{repo}/deployments', { ...where, environment, per_page: PAGE });
        return Array.isArray(data) ? data.map(toDeployment) : MALFORMED;
    });
    const latestStatus = (id) => read(`GET /repos/${owner}/${repo}/deployments/${id}/statuses`, async () => {
        const { data } = await octokit.request('GET /repos/{owner}/{repo}/deployments/{deployment_id}/statuses', { ...where, deployment_id: id, per_page: 1 });
        if (!Array.isArray(data))
            return MALFORMED;
        const s = data[0];
        return s === undefined ? undefined : toStatus(s);
    });
    return {
        list,
        latestStatus,
        async create(d, known) {
            const reconcile = async () => {
                const found = (await list(d.environment)).find((x) => x.marker === d.marker && !known.has(x.id));
                return found ? { data: { ...found, reconciled: true }, status: 201 } : undefined;
            };
            const response = await octokit.request('POST /repos/{owner}/{repo}/deployments', {
                ...where,
                ref: d.ref,
                environment: d.environment,
                task: 'deploy',
                // Deploy exactly this ref: never merge the default branch into it, and leave gating on
                // checks to the workflow (`needs:`), not to every commit status of the sha.
                auto_merge: false,
                required_contexts: [],
                transient_environment: false,
                ...(d.production ? { production_environment: true } : {}),
                description: text(d.description),
                payload: { [PAYLOAD_KEY]: { marker: d.marker, run_id: d.runId, run_attempt: d.runAttempt } },
                request: { reconcile },
            });
            const data = response.data;
            if (isObject(data) && data['reconciled'] === true)
                return data;
            if (!isObject(data) || typeof data['id'] !== 'number') {
                const message = isObject(data) && typeof data['message'] === 'string' ? data['message'] : `status ${response.status}`;
                throw new Error(`Failed to create a deployment of ${JSON.stringify(d.ref)}: GitHub did not create one (${message})`);
            }
            return toDeployment(data);
        },
        async setStatus(id, s) {
            const description = text(s.description);
            const reconcile = async () => {
                const latest = await latestStatus(id);
                return latest && latest.state === s.state && latest.description === description ? { data: latest, status: 201 } : undefined;
            };
            await octokit.request('POST /repos/{owner}/{repo}/deployments/{deployment_id}/statuses', {
                ...where,
                deployment_id: id,
                state: s.state,
                description,
                log_url: s.logUrl,
                ...(s.environmentUrl ? { environment_url: s.environmentUrl } : {}),
                request: { reconcile },
            });
        },
    };
}
function toDeployment(d) {
    return { id: Number(d.id), sha: d.sha, ref: d.ref, environment: d.environment ?? '', createdAt: d.created_at, marker: markerOf(d.payload) };
}
function toStatus(s) {
    return {
        state: s.state,
        createdAt: s.created_at,
        description: s.description ?? '',
        logUrl: s.log_url || s.target_url || '',
        environmentUrl: s.environment_url ?? '',
    };
}
/** The marker in a payload (an object, or JSON text as GitHub sometimes returns it), if any. */
function markerOf(payload) {
    let value = payload;
    if (typeof value === 'string') {
        try {
            value = JSON.parse(value);
        }
        catch {
            return undefined;
        }
    }
    const ours = isObject(value) ? value[PAYLOAD_KEY] : undefined;
    const marker = isObject(ours) ? ours['marker'] : undefined;
    return typeof marker === 'string' ? marker : undefined;
}
function clip(s, max) {
    return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}
function isObject(value) {
    return typeof value === 'object' && value !== null;
}

// EXTERNAL MODULE: ./shared/summary.ts + 1 modules
var summary = __webpack_require__(9771);
;// CONCATENATED MODULE: ./actions/deploy/src/summary.ts



/** Shown rows of a gate's checks (the first and the latest ones when there are more). */
const MAX_CHECK_ROWS = 20;
class Report {
    phases = [];
    gates = [];
    story = [];
    facts;
    #log;
    #now;
    constructor(log, environment, now = Date.now) {
        this.#log = log;
        this.#now = now;
        this.facts = { environment };
    }
    /** Runs a phase inside a log group and records its outcome and duration. */
    async phase(name, fn, judge) {
        const started = this.#now();
        const phase = { name, outcome: 'failed', durationMs: 0, note: undefined };
        this.phases.push(phase);
        try {
            const value = await this.#log.group(name, fn);
            phase.outcome = judge && !judge(value) ? 'failed' : 'done';
            return value;
        }
        finally {
            phase.durationMs = this.#now() - started;
        }
    }
    skip(name, note) {
        this.phases.push({ name, outcome: 'skipped', durationMs: 0, note });
    }
    /** Adds a note to the latest phase of that name. */
    note(name, note) {
        const phase = this.phases.findLast((p) => p.name === name);
        if (phase)
            phase.note = note;
    }
    tell(line) {
        this.story.push(line);
    }
    gate(label, spec, result) {
        this.gates.push({ label, spec, result });
    }
    markdown() {
        const f = this.facts;
        const out = [`### deploy → ${esc(f.environment)}: ${esc(f.status ?? 'failure')}`, ''];
        const rows = [
            ['environment', esc(f.environment)],
            ['sha', code(f.sha)],
            ['ref', f.ref !== undefined && f.ref !== f.sha ? esc(f.ref) : undefined],
            ['previous sha', code(f.previousSha) ?? 'none'],
            ['promoted from', f.promotedFrom === undefined ? undefined : esc(f.promotedFrom)],
            ['deployment', f.deploymentId === undefined ? undefined : String(f.deploymentId)],
            ['environment url', f.environmentUrl === undefined ? undefined : esc(f.environmentUrl)],
            ['script attempts', f.attempts === undefined ? undefined : String(f.attempts)],
            ['duration', f.durationMs === undefined ? undefined : (0,shared_log/* formatDuration */.a3)(f.durationMs)],
        ];
        out.push('| | |', '|---|---|', ...rows.filter(([, v]) => v !== undefined).map(([k, v]) => `| ${k} | ${v} |`), '');
        if (this.story.length > 0)
            out.push('**What happened**', '', ...this.story.map((s) => `- ${esc(s)}`), '');
        out.push('| phase | result | duration | note |', '|---|---|---|---|');
        for (const p of this.phases) {
            out.push(`| ${esc(p.name)} | ${p.outcome} | ${p.outcome === 'skipped' ? '–' : (0,shared_log/* formatDuration */.a3)(p.durationMs)} | ${esc(p.note ?? '')} |`);
        }
        out.push('');
        for (const g of this.gates) {
            const r = g.result;
            const verdict = r.passed ? 'passed' : 'failed';
            out.push(`**${esc(g.label)}** — ${esc(printableUrl(g.spec.url))}: ${verdict} after ${r.checks.length} check${r.checks.length === 1 ? '' : 's'} in ${(0,shared_log/* formatDuration */.a3)(r.elapsedMs)} ` +
                `(${g.spec.passes} consecutive passes needed, interval ${(0,shared_log/* formatDuration */.a3)(g.spec.intervalMs)}, timeout ${(0,shared_log/* formatDuration */.a3)(g.spec.timeoutMs)})`, '', '| # | at | HTTP | result |', '|---|---|---|---|');
            const checks = r.checks.length <= MAX_CHECK_ROWS ? r.checks : [...r.checks.slice(0, 5), undefined, ...r.checks.slice(-(MAX_CHECK_ROWS - 6))];
            for (const c of checks) {
                if (c === undefined)
                    out.push(`| … | | | ${r.checks.length - MAX_CHECK_ROWS + 1} more |`);
                else
                    out.push(`| ${c.n} | ${(0,shared_log/* formatDuration */.a3)(c.atMs)} | ${c.status ?? '–'} | ${c.ok ? 'ok' : esc(c.detail)} |`);
            }
            out.push('');
        }
        return out.join('\n');
    }
    async write(redactor) {
        await (0,summary/* appendSummary */.f)(redactor, this.markdown());
    }
}
/** Markdown-safe text on one line: untrusted values (refs, URLs, response text) stay text. */
function esc(value) {
    return String(value ?? '')
        .replace(/\r?\n|\r/g, ' ')
        .replace(/[\\`*_[\]<>|~&]/g, (c) => `\\${c}`);
}
function code(sha) {
    return sha === undefined ? undefined : /^[0-9a-f]{7,40}$/i.test(sha) ? `\`${sha}\`` : esc(sha);
}

// EXTERNAL MODULE: ./shared/http.ts
var http = __webpack_require__(9096);
;// CONCATENATED MODULE: ./actions/deploy/src/session.ts







async function openSession(ctx, settings, job, deps = {}) {
    const clock = deps.clock ?? shared_clock/* realClock */.d;
    // Before anything can print it: a health-url with credentials registers them as secrets.
    const health = settings.healthUrl ? healthSpec({ ...settings, healthUrl: settings.healthUrl }, ctx.redactor) : undefined;
    const api = deps.api ??
        (await connectDeployments({
            token: settings.githubToken,
            owner: job.owner,
            repo: job.repo,
            stats: ctx.stats,
            redactor: ctx.redactor,
            signal: ctx.signal,
            log: (line) => ctx.log.info(line),
        }));
    const report = new Report(ctx.log, settings.environment, () => clock.now());
    report.facts.ref = settings.ref;
    report.facts.sha = job.sha;
    return {
        ctx,
        settings,
        job,
        api,
        clock,
        random: deps.random ?? Math.random,
        fetch: deps.fetch ?? http/* httpFetch */.t,
        report,
        state: deps.state ?? (0,state/* createState */.u)(ctx.redactor),
        cloud: deps.cloud ?? cloud/* NO_CLOUD */.q,
        startedAt: clock.now(),
        health,
        ref: settings.ref,
        sha: job.sha,
        deployment: undefined,
        previous: undefined,
        attempts: 0,
    };
}

;// CONCATENATED MODULE: ./actions/deploy/src/steps.ts
/**
 * The named steps main.ts orchestrates, gathered so main can load them in one dynamic import once
 * the inputs are valid: the bundle's start path (input validation) stays small.
 */











/***/ }),

/***/ 7128:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   d: () => (/* binding */ realClock)
/* harmony export */ });
/**
 * Time as a seam: everything that waits (retry backoff, write spacing) takes a Clock, so unit tests
 * inject a fake one and never really sleep.
 */
const realClock = Object.freeze({
    now: () => Date.now(),
    sleep: (ms, signal) => new Promise((resolve, reject) => {
        if (signal?.aborted) {
            reject(signal.reason);
            return;
        }
        const onAbort = () => {
            clearTimeout(timer);
            reject(signal?.reason);
        };
        const timer = setTimeout(() => {
            signal?.removeEventListener('abort', onAbort);
            resolve();
        }, Math.max(0, ms));
        signal?.addEventListener('abort', onAbort, { once: true });
    }),
});


/***/ }),

/***/ 9096:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   t: () => (/* binding */ httpFetch)
/* harmony export */ });
const MAX_REDIRECTS = 5;
const DEFAULT_MAX_BODY = 50 * 1024 * 1024;
const httpFetch = async (input, init = {}) => {
    let url = new URL(String(input));
    let method = (init.method ?? 'GET').toUpperCase();
    let body = init.body ?? undefined;
    let headers = { ...init.headers };
    for (let hop = 0;; hop++) {
        const response = await once(url, method, headers, body, init);
        const location = response.headers.get('location');
        if (!isRedirect(response.status) || !location || init.redirect === 'manual')
            return hop === 0 ? response : { ...response, redirected: true };
        if (init.redirect === 'error')
            throw new TypeError('fetch failed', { cause: new Error(`unexpected redirect to ${new URL(location, url).origin}`) });
        if (hop >= MAX_REDIRECTS)
            throw new TypeError('fetch failed', { cause: new Error('too many redirects') });
        const next = new URL(location, url);
        // Credentials never follow a redirect to another origin (fetch drops Authorization likewise).
        if (next.origin !== url.origin)
            headers = withoutAuthorization(headers);
        if (response.status === 303 || ((response.status === 301 || response.status === 302) && method === 'POST')) {
            method = 'GET';
            body = undefined;
        }
        url = next;
    }
};
function once(url, method, headers, body, init) {
    const signal = init.signal ?? undefined;
    if (signal?.aborted)
        return Promise.reject(signal.reason);
    if (url.protocol !== 'http:' && url.protocol !== 'https:')
        return Promise.reject(new TypeError('fetch failed', { cause: new Error(`unsupported scheme ${url.protocol}`) }));
    // Loaded on first use: https (and TLS) only for https URLs.
    const client = process.getBuiltinModule(url.protocol === 'https:' ? 'node:https' : 'node:http');
    const limit = init.maxBodyBytes ?? DEFAULT_MAX_BODY;
    return new Promise((resolve, reject) => {
        const outgoing = { ...headers };
        if (body !== undefined && !Object.keys(outgoing).some((k) => k.toLowerCase() === 'content-length'))
            outgoing['content-length'] = String(Buffer.byteLength(body));
        const req = client.request(url, { method, headers: outgoing });
        const onAbort = () => {
            req.destroy();
            reject(signal?.reason);
        };
        signal?.addEventListener('abort', onAbort, { once: true });
        const settle = () => signal?.removeEventListener('abort', onAbort);
        req.on('error', (error) => {
            settle();
            reject(new TypeError('fetch failed', { cause: error }));
        });
        req.on('response', (res) => {
            const chunks = [];
            let size = 0;
            let truncated = false;
            res.on('data', (chunk) => {
                if (truncated)
                    return;
                const room = limit - size;
                chunks.push(chunk.length > room ? chunk.subarray(0, room) : chunk);
                size += Math.min(chunk.length, room);
                if (size >= limit) {
                    truncated = true;
                    res.destroy();
                }
            });
            res.on('error', (error) => {
                if (truncated)
                    return;
                settle();
                reject(new TypeError('fetch failed', { cause: error }));
            });
            const finish = () => {
                settle();
                resolve(toResponse(url, res, Buffer.concat(chunks)));
            };
            res.on('end', finish);
            res.on('close', () => {
                if (truncated)
                    finish();
                else if (!res.complete) {
                    settle();
                    reject(new TypeError('fetch failed', { cause: Object.assign(new Error('terminated: the connection closed before the response was complete'), { code: 'ECONNRESET' }) }));
                }
            });
        });
        req.end(body);
    });
}
function toResponse(url, res, bytes) {
    const pairs = [];
    for (const [name, value] of Object.entries(res.headers)) {
        if (value !== undefined)
            pairs.push([name, Array.isArray(value) ? value.join(', ') : value]);
    }
    const lookup = new Map(pairs);
    const status = res.statusCode ?? 0;
    const text = () => Promise.resolve(bytes.toString('utf8'));
    return {
        status,
        statusText: res.statusMessage ?? '',
        ok: status >= 200 && status < 300,
        url: url.href,
        redirected: false,
        headers: { get: (name) => lookup.get(name.toLowerCase()) ?? null, [Symbol.iterator]: () => pairs[Symbol.iterator]() },
        text,
        json: async () => JSON.parse(await text()),
        arrayBuffer: () => Promise.resolve(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)),
    };
}
const isRedirect = (status) => [301, 302, 303, 307, 308].includes(status);
function withoutAuthorization(headers) {
    return Object.fromEntries(Object.entries(headers).filter(([k]) => !['authorization', 'cookie', 'proxy-authorization'].includes(k.toLowerCase())));
}


/***/ })

};
