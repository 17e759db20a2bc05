// HTTP and two AWS protocols. JSON 1.1: POST / with X-Amz-Target, JSON in and out, errors as
// {"__type", "message"} with the x-amzn-errortype header. REST-JSON (EventBridge Scheduler): the operation
// from the method and path, members from the path, the query and a JSON body; errors with the error's
// HTTP status, the x-amzn-errortype header and {"Message"}. Bound to 127.0.0.1.
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Answer } from './endpoint.js';
import { serializationError } from './errors.js';
import type { AwsError } from './errors.js';
import { operationOf, restOperationOf } from './operations.js';
import type { Protocol } from './operations.js';
import type { JsonObject } from './state.js';

export type RequestHandler = (operation: string, params: JsonObject) => Promise<Answer>;

const CONTENT_TYPES: Record<Protocol, string> = { json: 'application/x-amz-json-1.1', 'rest-json': 'application/json' };

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, protocol: Protocol, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': CONTENT_TYPES[protocol],
    'content-length': Buffer.byteLength(text),
    'x-amzn-requestid': randomUUID(),
    ...headers,
  });
  res.end(text);
}

function sendError(res: ServerResponse, protocol: Protocol, error: AwsError): void {
  const body = protocol === 'json' ? { ...error.fields, __type: error.code, message: error.message } : { ...error.fields, Message: error.message };
  send(res, protocol, error.status, body, { 'x-amzn-errortype': error.code });
}

/** The request body as a JSON object (empty: {}); undefined when it is not one. */
function parseBody(text: string): JsonObject | undefined {
  try {
    const parsed: unknown = text.trim() === '' ? {} : JSON.parse(text);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined;
    return parsed as JsonObject;
  } catch {
    return undefined;
  }
}

function reply(req: IncomingMessage, res: ServerResponse, protocol: Protocol, answer: Answer): void {
  if (answer.kind === 'drop') req.socket.destroy();
  else if (answer.kind === 'html') {
    res.writeHead(answer.status, { 'content-type': 'text/html' });
    res.end('<html><head><title>500 Internal Server Error</title></head><body><h1>Internal Server Error</h1></body></html>\n');
  }
  else if (answer.kind === 'error') sendError(res, protocol, answer.error);
  else send(res, protocol, 200, answer.body ?? {});
}

async function onRequest(req: IncomingMessage, res: ServerResponse, handle: RequestHandler): Promise<void> {
  if (req.method === 'GET' && (req.url === '/' || req.url === '/health')) {
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end('local-ecs\n');
    return;
  }
  const target = req.headers['x-amz-target'];
  if (req.method === 'POST' && typeof target === 'string') {
    const params = parseBody(await readBody(req));
    if (!params) {
      sendError(res, 'json', serializationError('The request body is not a JSON object.'));
      return;
    }
    reply(req, res, 'json', await handle(operationOf(target), params));
    return;
  }
  const rest = restOperationOf(req.method ?? '', req.url ?? '/');
  if (!rest) {
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('local-ecs answers AWS JSON 1.1 requests (POST / with an X-Amz-Target header) and EventBridge Scheduler REST requests\n');
    return;
  }
  const body = parseBody(await readBody(req));
  if (!body) {
    sendError(res, 'rest-json', serializationError('The request body is not a JSON object.'));
    return;
  }
  // Path and query members win over body members of the same name, as the REST binding places them there.
  reply(req, res, 'rest-json', await handle(rest.operation, { ...body, ...rest.members }));
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
