export const id = 754;
export const ids = [754];
export const modules = {

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


/***/ })

};
