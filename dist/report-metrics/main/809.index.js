export const id = 809;
export const ids = [809];
export const modules = {

/***/ 3809:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   LABEL: () => (/* binding */ LABEL),
/* harmony export */   issueAlert: () => (/* binding */ issueAlert),
/* harmony export */   markerOf: () => (/* binding */ markerOf)
/* harmony export */ });
/* harmony import */ var _shared_summary_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(9771);
/* harmony import */ var _collect_budget_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(9492);
/* harmony import */ var _detector_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(5812);
/* harmony import */ var _types_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(9523);




/**
 * One GitHub issue per regressed series, in the repository the job runs in, found again by a
 * hidden marker in its body (the series key, base64url-encoded so no name can end the comment):
 * opened when a series regresses, its body refreshed on every evaluation while it lasts, and
 * closed with a comment once the newest `confirm-runs` runs are back under the baseline.
 * Creates are reconciled by looking for the marker, so a retried POST never opens a second issue.
 */
const LABEL = 'report-metrics';
const MARKER = /<!-- actions-suite\/report-metrics series:([A-Za-z0-9_-]+) -->/;
function markerOf(key) {
    const canonical = JSON.stringify([key.repository, key.workflow, key.job ?? null, key.event, key.branch_class]);
    return `<!-- actions-suite/report-metrics series:${Buffer.from(canonical).toString('base64url')} -->`;
}
const issueAlert = {
    async deliver(a) {
        const gh = await a.github();
        const params = (0,_collect_budget_js__WEBPACK_IMPORTED_MODULE_1__/* .repoParams */ .Vt)(a.target.home);
        const actions = [];
        const open = await openIssues(gh, params);
        for (const s of a.analysis.series) {
            const marker = markerOf(s.key);
            const issue = open.get(marker);
            const e = s.evaluation;
            if (issue && e.recovered) {
                actions.push(`close #${issue.number}: ${(0,_types_js__WEBPACK_IMPORTED_MODULE_3__/* .seriesTitle */ .K)(s)} recovered`);
                if (a.settings.dryRun)
                    continue;
                const note = `<!-- actions-suite/report-metrics recovered ${a.target.runUrl} -->`;
                await gh.request('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', {
                    ...params,
                    issue_number: issue.number,
                    body: scrub(a, `${note}\nRecovered: the newest ${a.settings.confirmRuns} runs of ${(0,_shared_summary_js__WEBPACK_IMPORTED_MODULE_0__/* .cell */ .H)((0,_types_js__WEBPACK_IMPORTED_MODULE_3__/* .seriesTitle */ .K)(s))} are back under the baseline median plus half the threshold (median now ${seconds(e.current.median_ms)}, baseline ${seconds(e.baseline.median_ms)}). Closed by [report-metrics](${a.target.runUrl}).`),
                    request: { reconcile: commentReconcile(gh, params, issue.number, note) },
                });
                await gh.request('PATCH /repos/{owner}/{repo}/issues/{issue_number}', { ...params, issue_number: issue.number, state: 'closed', state_reason: 'completed' });
                continue;
            }
            if (!issue && !(0,_detector_js__WEBPACK_IMPORTED_MODULE_2__/* .isActive */ .$m)(e))
                continue;
            const body = scrub(a, bodyFor(a, s, marker));
            if (!issue) {
                actions.push(`open an issue: ${(0,_types_js__WEBPACK_IMPORTED_MODULE_3__/* .seriesTitle */ .K)(s)}`);
                if (a.settings.dryRun)
                    continue;
                const { data } = await gh.request('POST /repos/{owner}/{repo}/issues', {
                    ...params,
                    title: scrub(a, `Duration regression: ${(0,_types_js__WEBPACK_IMPORTED_MODULE_3__/* .seriesTitle */ .K)(s)} is ${(0,_types_js__WEBPACK_IMPORTED_MODULE_3__/* .pct */ .O)(e.ratio_hl)} slower`).slice(0, 250),
                    body,
                    labels: [LABEL],
                    request: { reconcile: createReconcile(gh, params, marker) },
                });
                actions[actions.length - 1] += ` (#${data.number})`;
            }
            else if (issue.body !== body) {
                actions.push(`update #${issue.number}: ${(0,_types_js__WEBPACK_IMPORTED_MODULE_3__/* .seriesTitle */ .K)(s)} (${e.verdict})`);
                if (a.settings.dryRun)
                    continue;
                await gh.request('PATCH /repos/{owner}/{repo}/issues/{issue_number}', { ...params, issue_number: issue.number, body });
            }
        }
        return { channel: 'issue', actions };
    },
};
async function openIssues(gh, params) {
    const found = new Map();
    for (let page = 1; page <= 10; page++) {
        const { data } = await gh.request('GET /repos/{owner}/{repo}/issues', { ...params, state: 'open', labels: LABEL, per_page: 100, page });
        const list = data;
        for (const i of list) {
            const m = MARKER.exec(i.body ?? '');
            if (m && !i.pull_request)
                found.set(m[0], { number: i.number, body: i.body ?? '', marker: m[0] });
        }
        if (list.length < 100)
            break;
    }
    return found;
}
function createReconcile(gh, params, marker) {
    return async () => {
        const issue = (await openIssues(gh, params)).get(marker);
        return issue ? { data: { number: issue.number }, status: 201 } : undefined;
    };
}
function commentReconcile(gh, params, issueNumber, note) {
    return async () => {
        const { data } = await gh.request('GET /repos/{owner}/{repo}/issues/{issue_number}/comments', { ...params, issue_number: issueNumber, per_page: 100 });
        const hit = data.find((c) => (c.body ?? '').includes(note));
        return hit ? { data: hit, status: 201 } : undefined;
    };
}
function bodyFor(a, s, marker) {
    const e = s.evaluation;
    const k = s.key;
    const first = e.first_slow_run;
    const status = e.verdict === 'regression'
        ? '**Status: regressed.**'
        : `**Status: ${e.verdict}; waiting for ${a.settings.confirmRuns} consecutive runs under the baseline before closing.**`;
    return [
        marker,
        `${status} ${e.reason}`,
        '',
        '| | baseline | window |',
        '|---|---|---|',
        `| successful runs | ${e.baseline.n} | ${e.current.n} |`,
        `| median | ${seconds(e.baseline.median_ms)} | ${seconds(e.current.median_ms)} |`,
        `| p95 | ${seconds(e.baseline.p95_ms)} | ${seconds(e.current.p95_ms)} |`,
        '',
        `- Series: repository \`${(0,_shared_summary_js__WEBPACK_IMPORTED_MODULE_0__/* .cell */ .H)(k.repository)}\`, workflow \`${(0,_shared_summary_js__WEBPACK_IMPORTED_MODULE_0__/* .cell */ .H)(k.workflow)}\`${k.job !== undefined ? `, job \`${(0,_shared_summary_js__WEBPACK_IMPORTED_MODULE_0__/* .cell */ .H)(k.job)}\`` : ''}, event \`${k.event}\`, ${k.branch_class === 'default' ? 'default branch' : 'other branches'}`,
        `- Change: ${(0,_types_js__WEBPACK_IMPORTED_MODULE_3__/* .pct */ .O)(e.ratio_hl)} (Hodges–Lehmann; 95% interval ${e.ratio_hl_ci95 ? `${(0,_types_js__WEBPACK_IMPORTED_MODULE_3__/* .pct */ .O)(e.ratio_hl_ci95[0])} to ${(0,_types_js__WEBPACK_IMPORTED_MODULE_3__/* .pct */ .O)(e.ratio_hl_ci95[1])}` : '?'}), adjusted p = ${e.q_value?.toPrecision(2) ?? '?'}, threshold +${e.threshold_pct}%`,
        first
            ? `- First slow run: [#${first.run_number}](${first.url}) at ${first.created_at}, commit ${first.head_sha}${first.previous_head_sha && first.previous_head_sha !== first.head_sha ? ` ([changes since the run before](${a.target.serverUrl}/${k.repository}/compare/${first.previous_head_sha}...${first.head_sha}))` : ''}`
            : '- First slow run: not located',
        `- Window ${a.analysis.window.from} → ${a.analysis.window.to}; baseline from ${a.analysis.baseline.from}`,
        `- Evaluated by [report-metrics](${a.target.runUrl}). This issue closes itself once the newest ${a.settings.confirmRuns} runs are back under the baseline median plus half the threshold.`,
    ].join('\n');
}
function seconds(ms) {
    return ms === null ? '–' : `${(ms / 1000).toFixed(1)} s`;
}
function scrub(a, text) {
    return a.ctx.redactor.scrub(text);
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
