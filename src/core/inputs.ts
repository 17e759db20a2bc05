/** The action's inputs as one typed, validated settings object. Reads nothing but the given getter. */
import { arnPartitionProblem, resourceName } from './arn.js';
import { InputError, shown } from './errors.js';
import { IMAGE_FORM, parseImageRef } from './image-ref.js';
import { parseCommand } from './command.js';
import { parseBoolean, parseChoice, parseKeyValueLines, parseList, parseNumber } from './parse.js';
import { isScheduleKey, parseRollbackMap, parseScheduleLines, parseServiceLines, type ScheduleLine, type ServiceLine } from './release-inputs.js';
import { tagProblem } from './tags.js';
import type { KeyValuePair, SecretRef, Tag } from './types.js';

export type CircuitBreakerMode = 'rollback' | 'enable' | 'keep';
export type ConcurrentMode = 'wait' | 'proceed' | 'fail';
export type PauseMode = 'exit' | 'continue' | 'wait';
export type AbortMode = 'rollback' | 'leave';
export type ResumeAction = 'continue' | 'rollback';
export type PartialFailureMode = 'rollback' | 'keep';

export interface Settings {
  cluster: string;
  /** The first (or only) service; '' in a release of schedules only. */
  service: string;
  /** Every line of `service`: one entry for a single service. */
  services: ServiceLine[];
  /** The `schedules` lines: EventBridge rules and Scheduler schedules pointed at the new revision. */
  schedules: ScheduleLine[];
  /** A release (several services, or schedules) where a service did not complete: roll every moved one back, or keep. */
  onPartialFailure: PartialFailureMode;
  /** `rollback-to` as a JSON object: service name or schedule id -> revision. */
  rollbackMap?: Map<string, string>;
  /** From the `region` input, AWS_REGION or AWS_DEFAULT_REGION; without any, readSettings fails. */
  region: string;
  /** Template reference: family, family:revision or ARN. Required in a deploy. */
  template?: string;
  /** The image for `containerName` (or the template's only container). */
  image?: string;
  /**
   * `image: current`: every container keeps the image the serving revision runs (a template-only
   * redeploy). `image: ssm:<name>`: the image is read from that SSM parameter (promotion).
   */
  imageSource?: { kind: 'current' } | { kind: 'ssm'; parameter: string };
  /** After a completed rollout, write the image the service now runs to this SSM parameter. */
  imageParameter?: string;
  /** Container name -> image, from the `images` input. */
  images: Map<string, string>;
  containerName?: string;
  family?: string;
  environment: KeyValuePair[];
  secrets: SecretRef[];
  tags: Tag[];
  pinImageDigest: boolean;
  circuitBreaker: CircuitBreakerMode;
  alarms: string[];
  forceNewDeployment: boolean;
  desiredCount?: number;
  wait: boolean;
  timeoutMinutes: number;
  pollSeconds: number;
  concurrentDeployment: ConcurrentMode;
  /** A rollback run: task definition ARN, family:revision, or `previous`. */
  rollbackTo?: string;
  /** Read and render, write nothing. */
  dryRun: boolean;
  /** Read only: report how the service drifted from the template and from what this action deployed. */
  driftCheck: boolean;
  /** With driftCheck: a drift ends the step with status drifted and exit code 1. */
  failOnDrift: boolean;
  /** At a PAUSE lifecycle hook: end the step `paused` (exit), continue at once, or wait for it to be resolved elsewhere. */
  onPause: PauseMode;
  /** A timed-out or cancelled step whose deployment is in flight: stop it with a rollback, or leave it to ECS. */
  onAbort: AbortMode;
  /** A resume run: continue or roll back the deployment paused at a PAUSE hook. */
  resume?: ResumeAction;
  /** With resume: the service deployment to act on (default: the service's current one). */
  serviceDeploymentArn?: string;
  /** After a completed deploy, keep this many newest ACTIVE revisions of the family (0 = keep all). */
  keepRevisions: number;
  /** delete-revisions: DeleteTaskDefinitions after the cleanup deregistered them. */
  deleteRevisions: boolean;
  /** The one-off task's command, run before UpdateService; empty: no task. */
  preDeployCommand: string[];
  /** The container whose command the one-off task overrides (default: the container that receives the image). */
  preDeployContainer?: string;
  /** Log lines of a failing container to show (0: none). */
  logLines: number;
  githubToken?: string;
  githubEnvironment?: string;
  /**
   * Warnings for the log, one line each: `INPUT_*` variables that match no input (the nearest input
   * named). readSettings is pure, so main.ts logs them.
   */
  warnings: string[];
}

/**
 * Every input of action.yml, in its order: the one list (a test checks it against action.yml). Only
 * these are read, and any other `INPUT_*` variable is reported.
 */
export const INPUT_NAMES = [
  'cluster',
  'service',
  'region',
  'template',
  'image',
  'images',
  'container-name',
  'family',
  'environment',
  'secrets',
  'tags',
  'pin-image-digest',
  'circuit-breaker',
  'alarms',
  'force-new-deployment',
  'desired-count',
  'wait',
  'timeout-minutes',
  'poll-seconds',
  'concurrent-deployment',
  'rollback-to',
  'dry-run',
  'keep-revisions',
  'delete-revisions',
  'pre-deploy-command',
  'pre-deploy-container',
  'log-lines',
  'image-parameter',
  'drift-check',
  'fail-on-drift',
  'on-pause',
  'on-abort',
  'resume',
  'service-deployment-arn',
  'schedules',
  'on-partial-failure',
  'github-token',
  'github-environment',
] as const;

export type InputName = (typeof INPUT_NAMES)[number];

export type InputGetter = (name: InputName) => string;

/** The variable the runner passes an input in, as the runner toolkit and src/runner.ts getInput read it: `INPUT_<NAME>`, spaces to `_`, upper case, `-` kept. */
export function inputVariable(name: string): string {
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`;
}

/** Lower case, letters and digits only: `INPUT_DRY_RUN`, `dry-run` and `DryRun ` all give `dryrun`. */
const squash = (name: string) => name.toLowerCase().replace(/[^a-z0-9]/g, '');

/** Edit distance (insertions, deletions, substitutions). */
function distance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) {
      next[j] = Math.min((row[j] as number) + 1, (next[j - 1] as number) + 1, (row[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    row = next;
  }
  return row[b.length] as number;
}

/** The known input nearest to an unknown variable's name: one its name begins (`INPUT_ENV`), else the fewest edits away. */
function nearestInput(variable: string): InputName {
  const wanted = squash(variable.replace(/^INPUT_/i, ''));
  const score = (name: InputName) => (wanted.length >= 3 && squash(name).startsWith(wanted) ? -1 : distance(wanted, squash(name)));
  return INPUT_NAMES.reduce((best, name) => (score(name) < score(best) ? name : best));
}

/** A name that can only mean `dry-run`: `dryrun` once squashed, one typo away, or holding it (`DRY_RUN_ONLY`). */
function looksLikeDryRun(variable: string): boolean {
  const name = squash(variable.replace(/^INPUT_/i, ''));
  return name.includes('dryrun') || distance(name, 'dryrun') <= 1;
}

/**
 * The `INPUT_*` variables of `env` that match no input: a warning each, naming the nearest input. One that
 * looks like `dry-run` stops the step: a dry run asked for under a wrong name must not become a deploy.
 */
export function unknownInputs(env: NodeJS.ProcessEnv): string[] {
  const known = new Set(INPUT_NAMES.map(inputVariable));
  const unknown = Object.keys(env)
    .filter((variable) => /^INPUT_/i.test(variable) && !known.has(variable))
    .sort();
  const dryRun = unknown.find(looksLikeDryRun);
  if (dryRun !== undefined) {
    throw new InputError(
      'dry-run',
      `the variable ${shown(dryRun)} is not an input of this action (the runner passes dry-run as ${inputVariable('dry-run')}), ` +
        'so a dry run asked for under it would be a real deploy; nothing was done. Rename it to dry-run',
    );
  }
  return unknown.map((variable) => {
    const near = nearestInput(variable);
    return `The variable ${shown(variable)} matches no input of this action and is ignored; the nearest input is "${near}" (passed as ${inputVariable(near)}).`;
  });
}

/** `arn:<partition>`: aws, aws-cn, aws-us-gov, aws-iso, aws-iso-b, aws-iso-e, aws-iso-f, aws-eusc and any later one. */
const ARN = 'arn:aws(?:-[a-z]+)*';
const NAME_OR_ARN = new RegExp(`^(?:[A-Za-z0-9_-]{1,255}|${ARN}:ecs:[a-z0-9-]+:\\d{12}:[a-z-]+/[A-Za-z0-9_/-]{1,512})$`);
const FAMILY = /^[A-Za-z0-9_-]{1,255}$/;
const TASK_DEF_ARN = `${ARN}:ecs:[a-z0-9-]+:\\d{12}:task-definition/[A-Za-z0-9_-]{1,255}:[1-9]\\d*`;
const TASK_DEF_REF = new RegExp(`^(?:[A-Za-z0-9_-]{1,255}(?::[1-9]\\d*)?|${TASK_DEF_ARN})$`);
/** A region of any partition: `eu-west-1`, `cn-north-1`, `us-gov-west-1`, `us-iso-east-1`, `us-isob-east-1`, `eusc-de-east-1`. */
const REGION = /^[a-z]{2,4}(?:-[a-z]+)+-\d{1,2}$/;
const CONTAINER = /^[A-Za-z0-9_-]{1,255}$/;
const ENV_KEY = /^[^=\s]+$/;
const SECRET_SOURCE = new RegExp(`^(?:${ARN}:(?:ssm|secretsmanager):[a-z0-9-]+:\\d{12}:\\S+|[A-Za-z0-9_.\\-/]{1,2048})$`);
const ROLLBACK_REF = new RegExp(`^(?:previous|[A-Za-z0-9_-]{1,255}:[1-9]\\d*|${TASK_DEF_ARN})$`);
const ALARM_NAME = /^[^\s,](?:[^,]{0,253}[^\s,])?$/;
/** An SSM parameter name (`/app/prod/image`, `app-image`) or ARN. */
const SSM_PARAMETER = new RegExp(`^(?:[A-Za-z0-9_.\\-/]{1,2048}|${ARN}:ssm:[a-z0-9-]+:\\d{12}:parameter/[A-Za-z0-9_.\\-/]{1,2048})$`);
const SSM_FORM = 'an SSM parameter name such as /app/prod/image, or its ARN';
const SERVICE_DEPLOYMENT_ARN = new RegExp(`^${ARN}:ecs:[a-z0-9-]+:\\d{12}:service-deployment/[A-Za-z0-9_-]{1,255}/[A-Za-z0-9_-]{1,255}/[A-Za-z0-9_-]{1,255}$`);
const SERVICE_DEPLOYMENT_FORM = 'a service deployment ARN such as arn:aws:ecs:eu-west-1:123456789012:service-deployment/my-cluster/my-service/r9i43YFjvgF_xlg7m2eJ1r';

/** Reads and validates every input. Throws InputError on the first bad one. */
export function readSettings(get: InputGetter, env: NodeJS.ProcessEnv = process.env): Settings {
  // First: an unknown name that looks like dry-run stops before anything else is read.
  const warnings = unknownInputs(env);
  const text = (name: InputName) => get(name).trim();
  const required = (name: InputName, form: string) => {
    const value = text(name);
    if (value === '') throw new InputError(name, `is required (expected ${form})`);
    return value;
  };
  const matching = (name: InputName, value: string, pattern: RegExp, form: string) => {
    if (!pattern.test(value)) throw new InputError(name, `${shown(value)} is not valid (expected ${form})`);
    const problem = arnPartitionProblem(value);
    if (problem) throw new InputError(name, `${shown(value)} is not valid: ${problem}`);
    return value;
  };
  const optional = (name: InputName, pattern: RegExp, form: string) => {
    const value = text(name);
    return value === '' ? undefined : matching(name, value, pattern, form);
  };

  const clusterForm = 'a cluster name or ARN';
  const serviceForm = 'a service name or ARN';
  const cluster = matching('cluster', required('cluster', clusterForm), NAME_OR_ARN, clusterForm);
  const region = readRegion(text('region'), env);
  const templateForm = 'a task definition family, family:revision or task definition ARN';
  const linePatterns = { service: NAME_OR_ARN, template: TASK_DEF_REF, templateForm };
  const schedules = parseScheduleLines(get('schedules'), linePatterns);

  const rollbackForm = 'a task definition ARN, family:revision, previous, or a JSON object of service or schedule -> revision';
  const rollbackText = text('rollback-to');
  const rollbackMap = rollbackText.startsWith('{') ? parseRollbackMap(rollbackText, ROLLBACK_REF, 'a task definition ARN or family:revision') : undefined;
  const rollbackTo = rollbackMap ? rollbackText : optional('rollback-to', ROLLBACK_REF, rollbackForm);
  for (const key of rollbackMap?.keys() ?? []) {
    if (isScheduleKey(key)) parseScheduleLines(key, linePatterns);
  }
  // A release of schedules only, or a rollback by a JSON object, needs no service line.
  const serviceText = text('service');
  if (serviceText === '' && schedules.length === 0 && !rollbackMap) required('service', serviceForm);
  const services = parseServiceLines(serviceText, linePatterns);
  for (const line of services) matching('service', line.service, NAME_OR_ARN, serviceForm);
  if (services.length === 0 && serviceText !== '') required('service', serviceForm);
  if (rollbackMap) {
    const missing = services.map((s) => resourceName(s.service)).filter((name) => !rollbackMap.has(name));
    if (missing.length > 0) {
      throw new InputError('service', `lists ${missing.map((m) => shown(m)).join(', ')}, which rollback-to does not (expected the services of the rollback-to object, or an empty service)`);
    }
  }
  const service = services[0]?.service ?? '';
  const several = services.length > 1 || schedules.length > 0 || rollbackMap !== undefined;
  const driftCheck = parseBoolean(get('drift-check'), 'drift-check', false);
  const failOnDrift = parseBoolean(get('fail-on-drift'), 'fail-on-drift', false);
  if (failOnDrift && !driftCheck) throw new InputError('fail-on-drift', 'is true, but drift-check is not (expected drift-check: true with it)');
  if (driftCheck) {
    // A drift check reads what runs; inputs that name something to deploy or write have no place in it.
    for (const name of ['rollback-to', 'image', 'images', 'image-parameter', 'pre-deploy-command', 'desired-count'] as const) {
      if (text(name) !== '') throw new InputError(name, `is set with drift-check; a drift check deploys and writes nothing (expected ${name} empty)`);
    }
    if (parseBoolean(get('force-new-deployment'), 'force-new-deployment', false)) {
      throw new InputError('force-new-deployment', 'is true with drift-check; a drift check deploys nothing (expected false)');
    }
    if (several) throw new InputError(services.length > 1 ? 'service' : 'schedules', 'names several consumers with drift-check; a drift check reads one service (expected one service line and no schedules)');
  }
  if (services.some((s) => s.template !== undefined) && rollbackTo !== undefined) {
    throw new InputError('service', 'gives a template (service=template) with rollback-to; a rollback deploys the revisions it names (expected service names only)');
  }
  const resumeText = text('resume');
  const resume = resumeText === '' ? undefined : parseChoice(resumeText, 'resume', ['continue', 'rollback'] as const, 'continue');
  const serviceDeploymentArn = optional('service-deployment-arn', SERVICE_DEPLOYMENT_ARN, SERVICE_DEPLOYMENT_FORM);
  if (serviceDeploymentArn !== undefined && resume === undefined) {
    throw new InputError('service-deployment-arn', 'is set, but resume is not (expected resume: continue or rollback with it)');
  }
  if (resume !== undefined) {
    // A resume acts on a deployment that is already there: nothing to render, register or roll back to.
    for (const name of ['rollback-to', 'image', 'images', 'pre-deploy-command', 'desired-count'] as const) {
      if (text(name) !== '') throw new InputError(name, `is set with resume; a resume continues or rolls back the paused deployment and deploys nothing new (expected ${name} empty)`);
    }
    for (const name of ['drift-check', 'dry-run', 'force-new-deployment'] as const) {
      if (parseBoolean(get(name), name, false)) throw new InputError(name, `is true with resume; a resume acts on the paused deployment (expected ${name} false)`);
    }
    if (several) throw new InputError(services.length > 1 ? 'service' : 'schedules', 'names several consumers with resume; a resume acts on one service deployment (expected one service line and no schedules)');
  }
  const deploying = rollbackTo === undefined && !driftCheck && resume === undefined;

  // A drift check defaults to the template the serving revision was rendered from; a release line may name its own.
  const everyLineHasOne = [...services, ...schedules].every((l) => l.template !== undefined);
  const template =
    deploying && !everyLineHasOne
      ? matching('template', required('template', templateForm), TASK_DEF_REF, templateForm)
      : optional('template', TASK_DEF_REF, templateForm);

  const imageText = optional('image', /^\S+$/, `${IMAGE_FORM}, current, or ssm:<parameter>`);
  let image: string | undefined;
  let imageSource: Settings['imageSource'];
  if (imageText === 'current') imageSource = { kind: 'current' };
  else if (imageText?.startsWith('ssm:')) {
    const parameter = imageText.slice('ssm:'.length);
    if (!SSM_PARAMETER.test(parameter) || arnPartitionProblem(parameter) !== undefined) {
      throw new InputError('image', `${shown(imageText)} is not valid (expected ssm: followed by ${SSM_FORM})`);
    }
    imageSource = { kind: 'ssm', parameter };
  } else if (imageText !== undefined) {
    checkImage('image', imageText);
    image = imageText;
  }
  const images = new Map<string, string>();
  for (const entry of parseKeyValueLines(get('images'), 'images', 'one container=image per line', CONTAINER)) {
    checkImage('images', entry.value.trim(), entry.line);
    images.set(entry.key, entry.value.trim());
  }
  if (deploying && image === undefined && imageSource === undefined && images.size === 0) {
    throw new InputError('image', `is required (expected ${IMAGE_FORM}, current, or ssm:<parameter>), or give "images" as container=image lines`);
  }
  if (!deploying && imageSource !== undefined) {
    throw new InputError('image', `${shown(imageText as string)} is not used with rollback-to (a rollback deploys the images of its target); leave image empty`);
  }
  const containerName = optional('container-name', CONTAINER, 'a container name of the template');
  if ((image !== undefined || imageSource?.kind === 'ssm') && containerName !== undefined && images.has(containerName)) {
    throw new InputError('images', `container ${shown(containerName)} gets an image from both "image" and "images"; give it once`);
  }
  const family = optional('family', FAMILY, 'a task definition family: letters, digits, _ and -, up to 255');

  // Values of environment and secrets may be secret: no message shows them, nor a malformed key.
  const secret = { secret: true };
  const environment = parseKeyValueLines(get('environment'), 'environment', 'KEY=VALUE lines', ENV_KEY, secret).map((e) => ({
    name: e.key,
    value: e.value,
  }));
  const secrets = parseKeyValueLines(get('secrets'), 'secrets', 'KEY=valueFrom lines', ENV_KEY, secret).map((e) => {
    const valueFrom = e.value.trim();
    if (!SECRET_SOURCE.test(valueFrom) || arnPartitionProblem(valueFrom) !== undefined) {
      throw new InputError('secrets', `line ${e.line} (${shown(e.key)}): expected an SSM parameter name or ARN, or a Secrets Manager secret ARN`);
    }
    return { name: e.key, valueFrom };
  });
  const tags = parseKeyValueLines(get('tags'), 'tags', 'key=value lines').map((e) => {
    const tag = { key: e.key, value: e.value.trim() };
    const problem = tagProblem(tag);
    if (problem) throw new InputError('tags', `line ${e.line}: ${problem}`);
    return tag;
  });

  const alarms = parseList(get('alarms'));
  for (const alarm of alarms) matching('alarms', alarm, ALARM_NAME, 'CloudWatch alarm names separated by commas or new lines');

  const wait = parseBoolean(get('wait'), 'wait', true);
  const settings: Settings = {
    cluster,
    service,
    services,
    schedules,
    onPartialFailure: parseChoice(get('on-partial-failure'), 'on-partial-failure', ['rollback', 'keep'] as const, 'rollback'),
    region,
    images,
    environment,
    secrets,
    tags,
    pinImageDigest: parseBoolean(get('pin-image-digest'), 'pin-image-digest', true),
    circuitBreaker: parseChoice(get('circuit-breaker'), 'circuit-breaker', ['rollback', 'enable', 'keep'] as const, 'rollback'),
    alarms,
    forceNewDeployment: parseBoolean(get('force-new-deployment'), 'force-new-deployment', false),
    wait,
    timeoutMinutes: parseNumber(get('timeout-minutes'), 'timeout-minutes', 30, { min: 0.01, max: 360 }) as number,
    pollSeconds: parseNumber(get('poll-seconds'), 'poll-seconds', 10, { min: 0.05, max: 300 }) as number,
    // A step that does not follow its own rollout does not wait for another one either, unless asked.
    concurrentDeployment: parseChoice(get('concurrent-deployment'), 'concurrent-deployment', ['wait', 'proceed', 'fail'] as const, wait ? 'wait' : 'proceed'),
    dryRun: parseBoolean(get('dry-run'), 'dry-run', false),
    driftCheck,
    failOnDrift,
    onPause: parseChoice(get('on-pause'), 'on-pause', ['exit', 'continue', 'wait'] as const, 'exit'),
    onAbort: parseChoice(get('on-abort'), 'on-abort', ['rollback', 'leave'] as const, 'rollback'),
    keepRevisions: parseNumber(get('keep-revisions'), 'keep-revisions', 0, { min: 0, max: 10000, integer: true }) as number,
    deleteRevisions: parseBoolean(get('delete-revisions'), 'delete-revisions', false),
    preDeployCommand: parseCommand(get('pre-deploy-command')),
    logLines: parseNumber(get('log-lines'), 'log-lines', 50, { min: 0, max: 1000, integer: true }) as number,
    warnings,
  };
  if (settings.deleteRevisions && settings.keepRevisions === 0) {
    throw new InputError('delete-revisions', 'is true, but keep-revisions is 0: only revisions the cleanup deregisters are deleted (expected keep-revisions of 1 or more with it)');
  }
  const preDeployContainer = optional('pre-deploy-container', CONTAINER, 'a container name of the template');
  if (preDeployContainer !== undefined) {
    if (settings.preDeployCommand.length === 0) throw new InputError('pre-deploy-container', 'is set, but pre-deploy-command is empty (expected both, or neither)');
    settings.preDeployContainer = preDeployContainer;
  }
  if (!deploying && settings.preDeployCommand.length > 0) {
    throw new InputError('pre-deploy-command', 'is set with rollback-to; a rollback runs no pre-deploy task (expected an empty pre-deploy-command in a rollback step)');
  }
  const githubToken = text('github-token');
  const githubEnvironment = optional('github-environment', /^[^\r\n]{1,255}$/, 'a GitHub environment name');
  if (githubToken !== '' && githubEnvironment === undefined) {
    throw new InputError('github-environment', 'is required with github-token (expected the GitHub environment to record the deployment in)');
  }
  if (githubToken !== '') settings.githubToken = githubToken;
  if (githubEnvironment !== undefined) settings.githubEnvironment = githubEnvironment;
  if (template !== undefined) settings.template = template;
  if (rollbackTo !== undefined) settings.rollbackTo = rollbackTo;
  if (rollbackMap !== undefined) settings.rollbackMap = rollbackMap;
  if (resume !== undefined) settings.resume = resume;
  if (serviceDeploymentArn !== undefined) settings.serviceDeploymentArn = serviceDeploymentArn;
  if (image !== undefined) settings.image = image;
  if (imageSource !== undefined) settings.imageSource = imageSource;
  const imageParameter = optional('image-parameter', SSM_PARAMETER, SSM_FORM);
  if (imageParameter !== undefined) {
    if (!settings.wait) throw new InputError('image-parameter', 'is written only after a completed rollout, which a step with wait: false does not follow (expected wait: true, or no image-parameter)');
    settings.imageParameter = imageParameter;
  }
  if (containerName !== undefined) settings.containerName = containerName;
  if (family !== undefined) settings.family = family;
  const desiredCount = parseNumber(get('desired-count'), 'desired-count', undefined, { min: 0, max: 10000, integer: true });
  if (desiredCount !== undefined) settings.desiredCount = desiredCount;
  return settings;
}

const REGION_FORM = 'an AWS region such as eu-west-1, cn-north-1, us-gov-west-1 or eusc-de-east-1';

/**
 * The region: the `region` input, else AWS_REGION, else AWS_DEFAULT_REGION. None at all is an InputError
 * here, in one line, rather than the SDK's "Region is missing" at the first call.
 */
function readRegion(input: string, env: NodeJS.ProcessEnv): string {
  if (input !== '') {
    if (!REGION.test(input)) throw new InputError('region', `${shown(input)} is not valid (expected ${REGION_FORM})`);
    return input;
  }
  const from = env.AWS_REGION ? 'AWS_REGION' : env.AWS_DEFAULT_REGION ? 'AWS_DEFAULT_REGION' : undefined;
  if (from === undefined) {
    throw new InputError(
      'region',
      'no region is set: give the region input, or set AWS_REGION (for example with aws-actions/configure-aws-credentials and its aws-region)',
    );
  }
  const region = (env[from] as string).trim();
  if (!REGION.test(region)) throw new InputError('region', `${shown(region)} from ${from} is not valid (expected ${REGION_FORM})`);
  return region;
}

function checkImage(input: string, value: string, line?: number): void {
  const parsed = parseImageRef(value);
  if (typeof parsed === 'string') {
    throw new InputError(input, `${line === undefined ? '' : `line ${line}: `}${parsed} (expected ${IMAGE_FORM})`);
  }
}
