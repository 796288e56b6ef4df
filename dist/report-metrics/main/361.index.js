export const id = 361;
export const ids = [361];
export const modules = {

/***/ 8361:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   annotationAlert: () => (/* binding */ annotationAlert)
/* harmony export */ });
/* harmony import */ var _types_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(9523);

/** A warning annotation per regressed series (shown on the run's page), a notice per suspected one. */
const annotationAlert = {
    async deliver({ ctx, analysis }) {
        const actions = [];
        for (const s of analysis.series) {
            const e = s.evaluation;
            if (e.verdict === 'regression') {
                const first = e.first_slow_run ? ` First slow run: #${e.first_slow_run.run_number} (${e.first_slow_run.head_sha.slice(0, 7)}) ${e.first_slow_run.url}` : '';
                const recovered = e.recovered ? ' Its newest runs are back under the baseline (recovered).' : '';
                ctx.log.warning(`${(0,_types_js__WEBPACK_IMPORTED_MODULE_0__/* .seriesTitle */ .K)(s)} is ${(0,_types_js__WEBPACK_IMPORTED_MODULE_0__/* .pct */ .O)(e.ratio_hl)} slower than its baseline. ${e.reason}${first}${recovered}`, undefined, { title: 'Duration regression' });
                actions.push(`warning: ${(0,_types_js__WEBPACK_IMPORTED_MODULE_0__/* .seriesTitle */ .K)(s)}`);
            }
            else if (e.verdict === 'suspected') {
                ctx.log.info(`suspected slowdown, not alerted: ${(0,_types_js__WEBPACK_IMPORTED_MODULE_0__/* .seriesTitle */ .K)(s)}: ${e.reason}`);
            }
        }
        return { channel: 'annotation', actions };
    },
};


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
