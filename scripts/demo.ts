// `npm run demo`: the bundled action against the local ECS/ECR endpoint, as a user would see it on
// GitHub. Eleven steps: a deploy; a second deploy whose migration (a pre-deploy task) passes first; a
// deploy whose migration fails, which leaves the service untouched; a deploy whose tasks crash, which
// the circuit breaker rolls back (with the container's last log lines); and a rollback run to the first
// revision; then a template change (terraform apply) rolled out with `image: current`, the image written
// to SSM; a release of two services and a nightly EventBridge rule, and the rollback job that restores all
// three from its output; a drift report after the service was pointed at a revision by hand; and an ECS-native blue/green
// deploy of a second service that ends paused at its PAUSE hook, then the approval job's resume that
// shifts production traffic. Exits non-zero if a step misbehaves.
import { ECSClient, RegisterTaskDefinitionCommand, UpdateServiceCommand } from '@aws-sdk/client-ecs';
import { sampleSeed, startLocalEcs, type LocalEcs } from '../tools/local-ecs/index.js';
import { runAction, type ActionRun } from '../tools/run-action.js';

const REPO = '123456789012.dkr.ecr.us-east-1.amazonaws.com/my-app';
const BASE = { cluster: 'demo', service: 'api', 'poll-seconds': '0.2', 'timeout-minutes': '5' };
const NETWORK = { awsvpcConfiguration: { subnets: ['subnet-0a1b2c3d4e5f60001'], securityGroups: ['sg-0a1b2c3d4e5f60003'], assignPublicIp: 'DISABLED' } };
const color = process.stdout.isTTY ? (code: number, text: string) => `\u001b[${code}m${text}\u001b[0m` : (_: number, text: string) => text;

interface Step {
  title: string;
  /** What happens outside the action first (a terraform apply). */
  before?: (ecs: LocalEcs) => void | Promise<void>;
  /** The inputs, or how they follow from the runs before (a rollback job reads the release's outputs). */
  inputs: Record<string, string> | ((runs: ActionRun[]) => Record<string, string>);
  expect: { code: number; status: string; taskDefinition?: string; logIncludes?: string[] };
}

const steps: Step[] = [
  {
    title: '1. Deploy my-app:v1.0.0 from the api-template template',
    inputs: { ...BASE, template: 'api-template', image: `${REPO}:v1.0.0`, environment: 'LOG_LEVEL=debug\nRELEASE_CHANNEL=stable' },
    expect: { code: 0, status: 'completed', taskDefinition: 'api:1' },
  },
  {
    title: '2. Deploy my-app:v1.1.0, running its database migration first (pre-deploy-command)',
    inputs: { ...BASE, template: 'api-template', image: `${REPO}:v1.1.0`, 'pre-deploy-command': 'bin/rails db:migrate' },
    expect: { code: 0, status: 'completed', taskDefinition: 'api:2', logIncludes: ['STOPPED (exit 0'] },
  },
  {
    title: '3. Deploy with a migration that fails: the service is not touched',
    inputs: { ...BASE, template: 'api-template', image: `${REPO}:v1.0.0`, 'pre-deploy-command': '["bin/rails", "db:migrate", "VERSION=20261202_add_index"]' },
    expect: { code: 1, status: 'pre-deploy-failed', logIncludes: ['exited with code 1', 'PG::DuplicateTable'] },
  },
  {
    title: '4. Deploy a build whose tasks crash: the circuit breaker rolls it back',
    inputs: { ...BASE, template: 'api-template', image: 'public.ecr.aws/acme/api:crashing' },
    expect: { code: 1, status: 'rolled-back', taskDefinition: 'api:4', logIncludes: ['Essential container in task exited', 'exit 1', 'EADDRINUSE'] },
  },
  {
    title: '5. Roll back to the previous revision that completed (skips api:4, rolled back, and api:3, never served)',
    inputs: { ...BASE, 'rollback-to': 'previous' },
    expect: { code: 0, status: 'completed', taskDefinition: 'api:1' },
  },
  {
    title: '6. terraform apply gives the template more memory: roll it out with image: current, and record the image in SSM',
    before: (ecs) => {
      const template = structuredClone(sampleSeed.taskDefinitions?.[0]) as NonNullable<typeof sampleSeed.taskDefinitions>[number];
      template.taskDefinition.memory = '1024';
      ecs.seed({ taskDefinitions: [template], ssmParameters: [{ name: '/api/demo/image', value: 'public.ecr.aws/nginx/nginx:stable', type: 'String' }] });
    },
    inputs: { ...BASE, template: 'api-template', image: 'current', 'image-parameter': '/api/demo/image' },
    expect: { code: 0, status: 'completed', taskDefinition: 'api:5', logIncludes: ['keeps the image it runs', 'SSM parameter /api/demo/image now holds'] },
  },
  {
    title: '7. One release: services api and worker and the nightly EventBridge rule, moved to one revision (registered once)',
    before: (ecs) => {
      ecs.seed({
        services: [{ cluster: 'demo', serviceName: 'worker', taskDefinition: 'api:1', desiredCount: 1, launchType: 'FARGATE', networkConfiguration: NETWORK }],
        eventRules: [
          {
            name: 'nightly',
            scheduleExpression: 'cron(0 3 * * ? *)',
            targets: [
              {
                Id: 'nightly-report',
                Arn: 'arn:aws:ecs:us-east-1:123456789012:cluster/demo',
                RoleArn: 'arn:aws:iam::123456789012:role/ecs-events',
                Input: '{"containerOverrides":[{"name":"api","command":["bin/nightly-report"]}]}',
                EcsParameters: { TaskDefinitionArn: 'arn:aws:ecs:us-east-1:123456789012:task-definition/api:1', TaskCount: 1, LaunchType: 'FARGATE' },
              },
            ],
          },
        ],
      });
    },
    inputs: { ...BASE, service: 'api\nworker', schedules: 'rule:nightly', template: 'api-template', image: `${REPO}:v1.1.0` },
    expect: { code: 0, status: 'completed', logIncludes: ['Release: 2 service(s) (api, worker) and 1 schedule(s)', '[worker] ', 'Schedule rule:nightly: '] },
  },
  {
    title: '8. The rollback job restores all three from the release\'s previous-task-definition-arn output (rollback-to: a JSON object)',
    inputs: (runs) => ({ ...BASE, service: '', 'rollback-to': runs[runs.length - 1]?.outputs['previous-task-definition-arn'] ?? '' }),
    expect: { code: 0, status: 'completed', logIncludes: ['Rollback of 2 service(s) and 1 schedule(s).', 'Schedule rule:nightly: '] },
  },
  {
    title: '9. Nightly drift report, after someone pointed the service at a hand-made revision and the template moved on',
    before: async (ecs) => {
      const template = structuredClone(sampleSeed.taskDefinitions?.[0]) as NonNullable<typeof sampleSeed.taskDefinitions>[number];
      template.taskDefinition.memory = '2048';
      ecs.seed({ taskDefinitions: [template] });
      // What `aws ecs register-task-definition` and `aws ecs update-service` by hand do.
      const env = ecs.env();
      const client = new ECSClient({
        region: env.AWS_REGION,
        endpoint: ecs.url,
        credentials: { accessKeyId: env.AWS_ACCESS_KEY_ID as string, secretAccessKey: env.AWS_SECRET_ACCESS_KEY as string },
      });
      const hotfix = await client.send(new RegisterTaskDefinitionCommand({ family: 'api-hotfix', containerDefinitions: [{ name: 'api', image: `${REPO}:hotfix`, memory: 512, essential: true }] }));
      await client.send(new UpdateServiceCommand({ cluster: 'demo', service: 'api', taskDefinition: hotfix.taskDefinition?.taskDefinitionArn as string }));
      client.destroy();
    },
    inputs: { cluster: 'demo', service: 'api', template: 'api-template', 'drift-check': 'true', 'fail-on-drift': 'true' },
    expect: { code: 1, status: 'drifted', taskDefinition: 'api-hotfix:1', logIncludes: ['Drift 2/3, changed outside the action: yes', 'did not register'] },
  },
  {
    title: '10. Blue/green deploy of service web (strategy BLUE_GREEN, PAUSE hook after the test traffic shift): the job ends paused',
    inputs: { ...BASE, service: 'web', template: 'api-template', image: `${REPO}:v1.1.0` },
    expect: { code: 0, status: 'paused', taskDefinition: 'api:7', logIncludes: ['Stage POST_TEST_TRAFFIC_SHIFT', 'Paused at stage POST_TEST_TRAFFIC_SHIFT', 'on-pause is exit'] },
  },
  {
    title: '11. The approval job (protected environment) resumes it: production traffic shifts, bake time, blue stopped',
    inputs: { cluster: 'demo', service: 'web', resume: 'continue', 'poll-seconds': '0.2', 'timeout-minutes': '5' },
    expect: { code: 0, status: 'completed', taskDefinition: 'api:7', logIncludes: ['ContinueServiceDeployment CONTINUE', 'production traffic 100%', 'Stage BAKE_TIME: both revisions run while the new one bakes. It lasts 3m 00s.'] },
  },
];

/** Service web: the sample service's twin, deployed by ECS-native blue/green with a PAUSE hook. */
const blueGreenService = {
  cluster: 'demo',
  serviceName: 'web',
  taskDefinition: 'api-template:1',
  desiredCount: 2,
  launchType: 'FARGATE' as const,
  deploymentConfiguration: {
    deploymentCircuitBreaker: { enable: true, rollback: true },
    maximumPercent: 200,
    minimumHealthyPercent: 100,
    strategy: 'BLUE_GREEN',
    // Three simulated minutes: 1.8 s at x100, long enough to be seen at poll-seconds 0.2.
    bakeTimeInMinutes: 3,
    lifecycleHooks: [{ targetType: 'PAUSE', lifecycleStages: ['POST_TEST_TRAFFIC_SHIFT'], timeoutConfiguration: { timeoutInMinutes: 60, action: 'ROLLBACK' } }],
  },
  networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-0a1b2c3d4e5f60001'], securityGroups: ['sg-0a1b2c3d4e5f60003'], assignPublicIp: 'DISABLED' } },
};

/** The log as the GitHub UI shows it: groups folded into headings, commands as annotations. */
function asGithubLog(stdout: string): string {
  return stdout
    .split('\n')
    .filter((line) => line !== '::endgroup::' && !line.startsWith('::add-mask::'))
    .map((line) =>
      line
        .replace(/^::group::(.*)$/, (_, t: string) => color(1, `▸ ${t}`))
        .replace(/^::error(?:[^:]*)::(.*)$/, (_, t: string) => color(31, `Error: ${t}`))
        .replace(/^::warning(?:[^:]*)::(.*)$/, (_, t: string) => color(33, `Warning: ${t}`)),
    )
    .join('\n');
}

function check(step: Step, run: ActionRun): string[] {
  const problems: string[] = [];
  if (run.code !== step.expect.code) problems.push(`exit code ${run.code}, expected ${step.expect.code}`);
  if (run.outputs.status !== step.expect.status) problems.push(`status ${run.outputs.status}, expected ${step.expect.status}`);
  if (step.expect.taskDefinition && !run.outputs['task-definition-arn']?.endsWith(`/${step.expect.taskDefinition}`)) {
    problems.push(`task-definition-arn ${run.outputs['task-definition-arn']}, expected .../${step.expect.taskDefinition}`);
  }
  for (const text of step.expect.logIncludes ?? []) if (!run.stdout.includes(text)) problems.push(`the log does not show "${text}"`);
  return problems;
}

async function main(): Promise<number> {
  const ecs = await startLocalEcs({ seed: sampleSeed, timeScale: 100 });
  ecs.seed({ services: [blueGreenService] });
  ecs.setScenario('demo', 'api', {
    kind: 'crash',
    whenImageIncludes: 'crashing',
    exitCode: 1,
    logLines: ['Starting api on :8080', 'Error: listen EADDRINUSE: address already in use :::8080'],
  });
  ecs.setRunTaskScenarios([
    {
      whenCommandIncludes: 'add_index',
      exitCode: 1,
      afterSeconds: 60,
      logLines: ['== 20261202 AddIndex: migrating', 'PG::DuplicateTable: ERROR:  relation "index_users_on_email" already exists'],
    },
    { whenCommandIncludes: 'db:migrate', exitCode: 0, afterSeconds: 45, logLines: ['== 20261201 CreateOrders: migrated (0.0123s)'] },
  ]);
  console.log(color(1, `Local ECS/ECR endpoint on ${ecs.url} (simulated time x100): cluster demo, services api and web (blue/green), template api-template, ECR my-app.`));
  let failures = 0;
  try {
    const runs: ActionRun[] = [];
    for (const step of steps) {
      const inputs = typeof step.inputs === 'function' ? step.inputs(runs) : step.inputs;
      console.log(`\n${color(1, '═'.repeat(100))}\n${color(1, step.title)}\n${color(2, Object.entries(inputs).map(([k, v]) => `  ${k}: ${v.replace(/\n/g, '\\n')}`).join('\n'))}\n`);
      await step.before?.(ecs);
      const run = await runAction(inputs, { env: ecs.env(), timeoutMs: 120_000 });
      runs.push(run);
      console.log(asGithubLog(run.stdout.trimEnd()));
      if (run.stderr.trim()) console.log(color(2, run.stderr.trimEnd()));
      console.log(`\n${color(1, 'Outputs')}`);
      for (const [name, value] of Object.entries(run.outputs)) console.log(`  ${name} = ${value}`);
      console.log(`\n${color(1, 'Job summary')}\n${run.summary.trimEnd()}`);
      const problems = check(step, run);
      if (problems.length > 0) {
        failures++;
        console.log(color(31, `\n✗ step did not behave as described: ${problems.join('; ')}`));
      } else {
        console.log(color(32, `\n✓ exit ${run.code}, status ${run.outputs.status}, as expected (${(run.durationMs / 1000).toFixed(1)}s)`));
      }
    }
  } finally {
    await ecs.close();
  }
  console.log(failures === 0 ? color(32, `\nDemo passed: ${steps.length} steps behaved as described.`) : color(31, `\nDemo FAILED: ${failures} step(s) misbehaved.`));
  return failures === 0 ? 0 : 1;
}

process.exitCode = await main();
