export const id = 808;
export const ids = [808];
export const modules = {

/***/ 9808:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   startGithubDeployment: () => (/* binding */ startGithubDeployment)
/* harmony export */ });
/* unused harmony exports MAX_DESCRIPTION, truncate, shortImage, describeRecord, reasonOf */
/* harmony import */ var _actions_github__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(2413);
/* harmony import */ var _core_arn_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7136);
/* harmony import */ var _core_image_ref_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(3386);
/**
 * Records one run of the action as a GitHub deployment of an environment: created and set
 * `in_progress` before the ECS work, then `success`, `failure` or `error` at the end, with the task
 * definition ARN and image in the payload and the description, so the environment's history on GitHub
 * lists every ECS revision. GitHub being unreachable or refusing is a warning, never a failed deploy:
 * nothing here throws.
 */



/** GitHub rejects deployment and status descriptions longer than this. */
const MAX_DESCRIPTION = 140;
const DEFAULT_API_URL = 'https://api.github.com';
const DEFAULT_TIMEOUT_MS = 15_000;
/** Cuts `text` to at most `max` characters (code points), ending with an ellipsis when cut. */
function truncate(text, max = MAX_DESCRIPTION) {
    const chars = Array.from(text.replace(/\s+/g, ' ').trim());
    return chars.length <= max ? chars.join('') : `${chars.slice(0, max - 1).join('')}…`;
}
/** `repository[:tag][@sha256:abcdef012345…]`: an image without its registry host and with a short digest. */
function shortImage(image) {
    const ref = (0,_core_image_ref_js__WEBPACK_IMPORTED_MODULE_2__/* .parseImageRef */ .Q)(image);
    if (typeof ref === 'string')
        return image;
    let text = ref.repository;
    if (ref.tag)
        text += `:${ref.tag}`;
    if (ref.digest)
        text += `@${ref.digest.slice(0, 'sha256:'.length + 12)}…`;
    return text;
}
/**
 * A description of at most 140 characters: `service: <task definition ARN> (image <short image>)`,
 * shortened step by step (ARN to family:revision, then without the image) until it fits.
 */
function describeRecord(record) {
    if (record.description !== undefined && record.description.trim() !== '')
        return truncate(record.description);
    const service = (0,_core_arn_js__WEBPACK_IMPORTED_MODULE_1__/* .resourceName */ .Iy)(record.service);
    const image = record.image ? ` (image ${shortImage(record.image)})` : '';
    const candidates = record.taskDefinitionArn
        ? [
            `${service}: ${record.taskDefinitionArn}${image}`,
            `${service}: ${(0,_core_arn_js__WEBPACK_IMPORTED_MODULE_1__/* .familyRevision */ .KW)(record.taskDefinitionArn)}${image}`,
            `${service}: ${(0,_core_arn_js__WEBPACK_IMPORTED_MODULE_1__/* .familyRevision */ .KW)(record.taskDefinitionArn)}`,
        ]
        : [`${service} on ${(0,_core_arn_js__WEBPACK_IMPORTED_MODULE_1__/* .resourceName */ .Iy)(record.cluster)}${image}`, `${service} on ${(0,_core_arn_js__WEBPACK_IMPORTED_MODULE_1__/* .resourceName */ .Iy)(record.cluster)}`];
    return truncate(candidates.find((c) => Array.from(c).length <= MAX_DESCRIPTION) ?? candidates.at(-1));
}
/** Only what identifies the revision; never environment or secret values. */
function payloadOf(record, sha) {
    const payload = { cluster: record.cluster, service: record.service };
    if (record.taskDefinitionArn)
        payload.taskDefinitionArn = record.taskDefinitionArn;
    if (record.image)
        payload.image = record.image;
    if (sha)
        payload.sha = sha;
    return payload;
}
/** The error and its causes (fetch wraps network errors twice). */
function causeChain(err) {
    const chain = [];
    let e = err;
    while (e !== null && typeof e === 'object' && chain.length < 6) {
        chain.push(e);
        e = e.cause;
    }
    return chain;
}
/** A one-line reason for a failed GitHub call, without the token. */
function reasonOf(err, token) {
    const chain = causeChain(err);
    const top = chain[0];
    let reason;
    if (top && top.response !== undefined && typeof top.status === 'number') {
        reason = `HTTP ${top.status}: ${top.message ?? 'error'}`;
        if (top.status === 403 || top.status === 404) {
            reason += ' (the workflow must grant `permissions: deployments: write`, and the token must belong to this repository)';
        }
        else if (top.status === 401) {
            reason += ' (check the github-token input)';
        }
    }
    else if (chain.some((e) => e.name === 'TimeoutError' || e.name === 'AbortError')) {
        reason = 'no answer in time';
    }
    else {
        const code = chain.map((e) => e.code).find((c) => typeof c === 'string' && /^E[A-Z]+/.test(c));
        const message = chain.map((e) => e.message).find((m) => typeof m === 'string' && m !== '' && !/^Unknown Error/.test(m));
        reason = `could not reach GitHub: ${message ?? String(err)}`;
        if (code && !reason.includes(code))
            reason += ` (${code})`;
    }
    // (Real tokens are long; masking a very short one would only garble the text.)
    return token.length >= 8 ? reason.split(token).join('***') : reason;
}
async function postStatus(s, id, state, record) {
    const body = {
        state,
        description: describeRecord(record),
        environment: s.opts.environment,
        // Only a success replaces the environment's earlier deployments; after a failure the previous one still serves.
        auto_inactive: state === 'success',
    };
    if (s.opts.runUrl)
        body.log_url = s.opts.runUrl;
    if (record.consoleUrl)
        body.environment_url = record.consoleUrl;
    await s.octokit.rest.repos.createDeploymentStatus({
        owner: s.owner,
        repo: s.repo,
        deployment_id: id,
        ...body,
        request: { signal: AbortSignal.timeout(s.timeoutMs) },
    });
}
/**
 * Creates the deployment (auto_merge false, required_contexts [], payload with taskDefinitionArn, image,
 * cluster, service) and sets it in_progress. Returns undefined when no token or environment is given
 * (nothing is sent), or (with a warning) when GitHub cannot be reached or answers an error: never throws.
 */
async function startGithubDeployment(opts, record) {
    if (!opts.token || !opts.environment)
        return undefined;
    const warn = (what, err) => opts.log.warning(`GitHub deployment of environment "${opts.environment}": ${what}: ${reasonOf(err, opts.token)}. The ECS deploy is not affected.`);
    const [owner, repo, ...extra] = opts.repository.split('/');
    if (!owner || !repo || extra.length > 0) {
        opts.log.warning(`GitHub deployment not recorded: repository "${opts.repository}" is not "owner/repo".`);
        return undefined;
    }
    let session;
    let id;
    try {
        const baseUrl = (opts.apiUrl || DEFAULT_API_URL).replace(/\/+$/, '');
        const octokit = (0,_actions_github__WEBPACK_IMPORTED_MODULE_0__/* .getOctokit */ .Q)(opts.token, {
            baseUrl,
            log: { debug: () => { }, info: () => { }, warn: () => { }, error: () => { } },
        });
        session = { octokit, owner, repo, opts, timeoutMs: opts.timeoutMs ?? DEFAULT_TIMEOUT_MS };
        const created = await octokit.rest.repos.createDeployment({
            owner,
            repo,
            ref: opts.ref || opts.sha,
            task: 'deploy',
            environment: opts.environment,
            auto_merge: false,
            required_contexts: [],
            description: describeRecord(record),
            payload: payloadOf(record, opts.sha),
            request: { signal: AbortSignal.timeout(session.timeoutMs) },
        });
        const data = created.data;
        if (created.status !== 201 || typeof data.id !== 'number') {
            opts.log.warning(`GitHub deployment of environment "${opts.environment}" not created (HTTP ${created.status}${data.message ? `: ${data.message}` : ''}). The ECS deploy is not affected.`);
            return undefined;
        }
        id = data.id;
    }
    catch (err) {
        warn('not created', err);
        return undefined;
    }
    opts.log.info(`GitHub deployment ${id} of environment "${opts.environment}" created.`);
    try {
        await postStatus(session, id, 'in_progress', record);
    }
    catch (err) {
        warn(`status in_progress of deployment ${id} not set`, err);
    }
    let finished = false;
    return {
        id,
        async finish(state, finalRecord) {
            if (finished)
                return;
            finished = true;
            try {
                await postStatus(session, id, state, finalRecord);
                opts.log.info(`GitHub deployment ${id} of environment "${opts.environment}" marked ${state}.`);
            }
            catch (err) {
                warn(`status ${state} of deployment ${id} not set`, err);
            }
        },
    };
}


/***/ })

};
