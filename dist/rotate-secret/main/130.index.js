export const id = 130;
export const ids = [130,754];
export const modules = {

/***/ 86170:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   KvClient: () => (/* binding */ KvClient),
/* harmony export */   KvConflictError: () => (/* binding */ KvConflictError),
/* harmony export */   metadataKeys: () => (/* binding */ metadataKeys),
/* harmony export */   open: () => (/* binding */ open)
/* harmony export */ });
/* harmony import */ var node_util__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(57975);
/* harmony import */ var node_util__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_util__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _shared_errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(32635);
/* harmony import */ var _shared_oidc_http_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(61728);
/* harmony import */ var _shared_oidc_vault_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(98754);
/* harmony import */ var _failure_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(12988);





/**
 * HashiCorp Vault KV version 2: `vault:MOUNT/PATH#KEY` sets one key of the secret at PATH, keeping
 * its other keys. Credentials come from the `cloud: vault` input (JWT auth with the job's OIDC
 * token, shared/oidc/vault.ts). Loaded lazily (open.ts); its lines are parsed by parse.ts. Only
 * rotate-secret writes Vault secrets, so the client lives here, not in shared/.
 *
 * KV v2 has versions but no pending state that readers do not see, so this kind has no `stage`:
 * it is written at distribute, after the new value logged in. Each write is a new KV version made
 * with check-and-set (the version read just before), so a concurrent writer is detected, never
 * overwritten, and a retried write never adds a second version: after a lost answer, a CAS refusal
 * is reconciled by reading the latest version (if it holds what we wrote, the write landed). The
 * secret's custom metadata then records which rotation wrote which KV version
 * (`rotate-secret:KEY:version`, `…:kv-version`): a resumed rotation finds its value there
 * (`recover`), and a rewrite of a value the latest version already holds is skipped (`unchanged`)
 * — a resume adds no version. Earlier values stay readable as earlier KV versions, as far as the
 * mount's max_versions keeps them. Values read are masked the moment they arrive.
 */
/** Custom-metadata keys recording the rotation that wrote KEY. */
function metadataKeys(key) {
    return { version: `rotate-secret:${key}:version`, kvVersion: `rotate-secret:${key}:kv-version` };
}
/** A check-and-set write found another version than expected: someone else wrote meanwhile. */
class KvConflictError extends _shared_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .yo {
    name = 'KvConflictError';
}
/** The few KV v2 calls a rotation needs, each retried by the cloud classifier. */
class KvClient {
    #opts;
    #base;
    constructor(opts) {
        this.#opts = opts;
        const mount = opts.mount.replace(/^\/+|\/+$/g, '');
        this.#base = `${opts.address.replace(/\/+$/, '')}/v1/${mount.split('/').map(encodeURIComponent).join('/')}`;
    }
    /** A version of the secret (default the latest), masked; undefined when missing, deleted or destroyed. */
    async read(path, opts = {}) {
        const query = opts.version !== undefined ? `?version=${opts.version}` : '';
        const out = await this.#call(`read ${path}`, 'GET', `data/${enc(path)}${query}`, undefined, { notFound: true });
        const data = (0,_shared_oidc_http_js__WEBPACK_IMPORTED_MODULE_2__/* .isRecord */ .u4)(out) && (0,_shared_oidc_http_js__WEBPACK_IMPORTED_MODULE_2__/* .isRecord */ .u4)(out['data']) ? out['data'] : undefined;
        if (!data || !(0,_shared_oidc_http_js__WEBPACK_IMPORTED_MODULE_2__/* .isRecord */ .u4)(data['data']))
            return undefined;
        this.#mask(data['data']);
        return { data: data['data'], metadata: version(data['metadata']) };
    }
    /** Writes `data` as a new version with check-and-set `cas` (0: only if the secret does not exist yet). */
    async write(path, data, cas) {
        this.#mask(data);
        let reconciled;
        const out = await this.#call(`write ${path}`, 'POST', `data/${enc(path)}`, { options: { cas }, data }, {
            conflict: async (ambiguous) => {
                if (ambiguous) {
                    // The first attempt may have landed: if the latest version holds our data, it did.
                    const latest = await this.read(path);
                    if (latest && latest.metadata.version === cas + 1 && (0,node_util__WEBPACK_IMPORTED_MODULE_0__.isDeepStrictEqual)(latest.data, data)) {
                        reconciled = latest.metadata;
                        return undefined;
                    }
                }
                const current = (await this.readMetadata(path))?.currentVersion ?? 0;
                throw new KvConflictError(`Vault secret ${this.#opts.mount}/${path} changed while writing it: expected version ${cas}, found ${current} (another writer, or a concurrent rotation).`);
            },
        });
        return reconciled ?? version((0,_shared_oidc_http_js__WEBPACK_IMPORTED_MODULE_2__/* .isRecord */ .u4)(out) ? out['data'] : undefined);
    }
    /** The secret's current version and custom metadata; undefined when it does not exist. */
    async readMetadata(path) {
        const out = await this.#call(`read metadata of ${path}`, 'GET', `metadata/${enc(path)}`, undefined, { notFound: true });
        const d = (0,_shared_oidc_http_js__WEBPACK_IMPORTED_MODULE_2__/* .isRecord */ .u4)(out) && (0,_shared_oidc_http_js__WEBPACK_IMPORTED_MODULE_2__/* .isRecord */ .u4)(out['data']) ? out['data'] : undefined;
        if (!d)
            return undefined;
        return { currentVersion: num(d['current_version']), customMetadata: strings(d['custom_metadata']) };
    }
    /** Merges into the secret's custom metadata (JSON merge patch; null removes a key). */
    async patchCustomMetadata(path, custom) {
        await this.#call(`patch metadata of ${path}`, 'PATCH', `metadata/${enc(path)}`, { custom_metadata: custom }, { contentType: 'application/merge-patch+json' });
    }
    #mask(data) {
        const walk = (v) => {
            if (typeof v === 'string')
                this.#opts.redactor.add(v);
            else if (Array.isArray(v))
                v.forEach(walk);
            else if ((0,_shared_oidc_http_js__WEBPACK_IMPORTED_MODULE_2__/* .isRecord */ .u4)(v))
                Object.values(v).forEach(walk);
        };
        walk(data);
    }
    async #call(what, method, suffix, body, opts = {}) {
        const deps = this.#opts;
        const auth = deps.auth;
        const provider = typeof auth === 'string' ? undefined : auth;
        const now = () => (deps.clock ? deps.clock.now() : Date.now());
        const label = `Vault KV ${what}`;
        let refreshed = false;
        let ambiguous = false;
        return (0,_shared_oidc_http_js__WEBPACK_IMPORTED_MODULE_2__/* .retrying */ .R$)(label, deps, async () => {
            const credentials = provider ? await provider.get() : undefined;
            const token = credentials?.token ?? auth;
            const init = {
                method,
                headers: { ...(0,_shared_oidc_vault_js__WEBPACK_IMPORTED_MODULE_3__/* .vaultHeaders */ .f)(deps.namespace, token), ...(body !== undefined ? { 'content-type': opts.contentType ?? 'application/json' } : {}) },
                ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
            };
            let res;
            try {
                res = await (0,_shared_oidc_http_js__WEBPACK_IMPORTED_MODULE_2__/* .httpRequest */ .aj)(`${this.#base}/${suffix}`, init, deps);
            }
            catch (error) {
                if (method !== 'GET')
                    ambiguous = true;
                throw error;
            }
            const parsed = (0,_shared_oidc_http_js__WEBPACK_IMPORTED_MODULE_2__/* .parseJson */ .qF)(res.text);
            if (res.status === 200 || res.status === 204) {
                if (res.status === 200 && parsed === undefined)
                    throw new _shared_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .TransientError */ .N_(`${label}: answered 200 with ${(0,_shared_oidc_http_js__WEBPACK_IMPORTED_MODULE_2__/* .describeBody */ .MP)(res)}`);
                return parsed;
            }
            const errors = (0,_shared_oidc_vault_js__WEBPACK_IMPORTED_MODULE_3__/* .vaultErrors */ .a)(parsed);
            const said = `status ${res.status}${errors ? `: ${errors}` : ''}`;
            if (res.status === 404 && opts.notFound)
                return undefined;
            if (res.status === 400 && /check-and-set/i.test(errors) && opts.conflict)
                return opts.conflict(ambiguous);
            if ((0,_shared_oidc_http_js__WEBPACK_IMPORTED_MODULE_2__/* .isTransientStatus */ .Dm)(res.status)) {
                if (method !== 'GET')
                    ambiguous = true;
                const wait = (0,_shared_oidc_http_js__WEBPACK_IMPORTED_MODULE_2__/* .retryAfterOf */ .sT)(res, now());
                throw new _shared_oidc_http_js__WEBPACK_IMPORTED_MODULE_2__/* .CloudServiceError */ .vf(`${label}: ${said}`, { status: res.status, retryable: true, ...(wait !== undefined ? { retryAfterMs: wait } : {}) });
            }
            if (res.status === 403 && provider?.invalidate && credentials && !refreshed) {
                // Vault says "permission denied" for an expired token too: log in again once.
                refreshed = true;
                provider.invalidate(credentials);
                throw new _shared_oidc_http_js__WEBPACK_IMPORTED_MODULE_2__/* .CloudServiceError */ .vf(`${label}: ${said}; logging in again`, { status: 403, retryable: true, retryAfterMs: 1 });
            }
            const cause = new _shared_oidc_http_js__WEBPACK_IMPORTED_MODULE_2__/* .CloudServiceError */ .vf(said, { status: res.status, retryable: false });
            if (res.status === 403) {
                const caps = method === 'GET' ? 'read' : method === 'PATCH' ? 'patch' : 'create and update';
                throw new _shared_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .yo(`${label} was denied (${said}). The token's policy needs ${caps} on ${deps.mount}/${suffix.split('?')[0]}.`, { cause });
            }
            if (res.status === 404)
                throw new _shared_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .yo(`${label}: not found (${said}); is ${deps.mount} a KV version 2 mount?`, { cause });
            if (res.status === 400)
                throw new _shared_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .yo(`${label} was refused (${said})`, { cause });
            throw new _shared_oidc_http_js__WEBPACK_IMPORTED_MODULE_2__/* .CloudServiceError */ .vf(`${label}: ${said}`, { status: res.status, retryable: false });
        });
    }
}
function enc(path) {
    return path.replace(/^\/+|\/+$/g, '').split('/').map(encodeURIComponent).join('/');
}
function num(v) {
    return typeof v === 'number' && Number.isFinite(v) ? v : 0;
}
function strings(v) {
    if (!(0,_shared_oidc_http_js__WEBPACK_IMPORTED_MODULE_2__/* .isRecord */ .u4)(v))
        return null;
    return Object.fromEntries(Object.entries(v).filter((e) => typeof e[1] === 'string'));
}
function version(meta) {
    return { version: (0,_shared_oidc_http_js__WEBPACK_IMPORTED_MODULE_2__/* .isRecord */ .u4)(meta) ? num(meta['version']) : 0, customMetadata: (0,_shared_oidc_http_js__WEBPACK_IMPORTED_MODULE_2__/* .isRecord */ .u4)(meta) ? strings(meta['custom_metadata']) : null };
}
// ---------------------------------------------------------------------------------------------
class VaultKvDestination {
    id;
    #spec;
    #kv;
    #keys;
    #warn;
    /** Whether the secret existed at prepare (a write then updates rather than creates it). */
    #existed = false;
    constructor(spec, kv, warn) {
        this.id = spec.id;
        this.#spec = spec;
        this.#kv = kv;
        this.#keys = metadataKeys(spec.key);
        this.#warn = warn;
    }
    /** Logs in (first use of the credentials) and reads the metadata: the token may read this secret. */
    async prepare() {
        try {
            this.#existed = (await this.#kv.readMetadata(this.#spec.path)) !== undefined;
        }
        catch (error) {
            throw (0,_failure_js__WEBPACK_IMPORTED_MODULE_4__/* .failure */ .V2)(`${this.id}: cannot read the metadata of ${this.#spec.mount}/${this.#spec.path}`, error);
        }
    }
    async recover({ version }) {
        const custom = (await this.#kv.readMetadata(this.#spec.path))?.customMetadata ?? {};
        const kvVersion = Number(custom[this.#keys.kvVersion]);
        if (custom[this.#keys.version] !== version || !Number.isSafeInteger(kvVersion) || kvVersion < 1)
            return undefined;
        const value = (await this.#kv.read(this.#spec.path, { version: kvVersion }))?.data[this.#spec.key];
        return typeof value === 'string' ? value : undefined;
    }
    async write(credential, { version }) {
        const { path, key } = this.#spec;
        const value = credential.secret;
        let outcome;
        let kvVersion;
        try {
            const latest = await this.#kv.read(path);
            if (latest && latest.data[key] === value) {
                // A resumed rotation (or the same `value` again): the latest version holds it already.
                outcome = 'unchanged';
                kvVersion = latest.metadata.version;
                const custom = latest.metadata.customMetadata ?? {};
                if (custom[this.#keys.version] === version && custom[this.#keys.kvVersion] === String(kvVersion))
                    return outcome;
            }
            else {
                // Check-and-set on the version just read; without a readable latest version the secret is
                // new (cas 0: only if it still does not exist) or its latest version was deleted.
                const existed = latest !== undefined || this.#existed;
                const cas = latest ? latest.metadata.version : existed ? ((await this.#kv.readMetadata(path))?.currentVersion ?? 0) : 0;
                kvVersion = (await this.#kv.write(path, { ...(latest?.data ?? {}), [key]: value }, cas)).version;
                outcome = existed ? 'updated' : 'created';
            }
        }
        catch (error) {
            throw (0,_failure_js__WEBPACK_IMPORTED_MODULE_4__/* .failure */ .V2)(`Failed to write ${this.id}`, error);
        }
        // After the data: metadata naming this rotation always points at a version that holds its value.
        // The value is in Vault either way, so a refused record is a warning, not a failed write (the
        // engine must count this destination as holding the new value); only a resume loses the record.
        try {
            await this.#kv.patchCustomMetadata(path, { [this.#keys.version]: version, [this.#keys.kvVersion]: String(kvVersion) });
        }
        catch (error) {
            this.#warn(`${this.id}: the value is written (KV version ${kvVersion}), but recording the rotation in the secret's custom metadata failed: ${(0,_shared_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .messageOf */ .bD)(error)}`);
        }
        return outcome;
    }
}
/** One client per KV mount, with the run's Vault credentials (login on first use). */
async function open(specs, deps) {
    const access = await deps.cloud('vault');
    const clients = new Map();
    const client = (mount) => {
        let kv = clients.get(mount);
        if (!kv) {
            kv = new KvClient({
                redactor: deps.redactor,
                log: deps.log,
                signal: deps.signal,
                stats: deps.stats,
                address: access.config.url,
                ...(access.config.namespace ? { namespace: access.config.namespace } : {}),
                mount,
                auth: access.credentials,
            });
            clients.set(mount, kv);
        }
        return kv;
    };
    return specs.map((spec) => new VaultKvDestination(spec, client(spec.mount), (line) => deps.log.warning(line)));
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

/***/ 98754:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   a: () => (/* binding */ vaultErrors),
/* harmony export */   f: () => (/* binding */ vaultHeaders),
/* harmony export */   revokeVaultToken: () => (/* binding */ revokeVaultToken),
/* harmony export */   vaultJwtLogin: () => (/* binding */ vaultJwtLogin)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(32635);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(43347);
/* harmony import */ var _http_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(61728);
/* harmony import */ var _token_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(66887);




function vaultHeaders(namespace, token) {
    return {
        'x-vault-request': 'true',
        accept: 'application/json',
        ...(namespace ? { 'x-vault-namespace': namespace } : {}),
        ...(token ? { 'x-vault-token': token } : {}),
    };
}
/** Vault's `{"errors": [...]}`, joined and cut to one line. */
function vaultErrors(parsed) {
    const errors = (0,_http_js__WEBPACK_IMPORTED_MODULE_2__/* .isRecord */ .u4)(parsed) && Array.isArray(parsed['errors']) ? parsed['errors'].filter((e) => typeof e === 'string') : [];
    return (0,_http_js__WEBPACK_IMPORTED_MODULE_2__/* .firstLine */ .TM)(errors.join('; '));
}
async function vaultJwtLogin(idToken, opts) {
    const address = opts.url.replace(/\/+$/, '');
    const mount = (opts.mount ?? 'jwt').replace(/^\/+|\/+$/g, '');
    const url = `${address}/v1/auth/${mount.split('/').map(encodeURIComponent).join('/')}/login`;
    const body = JSON.stringify({ role: opts.role, jwt: idToken.value });
    const now = () => (opts.clock ? opts.clock.now() : Date.now());
    return (0,_http_js__WEBPACK_IMPORTED_MODULE_2__/* .retrying */ .R$)(`Log in to Vault with role ${opts.role}`, opts, async () => {
        const res = await (0,_http_js__WEBPACK_IMPORTED_MODULE_2__/* .httpRequest */ .aj)(url, { method: 'POST', headers: { ...vaultHeaders(opts.namespace), 'content-type': 'application/json' }, body }, opts);
        const parsed = (0,_http_js__WEBPACK_IMPORTED_MODULE_2__/* .parseJson */ .qF)(res.text);
        const auth = (0,_http_js__WEBPACK_IMPORTED_MODULE_2__/* .isRecord */ .u4)(parsed) && (0,_http_js__WEBPACK_IMPORTED_MODULE_2__/* .isRecord */ .u4)(parsed['auth']) ? parsed['auth'] : undefined;
        const token = (0,_http_js__WEBPACK_IMPORTED_MODULE_2__/* .str */ .gx)(auth, 'client_token');
        const accessor = (0,_http_js__WEBPACK_IMPORTED_MODULE_2__/* .str */ .gx)(auth, 'accessor');
        if (token)
            opts.redactor.add(token);
        if (accessor)
            opts.redactor.add(accessor);
        if (res.status === 200) {
            if (!token || !auth)
                throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .TransientError */ .N_(`Vault answered 200 without a client token (${(0,_http_js__WEBPACK_IMPORTED_MODULE_2__/* .describeBody */ .MP)(res)})`);
            const lease = Number(auth['lease_duration']);
            const policies = Array.isArray(auth['policies']) ? auth['policies'].filter((p) => typeof p === 'string') : [];
            const expiresAt = Number.isFinite(lease) && lease > 0 ? now() + lease * 1000 : Number.POSITIVE_INFINITY;
            opts.log?.debug(`Logged in to Vault with role ${opts.role}: policies ${policies.join(', ') || '(none)'}, token TTL ${Number.isFinite(lease) ? lease : '?'}s`);
            return {
                provider: 'vault',
                token,
                ...(accessor ? { accessor } : {}),
                address,
                ...(opts.namespace ? { namespace: opts.namespace } : {}),
                expiresAt,
                renewable: auth['renewable'] === true,
                policies,
            };
        }
        const said = `status ${res.status}${vaultErrors(parsed) ? `: ${vaultErrors(parsed)}` : ''}`;
        const ids = { status: res.status };
        const cause = new _http_js__WEBPACK_IMPORTED_MODULE_2__/* .CloudServiceError */ .vf(said, { ...ids, retryable: false });
        if ((0,_http_js__WEBPACK_IMPORTED_MODULE_2__/* .isTransientStatus */ .Dm)(res.status) || /fetch(ing)? (the )?keys|jwks|discovery|connection refused|timeout/i.test(said)) {
            const wait = (0,_http_js__WEBPACK_IMPORTED_MODULE_2__/* .retryAfterOf */ .sT)(res, now());
            throw new _http_js__WEBPACK_IMPORTED_MODULE_2__/* .CloudServiceError */ .vf(`Vault answered ${said}`, { ...ids, retryable: true, ...(wait !== undefined ? { retryAfterMs: wait } : {}) });
        }
        if (/expired|not valid yet|\(exp\)|\(nbf\)/i.test(said))
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .IdTokenExpiredError */ .O(`Vault says the OIDC token has expired (${said})`, { cause });
        if (/audience|aud\b/i.test(said)) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo(`Vault refused the OIDC token's audience (${said}). Role ${opts.role} must list it in bound_audiences; this token has ${(0,_token_js__WEBPACK_IMPORTED_MODULE_3__/* .subjectAndAudience */ .og)(idToken)} (set vault-audience to one of the bound audiences).`, { cause });
        }
        if (/subject|bound claim|claim .* does not match|sub\b/i.test(said)) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo(`Vault refused this workflow (${said}). The bound_subject and bound_claims of role ${opts.role} must match this token: ${(0,_token_js__WEBPACK_IMPORTED_MODULE_3__/* .describeClaims */ .Zs)(idToken.claims)}.`, { cause });
        }
        if (/role .* (could not be found|not found)|unsupported path|no handler/i.test(said) || res.status === 404) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo(`Vault has no JWT role ${opts.role} at auth mount ${mount} (${said}); check vault-role, vault-mount and vault-namespace.`, { cause });
        }
        if (res.status === 400 || res.status === 403)
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo(`Vault refused the login with role ${opts.role} (${said}).`, { cause });
        throw new _http_js__WEBPACK_IMPORTED_MODULE_2__/* .CloudServiceError */ .vf(`Vault answered ${said}`, { ...ids, retryable: false });
    });
}
/** Revokes the token (`POST /v1/auth/token/revoke-self`); best effort, one attempt. */
async function revokeVaultToken(credentials, deps) {
    try {
        const res = await (0,_http_js__WEBPACK_IMPORTED_MODULE_2__/* .httpRequest */ .aj)(`${credentials.address}/v1/auth/token/revoke-self`, { method: 'POST', headers: vaultHeaders(credentials.namespace, credentials.token) }, deps);
        return res.status === 204 || res.status === 200;
    }
    catch {
        return false;
    }
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
