export const id = 216;
export const ids = [216];
export const modules = {

/***/ 3216:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   openPostgres: () => (/* binding */ openPostgres),
/* harmony export */   scramVerifier: () => (/* binding */ scramVerifier)
/* harmony export */ });
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(77598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var pg__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(83849);
/* harmony import */ var _url_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(40102);
/* harmony import */ var _types_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(79870);




/**
 * PostgreSQL through `pg`. Passwords are sent as SCRAM-SHA-256 verifiers computed here (what
 * psql's \password does), so the plaintext never reaches the server, its statement log or
 * pg_stat_activity; only when the server does not store SCRAM (password_encryption = md5) or the
 * value is not printable ASCII (SASLprep) is the quoted plaintext sent for the server to hash.
 *
 * A role cannot hold two passwords, so single-user rotation replaces it (keepsOldPassword false).
 * Alternating users are created as LOGIN roles that are members of the template role (INHERIT:
 * they have its privileges).
 */
const REJECTED = new Set(['28P01', '28000']); // invalid_password, invalid_authorization_specification
/** SCRAM-SHA-256 verifier as PostgreSQL stores it (RFC 5802 / RFC 7677). */
function scramVerifier(password, salt = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.randomBytes)(16), iterations = 4096) {
    const salted = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.pbkdf2Sync)(password, salt, iterations, 32, 'sha256');
    const clientKey = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHmac)('sha256', salted).update('Client Key').digest();
    const storedKey = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256').update(clientKey).digest();
    const serverKey = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHmac)('sha256', salted).update('Server Key').digest();
    return `SCRAM-SHA-256$${iterations}:${salt.toString('base64')}$${storedKey.toString('base64')}:${serverKey.toString('base64')}`;
}
function code(error) {
    const c = error?.code;
    return typeof c === 'string' ? c : undefined;
}
async function openPostgres(opts) {
    const { url, adminUser, where } = opts.target;
    const config = (url) => ({
        connectionString: url,
        connectionTimeoutMillis: opts.timeoutMs,
        query_timeout: opts.timeoutMs,
        application_name: 'actions-suite/rotate-secret',
    });
    const admin = new pg__WEBPACK_IMPORTED_MODULE_1__/* ["default"].Client */ .Ay.Client(config(url));
    admin.on('error', () => undefined); // a dropped connection surfaces on the next query
    try {
        await admin.connect();
    }
    catch (error) {
        const why = REJECTED.has(code(error) ?? '') ? `the admin credential of target-url was rejected` : `the server could not be reached`;
        throw new _types_js__WEBPACK_IMPORTED_MODULE_3__/* .TargetUnavailable */ .I(`Could not connect to the postgres target at ${where} as '${adminUser}': ${why} (${error.message})`, {
            cause: error,
        });
    }
    let scram;
    const literalFor = async (password) => {
        if (scram === undefined) {
            const r = await admin.query('SHOW password_encryption');
            scram = r.rows[0]?.password_encryption === 'scram-sha-256';
        }
        const value = scram && /^[\x20-\x7e]*$/.test(password) ? scramVerifier(password) : password;
        return admin.escapeLiteral(value);
    };
    const ident = (name) => admin.escapeIdentifier(name);
    return {
        kind: 'postgres',
        adminUser,
        where,
        keepsOldPassword: false,
        async existing(users) {
            const r = await admin.query('SELECT rolname FROM pg_roles WHERE rolname = ANY($1::text[])', [[...users]]);
            return new Set(r.rows.map((row) => row.rolname));
        },
        async createUser(user, template, password) {
            await admin.query(`CREATE ROLE ${ident(user)} LOGIN INHERIT PASSWORD ${await literalFor(password)} IN ROLE ${ident(template)}`);
        },
        async setPassword(user, password, how) {
            if (how === 'add')
                throw new Error('postgres roles hold one password; add is not supported');
            await admin.query(`ALTER ROLE ${ident(user)} PASSWORD ${await literalFor(password)}`);
        },
        async removePassword() {
            throw new Error('postgres roles hold one password; remove is not supported');
        },
        async retireOtherPasswords() {
            return 0;
        },
        async canLogin(user, password) {
            const client = new pg__WEBPACK_IMPORTED_MODULE_1__/* ["default"].Client */ .Ay.Client(config((0,_url_js__WEBPACK_IMPORTED_MODULE_2__/* .withCredentials */ .t)(url, user, password)));
            client.on('error', () => undefined);
            try {
                await client.connect();
                await client.query('SELECT 1');
                return true;
            }
            catch (error) {
                if (REJECTED.has(code(error) ?? ''))
                    return false;
                throw new Error(`Logging in to postgres at ${where} as '${user}' failed: ${error.message}`, { cause: error });
            }
            finally {
                await client.end().catch(() => undefined);
            }
        },
        async close() {
            await admin.end().catch(() => undefined);
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
