export const id = 741;
export const ids = [741];
export const modules = {

/***/ 63741:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   mysqlLiteral: () => (/* binding */ mysqlLiteral),
/* harmony export */   openMysql: () => (/* binding */ openMysql),
/* harmony export */   regrant: () => (/* binding */ regrant)
/* harmony export */ });
/* harmony import */ var mysql2_promise__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(27588);
/* harmony import */ var _url_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(40102);
/* harmony import */ var _types_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(79870);



/**
 * MySQL and MariaDB through `mysql2`. An account is user@host; a user name may have several
 * accounts (hosts), and rotation changes them all in one ALTER USER statement (atomic). Statements
 * are built by us (ALTER USER takes no placeholders); string literals are escaped for the server's
 * sql_mode (NO_BACKSLASH_ESCAPES changes the rules).
 *
 * MariaDB accounts hold one password (keepsOldPassword false). Alternating users are created with
 * the template's hosts and grants (SHOW GRANTS replayed for the new account).
 */
const REJECTED = new Set([1045, 1698]); // ER_ACCESS_DENIED_ERROR, ER_ACCESS_DENIED_NO_PASSWORD_ERROR
function errno(error) {
    const n = error?.errno;
    return typeof n === 'number' ? n : undefined;
}
function mysqlLiteral(value, noBackslashEscapes) {
    if (noBackslashEscapes)
        return `'${value.replaceAll("'", "''")}'`;
    const escapes = { '\0': '\\0', '\n': '\\n', '\r': '\\r', '\u001a': '\\Z' };
    let out = '';
    for (const c of value)
        out += escapes[c] ?? (c === '\\' || c === "'" || c === '"' ? `\\${c}` : c);
    return `'${out}'`;
}
/** A SHOW GRANTS line of `from` rewritten for `to`, without the password clause. */
function regrant(line, from, to) {
    const q = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const quoted = (s) => `(?:\`${q(s.replaceAll('`', '``'))}\`|'${q(s.replaceAll("'", "\\'"))}')`;
    const grantee = new RegExp(`${quoted(from.user)}@${quoted(from.host)}`, 'g');
    return line
        .replace(grantee, to)
        .replace(/\s+IDENTIFIED\s+(BY\s+PASSWORD\s+'[^']*'|VIA\s+.*?)(?=\s+(WITH|REQUIRE)\b|$)/i, '');
}
async function openMysql(opts) {
    const { url, adminUser, where } = opts.target;
    let admin;
    try {
        admin = await mysql2_promise__WEBPACK_IMPORTED_MODULE_0__.createConnection({ uri: url, connectTimeout: opts.timeoutMs, multipleStatements: false });
    }
    catch (error) {
        const why = REJECTED.has(errno(error) ?? 0) ? 'the admin credential of target-url was rejected' : 'the server could not be reached';
        throw new _types_js__WEBPACK_IMPORTED_MODULE_2__/* .TargetUnavailable */ .I(`Could not connect to the mysql target at ${where} as '${adminUser}': ${why} (${error.message})`, {
            cause: error,
        });
    }
    admin.on('error', () => undefined);
    const [modeRows] = await admin.query('SELECT @@SESSION.sql_mode AS mode');
    const noBackslash = /NO_BACKSLASH_ESCAPES/.test(String(modeRows[0]?.['mode'] ?? ''));
    const lit = (s) => mysqlLiteral(s, noBackslash);
    const account = (user, host) => `${lit(user)}@${lit(host)}`;
    const run = (sql) => admin.query({ sql, timeout: opts.timeoutMs });
    const hostsOf = async (user) => {
        const [rows] = await admin.query('SELECT Host AS host FROM mysql.user WHERE User = ? ORDER BY Host', [user]);
        return rows.map((r) => String(r['host']));
    };
    return {
        kind: 'mysql',
        adminUser,
        where,
        keepsOldPassword: false,
        async existing(users) {
            if (users.length === 0)
                return new Set();
            const [rows] = await admin.query('SELECT DISTINCT User AS user FROM mysql.user WHERE User IN (?)', [[...users]]);
            return new Set(rows.map((r) => String(r['user'])));
        },
        async createUser(user, template, password) {
            const hosts = await hostsOf(template);
            if (hosts.length === 0)
                throw new Error(`the template user '${template}' has no account`);
            for (const host of hosts) {
                await run(`CREATE USER ${account(user, host)} IDENTIFIED BY ${lit(password)}`);
                const [grants] = await admin.query(`SHOW GRANTS FOR ${account(template, host)}`);
                for (const row of grants) {
                    const line = String(Object.values(row)[0] ?? '');
                    if (!/^GRANT\s/i.test(line))
                        continue;
                    await run(regrant(line, { user: template, host }, account(user, host)));
                }
            }
        },
        async setPassword(user, password, how) {
            if (how === 'add')
                throw new Error('mysql accounts hold one password here; add is not supported');
            const hosts = await hostsOf(user);
            if (hosts.length === 0)
                throw new Error(`the user '${user}' has no account`);
            await run(`ALTER USER ${hosts.map((h) => `${account(user, h)} IDENTIFIED BY ${lit(password)}`).join(', ')}`);
        },
        async removePassword() {
            throw new Error('mysql accounts hold one password here; remove is not supported');
        },
        async retireOtherPasswords() {
            return 0;
        },
        async canLogin(user, password) {
            let conn;
            try {
                conn = await mysql2_promise__WEBPACK_IMPORTED_MODULE_0__.createConnection({ uri: (0,_url_js__WEBPACK_IMPORTED_MODULE_1__/* .withCredentials */ .t)(url, user, password), connectTimeout: opts.timeoutMs });
                conn.on('error', () => undefined);
                await conn.query('SELECT 1');
                return true;
            }
            catch (error) {
                if (REJECTED.has(errno(error) ?? 0))
                    return false;
                throw new Error(`Logging in to mysql at ${where} as '${user}' failed: ${error.message}`, { cause: error });
            }
            finally {
                await conn?.end().catch(() => undefined);
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
