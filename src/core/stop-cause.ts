/**
 * Why an ECS task stopped, or could not be placed, in one line of our own words: what happened and
 * what to check. Read from ECS's stop codes, its stop reasons and the containers' exit codes and
 * reasons. That text is written by whoever controls the account and the image, so it is only matched
 * here, never copied into a line: the caller shows it elsewhere, escaped. Pure.
 */
import { shown } from './errors.js';

export interface StoppedTaskView {
  taskArn?: string;
  stopCode?: string;
  stoppedReason?: string;
  containers?: ReadonlyArray<{ name?: string; exitCode?: number; reason?: string; lastStatus?: string }>;
}

export type StopCauseKind =
  | 'image-pull'
  | 'secret'
  | 'out-of-memory'
  | 'exit-code'
  | 'health-check'
  | 'resource-shortage'
  | 'stopped-by-user'
  | 'spot-interruption'
  | 'other';

export interface StopCause {
  kind: StopCauseKind;
  container?: string;
  exitCode?: number;
  /** Our words, one line. */
  line: string;
}

type ContainerView = NonNullable<StoppedTaskView['containers']>[number];

// ---- what ECS writes (matched, never shown) -----------------------------------------------------

/** `CannotPullContainerError: pull image manifest has been retried ...` (stoppedReason, or a container's reason on EC2). */
const PULL = /CannotPull(?:Container|ImageManifest)Error/i;
/** `ResourceInitializationError: unable to pull secrets or registry auth: ...`: something the task needs before it starts. */
const INIT = /ResourceInitializationError/i;
/** `... unable to retrieve ecr registry auth: ...`: the image's registry, not a secret of the task. */
const ECR_AUTH = /ecr registry auth/i;
/** `... unable to retrieve secret from asm` / `secrets from ssm` / `... kms ...` / private registry credentials. */
const SECRET = /secret|\bssm\b|\basm\b|parameter|kms|registry auth/i;
/** `failed to validate logger args: ... The specified log group does not exist.` */
const LOGGING = /logger|log group|log stream|CreateLogStream/i;
/** `failed to invoke EFS utils commands to set up EFS volumes: ...` */
const EFS = /\befs\b/i;
const OOM = /OutOfMemory/i;
/** `CannotStartContainerError: ResourceInitializationError: failed to create new container runtime task: ... exec: ...`. */
const START = /CannotStartContainerError/i;
/** `Task failed container health checks`. */
const CONTAINER_HEALTH = /failed container health checks/i;
/** `Task failed ELB health checks in (target-group arn:...)`. */
const ELB_HEALTH = /failed ELB health checks/i;

/** SIGKILL: the kernel's OOM killer, or ECS after stopTimeout. */
const KILLED = 137;
/** SIGTERM: the container was told to stop (another essential container exited, StopTask, a scale-in). */
const TERMINATED = 143;

/** What a few exit codes usually mean, for the exit-code line. */
const EXIT_HINTS: Record<number, string> = {
  126: 'the command was found but could not be run: is it executable?',
  127: 'the command was not found in the image',
  139: 'it crashed with a segmentation fault',
  [TERMINATED]: 'it was told to stop (SIGTERM)',
};

// ---- lines -----------------------------------------------------------------------------------

/** A container name for a line: as it is when ECS could have accepted it, else quoted and cut. */
function label(name: string): string {
  return /^[A-Za-z0-9_-]{1,255}$/.test(name) ? name : shown(name);
}

function imagePull(container?: string): StopCause {
  const what = container !== undefined ? `The image of container ${label(container)}` : 'An image of the task';
  return {
    kind: 'image-pull',
    ...(container !== undefined ? { container } : {}),
    line:
      `${what} could not be pulled: check that the image and tag exist, that the task execution role may pull it ` +
      '(ecr:GetAuthorizationToken, ecr:BatchGetImage, ecr:GetDownloadUrlForLayer), and that the task\'s subnets reach the registry ' +
      '(a NAT gateway, a public IP or VPC endpoints).',
  };
}

const SECRET_CAUSE: StopCause = {
  kind: 'secret',
  line:
    'A secret or parameter of the task could not be read before it started: check that it exists, that the task execution role may read it ' +
    '(ssm:GetParameters, secretsmanager:GetSecretValue, and kms:Decrypt for a customer managed key), and that the task\'s subnets reach ' +
    'SSM and Secrets Manager (a NAT gateway, a public IP or VPC endpoints).',
};

function outOfMemory(container: string | undefined, exitCode: number | undefined, byReason: boolean): StopCause {
  const code = exitCode !== undefined ? ` (exit code ${exitCode})` : '';
  const who = container !== undefined ? `Container ${label(container)}` : 'A container of the task';
  const what = byReason ? `${who} ran out of memory and was killed${code}` : `${who} was killed with SIGKILL${code}, most often for running out of memory`;
  return {
    kind: 'out-of-memory',
    ...(container !== undefined ? { container } : {}),
    ...(exitCode !== undefined ? { exitCode } : {}),
    line: `${what}: raise the memory of the task or of the container, or find what uses it (a leak, a too large cache or batch).`,
  };
}

function exited(container: string, exitCode: number): StopCause {
  const hint = EXIT_HINTS[exitCode];
  return {
    kind: 'exit-code',
    container,
    exitCode,
    line: `Container ${label(container)} exited with code ${exitCode}${hint ? ` (${hint})` : ''}: see its last log lines for why.`,
  };
}

const CONTAINER_HEALTH_CAUSE: StopCause = {
  kind: 'health-check',
  line:
    'The task failed its container health checks: check the healthCheck command (it must exit 0, and its tools must be in the image), ' +
    'the port it checks, and that startPeriod gives the app time to start.',
};

const ELB_HEALTH_CAUSE: StopCause = {
  kind: 'health-check',
  line:
    "The task failed the load balancer's health checks: check the target group's health check path and port, that the task's security group " +
    'lets the load balancer reach the container port, and that healthCheckGracePeriodSeconds gives the app time to start.',
};

const USER_CAUSE: StopCause = {
  kind: 'stopped-by-user',
  line: 'The task was stopped by a StopTask call (a person, a script or a scale-in), not by a failure of its own.',
};

const SPOT_CAUSE: StopCause = {
  kind: 'spot-interruption',
  line:
    'The task ran on Spot capacity and was interrupted when AWS took the capacity back: run it again, or use on-demand capacity ' +
    '(FARGATE, or on-demand instances) for tasks that must finish.',
};

function cannotStart(container?: string): StopCause {
  const who = container !== undefined ? `Container ${label(container)}` : 'A container of the task';
  return other(
    `${who} could not be started: check that its command or entryPoint exists in the image and may be run, and its user, mounts and ports.`,
    container,
  );
}

const other = (line: string, container?: string, exitCode?: number): StopCause => ({
  kind: 'other',
  ...(container !== undefined ? { container } : {}),
  ...(exitCode !== undefined ? { exitCode } : {}),
  line,
});

/** A ResourceInitializationError that is not about a secret: logging, EFS, or the task's network. */
function initFailure(reason: string): StopCause {
  if (LOGGING.test(reason)) {
    return other(
      "ECS could not set up the task's logging before it started: check that the awslogs-group exists (or that awslogs-create-group is true " +
        "and the execution role may logs:CreateLogGroup), and that the task's subnets reach CloudWatch Logs.",
    );
  }
  if (EFS.test(reason)) {
    return other(
      "ECS could not mount an EFS volume of the task: check the file system and its access point, its mount targets in the task's subnets, " +
        'and that their security group allows NFS (port 2049) from the task.',
    );
  }
  return other(
    "ECS could not set up what the task needs before it starts: check the task's subnets (free IP addresses, routes to AWS services), " +
      'its security groups, and its volumes and log configuration.',
  );
}

// ---- containers ------------------------------------------------------------------------------

/** The containers that can stop the task: the essential ones, or all of them when none is named. */
function essentialOf(task: StoppedTaskView, essential: readonly string[]): ContainerView[] {
  const all = (task.containers ?? []).filter((c) => c.name !== undefined);
  return essential.length === 0 ? all : all.filter((c) => essential.includes(c.name as string));
}

/**
 * How likely a container's exit is the cause of the stop (lower first), or undefined when it did not
 * fail: out of memory by its reason, then an exit code of its own, then SIGKILL, then SIGTERM (which
 * ECS sends to the other containers once one essential container stopped).
 */
function blame(c: ContainerView): number | undefined {
  if (OOM.test(c.reason ?? '')) return 0;
  if (c.exitCode === undefined || c.exitCode === 0) return undefined;
  if (c.exitCode === KILLED) return 2;
  if (c.exitCode === TERMINATED) return 3;
  return 1;
}

/** The container whose exit most likely stopped the task. */
function culprit(containers: readonly ContainerView[]): ContainerView | undefined {
  let best: ContainerView | undefined;
  let bestRank = Number.POSITIVE_INFINITY;
  for (const c of containers) {
    const rank = blame(c);
    if (rank !== undefined && rank < bestRank) [best, bestRank] = [c, rank];
  }
  return best;
}

/** The cause told by one container that stopped with an exit code or an out-of-memory reason. */
function fromContainer(c: ContainerView): StopCause | undefined {
  const name = c.name as string;
  if (OOM.test(c.reason ?? '')) return outOfMemory(name, c.exitCode, true);
  if (c.exitCode === KILLED) return outOfMemory(name, c.exitCode, false);
  if (c.exitCode !== undefined && c.exitCode !== 0) return exited(name, c.exitCode);
  return undefined;
}

// ---- exported --------------------------------------------------------------------------------

/** Why a task stopped, in one line of our own words saying what happened and what to check; `focus` (the container we care about) wins when it has an exit code. */
export function classifyStop(task: StoppedTaskView, essential: readonly string[], focus?: string): StopCause {
  const reason = task.stoppedReason ?? '';
  const containers = (task.containers ?? []).filter((c) => c.name !== undefined);
  const target = focus !== undefined ? containers.find((c) => c.name === focus) : undefined;
  if (target?.exitCode === 0) return other(`Container ${label(focus as string)} exited with code 0.`, focus, 0);

  // It never started: the image, what ECS fetches for it, or the container process. The task's reason
  // names no container: it is named only when there is one.
  const only = containers.length === 1 ? containers[0]?.name : undefined;
  const pulling = containers.find((c) => PULL.test(c.reason ?? ''));
  if (pulling) return imagePull(pulling.name);
  if (PULL.test(reason) || (INIT.test(reason) && ECR_AUTH.test(reason))) return imagePull(only);
  const starting = containers.find((c) => START.test(c.reason ?? ''));
  if (starting) return cannotStart(starting.name);
  if (START.test(reason)) return cannotStart(only);
  if (INIT.test(reason) && SECRET.test(reason)) return { ...SECRET_CAUSE };

  // Stopped from outside.
  if (task.stopCode === 'UserInitiated') return { ...USER_CAUSE };
  if (task.stopCode === 'SpotInterruption') return { ...SPOT_CAUSE };
  if (CONTAINER_HEALTH.test(reason)) return { ...CONTAINER_HEALTH_CAUSE };
  if (ELB_HEALTH.test(reason)) return { ...ELB_HEALTH_CAUSE };
  // The containers' exits that follow (SIGTERM, then SIGKILL) are not the cause.
  if (task.stopCode === 'TerminationNotice') {
    return other('The host of the task was retired or terminated by AWS (TerminationNotice), not by a failure of the task: run it again.');
  }
  if (task.stopCode === 'ServiceSchedulerInitiated') {
    return other('The service scheduler stopped the task (a scale-in, or a deployment replacing or rolling back its tasks).');
  }

  // A container's own exit.
  const own = target && fromContainer(target);
  if (own) return own;
  const failed = culprit(essentialOf(task, essential));
  if (failed) return fromContainer(failed) as StopCause;
  if (OOM.test(reason)) return outOfMemory(target?.name ?? only, undefined, true);

  if (INIT.test(reason)) return initFailure(reason);
  if (task.stopCode === 'EssentialContainerExited') {
    const zero = essentialOf(task, essential).find((c) => c.exitCode === 0);
    if (zero) {
      return other(
        `Essential container ${label(zero.name as string)} exited with code 0, which stops the task: a service's essential containers must keep running.`,
        zero.name,
        0,
      );
    }
  }
  if (task.stopCode === 'TaskFailedToStart') {
    return other("The task failed to start: see the stop reason ECS gave, and check the task's network, volumes and log configuration.");
  }
  return other('ECS stopped the task for a reason this action does not recognise: see the stop reason ECS gave.');
}

/** The container whose logs explain the stop: `focus` when given; else an essential container with a non-zero exit code, else one with a reason, else the first essential one. */
export function failingContainer(task: StoppedTaskView, essential: readonly string[], focus?: string): string | undefined {
  if (focus !== undefined) return focus;
  const pool = essentialOf(task, essential);
  return culprit(pool)?.name ?? pool.find((c) => (c.reason ?? '').trim() !== '')?.name ?? essential[0] ?? pool[0]?.name;
}

// ---- placement -------------------------------------------------------------------------------

const shortage = (line: string): StopCause => ({ kind: 'resource-shortage', line });

const MEMORY = shortage(
  'No container instance of the cluster had enough free memory for the task: add capacity (more or larger instances, or a capacity provider that scales out) or lower the memory of the task.',
);
const CPU = shortage(
  'No container instance of the cluster had enough free CPU units for the task: add capacity (more or larger instances, or a capacity provider that scales out) or lower the cpu of the task.',
);
const GPU = shortage('No container instance of the cluster had enough free GPUs for the task: add GPU instances, or lower the GPUs the task asks for.');
const PORTS = shortage(
  'Every container instance of the cluster already uses a host port the task needs: use dynamic host ports (hostPort 0) or the awsvpc network mode, or add instances.',
);
const ENI = shortage(
  'No network interface could be attached for the task: the instances have no free ENI slots (turn on awsvpcTrunking or use larger instances), or the subnets have no free IP addresses.',
);
const AGENT = shortage(
  "The container agent on the instance chosen for the task is disconnected: check that the ECS agent runs on the cluster's instances and reaches ECS.",
);
const ATTRIBUTE = shortage(
  "No container instance has an attribute the task requires: check the task's placement constraints and the instances' agent version, platform and capabilities.",
);
const MISSING = shortage('ECS did not find the cluster or the container instance to run the task on: check the cluster name and the region.');
const NO_INSTANCES = shortage(
  'The cluster has no container instances to place the task on: register instances, or use Fargate or a capacity provider that scales out.',
);
const NO_FARGATE_CAPACITY = shortage(
  'AWS had no Fargate capacity for the task at that moment: try again, give the task subnets in more Availability Zones, or add FARGATE to a FARGATE_SPOT strategy.',
);
const QUOTA = shortage(
  'The account reached its quota of tasks or vCPUs that may run at once: wait for tasks to end, or ask for a higher quota (Service Quotas).',
);
const CONSTRAINTS = shortage("No container instance meets the task's placement constraints: check the constraints and the instances' attributes.");
const NOT_PLACED = shortage(
  "ECS could not place the task: check that the cluster has capacity (instances or Fargate) with the task's CPU, memory, ports and attributes free.",
);

/** RunTask's failure reasons (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/api_failures_messages.html). */
const FAILURE_CODES: Record<string, StopCause> = {
  'RESOURCE:MEMORY': MEMORY,
  'RESOURCE:CPU': CPU,
  'RESOURCE:GPU': GPU,
  'RESOURCE:PORTS': PORTS,
  'RESOURCE:ENI': ENI,
  AGENT,
  ATTRIBUTE,
  MISSING,
};

/**
 * What follows "(service x) was unable to place a task because no container instance met all of its
 * requirements." in a service event: "The closest matching (container-instance ...) has insufficient
 * memory available.", "... is already using a port required by your task.", "Reason: No Container
 * Instances were found in your cluster.", ...
 */
const EVENT_DETAILS: ReadonlyArray<[RegExp, StopCause]> = [
  [/insufficient memory/i, MEMORY],
  [/insufficient CPU/i, CPU],
  [/insufficient GPU/i, GPU],
  [/port required by your task|already using a port/i, PORTS],
  [/No Container Instances were found/i, NO_INSTANCES],
  [/missing an attribute|required attribute/i, ATTRIBUTE],
  [/constraint/i, CONSTRAINTS],
];

/** A copy of a shared cause (callers may add to what they get). */
const copy = (cause: StopCause): StopCause => ({ ...cause });

/** A RunTask `failures[].reason` (RESOURCE:MEMORY, AGENT, ...) or a service event saying ECS "was unable to place a task": one line, or undefined when it is neither. */
export function classifyPlacement(text: string): StopCause | undefined {
  const t = text.trim();
  if (t === '') return undefined;
  // One failure reason, or several joined by commas (RESOURCE:MEMORY, AGENT): the first one known.
  const codes = t.split(/\s*,\s*/);
  if (codes.every((code) => /^[A-Z]+(?::[A-Z0-9_]+)?$/.test(code))) {
    const known = codes.find((code) => FAILURE_CODES[code] !== undefined);
    if (known) return copy(FAILURE_CODES[known] as StopCause);
    return codes.some((code) => code.startsWith('RESOURCE:')) ? copy(NOT_PLACED) : undefined;
  }
  if (/Capacity is unavailable at this time/i.test(t)) return copy(NO_FARGATE_CAPACITY);
  if (/reached the limit on the number of/i.test(t)) return copy(QUOTA);
  // `TaskFailedToStart: RESOURCE:CPU`, or an event whose closest instance `encountered error "RESOURCE:ENI"`.
  const resource = /\bRESOURCE:[A-Z]+/.exec(t)?.[0];
  if (resource) return copy(FAILURE_CODES[resource] ?? NOT_PLACED);
  if (!/unable to place a task/i.test(t)) return undefined;
  return copy(EVENT_DETAILS.find(([pattern]) => pattern.test(t))?.[1] ?? NOT_PLACED);
}
