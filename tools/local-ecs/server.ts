// HTTP and the AWS JSON 1.1 protocol: POST / with X-Amz-Target, JSON in and out, errors as
// {"__type", "message"} with the x-amzn-errortype header. Bound to 127.0.0.1.
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Answer } from './endpoint.js';
import { serializationError } from './errors.js';
import type { AwsError } from './errors.js';
import { operationOf } from './operations.js';
import type { JsonObject } from './state.js';

export type RequestHandler = (operation: string, params: JsonObject) => Promise<Answer>;

const CONTENT_TYPE = 'application/x-amz-json-1.1';

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': CONTENT_TYPE,
    'content-length': Buffer.byteLength(text),
    'x-amzn-requestid': randomUUID(),
    ...headers,
  });
  res.end(text);
}

function sendError(res: ServerResponse, error: AwsError): void {
  send(res, error.status, { ...error.fields, __type: error.code, message: error.message }, { 'x-amzn-errortype': error.code });
}

async function onRequest(req: IncomingMessage, res: ServerResponse, handle: RequestHandler): Promise<void> {
  if (req.method === 'GET' && (req.url === '/' || req.url === '/health')) {
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end('local-ecs\n');
    return;
  }
  const target = req.headers['x-amz-target'];
  if (req.method !== 'POST' || typeof target !== 'string') {
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('local-ecs answers AWS JSON 1.1 requests: POST / with an X-Amz-Target header\n');
    return;
  }
  const text = await readBody(req);
  let params: JsonObject;
  try {
    const parsed: unknown = text.trim() === '' ? {} : JSON.parse(text);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not an object');
    params = parsed as JsonObject;
  } catch {
    sendError(res, serializationError('The request body is not a JSON object.'));
    return;
  }
  const answer = await handle(operationOf(target), params);
  if (answer.kind === 'drop') req.socket.destroy();
  else if (answer.kind === 'html') {
    res.writeHead(answer.status, { 'content-type': 'text/html' });
    res.end('<html><head><title>500 Internal Server Error</title></head><body><h1>Internal Server Error</h1></body></html>\n');
  }
  else if (answer.kind === 'error') sendError(res, answer.error);
  else send(res, 200, answer.body ?? {});
}

export interface RunningServer {
  server: Server;
  port: number;
  close(): Promise<void>;
}

export function listen(port: number, handle: RequestHandler): Promise<RunningServer> {
  const server = createServer((req, res) => {
    onRequest(req, res, handle).catch((err: unknown) => {
      console.error('local-ecs: request failed:', err);
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  server.keepAliveTimeout = 5000;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve({
        server,
        port: (server.address() as AddressInfo).port,
        close: () =>
          new Promise<void>((done, fail) => {
            server.close((err) => (err ? fail(err) : done()));
            server.closeAllConnections();
          }),
      });
    });
  });
}
