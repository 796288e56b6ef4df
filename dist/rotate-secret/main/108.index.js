export const id = 108;
export const ids = [108];
export const modules = {

/***/ 65108:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  open: () => (/* binding */ github_secrets_open)
});

// EXTERNAL MODULE: ./shared/errors.ts
var errors = __webpack_require__(32635);
// EXTERNAL MODULE: ./actions/rotate-secret/src/failure.ts
var failure = __webpack_require__(12988);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(77598);
// EXTERNAL MODULE: ./node_modules/@noble/ciphers/salsa.js + 3 modules
var salsa = __webpack_require__(46382);
// EXTERNAL MODULE: ./node_modules/@noble/hashes/blake2.js + 4 modules
var blake2 = __webpack_require__(10904);
;// CONCATENATED MODULE: ./actions/rotate-secret/src/sealed-box.ts



/**
 * libsodium's crypto_box_seal, which GitHub requires for secret values: an ephemeral X25519 key
 * pair, nonce = BLAKE2b-24(ephemeral pk ‖ recipient pk), key = HSalsa20(X25519 shared secret, 0),
 * then the XSalsa20-Poly1305 secretbox; the output is ephemeral pk ‖ MAC ‖ ciphertext.
 * Built on node:crypto's X25519 and the audited @noble primitives instead of libsodium.js, whose
 * WebAssembly heap costs ~17 MiB of a 55 MiB memory budget. Tests open these boxes with libsodium.
 */
/** Native-endian 32-bit words of a byte string, on a fresh buffer (a Buffer may sit in a shared pool). */
const words = (bytes) => new Uint32Array(new Uint8Array(bytes).buffer);
// The Salsa20 constant HSalsa20 starts from.
const SIGMA = words(Buffer.from('expand 32-byte k', 'ascii'));
// The DER prefix that wraps a raw 32-byte X25519 public key as SPKI for node:crypto.
const SPKI_PREFIX = Buffer.from('302a300506032b656e032100', 'hex');
function sealedBox(message, recipientPublicKey) {
    if (recipientPublicKey.length !== 32)
        throw new TypeError(`sealedBox: a public key has 32 bytes, got ${recipientPublicKey.length}`);
    const ephemeral = (0,external_node_crypto_.generateKeyPairSync)('x25519');
    const ephemeralPublic = ephemeral.publicKey.export({ format: 'der', type: 'spki' }).subarray(SPKI_PREFIX.length);
    const shared = (0,external_node_crypto_.diffieHellman)({
        privateKey: ephemeral.privateKey,
        publicKey: (0,external_node_crypto_.createPublicKey)({ key: Buffer.concat([SPKI_PREFIX, recipientPublicKey]), format: 'der', type: 'spki' }),
    });
    const nonce = (0,blake2/* blake2b */.Sx)(Buffer.concat([ephemeralPublic, recipientPublicKey]), { dkLen: 24 });
    const boxed = (0,salsa/* secretbox */.EY)(hsalsa20(shared), nonce).seal(message);
    return Buffer.concat([ephemeralPublic, boxed]);
}
/** crypto_box_beforenm: HSalsa20 of the shared secret with a zero input. */
function hsalsa20(shared) {
    const key = words(shared);
    const out = new Uint32Array(8);
    (0,salsa/* hsalsa */.bD)(SIGMA, key, new Uint32Array(4), out);
    return new Uint8Array(out.buffer);
}

;// CONCATENATED MODULE: ./actions/rotate-secret/src/destinations/github-secrets.ts



function scopeOf(spec) {
    if (spec.scope === 'repo') {
        const params = { owner: spec.owner, repo: spec.repo };
        return {
            key: `${spec.app}:${spec.owner}/${spec.repo}`,
            what: `${spec.app === 'actions' ? 'repository' : 'Dependabot'} secrets of ${spec.owner}/${spec.repo}`,
            params,
            publicKeyRoute: `GET /repos/{owner}/{repo}/${spec.app}/secrets/public-key`,
            secretRoute: `PUT /repos/{owner}/{repo}/${spec.app}/secrets/{secret_name}`,
        };
    }
    if (spec.scope === 'environment') {
        return {
            key: `environment:${spec.owner}/${spec.repo}:${spec.environment}`,
            what: `secrets of environment '${spec.environment}' in ${spec.owner}/${spec.repo}`,
            params: { owner: spec.owner, repo: spec.repo, environment_name: spec.environment },
            publicKeyRoute: 'GET /repos/{owner}/{repo}/environments/{environment_name}/secrets/public-key',
            secretRoute: 'PUT /repos/{owner}/{repo}/environments/{environment_name}/secrets/{secret_name}',
        };
    }
    return {
        key: `org:${spec.org}`,
        what: `organisation secrets of ${spec.org}`,
        params: { org: spec.org },
        publicKeyRoute: 'GET /orgs/{org}/actions/secrets/public-key',
        secretRoute: 'PUT /orgs/{org}/actions/secrets/{secret_name}',
    };
}
/** GitHub serves keys and expects boxes in standard base64 (libsodium's ORIGINAL variant). */
function seal(value, keyBase64) {
    return Buffer.from(sealedBox(Buffer.from(value, 'utf8'), Buffer.from(keyBase64, 'base64'))).toString('base64');
}
/** What every destination of this kind shares in a run: the client and one public key per scope. */
class Keys {
    #deps;
    #cache = new Map();
    constructor(deps) {
        this.#deps = deps;
    }
    /** The scope's public key, fetched once per run (again only when `refresh` asks). */
    get(scope, refresh = false) {
        let pending = refresh ? undefined : this.#cache.get(scope.key);
        if (!pending) {
            pending = this.#fetch(scope);
            this.#cache.set(scope.key, pending);
            pending.catch(() => this.#cache.delete(scope.key));
        }
        return pending;
    }
    async #fetch(scope) {
        const gh = await this.#deps.github();
        try {
            const { data } = await gh.request(scope.publicKeyRoute, { ...scope.params, request: { signal: this.#deps.signal } });
            const key = data;
            if (typeof key.key !== 'string' || typeof key.key_id !== 'string')
                throw new Error('the public key response has no key or key_id');
            return { key: key.key, key_id: key.key_id };
        }
        catch (error) {
            if ((0,failure/* statusOf */.c2)(error) === 404) {
                throw new errors/* UserError */.yo(`cannot read the public key for the ${scope.what}: it does not exist, or github-token cannot see it (${(0,errors/* messageOf */.bD)(error)})`, {
                    cause: error,
                });
            }
            throw (0,failure/* failure */.V2)(`Failed to read the public key for the ${scope.what}`, error);
        }
    }
}
class GitHubSecretDestination {
    id;
    #spec;
    #scope;
    #keys;
    #deps;
    /** Body fields beyond the value (organisation visibility and repositories), settled in prepare(). */
    #access = {};
    constructor(spec, keys, deps) {
        this.id = spec.id;
        this.#spec = spec;
        this.#scope = scopeOf(spec);
        this.#keys = keys;
        this.#deps = deps;
    }
    async prepare() {
        await this.#keys.get(this.#scope);
        if (this.#spec.scope === 'org')
            this.#access = await this.#orgAccess(this.#spec);
    }
    async write(credential) {
        return this.#writeSecret(this.#deps.name, credential.secret);
    }
    /** PUT replaces the value whatever it was: idempotent without the rotation's version. */
    async #writeSecret(name, value) {
        let key = await this.#keys.get(this.#scope);
        try {
            return await this.#put(name, seal(value, key.key), key.key_id);
        }
        catch (error) {
            if ((0,failure/* statusOf */.c2)(error) !== 422)
                throw this.#explain(name, error);
            const fresh = await this.#keys.get(this.#scope, true);
            if (fresh.key_id === key.key_id)
                throw this.#explain(name, error);
            key = fresh;
            try {
                return await this.#put(name, seal(value, key.key), key.key_id);
            }
            catch (again) {
                throw this.#explain(name, again);
            }
        }
    }
    async #put(name, encrypted, keyId) {
        const gh = await this.#deps.github();
        const r = await gh.request(this.#scope.secretRoute, {
            ...this.#scope.params,
            secret_name: name,
            encrypted_value: encrypted,
            key_id: keyId,
            ...this.#access,
            request: { signal: this.#deps.signal },
        });
        return r.status === 201 ? 'created' : 'updated';
    }
    #explain(name, error) {
        if ((0,failure/* isForbidden */.US)(error))
            return (0,failure/* tokenCannotWrite */.kz)(this.#scope.what, error);
        return (0,failure/* failure */.V2)(`Failed to write ${name} to the ${this.#scope.what}`, error);
    }
    /**
     * `github:org:ORG` keeps an existing secret's access as it is (new secrets: private repositories);
     * `all`/`private` set it; `selected=…` sets the repositories, resolved to ids here.
     */
    async #orgAccess(spec) {
        const gh = await this.#deps.github();
        const signal = this.#deps.signal;
        if (spec.visibility === undefined) {
            try {
                const { data } = await gh.request('GET /orgs/{org}/actions/secrets/{secret_name}', { org: spec.org, secret_name: this.#deps.name, request: { signal } });
                return { visibility: data.visibility ?? 'private' };
            }
            catch (error) {
                if ((0,failure/* statusOf */.c2)(error) === 404)
                    return { visibility: 'private' };
                throw error;
            }
        }
        if (spec.visibility !== 'selected')
            return { visibility: spec.visibility };
        const ids = [];
        for (const repo of spec.selected) {
            try {
                const { data } = await gh.request('GET /repos/{owner}/{repo}', { owner: spec.org, repo, request: { signal } });
                ids.push(data.id);
            }
            catch (error) {
                if ((0,failure/* statusOf */.c2)(error) === 404) {
                    throw new errors/* UserError */.yo(`${spec.id}: repository ${spec.org}/${repo} does not exist, or github-token cannot see it`, { cause: error });
                }
                throw error;
            }
        }
        return { visibility: 'selected', selected_repository_ids: ids };
    }
}
async function github_secrets_open(specs, deps) {
    const keys = new Keys(deps);
    return specs.map((spec) => new GitHubSecretDestination(spec, keys, deps));
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


/***/ })

};
