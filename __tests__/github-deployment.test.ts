import { afterAll, beforeAll, beforeEach, describe, expect, test } from '@jest/globals';
import { createServer } from 'node:net';
import { startGithubStub, type GithubStub } from './helpers/github-stub.js';
import type * as Module from '../src/github/deployment.js';

// A proxy configured on the machine must not capture requests to the local stand-in.
for (const name of ['https_proxy', 'HTTPS_PROXY', 'http_proxy', 'HTTP_PROXY']) delete process.env[name];
const { MAX_DESCRIPTION, describeRecord, shortImage, startGithubDeployment, truncate }: typeof Module = await import(
  '../src/github/deployment.js'
);

const TOKEN = 'ghs_16C7e42F292c6912E7710c838347Ae178B4a';
const SHA = '3f786850e387550fdab836ed7e6dc881de23001b';
const DIGEST = 'sha256:64f2b0c1a5de7b8e3f8d92a2b1e4c5d6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d2';
const IMAGE = `123456789012.dkr.ecr.eu-west-1.amazonaws.com/storefront/web@${DIGEST}`;
const ARN = 'arn:aws:ecs:eu-west-1:123456789012:task-definition/storefront-web:42';
const CLUSTER = 'arn:aws:ecs:eu-west-1:123456789012:cluster/shop-prod';
const SERVICE = 'arn:aws:ecs:eu-west-1:123456789012:service/shop-prod/storefront-web';
const CONSOLE =
  'https://eu-west-1.console.aws.amazon.com/ecs/v2/clusters/shop-prod/services/storefront-web/deployments?region=eu-west-1';
const RUN_URL = 'https://github.com/acme/storefront/actions/runs/11850392764';

let stub: GithubStub;
let lines: string[];

function options(overrides: Partial<Module.GithubDeploymentOptions> = {}): Module.GithubDeploymentOptions {
  return {
    token: TOKEN,
    environment: 'production',
    repository: 'acme/storefront',
    ref: 'refs/heads/main',
    sha: SHA,
    apiUrl: stub.url,
    runUrl: RUN_URL,
    log: { info: (m) => void lines.push(m), warning: (m) => void lines.push(`warning: ${m}`) },
    ...overrides,
  };
}

const record = (overrides: Partial<Module.GithubDeploymentRecord> = {}): Module.GithubDeploymentRecord => ({
  taskDefinitionArn: ARN,
  image: IMAGE,
  cluster: CLUSTER,
  service: SERVICE,
  consoleUrl: CONSOLE,
  ...overrides,
});

const warnings = () => lines.filter((l) => l.startsWith('warning: '));

/** A port on 127.0.0.1 that nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

beforeAll(async () => {
  stub = await startGithubStub({ token: TOKEN });
});
afterAll(async () => {
  await stub.close();
});
beforeEach(() => {
  stub.reset();
  lines = [];
});

describe('startGithubDeployment and finish', () => {
  test('creates the deployment, sets in_progress, then success, with exact requests', async () => {
    const handle = await startGithubDeployment(options(), record());
    expect(handle?.id).toBe(1001);
    await handle?.finish('success', record());

    const description = `storefront-web: ${ARN} (image storefront/web@sha256:64f2b0c1a5de…)`;
    expect(description.length).toBeLessThanOrEqual(MAX_DESCRIPTION);
    expect(stub.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'POST /repos/acme/storefront/deployments',
      'POST /repos/acme/storefront/deployments/1001/statuses',
      'POST /repos/acme/storefront/deployments/1001/statuses',
    ]);
    expect(stub.requests[0]?.body).toEqual({
      ref: 'refs/heads/main',
      task: 'deploy',
      environment: 'production',
      auto_merge: false,
      required_contexts: [],
      description,
      payload: { taskDefinitionArn: ARN, image: IMAGE, cluster: CLUSTER, service: SERVICE, sha: SHA },
    });
    expect(stub.requests[1]?.body).toEqual({
      state: 'in_progress',
      description,
      environment: 'production',
      auto_inactive: false,
      log_url: RUN_URL,
      environment_url: CONSOLE,
    });
    expect(stub.requests[2]?.body).toEqual({
      state: 'success',
      description,
      environment: 'production',
      auto_inactive: true,
      log_url: RUN_URL,
      environment_url: CONSOLE,
    });
    expect(stub.deployments[0]?.statuses.map((s) => s.state)).toEqual(['in_progress', 'success']);
    expect(warnings()).toEqual([]);
    expect(lines).toEqual([
      'GitHub deployment 1001 of environment "production" created.',
      'GitHub deployment 1001 of environment "production" marked success.',
    ]);
  });

  test('sends the token as authorization on every request and nowhere else', async () => {
    const handle = await startGithubDeployment(options(), record());
    await handle?.finish('success', record());
    expect(stub.requests).toHaveLength(3);
    for (const r of stub.requests) {
      expect(r.authorization).toBe(`token ${TOKEN}`);
      expect(JSON.stringify(r.body)).not.toContain(TOKEN);
      expect(r.path).not.toContain(TOKEN);
    }
    expect(stub.requests[0]?.headers['user-agent']).toEqual(expect.stringContaining('octokit'));
  });

  test('a failed rollout is recorded as failure, with its own description and without auto_inactive', async () => {
    const handle = await startGithubDeployment(options({ environment: 'staging' }), record());
    await handle?.finish(
      'failure',
      record({ description: 'storefront-web: rolled back by the circuit breaker (task failed ELB health checks)' }),
    );
    expect(stub.requests[2]?.body).toEqual({
      state: 'failure',
      description: 'storefront-web: rolled back by the circuit breaker (task failed ELB health checks)',
      environment: 'staging',
      auto_inactive: false,
      log_url: RUN_URL,
      environment_url: CONSOLE,
    });
    expect(stub.deployments[0]?.environment).toBe('staging');
    expect(lines).toContain('GitHub deployment 1001 of environment "staging" marked failure.');
  });

  test('an error state, and a record without ARN, URL or image (failure before registering)', async () => {
    const handle = await startGithubDeployment(
      options({ runUrl: undefined, ref: SHA }),
      { cluster: 'shop-dev', service: 'storefront-web' },
    );
    await handle?.finish('error', { cluster: 'shop-dev', service: 'storefront-web' });
    expect(stub.requests[0]?.body).toMatchObject({
      ref: SHA,
      description: 'storefront-web on shop-dev',
      payload: { cluster: 'shop-dev', service: 'storefront-web', sha: SHA },
    });
    expect(stub.requests[2]?.body).toEqual({
      state: 'error',
      description: 'storefront-web on shop-dev',
      environment: 'production',
      auto_inactive: false,
    });
  });

  test('finish twice sends one final status', async () => {
    const handle = await startGithubDeployment(options(), record());
    await handle?.finish('success', record());
    await handle?.finish('failure', record());
    expect(stub.requests.map((r) => (r.body as { state?: string }).state)).toEqual([undefined, 'in_progress', 'success']);
  });

  test('falls back to the sha when no ref is given', async () => {
    await startGithubDeployment(options({ ref: '' }), record());
    expect((stub.requests[0]?.body as { ref: string }).ref).toBe(SHA);
  });

  test('an apiUrl with a trailing slash (as GITHUB_API_URL may have) works', async () => {
    const handle = await startGithubDeployment(options({ apiUrl: `${stub.url}/` }), record());
    expect(handle?.id).toBe(1001);
  });
});

describe('nothing sent', () => {
  test('without a token or an environment', async () => {
    expect(await startGithubDeployment(options({ token: '' }), record())).toBeUndefined();
    expect(await startGithubDeployment(options({ environment: '' }), record())).toBeUndefined();
    expect(stub.requests).toEqual([]);
    expect(lines).toEqual([]);
  });

  test('with a malformed repository: a warning', async () => {
    expect(await startGithubDeployment(options({ repository: 'storefront' }), record())).toBeUndefined();
    expect(stub.requests).toEqual([]);
    expect(warnings()).toEqual(['warning: GitHub deployment not recorded: repository "storefront" is not "owner/repo".']);
  });
});

describe('GitHub unreachable or refusing: a warning, never a throw', () => {
  test('5xx on create', async () => {
    stub.addFault({ method: 'POST', path: /\/deployments$/, status: 503, message: 'Service Unavailable' });
    await expect(startGithubDeployment(options(), record())).resolves.toBeUndefined();
    expect(stub.requests).toHaveLength(1);
    expect(warnings()).toHaveLength(1);
    expect(warnings()[0]).toMatch(/^warning: GitHub deployment of environment "production": not created: HTTP 503: Service Unavailable/);
    expect(warnings()[0]).toContain('The ECS deploy is not affected.');
    expect(warnings()[0]).not.toContain(TOKEN);
  });

  test('5xx on the final status: the handle warns and resolves', async () => {
    const handle = await startGithubDeployment(options(), record());
    expect(handle).toBeDefined();
    stub.addFault({ path: /\/statuses$/, status: 502, message: 'Bad Gateway' });
    await expect(handle?.finish('success', record())).resolves.toBeUndefined();
    expect(warnings()).toEqual([expect.stringMatching(/status success of deployment 1001 not set: HTTP 502: Bad Gateway/)]);
  });

  test('in_progress refused: the handle is still returned and can finish', async () => {
    stub.addFault({ path: /\/statuses$/, status: 500, times: 1 });
    const handle = await startGithubDeployment(options(), record());
    expect(handle?.id).toBe(1001);
    expect(warnings()).toEqual([expect.stringMatching(/status in_progress of deployment 1001 not set/)]);
    await handle?.finish('success', record());
    expect(stub.deployments[0]?.statuses.map((s) => s.state)).toEqual(['success']);
  });

  test('403 without deployments permission names the missing permission', async () => {
    stub.addFault({ status: 403, message: 'Resource not accessible by integration' });
    expect(await startGithubDeployment(options(), record())).toBeUndefined();
    expect(warnings()[0]).toContain('HTTP 403: Resource not accessible by integration');
    expect(warnings()[0]).toContain('deployments: write');
  });

  test('a bad token: 401', async () => {
    expect(await startGithubDeployment(options({ token: 'ghs_wrong' }), record())).toBeUndefined();
    expect(warnings()[0]).toContain('HTTP 401: Bad credentials');
    expect(warnings()[0]).not.toContain('ghs_wrong');
  });

  test('202 (an auto-merge answer) creates no deployment', async () => {
    const merging = await startGithubStub({ mergedMessage: 'Auto-merged master into topic-branch on deployment.' });
    try {
      expect(await startGithubDeployment(options({ apiUrl: merging.url }), record())).toBeUndefined();
      expect(merging.requests).toHaveLength(1);
      expect(warnings()[0]).toContain('not created (HTTP 202: Auto-merged master into topic-branch on deployment.)');
    } finally {
      await merging.close();
    }
  });

  test('connection refused', async () => {
    const port = await closedPort();
    await expect(startGithubDeployment(options({ apiUrl: `http://127.0.0.1:${port}` }), record())).resolves.toBeUndefined();
    expect(warnings()).toHaveLength(1);
    expect(warnings()[0]).toMatch(/not created: .*ECONNREFUSED/);
  });

  test('no answer: gives up after the timeout', async () => {
    stub.addFault({ hang: true });
    const started = Date.now();
    expect(await startGithubDeployment(options({ timeoutMs: 300 }), record())).toBeUndefined();
    expect(Date.now() - started).toBeLessThan(5000);
    expect(warnings()[0]).toContain('not created: no answer in time');
  });
});

describe('descriptions', () => {
  test('stay within 140 characters, shortening the ARN before dropping the image', () => {
    const longService = 'a'.repeat(40);
    const longArn = `arn:aws:ecs:eu-west-1:123456789012:task-definition/${'b'.repeat(50)}:7`;
    const d = describeRecord({ cluster: 'c', service: longService, taskDefinitionArn: longArn, image: IMAGE });
    expect(d).toBe(`${longService}: ${'b'.repeat(50)}:7 (image storefront/web@sha256:64f2b0c1a5de…)`);
    expect(Array.from(d).length).toBeLessThanOrEqual(140);

    const longer = describeRecord({ cluster: 'c', service: 'a'.repeat(80), taskDefinitionArn: longArn, image: IMAGE });
    expect(longer).toBe(`${'a'.repeat(80)}: ${'b'.repeat(50)}:7`);

    const huge = describeRecord({ cluster: 'c', service: 'a'.repeat(200), taskDefinitionArn: longArn });
    expect(Array.from(huge)).toHaveLength(140);
    expect(huge.endsWith('…')).toBe(true);
  });

  test('a given description is cut to 140 characters on a code point boundary', () => {
    const text = `${'x'.repeat(138)}🚀🚀🚀`;
    const d = describeRecord({ cluster: 'c', service: 's', description: text });
    expect(Array.from(d)).toHaveLength(140);
    expect(d).toBe(`${'x'.repeat(138)}🚀…`);
    expect(truncate('short\n  text')).toBe('short text');
  });

  test('a long description is truncated in the requests GitHub receives', async () => {
    const handle = await startGithubDeployment(options(), record({ description: 'd'.repeat(300) }));
    await handle?.finish('failure', record({ description: 'f'.repeat(300) }));
    expect(warnings()).toEqual([]);
    const sent = stub.requests.map((r) => (r.body as { description: string }).description);
    expect(sent).toEqual([`${'d'.repeat(139)}…`, `${'d'.repeat(139)}…`, `${'f'.repeat(139)}…`]);
  });

  test('short image forms', () => {
    expect(shortImage(IMAGE)).toBe('storefront/web@sha256:64f2b0c1a5de…');
    expect(shortImage('123456789012.dkr.ecr.eu-west-1.amazonaws.com/storefront/web:v1.2.3')).toBe('storefront/web:v1.2.3');
    expect(shortImage(`nginx:1.27@${DIGEST}`)).toBe('nginx:1.27@sha256:64f2b0c1a5de…');
    expect(shortImage('not an image')).toBe('not an image');
  });
});
