import { describe, expect, test } from '@jest/globals';
import { table } from './helpers/table.js';
import {
  awaitingPause,
  interpretFromService,
  interpretFromServiceDeployment,
  isFinal,
  pauseLine,
  progressLine,
  stageLine,
  stageWaitMinutes,
  timeoutActionText,
  type DeploymentView,
  type Phase,
  type RolloutState,
  type ServiceDeploymentView,
  type ServiceView,
  type Tracked,
} from '../src/core/rollout.js';
import { ARNS, DEPLOYMENT_IDS, loadRollout, rolloutFixtureNames, type RolloutFixture } from './fixtures/rollouts.js';

/** What a verdict must say; `reason` is checked by `reasonHas` (all fragments present). */
interface Expected {
  phase: Phase;
  running: number;
  pending: number;
  desired: number;
  failedTasks: number;
  lifecycleStage?: string;
  rollbackSucceeded?: boolean;
  replacedBy?: string;
  /** Fragments the reason must contain; `null`: no reason at all. */
  reasonHas: string[] | null;
  /** Fragments the reason must not contain. */
  reasonLacks?: string[];
}

interface Row {
  fixture: string;
  /** From DescribeServiceDeployments (with DescribeServices for the rest). */
  sd: Expected;
  /** From DescribeServices alone, the tracked deployment id known. */
  service: Expected;
  /** From DescribeServices alone without the deployment id: only the outcome is compared. */
  serviceNoId: { phase: Phase; rollbackSucceeded?: boolean; replacedBy?: string };
}

const CB = 'the deployment circuit breaker tripped after 3 failed tasks (threshold 3)';
const CB_ROLLOUT_REASON = 'ECS deployment circuit breaker: tasks failed to start.';
const CB_ROLLING_BACK = `ECS deployment circuit breaker: rolling back to deploymentId ${DEPLOYMENT_IDS.previous}.`;
const CB_ROLLBACK_REASON = 'The deployment circuit breaker detected task failures and started a rollback.';

const ROWS: Row[] = [
  {
    fixture: 'in-progress-scale-up',
    sd: { phase: 'in-progress', running: 1, pending: 2, desired: 3, failedTasks: 1, lifecycleStage: 'SCALE_UP', reasonHas: null },
    service: { phase: 'in-progress', running: 1, pending: 2, desired: 3, failedTasks: 1, reasonHas: [`ECS deployment ${DEPLOYMENT_IDS.ours} in progress.`] },
    serviceNoId: { phase: 'in-progress' },
  },
  {
    fixture: 'in-progress-bake-time',
    sd: { phase: 'in-progress', running: 3, pending: 0, desired: 3, failedTasks: 0, lifecycleStage: 'BAKE_TIME', reasonHas: null },
    service: { phase: 'in-progress', running: 3, pending: 0, desired: 3, failedTasks: 0, reasonHas: ['in progress'] },
    serviceNoId: { phase: 'in-progress' },
  },
  {
    fixture: 'in-progress-blue-green-test-traffic',
    sd: { phase: 'in-progress', running: 2, pending: 0, desired: 2, failedTasks: 0, lifecycleStage: 'TEST_TRAFFIC_SHIFT', reasonHas: null },
    service: { phase: 'in-progress', running: 2, pending: 0, desired: 2, failedTasks: 0, reasonHas: ['in progress'] },
    serviceNoId: { phase: 'in-progress' },
  },
  {
    fixture: 'paused-post-test-traffic-shift',
    sd: { phase: 'paused', running: 2, pending: 0, desired: 2, failedTasks: 0, lifecycleStage: 'POST_TEST_TRAFFIC_SHIFT', reasonHas: null },
    service: { phase: 'in-progress', running: 2, pending: 0, desired: 2, failedTasks: 0, reasonHas: ['in progress'] },
    serviceNoId: { phase: 'in-progress' },
  },
  {
    fixture: 'canary-production-traffic-shift',
    sd: { phase: 'in-progress', running: 2, pending: 0, desired: 2, failedTasks: 0, lifecycleStage: 'PRODUCTION_TRAFFIC_SHIFT', reasonHas: null },
    service: { phase: 'in-progress', running: 2, pending: 0, desired: 2, failedTasks: 0, reasonHas: ['in progress'] },
    serviceNoId: { phase: 'in-progress' },
  },
  {
    fixture: 'completed',
    sd: { phase: 'completed', running: 3, pending: 0, desired: 3, failedTasks: 1, reasonHas: null },
    service: { phase: 'completed', running: 3, pending: 0, desired: 3, failedTasks: 1, reasonHas: [`ECS deployment ${DEPLOYMENT_IDS.ours} completed.`] },
    serviceNoId: { phase: 'completed' },
  },
  {
    fixture: 'circuit-breaker-rollback-started',
    sd: { phase: 'rolling-back', running: 0, pending: 1, desired: 3, failedTasks: 3, lifecycleStage: 'SCALE_UP', reasonHas: [CB, CB_ROLLBACK_REASON, CB_ROLLOUT_REASON] },
    // Our deployment still says "in progress": the reason must come from the rollback, not from that.
    service: { phase: 'rolling-back', running: 0, pending: 1, desired: 3, failedTasks: 3, reasonHas: [CB_ROLLING_BACK], reasonLacks: ['in progress'] },
    serviceNoId: { phase: 'rolling-back' },
  },
  {
    fixture: 'circuit-breaker-rolling-back',
    sd: { phase: 'rolling-back', running: 0, pending: 0, desired: 0, failedTasks: 3, reasonHas: [CB, CB_ROLLBACK_REASON, CB_ROLLOUT_REASON] },
    service: { phase: 'rolling-back', running: 0, pending: 0, desired: 0, failedTasks: 3, reasonHas: [CB_ROLLOUT_REASON] },
    serviceNoId: { phase: 'rolling-back' },
  },
  {
    fixture: 'circuit-breaker-rolled-back',
    sd: { phase: 'rolled-back', rollbackSucceeded: true, running: 0, pending: 0, desired: 0, failedTasks: 3, reasonHas: [CB, CB_ROLLBACK_REASON] },
    service: { phase: 'rolled-back', rollbackSucceeded: true, running: 0, pending: 0, desired: 0, failedTasks: 3, reasonHas: [CB_ROLLOUT_REASON] },
    serviceNoId: { phase: 'rolled-back', rollbackSucceeded: true },
  },
  {
    fixture: 'circuit-breaker-rolled-back-ours-gone',
    sd: { phase: 'rolled-back', rollbackSucceeded: true, running: 0, pending: 0, desired: 0, failedTasks: 3, reasonHas: [CB, CB_ROLLBACK_REASON] },
    // Nothing in DescribeServices says why any more; the reason must not read as a completion.
    service: { phase: 'rolled-back', rollbackSucceeded: true, running: 0, pending: 0, desired: 3, failedTasks: 0, reasonHas: [ARNS.previous], reasonLacks: ['completed'] },
    serviceNoId: { phase: 'rolled-back', rollbackSucceeded: true },
  },
  {
    fixture: 'circuit-breaker-rollback-failed',
    sd: { phase: 'rolled-back', rollbackSucceeded: false, running: 0, pending: 0, desired: 0, failedTasks: 3, reasonHas: [CB, CB_ROLLBACK_REASON] },
    service: { phase: 'rolled-back', rollbackSucceeded: false, running: 0, pending: 0, desired: 0, failedTasks: 3, reasonHas: [CB_ROLLOUT_REASON] },
    serviceNoId: { phase: 'rolled-back', rollbackSucceeded: false },
  },
  {
    fixture: 'alarm-rolled-back',
    sd: {
      phase: 'rolled-back',
      rollbackSucceeded: true,
      running: 0,
      pending: 0,
      desired: 0,
      failedTasks: 0,
      lifecycleStage: 'BAKE_TIME',
      reasonHas: ['CloudWatch alarm api-5xx-rate went into ALARM', 'A deployment alarm went into ALARM and started a rollback.'],
      reasonLacks: ['api-p99-latency', 'circuit breaker tripped'],
    },
    service: { phase: 'rolled-back', rollbackSucceeded: true, running: 0, pending: 0, desired: 0, failedTasks: 0, reasonHas: ['api-5xx-rate in ALARM'] },
    serviceNoId: { phase: 'rolled-back', rollbackSucceeded: true },
  },
  {
    fixture: 'failed-no-rollback',
    sd: { phase: 'failed', running: 0, pending: 0, desired: 3, failedTasks: 3, reasonHas: [CB, CB_ROLLOUT_REASON] },
    service: { phase: 'failed', running: 0, pending: 0, desired: 3, failedTasks: 3, reasonHas: [CB_ROLLOUT_REASON] },
    serviceNoId: { phase: 'failed' },
  },
  {
    fixture: 'superseded',
    sd: { phase: 'superseded', replacedBy: ARNS.other, running: 1, pending: 0, desired: 3, failedTasks: 0, reasonHas: [DEPLOYMENT_IDS.other, ARNS.other] },
    service: { phase: 'superseded', replacedBy: ARNS.other, running: 1, pending: 0, desired: 3, failedTasks: 0, reasonHas: [DEPLOYMENT_IDS.other, ARNS.other] },
    serviceNoId: { phase: 'superseded', replacedBy: ARNS.other },
  },
];

function expectState(actual: RolloutState, expected: Expected): void {
  const { reasonHas, reasonLacks, ...fields } = expected;
  const picked: Record<string, unknown> = {
    phase: actual.phase,
    running: actual.running,
    pending: actual.pending,
    desired: actual.desired,
    failedTasks: actual.failedTasks,
  };
  for (const key of ['lifecycleStage', 'rollbackSucceeded', 'replacedBy'] as const) if (actual[key] !== undefined) picked[key] = actual[key];
  expect(picked).toEqual(fields);
  if (reasonHas === null) {
    expect(actual.reason).toBeUndefined();
  } else {
    expect(typeof actual.reason).toBe('string');
    for (const fragment of reasonHas) expect(actual.reason).toContain(fragment);
  }
  for (const fragment of reasonLacks ?? []) expect(actual.reason ?? '').not.toContain(fragment);
}

function withoutId(tracked: Tracked): Tracked {
  return { taskDefinitionArn: tracked.taskDefinitionArn, previousArn: tracked.previousArn };
}

function load(name: string): RolloutFixture & { serviceDeployment: NonNullable<RolloutFixture['serviceDeployment']> } {
  const fixture = loadRollout(name);
  if (!fixture.serviceDeployment) throw new Error(`fixture ${name} has no service deployment`);
  return fixture as RolloutFixture & { serviceDeployment: NonNullable<RolloutFixture['serviceDeployment']> };
}

const ROLLBACK_FIXTURES = ROWS.filter((r) => r.sd.phase === 'rolling-back' || r.sd.phase === 'rolled-back').map((r) => r.fixture);

describe('rollout fixtures', () => {
  test('every fixture file has a row in the table, and every row a file', () => {
    expect(ROWS.map((r) => r.fixture).sort()).toEqual(rolloutFixtureNames());
  });

  test.each(rolloutFixtureNames())('%s tracks api:42 from api:41 and holds both responses', (name) => {
    const f = load(name);
    expect(f.tracked).toEqual({ deploymentId: DEPLOYMENT_IDS.ours, taskDefinitionArn: ARNS.ours, previousArn: ARNS.previous });
    expect(f.serviceDeployment.serviceDeploymentArn).toBe(ARNS.serviceDeployment);
    expect(f.service.deployments?.filter((d) => d.status === 'PRIMARY')).toHaveLength(1);
    expect(f.service.createdAt).toBeInstanceOf(Date);
    expect(f.serviceDeployment.createdAt).toBeInstanceOf(Date);
  });
});

describe('interpretFromServiceDeployment', () => {
  test.each(ROWS.map((r) => [r.fixture, r] as const))('%s', (_name, row) => {
    const f = load(row.fixture);
    expectState(interpretFromServiceDeployment(f.serviceDeployment, f.service, f.tracked), row.sd);
  });

  test('a PENDING service deployment is in progress, counted from its target revision', () => {
    const f = load('in-progress-scale-up');
    const state = interpretFromServiceDeployment(
      { status: 'PENDING', targetServiceRevision: { requestedTaskCount: 3, runningTaskCount: 0, pendingTaskCount: 0 } },
      f.service,
      f.tracked,
    );
    expect(state).toMatchObject({ phase: 'in-progress', running: 0, pending: 0, desired: 3 });
    expect(state.lifecycleStage).toBeUndefined();
  });

  test('counts fall back to the tracked deployment when the target revision has none', () => {
    const f = load('in-progress-scale-up');
    const state = interpretFromServiceDeployment({ status: 'IN_PROGRESS', lifecycleStage: 'RECONCILE_SERVICE' }, f.service, f.tracked);
    expect(state).toEqual({ phase: 'in-progress', running: 1, pending: 2, desired: 3, failedTasks: 1, lifecycleStage: 'RECONCILE_SERVICE' });
  });

  test('STOP_REQUESTED with a tripped circuit breaker is a failure', () => {
    const f = load('failed-no-rollback');
    const state = interpretFromServiceDeployment({ ...f.serviceDeployment, status: 'STOP_REQUESTED' }, f.service, f.tracked);
    expect(state.phase).toBe('failed');
    expect(state.reason).toContain(CB);
  });

  test('STOPPED without a cause and without a replacement is a failure with the status reason', () => {
    const f = load('in-progress-scale-up');
    const sd = { ...f.serviceDeployment, status: 'STOPPED', statusReason: 'The service deployment was stopped by a user.' };
    const state = interpretFromServiceDeployment(sd, f.service, f.tracked);
    expect(state).toMatchObject({ phase: 'failed', reason: 'The service deployment was stopped by a user.' });
    expect(state.replacedBy).toBeUndefined();
  });

  test('several triggered alarms are all named', () => {
    const f = load('alarm-rolled-back');
    const sd = { ...f.serviceDeployment, alarms: { status: 'TRIGGERED', alarmNames: ['a-5xx', 'b-latency'], triggeredAlarmNames: ['a-5xx', 'b-latency'] } };
    expect(interpretFromServiceDeployment(sd, f.service, f.tracked).reason).toContain('CloudWatch alarms a-5xx, b-latency went into ALARM');
  });

  test('an alarm that is only monitored is not given as a reason', () => {
    const f = load('in-progress-bake-time');
    const sd = { ...f.serviceDeployment, status: 'ROLLBACK_IN_PROGRESS', rollback: { reason: 'Rolled back on request.' } };
    const state = interpretFromServiceDeployment(sd, f.service, f.tracked);
    expect(state).toMatchObject({ phase: 'rolling-back', reason: 'Rolled back on request.' });
  });
});

describe('interpretFromService (DescribeServices only)', () => {
  test.each(ROWS.map((r) => [r.fixture, r] as const))('%s', (_name, row) => {
    const f = load(row.fixture);
    expectState(interpretFromService(f.service, f.tracked), row.service);
  });

  test.each(ROWS.map((r) => [r.fixture, r] as const))('%s, without the deployment id', (_name, row) => {
    const f = load(row.fixture);
    const state = interpretFromService(f.service, withoutId(f.tracked));
    expect({ phase: state.phase, rollbackSucceeded: state.rollbackSucceeded, replacedBy: state.replacedBy }).toEqual({
      phase: row.serviceNoId.phase,
      rollbackSucceeded: row.serviceNoId.rollbackSucceeded,
      replacedBy: row.serviceNoId.replacedBy,
    });
  });

  test('a service with no deployment listed is still in progress', () => {
    const f = load('in-progress-scale-up');
    const state = interpretFromService({ desiredCount: 3, deployments: [] }, f.tracked);
    expect(state).toEqual({ phase: 'in-progress', running: 0, pending: 0, desired: 3, failedTasks: 0 });
  });

  test('ours gone and a third revision PRIMARY is a replacement, not a rollback', () => {
    const f = load('superseded');
    const service: ServiceView = { ...f.service, deployments: f.service.deployments?.filter((d) => d.status === 'PRIMARY') };
    const state = interpretFromService(service, f.tracked);
    expect(state).toMatchObject({ phase: 'superseded', replacedBy: ARNS.other });
  });
});

describe('a circuit-breaker or alarm rollback is never a success', () => {
  const cases = ROLLBACK_FIXTURES.flatMap((name) => [
    [name, 'DescribeServiceDeployments'] as const,
    [name, 'DescribeServices'] as const,
    [name, 'DescribeServices without the deployment id'] as const,
  ]);

  test('the table holds every rollback fixture', () => {
    expect(ROLLBACK_FIXTURES).toEqual(
      expect.arrayContaining([
        'alarm-rolled-back',
        'circuit-breaker-rollback-failed',
        'circuit-breaker-rollback-started',
        'circuit-breaker-rolled-back',
        'circuit-breaker-rolled-back-ours-gone',
        'circuit-breaker-rolling-back',
      ]),
    );
  });

  test.each(table(cases))('%s through %s', (name, via) => {
    const f = load(name);
    const state =
      via === 'DescribeServiceDeployments'
        ? interpretFromServiceDeployment(f.serviceDeployment, f.service, f.tracked)
        : interpretFromService(f.service, via === 'DescribeServices' ? f.tracked : withoutId(f.tracked));
    expect(state.phase).not.toBe('completed');
    expect(['rolling-back', 'rolled-back']).toContain(state.phase);
  });

  test('the rollback deployment of the previous revision, PRIMARY and COMPLETED, is read as a finished rollback', () => {
    const f = load('circuit-breaker-rolled-back-ours-gone');
    const primary = f.service.deployments?.[0];
    expect(primary).toMatchObject({ status: 'PRIMARY', rolloutState: 'COMPLETED', taskDefinition: ARNS.previous });
    for (const tracked of [f.tracked, withoutId(f.tracked)]) {
      expect(interpretFromService(f.service, tracked)).toMatchObject({ phase: 'rolled-back', rollbackSucceeded: true });
    }
  });

  test('a SUCCESSFUL-looking DescribeServices does not override a rollback the service deployment reports', () => {
    const f = load('circuit-breaker-rolled-back-ours-gone');
    const state = interpretFromServiceDeployment(f.serviceDeployment, f.service, f.tracked);
    expect(state).toMatchObject({ phase: 'rolled-back', rollbackSucceeded: true });
  });
});

describe('isFinal', () => {
  test.each(table([
    ['in-progress', false],
    ['rolling-back', false],
    ['completed', true],
    ['failed', true],
    ['rolled-back', true],
    ['superseded', true],
  ] as const))('%s -> %s', (phase, final) => {
    expect(isFinal(phase)).toBe(final);
  });
});

describe('progressLine', () => {
  test('counts, failed tasks and stage', () => {
    const f = load('in-progress-scale-up');
    expect(progressLine(interpretFromServiceDeployment(f.serviceDeployment, f.service, f.tracked))).toBe(
      'in-progress: 1 running, 2 pending of 3 desired, 1 failed, stage SCALE_UP',
    );
  });

  test('no failed part when nothing failed, no stage part without a stage', () => {
    const f = load('in-progress-bake-time');
    expect(progressLine(interpretFromService(f.service, f.tracked))).toBe('in-progress: 3 running, 0 pending of 3 desired');
  });

  test('the end states read as such', () => {
    const done = load('completed');
    expect(progressLine(interpretFromServiceDeployment(done.serviceDeployment, done.service, done.tracked))).toBe(
      'completed: 3 running, 0 pending of 3 desired, 1 failed',
    );
    const back = load('circuit-breaker-rolled-back');
    expect(progressLine(interpretFromServiceDeployment(back.serviceDeployment, back.service, back.tracked))).toBe(
      'rolled-back: 0 running, 0 pending of 0 desired, 3 failed',
    );
  });

  test('a change of stage alone changes the line (the watcher logs per change)', () => {
    const base: RolloutState = { phase: 'in-progress', running: 2, pending: 0, desired: 2, failedTasks: 0, lifecycleStage: 'TEST_TRAFFIC_SHIFT' };
    expect(progressLine(base)).not.toBe(progressLine({ ...base, lifecycleStage: 'PRODUCTION_TRAFFIC_SHIFT' }));
    expect(progressLine(base)).toBe(progressLine({ ...base, reason: 'a reason is not part of the line' }));
  });
});

// ---------------------------------------------------------------------------------------------
// Hand-built observations, for the branches the recorded fixtures do not reach.

const OURS = 'arn:aws:ecs:eu-west-1:123456789012:task-definition/api:42';
const PREV = 'arn:aws:ecs:eu-west-1:123456789012:task-definition/api:41';
const OTHER = 'arn:aws:ecs:eu-west-1:123456789012:task-definition/api:43';
const TRACKED: Tracked = { deploymentId: 'ecs-svc/ours', taskDefinitionArn: OURS, previousArn: PREV };
const NO_ID: Tracked = { taskDefinitionArn: OURS, previousArn: PREV };

function deployment(over: DeploymentView): DeploymentView {
  return { desiredCount: 3, pendingCount: 0, runningCount: 0, failedTasks: 0, ...over };
}

/** Our deployment, PRIMARY unless told otherwise. */
function ours(over: DeploymentView = {}): DeploymentView {
  return deployment({ id: 'ecs-svc/ours', status: 'PRIMARY', taskDefinition: OURS, ...over });
}

/** The previous revision's deployment, ACTIVE unless told otherwise (PRIMARY when ECS rolls back to it). */
function previous(over: DeploymentView = {}): DeploymentView {
  return deployment({ id: 'ecs-svc/prev', status: 'ACTIVE', taskDefinition: PREV, runningCount: 3, ...over });
}

describe('interpretFromService: branches (DescribeServices only)', () => {
  test.each(
    table([
      ['no deployments listed at all', {}, TRACKED, { phase: 'in-progress', running: 0, pending: 0, desired: 0, failedTasks: 0 }],
      ['no deployments listed: desired from the service', { desiredCount: 4 }, TRACKED, { phase: 'in-progress', running: 0, pending: 0, desired: 4, failedTasks: 0 }],
      [
        'ours PRIMARY without a rollout state (no circuit breaker data)',
        { deployments: [ours({ runningCount: 1, pendingCount: 2 }), previous()] },
        TRACKED,
        { phase: 'in-progress', running: 1, pending: 2, desired: 3, failedTasks: 0 },
      ],
      [
        'ours PRIMARY and COMPLETED, without a reason',
        { deployments: [ours({ rolloutState: 'COMPLETED', runningCount: 3 })] },
        TRACKED,
        { phase: 'completed', running: 3, pending: 0, desired: 3, failedTasks: 0 },
      ],
      [
        'ours PRIMARY and FAILED, no rollback',
        { deployments: [ours({ rolloutState: 'FAILED', rolloutStateReason: 'ECS deployment circuit breaker: tasks failed to start.', failedTasks: 3 }), previous()] },
        TRACKED,
        { phase: 'failed', running: 0, pending: 0, desired: 3, failedTasks: 3, reason: 'ECS deployment circuit breaker: tasks failed to start.' },
      ],
      [
        'ours not PRIMARY and no PRIMARY at all: still in progress',
        { deployments: [ours({ status: 'ACTIVE', runningCount: 2, rolloutStateReason: 'ECS deployment ecs-svc/ours in progress.' })] },
        TRACKED,
        { phase: 'in-progress', running: 2, pending: 0, desired: 3, failedTasks: 0, reason: 'ECS deployment ecs-svc/ours in progress.' },
      ],
      [
        'ours FAILED and ACTIVE, the previous PRIMARY rolling out: rolling back, why ours failed',
        { deployments: [previous({ status: 'PRIMARY', rolloutState: 'IN_PROGRESS' }), ours({ status: 'ACTIVE', rolloutState: 'FAILED', rolloutStateReason: 'tasks failed to start.', failedTasks: 2 })] },
        TRACKED,
        { phase: 'rolling-back', running: 0, pending: 0, desired: 3, failedTasks: 2, reason: 'tasks failed to start.' },
      ],
      [
        'ours FAILED without a reason, the rollback without one either: the revision rolled back to',
        { deployments: [previous({ status: 'PRIMARY', rolloutState: 'IN_PROGRESS' }), ours({ status: 'ACTIVE', rolloutState: 'FAILED' })] },
        TRACKED,
        { phase: 'rolling-back', running: 0, pending: 0, desired: 3, failedTasks: 0, reason: `ECS rolled the service back to ${PREV}` },
      ],
      [
        'the rollback deployment names no task definition: the previous revision is named',
        { deployments: [deployment({ id: 'ecs-svc/rb', status: 'PRIMARY', rolloutState: 'IN_PROGRESS' }), ours({ status: 'ACTIVE', rolloutState: 'FAILED' })] },
        TRACKED,
        { phase: 'rolling-back', running: 0, pending: 0, desired: 3, failedTasks: 0, reason: `ECS rolled the service back to ${PREV}` },
      ],
      [
        'ours still IN_PROGRESS, the PRIMARY says it is a circuit breaker rollback',
        {
          deployments: [
            previous({ status: 'PRIMARY', rolloutState: 'IN_PROGRESS', rolloutStateReason: 'ECS deployment circuit breaker: rolling back to deploymentId ecs-svc/prev.' }),
            ours({ status: 'ACTIVE', rolloutState: 'IN_PROGRESS', rolloutStateReason: 'ECS deployment ecs-svc/ours in progress.' }),
          ],
        },
        TRACKED,
        { phase: 'rolling-back', running: 0, pending: 0, desired: 3, failedTasks: 0, reason: 'ECS deployment circuit breaker: rolling back to deploymentId ecs-svc/prev.' },
      ],
      [
        'the rollback itself FAILED',
        { deployments: [previous({ status: 'PRIMARY', rolloutState: 'FAILED' }), ours({ status: 'ACTIVE', rolloutState: 'FAILED', rolloutStateReason: 'tasks failed to start.' })] },
        TRACKED,
        { phase: 'rolled-back', rollbackSucceeded: false, running: 0, pending: 0, desired: 3, failedTasks: 0, reason: 'tasks failed to start.' },
      ],
      [
        'ours gone, the previous revision PRIMARY and COMPLETED: rolled back',
        { desiredCount: 3, deployments: [previous({ status: 'PRIMARY', rolloutState: 'COMPLETED', rolloutStateReason: 'ECS deployment ecs-svc/prev completed.' })] },
        TRACKED,
        { phase: 'rolled-back', rollbackSucceeded: true, running: 0, pending: 0, desired: 3, failedTasks: 0, reason: `ECS rolled the service back to ${PREV}` },
      ],
      [
        'ours gone, a third revision PRIMARY without id or task definition: superseded by "?"',
        { desiredCount: 3, deployments: [deployment({ status: 'PRIMARY', rolloutState: 'IN_PROGRESS' })] },
        TRACKED,
        { phase: 'superseded', running: 0, pending: 0, desired: 3, failedTasks: 0, reason: 'deployment ? of ? replaced it before it finished' },
      ],
      [
        'ours gone, a third revision PRIMARY',
        { desiredCount: 5, deployments: [deployment({ id: 'ecs-svc/other', status: 'PRIMARY', taskDefinition: OTHER, rolloutState: 'IN_PROGRESS' })] },
        TRACKED,
        { phase: 'superseded', replacedBy: OTHER, running: 0, pending: 0, desired: 5, failedTasks: 0, reason: `deployment ecs-svc/other of ${OTHER} replaced it before it finished` },
      ],
      [
        'without the id: ours is the PRIMARY of our task definition',
        { deployments: [ours({ id: 'ecs-svc/unknown', rolloutState: 'COMPLETED', runningCount: 3 }), previous({ runningCount: 0 })] },
        NO_ID,
        { phase: 'completed', running: 3, pending: 0, desired: 3, failedTasks: 0 },
      ],
      [
        'without the id: the same revision deployed again by someone else is not a rollback',
        { desiredCount: 3, deployments: [deployment({ id: 'ecs-svc/again', status: 'PRIMARY', taskDefinition: OURS, rolloutState: 'IN_PROGRESS' })] },
        { deploymentId: 'ecs-svc/ours', taskDefinitionArn: OURS, previousArn: OURS },
        { phase: 'superseded', replacedBy: OURS, running: 0, pending: 0, desired: 3, failedTasks: 0, reason: `deployment ecs-svc/again of ${OURS} replaced it before it finished` },
      ],
    ] as const),
  )('%s', (_what, service, tracked, expected) => {
    expect(interpretFromService(service as ServiceView, tracked)).toStrictEqual(expected);
  });

  test('counts come from our deployment, not from the PRIMARY one', () => {
    const state = interpretFromService(
      { desiredCount: 9, deployments: [previous({ status: 'PRIMARY', runningCount: 3, rolloutState: 'IN_PROGRESS' }), ours({ status: 'ACTIVE', rolloutState: 'FAILED', desiredCount: 0, failedTasks: 4 })] },
      TRACKED,
    );
    expect(state).toMatchObject({ phase: 'rolling-back', running: 0, desired: 0, failedTasks: 4 });
  });
});

describe('interpretFromServiceDeployment: branches', () => {
  const service: ServiceView = { deployments: [ours({ runningCount: 1, pendingCount: 1, failedTasks: 2 }), previous()] };

  test.each(
    table([
      ['no status yet', {}, { phase: 'in-progress', running: 1, pending: 1, desired: 3, failedTasks: 2 }],
      ['an unknown status, with a reason: in progress, no reason', { status: 'SOMETHING_NEW', statusReason: 'why' }, { phase: 'in-progress', running: 1, pending: 1, desired: 3, failedTasks: 2 }],
      [
        'ROLLBACK_REQUESTED',
        { status: 'ROLLBACK_REQUESTED', rollback: { reason: 'Rollback requested by a user.' } },
        { phase: 'rolling-back', running: 1, pending: 1, desired: 3, failedTasks: 2, reason: 'Rollback requested by a user.' },
      ],
      ['ROLLBACK_IN_PROGRESS without any reason', { status: 'ROLLBACK_IN_PROGRESS' }, { phase: 'rolling-back', running: 1, pending: 1, desired: 3, failedTasks: 2 }],
      [
        'the same reason twice is given once',
        { status: 'ROLLBACK_SUCCESSFUL', statusReason: 'Rolled back.', rollback: { reason: 'Rolled back.' } },
        { phase: 'rolled-back', rollbackSucceeded: true, running: 1, pending: 1, desired: 3, failedTasks: 2, reason: 'Rolled back.' },
      ],
      [
        'a triggered alarm status without names',
        { status: 'ROLLBACK_FAILED', alarms: { status: 'TRIGGERED' } },
        { phase: 'rolled-back', rollbackSucceeded: false, running: 1, pending: 1, desired: 3, failedTasks: 2, reason: 'CloudWatch alarms (unnamed) went into ALARM' },
      ],
      [
        'one triggered alarm name, whatever the status says',
        { status: 'ROLLBACK_SUCCESSFUL', alarms: { status: 'MONITORING', triggeredAlarmNames: ['api-5xx'] } },
        { phase: 'rolled-back', rollbackSucceeded: true, running: 1, pending: 1, desired: 3, failedTasks: 2, reason: 'CloudWatch alarm api-5xx went into ALARM' },
      ],
      [
        'a tripped circuit breaker without its counts',
        { status: 'STOPPED', deploymentCircuitBreaker: { status: 'TRIGGERED' } },
        { phase: 'failed', running: 1, pending: 1, desired: 3, failedTasks: 2, reason: 'the deployment circuit breaker tripped after ? failed tasks (threshold ?)' },
      ],
      [
        'the alarm is named before the circuit breaker (both triggered)',
        { status: 'STOPPED', alarms: { triggeredAlarmNames: ['a', 'b'] }, deploymentCircuitBreaker: { status: 'TRIGGERED', failureCount: 1, threshold: 5 } },
        { phase: 'failed', running: 1, pending: 1, desired: 3, failedTasks: 2, reason: 'CloudWatch alarms a, b went into ALARM' },
      ],
      [
        'a circuit breaker that is only monitoring is no cause',
        { status: 'STOP_REQUESTED', statusReason: 'Stopped by a user.', deploymentCircuitBreaker: { status: 'MONITORING', failureCount: 0, threshold: 3 } },
        { phase: 'failed', running: 1, pending: 1, desired: 3, failedTasks: 2, reason: 'Stopped by a user.' },
      ],
      [
        'failed tasks: the larger of the service count and the circuit breaker count',
        { status: 'IN_PROGRESS', deploymentCircuitBreaker: { status: 'MONITORING', failureCount: 5, threshold: 10 } },
        { phase: 'in-progress', running: 1, pending: 1, desired: 3, failedTasks: 5 },
      ],
      [
        'target revision counts win, even 0; the stage is given when known',
        { status: 'IN_PROGRESS', lifecycleStage: 'SCALE_UP', targetServiceRevision: { requestedTaskCount: 6, runningTaskCount: 0, pendingTaskCount: 4 } },
        { phase: 'in-progress', running: 0, pending: 4, desired: 6, failedTasks: 2, lifecycleStage: 'SCALE_UP' },
      ],
      ['SUCCESSFUL gives no reason', { status: 'SUCCESSFUL', statusReason: 'done' }, { phase: 'completed', running: 1, pending: 1, desired: 3, failedTasks: 2 }],
    ] as const),
  )('%s', (_what, sd, expected) => {
    expect(interpretFromServiceDeployment(sd as ServiceDeploymentView, service, TRACKED)).toStrictEqual(expected);
  });

  test('STOPPED without a cause while another deployment is PRIMARY: superseded, with the counts of ours', () => {
    const replaced: ServiceView = {
      deployments: [deployment({ id: 'ecs-svc/other', status: 'PRIMARY', taskDefinition: OTHER, rolloutState: 'IN_PROGRESS' }), ours({ status: 'ACTIVE', runningCount: 1 })],
    };
    const sd: ServiceDeploymentView = {
      status: 'STOPPED',
      statusReason: 'Stopped: a newer deployment started.',
      lifecycleStage: 'SCALE_UP',
      targetServiceRevision: { requestedTaskCount: 3, runningTaskCount: 2, pendingTaskCount: 0 },
    };
    expect(interpretFromServiceDeployment(sd, replaced, TRACKED)).toStrictEqual({
      phase: 'superseded',
      replacedBy: OTHER,
      reason: `deployment ecs-svc/other of ${OTHER} replaced it before it finished`,
      running: 2,
      pending: 0,
      desired: 3,
      failedTasks: 0,
      lifecycleStage: 'SCALE_UP',
    });
  });

  test('STOPPED with a tripped circuit breaker is a failure even when another deployment is PRIMARY', () => {
    const replaced: ServiceView = { deployments: [deployment({ id: 'ecs-svc/other', status: 'PRIMARY', taskDefinition: OTHER }), ours({ status: 'ACTIVE' })] };
    const state = interpretFromServiceDeployment({ status: 'STOPPED', deploymentCircuitBreaker: { status: 'TRIGGERED', failureCount: 3, threshold: 3 } }, replaced, TRACKED);
    expect(state.phase).toBe('failed');
    expect(state.replacedBy).toBeUndefined();
  });
});

describe('progressLine: every part', () => {
  const state = (over: Partial<RolloutState>): RolloutState => ({ phase: 'in-progress', running: 0, pending: 0, desired: 0, failedTasks: 0, ...over });
  test.each(
    table([
      [state({}), 'in-progress: 0 running, 0 pending of 0 desired'],
      [state({ running: 2, pending: 1, desired: 3 }), 'in-progress: 2 running, 1 pending of 3 desired'],
      [state({ failedTasks: 1 }), 'in-progress: 0 running, 0 pending of 0 desired, 1 failed'],
      [state({ lifecycleStage: 'BAKE_TIME' }), 'in-progress: 0 running, 0 pending of 0 desired, stage BAKE_TIME'],
      [state({ phase: 'rolling-back', failedTasks: 3, lifecycleStage: 'SCALE_UP' }), 'rolling-back: 0 running, 0 pending of 0 desired, 3 failed, stage SCALE_UP'],
      [state({ phase: 'superseded', running: 1, desired: 3, replacedBy: OTHER, reason: 'r' }), 'superseded: 1 running, 0 pending of 3 desired'],
      [state({ phase: 'failed', lifecycleStage: '' }), 'failed: 0 running, 0 pending of 0 desired'],
    ] as const),
  )('%j -> %s', (s, line) => {
    expect(progressLine(s)).toBe(line);
  });
});

describe('a concurrent deploy seen in DescribeServices before the service deployment says so', () => {
  const sdInProgress = { status: 'IN_PROGRESS', targetServiceRevision: { requestedTaskCount: 2, runningTaskCount: 1, pendingTaskCount: 1 } };
  test('another revision PRIMARY: superseded, naming it, while the service deployment is still IN_PROGRESS', () => {
    const service = { deployments: [deployment({ id: 'ecs-svc/other', status: 'PRIMARY', taskDefinition: OTHER }), ours({ status: 'ACTIVE' })] };
    const state = interpretFromServiceDeployment(sdInProgress, service, TRACKED);
    expect(state.phase).toBe('superseded');
    expect(state.replacedBy).toBe(OTHER);
  });
  test('the previous revision PRIMARY (a rollback starting) is not called superseded', () => {
    const service = { deployments: [deployment({ id: 'ecs-svc/prev', status: 'PRIMARY', taskDefinition: PREV, rolloutState: 'IN_PROGRESS' }), ours({ status: 'ACTIVE' })] };
    expect(interpretFromServiceDeployment(sdInProgress, service, TRACKED).phase).toBe('in-progress');
  });
});

const HOOK = 'ecs-pause-Rk2vN8yQ_pW3hT5jX7mZ0aB4cD6eF9gH1iJ3kL5nM7o';

describe('native strategies (BLUE_GREEN, LINEAR, CANARY) and PAUSE hooks', () => {
  test('a deployment held at a PAUSE hook is paused, with the hook, its expiry and its timeout action', () => {
    const f = load('paused-post-test-traffic-shift');
    const state = interpretFromServiceDeployment(f.serviceDeployment, f.service, f.tracked);
    expect(state).toMatchObject({ phase: 'paused', strategy: 'BLUE_GREEN', productionTraffic: 0, testTraffic: 100 });
    expect(state.hook).toEqual({ hookId: HOOK, stage: 'POST_TEST_TRAFFIC_SHIFT', expiresAt: new Date('2025-03-04T11:17:05.000Z'), timeoutAction: 'ROLLBACK' });
    // Paused is not an end: on-pause decides.
    expect(isFinal('paused')).toBe(false);
    expect(progressLine(state)).toBe('paused: 2 running, 0 pending of 2 desired, stage POST_TEST_TRAFFIC_SHIFT, production traffic 0%');
  });

  test.each(table<[status: string, paused: boolean]>([
    ['AWAITING_ACTION', true],
    ['SUCCEEDED', false],
    ['FAILED', false],
    ['TIMED_OUT', false],
    ['IN_PROGRESS', false],
  ]))('a PAUSE hook %s: paused %s', (status, paused) => {
    const f = load('paused-post-test-traffic-shift');
    const sd = { ...f.serviceDeployment, lifecycleHookDetails: [{ ...f.serviceDeployment.lifecycleHookDetails?.[0], status }] };
    expect(interpretFromServiceDeployment(sd, f.service, f.tracked).phase).toBe(paused ? 'paused' : 'in-progress');
  });

  test('a Lambda hook awaiting nothing, or a rollback in progress with a stale awaiting entry, is not a pause', () => {
    const f = load('paused-post-test-traffic-shift');
    const lambda = { ...f.serviceDeployment, lifecycleHookDetails: [{ hookId: 'h1', targetType: 'AWS_LAMBDA', status: 'AWAITING_ACTION' }] };
    expect(interpretFromServiceDeployment(lambda, f.service, f.tracked).phase).toBe('in-progress');
    const rollingBack = { ...f.serviceDeployment, status: 'ROLLBACK_IN_PROGRESS', rollback: { reason: 'Rolled back by ContinueServiceDeployment.' } };
    expect(interpretFromServiceDeployment(rollingBack, f.service, f.tracked).phase).toBe('rolling-back');
  });

  test('with several pauses in turn, the one awaiting action is the one named', () => {
    const f = load('paused-post-test-traffic-shift');
    const sd: ServiceDeploymentView = {
      ...f.serviceDeployment,
      lifecycleStage: 'PRE_PRODUCTION_TRAFFIC_SHIFT',
      lifecycleHookDetails: [
        { hookId: 'ecs-pause-first', targetType: 'PAUSE', status: 'SUCCEEDED' },
        { hookId: 'ecs-pause-second', targetType: 'PAUSE', status: 'AWAITING_ACTION', timeoutAction: 'CONTINUE' },
      ],
    };
    expect(awaitingPause(sd)).toEqual({ hookId: 'ecs-pause-second', stage: 'PRE_PRODUCTION_TRAFFIC_SHIFT', timeoutAction: 'CONTINUE' });
  });

  test('a canary in its production shift: strategy and share of production traffic, no pause after its hook was continued', () => {
    const f = load('canary-production-traffic-shift');
    const state = interpretFromServiceDeployment(f.serviceDeployment, f.service, f.tracked);
    expect(state).toMatchObject({ phase: 'in-progress', strategy: 'CANARY', productionTraffic: 10, lifecycleStage: 'PRODUCTION_TRAFFIC_SHIFT' });
    expect(state.hook).toBeUndefined();
    expect(stageWaitMinutes(f.serviceDeployment, 'PRODUCTION_TRAFFIC_SHIFT', 10)).toBe(15);
    expect(stageWaitMinutes(f.serviceDeployment, 'BAKE_TIME', 100)).toBe(5);
  });

  test('a rolling deployment has no strategy or traffic, whatever its stage', () => {
    const f = load('in-progress-bake-time');
    const state = interpretFromServiceDeployment(f.serviceDeployment, f.service, f.tracked);
    expect(state.strategy).toBeUndefined();
    expect(state.productionTraffic).toBeUndefined();
  });

  test.each(table<[strategy: string, config: object, traffic: number | undefined, minutes: number | undefined]>([
    ['LINEAR', { linearConfiguration: { stepPercent: 20, stepBakeTimeInMinutes: 3 } }, 40, 3],
    ['LINEAR', {}, 10, 6],
    ['CANARY', {}, 5, 10],
    ['LINEAR', {}, 100, undefined],
    ['LINEAR', {}, 0, undefined],
    ['BLUE_GREEN', {}, 50, undefined],
    ['LINEAR', {}, undefined, undefined],
  ]))('the wait of a %s shift step (%j) at %s%%: %s minutes', (strategy, config, traffic, minutes) => {
    expect(stageWaitMinutes({ deploymentConfiguration: { strategy, ...config } }, 'PRODUCTION_TRAFFIC_SHIFT', traffic)).toBe(minutes);
  });

  test('stage lines name what the stage means, and an unknown stage as ECS gives it', () => {
    expect(stageLine('POST_TEST_TRAFFIC_SHIFT')).toBe('Stage POST_TEST_TRAFFIC_SHIFT: test traffic reaches the new revision; production traffic is on the old one.');
    expect(stageLine('SOMETHING_NEW')).toBe('Stage SOMETHING_NEW.');
  });

  test('the pause line says when it expires, what ECS does then, and what the step does', () => {
    const hook = { hookId: HOOK, stage: 'POST_TEST_TRAFFIC_SHIFT', expiresAt: new Date('2025-03-04T11:17:05.000Z'), timeoutAction: 'ROLLBACK' };
    expect(pauseLine(hook, 'exit')).toBe(
      `Paused at stage POST_TEST_TRAFFIC_SHIFT (PAUSE hook ${HOOK}): ECS holds the deployment until ContinueServiceDeployment; ` +
        'at 2025-03-04T11:17:05.000Z it expires and ECS rolls the deployment back. on-pause is exit: the step ends paused, and a later step with resume: continue or resume: rollback decides.',
    );
    expect(pauseLine({ hookId: 'h', stage: 'S' }, 'continue')).toBe('Paused at stage S (PAUSE hook h): ECS holds the deployment until ContinueServiceDeployment. on-pause is continue: continuing it now.');
    expect(timeoutActionText('CONTINUE')).toBe('continues the deployment');
    expect(timeoutActionText(undefined)).toBe('takes its timeout action (ROLLBACK by default)');
  });
});
