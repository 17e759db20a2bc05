/**
 * The worlds (endpoint seeds) and the inputs of every measured case. All start from the sample world
 * of tools/local-ecs (cluster `demo`, template `api-template`, service `api`, ECR `my-app`).
 */
import { createHash } from 'node:crypto';
import { sampleSeed, type Scenario, type Seed, type SeedService, type SeedTaskDefinition } from '../../tools/local-ecs/index.js';
import type { World } from './endpoint.js';

export const ACCOUNT = '123456789012';
export const REGION = 'us-east-1';
export const REGISTRY = `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com`;
export const IMAGE = `${REGISTRY}/my-app:v1.1.0`;
const TEMPLATE_ARN = `arn:aws:ecs:${REGION}:${ACCOUNT}:task-definition/api-template:1`;
/** The tags the action puts on what it registers, as far as `rollback-to: previous` reads them. */
const TEMPLATE_TAG = { key: 'ecs-template-deploy:template', value: TEMPLATE_ARN };
const COMPLETED_TAG = { key: 'ecs-template-deploy:rollout-completed', value: '2026-01-01T00:00:00.000Z' };

const template = (): SeedTaskDefinition => structuredClone(sampleSeed.taskDefinitions?.[0]) as SeedTaskDefinition;
const apiService = (): SeedService => structuredClone(sampleSeed.services?.[0]) as SeedService;
const digest = (text: string) => `sha256:${createHash('sha256').update(text).digest('hex')}`;

/** Inputs of a deploy of `api` from `api-template` with image my-app:v1.1.0. */
export function deployInputs(extra: Record<string, string> = {}): Record<string, string> {
  return { cluster: 'demo', service: 'api', template: 'api-template', image: IMAGE, 'timeout-minutes': '10', ...extra };
}

/** The sample world; rollouts of `api` complete after `rolloutSeconds` (simulated). */
export function sampleWorld(timeScale: number, rolloutSeconds = 30): World {
  const scenario: Scenario = { kind: 'complete', afterSeconds: rolloutSeconds };
  return { seed: sampleSeed, timeScale, scenarios: { 'demo/api': scenario } };
}

/** ECR repositories the containers case spreads its images over: one per four containers, rounded up. */
export const repositoriesFor = (containers: number) => Math.ceil(containers / 4);

/**
 * A template `multi-template` of `containers` containers (c1..cN, ports 8001..; ECS takes at most 10), their
 * images spread round-robin over `repositoriesFor(containers)` ECR repositories app-1..app-K (all tagged
 * v1), and a service `multi` running it. Returns the world and the deploy's inputs (`images`: one line per container).
 */
export function containersCase(containers: number): { world: World; inputs: Record<string, string> } {
  const repositories = repositoriesFor(containers);
  const base = template();
  const first = (base.taskDefinition.containerDefinitions as Array<Record<string, unknown>>)[0] as Record<string, unknown>;
  const definitions = Array.from({ length: containers }, (_, i) => ({
    ...structuredClone(first),
    name: `c${i + 1}`,
    essential: i === 0,
    portMappings: [{ containerPort: 8001 + i, protocol: 'tcp' }],
  }));
  const multi: SeedTaskDefinition = { taskDefinition: { ...base.taskDefinition, family: 'multi-template', containerDefinitions: definitions }, tags: base.tags ?? [] };
  const service: SeedService = { ...apiService(), serviceName: 'multi', taskDefinition: 'multi-template:1' };
  const ecr = Array.from({ length: repositories }, (_, r) => ({ repositoryName: `app-${r + 1}`, images: [{ tag: 'v1', digest: digest(`app-${r + 1}`) }] }));
  const images = definitions.map((d, i) => `${d.name}=${REGISTRY}/app-${(i % repositories) + 1}:v1`).join('\n');
  return {
    world: { seed: { clusters: ['demo'], taskDefinitions: [multi], services: [service], ecr }, timeScale: 100 },
    inputs: { cluster: 'demo', service: 'multi', template: 'multi-template', images, wait: 'false' },
  };
}

/** Which earlier revision carries the completed-rollout tag in the revisions case. */
export type Mark = 'newest' | 'oldest' | 'none' | 'history';

/** `count` ACTIVE revisions api:1..api:N (registered from the template, tagged with it); service api serves api:N. */
function familySeed(count: number, mark: Mark): Seed {
  const td = template();
  const revisions: SeedTaskDefinition[] = Array.from({ length: count }, (_, i) => {
    const revision = i + 1;
    const marked = (mark === 'newest' && revision === count - 1) || (mark === 'oldest' && revision === 1);
    return { taskDefinition: { ...td.taskDefinition, family: 'api' }, tags: marked ? [TEMPLATE_TAG, COMPLETED_TAG] : [TEMPLATE_TAG] };
  });
  // 'history': no tag at all, but the service's deployment history has one SUCCESSFUL deployment per revision.
  const history = mark === 'history' ? Array.from({ length: count }, (_, i) => ({ taskDefinition: `api:${i + 1}`, status: 'SUCCESSFUL' as const })) : undefined;
  return {
    clusters: ['demo'],
    taskDefinitions: [td, ...revisions],
    services: [{ ...apiService(), taskDefinition: `api:${count}`, ...(history ? { history } : {}) }],
    ecr: sampleSeed.ecr ?? [],
  };
}

/** `rollback-to: previous` with `count` revisions in the family, the completed mark on api:N-1, on api:1, or on none. */
export function revisionsCase(count: number, mark: Mark): { world: World; inputs: Record<string, string> } {
  return { world: { seed: familySeed(count, mark), timeScale: 100 }, inputs: { cluster: 'demo', service: 'api', 'rollback-to': 'previous', wait: 'false' } };
}

/** A waited deploy with `keep-revisions: 10` over a backlog of `count` ACTIVE revisions of api. */
export function backlogCase(count: number): { world: World; inputs: Record<string, string> } {
  const scenario: Scenario = { kind: 'complete', afterSeconds: 30 };
  return {
    world: { seed: familySeed(count, 'newest'), timeScale: 100, scenarios: { 'demo/api': scenario } },
    inputs: deployInputs({ 'keep-revisions': '10', wait: 'true', 'poll-seconds': '0.5' }),
  };
}

/** A no-wait release of `count` services (api, api-2, ..., all from api-template:1) in one step. */
export function servicesCase(count: number): { world: World; inputs: Record<string, string> } {
  const names = Array.from({ length: count }, (_, i) => (i === 0 ? 'api' : `api-${i + 1}`));
  const services = names.map((serviceName) => ({ ...apiService(), serviceName }));
  return {
    world: { seed: { ...sampleSeed, services }, timeScale: 100 },
    inputs: deployInputs({ service: names.join('\n'), wait: 'false' }),
  };
}
