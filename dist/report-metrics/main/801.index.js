export const id = 801;
export const ids = [801];
export const modules = {

/***/ 5801:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   ALERTNAME: () => (/* binding */ ALERTNAME),
/* harmony export */   alertmanagerAlert: () => (/* binding */ alertmanagerAlert),
/* harmony export */   labelsOf: () => (/* binding */ labelsOf)
/* harmony export */ });
/* harmony import */ var _shared_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(2635);
/* harmony import */ var _shared_http_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(9096);
/* harmony import */ var _shared_retry_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7510);
/* harmony import */ var _detector_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(5812);
/* harmony import */ var _types_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(9523);





/**
 * Prometheus Alertmanager (API v2, https://prometheus.io/docs/alerting/latest/clients/): a firing
 * alert per regressed series with the series as labels and this run as generatorURL, and a
 * resolved one (endsAt = now) once the series has recovered — only for alerts Alertmanager still
 * holds as active, so nothing is resolved that never fired. A firing alert's endsAt is now + the
 * window: a schedule that runs more often than that keeps it alive; one that stops lets it lapse
 * instead of firing forever. Basic-auth credentials in the URL are sent as a header, never in a
 * path, and are masked.
 */
const ALERTNAME = 'WorkflowDurationRegression';
function labelsOf(s) {
    const k = s.key;
    return {
        alertname: ALERTNAME,
        repository: k.repository,
        workflow: k.workflow,
        ...(k.job !== undefined ? { job: k.job } : {}),
        event: k.event,
        branch_class: k.branch_class,
        severity: 'warning',
    };
}
function alertmanagerAlert(url) {
    const base = new URL(url.href);
    base.username = '';
    base.password = '';
    const root = base.href.replace(/\/+$/, '');
    const headers = { 'content-type': 'application/json' };
    if (url.username || url.password) {
        headers['authorization'] = `Basic ${Buffer.from(`${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`).toString('base64')}`;
    }
    const call = async (a, method, path, body) => (0,_shared_retry_js__WEBPACK_IMPORTED_MODULE_1__/* .withRetry */ .bD)(`Alertmanager ${method} ${path.replace(/\?.*$/, '')}`, async () => {
        const response = await (0,_shared_http_js__WEBPACK_IMPORTED_MODULE_3__/* .httpFetch */ .t)(`${root}${path}`, {
            method,
            headers,
            ...(body === undefined ? {} : { body: JSON.stringify(body) }),
            signal: AbortSignal.any([AbortSignal.timeout(15_000), a.ctx.signal]),
            maxBodyBytes: 8 * 1024 * 1024,
        });
        const text = await response.text();
        if (response.status === 429 || response.status >= 500)
            throw new _shared_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .TransientError */ .N_(`Alertmanager answered ${response.status}`);
        if (response.status >= 300)
            throw new _shared_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .yo(`Alertmanager at ${root} answered ${response.status} to ${method} ${path.replace(/\?.*$/, '')}: ${a.ctx.redactor.scrub(text.slice(0, 200))}`);
        return text ? JSON.parse(text) : undefined;
    }, { signal: a.ctx.signal, stats: a.ctx.stats, log: (line) => a.ctx.log.info(line) });
    return {
        async deliver(a) {
            const now = new Date(a.now).toISOString();
            const until = new Date(a.now + a.settings.window).toISOString();
            const firing = [];
            const regressed = a.analysis.series.filter((s) => (0,_detector_js__WEBPACK_IMPORTED_MODULE_2__/* .isActive */ .$m)(s.evaluation));
            for (const s of regressed) {
                const e = s.evaluation;
                firing.push({
                    labels: labelsOf(s),
                    annotations: {
                        summary: a.ctx.redactor.scrub(`${(0,_types_js__WEBPACK_IMPORTED_MODULE_4__/* .seriesTitle */ .K)(s)} is ${(0,_types_js__WEBPACK_IMPORTED_MODULE_4__/* .pct */ .O)(e.ratio_hl)} slower than its baseline`),
                        description: a.ctx.redactor.scrub(e.reason),
                        ...(e.first_slow_run ? { first_slow_run: e.first_slow_run.url, first_slow_commit: e.first_slow_run.head_sha } : {}),
                    },
                    generatorURL: a.target.runUrl,
                    startsAt: e.first_slow_run?.created_at ?? now,
                    endsAt: until,
                });
            }
            // What Alertmanager holds for these repositories, to resolve what recovered.
            const active = [];
            for (const repository of new Set(a.analysis.series.map((s) => s.key.repository))) {
                const filter = new URLSearchParams([
                    ['filter', `alertname="${ALERTNAME}"`],
                    ['filter', `repository="${repository}"`],
                    ['active', 'true'],
                    ['silenced', 'true'],
                    ['inhibited', 'true'],
                ]);
                const list = a.settings.dryRun ? [] : (await call(a, 'GET', `/api/v2/alerts?${filter.toString()}`));
                active.push(...(Array.isArray(list) ? list : []));
            }
            const resolved = [];
            for (const s of a.analysis.series) {
                if (!s.evaluation.recovered)
                    continue;
                const labels = labelsOf(s);
                const match = active.find((x) => sameSeries(x.labels, labels));
                if (!match)
                    continue;
                resolved.push({
                    labels: { ...labels, ...(match.labels['severity'] ? { severity: match.labels['severity'] } : {}) },
                    annotations: { summary: a.ctx.redactor.scrub(`${(0,_types_js__WEBPACK_IMPORTED_MODULE_4__/* .seriesTitle */ .K)(s)} recovered`) },
                    generatorURL: a.target.runUrl,
                    startsAt: match.startsAt ?? now,
                    endsAt: now,
                });
            }
            const actions = [...firing.map((x) => `firing: ${title(x.labels)}`), ...resolved.map((x) => `resolved: ${title(x.labels)}`)];
            const batch = [...firing, ...resolved];
            if (batch.length === 0)
                return { channel: 'alertmanager', actions };
            if (a.settings.dryRun) {
                a.ctx.log.info(`dry-run: would POST ${root}/api/v2/alerts ${a.ctx.redactor.scrub(JSON.stringify(batch))}`);
                return { channel: 'alertmanager', actions };
            }
            await call(a, 'POST', '/api/v2/alerts', batch);
            return { channel: 'alertmanager', actions };
        },
    };
}
const SERIES_LABELS = ['repository', 'workflow', 'job', 'event', 'branch_class'];
function sameSeries(a, b) {
    return SERIES_LABELS.every((k) => (a[k] ?? '') === (b[k] ?? ''));
}
function title(labels) {
    return `${labels['repository']} ${labels['workflow']}${labels['job'] ? ` › ${labels['job']}` : ''} (${labels['event']}, ${labels['branch_class']})`;
}


/***/ }),

/***/ 9523:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   K: () => (/* binding */ seriesTitle),
/* harmony export */   O: () => (/* binding */ pct)
/* harmony export */ });
/** "ci.yml (push, default branch)" or "ci.yml › build (push, default branch)". */
function seriesTitle(s) {
    const k = s.key;
    const where = `${k.event}, ${k.branch_class === 'default' ? 'default branch' : 'other branches'}`;
    return `${k.repository} ${k.workflow}${k.job !== undefined ? ` › ${k.job}` : ''} (${where})`;
}
function pct(ratio) {
    return ratio === null ? '?' : `${ratio >= 1 ? '+' : ''}${Math.round((ratio - 1) * 100)}%`;
}


/***/ })

};
