export const id = 272;
export const ids = [272];
export const modules = {

/***/ 20272:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   AWSCURRENT: () => (/* binding */ AWSCURRENT),
/* harmony export */   AWSPENDING: () => (/* binding */ AWSPENDING),
/* harmony export */   SecretsManager: () => (/* binding */ SecretsManager),
/* harmony export */   amzDate: () => (/* binding */ amzDate),
/* harmony export */   open: () => (/* binding */ open)
/* harmony export */ });
/* harmony import */ var aws4__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(88832);
/* harmony import */ var aws4__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(aws4__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _shared_errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(32635);
/* harmony import */ var _shared_oidc_http_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(61728);
/* harmony import */ var _failure_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(12988);




/**
 * AWS Secrets Manager: `aws-secretsmanager:SECRET_ID` (a name or an ARN), over its JSON 1.1 API
 * signed with SigV4 (aws4), following Secrets Manager's own rotation protocol (staging labels,
 * https://docs.aws.amazon.com/secretsmanager/latest/userguide/rotate-secrets_how.html) driven by
 * the rotation engine. Loaded lazily (open.ts); its lines are parsed by parse.ts. Only
 * rotate-secret writes Secrets Manager secrets, so the client lives here, not in shared/.
 *
 * - stage (create step, before the target changes): PutSecretValue with ClientRequestToken
 *   `rotate-secret-<version>` and the label AWSPENDING. Readers of AWSCURRENT still get the old
 *   value; the new one is durable in AWS from here on. Same token and value again: a no-op.
 * - write (distribute step, after the new value logged in): AWSCURRENT moves to that version —
 *   Secrets Manager puts AWSPREVIOUS on the old one, the last known good value — then AWSPENDING
 *   is removed. Each step reads the labels first, so an interrupted promotion completes on re-run.
 * - recover (a resumed rotation): the version of this rotation's token, pending or already
 *   current, holds the value; the engine resumes with it rather than making another.
 * - discard (an abandoned rotation): AWSPENDING is removed; AWSCURRENT never moved.
 *
 * The secret must exist (the action only adds versions: no CreateSecret permission, and its KMS key,
 * policy and tags stay yours). A secret rotated by a Secrets Manager rotation function, or with an
 * AWSPENDING version this action did not stage, is refused before anything changes: two rotators
 * would fight over the labels, and the other's pending value may be the only copy of a credential.
 */
const AWSCURRENT = 'AWSCURRENT';
const AWSPENDING = 'AWSPENDING';
/** ClientRequestTokens of this action's versions (32–64 characters, as AWS requires). */
const TOKEN_PREFIX = 'rotate-secret-';
const clientRequestToken = (version) => `${TOKEN_PREFIX}${version}`;
/** A ClientRequestToken: 32–64 characters (AWS's rule); a UUID is the usual choice. */
const CLIENT_REQUEST_TOKEN = /^[\w-]{32,64}$/;
const TRANSIENT_CODES = new Set(['ThrottlingException', 'Throttling', 'InternalServiceError', 'InternalFailure', 'ServiceUnavailable', 'RequestTimeout']);
/** The credentials themselves were refused: refresh once, then give up. */
const CREDENTIAL_CODES = new Set(['ExpiredTokenException', 'UnrecognizedClientException', 'InvalidSignatureException', 'IncompleteSignature']);
function defaultEndpoint(region) {
    return `https://secretsmanager.${region}.amazonaws.com${region.startsWith('cn-') ? '.cn' : ''}`;
}
/** The Secrets Manager calls a rotation needs, each retried by the cloud classifier. */
class SecretsManager {
    #opts;
    #endpoint;
    constructor(opts) {
        this.#opts = opts;
        this.#endpoint = new URL((opts.endpoint ?? defaultEndpoint(opts.region)).replace(/\/+$/, '') + '/');
    }
    /** The secret's labels by version, or undefined when it does not exist. */
    async describeSecret(secretId) {
        const out = await this.#call('DescribeSecret', { SecretId: secretId }, { notFound: 'undefined' });
        if (out === undefined)
            return undefined;
        const stages = {};
        const raw = (0,_shared_oidc_http_js__WEBPACK_IMPORTED_MODULE_2__/* .isRecord */ .u4)(out['VersionIdsToStages']) ? out['VersionIdsToStages'] : {};
        for (const [id, labels] of Object.entries(raw))
            stages[id] = Array.isArray(labels) ? labels.filter((l) => typeof l === 'string') : [];
        return { versionIdsToStages: stages, rotationEnabled: out['RotationEnabled'] === true, deleted: out['DeletedDate'] !== undefined && out['DeletedDate'] !== null };
    }
    /** A version's value and labels, masked on arrival; undefined when the secret or version does not exist. */
    async getSecretValue(secretId, versionId) {
        const out = await this.#call('GetSecretValue', { SecretId: secretId, VersionId: versionId }, { notFound: 'undefined', secretField: 'SecretString' });
        if (out === undefined)
            return undefined;
        const secretString = (0,_shared_oidc_http_js__WEBPACK_IMPORTED_MODULE_2__/* .str */ .gx)(out, 'SecretString');
        if (secretString === undefined)
            throw new _shared_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .yo(`Secret ${secretId} holds binary data; only SecretString values are supported`);
        return { secretString, versionStages: Array.isArray(out['VersionStages']) ? out['VersionStages'].filter((l) => typeof l === 'string') : [] };
    }
    /**
     * Step 1 of a rotation: the new value as AWSPENDING, keyed by the rotation token (idempotent per
     * token: the same token and value again is a no-op; the same token with another value is refused).
     */
    async storePending(secretId, value, token) {
        checkToken(token);
        this.#opts.redactor.add(value);
        await this.#call('PutSecretValue', { SecretId: secretId, ClientRequestToken: token, SecretString: value, VersionStages: [AWSPENDING] });
    }
    /** Moves or removes one staging label (UpdateSecretVersionStage). */
    async updateSecretVersionStage(secretId, versionStage, move) {
        await this.#call('UpdateSecretVersionStage', {
            SecretId: secretId,
            VersionStage: versionStage,
            ...(move.moveToVersionId ? { MoveToVersionId: move.moveToVersionId } : {}),
            ...(move.removeFromVersionId ? { RemoveFromVersionId: move.removeFromVersionId } : {}),
        }, {
            // A retry after a lost answer is refused (the label is no longer where RemoveFromVersionId says):
            // success if the labels are already as asked.
            reconcile: {
                code: 'InvalidParameterException',
                check: async () => {
                    const stages = (await this.describeSecret(secretId))?.versionIdsToStages ?? {};
                    const done = move.moveToVersionId
                        ? (stages[move.moveToVersionId]?.includes(versionStage) ?? false)
                        : !(move.removeFromVersionId && stages[move.removeFromVersionId]?.includes(versionStage));
                    return done ? {} : undefined;
                },
            },
        });
    }
    /**
     * Makes `versionId` AWSCURRENT (the old current becomes AWSPREVIOUS) and removes its AWSPENDING
     * label. Safe to re-run at any point: each attempt reads the labels and does only what is left.
     * Returns the version that was current before, if it changed.
     */
    async promote(secretId, versionId) {
        let previous;
        for (let step = 0; step < 4; step++) {
            const d = await this.describeSecret(secretId);
            if (!d)
                throw new _shared_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .yo(`Secret ${secretId} does not exist (it was deleted during the rotation?)`);
            const stages = d.versionIdsToStages[versionId];
            if (!stages)
                throw new _shared_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .yo(`Secret ${secretId} has no version ${versionId} to promote`);
            const currentId = Object.entries(d.versionIdsToStages).find(([, s]) => s.includes(AWSCURRENT))?.[0];
            if (currentId !== versionId) {
                previous = currentId;
                await this.updateSecretVersionStage(secretId, AWSCURRENT, { moveToVersionId: versionId, ...(currentId ? { removeFromVersionId: currentId } : {}) });
                continue;
            }
            if (stages.includes(AWSPENDING)) {
                await this.updateSecretVersionStage(secretId, AWSPENDING, { removeFromVersionId: versionId });
                continue;
            }
            return { previousVersionId: previous };
        }
        throw new _shared_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .TransientError */ .N_(`Secret ${secretId}: the staging labels kept changing while promoting version ${versionId} (another rotation running?)`);
    }
    /** Drops the AWSPENDING label from `versionId` (an abandoned rotation); the version itself is left for AWS to expire. */
    async discardPending(secretId, versionId) {
        const d = await this.describeSecret(secretId);
        if (!d?.versionIdsToStages[versionId]?.includes(AWSPENDING))
            return;
        await this.updateSecretVersionStage(secretId, AWSPENDING, { removeFromVersionId: versionId });
    }
    async #keys() {
        const c = this.#opts.credentials;
        return 'get' in c ? c.get() : c;
    }
    /** One API call: signed per attempt (fresh date, current credentials), retried by the cloud classifier. */
    async #call(operation, input, opts = {}) {
        const body = JSON.stringify(input);
        const deps = this.#opts;
        const provider = 'get' in deps.credentials ? deps.credentials : undefined;
        const now = () => (deps.clock ? deps.clock.now() : Date.now());
        let refreshed = false;
        let ambiguous = false;
        const label = `Secrets Manager ${operation}${typeof input['SecretId'] === 'string' ? ` ${input['SecretId']}` : typeof input['Name'] === 'string' ? ` ${input['Name']}` : ''}`;
        return (0,_shared_oidc_http_js__WEBPACK_IMPORTED_MODULE_2__/* .retrying */ .R$)(label, deps, async (attempt) => {
            const keys = await this.#keys();
            const signed = aws4__WEBPACK_IMPORTED_MODULE_0___default().sign({
                host: this.#endpoint.host,
                path: this.#endpoint.pathname,
                method: 'POST',
                service: 'secretsmanager',
                region: deps.region,
                headers: { 'Content-Type': 'application/x-amz-json-1.1', 'X-Amz-Target': `secretsmanager.${operation}`, 'X-Amz-Date': amzDate(now()) },
                body,
            }, { accessKeyId: keys.accessKeyId, secretAccessKey: keys.secretAccessKey, ...(keys.sessionToken ? { sessionToken: keys.sessionToken } : {}) });
            const headers = {};
            for (const [k, v] of Object.entries(signed.headers ?? {})) {
                // fetch sets Host and Content-Length itself, to the same values that were signed.
                if (v === undefined || /^(host|content-length)$/i.test(k))
                    continue;
                headers[k.toLowerCase()] = String(v);
            }
            let res;
            try {
                res = await (0,_shared_oidc_http_js__WEBPACK_IMPORTED_MODULE_2__/* .httpRequest */ .aj)(this.#endpoint, { method: 'POST', headers, body }, deps);
            }
            catch (error) {
                ambiguous = true;
                throw error;
            }
            const parsed = (0,_shared_oidc_http_js__WEBPACK_IMPORTED_MODULE_2__/* .parseJson */ .qF)(res.text);
            if (opts.secretField) {
                const secret = (0,_shared_oidc_http_js__WEBPACK_IMPORTED_MODULE_2__/* .str */ .gx)(parsed, opts.secretField);
                if (secret)
                    deps.redactor.add(secret);
            }
            if (res.status === 200) {
                if (!(0,_shared_oidc_http_js__WEBPACK_IMPORTED_MODULE_2__/* .isRecord */ .u4)(parsed))
                    throw new _shared_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .TransientError */ .N_(`${label}: answered 200 with ${(0,_shared_oidc_http_js__WEBPACK_IMPORTED_MODULE_2__/* .describeBody */ .MP)(res)}`);
                return parsed;
            }
            const code = (res.headers.get('x-amzn-errortype') ?? (0,_shared_oidc_http_js__WEBPACK_IMPORTED_MODULE_2__/* .str */ .gx)(parsed, '__type') ?? '').split(':')[0]?.split('#').pop() || undefined;
            const message = (0,_shared_oidc_http_js__WEBPACK_IMPORTED_MODULE_2__/* .firstLine */ .TM)((0,_shared_oidc_http_js__WEBPACK_IMPORTED_MODULE_2__/* .str */ .gx)(parsed, 'message') ?? (0,_shared_oidc_http_js__WEBPACK_IMPORTED_MODULE_2__/* .str */ .gx)(parsed, 'Message') ?? '');
            const requestId = res.headers.get('x-amzn-requestid') ?? undefined;
            const said = `${code ?? `status ${res.status}`}${message ? `: ${message}` : ''}`;
            const ids = { status: res.status, ...(code ? { code } : {}), ...(requestId ? { requestId } : {}) };
            if (code === 'ResourceNotFoundException' && opts.notFound === 'undefined')
                return undefined;
            if (opts.reconcile && code === opts.reconcile.code && (attempt > 1 || ambiguous)) {
                const found = await opts.reconcile.check();
                if (found)
                    return found;
            }
            if ((0,_shared_oidc_http_js__WEBPACK_IMPORTED_MODULE_2__/* .isTransientStatus */ .Dm)(res.status) || (code !== undefined && TRANSIENT_CODES.has(code))) {
                ambiguous = true;
                const wait = (0,_shared_oidc_http_js__WEBPACK_IMPORTED_MODULE_2__/* .retryAfterOf */ .sT)(res, now());
                throw new _shared_oidc_http_js__WEBPACK_IMPORTED_MODULE_2__/* .CloudServiceError */ .vf(`${label}: ${said}`, { ...ids, retryable: true, ...(wait !== undefined ? { retryAfterMs: wait } : {}) });
            }
            if (code !== undefined && CREDENTIAL_CODES.has(code) && provider?.invalidate && !refreshed) {
                // Expired or unknown session: refresh the credentials once and sign again.
                refreshed = true;
                provider.invalidate(keys);
                throw new _shared_oidc_http_js__WEBPACK_IMPORTED_MODULE_2__/* .CloudServiceError */ .vf(`${label}: ${said}; refreshing the credentials`, { ...ids, retryable: true, retryAfterMs: 1 });
            }
            const cause = new _shared_oidc_http_js__WEBPACK_IMPORTED_MODULE_2__/* .CloudServiceError */ .vf(said, { ...ids, retryable: false });
            if (code === 'AccessDeniedException') {
                throw new _shared_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .yo(`${label} was denied (${said}). The role needs secretsmanager:${operation} on this secret (and kms:Decrypt/GenerateDataKey on its key).`, { cause });
            }
            if (code === 'ResourceNotFoundException')
                throw new _shared_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .yo(`${label}: the secret does not exist (${said})`, { cause });
            if (code !== undefined && /^(InvalidParameterException|InvalidRequestException|ResourceExistsException|LimitExceededException|EncryptionFailure|DecryptionFailure|ValidationException)$/.test(code)) {
                throw new _shared_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .yo(`${label} was refused (${said})`, { cause });
            }
            if (code !== undefined && CREDENTIAL_CODES.has(code))
                throw new _shared_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .yo(`${label}: AWS refused the credentials (${said})`, { cause });
            throw new _shared_oidc_http_js__WEBPACK_IMPORTED_MODULE_2__/* .CloudServiceError */ .vf(`${label}: ${said}`, { ...ids, retryable: false });
        });
    }
}
function checkToken(token) {
    if (!CLIENT_REQUEST_TOKEN.test(token)) {
        throw new _shared_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .yo(`A Secrets Manager ClientRequestToken must be 32–64 letters, digits, - or _ (a UUID); got ${token.length} characters`);
    }
}
/** SigV4's X-Amz-Date: 20260101T120000Z. */
function amzDate(ms) {
    return new Date(ms).toISOString().replace(/[:-]|\.\d{3}/g, '');
}
// ---------------------------------------------------------------------------------------------
class SecretsManagerDestination {
    id;
    #secretId;
    #sm;
    #warn;
    /** Versions known to exist here, by token (recover found them, or stage stored them). */
    #found = new Map();
    constructor(spec, sm, warn) {
        this.id = spec.id;
        this.#secretId = spec.secretId;
        this.#sm = sm;
        this.#warn = warn;
    }
    async prepare() {
        const id = this.#secretId;
        const d = await this.#sm.describeSecret(id).catch((error) => {
            throw (0,_failure_js__WEBPACK_IMPORTED_MODULE_3__/* .failure */ .V2)(`${this.id}: cannot describe the secret`, error);
        });
        if (!d) {
            throw new _shared_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .yo(`${this.id}: the secret does not exist, or the role cannot see it. Create it first (aws secretsmanager create-secret --name ${id} …): rotate-secret adds versions to an existing secret and never creates one.`);
        }
        if (d.deleted)
            throw new _shared_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .yo(`${this.id}: the secret is scheduled for deletion; restore it (aws secretsmanager restore-secret) or remove the destination`);
        if (d.rotationEnabled) {
            throw new _shared_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .yo(`${this.id}: the secret has rotation turned on in Secrets Manager (a rotation function rotates it); two rotators would fight over its AWSPENDING label. Turn that rotation off (aws secretsmanager cancel-rotate-secret) or do not rotate it here.`);
        }
        for (const [versionId, stages] of Object.entries(d.versionIdsToStages)) {
            if (!stages.includes(AWSPENDING) || stages.includes(AWSCURRENT) || versionId.startsWith(TOKEN_PREFIX))
                continue;
            throw new _shared_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .yo(`${this.id}: version ${versionId} is labelled AWSPENDING by something other than rotate-secret (an unfinished rotation?); its value may be the only copy of a credential, so it is left alone. ` +
                `When it is not needed: aws secretsmanager update-secret-version-stage --secret-id ${this.#secretId} --version-stage AWSPENDING --remove-from-version-id ${versionId}`);
        }
    }
    async recover({ version }) {
        const token = clientRequestToken(version);
        const found = await this.#sm.getSecretValue(this.#secretId, token);
        if (found === undefined)
            return undefined;
        this.#found.set(token, found.versionStages.length > 0 ? 'labelled' : 'unlabelled');
        return found.secretString;
    }
    async stage(credential, { version }) {
        const token = clientRequestToken(version);
        const found = this.#found.get(token);
        if (found === 'labelled')
            return;
        try {
            if (found === 'unlabelled') {
                // The version exists but lost its labels (someone removed AWSPENDING by hand): label it again.
                const d = await this.#sm.describeSecret(this.#secretId);
                const holder = Object.entries(d?.versionIdsToStages ?? {}).find(([, stages]) => stages.includes(AWSPENDING))?.[0];
                await this.#sm.updateSecretVersionStage(this.#secretId, AWSPENDING, { moveToVersionId: token, ...(holder ? { removeFromVersionId: holder } : {}) });
            }
            else {
                await this.#sm.storePending(this.#secretId, credential.secret, token);
            }
            this.#found.set(token, 'labelled');
        }
        catch (error) {
            if (/ResourceExistsException/.test((0,_shared_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .messageOf */ .bD)(error))) {
                throw new _shared_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .yo(`${this.id}: version ${token} already holds another value (the interrupted rotation ran with a different \`value\` input?); re-run with the inputs it had, or delete the lock variable to start a new rotation`, { cause: error });
            }
            throw (0,_failure_js__WEBPACK_IMPORTED_MODULE_3__/* .failure */ .V2)(`Failed to store the pending value at ${this.id}`, error);
        }
    }
    async write(_credential, { version }) {
        const token = clientRequestToken(version);
        try {
            const { previousVersionId } = await this.#sm.promote(this.#secretId, token);
            return previousVersionId === undefined ? 'unchanged' : 'updated';
        }
        catch (error) {
            // The promotion is two label moves: when the first landed, the commit happened — the engine
            // must count this destination as holding the new value (it then keeps the lock and never
            // reverts the target under it). Only the cleanup of AWSPENDING was lost; on the current
            // version that label is a state Secrets Manager allows, and the next rotation moves it.
            const now = await this.#sm.describeSecret(this.#secretId).catch(() => undefined);
            if (now?.versionIdsToStages[token]?.includes(AWSCURRENT)) {
                this.#warn(`${this.id}: the new version is AWSCURRENT; removing its AWSPENDING label failed (${(0,_shared_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .messageOf */ .bD)(error)})`);
                return 'updated';
            }
            throw (0,_failure_js__WEBPACK_IMPORTED_MODULE_3__/* .failure */ .V2)(`Failed to make the new version AWSCURRENT at ${this.id}`, error);
        }
    }
    async discard({ version }) {
        await this.#sm.discardPending(this.#secretId, clientRequestToken(version));
    }
}
/** One client per region, with the run's AWS credentials (refreshed before they expire). */
async function open(specs, deps) {
    const access = await deps.cloud('aws');
    const clients = new Map();
    const client = (region) => {
        let sm = clients.get(region);
        if (!sm) {
            sm = new SecretsManager({
                redactor: deps.redactor,
                log: deps.log,
                signal: deps.signal,
                stats: deps.stats,
                region,
                ...(access.endpoints.secretsmanager ? { endpoint: access.endpoints.secretsmanager } : {}),
                credentials: access.credentials,
            });
            clients.set(region, sm);
        }
        return sm;
    };
    return specs.map((spec) => new SecretsManagerDestination(spec, client(spec.region ?? access.config.region), (line) => deps.log.warning(line)));
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


/***/ })

};
