/** The action's inputs as one typed, validated settings object. Reads nothing but the given getter. */
import { InputError } from './errors.js';
import { IMAGE_FORM, parseImageRef } from './image-ref.js';
import { parseBoolean, parseChoice, parseKeyValueLines, parseList, parseNumber } from './parse.js';
import { tagProblem } from './tags.js';
import type { KeyValuePair, SecretRef, Tag } from './types.js';

export type CircuitBreakerMode = 'rollback' | 'enable' | 'keep';
export type ConcurrentMode = 'wait' | 'proceed' | 'fail';

export interface Settings {
  cluster: string;
  service: string;
  region?: string;
  /** Template reference: family, family:revision or ARN. Required in a deploy. */
  template?: string;
  /** The image for `containerName` (or the template's only container). */
  image?: string;
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
  /** After a completed deploy, keep this many newest ACTIVE revisions of the family (0 = keep all). */
  keepRevisions: number;
  githubToken?: string;
  githubEnvironment?: string;
}

export type InputGetter = (name: string) => string;

const NAME_OR_ARN = /^(?:[A-Za-z0-9_-]{1,255}|arn:aws[a-z-]*:ecs:[a-z0-9-]+:\d{12}:[a-z-]+\/[A-Za-z0-9_/-]{1,512})$/;
const FAMILY = /^[A-Za-z0-9_-]{1,255}$/;
const TASK_DEF_REF =
  /^(?:[A-Za-z0-9_-]{1,255}(?::[1-9]\d*)?|arn:aws[a-z-]*:ecs:[a-z0-9-]+:\d{12}:task-definition\/[A-Za-z0-9_-]{1,255}:[1-9]\d*)$/;
const REGION = /^[a-z]{2}(?:-[a-z]+)+-\d{1,2}$/;
const CONTAINER = /^[A-Za-z0-9_-]{1,255}$/;
const ENV_KEY = /^[^=\s]+$/;
const SECRET_SOURCE = /^(?:arn:aws[a-z-]*:(?:ssm|secretsmanager):[a-z0-9-]+:\d{12}:\S+|[A-Za-z0-9_.\-/]{1,2048})$/;
const ROLLBACK_REF =
  /^(?:previous|[A-Za-z0-9_-]{1,255}:[1-9]\d*|arn:aws[a-z-]*:ecs:[a-z0-9-]+:\d{12}:task-definition\/[A-Za-z0-9_-]{1,255}:[1-9]\d*)$/;
const ALARM_NAME = /^[^\s,](?:[^,]{0,253}[^\s,])?$/;

/** Reads and validates every input. Throws InputError on the first bad one. */
export function readSettings(get: InputGetter, env: NodeJS.ProcessEnv = process.env): Settings {
  const text = (name: string) => get(name).trim();
  const required = (name: string, form: string) => {
    const value = text(name);
    if (value === '') throw new InputError(name, `is required (expected ${form})`);
    return value;
  };
  const matching = (name: string, value: string, pattern: RegExp, form: string) => {
    if (!pattern.test(value)) throw new InputError(name, `"${value}" is not valid (expected ${form})`);
    return value;
  };
  const optional = (name: string, pattern: RegExp, form: string) => {
    const value = text(name);
    return value === '' ? undefined : matching(name, value, pattern, form);
  };

  const clusterForm = 'a cluster name or ARN';
  const serviceForm = 'a service name or ARN';
  const cluster = matching('cluster', required('cluster', clusterForm), NAME_OR_ARN, clusterForm);
  const service = matching('service', required('service', serviceForm), NAME_OR_ARN, serviceForm);
  const region = optional('region', REGION, 'an AWS region such as eu-west-1') ?? (env.AWS_REGION || env.AWS_DEFAULT_REGION || undefined);
  if (region !== undefined && !REGION.test(region)) {
    throw new InputError('region', `"${region}" from AWS_REGION is not valid (expected an AWS region such as eu-west-1)`);
  }

  const rollbackForm = 'a task definition ARN, family:revision, or previous';
  const rollbackTo = optional('rollback-to', ROLLBACK_REF, rollbackForm);
  const deploying = rollbackTo === undefined;

  const templateForm = 'a task definition family, family:revision or task definition ARN';
  const template = deploying
    ? matching('template', required('template', templateForm), TASK_DEF_REF, templateForm)
    : optional('template', TASK_DEF_REF, templateForm);

  const image = optional('image', /^\S+$/, IMAGE_FORM);
  if (image !== undefined) checkImage('image', image);
  const images = new Map<string, string>();
  for (const entry of parseKeyValueLines(get('images'), 'images', 'one container=image per line', CONTAINER)) {
    checkImage('images', entry.value.trim(), entry.line);
    images.set(entry.key, entry.value.trim());
  }
  if (deploying && image === undefined && images.size === 0) {
    throw new InputError('image', `is required (expected ${IMAGE_FORM}), or give "images" as container=image lines`);
  }
  const containerName = optional('container-name', CONTAINER, 'a container name of the template');
  if (image !== undefined && containerName !== undefined && images.has(containerName)) {
    throw new InputError('images', `container "${containerName}" gets an image from both "image" and "images"; give it once`);
  }
  const family = optional('family', FAMILY, 'a task definition family: letters, digits, _ and -, up to 255');

  const environment = parseKeyValueLines(get('environment'), 'environment', 'KEY=VALUE lines', ENV_KEY).map((e) => ({
    name: e.key,
    value: e.value,
  }));
  const secrets = parseKeyValueLines(get('secrets'), 'secrets', 'KEY=valueFrom lines', ENV_KEY).map((e) => {
    const valueFrom = e.value.trim();
    if (!SECRET_SOURCE.test(valueFrom)) {
      throw new InputError('secrets', `line ${e.line} (${e.key}): expected an SSM parameter name or ARN, or a Secrets Manager secret ARN`);
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
    concurrentDeployment: parseChoice(get('concurrent-deployment'), 'concurrent-deployment', ['wait', 'proceed', 'fail'] as const, 'wait'),
    dryRun: parseBoolean(get('dry-run'), 'dry-run', false),
    keepRevisions: parseNumber(get('keep-revisions'), 'keep-revisions', 0, { min: 0, max: 10000, integer: true }) as number,
  };
  const githubToken = text('github-token');
  const githubEnvironment = optional('github-environment', /^[^\r\n]{1,255}$/, 'a GitHub environment name');
  if (githubToken !== '' && githubEnvironment === undefined) {
    throw new InputError('github-environment', 'is required with github-token (expected the GitHub environment to record the deployment in)');
  }
  if (githubToken !== '') settings.githubToken = githubToken;
  if (githubEnvironment !== undefined) settings.githubEnvironment = githubEnvironment;
  if (region !== undefined) settings.region = region;
  if (template !== undefined) settings.template = template;
  if (rollbackTo !== undefined) settings.rollbackTo = rollbackTo;
  if (image !== undefined) settings.image = image;
  if (containerName !== undefined) settings.containerName = containerName;
  if (family !== undefined) settings.family = family;
  const desiredCount = parseNumber(get('desired-count'), 'desired-count', undefined, { min: 0, max: 10000, integer: true });
  if (desiredCount !== undefined) settings.desiredCount = desiredCount;
  return settings;
}

function checkImage(input: string, value: string, line?: number): void {
  const parsed = parseImageRef(value);
  if (typeof parsed === 'string') {
    throw new InputError(input, `${line === undefined ? '' : `line ${line}: `}${parsed} (expected ${IMAGE_FORM})`);
  }
}
