export const id = 499;
export const ids = [499];
export const modules = {

/***/ 70499:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   assumeRoleWithWebIdentity: () => (/* binding */ assumeRoleWithWebIdentity)
/* harmony export */ });
/* unused harmony exports defaultStsEndpoint, defaultSessionName, xmlTag */
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(32635);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(43347);
/* harmony import */ var _http_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(61728);
/* harmony import */ var _token_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(66887);




const TRANSIENT_CODES = new Set([
    'IDPCommunicationError',
    'Throttling',
    'ThrottlingException',
    'RequestLimitExceeded',
    'ServiceUnavailable',
    'InternalFailure',
    'InternalError',
    'RequestTimeout',
]);
const VERIFICATION_KEY = /couldn'?t retrieve verification key/i;
function defaultStsEndpoint(region) {
    return `https://sts.${region}.amazonaws.com${region.startsWith('cn-') ? '.cn' : ''}`;
}
function defaultSessionName(env = process.env) {
    const runId = env['GITHUB_RUN_ID'];
    const name = runId ? `GitHubActions-${runId}-${env['GITHUB_RUN_ATTEMPT'] ?? '1'}` : 'GitHubActions';
    return name.replace(/[^\w+=,.@-]/g, '-').slice(0, 64);
}
async function assumeRoleWithWebIdentity(idToken, opts) {
    const endpoint = (opts.stsEndpoint ?? defaultStsEndpoint(opts.region)).replace(/\/+$/, '');
    const body = new URLSearchParams({
        Action: 'AssumeRoleWithWebIdentity',
        Version: '2011-06-15',
        RoleArn: opts.roleArn,
        RoleSessionName: opts.sessionName ?? defaultSessionName(opts.env),
        WebIdentityToken: idToken.value,
        DurationSeconds: String(opts.durationSeconds ?? 3600),
    }).toString();
    const now = () => (opts.clock ? opts.clock.now() : Date.now());
    return (0,_http_js__WEBPACK_IMPORTED_MODULE_2__/* .retrying */ .R$)(`Assume AWS role ${opts.roleArn}`, opts, async () => {
        const res = await (0,_http_js__WEBPACK_IMPORTED_MODULE_2__/* .httpRequest */ .aj)(`${endpoint}/`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8', accept: 'text/xml' }, body }, opts);
        if (res.status === 200) {
            // Mask each component before anything else looks at the answer.
            const accessKeyId = xmlTag(res.text, 'AccessKeyId');
            const secretAccessKey = xmlTag(res.text, 'SecretAccessKey');
            const sessionToken = xmlTag(res.text, 'SessionToken');
            for (const secret of [accessKeyId, secretAccessKey, sessionToken])
                if (secret)
                    opts.redactor.add(secret);
            const expiration = Date.parse(xmlTag(res.text, 'Expiration') ?? '');
            if (!accessKeyId || !secretAccessKey || !sessionToken || !Number.isFinite(expiration)) {
                throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .TransientError */ .N_(`STS answered 200 without complete credentials (${(0,_http_js__WEBPACK_IMPORTED_MODULE_2__/* .describeBody */ .MP)(res)})`);
            }
            const assumedRoleArn = xmlTag(res.text, 'Arn');
            opts.log?.debug(`Assumed AWS role ${assumedRoleArn ?? opts.roleArn}; credentials expire at ${new Date(expiration).toISOString()}`);
            return {
                provider: 'aws',
                accessKeyId,
                secretAccessKey,
                sessionToken,
                region: opts.region,
                expiresAt: expiration,
                ...(assumedRoleArn ? { assumedRoleArn } : {}),
            };
        }
        throw stsError(res.status, res.text, res.headers.get('x-amzn-requestid') ?? undefined, (0,_http_js__WEBPACK_IMPORTED_MODULE_2__/* .retryAfterOf */ .sT)(res, now()), idToken, opts.roleArn);
    });
}
function stsError(status, text, headerRequestId, retryAfterMs, token, roleArn) {
    const code = xmlTag(text, 'Code');
    const message = (0,_http_js__WEBPACK_IMPORTED_MODULE_2__/* .firstLine */ .TM)(xmlTag(text, 'Message') ?? '');
    const requestId = xmlTag(text, 'RequestId') ?? headerRequestId;
    const said = `${code ?? `status ${status}`}${message ? `: ${message}` : ''}`;
    const issuer = issuerHost(token.claims.iss);
    const ids = { status, ...(code ? { code } : {}), ...(requestId ? { requestId } : {}) };
    if (code === 'AccessDenied') {
        return new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo(`AWS refused to let this workflow assume ${roleArn} (${said}). The role's trust policy must allow the OIDC provider ` +
            `${issuer} and its conditions on ${issuer}:sub and ${issuer}:aud must match this token: ${(0,_token_js__WEBPACK_IMPORTED_MODULE_3__/* .subjectAndAudience */ .og)(token)}. ` +
            `Check the sub pattern (branch, tag, environment or pull_request) and the role ARN.`, { cause: new _http_js__WEBPACK_IMPORTED_MODULE_2__/* .CloudServiceError */ .vf(said, { ...ids, retryable: false }) });
    }
    if (code === 'ExpiredTokenException' || /token (is )?expired/i.test(message)) {
        return new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .IdTokenExpiredError */ .O(`AWS STS says the OIDC token has expired (${said})`, { cause: new _http_js__WEBPACK_IMPORTED_MODULE_2__/* .CloudServiceError */ .vf(said, { ...ids, retryable: false }) });
    }
    const retryable = (0,_http_js__WEBPACK_IMPORTED_MODULE_2__/* .isTransientStatus */ .Dm)(status) || (code !== undefined && TRANSIENT_CODES.has(code)) || (code === 'InvalidIdentityToken' && VERIFICATION_KEY.test(message));
    if (retryable)
        return new _http_js__WEBPACK_IMPORTED_MODULE_2__/* .CloudServiceError */ .vf(`STS answered ${said}`, { ...ids, retryable: true, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) });
    if (code === 'InvalidIdentityToken' || code === 'IDPRejectedClaim') {
        return new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo(`AWS STS rejected the OIDC token (${said}). The account needs an IAM OIDC identity provider for ${token.claims.iss ?? issuer} ` +
            `whose audiences (client ids) include '${token.audience ?? '(GitHub default)'}'; this token has ${(0,_token_js__WEBPACK_IMPORTED_MODULE_3__/* .subjectAndAudience */ .og)(token)}.`, { cause: new _http_js__WEBPACK_IMPORTED_MODULE_2__/* .CloudServiceError */ .vf(said, { ...ids, retryable: false }) });
    }
    if (code === 'ValidationError' || code === 'MalformedPolicyDocument' || code === 'PackedPolicyTooLarge' || code === 'RegionDisabledException') {
        return new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo(`AWS STS refused the request to assume ${roleArn} (${said})`, { cause: new _http_js__WEBPACK_IMPORTED_MODULE_2__/* .CloudServiceError */ .vf(said, { ...ids, retryable: false }) });
    }
    return new _http_js__WEBPACK_IMPORTED_MODULE_2__/* .CloudServiceError */ .vf(`STS answered ${said}`, { ...ids, retryable: false });
}
/** The issuer as IAM names it in condition keys: host and path, no scheme. */
function issuerHost(iss) {
    return iss ? iss.replace(/^https?:\/\//, '').replace(/\/+$/, '') : 'token.actions.githubusercontent.com';
}
/** The text of the first `<name>` element (entities decoded), or undefined. */
function xmlTag(xml, name) {
    const match = new RegExp(`<${name}(?:\\s[^>]*)?>([\\s\\S]*?)</${name}>`).exec(xml);
    return match?.[1] === undefined ? undefined : decodeXml(match[1].trim());
}
function decodeXml(text) {
    return text.replace(/&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);/g, (_, e) => {
        if (e.startsWith('#x'))
            return String.fromCodePoint(Number.parseInt(e.slice(2), 16));
        if (e.startsWith('#'))
            return String.fromCodePoint(Number.parseInt(e.slice(1), 10));
        return { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }[e] ?? '';
    });
}


/***/ })

};
