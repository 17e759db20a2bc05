import { describe, expect, it, test } from '@jest/globals';
import { classifyPlacement, classifyStop, failingContainer, type StopCause, type StopCauseKind, type StoppedTaskView } from '../src/core/stop-cause.js';

const TASK = 'arn:aws:ecs:eu-west-1:123456789012:task/prod/0f1e2d3c4b5a69788796a5b4c3d2e1f0';
const IMAGE = '123456789012.dkr.ecr.eu-west-1.amazonaws.com/api@sha256:6d2f1b0c';

type Container = NonNullable<StoppedTaskView['containers']>[number];

/** A stopped task as DescribeTasks returns it (the fields read here). */
function stopped(stopCode: string | undefined, stoppedReason: string | undefined, ...containers: Container[]): StoppedTaskView {
  return {
    taskArn: TASK,
    ...(stopCode ? { stopCode } : {}),
    ...(stoppedReason ? { stoppedReason } : {}),
    containers: containers.map((c) => ({ lastStatus: 'STOPPED', ...c })),
  };
}

const ESSENTIAL_EXITED = 'Essential container in task exited';
const app = (exitCode?: number, reason?: string): Container => ({ name: 'app', ...(exitCode !== undefined ? { exitCode } : {}), ...(reason ? { reason } : {}) });
const sidecar = (exitCode?: number, reason?: string): Container => ({ ...app(exitCode, reason), name: 'log_router' });

/** Every line: one line of our words, ending with a full stop, never the raw AWS text. */
function expectOwnLine(cause: StopCause, task?: StoppedTaskView): void {
  expect(cause.line).not.toMatch(/[\r\n]/);
  expect(cause.line).toMatch(/^[A-Z].*\.$/);
  const raw = [task?.stoppedReason, ...(task?.containers ?? []).map((c) => c.reason)].filter((r): r is string => !!r && r.length > 20);
  for (const r of raw) expect(cause.line).not.toContain(r);
}

describe('classifyStop: the task never started', () => {
  const cases: Array<[string, StoppedTaskView, StopCauseKind, RegExp, string | undefined]> = [
    [
      'Fargate: the image tag does not exist',
      stopped('TaskFailedToStart', `CannotPullContainerError: pull image manifest has been retried 7 time(s): failed to resolve ref ${IMAGE}: not found`, app()),
      'image-pull',
      /^The image of container app could not be pulled: check that the image and tag exist.*ecr:GetAuthorizationToken, ecr:BatchGetImage, ecr:GetDownloadUrlForLayer.*NAT gateway, a public IP or VPC endpoints/,
      'app',
    ],
    [
      'Fargate, several containers: the task reason names none, so neither does the line',
      stopped('TaskFailedToStart', 'CannotPullContainerError: ref pull has been retried 1 time(s): failed to copy: httpReadSeeker: failed open: unexpected status code 403 Forbidden', app(), sidecar()),
      'image-pull',
      /^An image of the task could not be pulled/,
      undefined,
    ],
    [
      'EC2: the container reason says which one',
      stopped('TaskFailedToStart', 'Task failed to start', app(), sidecar(undefined, 'CannotPullContainerError: Error response from daemon: pull access denied for fluent-bit, repository does not exist')),
      'image-pull',
      /^The image of container log_router could not be pulled/,
      'log_router',
    ],
    [
      'ECR registry auth (the registry, not a secret)',
      stopped(
        'TaskFailedToStart',
        'ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve ecr registry auth: service call has been retried 3 time(s): RequestError: send request failed',
        app(),
      ),
      'image-pull',
      /could not be pulled/,
      'app',
    ],
    [
      'a Secrets Manager secret',
      stopped(
        'TaskFailedToStart',
        'ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve secret from asm: service call has been retried 1 time(s): AccessDeniedException: User: arn:aws:sts::123456789012:assumed-role/ecsTaskExecutionRole is not authorized',
        app(),
      ),
      'secret',
      /^A secret or parameter of the task could not be read.*ssm:GetParameters, secretsmanager:GetSecretValue, and kms:Decrypt.*subnets reach SSM and Secrets Manager/,
      undefined,
    ],
    [
      'an SSM parameter',
      stopped(
        'TaskFailedToStart',
        'ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve secrets from ssm: service call has been retried 1 time(s): invalid ssm parameters: /prod/api/DATABASE_URL',
        app(),
      ),
      'secret',
      /^A secret or parameter/,
      undefined,
    ],
    [
      'no route to the secret services',
      stopped('TaskFailedToStart', 'ResourceInitializationError: unable to pull secrets or registry auth: pull command failed: : signal: killed', app()),
      'secret',
      /^A secret or parameter/,
      undefined,
    ],
    [
      'the log group does not exist',
      stopped(
        'TaskFailedToStart',
        'ResourceInitializationError: failed to validate logger args: create stream has been retried 1 times: failed to create Cloudwatch log stream: ResourceNotFoundException: The specified log group does not exist. : exit status 1',
        app(),
      ),
      'other',
      /^ECS could not set up the task's logging.*awslogs-group exists.*logs:CreateLogGroup/,
      undefined,
    ],
    [
      'an EFS volume',
      stopped(
        'TaskFailedToStart',
        'ResourceInitializationError: failed to invoke EFS utils commands to set up EFS volumes: stderr: Failed to resolve "fs-0123456789abcdef0.efs.eu-west-1.amazonaws.com"',
        app(),
      ),
      'other',
      /^ECS could not mount an EFS volume.*port 2049/,
      undefined,
    ],
    [
      'another initialisation error',
      stopped('TaskFailedToStart', 'ResourceInitializationError: failed to configure ENI: timed out waiting for the network interface', app()),
      'other',
      /^ECS could not set up what the task needs before it starts/,
      undefined,
    ],
    [
      'the command does not exist in the image (Fargate)',
      stopped(
        'TaskFailedToStart',
        'CannotStartContainerError: ResourceInitializationError: failed to create new container runtime task: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: exec: "bin/migrate": stat bin/migrate: no such file or directory: unknown',
        app(),
      ),
      'other',
      /^Container app could not be started: check that its command or entryPoint exists in the image/,
      'app',
    ],
    [
      'a container that could not start (EC2, several containers)',
      stopped('TaskFailedToStart', 'Task failed to start', app(undefined, 'CannotStartContainerError: Error response from daemon: failed to create shim task'), sidecar()),
      'other',
      /^Container app could not be started/,
      'app',
    ],
    [
      'CannotStartContainerError, several containers, none named',
      stopped('TaskFailedToStart', 'CannotStartContainerError: Error response from daemon', app(), sidecar()),
      'other',
      /^A container of the task could not be started/,
      undefined,
    ],
    ['some other start failure', stopped('TaskFailedToStart', 'Timeout waiting for network interface provisioning to complete.', app()), 'other', /^The task failed to start: see the stop reason/, undefined],
  ];

  it.each(cases)('%s → %s', (_title, task, kind, line, container) => {
    const cause = classifyStop(task, ['app', 'log_router']);
    expect(cause.kind).toBe(kind);
    expect(cause.line).toMatch(line);
    expect(cause.container).toBe(container);
    expect(cause.exitCode).toBeUndefined();
    expectOwnLine(cause, task);
  });
});

describe('classifyStop: a container stopped it', () => {
  const cases: Array<[string, StoppedTaskView, string | undefined, Partial<StopCause>, RegExp]> = [
    [
      'a non-zero exit of the only container',
      stopped('EssentialContainerExited', ESSENTIAL_EXITED, app(1)),
      undefined,
      { kind: 'exit-code', container: 'app', exitCode: 1 },
      /^Container app exited with code 1: see its last log lines for why\.$/,
    ],
    [
      'the essential container, not the sidecar that was stopped after it (SIGTERM)',
      stopped('EssentialContainerExited', ESSENTIAL_EXITED, sidecar(143), app(2)),
      undefined,
      { kind: 'exit-code', container: 'app', exitCode: 2 },
      /^Container app exited with code 2/,
    ],
    [
      'an exit of its own before a SIGKILL after stopTimeout',
      stopped('EssentialContainerExited', ESSENTIAL_EXITED, app(137), sidecar(3)),
      undefined,
      { kind: 'exit-code', container: 'log_router', exitCode: 3 },
      /^Container log_router exited with code 3/,
    ],
    [
      'out of memory by the container reason',
      stopped('EssentialContainerExited', ESSENTIAL_EXITED, app(137, 'OutOfMemoryError: Container killed due to memory usage'), sidecar(0)),
      undefined,
      { kind: 'out-of-memory', container: 'app', exitCode: 137 },
      /^Container app ran out of memory and was killed \(exit code 137\): raise the memory of the task or of the container, or find/,
    ],
    [
      'out of memory wins over another exit',
      stopped('EssentialContainerExited', ESSENTIAL_EXITED, sidecar(1), app(1, 'OutOfMemoryError: Container killed due to memory usage')),
      undefined,
      { kind: 'out-of-memory', container: 'app', exitCode: 1 },
      /^Container app ran out of memory/,
    ],
    [
      'exit 137 without a reason: probably out of memory',
      stopped('EssentialContainerExited', ESSENTIAL_EXITED, app(137)),
      undefined,
      { kind: 'out-of-memory', container: 'app', exitCode: 137 },
      /^Container app was killed with SIGKILL \(exit code 137\), most often for running out of memory: raise/,
    ],
    [
      'out of memory named only in the task reason',
      stopped('EssentialContainerExited', 'OutOfMemoryError: Container killed due to memory usage', app()),
      undefined,
      { kind: 'out-of-memory', container: 'app' },
      /^Container app ran out of memory and was killed: raise/,
    ],
    [
      'out of memory in the task reason, several containers',
      stopped('EssentialContainerExited', 'OutOfMemoryError: Container killed due to memory usage', app(), sidecar()),
      undefined,
      { kind: 'out-of-memory', container: undefined },
      /^A container of the task ran out of memory/,
    ],
    [
      'the command was not found (127)',
      stopped('EssentialContainerExited', ESSENTIAL_EXITED, app(127)),
      'app',
      { kind: 'exit-code', container: 'app', exitCode: 127 },
      /^Container app exited with code 127 \(the command was not found in the image\): see its last log lines for why\.$/,
    ],
    ['not executable (126)', stopped('EssentialContainerExited', ESSENTIAL_EXITED, app(126)), 'app', { exitCode: 126 }, /could not be run: is it executable\?\)/],
    ['a segmentation fault (139)', stopped('EssentialContainerExited', ESSENTIAL_EXITED, app(139)), 'app', { exitCode: 139 }, /segmentation fault/],
    ['SIGTERM (143) of the only container', stopped('EssentialContainerExited', ESSENTIAL_EXITED, app(143)), undefined, { exitCode: 143 }, /told to stop \(SIGTERM\)/],
    [
      'the focus container wins over an essential one that failed',
      stopped('EssentialContainerExited', ESSENTIAL_EXITED, sidecar(1), app(3)),
      'app',
      { kind: 'exit-code', container: 'app', exitCode: 3 },
      /^Container app exited with code 3/,
    ],
    [
      'the focus container without an exit code: the essential one that failed',
      stopped('EssentialContainerExited', ESSENTIAL_EXITED, app(), sidecar(1)),
      'app',
      { kind: 'exit-code', container: 'log_router', exitCode: 1 },
      /^Container log_router exited with code 1/,
    ],
    [
      'the focus container ran out of memory',
      stopped('EssentialContainerExited', ESSENTIAL_EXITED, sidecar(1), app(137, 'OutOfMemoryError: Container killed due to memory usage')),
      'app',
      { kind: 'out-of-memory', container: 'app', exitCode: 137 },
      /^Container app ran out of memory/,
    ],
    [
      'the focus container exited 0: neutral (success is decided elsewhere)',
      stopped('EssentialContainerExited', ESSENTIAL_EXITED, app(0), sidecar(143)),
      'app',
      { kind: 'other', container: 'app', exitCode: 0 },
      /^Container app exited with code 0\.$/,
    ],
    [
      'an essential container exited 0 (a service task must keep running)',
      stopped('EssentialContainerExited', ESSENTIAL_EXITED, app(0)),
      undefined,
      { kind: 'other', container: 'app', exitCode: 0 },
      /^Essential container app exited with code 0, which stops the task/,
    ],
  ];

  it.each(cases)('%s', (_title, task, focus, expected, line) => {
    const cause = classifyStop(task, ['app', 'log_router'], focus);
    const { container, ...rest } = expected;
    expect(cause).toMatchObject(rest);
    if ('container' in expected) expect(cause.container).toBe(container);
    expect(cause.line).toMatch(line);
    expectOwnLine(cause, task);
  });

  test('a non-essential container that failed is not the cause', () => {
    const task = stopped('EssentialContainerExited', ESSENTIAL_EXITED, { name: 'xray', exitCode: 1 }, app(2));
    expect(classifyStop(task, ['app'])).toMatchObject({ kind: 'exit-code', container: 'app', exitCode: 2 });
    expect(classifyStop(stopped('EssentialContainerExited', ESSENTIAL_EXITED, { name: 'xray', exitCode: 1 }, app()), ['app']).kind).toBe('other');
  });

  test('without the essential names, every container counts', () => {
    expect(classifyStop(stopped('EssentialContainerExited', ESSENTIAL_EXITED, sidecar(0), app(4)), [])).toMatchObject({ container: 'app', exitCode: 4 });
  });

  test('a name ECS would refuse is quoted and cut, never shown raw', () => {
    const name = `evil\n::error::${'x'.repeat(200)}`;
    const cause = classifyStop(stopped('EssentialContainerExited', ESSENTIAL_EXITED, { name, exitCode: 1 }), [name]);
    expect(cause.container).toBe(name);
    expect(cause.line).toMatch(/^Container "evil\\n::error::x+…" exited with code 1/);
    expect(cause.line).not.toContain('\n');
  });
});

describe('classifyStop: stopped from outside, or by a health check', () => {
  it.each<[string, StoppedTaskView, StopCauseKind, RegExp]>([
    ['StopTask', stopped('UserInitiated', 'Task stopped by user', app(143)), 'stopped-by-user', /^The task was stopped by a StopTask call/],
    ['StopTask by this action', stopped('UserInitiated', 'Stopped by ecs-template-deploy: timeout-minutes (10) passed', app(137)), 'stopped-by-user', /StopTask/],
    ['Fargate Spot', stopped('SpotInterruption', 'Your Spot Task was interrupted.', app(143)), 'spot-interruption', /^The task ran on Spot capacity and was interrupted.*FARGATE/],
    [
      'container health checks',
      stopped('ServiceSchedulerInitiated', 'Task failed container health checks', app(137)),
      'health-check',
      /^The task failed its container health checks: check the healthCheck command.*startPeriod/,
    ],
    [
      'ELB health checks',
      stopped(
        'ServiceSchedulerInitiated',
        'Task failed ELB health checks in (target-group arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/api/6d0ecf831eec9f09)',
        app(143),
      ),
      'health-check',
      /^The task failed the load balancer's health checks: check the target group's health check path and port.*security group.*healthCheckGracePeriodSeconds/,
    ],
    ['a scale-in or replacement (its SIGTERM is not the cause)', stopped('ServiceSchedulerInitiated', 'Scaling activity initiated by (deployment ecs-svc/1234567890123456789)', app(143)), 'other', /^The service scheduler stopped the task/],
    ['host retired', stopped('TerminationNotice', 'Task stopped because the underlying infrastructure was retired', app(143)), 'other', /TerminationNotice/],
    ['nothing known', stopped(undefined, undefined), 'other', /^ECS stopped the task for a reason this action does not recognise/],
    ['an unknown stop code', stopped('InfrastructureHealth', 'The task was stopped', app()), 'other', /does not recognise/],
  ])('%s → %s', (_title, task, kind, line) => {
    const cause = classifyStop(task, ['app']);
    expect(cause.kind).toBe(kind);
    expect(cause.line).toMatch(line);
    expectOwnLine(cause, task);
  });

  test('a health check stop is not blamed on the SIGKILL it caused', () => {
    expect(classifyStop(stopped('ServiceSchedulerInitiated', 'Task failed container health checks', app(137)), ['app'], 'app').kind).toBe('health-check');
  });

  test('StopTask wins over the exit code it caused', () => {
    expect(classifyStop(stopped('UserInitiated', 'Task stopped by user', app(137)), ['app'], 'app').kind).toBe('stopped-by-user');
  });

  test('a task without containers', () => {
    expect(classifyStop({ stopCode: 'EssentialContainerExited' }, ['app']).kind).toBe('other');
  });

  test('each call gets its own object', () => {
    const task = stopped('UserInitiated', 'Task stopped by user', app());
    const first = classifyStop(task, ['app']);
    first.line = 'changed';
    expect(classifyStop(task, ['app']).line).not.toBe('changed');
  });
});

describe('failingContainer', () => {
  it.each<[string, StoppedTaskView, readonly string[], string | undefined, string | undefined]>([
    ['the focus container, whatever happened', stopped('EssentialContainerExited', ESSENTIAL_EXITED, sidecar(1), app(0)), ['app', 'log_router'], 'app', 'app'],
    ['the focus container even when the task does not list it', stopped(undefined, undefined), ['app'], 'migrate', 'migrate'],
    ['the essential container with a non-zero exit', stopped('EssentialContainerExited', ESSENTIAL_EXITED, app(0), sidecar(1)), ['app', 'log_router'], undefined, 'log_router'],
    ['its own exit rather than SIGTERM', stopped('EssentialContainerExited', ESSENTIAL_EXITED, app(143), sidecar(2)), ['app', 'log_router'], undefined, 'log_router'],
    ['out of memory first', stopped('EssentialContainerExited', ESSENTIAL_EXITED, app(1), sidecar(137, 'OutOfMemoryError: Container killed due to memory usage')), ['app', 'log_router'], undefined, 'log_router'],
    ['not a non-essential one', stopped('EssentialContainerExited', ESSENTIAL_EXITED, { name: 'xray', exitCode: 1 }, app(0)), ['app'], undefined, 'app'],
    ['else one with a reason', stopped('TaskFailedToStart', 'Task failed to start', app(), sidecar(undefined, 'CannotPullContainerError: not found')), ['app', 'log_router'], undefined, 'log_router'],
    ['a blank reason does not count', stopped('TaskFailedToStart', 'x', app(), sidecar(undefined, ' ')), ['log_router', 'app'], undefined, 'log_router'],
    ['else the first essential one', stopped('TaskFailedToStart', 'CannotPullContainerError: not found', sidecar(), app()), ['app', 'log_router'], undefined, 'app'],
    ['no essential names: the first container', stopped('TaskFailedToStart', 'x', sidecar(), app()), [], undefined, 'log_router'],
    ['no essential names, no containers', stopped('TaskFailedToStart', 'x'), [], undefined, undefined],
    ['no containers: the first essential name', { taskArn: TASK }, ['app'], undefined, 'app'],
  ])('%s', (_title, task, essential, focus, expected) => {
    expect(failingContainer(task, essential, focus)).toBe(expected);
  });

  test('agrees with classifyStop on the container to blame', () => {
    const task = stopped('EssentialContainerExited', ESSENTIAL_EXITED, app(137), sidecar(143), { name: 'worker', exitCode: 1 });
    const essential = ['app', 'log_router', 'worker'];
    expect(failingContainer(task, essential)).toBe('worker');
    expect(classifyStop(task, essential).container).toBe('worker');
  });
});

describe('classifyPlacement', () => {
  it.each<[string, RegExp]>([
    ['RESOURCE:MEMORY', /^No container instance of the cluster had enough free memory for the task/],
    ['RESOURCE:CPU', /enough free CPU units/],
    ['RESOURCE:GPU', /enough free GPUs/],
    ['RESOURCE:PORTS', /already uses a host port the task needs: use dynamic host ports \(hostPort 0\) or the awsvpc network mode/],
    ['RESOURCE:ENI', /^No network interface could be attached.*awsvpcTrunking/],
    ['AGENT', /^The container agent on the instance chosen for the task is disconnected/],
    ['ATTRIBUTE', /^No container instance has an attribute the task requires/],
    ['MISSING', /^ECS did not find the cluster/],
    ['  RESOURCE:MEMORY  ', /free memory/],
    ['RESOURCE:MEMORY, RESOURCE:CPU', /free memory/],
    ['INACTIVE, RESOURCE:CPU', /free CPU units/],
    ['RESOURCE:EPHEMERALSTORAGE', /^ECS could not place the task: check that the cluster has capacity/],
    ['TaskFailedToStart: RESOURCE:CPU', /free CPU units/],
    ['TaskFailedToStart: RESOURCE:SOMETHINGNEW', /^ECS could not place the task/],
    ['Capacity is unavailable at this time. Please try again later or in a different availability zone', /^AWS had no Fargate capacity for the task at that moment/],
    ["You've reached the limit on the number of tasks you can run concurrently", /quota of tasks or vCPUs/],
    ["You’ve reached the limit on the number of vCPUs you can run concurrently", /quota/],
    [
      '2025-06-01T10:00:00.000Z (service api) was unable to place a task because no container instance met all of its requirements. The closest matching (container-instance 5b8a4b5e2c1d4f3a9e7b6c5d4e3f2a1b) has insufficient memory available. For more information, see the Troubleshooting section of the Amazon ECS Developer Guide.',
      /free memory/,
    ],
    [
      '(service api) was unable to place a task because no container instance met all of its requirements. The closest matching (container-instance 5b8a4b5e) has insufficient CPU units available.',
      /free CPU units/,
    ],
    ['(service ml) was unable to place a task because no container instance met all of its requirements. The closest matching (container-instance 1) has insufficient GPU available.', /free GPUs/],
    [
      '(service api) was unable to place a task because no container instance met all of its requirements. The closest matching (container-instance 5b8a4b5e) is already using a port required by your task.',
      /host port/,
    ],
    [
      '(service api) was unable to place a task because no container instance met all of its requirements. The closest matching (container-instance 5b8a4b5e) encountered error "RESOURCE:ENI". For more information, see the Troubleshooting section.',
      /network interface/,
    ],
    ['(service api) was unable to place a task because no container instance met all of its requirements. Reason: No Container Instances were found in your cluster.', /^The cluster has no container instances/],
    ['(service api) was unable to place a task because no container instance met all of its requirements. The closest matching (container-instance 1) is missing an attribute required by your task.', /has an attribute the task requires/],
    ['(service api) was unable to place a task because no container instance met all of its requirements. No container instance met the placement constraints.', /placement constraints/],
    ['(service api) was unable to place a task. Reason: Capacity is unavailable at this time. Please try again later or in a different availability zone.', /Fargate capacity/],
    ['(service api) was unable to place a task because of something new.', /^ECS could not place the task/],
  ])('%j', (text, line) => {
    const cause = classifyPlacement(text) as StopCause;
    expect(cause).toBeDefined();
    expect(cause.kind).toBe('resource-shortage');
    expect(cause.line).toMatch(line);
    expectOwnLine(cause, { stoppedReason: text });
  });

  it.each([
    '',
    '   ',
    'INACTIVE',
    'MISSING_THING',
    '2025-06-01T10:00:00.000Z (service api) has started 1 tasks: (task 0f1e2d3c4b5a69788796a5b4c3d2e1f0).',
    '(service api) has reached a steady state.',
    '(service api) (port 8080) is unhealthy in (target-group arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/api/6d0ecf) due to (reason Health checks failed).',
    'The AGENT of change',
    'CannotPullContainerError: not found',
  ])('%j is neither: undefined', (text) => {
    expect(classifyPlacement(text)).toBeUndefined();
  });

  test('each call gets its own object', () => {
    const first = classifyPlacement('RESOURCE:MEMORY') as StopCause;
    first.line = 'changed';
    expect(classifyPlacement('RESOURCE:MEMORY')?.line).not.toBe('changed');
  });
});
