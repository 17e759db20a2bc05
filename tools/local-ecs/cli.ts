// Command line: start the local ECS/ECR endpoint, print its URL, serve until SIGINT/SIGTERM.
//   npx tsx tools/local-ecs/cli.ts [--port 4599] [--seed file.json|sample|none] [--time-scale 60]
//                                  [--allow ecs:Describe*,ecr:*] [--print-sample-seed]
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { startLocalEcs } from './index.js';
import { sampleSeed } from './sample-seed.js';
import type { Seed } from './types.js';

const USAGE = `usage: local-ecs [--port N] [--seed FILE.json|sample|none] [--time-scale N] [--allow a,b] [--print-sample-seed]`;

function fail(message: string): never {
  console.error(`local-ecs: ${message}\n${USAGE}`);
  process.exit(2);
}

function number(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) fail(`--${name} must be a non-negative number, got ${value}`);
  return n;
}

function loadSeed(value: string | undefined): Seed | undefined {
  if (value === undefined || value === 'sample') return sampleSeed;
  if (value === 'none') return undefined;
  try {
    return JSON.parse(readFileSync(value, 'utf8')) as Seed;
  } catch (err) {
    fail(`cannot read seed ${value}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        port: { type: 'string' },
        seed: { type: 'string' },
        'time-scale': { type: 'string' },
        allow: { type: 'string' },
        'print-sample-seed': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (err) {
    fail(err instanceof Error ? err.message : String(err));
  }
  if (values.help) {
    console.log(USAGE);
    return;
  }
  if (values['print-sample-seed']) {
    console.log(JSON.stringify(sampleSeed, null, 2));
    return;
  }
  const ecs = await startLocalEcs({
    port: number(values.port, 'port', 0),
    timeScale: number(values['time-scale'], 'time-scale', 1),
    seed: loadSeed(values.seed),
    allow: values.allow === undefined ? null : values.allow.split(',').map((a) => a.trim()).filter(Boolean),
  });
  console.log(ecs.url);
  const stop = (): void => {
    ecs.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err: unknown) => {
  console.error('local-ecs:', err instanceof Error ? err.message : err);
  process.exit(1);
});
