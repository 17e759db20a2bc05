// The local ECS endpoint's command line: prints its URL, serves a seed file, stops on SIGTERM.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from '@jest/globals';
import { DescribeServicesCommand, ECSClient, RunTaskCommand } from '@aws-sdk/client-ecs';
import { sampleSeed } from '../tools/local-ecs/index.js';

it('starts from a seed file, prints its URL, answers the SDK and exits on SIGTERM', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'local-ecs-'));
  const seedFile = join(dir, 'seed.json');
  writeFileSync(seedFile, JSON.stringify({ ...sampleSeed, clusters: ['demo', 'other'], runTaskScenarios: [{ kind: 'no-capacity' }] }));
  const child = spawn(process.execPath, ['--import', 'tsx', 'tools/local-ecs/cli.ts', '--port', '0', '--seed', seedFile, '--time-scale', '60'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const line = out.split('\n')[0];
        if (out.includes('\n') && line) resolve(line.trim());
      });
      child.on('exit', () => reject(new Error(`local-ecs exited early: ${out}`)));
    });
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const ecs = new ECSClient({
      endpoint: url,
      region: 'us-east-1',
      credentials: { accessKeyId: 'AKIALOCALTEST0000000', secretAccessKey: 'local-test-secret' },
      maxAttempts: 1,
    });
    const out = await ecs.send(new DescribeServicesCommand({ cluster: 'demo', services: ['api'] }));
    expect(out.services?.[0]?.runningCount).toBe(2);
    // The seed's run-task scenarios apply.
    const run = await ecs.send(
      new RunTaskCommand({ cluster: 'demo', taskDefinition: 'api-template:1', networkConfiguration: out.services?.[0]?.networkConfiguration }),
    );
    expect(run.failures?.[0]?.reason).toBe('RESOURCE:MEMORY');
    ecs.destroy();
  } finally {
    child.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  }
  expect(await exited).toBe(0);
}, 20_000);
