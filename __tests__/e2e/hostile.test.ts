// Hostile text everywhere AWS writes, through the bundle against the local endpoint: a container's exit
// reason, the stopped reason, service events, the rollout's reason, task definition fields and a
// rollback target's image. The runner must see no command but the action's own, the failure
// annotation holds the text escaped, the outputs are exactly the action's, the summary keeps its shape.
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { sampleSeed } from '../../tools/local-ecs/index.js';
import type { ActionRun } from '../../tools/run-action.js';
import { commandsIn, isRunnerCommand, markdownShape, runnerLines } from '../helpers/untrusted.js';
import { BROKEN, DEPLOY, startWorld, TD, type World } from './world.js';

const MAX_LINE = 4096;
/** Commands the action itself issues. */
const OWN = new Set(['group', 'endgroup', 'error', 'warning', 'debug']);
const OUTPUTS = [
  'changed',
  'deployment-id',
  'drift',
  'drifted',
  'hook-expires-at',
  'hook-id',
  'hook-stage',
  'hook-timeout-action',
  'image',
  'pre-deploy-exit-code',
  'pre-deploy-task-arn',
  'previous-task-definition-arn',
  'schedules',
  'service-deployment-arn',
  'services',
  'status',
  'task-definition-arn',
];

const HOSTILE = [
  '::error::pwned',
  '::add-mask::Essential',
  '::stop-commands::tok3n',
  '::error::after stop',
  '  ::set-env name=NODE_OPTIONS::--require=/tmp/x',
  'ok\r::set-output name=status::completed',
  'x ##[group]spoofed ##[add-mask]container',
  '</details><script>alert(1)</script>',
  '```',
  '# heading',
  '- item',
  '| a | b |',
  '[link](javascript:alert(1)) nul\u0000 bidi\u202eexe.txt',
].join('\n');

/** A delimiter-looking rollback image: it must stay one output value. */
const HOSTILE_IMAGE = [
  'public.ecr.aws/acme/app:v1',
  'status<<ghadelimiter_00000000-0000-0000-0000-000000000000',
  'completed',
  'ghadelimiter_00000000-0000-0000-0000-000000000000',
  'changed=false',
  'extra<<EOF',
  'x',
  'EOF',
  '::set-output name=status::failed',
].join('\n');

const template = sampleSeed.taskDefinitions?.[0]?.taskDefinition as Record<string, unknown>;
const container = (template.containerDefinitions as Array<Record<string, unknown>>)[0] as Record<string, unknown>;

let world: World;
beforeAll(async () => {
  world = await startWorld({
    taskDefinitions: [
      // api-template:2, with hostile text in fields the dry run's diff shows.
      {
        taskDefinition: {
          ...template,
          containerDefinitions: [{ ...container, workingDirectory: HOSTILE, dockerLabels: { note: HOSTILE } }],
        },
      },
      { taskDefinition: { family: 'hostile', containerDefinitions: [{ name: 'app', image: HOSTILE_IMAGE, memory: 512 }] } },
      { taskDefinition: { family: 'hostile', containerDefinitions: [{ name: 'app', image: 'public.ecr.aws/acme/app:v2', memory: 512 }] } },
    ],
    services: [{ cluster: 'demo', serviceName: 'hostile', taskDefinition: 'hostile:2', desiredCount: 1 }],
  });
});
afterAll(() => world.close());

/** What every run must show: only the action's own commands, plain lines, the action's outputs, a summary of the right shape. */
function expectSafe(run: ActionRun): void {
  expect(run.stdout).not.toMatch(/\r/);
  const commands = commandsIn(run.stdout);
  expect(commands.filter((c) => !OWN.has(c.name))).toEqual([]);
  for (const c of commands) {
    expect(c.properties).toBe('');
    for (const line of c.data.split('\n')) expect(isRunnerCommand(line)).toBe(false);
  }
  expect(commands.filter((c) => c.name === 'error').length).toBe(run.code === 0 ? 0 : 1);
  for (const line of runnerLines(run.stdout)) {
    // eslint-disable-next-line no-control-regex -- finding control characters is the point
    expect(line).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
    expect(line.length).toBeLessThan(MAX_LINE + 100);
  }
  expect(Object.keys(run.outputs).sort()).toEqual(OUTPUTS);

  const shape = markdownShape(run.summary);
  expect(shape.headings.filter((h) => !h.startsWith('#### '))).toEqual([expect.stringMatching(/^### /)]);
  expect(shape.tableRows.every((row) => row.length === 2)).toBe(true);
  expect(shape.tableRows.length).toBeGreaterThan(4);
  expect(shape.unclosedFence).toBe(false);
  expect(shape.strayLessThan).toBe(0);
  expect(shape.strayBackticks).toBe(0);
  expect(shape.blockquotes).toEqual([]);
  expect(shape.emphasis).toEqual([]);
  expect(new Set(shape.htmlTags)).toEqual(new Set(shape.htmlTags.filter((t) => /^<\/?(details|summary)( open)?>$/.test(t))));
  expect(shape.htmlTags.filter((t) => t.startsWith('<details')).length).toBe(shape.htmlTags.filter((t) => t === '</details>').length);
  // The console links (the service's, and a pre-deploy task's) are the only links.
  expect(shape.linkish.join(' ')).toMatch(/^\[ \] :\/\/( \[ \] :\/\/)?$/);
  expect((run.summary.match(/\]\(https:\/\/[a-z0-9-]+\.console\.aws\.amazon\.com\//g) ?? []).length).toBe(shape.linkish.length / 3);
}

test('a deploy rolled back with hostile text in every reason and event', async () => {
  world.ecs.setScenario('demo', 'api', {
    kind: 'crash',
    whenImageIncludes: 'broken',
    exitCode: 137,
    stoppedReason: HOSTILE,
    containerReason: `${HOSTILE} ${'y'.repeat(10_240)}`,
    eventMessage: HOSTILE,
    failureReason: HOSTILE,
    logLines: HOSTILE.split('\n'),
  });
  const run = await world.run({ ...DEPLOY, image: BROKEN });
  expect(run.code).toBe(1);
  expect(run.outputs.status).toBe('rolled-back');
  expect(run.outputs['task-definition-arn']).toBe(TD('api:1'));
  expectSafe(run);

  // The failure annotation holds the reason, escaped, its lines neutralised.
  const [error] = commandsIn(run.stdout).filter((c) => c.name === 'error');
  expect(error?.data).toContain(`ECS rolled the deployment of ${TD('api:1')} back to ${TD('api-template:1')}`);
  expect(error?.data).toContain('; ::error::pwned\n⟫ ::add-mask::Essential\n');
  expect(error?.data).toContain('⟫ ::stop-commands::tok3n');
  expect(error?.data).toContain('ok\\r::set-output name=status::completed');
  expect(error?.data).toContain('x ##\\[group]spoofed ##\\[add-mask]container');
  expect(error?.data).toContain('nul\\u0000 bidi\\u202eexe.txt');
  // The log shows the stopped task, the event and the cut container reason, neutralised.
  expect(run.stdout).toContain('⟫   ::set-env name=NODE_OPTIONS::--require=/tmp/x');
  expect(run.stdout).toMatch(/y{4000,} … \[cut: \d+ more characters\]/);
  expect(run.stdout).toContain('Stopped tasks of the new revision:');
  // The summary holds the text as text: stopped tasks as escaped list items, events in one block.
  expect(run.summary).toContain('&lt;/details&gt;&lt;script&gt;');
  const shape = markdownShape(run.summary);
  expect(shape.listItems.length).toBeGreaterThan(0);
  expect(shape.listItems.every((l) => l.startsWith('- task '))).toBe(true);
  // The events in one block, then each container log tail in its own, line for line.
  expect(shape.codeBlocks.length).toBeGreaterThan(1);
  expect(shape.codeBlocks[0]?.some((l) => l.includes('::error::pwned\\n::add-mask::Essential'))).toBe(true);
  expect(shape.codeBlocks[1]).toEqual(expect.arrayContaining(['::error::pwned', '</details><script>alert(1)</script>', '```']));
  // In the log, the tail's lines are neutralised like every other.
  expect(run.stdout).toContain('⟫ ::error::pwned\n');
});

test('a pre-deploy task whose log lines and stop reason are hostile', async () => {
  world.ecs.setRunTaskScenarios([{ exitCode: 1, containerReason: HOSTILE, logLines: HOSTILE.split('\n') }]);
  const run = await world.run({ ...DEPLOY, 'pre-deploy-command': `["sh", "-c", ${JSON.stringify(HOSTILE)}]` });
  expect(run.code).toBe(1);
  expect(run.outputs.status).toBe('pre-deploy-failed');
  expectSafe(run);
  const shape = markdownShape(run.summary);
  expect(shape.codeBlocks.some((b) => b.includes('::add-mask::Essential'))).toBe(true);
});

test('a rollback whose target image is delimiter-looking text: the outputs are exactly the action\'s', async () => {
  const run = await world.run({ cluster: 'demo', service: 'hostile', 'rollback-to': 'hostile:1', 'poll-seconds': '0.05', 'timeout-minutes': '2' });
  expect(run.code).toBe(0);
  expectSafe(run);
  expect(run.outputs).toEqual({
    'task-definition-arn': TD('hostile:1'),
    'previous-task-definition-arn': TD('hostile:2'),
    image: HOSTILE_IMAGE,
    'deployment-id': expect.stringMatching(/^ecs-svc\//),
    changed: 'true',
    'pre-deploy-task-arn': '',
    'pre-deploy-exit-code': '',
    drift: '',
    drifted: '',
    services: '',
    schedules: '',
    'service-deployment-arn': expect.stringMatching(/^arn:aws:ecs:us-east-1:123456789012:service-deployment\/demo\/hostile\//),
    'hook-id': '',
    'hook-stage': '',
    'hook-expires-at': '',
    'hook-timeout-action': '',
    status: 'completed',
  });
});

test('a dry run whose template fields hold hostile text: the plan diff keeps its shape', async () => {
  const before = world.writes().length;
  const run = await world.run({ ...DEPLOY, 'dry-run': 'true' });
  expect(run.code).toBe(0);
  expect(run.outputs.status).toBe('planned');
  expectSafe(run);
  const shape = markdownShape(run.summary);
  expect(shape.headings).toContain('#### Plan (dry run: nothing was written)');
  expect(shape.codeBlocks).toHaveLength(1);
  const diff = shape.codeBlocks[0] ?? [];
  expect(diff.some((l) => l.startsWith('+ containerDefinitions[api].workingDirectory: '))).toBe(true);
  expect(diff.every((l) => /^[!+-] /.test(l))).toBe(true);
  expect(world.writes().length).toBe(before);
});

test('a drift report whose template diff holds hostile text: one line per question, the summary keeps its shape', async () => {
  // Serving: a revision rendered from the hostile api-template:2; then Terraform registers a clean api-template:3.
  expect((await world.run(DEPLOY)).outputs.status).toBe('completed');
  world.ecs.seed({ taskDefinitions: [{ taskDefinition: { ...template, memory: '2048' } }] });
  const before = world.writes().length;
  const run = await world.run({ cluster: 'demo', service: 'api', template: 'api-template', 'drift-check': 'true', 'fail-on-drift': 'true' });
  expect(run.code).toBe(1);
  expect(run.outputs.status).toBe('drifted');
  expectSafe(run);
  const report = JSON.parse(run.outputs.drift ?? '{}') as { templateAhead: { changes: string[] } };
  expect(report.templateAhead.changes.some((l) => l.includes('::error::pwned'))).toBe(true);
  const shape = markdownShape(run.summary);
  expect(shape.headings).toContain('#### Drift: template ahead (drifted)');
  const diff = shape.codeBlocks[0] ?? [];
  expect(diff.some((l) => l.startsWith('- containerDefinitions[api].workingDirectory: '))).toBe(true);
  expect(diff.every((l) => /^[!+-] /.test(l))).toBe(true);
  expect(world.writes().length).toBe(before);
});
