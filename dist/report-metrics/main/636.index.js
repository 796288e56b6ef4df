export const id = 636;
export const ids = [636];
export const modules = {

/***/ 5636:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   failAlert: () => (/* binding */ failAlert)
/* harmony export */ });
/* harmony import */ var _detector_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(5812);
/* harmony import */ var _types_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(9523);


/** Fails the step (after the record, outputs and summary are written) when a series regressed and has not recovered. */
const failAlert = {
    async deliver({ analysis }) {
        const regressed = analysis.series.filter((s) => (0,_detector_js__WEBPACK_IMPORTED_MODULE_0__/* .isActive */ .$m)(s.evaluation));
        if (regressed.length === 0)
            return { channel: 'fail', actions: [] };
        const list = regressed.map((s) => `${(0,_types_js__WEBPACK_IMPORTED_MODULE_1__/* .seriesTitle */ .K)(s)} ${(0,_types_js__WEBPACK_IMPORTED_MODULE_1__/* .pct */ .O)(s.evaluation.ratio_hl)}`).join('; ');
        return { channel: 'fail', actions: [`failing the step: ${regressed.length} regression(s)`], failure: `${regressed.length} duration regression(s): ${list}` };
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
