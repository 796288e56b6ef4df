export const id = 136;
export const ids = [136];
export const modules = {

/***/ 48136:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   exchangeGcp: () => (/* binding */ exchangeGcp)
/* harmony export */ });
/* unused harmony export CLOUD_PLATFORM_SCOPE */
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(32635);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(43347);
/* harmony import */ var _http_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(61728);
/* harmony import */ var _token_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(66887);




const CLOUD_PLATFORM_SCOPE = 'https://www.googleapis.com/auth/cloud-platform';
async function exchangeGcp(idToken, opts) {
    const federated = await stsExchange(idToken, opts);
    if (!opts.serviceAccount) {
        return { provider: 'gcp', accessToken: federated.accessToken, expiresAt: federated.expiresAt, ...(opts.projectId ? { projectId: opts.projectId } : {}) };
    }
    return impersonate(federated.accessToken, opts.serviceAccount, idToken, opts);
}
async function stsExchange(idToken, opts) {
    const endpoint = (opts.stsEndpoint ?? 'https://sts.googleapis.com').replace(/\/+$/, '');
    const now = () => (opts.clock ? opts.clock.now() : Date.now());
    const body = JSON.stringify({
        audience: `//iam.googleapis.com/${opts.workloadIdentityProvider}`,
        grantType: 'urn:ietf:params:oauth:grant-type:token-exchange',
        requestedTokenType: 'urn:ietf:params:oauth:token-type:access_token',
        scope: (opts.scopes ?? [CLOUD_PLATFORM_SCOPE]).join(' '),
        subjectTokenType: 'urn:ietf:params:oauth:token-type:jwt',
        subjectToken: idToken.value,
    });
    return (0,_http_js__WEBPACK_IMPORTED_MODULE_2__/* .retrying */ .R$)('Exchange the OIDC token at Google STS', opts, async () => {
        const res = await (0,_http_js__WEBPACK_IMPORTED_MODULE_2__/* .httpRequest */ .aj)(`${endpoint}/v1/token`, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, body }, opts);
        const parsed = (0,_http_js__WEBPACK_IMPORTED_MODULE_2__/* .parseJson */ .qF)(res.text);
        const accessToken = (0,_http_js__WEBPACK_IMPORTED_MODULE_2__/* .str */ .gx)(parsed, 'access_token');
        if (accessToken)
            opts.redactor.add(accessToken);
        if (res.status === 200) {
            const expiresIn = (0,_http_js__WEBPACK_IMPORTED_MODULE_2__/* .isRecord */ .u4)(parsed) ? Number(parsed['expires_in']) : Number.NaN;
            if (!accessToken)
                throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .TransientError */ .N_(`Google STS answered 200 without an access token (${(0,_http_js__WEBPACK_IMPORTED_MODULE_2__/* .describeBody */ .MP)(res)})`);
            return { accessToken, expiresAt: now() + (Number.isFinite(expiresIn) && expiresIn > 0 ? expiresIn : 3600) * 1000 };
        }
        const code = (0,_http_js__WEBPACK_IMPORTED_MODULE_2__/* .str */ .gx)(parsed, 'error');
        const description = (0,_http_js__WEBPACK_IMPORTED_MODULE_2__/* .firstLine */ .TM)((0,_http_js__WEBPACK_IMPORTED_MODULE_2__/* .str */ .gx)(parsed, 'error_description') ?? '');
        const said = `${code ?? `status ${res.status}`}${description ? `: ${description}` : ''}`;
        const ids = { status: res.status, ...(code ? { code } : {}) };
        const cause = new _http_js__WEBPACK_IMPORTED_MODULE_2__/* .CloudServiceError */ .vf(said, { ...ids, retryable: false });
        if ((0,_http_js__WEBPACK_IMPORTED_MODULE_2__/* .isTransientStatus */ .Dm)(res.status) || code === 'temporarily_unavailable') {
            const wait = (0,_http_js__WEBPACK_IMPORTED_MODULE_2__/* .retryAfterOf */ .sT)(res, now());
            throw new _http_js__WEBPACK_IMPORTED_MODULE_2__/* .CloudServiceError */ .vf(`Google STS answered ${said}`, { ...ids, retryable: true, ...(wait !== undefined ? { retryAfterMs: wait } : {}) });
        }
        if (/expired|stale/i.test(description))
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .IdTokenExpiredError */ .O(`Google STS says the OIDC token has expired (${said})`, { cause });
        if (code === 'invalid_grant' && /audience/i.test(description)) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo(`Google STS refused the OIDC token's audience (${said}). The provider ${opts.workloadIdentityProvider} must allow the audience ` +
                `'${idToken.audience ?? '(GitHub default)'}' (its default allowed audience is https://iam.googleapis.com/${opts.workloadIdentityProvider}; set gcp-audience to match).`, { cause });
        }
        if (code === 'unauthorized_client' || /attribute condition/i.test(description)) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo(`Google STS refused this workflow (${said}). The attribute condition of ${opts.workloadIdentityProvider} must accept this token: ${(0,_token_js__WEBPACK_IMPORTED_MODULE_3__/* .describeClaims */ .Zs)(idToken.claims)}.`, { cause });
        }
        if (code === 'invalid_target') {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo(`Google STS does not know the workload identity provider ${opts.workloadIdentityProvider}, or it is disabled (${said}).`, { cause });
        }
        throw new _http_js__WEBPACK_IMPORTED_MODULE_2__/* .CloudServiceError */ .vf(`Google STS answered ${said}`, { ...ids, retryable: false });
    });
}
async function impersonate(federatedToken, serviceAccount, idToken, opts) {
    const endpoint = (opts.iamCredentialsEndpoint ?? 'https://iamcredentials.googleapis.com').replace(/\/+$/, '');
    const url = `${endpoint}/v1/projects/-/serviceAccounts/${encodeURIComponent(serviceAccount)}:generateAccessToken`;
    const body = JSON.stringify({ scope: opts.scopes ?? [CLOUD_PLATFORM_SCOPE], lifetime: `${opts.lifetimeSeconds ?? 3600}s` });
    const now = () => (opts.clock ? opts.clock.now() : Date.now());
    return (0,_http_js__WEBPACK_IMPORTED_MODULE_2__/* .retrying */ .R$)(`Impersonate service account ${serviceAccount}`, opts, async () => {
        const res = await (0,_http_js__WEBPACK_IMPORTED_MODULE_2__/* .httpRequest */ .aj)(url, { method: 'POST', headers: { authorization: `Bearer ${federatedToken}`, 'content-type': 'application/json', accept: 'application/json' }, body }, opts);
        const parsed = (0,_http_js__WEBPACK_IMPORTED_MODULE_2__/* .parseJson */ .qF)(res.text);
        const accessToken = (0,_http_js__WEBPACK_IMPORTED_MODULE_2__/* .str */ .gx)(parsed, 'accessToken');
        if (accessToken)
            opts.redactor.add(accessToken);
        if (res.status === 200) {
            const expiresAt = Date.parse((0,_http_js__WEBPACK_IMPORTED_MODULE_2__/* .str */ .gx)(parsed, 'expireTime') ?? '');
            if (!accessToken || !Number.isFinite(expiresAt)) {
                throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .TransientError */ .N_(`IAM Credentials answered 200 without a complete token (${(0,_http_js__WEBPACK_IMPORTED_MODULE_2__/* .describeBody */ .MP)(res)})`);
            }
            opts.log?.debug(`Impersonating ${serviceAccount}; the token expires at ${new Date(expiresAt).toISOString()}`);
            return { provider: 'gcp', accessToken, expiresAt, serviceAccount, ...(opts.projectId ? { projectId: opts.projectId } : {}) };
        }
        const error = (0,_http_js__WEBPACK_IMPORTED_MODULE_2__/* .isRecord */ .u4)(parsed) && (0,_http_js__WEBPACK_IMPORTED_MODULE_2__/* .isRecord */ .u4)(parsed['error']) ? parsed['error'] : undefined;
        const status = (0,_http_js__WEBPACK_IMPORTED_MODULE_2__/* .str */ .gx)(error, 'status');
        const message = (0,_http_js__WEBPACK_IMPORTED_MODULE_2__/* .firstLine */ .TM)((0,_http_js__WEBPACK_IMPORTED_MODULE_2__/* .str */ .gx)(error, 'message') ?? '');
        const said = `${status ?? `status ${res.status}`}${message ? `: ${message}` : ''}`;
        const ids = { status: res.status, ...(status ? { code: status } : {}) };
        if ((0,_http_js__WEBPACK_IMPORTED_MODULE_2__/* .isTransientStatus */ .Dm)(res.status)) {
            const wait = (0,_http_js__WEBPACK_IMPORTED_MODULE_2__/* .retryAfterOf */ .sT)(res, now());
            throw new _http_js__WEBPACK_IMPORTED_MODULE_2__/* .CloudServiceError */ .vf(`IAM Credentials answered ${said}`, { ...ids, retryable: true, ...(wait !== undefined ? { retryAfterMs: wait } : {}) });
        }
        if (res.status === 403 || status === 'PERMISSION_DENIED') {
            const pool = opts.workloadIdentityProvider.replace(/\/providers\/[^/]+$/, '');
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo(`Google Cloud refused to let this workflow impersonate ${serviceAccount} (${said}). Grant roles/iam.workloadIdentityUser on the ` +
                `service account to principalSet://iam.googleapis.com/${pool}/attribute.repository/${idToken.claims.repository ?? 'OWNER/REPO'} ` +
                `(or the principal://…/subject/${idToken.claims.sub ?? 'SUBJECT'} of this token).`, { cause: new _http_js__WEBPACK_IMPORTED_MODULE_2__/* .CloudServiceError */ .vf(said, { ...ids, retryable: false }) });
        }
        throw new _http_js__WEBPACK_IMPORTED_MODULE_2__/* .CloudServiceError */ .vf(`IAM Credentials answered ${said}`, { ...ids, retryable: false });
    });
}


/***/ })

};
