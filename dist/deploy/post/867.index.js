export const id = 867;
export const ids = [867];
export const modules = {

/***/ 2867:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  DEFAULT_TIMEOUT_MS: () => (/* binding */ DEFAULT_TIMEOUT_MS),
  GitHubApiError: () => (/* binding */ GitHubApiError),
  WRITE_SPACING_MS: () => (/* binding */ WRITE_SPACING_MS),
  createGitHub: () => (/* binding */ createGitHub)
});

// EXTERNAL MODULE: external "node:async_hooks"
var external_node_async_hooks_ = __webpack_require__(6698);
// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 5 modules
var core = __webpack_require__(8524);
// EXTERNAL MODULE: ./node_modules/@octokit/core/dist-src/index.js + 13 modules
var dist_src = __webpack_require__(5194);
// EXTERNAL MODULE: ./shared/clock.ts
var shared_clock = __webpack_require__(7128);
// EXTERNAL MODULE: ./shared/retry.ts + 3 modules
var shared_retry = __webpack_require__(7510);
// EXTERNAL MODULE: ./shared/version.ts + 1 modules
var version = __webpack_require__(8994);
;// CONCATENATED MODULE: ./shared/http.ts
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

// EXTERNAL MODULE: ./shared/log.ts
var shared_log = __webpack_require__(1620);
;// CONCATENATED MODULE: ./shared/github.ts








const DEFAULT_TIMEOUT_MS = 30_000;
/** Minimum time between the starts of two write requests. */
const WRITE_SPACING_MS = 1_000;
/**
 * An API call that failed for good. `status` is the HTTP status (undefined when no response came);
 * `data` is GitHub's parsed error body (e.g. `{ message, errors: [{ code: 'already_exists' }] }`).
 */
class GitHubApiError extends shared_retry.RetryError {
    name = 'GitHubApiError';
    method;
    path;
    data;
    constructor(inner, method, path) {
        const data = prop(prop(inner.cause, 'response'), 'data');
        super(inner.message + hintFor(inner), {
            label: inner.label,
            attempts: inner.attempts,
            verdict: {
                retry: inner.retryable,
                reason: inner.reason,
                ...(inner.status !== undefined ? { status: inner.status } : {}),
                ...(inner.requestId !== undefined ? { requestId: inner.requestId } : {}),
            },
            ...(inner.resetAt ? { resetAt: inner.resetAt } : {}),
        }, inner.cause);
        this.method = method;
        this.path = path;
        this.data = data;
    }
}
function createGitHub(opts) {
    if (typeof opts.token !== 'string' || opts.token.trim() === '') {
        throw new TypeError('createGitHub: token is empty (inputs.ts should have rejected it)');
    }
    const baseUrl = normaliseBaseUrl(opts.baseUrl ?? process.env['GITHUB_API_URL'] ?? 'https://api.github.com');
    const basePath = new URL(baseUrl).pathname.replace(/\/$/, '');
    const { stats } = opts;
    const retry = opts.retry ?? {};
    const clock = retry.clock ?? shared_clock/* realClock */.d;
    const log = retry.log ?? ((line) => core.info((0,shared_log/* inert */.tJ)(line)));
    const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    if (!Number.isFinite(timeoutMs) || timeoutMs <= 0)
        throw new TypeError(`createGitHub: timeoutMs must be > 0, got ${timeoutMs}`);
    const judge = retry.shouldRetry ?? ((error, ctx) => (0,shared_retry.classify)(error, { now: ctx.now }));
    const writes = new WriteGate(clock, WRITE_SPACING_MS);
    // node:http(s) by default: the global fetch would cost ~25 MiB of memory (see http.ts).
    const transport = opts.fetch ?? httpFetch;
    const send = async (input, init) => {
        if (stats)
            stats.apiCalls += 1;
        const response = await transport(input, init);
        const remaining = response.headers.get('x-ratelimit-remaining');
        if (stats && remaining !== null && /^\s*\d+\s*$/.test(remaining))
            stats.noteRateLimit(Number(remaining));
        return response;
    };
    const octokit = new dist_src/* Octokit */.E({
        auth: opts.token,
        baseUrl,
        userAgent: opts.userAgent ? `${version/* SUITE_NAME */.t}/${version/* SUITE_VERSION */.s} ${opts.userAgent}` : `${version/* SUITE_NAME */.t}/${version/* SUITE_VERSION */.s}`,
        request: { fetch: send },
        // withRetry logs each failed attempt itself; core's own warnings (deprecations) keep no query string.
        log: {
            debug: () => undefined,
            info: () => undefined,
            warn: (message) => log(stripQueries(message)),
            error: () => undefined,
        },
    });
    octokit.hook.wrap('request', async (request, options) => {
        const method = String(options.method ?? 'GET').toUpperCase();
        const path = pathOf(octokit.request.endpoint.parse(options).url, basePath);
        const label = `${method} ${path}`;
        const { reconcile, signal: callSignal, ...requestOptions } = (options.request ?? {});
        if (reconcile !== undefined && typeof reconcile !== 'function') {
            throw new TypeError(`${label}: request.reconcile must be a function`);
        }
        const mutation = isMutation(method, path, options);
        const isWrite = mutation || (method !== 'POST' && WRITE_METHODS.has(method));
        const signals = [retry.signal, callSignal].filter((s) => s instanceof AbortSignal);
        const signal = signals.length === 0 ? undefined : signals.length === 1 ? signals[0] : AbortSignal.any(signals);
        const state = { reconcilePending: false, lastError: undefined };
        const attemptOnce = async (attempt) => {
            if (state.reconcilePending && typeof reconcile === 'function') {
                const found = await reconcile({ method, path, attempt, error: state.lastError });
                state.reconcilePending = false;
                if (found !== undefined && found !== null) {
                    if (!isObject(found) || !('data' in found)) {
                        throw new TypeError(`${label}: request.reconcile must resolve to { data, status? } or undefined`);
                    }
                    log(`${label}: reconcile found that attempt ${attempt - 1} landed; not re-sending`);
                    const status = typeof found['status'] === 'number' ? found['status'] : 200;
                    return { status, url: `${baseUrl}${path}`, headers: { 'x-suite-reconciled': 'true' }, data: found['data'] };
                }
                log(`${label}: reconcile found no trace of attempt ${attempt - 1}; re-sending`);
            }
            if (isWrite)
                await writes.space(signal);
            const timeout = AbortSignal.timeout(timeoutMs);
            const attemptSignal = signal ? AbortSignal.any([signal, timeout]) : timeout;
            // before-after-hook binds every inner hook to this same options object (arguments passed to
            // `request` are ignored), so the per-attempt signal is set on it, as plugin-retry does.
            options.request = { ...requestOptions, signal: attemptSignal };
            try {
                return await request(options);
            }
            catch (error) {
                sanitise(error);
                state.lastError = error;
                throw error;
            }
        };
        const shouldRetry = (error, ctx) => {
            const verdict = judge(error, ctx);
            if (!verdict.retry || !mutation || verdict.notProcessed)
                return verdict;
            if (typeof reconcile !== 'function') {
                return {
                    ...verdict,
                    retry: false,
                    reason: `${verdict.reason}; not re-sent: the ${method} may have been processed and no request.reconcile was given`,
                };
            }
            state.reconcilePending = true;
            return verdict;
        };
        const run = () => (0,shared_retry.withRetry)(label, attemptOnce, {
            ...retry,
            clock,
            log,
            shouldRetry,
            ...(signal ? { signal } : {}),
            ...(stats ? { stats } : {}),
        });
        try {
            return await (isWrite ? writes.run(run) : run());
        }
        catch (error) {
            throw error instanceof shared_retry.RetryError && !(error instanceof GitHubApiError) ? new GitHubApiError(error, method, path) : error;
        }
    });
    return octokit;
}
// ---------------------------------------------------------------------------------------------
const WRITE_METHODS = new Set(['POST', 'PATCH', 'PUT', 'DELETE']);
const SAFE_RESPONSE_HEADERS = new Set([
    'content-type',
    'retry-after',
    'x-accepted-github-permissions',
    'x-github-request-id',
    'x-ratelimit-limit',
    'x-ratelimit-remaining',
    'x-ratelimit-reset',
    'x-ratelimit-resource',
    'x-ratelimit-used',
]);
/**
 * Writes one at a time, each send ≥ spacingMs after the previous one, on the injectable clock.
 *
 * Why not @octokit/plugin-throttling: measured with ncc 0.45 here, `@octokit/rest` bundled to
 * 179,910 bytes (123,834 minified); adding plugin-throttling (Bottleneck) makes it 233,759 (154,299
 * minified): +53,849 bytes, +30 %, for a scheduler we would have to half-disable (its onRateLimit /
 * onSecondaryRateLimit must return false so retries stay in withRetry), whose timers cannot run on a
 * fake clock, and whose retry delays do not hold back other queued writes (#629). The queue below is
 * ~30 lines and holds the write slot across a write's retries.
 */
class WriteGate {
    #clock;
    #spacingMs;
    #inside = new external_node_async_hooks_.AsyncLocalStorage();
    #tail = Promise.resolve();
    #lastSendAt = Number.NEGATIVE_INFINITY;
    constructor(clock, spacingMs) {
        this.#clock = clock;
        this.#spacingMs = spacingMs;
    }
    /** Runs `fn` once every earlier write has settled. Re-entrant: a write made inside `fn` runs at once. */
    run(fn) {
        if (this.#inside.getStore() === true)
            return fn();
        const result = this.#tail.then(() => this.#inside.run(true, fn));
        this.#tail = result.catch(() => undefined);
        return result;
    }
    /** Waits until `spacingMs` after the previous send, then marks this send. */
    async space(signal) {
        const wait = this.#lastSendAt + this.#spacingMs - this.#clock.now();
        if (wait > 0)
            await this.#clock.sleep(wait, signal);
        this.#lastSendAt = this.#clock.now();
    }
}
function normaliseBaseUrl(raw) {
    let url;
    try {
        url = new URL(raw);
    }
    catch {
        throw new TypeError(`createGitHub: baseUrl is not a URL: ${JSON.stringify(stripQueries(raw))}`);
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
        throw new TypeError(`createGitHub: baseUrl must be http(s), got ${url.protocol}`);
    }
    if (url.username || url.password || url.search || url.hash) {
        throw new TypeError('createGitHub: baseUrl must not carry credentials, a query or a fragment');
    }
    return url.href.replace(/\/+$/, '');
}
/** The URL's path relative to the API base (GHES `/api/v3` dropped), without query or fragment. */
function pathOf(url, basePath) {
    let pathname;
    try {
        pathname = new URL(url).pathname;
    }
    catch {
        pathname = url.replace(/[?#].*$/s, '');
    }
    return basePath !== '' && pathname.startsWith(`${basePath}/`) ? pathname.slice(basePath.length) : pathname;
}
/** POSTs are non-idempotent, except GraphQL queries (POST /graphql whose document is not a mutation). */
function isMutation(method, path, options) {
    if (method !== 'POST')
        return false;
    if (!path.endsWith('/graphql'))
        return true;
    const query = options['query'];
    return typeof query !== 'string' || /^\s*(#[^\n]*\n\s*)*mutation\b/.test(query);
}
/** Strips an octokit RequestError in place of the request body, request headers and query strings. */
function sanitise(error) {
    if (!isObject(error))
        return;
    const request = error['request'];
    if (isObject(request)) {
        error['request'] = {
            method: request['method'],
            url: typeof request['url'] === 'string' ? stripQueries(request['url']) : undefined,
            headers: {},
        };
    }
    const response = error['response'];
    if (isObject(response)) {
        const headers = isObject(response['headers']) ? response['headers'] : {};
        error['response'] = {
            status: response['status'],
            url: typeof response['url'] === 'string' ? stripQueries(response['url']) : '',
            headers: Object.fromEntries(Object.entries(headers).filter(([name]) => SAFE_RESPONSE_HEADERS.has(name.toLowerCase()))),
            data: response['data'],
        };
    }
}
function hintFor(error) {
    if (error.retryable)
        return '';
    const permissions = headerValue(prop(error.cause, 'response'), 'x-accepted-github-permissions');
    switch (error.status) {
        case 401:
            return ' — the token is missing, expired or revoked';
        case 403:
            return permissions
                ? ` — the token lacks a permission; this endpoint accepts ${permissions} (grant it under the job's \`permissions:\`)`
                : " — the token lacks a permission or the resource is protected; check the job's `permissions:`";
        case 404:
            return ' — it does not exist, or the token cannot see it';
        default:
            return '';
    }
}
function headerValue(response, name) {
    const value = prop(prop(response, 'headers'), name);
    return typeof value === 'string' && value !== '' ? value : undefined;
}
function stripQueries(text) {
    return text.replace(/(\bhttps?:\/\/[^\s?#"'<>]*)[?#][^\s"'<>]*/gi, '$1');
}
function isObject(value) {
    return (typeof value === 'object' || typeof value === 'function') && value !== null;
}
function prop(value, key) {
    return isObject(value) ? value[key] : undefined;
}


/***/ })

};
