export const id = 446;
export const ids = [446];
export const modules = {

/***/ 446:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   getNewestLogEvents: () => (/* binding */ getNewestLogEvents)
/* harmony export */ });
/* harmony import */ var _aws_sdk_client_cloudwatch_logs__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(303);
/* harmony import */ var _call_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1373);
/** Thin adapter over CloudWatch Logs: the newest events of one log stream. */


/** GetLogEvents, newest `limit` events of a stream, oldest first (one page: no more is needed). */
async function getNewestLogEvents(logs, group, stream, limit) {
    const out = await (0,_call_js__WEBPACK_IMPORTED_MODULE_0__/* .awsCall */ .uF)(`Reading log stream "${stream}" of log group "${group}"`, 'logs:GetLogEvents', () => logs.send(new _aws_sdk_client_cloudwatch_logs__WEBPACK_IMPORTED_MODULE_1__.GetLogEventsCommand({ logGroupName: group, logStreamName: stream, limit, startFromHead: false })));
    return out.events ?? [];
}


/***/ })

};
