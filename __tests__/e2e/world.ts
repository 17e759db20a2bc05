// Shared set-up of the end-to-end tests: a local ECS/ECR endpoint seeded with the sample world, and
// a runner of the bundled action against it.
import { startLocalEcs, sampleSeed, type LocalEcs, type Seed } from '../../tools/local-ecs/index.js';
import { runAction, type ActionRun, type RunOptions } from '../../tools/run-action.js';

export const ACCOUNT = '123456789012';
export const REGION = 'us-east-1';
export const REPO = `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/my-app`;
/** A non-ECR image (used as given) that the crash scenarios pick out with `whenImageIncludes: 'broken'`. */
export const BROKEN = 'public.ecr.aws/acme/api:broken';
export const TD = (familyRevision: string) => `arn:aws:ecs:${REGION}:${ACCOUNT}:task-definition/${familyRevision}`;
export const WRITE_OPERATIONS = new Set([
  'ecs:RegisterTaskDefinition',
  'ecs:DeregisterTaskDefinition',
  'ecs:UpdateService',
  'ecs:TagResource',
  'ecs:UntagResource',
  'ecs:RunTask',
  'ecs:ContinueServiceDeployment',
  'ecs:StopServiceDeployment',
  'ecs:StopTask',
  'ssm:PutParameter',
]);

/** Inputs of a plain deploy of the sample `api` service. */
export const DEPLOY: Record<string, string> = {
  cluster: 'demo',
  service: 'api',
  template: 'api-template',
  image: `${REPO}:v1.1.0`,
  'poll-seconds': '0.05',
  'timeout-minutes': '2',
};

export interface World {
  ecs: LocalEcs;
  run(inputs: Record<string, string>, options?: RunOptions): Promise<ActionRun>;
  /** Endpoint operations that write, in order. */
  writes(): string[];
  close(): Promise<void>;
}

/** Starts an endpoint (simulated time 500x) seeded with the sample world plus `extra`. */
export async function startWorld(extra?: Seed, timeScale = 500): Promise<World> {
  const ecs = await startLocalEcs({ seed: sampleSeed, timeScale });
  if (extra) ecs.seed(extra);
  return {
    ecs,
    run: (inputs, options = {}) =>
      runAction(inputs, { timeoutMs: 60_000, ...options, env: { ...ecs.env(), ...(options.env ?? {}) } }),
    writes: () => ecs.log.filter((e) => WRITE_OPERATIONS.has(e.operation)).map((e) => e.operation),
    close: () => ecs.close(),
  };
}

/** Real time passing, for tests that wait on a child process (never for the action's own waits). */
export const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Resolves once the endpoint has answered an UpdateService. */
export async function updateAnswered(world: World): Promise<void> {
  while (!world.ecs.log.some((e) => e.operation === 'ecs:UpdateService' && e.status === 200)) await pause(10);
}

/** Service `api` as the endpoint holds it now. */
export function apiService(world: World) {
  const service = world.ecs.state.service('demo', 'api');
  if (!service) throw new Error('service api is missing from the endpoint');
  return service;
}
