/**
 * A local stand-in for the parts of the GitHub REST API that the action uses: deployments and
 * deployment statuses. It listens on 127.0.0.1 (a free port), records every request, answers with the
 * status codes and JSON shapes GitHub documents, and can be told to fail, answer 202 or hang, so unit
 * tests and the end-to-end test (which points GITHUB_API_URL at `stub.url`) share one implementation.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  /** Path and query, as sent (`/repos/acme/shop/deployments`). */
  path: string;
  /** The parsed JSON body, or undefined when there was none (or it was not JSON). */
  body: unknown;
  /** The Authorization header as received. */
  authorization?: string;
  headers: Record<string, string | string[] | undefined>;
}

/** A fault to inject. Faults are tried in the order added; each applies `times` times (default: always). */
export interface StubFault {
  method?: string;
  /** Matched against the path (with query). */
  path?: RegExp;
  /** HTTP status to answer with; the body is a GitHub-style `{ message }`. */
  status?: number;
  message?: string;
  /** Never answer (the connection stays open until the stub closes). */
  hang?: boolean;
  times?: number;
}

export interface StubDeployment {
  id: number;
  owner: string;
  repo: string;
  ref: string;
  sha: string;
  task: string;
  environment: string;
  description: string | null;
  payload: unknown;
  statuses: StubStatus[];
}

export interface StubStatus {
  id: number;
  state: string;
  description: string;
  environment: string;
  environment_url: string;
  log_url: string;
}

export interface StubOptions {
  /** When set, any other token is answered with 401 Bad credentials. */
  token?: string;
  /** Answer create-deployment with 202 and this message (what GitHub does after an auto-merge). */
  mergedMessage?: string;
  /** First deployment id handed out (default 1001). */
  firstId?: number;
}

export interface GithubStub {
  /** Base URL to use as GITHUB_API_URL, without a trailing slash. */
  url: string;
  requests: RecordedRequest[];
  deployments: StubDeployment[];
  addFault(fault: StubFault): void;
  /** Forgets recorded requests, deployments and faults. */
  reset(): void;
  close(): Promise<void>;
}

const STATES = new Set(['error', 'failure', 'inactive', 'in_progress', 'queued', 'pending', 'success']);
const SHA_FOR_REF = '0000000000000000000000000000000000000000';

function send(res: ServerResponse, status: number, body?: unknown): void {
  const text = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'x-github-media-type': 'github.v3; format=json',
  });
  res.end(text);
}

function validationFailed(res: ServerResponse, message: string): void {
  send(res, 422, {
    message: 'Validation Failed',
    errors: [{ resource: 'Deployment', code: 'custom', message }],
    documentation_url: 'https://docs.github.com/rest',
  });
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function startGithubStub(options: StubOptions = {}): Promise<GithubStub> {
  const requests: RecordedRequest[] = [];
  const deployments: StubDeployment[] = [];
  let faults: Array<StubFault & { used: number }> = [];
  let nextId = options.firstId ?? 1001;
  let nextStatusId = 5001;

  const server = createServer((req, res) => {
    void handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) send(res, 500, { message: `stub error: ${String(err)}` });
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const text = await readBody(req);
    let body: unknown;
    try {
      body = text === '' ? undefined : JSON.parse(text);
    } catch {
      body = undefined;
    }
    const method = req.method ?? 'GET';
    const path = req.url ?? '/';
    const authorization = req.headers.authorization;
    const recorded: RecordedRequest = { method, path, body, headers: { ...req.headers } };
    if (authorization !== undefined) recorded.authorization = authorization;
    requests.push(recorded);

    const fault = faults.find(
      (f) => (f.times === undefined || f.used < f.times) && (!f.method || f.method === method) && (!f.path || f.path.test(path)),
    );
    if (fault) {
      fault.used += 1;
      if (fault.hang) return; // never answered
      send(res, fault.status ?? 500, { message: fault.message ?? 'Server Error' });
      return;
    }

    if (!authorization) return send(res, 401, { message: 'Requires authentication' });
    const token = authorization.replace(/^(token|bearer)\s+/i, '');
    if (options.token !== undefined && token !== options.token) return send(res, 401, { message: 'Bad credentials' });

    const url = new URL(path, 'http://stub');
    const base = `http://${req.headers.host ?? '127.0.0.1'}`;
    let m = /^\/repos\/([^/]+)\/([^/]+)\/deployments$/.exec(url.pathname);
    if (m) {
      const [, owner = '', repo = ''] = m;
      if (method === 'GET') {
        const env = url.searchParams.get('environment');
        const list = deployments.filter((d) => d.owner === owner && d.repo === repo && (env === null || d.environment === env));
        return send(res, 200, [...list].reverse().map((d) => deploymentJson(d, base)));
      }
      if (method !== 'POST') return send(res, 404, { message: 'Not Found' });
      const input = (body ?? {}) as Record<string, unknown>;
      if (typeof input.ref !== 'string' || input.ref === '') return validationFailed(res, 'ref is missing');
      if (typeof input.description === 'string' && [...input.description].length > 140) {
        return validationFailed(res, 'description is too long (maximum is 140 characters)');
      }
      if (options.mergedMessage !== undefined) return send(res, 202, { message: options.mergedMessage });
      const d: StubDeployment = {
        id: nextId++,
        owner,
        repo,
        ref: input.ref,
        sha: /^[0-9a-f]{40}$/.test(input.ref) ? input.ref : SHA_FOR_REF,
        task: typeof input.task === 'string' ? input.task : 'deploy',
        environment: typeof input.environment === 'string' ? input.environment : 'production',
        description: typeof input.description === 'string' ? input.description : null,
        payload: input.payload ?? {},
        statuses: [],
      };
      deployments.push(d);
      return send(res, 201, deploymentJson(d, base));
    }

    m = /^\/repos\/([^/]+)\/([^/]+)\/deployments\/(\d+)\/statuses$/.exec(url.pathname);
    if (m) {
      const [, owner, repo, id] = m;
      const d = deployments.find((x) => x.owner === owner && x.repo === repo && x.id === Number(id));
      if (!d) return send(res, 404, { message: 'Not Found' });
      if (method === 'GET') return send(res, 200, [...d.statuses].reverse().map((s) => statusJson(d, s, base)));
      if (method !== 'POST') return send(res, 404, { message: 'Not Found' });
      const input = (body ?? {}) as Record<string, unknown>;
      if (typeof input.state !== 'string' || !STATES.has(input.state)) return validationFailed(res, 'state is not included in the list');
      const description = typeof input.description === 'string' ? input.description : '';
      if ([...description].length > 140) return validationFailed(res, 'description is too long (maximum is 140 characters)');
      const logUrl = typeof input.log_url === 'string' ? input.log_url : typeof input.target_url === 'string' ? input.target_url : '';
      const s: StubStatus = {
        id: nextStatusId++,
        state: input.state,
        description,
        environment: typeof input.environment === 'string' ? input.environment : d.environment,
        environment_url: typeof input.environment_url === 'string' ? input.environment_url : '',
        log_url: logUrl,
      };
      d.statuses.push(s);
      return send(res, 201, statusJson(d, s, base));
    }
    send(res, 404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    deployments,
    addFault: (fault) => void faults.push({ ...fault, used: 0 }),
    reset: () => {
      requests.length = 0;
      deployments.length = 0;
      faults = [];
      nextId = options.firstId ?? 1001;
      nextStatusId = 5001;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function deploymentJson(d: StubDeployment, base: string) {
  const url = `${base}/repos/${d.owner}/${d.repo}/deployments/${d.id}`;
  return {
    url,
    id: d.id,
    node_id: `DE_stub${d.id}`,
    sha: d.sha,
    ref: d.ref,
    task: d.task,
    payload: d.payload,
    original_environment: d.environment,
    environment: d.environment,
    description: d.description,
    creator: { login: 'github-actions[bot]', id: 41898282, type: 'Bot' },
    created_at: '2026-01-01T00:00:00Z',
    updated_at: '2026-01-01T00:00:00Z',
    statuses_url: `${url}/statuses`,
    repository_url: `${base}/repos/${d.owner}/${d.repo}`,
    transient_environment: false,
    production_environment: d.environment === 'production',
  };
}

function statusJson(d: StubDeployment, s: StubStatus, base: string) {
  const deploymentUrl = `${base}/repos/${d.owner}/${d.repo}/deployments/${d.id}`;
  return {
    url: `${deploymentUrl}/statuses/${s.id}`,
    id: s.id,
    node_id: `DES_stub${s.id}`,
    state: s.state,
    creator: { login: 'github-actions[bot]', id: 41898282, type: 'Bot' },
    description: s.description,
    environment: s.environment,
    target_url: s.log_url,
    log_url: s.log_url,
    environment_url: s.environment_url,
    created_at: '2026-01-01T00:00:00Z',
    updated_at: '2026-01-01T00:00:00Z',
    deployment_url: deploymentUrl,
    repository_url: `${base}/repos/${d.owner}/${d.repo}`,
  };
}
