// conclude(): the one place that decides status, outputs, exit code, failure and summary.
import { describe, expect, test } from '@jest/globals';
import { AwsError } from '../src/aws/call.js';
import { conclude, EXIT_CODES } from '../src/core/conclude.js';
import { CancelledError, DeployError, InputError } from '../src/core/errors.js';
import { newFacts, type FlowEnd, type RunFacts, type WatchResult, type WatchStatus } from '../src/core/outcome.js';
import { table } from './helpers/table.js';

const TD = 'arn:aws:ecs:eu-west-1:123456789012:task-definition';
const NEW = `${TD}/api:42`;
const PREVIOUS = `${TD}/api:41`;

function facts(overrides: Partial<RunFacts> = {}): RunFacts {
  return { ...newFacts('deploy', 'prod', 'api', 'eu-west-1'), previousTaskDefinitionArn: PREVIOUS, ...overrides };
}
const pointed = (overrides: Partial<RunFacts> = {}) => facts({ taskDefinitionArn: NEW, changed: true, deploymentId: 'ecs-svc/123', ...overrides });
const watched = (status: WatchStatus, more: Partial<WatchResult> = {}): FlowEnd => ({
  type: 'watched',
  watch: { status, events: [], stoppedTasks: [], stopped: [], durationMs: 1000, ...more },
  timeoutMinutes: 30,
});

describe('status and exit code', () => {
  test.each(
    table([
      ['planned', { type: 'planned' }, 0],
      ['unchanged', { type: 'unchanged' }, 0],
      ['started', { type: 'started' }, 0],
      ['completed', watched('completed'), 0],
      ['rolled-back', watched('rolled-back', { state: { phase: 'rolled-back', running: 2, pending: 0, desired: 2, failedTasks: 3, reason: 'circuit breaker', rollbackSucceeded: true } }), 1],
      ['failed', watched('failed'), 1],
      ['superseded', watched('superseded'), 1],
      ['timed-out', watched('timed-out'), 1],
      ['cancelled', watched('cancelled'), 1],
    ] as const),
  )('a flow that ended %s', (status, end, exitCode) => {
    const c = conclude({ facts: pointed(), end: end as FlowEnd, durationMs: 5000 });
    expect(c.status).toBe(status);
    expect(c.exitCode).toBe(exitCode);
    expect(c.outputs.status).toBe(status);
    expect(EXIT_CODES[c.status]).toBe(exitCode);
    // A failure always carries one message, a success never does.
    if (exitCode === 1) {
      expect(c.failure).toEqual(expect.any(String));
      expect(c.closing).toBeUndefined();
    } else {
      expect(c.failure).toBeUndefined();
      expect(c.closing).toBe(`status=${status} task-definition-arn=${NEW}`);
    }
  });

  test.each(
    table([
      ['a bad input (no facts yet)', new InputError('cluster', 'is required (expected a cluster name or ARN)'), undefined, 'error'],
      ['an AWS error', new AwsError('Describing service "api" failed (AccessDeniedException: no). Needs ecs:DescribeServices.', 'denied', 'AccessDeniedException', 'ecs:DescribeServices', 400), facts(), 'error'],
      ['a refusal', new DeployError('Service "api" uses the CODE_DEPLOY deployment controller'), facts(), 'error'],
      ['cancellation while waiting for another deployment', new CancelledError('Cancelled while waiting for another deployment to end; nothing was changed.'), facts(), 'cancelled'],
      ['a bug', new TypeError("Cannot read properties of undefined (reading 'some')"), facts(), 'error'],
      ['something thrown that is not an Error', 'boom', facts(), 'error'],
    ] as const),
  )('%s', (_label, error, f, status) => {
    const c = conclude({ facts: f as RunFacts | undefined, error, durationMs: 10 });
    expect(c.status).toBe(status);
    expect(c.exitCode).toBe(1);
    expect(c.outputs).toEqual({
      'task-definition-arn': '',
      'previous-task-definition-arn': f ? PREVIOUS : '',
      image: '',
      'deployment-id': '',
      changed: 'false',
      'pre-deploy-task-arn': '',
      'pre-deploy-exit-code': '',
      drift: '',
      drifted: '',
      services: '',
      schedules: '',
      'service-deployment-arn': '',
      'hook-id': '',
      'hook-stage': '',
      'hook-expires-at': '',
      'hook-timeout-action': '',
      status,
    });
    expect(c.failure).toBeDefined();
    expect(c.failure).not.toContain('\n');
  });

  test('with neither an end nor an error (cannot happen) the step still fails with status error', () => {
    const c = conclude({ facts: facts(), durationMs: 0 });
    expect(c.status).toBe('error');
    expect(c.exitCode).toBe(1);
  });
});

describe('failure messages', () => {
  test('input and AWS errors are shown as worded; a bug is labelled one, with its stack in the details', () => {
    expect(conclude({ error: new InputError('wait', '"yes" is not a boolean (expected true or false)'), durationMs: 0 }).failure).toBe(
      'Input "wait": "yes" is not a boolean (expected true or false)',
    );
    const bug = new TypeError('x is not a function');
    const c = conclude({ facts: facts(), error: bug, durationMs: 0 });
    expect(c.failure).toBe('Unexpected failure (a bug in ecs-template-deploy; please report it with this log): x is not a function');
    expect(c.details.join('\n')).toContain('TypeError: x is not a function');
    expect(conclude({ facts: facts(), error: new DeployError('worded'), durationMs: 0 }).details).toEqual([]);
  });

  test('an error after the service was pointed says so and how to roll back; changed stays true', () => {
    const c = conclude({ facts: pointed(), error: new DeployError('Polling the service failed.'), durationMs: 0 });
    expect(c.status).toBe('error');
    expect(c.outputs.changed).toBe('true');
    expect(c.outputs['task-definition-arn']).toBe(NEW);
    expect(c.failure).toBe(
      `Polling the service failed. The service points at ${NEW}; ECS goes on with that deployment. To roll back, point the service at ${PREVIOUS} (the previous-task-definition-arn output).`,
    );
  });

  test.each(
    table([
      ['rolled-back', { rollbackSucceeded: true }, `ECS rolled the deployment of ${NEW} back to ${PREVIOUS}: circuit breaker tripped; the rollback completed.`],
      ['rolled-back', { rollbackSucceeded: false }, `ECS rolled the deployment of ${NEW} back to ${PREVIOUS}: circuit breaker tripped; the rollback itself FAILED.`],
      ['rolled-back', {}, `ECS rolled the deployment of ${NEW} back to ${PREVIOUS}: circuit breaker tripped; the rollback is still in progress.`],
      ['failed', {}, `The deployment of ${NEW} failed: circuit breaker tripped. To roll back, point the service at ${PREVIOUS} (the previous-task-definition-arn output).`],
      ['superseded', { replacedBy: `${TD}/api:43` }, `The deployment of ${NEW} was superseded: circuit breaker tripped (now ${TD}/api:43).`],
      ['timed-out', {}, `The rollout of ${NEW} did not finish within 30 minutes; ECS goes on with the deployment. To roll back, point the service at ${PREVIOUS} (the previous-task-definition-arn output).`],
      ['cancelled', {}, `Cancelled while the rollout of ${NEW} was in flight; ECS goes on with the deployment. To roll back, point the service at ${PREVIOUS} (the previous-task-definition-arn output).`],
    ] as const),
  )('%s %j', (status, state, message) => {
    const end = watched(status, { state: { phase: 'failed', running: 0, pending: 0, desired: 2, failedTasks: 2, reason: 'circuit breaker tripped', ...state } });
    expect(conclude({ facts: pointed(), end, durationMs: 0 }).failure).toBe(message);
  });

  test('without a reason or a previous revision the messages still read', () => {
    const f = pointed({ previousTaskDefinitionArn: undefined });
    expect(conclude({ facts: f, end: watched('failed'), durationMs: 0 }).failure).toBe(`The deployment of ${NEW} failed: no reason given.`);
    expect(conclude({ facts: f, end: watched('rolled-back'), durationMs: 0 }).failure).toBe(
      `ECS rolled the deployment of ${NEW} back to the previous revision: no reason given; the rollback is still in progress.`,
    );
    expect(conclude({ facts: f, end: watched('superseded'), durationMs: 0 }).failure).toBe(`The deployment of ${NEW} was superseded: another deployment replaced it.`);
  });
});

describe('details and summary', () => {
  test('stopped tasks go to the log and the summary; events to the summary', () => {
    const end = watched('rolled-back', {
      stoppedTasks: ['task 1a2b: Essential container in task exited; container app exit 1'],
      events: ['2025-06-01T12:00:00.000Z (service api) has started 1 tasks'],
      state: { phase: 'rolled-back', running: 2, pending: 0, desired: 2, failedTasks: 1, reason: 'circuit breaker' },
    });
    const c = conclude({ facts: pointed(), end, durationMs: 65_000 });
    expect(c.details).toEqual(['Stopped tasks of the new revision:', '  task 1a2b: Essential container in task exited; container app exit 1']);
    expect(c.summary).toContain('### ↩️ ECS deploy of `api`: rolled-back');
    expect(c.summary).toContain('| Duration | 1m 05s |');
    expect(c.summary).toContain('- task 1a2b: Essential container in task exited; container app exit 1');
    expect(c.summary).toContain('has started 1 tasks');
    expect(c.summary).toContain('**Why:** ECS rolled the deployment');
  });

  test('a completed rollout with a reason shows it; cleanup and plan sections come from the facts', () => {
    const end = watched('completed', { state: { phase: 'completed', running: 2, pending: 0, desired: 2, failedTasks: 0, reason: 'ECS deployment completed.' } });
    const c = conclude({ facts: pointed({ cleanup: { keep: 5, removed: [`${TD}/api:30`] } }), end, durationMs: 0 });
    expect(c.summary).toContain('**Reason:** ECS deployment completed.');
    expect(c.summary).toContain('#### Cleanup');
    expect(c.summary).toContain(`- deregistered \`${TD}/api:30\``);
    // A backlog: twenty named, the rest counted; with delete-revisions, which were deleted too.
    const many = Array.from({ length: 25 }, (_, i) => `${TD}/api:${i + 1}`);
    const big = conclude({ facts: pointed({ cleanup: { keep: 5, removed: many, deleted: many.slice(1) } }), end, durationMs: 0 });
    expect(big.summary).toContain(`- deregistered \`${TD}/api:1\``);
    expect(big.summary).toContain(`- deregistered and deleted \`${TD}/api:20\``);
    expect(big.summary).not.toContain(`${TD}/api:21\``);
    expect(big.summary).toContain('- and 5 more');
    expect(big.summary).toContain('24 of the 25 deregistered revision(s) deleted (delete-revisions: true).');
    const none = conclude({ facts: pointed({ cleanup: { keep: 5, removed: [] } }), end, durationMs: 0 });
    expect(none.summary).toContain('Nothing to deregister (keep-revisions: 5).');
    const planned = conclude({
      facts: facts({ plan: { diff: { images: [{ container: 'api', before: 'a', after: 'b' }], environment: [], secrets: [], other: [] }, against: PREVIOUS } }),
      end: { type: 'planned' },
      durationMs: 0,
    });
    expect(planned.summary).toContain('#### Plan (dry run: nothing was written)');
    expect(planned.summary).toContain('! image (api): a -> b');
  });

  test('a bad input still gets a summary with the reason', () => {
    const c = conclude({ error: new InputError('cluster', 'is required'), durationMs: 0 });
    expect(c.summary).toBe('### ⚠️ ECS deploy: error\n\n**Why:** Input "cluster": is required\n');
  });

  test('a revision registered but never pointed at is named in the summary, not as the new revision', () => {
    const c = conclude({ facts: facts({ registeredArn: NEW }), error: new DeployError('UpdateService failed.'), durationMs: 0 });
    expect(c.summary).toContain(`| Registered, not deployed | \`${NEW}\` |`);
    expect(c.summary).not.toContain('New revision');
    expect(c.outputs['task-definition-arn']).toBe('');
  });
});

describe('the pre-deploy task', () => {
  const TASK = 'arn:aws:ecs:eu-west-1:123456789012:task/prod/0f1e2d3c';
  const stoppedAt = (ended: 'failed' | 'timed-out' | 'cancelled'): FlowEnd => ({ type: 'pre-deploy', ended, timeoutMinutes: 15 });
  const base = { container: 'app', command: ['bin/rails', 'db:migrate'] };

  test.each(
    table([
      ['failed', 'pre-deploy-failed'],
      ['timed-out', 'timed-out'],
      ['cancelled', 'cancelled'],
    ] as const),
  )('ended %s: status %s, exit 1, the service untouched', (end, status) => {
    const c = conclude({ facts: facts({ registeredArn: NEW, preDeploy: { ...base, taskArn: TASK, exitCode: 1, stoppedBy: 'Stopped by ecs-template-deploy: x' } }), end: stoppedAt(end), durationMs: 0 });
    expect(c.status).toBe(status);
    expect(c.exitCode).toBe(1);
    expect(c.outputs).toMatchObject({ changed: 'false', 'task-definition-arn': '', 'pre-deploy-task-arn': TASK, 'pre-deploy-exit-code': '1' });
    expect(c.failure).toContain(`The service was not changed: it still serves ${PREVIOUS}; the revision ${NEW} was registered and never served.`);
  });

  test('a non-zero exit: the task, the exit code, the container reason, the stop, and what to check', () => {
    const pre = {
      ...base,
      taskArn: TASK,
      exitCode: 137,
      containerReason: 'OutOfMemoryError: Container killed due to memory usage',
      stopCode: 'EssentialContainerExited',
      stoppedReason: 'Essential container in task exited',
      cause: 'The container app was killed (exit 137), most often for memory.',
      durationMs: 42_000,
    };
    const c = conclude({ facts: facts({ registeredArn: NEW, preDeploy: pre }), end: stoppedAt('failed'), durationMs: 0 });
    expect(c.failure).toBe(
      `The pre-deploy task ${TASK} failed: container app exited with code 137 (OutOfMemoryError: Container killed due to memory usage); ` +
        'EssentialContainerExited: Essential container in task exited. The container app was killed (exit 137), most often for memory. ' +
        `The service was not changed: it still serves ${PREVIOUS}; the revision ${NEW} was registered and never served.`,
    );
    expect(c.summary).toContain('#### Pre-deploy task');
    expect(c.summary).toContain('| Command | `bin/rails db:migrate` |');
    expect(c.summary).toContain('| Exit code | `137` |');
    expect(c.summary).toContain('| Duration | 42s |');
    expect(c.summary).toContain(`([console](https://eu-west-1.console.aws.amazon.com/ecs/v2/clusters/prod/tasks/0f1e2d3c/configuration?region=eu-west-1))`);
  });

  test('a container that never ran: no exit code output, said so', () => {
    const pre = { ...base, taskArn: TASK, stopCode: 'TaskFailedToStart', stoppedReason: 'CannotPullContainerError: not found' };
    const c = conclude({ facts: facts({ preDeploy: pre }), end: stoppedAt('failed'), durationMs: 0 });
    expect(c.outputs['pre-deploy-exit-code']).toBe('');
    expect(c.failure).toContain('container app never ran (no exit code); TaskFailedToStart: CannotPullContainerError: not found.');
    expect(c.summary).toContain('| Exit code | none (the container never ran) |');
  });

  test('no task started: the reason ECS gave', () => {
    const c = conclude({ facts: facts({ preDeploy: { ...base, failureReason: 'RESOURCE:MEMORY', cause: 'No container instance had enough memory.' } }), end: stoppedAt('failed'), durationMs: 0 });
    expect(c.failure).toMatch(/^ECS started no pre-deploy task \(RESOURCE:MEMORY\)\. No container instance had enough memory\. The service was not changed/);
    expect(c.summary).toContain('| Not started | RESOURCE:MEMORY |');
  });

  test('timed out or cancelled without a successful StopTask says to stop it by hand', () => {
    const c = conclude({ facts: facts({ preDeploy: { ...base, taskArn: TASK } }), end: stoppedAt('timed-out'), durationMs: 0 });
    expect(c.failure).toContain(`The pre-deploy task ${TASK} did not stop within 15 minutes; stopping it failed: stop it by hand.`);
    const cancelled = conclude({ facts: facts({ preDeploy: { ...base, taskArn: TASK, stoppedBy: 'x' } }), end: stoppedAt('cancelled'), durationMs: 0 });
    expect(cancelled.failure).toMatch(/^Cancelled while the pre-deploy task ran; it was stopped\./);
  });

  test('a dry run shows the RunTask request in a json block', () => {
    const request = JSON.stringify({ cluster: 'prod', overrides: { containerOverrides: [{ name: 'app', command: ['x'] }] } }, null, 2);
    const c = conclude({ facts: facts({ preDeploy: { ...base, request } }), end: { type: 'planned' }, durationMs: 0 });
    expect(c.summary).toContain('#### Pre-deploy task (dry run: not started)');
    expect(c.summary).toContain('```json\n{\n  "cluster": "prod",');
  });

  test('a rollout failure names the cause, and the log tails go in code blocks that AWS text cannot leave', () => {
    const end = watched('rolled-back', { state: { phase: 'rolled-back', running: 2, pending: 0, desired: 2, failedTasks: 3, reason: 'circuit breaker', rollbackSucceeded: true } });
    const tails = [
      { taskArn: TASK, container: 'app', lines: ['boot', '```', '</details># hi'], source: '/ecs/api api/app/0f1e2d3c' },
      { taskArn: `${TASK}9`, container: 'app', lines: [], note: 'no log stream yet' },
    ];
    const c = conclude({ facts: pointed({ cause: 'The essential container app exited with code 1.', logTails: tails }), end, durationMs: 0 });
    expect(c.failure).toMatch(/the rollback completed\. The essential container app exited with code 1\.$/);
    expect(c.summary).toContain('#### Container logs');
    expect(c.summary).toContain('Container `app`, task `0f1e2d3c`, last 3 lines of `/ecs/api api/app/0f1e2d3c`:');
    expect(c.summary).toContain('````\nboot\n```\n</details># hi\n````');
    expect(c.summary).toContain('Container `app`, task `0f1e2d3c9`: no lines, no log stream yet.');
  });
});

describe('paused, and what on-abort did', () => {
  const SD = 'arn:aws:ecs:eu-west-1:123456789012:service-deployment/prod/api/Xq3kS9vTn2bLwP7cYh4mR';
  const HOOK = { hookId: 'ecs-pause-abc', stage: 'POST_TEST_TRAFFIC_SHIFT', expiresAt: new Date('2025-03-04T11:17:05.000Z'), timeoutAction: 'ROLLBACK' };

  test('paused: exit code 0, the hook outputs, the pause and the stages in the summary with the step that resumes', () => {
    const c = conclude({
      facts: pointed({
        serviceDeploymentArn: SD,
        strategy: 'BLUE_GREEN',
        pause: HOOK,
        stages: [
          { stage: 'SCALE_UP', atMs: 0 },
          { stage: 'POST_TEST_TRAFFIC_SHIFT', atMs: 65_000, productionTraffic: 0 },
        ],
      }),
      end: watched('paused'),
      durationMs: 70_000,
    });
    expect(c.status).toBe('paused');
    expect(c.exitCode).toBe(0);
    expect(c.failure).toBeUndefined();
    expect(c.closing).toBe(`status=paused task-definition-arn=${NEW} hook-id=ecs-pause-abc`);
    expect(c.outputs).toMatchObject({
      'service-deployment-arn': SD,
      'hook-id': 'ecs-pause-abc',
      'hook-stage': 'POST_TEST_TRAFFIC_SHIFT',
      'hook-expires-at': '2025-03-04T11:17:05.000Z',
      'hook-timeout-action': 'ROLLBACK',
      status: 'paused',
    });
    expect(c.summary).toContain('### 🚦 ECS deploy of `api`: paused');
    expect(c.summary).toContain('#### Paused at `POST_TEST_TRAFFIC_SHIFT`');
    expect(c.summary).toContain('| At expiry ECS | rolls the deployment back |');
    expect(c.summary).toContain(`    service-deployment-arn: "${SD}"`);
    expect(c.summary).toContain('    resume: continue   # or rollback');
    expect(c.summary).toContain('| `POST_TEST_TRAFFIC_SHIFT` | +1m 05s | 0% |');
    expect(c.summary).toContain('| Strategy | `BLUE_GREEN` |');
  });

  test('hook text from AWS cannot add headings, table rows or break the resume step out of its code block', () => {
    const evil = 'S\n#### injected\n| x | y |\n```';
    const c = conclude({
      facts: pointed({ serviceDeploymentArn: `${SD}\n\`\`\`\n# out`, pause: { hookId: `h\n| a |`, stage: evil, timeoutAction: '**ROLLBACK**\n# h' }, stages: [{ stage: evil, atMs: 0 }] }),
      end: watched('paused'),
      durationMs: 0,
    });
    expect(c.summary).not.toMatch(/^#### injected/m);
    expect(c.summary).not.toMatch(/^# (out|h)/m);
    expect(c.summary).not.toMatch(/^\| (x|a) \|/m);
    expect(c.outputs['hook-stage']).toBe(evil);
  });

  test('without a pause the hook outputs are empty', () => {
    const c = conclude({ facts: pointed({ serviceDeploymentArn: SD }), end: watched('completed'), durationMs: 0 });
    expect(c.outputs).toMatchObject({ 'service-deployment-arn': SD, 'hook-id': '', 'hook-stage': '', 'hook-expires-at': '', 'hook-timeout-action': '' });
  });

  test.each(
    table([
      [{ action: 'stopped', serviceDeploymentArn: SD }, `ECS goes on`, `the step stopped its service deployment with StopServiceDeployment (ROLLBACK): ECS is rolling the service back to ${PREVIOUS}.`],
      [{ action: 'left' }, 'stopped', `ECS goes on with the deployment (on-abort is leave). To roll back`],
      [{ action: 'stop-failed', serviceDeploymentArn: SD, message: 'denied' }, 'is rolling', 'stopping its service deployment failed (denied): ECS goes on with the deployment; stop it or roll back by hand.'],
      [{ action: 'already-ended', serviceDeploymentArn: SD, message: 'not in progress' }, 'goes on', 'could not be stopped because it was no longer in progress (not in progress)'],
      [{ action: 'unknown-deployment' }, 'is rolling', 'ECS named no service deployment to stop'],
    ] as const),
  )('on-abort %j: the timed-out and cancelled messages say what became of the deployment', (abort, lacks, says) => {
    for (const status of ['timed-out', 'cancelled'] as const) {
      const c = conclude({ facts: pointed({ abort: abort as RunFacts['abort'] }), end: watched(status), durationMs: 0 });
      expect(c.failure).toContain(says);
      expect(c.failure).not.toContain(lacks);
    }
  });

  test('a resume: the kind in the summary', () => {
    const c = conclude({ facts: { ...pointed(), kind: 'resume', hookActions: [{ hookId: 'ecs-pause-abc', stage: 'POST_TEST_TRAFFIC_SHIFT', action: 'CONTINUE' }], stages: [{ stage: 'PRODUCTION_TRAFFIC_SHIFT', atMs: 0, productionTraffic: 100 }] }, end: watched('completed'), durationMs: 0 });
    expect(c.summary).toContain('### ✅ ECS resume of `api`: completed');
    expect(c.summary).toContain('- CONTINUE of the PAUSE hook `ecs-pause-abc` at `POST_TEST_TRAFFIC_SHIFT`');
  });
});
