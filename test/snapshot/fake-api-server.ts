// A stand-in for the Kubernetes API server on 127.0.0.1: the paths the snapshot command uses,
// with real list paging (limit + opaque continue token) and v1 Status bodies on errors.
import type { ExecutionContext } from 'ava';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  path: string;
  query: URLSearchParams;
  authorization: string | undefined;
}

export interface FakeApiOptions {
  nodes: object[];
  /** Absent: the DaemonSet does not exist (404). */
  calicoNodeDaemonSet?: object;
  /** Absent: the ConfigMap kube-system/calico-config does not exist (404). */
  calicoConfig?: object;
  /** Absent: the IPPool CRD is not installed (404). */
  ipPools?: object[];
  /** Answer node lists with this error status instead of the list. */
  nodeListStatus?: 401 | 403;
  /** Hand out the same continue token on every page, like a broken proxy would. */
  repeatContinueToken?: boolean;
  /**
   * Answer node lists as a broken server or proxy would: never (`hang`), with headers and then
   * nothing (`stall-body`), with a body cut short and the connection closed (`cut-short`), with a
   * PodList, with more nodes said to remain but no continue token (`no-continue`), with empty
   * pages and a new continue token each (`endless-pages`), with an HTML login page, or with a
   * redirect to one.
   */
  nodeListAnswer?: 'hang' | 'stall-body' | 'cut-short' | 'pod-list' | 'no-continue' | 'endless-pages' | 'login-page' | 'redirect';
  /** Serve HTTPS with this certificate and key (PEM) instead of plain HTTP. */
  tls?: { cert: string; key: string };
}

export interface FakeApiServer {
  url: string;
  requests: RecordedRequest[];
  /** Every continue token the server handed out, in order. */
  issuedContinueTokens: string[];
}

export const DAEMONSET_PATH = '/apis/apps/v1/namespaces/kube-system/daemonsets/calico-node';
export const CALICO_CONFIG_PATH = '/api/v1/namespaces/kube-system/configmaps/calico-config';
export const IP_POOLS_PATH = '/apis/crd.projectcalico.org/v1/ippools';

export async function startFakeApiServer(t: ExecutionContext, options: FakeApiOptions): Promise<FakeApiServer> {
  const requests: RecordedRequest[] = [];
  const issuedContinueTokens: string[] = [];
  const handle = (request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', 'http://placeholder');
    requests.push({ path: url.pathname, query: url.searchParams, authorization: request.headers.authorization });
    answer(request, response, url, options, issuedContinueTokens);
  };
  const server = options.tls ? createHttpsServer(options.tls, handle) : createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => new Promise<void>((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  }));
  return { url: `${options.tls ? 'https' : 'http'}://127.0.0.1:${(server.address() as AddressInfo).port}`, requests, issuedContinueTokens };
}

/** A port on which nothing listens any more: a server was bound there and closed. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function answer(request: IncomingMessage, response: ServerResponse, url: URL, options: FakeApiOptions, issuedTokens: string[]): void {
  if (request.method !== 'GET') return sendStatus(response, 405, 'MethodNotAllowed', 'only GET is served here');
  if (url.pathname === '/api/v1/nodes') {
    if (options.nodeListStatus === 401) return sendStatus(response, 401, 'Unauthorized', 'Unauthorized');
    if (options.nodeListStatus === 403) {
      return sendStatus(response, 403, 'Forbidden', 'nodes is forbidden: User "viewer" cannot list resource "nodes" in API group "" at the cluster scope');
    }
    if (options.nodeListAnswer) return sendBrokenNodeList(response, options.nodeListAnswer, issuedTokens);
    return sendNodePage(response, url.searchParams, options, issuedTokens);
  }
  if (url.pathname === DAEMONSET_PATH) {
    if (options.calicoNodeDaemonSet) return sendJson(response, 200, options.calicoNodeDaemonSet);
    return sendStatus(response, 404, 'NotFound', 'daemonsets.apps "calico-node" not found');
  }
  if (url.pathname === CALICO_CONFIG_PATH && options.calicoConfig) return sendJson(response, 200, options.calicoConfig);
  if (url.pathname === IP_POOLS_PATH && options.ipPools) {
    return sendJson(response, 200, { apiVersion: 'crd.projectcalico.org/v1', kind: 'IPPoolList', metadata: { resourceVersion: '4711' }, items: options.ipPools });
  }
  return sendStatus(response, 404, 'NotFound', `the server could not find the requested resource (${url.pathname})`);
}

function sendNodePage(response: ServerResponse, query: URLSearchParams, options: FakeApiOptions, issuedTokens: string[]): void {
  const limit = Number(query.get('limit') ?? options.nodes.length);
  const continueToken = query.get('continue');
  const offset = continueToken === null ? 0 : offsetOf(continueToken);
  if (offset === undefined) return sendStatus(response, 410, 'Expired', 'the provided continue parameter is too old');
  const items = options.nodes.slice(offset, offset + limit);
  const next = offset + items.length;
  const metadata: Record<string, unknown> = { resourceVersion: '4711' };
  if (next < options.nodes.length) {
    // Opaque to the client, like the real server's base64 JSON token.
    const token = options.repeatContinueToken ? tokenFor(limit) : tokenFor(next);
    issuedTokens.push(token);
    metadata.continue = token;
    metadata.remainingItemCount = options.nodes.length - next;
  }
  sendJson(response, 200, { kind: 'NodeList', apiVersion: 'v1', metadata, items });
}

function sendBrokenNodeList(response: ServerResponse, how: NonNullable<FakeApiOptions['nodeListAnswer']>, issuedTokens: string[]): void {
  const nodeList = JSON.stringify({ kind: 'NodeList', apiVersion: 'v1', metadata: { resourceVersion: '4711' }, items: [{ metadata: { name: 'node-a' } }] });
  switch (how) {
    case 'hang':
      return;
    case 'stall-body':
      response.writeHead(200, { 'content-type': 'application/json', 'content-length': String(nodeList.length) });
      response.write(nodeList.slice(0, 10));
      return;
    case 'cut-short':
      response.writeHead(200, { 'content-type': 'application/json', 'content-length': String(nodeList.length) });
      response.write(nodeList.slice(0, 10));
      response.socket?.destroy();
      return;
    case 'pod-list':
      return sendJson(response, 200, { kind: 'PodList', apiVersion: 'v1', metadata: {}, items: [{ metadata: { name: 'a-pod' } }] });
    case 'no-continue':
      return sendJson(response, 200, { kind: 'NodeList', apiVersion: 'v1', metadata: { remainingItemCount: 5 }, items: [{ metadata: { name: 'node-a' } }] });
    case 'endless-pages': {
      const token = tokenFor(issuedTokens.length + 1);
      issuedTokens.push(token);
      return sendJson(response, 200, { kind: 'NodeList', apiVersion: 'v1', metadata: { continue: token }, items: [] });
    }
    case 'login-page':
      response.writeHead(200, { 'content-type': 'text/html' });
      response.end('<html><body>Sign in</body></html>');
      return;
    case 'redirect':
      response.writeHead(302, { location: 'http://login.invalid/' });
      response.end();
  }
}

function tokenFor(offset: number): string {
  return Buffer.from(JSON.stringify({ v: 'meta.k8s.io/v1', rv: 4711, start: `node-${offset}` })).toString('base64url');
}

function offsetOf(token: string): number | undefined {
  try {
    const decoded = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { start?: unknown };
    const match = /^node-(\d+)$/.exec(String(decoded.start));
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}

function sendStatus(response: ServerResponse, code: number, reason: string, message: string): void {
  sendJson(response, code, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code });
}

function sendJson(response: ServerResponse, code: number, body: unknown): void {
  response.writeHead(code, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}
