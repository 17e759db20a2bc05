export const id = 332;
export const ids = [332];
export const modules = {

/***/ 8332:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   describeParameter: () => (/* binding */ describeParameter),
/* harmony export */   getParameterValue: () => (/* binding */ getParameterValue),
/* harmony export */   overwriteParameter: () => (/* binding */ overwriteParameter)
/* harmony export */ });
/* harmony import */ var _aws_sdk_client_ssm__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(4736);
/* harmony import */ var _core_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4296);
/* harmony import */ var _call_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1373);
/** Thin adapters over SSM Parameter Store: read a parameter, describe it, overwrite its value. */



/** GetParameter (decrypted); a missing parameter is a not-found AwsError. */
async function getParameterValue(ssm, name) {
    const out = await (0,_call_js__WEBPACK_IMPORTED_MODULE_1__/* .awsCall */ .uF)(`Reading SSM parameter "${name}"`, 'ssm:GetParameter', () => ssm.send(new _aws_sdk_client_ssm__WEBPACK_IMPORTED_MODULE_2__.GetParameterCommand({ Name: name, WithDecryption: true })), [
        'ParameterNotFound',
    ]);
    if (out.Parameter?.Value === undefined)
        throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .DeployError */ .sH(`Reading SSM parameter "${name}" returned no value.`);
    return out.Parameter.Value;
}
/** DescribeParameters for one name: its type, tier and KMS key, or undefined when it does not exist. */
async function describeParameter(ssm, name) {
    const out = await (0,_call_js__WEBPACK_IMPORTED_MODULE_1__/* .awsCall */ .uF)(`Describing SSM parameter "${name}"`, 'ssm:DescribeParameters', () => ssm.send(new _aws_sdk_client_ssm__WEBPACK_IMPORTED_MODULE_2__.DescribeParametersCommand({ ParameterFilters: [{ Key: 'Name', Option: 'Equals', Values: [name] }] })));
    const found = out.Parameters?.[0];
    if (!found)
        return undefined;
    return { ...(found.Type ? { type: found.Type } : {}), ...(found.Tier ? { tier: found.Tier } : {}), ...(found.KeyId ? { keyId: found.KeyId } : {}) };
}
/** PutParameter with Overwrite, sending the type, tier and key it had so that none of them changes. */
async function overwriteParameter(ssm, name, value, shape) {
    const out = await (0,_call_js__WEBPACK_IMPORTED_MODULE_1__/* .awsCall */ .uF)(`Writing SSM parameter "${name}"`, 'ssm:PutParameter', () => ssm.send(new _aws_sdk_client_ssm__WEBPACK_IMPORTED_MODULE_2__.PutParameterCommand({
        Name: name,
        Value: value,
        Overwrite: true,
        ...(shape.type ? { Type: shape.type } : {}),
        ...(shape.tier ? { Tier: shape.tier } : {}),
        ...(shape.type === 'SecureString' && shape.keyId ? { KeyId: shape.keyId } : {}),
    })));
    return out.Version;
}


/***/ })

};
