export const id = 189;
export const ids = [189];
export const modules = {

/***/ 8189:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   exchangeAzure: () => (/* binding */ exchangeAzure)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(32635);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(43347);
/* harmony import */ var _http_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(61728);
/* harmony import */ var _token_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(66887);




/** AADSTS codes that say "try again": 50166 (the external OIDC endpoint failed, i.e. fetching GitHub's keys), 90033 (transient). */
const TRANSIENT_AADSTS = new Set(['50166', '90033']);
async function exchangeAzure(idToken, opts) {
    const authority = (opts.authorityHost ?? 'https://login.microsoftonline.com').replace(/\/+$/, '');
    const url = `${authority}/${encodeURIComponent(opts.tenantId)}/oauth2/v2.0/token`;
    const body = new URLSearchParams({
        client_id: opts.clientId,
        scope: opts.scope ?? 'https://management.azure.com/.default',
        grant_type: 'client_credentials',
        client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
        client_assertion: idToken.value,
    }).toString();
    const now = () => (opts.clock ? opts.clock.now() : Date.now());
    return (0,_http_js__WEBPACK_IMPORTED_MODULE_2__/* .retrying */ .R$)(`Get an Azure access token for client ${opts.clientId}`, opts, async () => {
        const res = await (0,_http_js__WEBPACK_IMPORTED_MODULE_2__/* .httpRequest */ .aj)(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' }, body }, opts);
        const parsed = (0,_http_js__WEBPACK_IMPORTED_MODULE_2__/* .parseJson */ .qF)(res.text);
        const accessToken = (0,_http_js__WEBPACK_IMPORTED_MODULE_2__/* .str */ .gx)(parsed, 'access_token');
        if (accessToken)
            opts.redactor.add(accessToken);
        if (res.status === 200) {
            const expiresIn = (0,_http_js__WEBPACK_IMPORTED_MODULE_2__/* .isRecord */ .u4)(parsed) ? Number(parsed['expires_in']) : Number.NaN;
            if (!accessToken || !Number.isFinite(expiresIn))
                throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .TransientError */ .N_(`Microsoft Entra answered 200 without a complete token (${(0,_http_js__WEBPACK_IMPORTED_MODULE_2__/* .describeBody */ .MP)(res)})`);
            return {
                provider: 'azure',
                accessToken,
                expiresAt: now() + expiresIn * 1000,
                clientId: opts.clientId,
                tenantId: opts.tenantId,
                ...(opts.subscriptionId ? { subscriptionId: opts.subscriptionId } : {}),
            };
        }
        const code = (0,_http_js__WEBPACK_IMPORTED_MODULE_2__/* .str */ .gx)(parsed, 'error');
        const description = (0,_http_js__WEBPACK_IMPORTED_MODULE_2__/* .firstLine */ .TM)((0,_http_js__WEBPACK_IMPORTED_MODULE_2__/* .str */ .gx)(parsed, 'error_description') ?? '');
        const aadsts = /AADSTS(\d+)/.exec(description)?.[1];
        const requestId = (0,_http_js__WEBPACK_IMPORTED_MODULE_2__/* .str */ .gx)(parsed, 'correlation_id') ?? res.headers.get('x-ms-request-id') ?? undefined;
        const said = `${code ?? `status ${res.status}`}${description ? `: ${description}` : ''}`;
        const ids = { status: res.status, code: aadsts ? `AADSTS${aadsts}` : (code ?? `status ${res.status}`), ...(requestId ? { requestId } : {}) };
        const cause = new _http_js__WEBPACK_IMPORTED_MODULE_2__/* .CloudServiceError */ .vf(said, { ...ids, retryable: false });
        if ((0,_http_js__WEBPACK_IMPORTED_MODULE_2__/* .isTransientStatus */ .Dm)(res.status) || code === 'temporarily_unavailable' || (aadsts && TRANSIENT_AADSTS.has(aadsts))) {
            const wait = (0,_http_js__WEBPACK_IMPORTED_MODULE_2__/* .retryAfterOf */ .sT)(res, now());
            throw new _http_js__WEBPACK_IMPORTED_MODULE_2__/* .CloudServiceError */ .vf(`Microsoft Entra answered ${said}`, { ...ids, retryable: true, ...(wait !== undefined ? { retryAfterMs: wait } : {}) });
        }
        if (aadsts === '700024')
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .IdTokenExpiredError */ .O(`Microsoft Entra says the OIDC token is not within its valid time range (${said})`, { cause });
        if (/federated identity record/i.test(description) || aadsts === '70021' || aadsts === '700212' || aadsts === '700213') {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo(`Microsoft Entra found no federated credential of application ${opts.clientId} matching this workflow (${said}). ` +
                `Add one with issuer '${idToken.claims.iss ?? 'https://token.actions.githubusercontent.com'}', subject equal to this token's sub and audience equal to its aud: ${(0,_token_js__WEBPACK_IMPORTED_MODULE_3__/* .subjectAndAudience */ .og)(idToken)}.`, { cause });
        }
        if (aadsts === '700016')
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo(`Microsoft Entra does not know application ${opts.clientId} in tenant ${opts.tenantId} (${said}); check azure-client-id and azure-tenant-id.`, { cause });
        if (aadsts === '90002')
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo(`Microsoft Entra does not know tenant ${opts.tenantId} (${said}); check azure-tenant-id and azure-authority-host.`, { cause });
        throw new _http_js__WEBPACK_IMPORTED_MODULE_2__/* .CloudServiceError */ .vf(`Microsoft Entra answered ${said}`, { ...ids, retryable: false });
    });
}


/***/ })

};
