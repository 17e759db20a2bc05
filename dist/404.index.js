export const id = 404;
export const ids = [404];
export const modules = {

/***/ 7404:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   listTargetsByRule: () => (/* binding */ listTargetsByRule),
/* harmony export */   putTargets: () => (/* binding */ putTargets)
/* harmony export */ });
/* harmony import */ var _aws_sdk_client_eventbridge__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6612);
/* harmony import */ var _core_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4296);
/* harmony import */ var _call_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1373);
/** Thin adapters over EventBridge rules: list a rule's targets, put targets back. Errors worded by awsCall. */



const onBus = (bus) => `event bus "${bus ?? 'default'}"`;
/** ListTargetsByRule, every page. `bus` undefined: the default event bus. A missing rule is a not-found AwsError. */
async function listTargetsByRule(client, bus, rule) {
    const targets = [];
    let token;
    do {
        const out = await (0,_call_js__WEBPACK_IMPORTED_MODULE_1__/* .awsCall */ .uF)(`Listing the targets of rule "${rule}" on ${onBus(bus)}`, 'events:ListTargetsByRule', () => client.send(new _aws_sdk_client_eventbridge__WEBPACK_IMPORTED_MODULE_2__.ListTargetsByRuleCommand({ Rule: rule, ...(bus !== undefined ? { EventBusName: bus } : {}), ...(token ? { NextToken: token } : {}) })));
        targets.push(...(out.Targets ?? []));
        token = out.NextToken;
    } while (token);
    return targets;
}
/**
 * PutTargets: adds or replaces (by Id) `targets` of the rule, leaving its other targets as they are. An
 * answer with FailedEntryCount > 0 is a DeployError naming the rule, each failed target and why.
 */
async function putTargets(client, bus, rule, targets) {
    const out = await (0,_call_js__WEBPACK_IMPORTED_MODULE_1__/* .awsCall */ .uF)(`Updating the targets of rule "${rule}" on ${onBus(bus)}`, 'events:PutTargets', () => client.send(new _aws_sdk_client_eventbridge__WEBPACK_IMPORTED_MODULE_2__.PutTargetsCommand({ Rule: rule, ...(bus !== undefined ? { EventBusName: bus } : {}), Targets: targets })));
    if ((out.FailedEntryCount ?? 0) > 0) {
        const failed = (out.FailedEntries ?? []).map((f) => `target "${f.TargetId ?? '?'}" (${f.ErrorCode ?? 'no error code'}: ${f.ErrorMessage ?? 'no message'})`);
        throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .DeployError */ .sH(`Updating the targets of rule "${rule}" on ${onBus(bus)} failed for ${out.FailedEntryCount} target(s): ${failed.length > 0 ? failed.join('; ') : 'EventBridge named none'}.`);
    }
}


/***/ })

};
