export const id = 95;
export const ids = [95];
export const modules = {

/***/ 43347:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   O: () => (/* binding */ IdTokenExpiredError)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(32635);

/**
 * The cloud said the OIDC token has expired. Retrying with the same token is pointless, so the
 * exchange does not; the CredentialSource requests a fresh token and exchanges once more. If that
 * fails too, the message stands (usually the runner's clock or a very slow exchange).
 */
class IdTokenExpiredError extends _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo {
    name = 'IdTokenExpiredError';
}


/***/ }),

/***/ 61728:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Dm: () => (/* binding */ isTransientStatus),
/* harmony export */   MP: () => (/* binding */ describeBody),
/* harmony export */   R$: () => (/* binding */ retrying),
/* harmony export */   TM: () => (/* binding */ firstLine),
/* harmony export */   aj: () => (/* binding */ httpRequest),
/* harmony export */   gx: () => (/* binding */ str),
/* harmony export */   qF: () => (/* binding */ parseJson),
/* harmony export */   sT: () => (/* binding */ retryAfterOf),
/* harmony export */   u4: () => (/* binding */ isRecord),
/* harmony export */   vf: () => (/* binding */ CloudServiceError)
/* harmony export */ });
/* unused harmony exports DEFAULT_TIMEOUT_MS, cloudVerdict */
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(28524);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(32635);
/* harmony import */ var _http_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(9096);
/* harmony import */ var _retry_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(57510);
/* harmony import */ var _log_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(61620);





/**
 * HTTP plumbing for the cloud calls (the OIDC token request, the four exchanges, the Vault and
 * Secrets Manager clients): one fetch with a per-attempt timeout, errors that carry a status and a
 * cloud error code but never a body or a header value, and the retry classification they share.
 */
const DEFAULT_TIMEOUT_MS = 30_000;
/**
 * A cloud answered with an error. The message is built by the caller from the cloud's own error
 * text (never a token, which the redactor scrubs anyway); `retryable` says what the classifier does.
 */
class CloudServiceError extends Error {
    name = 'CloudServiceError';
    status;
    /** The cloud's error code (`AccessDenied`, `invalid_grant`, `AADSTS70021`…), when it gave one. */
    code;
    requestId;
    retryable;
    retryAfterMs;
    constructor(message, details, cause) {
        super(message, cause === undefined ? undefined : { cause });
        this.status = details.status;
        this.code = details.code;
        this.requestId = details.requestId;
        this.retryable = details.retryable;
        this.retryAfterMs = details.retryAfterMs;
    }
}
/** One attempt: fetch with the caller's signal and a per-attempt timeout; the body read as text. */
async function httpRequest(url, init, deps) {
    const doFetch = deps.fetch ?? _http_js__WEBPACK_IMPORTED_MODULE_4__/* .httpFetch */ .t;
    const timeout = AbortSignal.timeout(deps.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    const signal = deps.signal ? AbortSignal.any([deps.signal, timeout]) : timeout;
    const res = await doFetch(url, { method: init.method, ...(init.headers ? { headers: init.headers } : {}), ...(init.body === undefined ? {} : { body: init.body }), signal, redirect: 'error' });
    const text = await res.text();
    return { status: res.status, headers: res.headers, text };
}
/** Statuses worth another attempt whatever the cloud says: throttling and server-side trouble. */
function isTransientStatus(status) {
    return status === 408 || status === 429 || (status >= 500 && status !== 501 && status !== 505);
}
/** The wait a 429/503 asked for, if it said. */
function retryAfterOf(res, now) {
    const value = res.headers.get('retry-after');
    return value === null ? undefined : (0,_retry_js__WEBPACK_IMPORTED_MODULE_2__/* .parseRetryAfter */ .mu)(value, now);
}
/** Parses JSON, or undefined (HTML error pages, truncated bodies). */
function parseJson(text) {
    try {
        return JSON.parse(text);
    }
    catch {
        return undefined;
    }
}
function isRecord(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}
/** A string field of a parsed body, or undefined. */
function str(value, key) {
    const v = isRecord(value) ? value[key] : undefined;
    return typeof v === 'string' ? v : undefined;
}
/**
 * The classifier of every cloud call: CloudServiceError by its own verdict; then the shared one
 * (network errors, timeouts, TransientError, UserError/InputError); and any other TypeError thrown
 * around a request as transient — the toolkit's `getIDToken` throws one that succeeds on rerun
 * (actions/toolkit #1441), and fetch reports network trouble as TypeError. TLS errors stay final.
 */
function cloudVerdict(error, context) {
    if (error instanceof CloudServiceError) {
        const reason = error.code ? `${error.code}, status ${error.status}` : `status ${error.status}`;
        return {
            retry: error.retryable,
            reason,
            status: error.status,
            ...(error.requestId ? { requestId: error.requestId } : {}),
            ...(error.retryable && error.retryAfterMs !== undefined ? { waitMs: error.retryAfterMs } : {}),
        };
    }
    // Redirects are refused (a token must not follow one to another host): a configuration problem, not a glitch.
    if (error instanceof TypeError && /redirect/i.test((0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .messageOf */ .bD)(error.cause ?? '')))
        return { retry: false, reason: 'unexpected redirect' };
    const verdict = (0,_retry_js__WEBPACK_IMPORTED_MODULE_2__/* .classify */ .L8)(error, { now: context.now });
    if (verdict.retry || verdict.reason.startsWith('TLS'))
        return verdict;
    if (error instanceof TypeError)
        return { retry: true, reason: `TypeError (${firstLine((0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .messageOf */ .bD)(error))})` };
    return verdict;
}
/** withRetry with the cloud classifier and the deps' clock, policy, signal, stats and log. */
function retrying(label, deps, fn) {
    const log = deps.log;
    return (0,_retry_js__WEBPACK_IMPORTED_MODULE_2__/* .withRetry */ .bD)(label, fn, {
        shouldRetry: cloudVerdict,
        ...(deps.retry ? { policy: deps.retry } : {}),
        ...(deps.clock ? { clock: deps.clock } : {}),
        ...(deps.random ? { random: deps.random } : {}),
        ...(deps.signal ? { signal: deps.signal } : {}),
        ...(deps.stats ? { stats: deps.stats } : {}),
        log: (line) => (log ? log.info(line) : _actions_core__WEBPACK_IMPORTED_MODULE_0__.info((0,_log_js__WEBPACK_IMPORTED_MODULE_3__/* .inert */ .tJ)(deps.redactor.scrub(line)))),
    });
}
/** The first line, at most 200 characters, for messages built from a cloud's error text. */
function firstLine(text) {
    const line = (text.split('\n')[0] ?? '').trim();
    return line.length > 200 ? `${line.slice(0, 199)}…` : line;
}
/** A short, safe description of an unexpected body: its length and content type, never its text. */
function describeBody(res) {
    const type = res.headers.get('content-type')?.split(';')[0] ?? 'no content type';
    return `${res.text.length} bytes of ${type}`;
}


/***/ }),

/***/ 56120:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  CREDENTIAL_FILE_PREFIX: () => (/* reexport */ CREDENTIAL_FILE_PREFIX),
  CloudServiceError: () => (/* reexport */ http/* CloudServiceError */.vf),
  CredentialSource: () => (/* reexport */ CredentialSource),
  DEFAULT_REFRESH_MARGIN_MS: () => (/* reexport */ DEFAULT_REFRESH_MARGIN_MS),
  ID_TOKEN_PERMISSION_HINT: () => (/* reexport */ token/* ID_TOKEN_PERMISSION_HINT */.SE),
  IdTokenExpiredError: () => (/* reexport */ errors/* IdTokenExpiredError */.O),
  childEnv: () => (/* reexport */ childEnv),
  createCredentialSource: () => (/* binding */ createCredentialSource),
  decodeClaims: () => (/* reexport */ token/* decodeClaims */.Yq),
  describeClaims: () => (/* reexport */ token/* describeClaims */.Zs),
  exportCredentials: () => (/* reexport */ exportCredentials),
  idTokenRequestSettings: () => (/* reexport */ token/* idTokenRequestSettings */.L4),
  obtainCredentials: () => (/* binding */ obtainCredentials),
  removeCredentialFiles: () => (/* reexport */ removeCredentialFiles),
  requestIdToken: () => (/* reexport */ token/* requestIdToken */.gj),
  secretParts: () => (/* reexport */ secretParts),
  writeCredentialFile: () => (/* reexport */ writeCredentialFile)
});

// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 5 modules
var core = __webpack_require__(28524);
// EXTERNAL MODULE: ./shared/clock.ts
var clock = __webpack_require__(17128);
// EXTERNAL MODULE: ./shared/oidc/errors.ts
var errors = __webpack_require__(43347);
// EXTERNAL MODULE: ./shared/log.ts
var log = __webpack_require__(61620);
;// CONCATENATED MODULE: ./shared/oidc/source.ts




/**
 * Credentials that stay valid for as long as the operation needs them. `get()` hands out the
 * current credentials, and when they are within a margin of their expiry (or were rejected) it
 * requests a fresh OIDC token — never a cached one: GitHub's tokens live 5 minutes — and exchanges
 * it again. Concurrent callers share one refresh.
 */
const DEFAULT_REFRESH_MARGIN_MS = 5 * 60_000;
const LABEL = { aws: 'AWS', gcp: 'Google Cloud', azure: 'Azure', vault: 'Vault' };
class CredentialSource {
    provider;
    #opts;
    #clock;
    #current;
    #inflight;
    #exchanges = 0;
    #disposed = false;
    constructor(opts) {
        this.provider = opts.provider;
        this.#opts = opts;
        this.#clock = opts.clock ?? clock/* realClock */.d;
    }
    /** How many times credentials were obtained (1 after the first `get()`, +1 per refresh). */
    get exchanges() {
        return this.#exchanges;
    }
    /** The credentials last obtained, without refreshing. */
    current() {
        return this.#current?.credentials;
    }
    /** Valid credentials: the current ones, or fresh ones when they are near expiry, were invalidated, or `forceRefresh`. */
    async get(opts = {}) {
        if (this.#disposed)
            throw new Error(`${LABEL[this.provider]} credentials were already disposed of`);
        if (this.#inflight)
            return this.#inflight;
        const cur = this.#current;
        if (cur && !opts.forceRefresh && !cur.stale && !this.#nearExpiry(cur.credentials, cur.obtainedAt))
            return cur.credentials;
        const refreshing = cur !== undefined;
        this.#inflight = this.#obtain(refreshing)
            .catch((error) => {
            // A refresh ahead of time that fails keeps the current credentials while they last (30 s to spare).
            const usable = cur && !cur.stale && !opts.forceRefresh && this.#clock.now() < cur.credentials.expiresAt - 30_000;
            if (!usable)
                throw error;
            this.#info(`Could not refresh the ${LABEL[this.provider]} credentials (${error instanceof Error ? error.message : String(error)}); using the current ones, valid until ${new Date(cur.credentials.expiresAt).toISOString()}`);
            return cur.credentials;
        })
            .finally(() => {
            this.#inflight = undefined;
        });
        return this.#inflight;
    }
    /**
     * Marks `credentials` as rejected (an expired session the clock did not predict); the next `get()`
     * refreshes. Credentials other than the current ones are ignored (someone already refreshed).
     */
    invalidate(credentials) {
        if (this.#current && this.#current.credentials === credentials)
            this.#current.stale = true;
    }
    /** Revokes what can be revoked; later `get()` calls fail. */
    async dispose() {
        this.#disposed = true;
        const cur = this.#current?.credentials;
        this.#current = undefined;
        if (cur && this.#opts.revoke) {
            const ok = await this.#opts.revoke(cur).catch(() => false);
            this.#debug(ok ? `Revoked the ${LABEL[this.provider]} token` : `Could not revoke the ${LABEL[this.provider]} token; it expires on its own`);
        }
    }
    #nearExpiry(c, obtainedAt) {
        if (!Number.isFinite(c.expiresAt))
            return false;
        const lifetime = c.expiresAt - obtainedAt;
        const margin = Math.min(this.#opts.marginMs ?? DEFAULT_REFRESH_MARGIN_MS, Math.max(0, lifetime / 2));
        return this.#clock.now() >= c.expiresAt - margin;
    }
    async #obtain(refreshing) {
        const { audience, requestToken, exchange } = this.#opts;
        let credentials;
        try {
            credentials = await exchange(await requestToken(audience));
        }
        catch (error) {
            // The cloud found the token expired (slow retries, a skewed clock): one fresh token, one more try.
            if (!(error instanceof errors/* IdTokenExpiredError */.O))
                throw error;
            this.#debug(`${error.message}; requesting a fresh OIDC token`);
            credentials = await exchange(await requestToken(audience));
        }
        this.#exchanges += 1;
        const previous = this.#current?.credentials;
        this.#current = { credentials, obtainedAt: this.#clock.now(), stale: false };
        // Superseded tokens are revoked (Vault) rather than left valid until their TTL.
        if (previous && this.#opts.revoke)
            await this.#opts.revoke(previous).catch(() => false);
        const until = Number.isFinite(credentials.expiresAt) ? `valid until ${new Date(credentials.expiresAt).toISOString()}` : 'without expiry';
        this.#info(`${refreshing ? 'Refreshed' : 'Obtained'} ${LABEL[this.provider]} credentials, ${until}`);
        return credentials;
    }
    #info(line) {
        if (this.#opts.log)
            this.#opts.log.info(line);
        else
            core.info((0,log/* inert */.tJ)(line));
    }
    #debug(line) {
        if (this.#opts.log)
            this.#opts.log.debug(line);
        else
            core.debug((0,log/* inert */.tJ)(line));
    }
}

// EXTERNAL MODULE: ./shared/oidc/token.ts
var token = __webpack_require__(66887);
;// CONCATENATED MODULE: ./shared/oidc/env.ts

/** The environment variables a child process needs to use `credentials`. */
function childEnv(credentials, options = {}) {
    switch (credentials.provider) {
        case 'aws':
            return {
                AWS_ACCESS_KEY_ID: credentials.accessKeyId,
                AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
                AWS_SESSION_TOKEN: credentials.sessionToken,
                AWS_REGION: credentials.region,
                AWS_DEFAULT_REGION: credentials.region,
                AWS_CREDENTIAL_EXPIRATION: new Date(credentials.expiresAt).toISOString(),
            };
        case 'gcp':
            return {
                GOOGLE_OAUTH_ACCESS_TOKEN: credentials.accessToken,
                ...(options.gcloudAccessTokenFile ? { CLOUDSDK_AUTH_ACCESS_TOKEN_FILE: options.gcloudAccessTokenFile } : {}),
                ...(credentials.projectId
                    ? { GOOGLE_CLOUD_PROJECT: credentials.projectId, CLOUDSDK_CORE_PROJECT: credentials.projectId, CLOUDSDK_PROJECT: credentials.projectId }
                    : {}),
            };
        case 'azure':
            return {
                AZURE_ACCESS_TOKEN: credentials.accessToken,
                AZURE_CLIENT_ID: credentials.clientId,
                AZURE_TENANT_ID: credentials.tenantId,
                ...(credentials.subscriptionId ? { AZURE_SUBSCRIPTION_ID: credentials.subscriptionId } : {}),
            };
        case 'vault':
            return {
                VAULT_ADDR: credentials.address,
                VAULT_TOKEN: credentials.token,
                ...(credentials.namespace ? { VAULT_NAMESPACE: credentials.namespace } : {}),
            };
    }
}
/** The secret parts of `credentials` (what must be masked before anything is exported or logged). */
function secretParts(credentials) {
    switch (credentials.provider) {
        case 'aws':
            return [credentials.accessKeyId, credentials.secretAccessKey, credentials.sessionToken];
        case 'gcp':
        case 'azure':
            return [credentials.accessToken];
        case 'vault':
            return [credentials.token, ...(credentials.accessor ? [credentials.accessor] : [])];
    }
}
/**
 * Exports `childEnv(credentials)` to later steps of the job (GITHUB_ENV). Opt-in only. Every
 * secret part is (re-)registered with the redactor first, so the runner masks it in later steps.
 * Returns the names exported.
 */
function exportCredentials(credentials, opts) {
    for (const secret of secretParts(credentials))
        opts.redactor.add(secret);
    const exportVariable = opts.exportVariable ?? core.exportVariable;
    const env = childEnv(credentials, opts);
    for (const [name, value] of Object.entries(env))
        exportVariable(name, value);
    return Object.keys(env);
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(77598);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(51455);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(48161);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
// EXTERNAL MODULE: ./shared/errors.ts
var shared_errors = __webpack_require__(32635);
;// CONCATENATED MODULE: ./shared/oidc/files.ts





/**
 * Credential files (a gcloud access-token file, a kubeconfig…). They go under RUNNER_TEMP — never
 * GITHUB_WORKSPACE, where google-github-actions/auth's `gha-creds-*.json` got uploaded, zipped into
 * artifacts and committed (google-github-actions/auth#298; docs/faults.md C10) — with mode 0600, and the post step removes
 * them. Only Node built-ins here: post steps import this without the HTTP and retry code.
 */
const CREDENTIAL_FILE_PREFIX = 'actions-suite-credentials-';
/** Writes `contents` to a new file (0600, never overwriting) and returns its absolute path; record it for `removeCredentialFiles`. */
async function writeCredentialFile(name, contents, opts = {}) {
    const dir = await (0,promises_.realpath)(opts.runnerTemp ?? process.env['RUNNER_TEMP'] ?? (0,external_node_os_.tmpdir)());
    const workspaceRaw = opts.workspace ?? process.env['GITHUB_WORKSPACE'];
    if (workspaceRaw) {
        const workspace = await (0,promises_.realpath)(workspaceRaw).catch(() => workspaceRaw);
        const rel = (0,external_node_path_.relative)(workspace, dir);
        if (rel === '' || (!rel.startsWith('..') && !(0,external_node_path_.isAbsolute)(rel))) {
            throw new shared_errors/* UserError */.yo(`Refusing to write a credential file: RUNNER_TEMP (${dir}) is inside GITHUB_WORKSPACE, where artifacts and commits would pick it up.`);
        }
    }
    const safe = name.replace(/[^\w.-]/g, '-').slice(0, 64) || 'credentials';
    const path = (0,external_node_path_.join)(dir, `${CREDENTIAL_FILE_PREFIX}${(0,external_node_crypto_.randomUUID)()}-${safe}`);
    await (0,promises_.writeFile)(path, contents, { mode: 0o600, flag: 'wx' });
    await (0,promises_.chmod)(path, 0o600);
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
        if (!(0,external_node_path_.isAbsolute)(path) || !(0,external_node_path_.basename)(path).startsWith(CREDENTIAL_FILE_PREFIX)) {
            failed.push({ path, reason: 'not a credential file written by this suite' });
            continue;
        }
        try {
            await (0,promises_.rm)(path, { force: true });
            removed.push(path);
        }
        catch (error) {
            failed.push({ path, reason: (0,shared_errors/* messageOf */.bD)(error) });
        }
    }
    return { removed, failed };
}

// EXTERNAL MODULE: ./shared/oidc/http.ts
var http = __webpack_require__(61728);
;// CONCATENATED MODULE: ./shared/oidc/index.ts


/**
 * Cloud credentials from the job's OIDC token. An action loads this module with `await import()`
 * only when its `cloud` input is not `none`, and each provider's exchange is loaded the same way
 * when chosen — a run without cloud loads none of it (docs/architecture.md, start path).
 *
 * ```ts
 * const cloud = validateCloud(settings);                       // spec.ts, at input time
 * if (cloud.provider !== 'none') {
 *   const { obtainCredentials, childEnv } = await import('../../../shared/oidc/index.ts');
 *   const source = await obtainCredentials(cloud, { redactor, log, signal });
 *   await execFile('bash', [script], { env: childEnv(await source.get()), redactor });
 * }
 * ```
 */






/**
 * A CredentialSource for `config`, loading only that provider's exchange. Nothing is requested
 * until the first `get()`.
 */
async function createCredentialSource(config, deps) {
    const exchange = (await loadExchange(config, deps));
    const revoke = config.provider === 'vault' ? await loadVaultRevoke(deps) : undefined;
    return new CredentialSource({
        provider: config.provider,
        audience: config.audience,
        requestToken: (audience) => (0,token/* requestIdToken */.gj)(audience, deps),
        exchange,
        ...(deps.clock ? { clock: deps.clock } : {}),
        ...(deps.marginMs !== undefined ? { marginMs: deps.marginMs } : {}),
        ...(deps.log ? { log: deps.log } : {}),
        ...(revoke ? { revoke: revoke } : {}),
    });
}
/** createCredentialSource, then the first `get()`: fails fast (missing permission, trust mismatch) before the action does anything. */
async function obtainCredentials(config, deps) {
    const source = await createCredentialSource(config, deps);
    await source.get();
    return source;
}
async function loadExchange(config, deps) {
    switch (config.provider) {
        case 'aws': {
            const { assumeRoleWithWebIdentity } = await __webpack_require__.e(/* import() */ 499).then(__webpack_require__.bind(__webpack_require__, 70499));
            return (token) => assumeRoleWithWebIdentity(token, {
                ...deps,
                roleArn: config.roleArn,
                region: config.region,
                durationSeconds: config.durationSeconds,
                ...(config.sessionName ? { sessionName: config.sessionName } : {}),
                ...(config.stsEndpoint ? { stsEndpoint: config.stsEndpoint } : {}),
            });
        }
        case 'gcp': {
            const { exchangeGcp } = await __webpack_require__.e(/* import() */ 136).then(__webpack_require__.bind(__webpack_require__, 48136));
            return (token) => exchangeGcp(token, {
                ...deps,
                workloadIdentityProvider: config.workloadIdentityProvider,
                ...(config.serviceAccount ? { serviceAccount: config.serviceAccount } : {}),
                ...(config.projectId ? { projectId: config.projectId } : {}),
                stsEndpoint: config.stsEndpoint,
                iamCredentialsEndpoint: config.iamCredentialsEndpoint,
            });
        }
        case 'azure': {
            const { exchangeAzure } = await __webpack_require__.e(/* import() */ 189).then(__webpack_require__.bind(__webpack_require__, 8189));
            return (token) => exchangeAzure(token, {
                ...deps,
                clientId: config.clientId,
                tenantId: config.tenantId,
                ...(config.subscriptionId ? { subscriptionId: config.subscriptionId } : {}),
                scope: config.scope,
                authorityHost: config.authorityHost,
            });
        }
        case 'vault': {
            const { vaultJwtLogin } = await __webpack_require__.e(/* import() */ 754).then(__webpack_require__.bind(__webpack_require__, 98754));
            return (token) => vaultJwtLogin(token, { ...deps, url: config.url, role: config.role, mount: config.mount, ...(config.namespace ? { namespace: config.namespace } : {}) });
        }
    }
}
async function loadVaultRevoke(deps) {
    const { revokeVaultToken } = await __webpack_require__.e(/* import() */ 754).then(__webpack_require__.bind(__webpack_require__, 98754));
    return (c) => revokeVaultToken(c, deps);
}


/***/ }),

/***/ 66887:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   L4: () => (/* binding */ idTokenRequestSettings),
/* harmony export */   SE: () => (/* binding */ ID_TOKEN_PERMISSION_HINT),
/* harmony export */   Yq: () => (/* binding */ decodeClaims),
/* harmony export */   Zs: () => (/* binding */ describeClaims),
/* harmony export */   gj: () => (/* binding */ requestIdToken),
/* harmony export */   og: () => (/* binding */ subjectAndAudience)
/* harmony export */ });
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(28524);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(32635);
/* harmony import */ var _http_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(61728);
/* harmony import */ var _log_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(61620);




/**
 * The job's OIDC token, requested with the suite's retry policy rather than `core.getIDToken`:
 * the toolkit's client retries only 502–504 on GET, not 500 or network errors, and sometimes throws
 * a TypeError that succeeds on rerun (actions/toolkit#1569, #1441; docs/faults.md C2–C4).
 */
const ID_TOKEN_PERMISSION_HINT = 'Add `permissions: id-token: write` to the job (or the workflow) so that GitHub issues an OIDC token. ' +
    'A workflow that calls a reusable workflow must grant it too; pull requests from forks never get one.';
/** The request URL and bearer, or a UserError saying which permission is missing. Checks before any attempt. */
function idTokenRequestSettings(env = process.env) {
    const url = env['ACTIONS_ID_TOKEN_REQUEST_URL']?.trim();
    const bearer = env['ACTIONS_ID_TOKEN_REQUEST_TOKEN']?.trim();
    if (!url || !bearer) {
        const missing = [!url && 'ACTIONS_ID_TOKEN_REQUEST_URL', !bearer && 'ACTIONS_ID_TOKEN_REQUEST_TOKEN'].filter(Boolean).join(' and ');
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .yo(`Cannot request an OIDC token: ${missing} ${missing.includes(' and ') ? 'are' : 'is'} not set. ${ID_TOKEN_PERMISSION_HINT}`);
    }
    return { url, bearer };
}
/**
 * Requests the job's OIDC token for `audience` (undefined: GitHub's default, `https://github.com/OWNER`).
 * Fails at once, before any request, when the job lacks `id-token: write`. Network errors, 5xx, 429,
 * timeouts and TypeErrors are retried; other 4xx are not. The token, the request bearer and the
 * request URL are masked the moment they are known; the non-secret claims are logged at debug level.
 */
async function requestIdToken(audience, opts) {
    const { url, bearer } = idTokenRequestSettings(opts.env);
    opts.redactor.add(bearer);
    opts.redactor.add(url);
    const target = new URL(url);
    if (audience !== undefined)
        target.searchParams.set('audience', audience);
    const what = `OIDC token${audience === undefined ? '' : ` for audience '${audience}'`}`;
    const now = () => (opts.clock ? opts.clock.now() : Date.now());
    const value = await (0,_http_js__WEBPACK_IMPORTED_MODULE_2__/* .retrying */ .R$)(`Request ${what}`, opts, async () => {
        const res = await (0,_http_js__WEBPACK_IMPORTED_MODULE_2__/* .httpRequest */ .aj)(target, { method: 'GET', headers: { authorization: `Bearer ${bearer}`, accept: 'application/json' } }, opts);
        const body = (0,_http_js__WEBPACK_IMPORTED_MODULE_2__/* .parseJson */ .qF)(res.text);
        const jwt = (0,_http_js__WEBPACK_IMPORTED_MODULE_2__/* .str */ .gx)(body, 'value');
        if (jwt)
            opts.redactor.add(jwt);
        if (res.status === 200 && jwt && jwt.split('.').length === 3)
            return jwt;
        if (res.status === 200)
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .TransientError */ .N_(`the token service answered 200 without a token (${(0,_http_js__WEBPACK_IMPORTED_MODULE_2__/* .describeBody */ .MP)(res)})`);
        const message = (0,_http_js__WEBPACK_IMPORTED_MODULE_2__/* .str */ .gx)(body, 'message');
        const retryable = (0,_http_js__WEBPACK_IMPORTED_MODULE_2__/* .isTransientStatus */ .Dm)(res.status);
        const retryAfterMs = (0,_http_js__WEBPACK_IMPORTED_MODULE_2__/* .retryAfterOf */ .sT)(res, now());
        throw new _http_js__WEBPACK_IMPORTED_MODULE_2__/* .CloudServiceError */ .vf(`the token service answered ${res.status}${message ? `: ${message}` : ''}` +
            (res.status === 401 || res.status === 403 ? ` (the job's token request bearer was refused; ${ID_TOKEN_PERMISSION_HINT})` : ''), { status: res.status, retryable, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) });
    });
    const claims = decodeClaims(value);
    const token = { value, claims, audience, expiresAt: typeof claims.exp === 'number' ? claims.exp * 1000 : Number.NaN };
    const line = `Got an ${what}: ${describeClaims(claims)}${Number.isFinite(token.expiresAt) ? `, expires in ${Math.round((token.expiresAt - now()) / 1000)}s` : ''}`;
    if (opts.log)
        opts.log.debug(line);
    else
        _actions_core__WEBPACK_IMPORTED_MODULE_0__.debug((0,_log_js__WEBPACK_IMPORTED_MODULE_3__/* .inert */ .tJ)(opts.redactor.scrub(line)));
    return token;
}
/** The payload of a JWT, not verified. Malformed tokens give `{}`. */
function decodeClaims(jwt) {
    const payload = jwt.split('.')[1];
    if (!payload)
        return {};
    try {
        const parsed = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
        return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? parsed : {};
    }
    catch {
        return {};
    }
}
const SHOWN_CLAIMS = ['sub', 'aud', 'iss', 'repository', 'ref', 'environment', 'job_workflow_ref', 'runner_environment'];
/** `sub=… aud=… repository=… ref=… environment=…`: what a trust policy matches on. Never the token. */
function describeClaims(claims) {
    const parts = [];
    for (const name of SHOWN_CLAIMS) {
        const v = claims[name];
        if (v === undefined || v === '')
            continue;
        parts.push(`${name}=${Array.isArray(v) ? v.join(',') : String(v)}`);
    }
    return parts.join(' ');
}
/** `sub 'repo:o/r:ref:refs/heads/main' and aud 'sts.amazonaws.com'`, for refusals about trust conditions. */
function subjectAndAudience(token) {
    const aud = token.claims.aud;
    const audText = Array.isArray(aud) ? aud.join(',') : (aud ?? token.audience ?? '(none)');
    return `sub '${token.claims.sub ?? '(none)'}' and aud '${audText}'`;
}


/***/ }),

/***/ 74995:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  lc: () => (/* binding */ AbortError),
  Ay: () => (/* binding */ pRetry)
});

// UNUSED EXPORTS: makeRetriable

;// CONCATENATED MODULE: ./node_modules/is-network-error/index.js
const objectToString = Object.prototype.toString;

const isError = value => objectToString.call(value) === '[object Error]';

const errorMessages = new Set([
	'network error', // Chrome
	'NetworkError when attempting to fetch resource.', // Firefox
	'The Internet connection appears to be offline.', // Safari 16
	'Network request failed', // `cross-fetch`
	'fetch failed', // Undici (Node.js)
	'terminated', // Undici (Node.js)
	' A network error occurred.', // Bun (WebKit)
	'Network connection lost', // Cloudflare Workers (fetch)
]);

function isNetworkError(error) {
	const isValid = error
		&& isError(error)
		&& error.name === 'TypeError'
		&& typeof error.message === 'string';

	if (!isValid) {
		return false;
	}

	const {message, stack} = error;

	// Safari 17+ has generic message but no stack for network errors
	if (message === 'Load failed' || (message.startsWith('Load failed (') && message.endsWith(')'))) {
		return stack === undefined
			// Sentry adds its own stack trace to the fetch error, so also check for that
			|| '__sentry_captured__' in error;
	}

	// Deno network errors start with specific text
	if (message.startsWith('error sending request for url')) {
		return true;
	}

	// Chrome: exact "Failed to fetch" or with hostname: "Failed to fetch (example.com)"
	if (message === 'Failed to fetch' || (message.startsWith('Failed to fetch (') && message.endsWith(')'))) {
		return true;
	}

	// Standard network error messages
	return errorMessages.has(message);
}

;// CONCATENATED MODULE: ./node_modules/p-retry/index.js


function validateRetries(retries) {
	if (typeof retries === 'number') {
		if (retries < 0) {
			throw new TypeError('Expected `retries` to be a non-negative number.');
		}

		if (Number.isNaN(retries)) {
			throw new TypeError('Expected `retries` to be a valid number or Infinity, got NaN.');
		}
	} else if (retries !== undefined) {
		throw new TypeError('Expected `retries` to be a number or Infinity.');
	}
}

function validateNumberOption(name, value, {min = 0, allowInfinity = false} = {}) {
	if (value === undefined) {
		return;
	}

	if (typeof value !== 'number' || Number.isNaN(value)) {
		throw new TypeError(`Expected \`${name}\` to be a number${allowInfinity ? ' or Infinity' : ''}.`);
	}

	if (!allowInfinity && !Number.isFinite(value)) {
		throw new TypeError(`Expected \`${name}\` to be a finite number.`);
	}

	if (value < min) {
		throw new TypeError(`Expected \`${name}\` to be \u2265 ${min}.`);
	}
}

class AbortError extends Error {
	constructor(message) {
		super();

		if (message instanceof Error) {
			this.originalError = message;
			({message} = message);
		} else {
			this.originalError = new Error(message);
			this.originalError.stack = this.stack;
		}

		this.name = 'AbortError';
		this.message = message;
	}
}

function calculateDelay(retriesConsumed, options) {
	const attempt = Math.max(1, retriesConsumed + 1);
	const random = options.randomize ? (Math.random() + 1) : 1;

	let timeout = Math.round(random * options.minTimeout * (options.factor ** (attempt - 1)));
	timeout = Math.min(timeout, options.maxTimeout);

	return timeout;
}

function calculateRemainingTime(start, max) {
	if (!Number.isFinite(max)) {
		return max;
	}

	return max - (performance.now() - start);
}

async function onAttemptFailure({error, attemptNumber, retriesConsumed, startTime, options}) {
	const normalizedError = error instanceof Error
		? error
		: new TypeError(`Non-error was thrown: "${error}". You should only throw errors.`);

	if (normalizedError instanceof AbortError) {
		throw normalizedError.originalError;
	}

	const retriesLeft = Number.isFinite(options.retries)
		? Math.max(0, options.retries - retriesConsumed)
		: options.retries;

	const maxRetryTime = options.maxRetryTime ?? Number.POSITIVE_INFINITY;

	const context = Object.freeze({
		error: normalizedError,
		attemptNumber,
		retriesLeft,
		retriesConsumed,
	});

	await options.onFailedAttempt(context);

	if (calculateRemainingTime(startTime, maxRetryTime) <= 0) {
		throw normalizedError;
	}

	const consumeRetry = await options.shouldConsumeRetry(context);

	const remainingTime = calculateRemainingTime(startTime, maxRetryTime);

	if (remainingTime <= 0 || retriesLeft <= 0) {
		throw normalizedError;
	}

	if (normalizedError instanceof TypeError && !isNetworkError(normalizedError)) {
		if (consumeRetry) {
			throw normalizedError;
		}

		options.signal?.throwIfAborted();
		return false;
	}

	if (!await options.shouldRetry(context)) {
		throw normalizedError;
	}

	if (!consumeRetry) {
		options.signal?.throwIfAborted();
		return false;
	}

	const delayTime = calculateDelay(retriesConsumed, options);
	const finalDelay = Math.min(delayTime, remainingTime);

	options.signal?.throwIfAborted();

	if (finalDelay > 0) {
		await new Promise((resolve, reject) => {
			const onAbort = () => {
				clearTimeout(timeoutToken);
				options.signal?.removeEventListener('abort', onAbort);
				reject(options.signal.reason);
			};

			const timeoutToken = setTimeout(() => {
				options.signal?.removeEventListener('abort', onAbort);
				resolve();
			}, finalDelay);

			if (options.unref) {
				timeoutToken.unref?.();
			}

			options.signal?.addEventListener('abort', onAbort, {once: true});
		});
	}

	options.signal?.throwIfAborted();

	return true;
}

async function pRetry(input, options = {}) {
	options = {...options};

	validateRetries(options.retries);

	if (Object.hasOwn(options, 'forever')) {
		throw new Error('The `forever` option is no longer supported. For many use-cases, you can set `retries: Infinity` instead.');
	}

	options.retries ??= 10;
	options.factor ??= 2;
	options.minTimeout ??= 1000;
	options.maxTimeout ??= Number.POSITIVE_INFINITY;
	options.maxRetryTime ??= Number.POSITIVE_INFINITY;
	options.randomize ??= false;
	options.onFailedAttempt ??= () => {};
	options.shouldRetry ??= () => true;
	options.shouldConsumeRetry ??= () => true;

	// Validate numeric options and normalize edge cases
	validateNumberOption('factor', options.factor, {min: 0, allowInfinity: false});
	validateNumberOption('minTimeout', options.minTimeout, {min: 0, allowInfinity: false});
	validateNumberOption('maxTimeout', options.maxTimeout, {min: 0, allowInfinity: true});
	validateNumberOption('maxRetryTime', options.maxRetryTime, {min: 0, allowInfinity: true});

	// Treat non-positive factor as 1 to avoid zero backoff or negative behavior
	if (!(options.factor > 0)) {
		options.factor = 1;
	}

	options.signal?.throwIfAborted();

	let attemptNumber = 0;
	let retriesConsumed = 0;
	const startTime = performance.now();

	while (Number.isFinite(options.retries) ? retriesConsumed <= options.retries : true) {
		attemptNumber++;

		try {
			options.signal?.throwIfAborted();

			const result = await input(attemptNumber);

			options.signal?.throwIfAborted();

			return result;
		} catch (error) {
			if (await onAttemptFailure({
				error,
				attemptNumber,
				retriesConsumed,
				startTime,
				options,
			})) {
				retriesConsumed++;
			}
		}
	}

	// Should not reach here, but in case it does, throw an error
	throw new Error('Retry attempts exhausted without throwing an error.');
}

function makeRetriable(function_, options) {
	return function (...arguments_) {
		return pRetry(() => function_.apply(this, arguments_), options);
	};
}


/***/ })

};
