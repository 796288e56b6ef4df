export const id = 476;
export const ids = [476];
export const modules = {

/***/ 6476:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   aclRules: () => (/* binding */ aclRules),
/* harmony export */   openRedis: () => (/* binding */ openRedis)
/* harmony export */ });
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(77598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _redis_client__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(90488);
/* harmony import */ var _redis_client__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(_redis_client__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _url_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(40102);
/* harmony import */ var _types_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(79870);




/**
 * Redis ACL users through `@redis/client` (RESP2, no reconnects, no client-info handshake).
 * Passwords are set as `#<sha256>` so the plaintext never reaches the server. An ACL user can hold
 * several passwords, so single-user rotation adds the new one and retires the old ones only at
 * the end (keepsOldPassword). Alternating users are created from the template's `ACL LIST` rules.
 * After every change `ACL SAVE` persists the users when the server has an ACL file; without one,
 * a restart would bring the old passwords back, so the run warns.
 */
const sha256 = (s) => (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256').update(s, 'utf8').digest('hex');
const isWrongPass = (error) => /^WRONGPASS\b/.test(error?.message ?? '');
/** The rules of one `ACL LIST` line (`user NAME rule rule (selector rules)…`), passwords dropped. */
function aclRules(line) {
    const tokens = [];
    let current = '';
    let depth = 0;
    for (const ch of line) {
        if (ch === '(')
            depth++;
        if (ch === ')')
            depth--;
        if (ch === ' ' && depth === 0) {
            if (current)
                tokens.push(current);
            current = '';
        }
        else {
            current += ch;
        }
    }
    if (current)
        tokens.push(current);
    if (tokens[0] !== 'user' || tokens[1] === undefined)
        return undefined;
    const rules = tokens.slice(2).filter((t) => !/^[#><!]/.test(t) && t !== 'nopass' && t !== 'resetpass');
    return { user: tokens[1], rules };
}
async function openRedis(opts) {
    const { url, adminUser, where } = opts.target;
    const clientFor = (url) => (0,_redis_client__WEBPACK_IMPORTED_MODULE_1__.createClient)({
        url,
        RESP: 2,
        disableClientInfo: true,
        socket: { reconnectStrategy: false, connectTimeout: opts.timeoutMs },
        commandOptions: { timeout: opts.timeoutMs },
    });
    const admin = clientFor(url);
    admin.on('error', () => undefined);
    try {
        await admin.connect();
    }
    catch (error) {
        admin.destroy();
        const why = isWrongPass(error) ? 'the admin credential of target-url was rejected' : 'the server could not be reached';
        throw new _types_js__WEBPACK_IMPORTED_MODULE_3__/* .TargetUnavailable */ .I(`Could not connect to the redis target at ${where} as '${adminUser || 'default'}': ${why} (${error.message})`, {
            cause: error,
        });
    }
    const command = (args) => admin.sendCommand(args);
    let warnedPersistence = false;
    const persist = async () => {
        try {
            await command(['ACL', 'SAVE']);
        }
        catch (error) {
            if (warnedPersistence)
                return;
            warnedPersistence = true;
            opts.log.warning(`redis at ${where}: ACL SAVE failed (${error.message}); the ACL change is live but only in memory — ` +
                'a restart of the server would bring back the old password. Configure an aclfile so rotations persist.');
        }
    };
    const passwordHashes = async (user) => {
        const reply = await command(['ACL', 'GETUSER', user]);
        if (!Array.isArray(reply))
            return [];
        const i = reply.findIndex((v) => String(v) === 'passwords');
        const list = reply[i + 1];
        return Array.isArray(list) ? list.map(String) : [];
    };
    return {
        kind: 'redis',
        adminUser: adminUser || 'default',
        where,
        keepsOldPassword: true,
        async existing(users) {
            const all = await command(['ACL', 'USERS']);
            const set = new Set(all.map(String));
            return new Set(users.filter((u) => set.has(u)));
        },
        async createUser(user, template, password) {
            const lines = (await command(['ACL', 'LIST'])).map(String);
            const found = lines.map(aclRules).find((r) => r?.user === template);
            if (!found)
                throw new Error(`the template user '${template}' does not exist`);
            await command(['ACL', 'SETUSER', user, 'reset', ...found.rules, `#${sha256(password)}`]);
            await persist();
        },
        async setPassword(user, password, how) {
            await command(['ACL', 'SETUSER', user, ...(how === 'replace' ? ['resetpass'] : []), `#${sha256(password)}`]);
            await persist();
        },
        async removePassword(user, password) {
            await command(['ACL', 'SETUSER', user, `!${sha256(password)}`]);
            await persist();
        },
        async retireOtherPasswords(user, keep) {
            const keepHash = sha256(keep);
            const others = (await passwordHashes(user)).filter((h) => h !== keepHash);
            if (others.length === 0)
                return 0;
            await command(['ACL', 'SETUSER', user, ...others.map((h) => `!${h}`)]);
            await persist();
            return others.length;
        },
        async canLogin(user, password) {
            const client = clientFor((0,_url_js__WEBPACK_IMPORTED_MODULE_2__/* .withCredentials */ .t)(url, user, password));
            client.on('error', () => undefined);
            try {
                await client.connect(); // AUTH user password
                await client.sendCommand(['PING']).catch((error) => {
                    // Authenticated, but not allowed to PING: the credential itself works.
                    if (!/^NOPERM\b/.test(error.message))
                        throw error;
                });
                return true;
            }
            catch (error) {
                if (isWrongPass(error))
                    return false;
                throw new Error(`Logging in to redis at ${where} as '${user}' failed: ${error.message}`, { cause: error });
            }
            finally {
                client.destroy();
            }
        },
        async close() {
            admin.destroy();
        },
    };
}


/***/ }),

/***/ 79870:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   I: () => (/* binding */ TargetUnavailable)
/* harmony export */ });
/** A failure to reach or log in to the target as admin; the run stops before changing anything. */
class TargetUnavailable extends Error {
    name = 'TargetUnavailable';
}


/***/ })

};
