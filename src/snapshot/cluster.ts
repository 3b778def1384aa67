// The only module that talks to an API server. It loads @kubernetes/client-node on demand, so the
// render path never pays for it, and turns every failure into one line that says what failed and
// what to check.
import type { Configuration, CoreV1Api, KubeConfig, V1DaemonSet, V1Node } from '@kubernetes/client-node';
import { existsSync, readFileSync } from 'node:fs';
import { STATUS_CODES } from 'node:http';
import { delimiter, dirname, isAbsolute, join, resolve } from 'node:path';
import { parse } from 'yaml';
import { boundedHttpLibrary, RequestFailure, ServerUnreachable } from './bounded-http.js';
import { SnapshotFailure } from './failure.js';
import { readTokenFile } from './token-file.js';

type KubernetesClient = typeof import('@kubernetes/client-node');

/** Where to find the cluster; both absent means the library's default (KUBECONFIG, ~/.kube/config). */
export interface ClusterTarget {
  kubeconfigPath?: string;
  context?: string;
  /** How long each request may take, from connecting to the answer's last byte. */
  requestTimeoutSeconds: number;
}

export interface LiveClusterState {
  nodes: V1Node[];
  calicoNodeDaemonSet: V1DaemonSet;
}

export const CALICO_NODE_NAMESPACE = 'kube-system';
export const CALICO_NODE_DAEMONSET = 'calico-node';
/** Large clusters are listed in pages of this size, as kubectl does. */
export const NODE_PAGE_SIZE = 500;
/** More pages than this (500,000 nodes, a hundred times Kubernetes' tested limit) is a server that never ends its list. */
export const MAX_NODE_PAGES = 1000;

interface Operation {
  description: string;
  whenForbidden: string;
  whenNotFound: string;
}

const LIST_NODES: Operation = {
  description: 'list nodes',
  whenForbidden: 'the user needs list on nodes (cluster scope)',
  whenNotFound: 'check that the kubeconfig points at a Kubernetes API server',
};

const READ_CALICO_NODE: Operation = {
  description: `read DaemonSet ${CALICO_NODE_NAMESPACE}/${CALICO_NODE_DAEMONSET}`,
  whenForbidden: `the user needs get on daemonsets.apps in ${CALICO_NODE_NAMESPACE}`,
  whenNotFound: 'it does not exist: check that Calico runs on this cluster and that the context is the right one',
};

const READ_CALICO_CONFIG: Operation = {
  description: `read ConfigMap ${CALICO_NODE_NAMESPACE}/calico-config`,
  whenForbidden: `the user needs get on configmaps in ${CALICO_NODE_NAMESPACE}`,
  whenNotFound: 'it does not exist: check that Calico runs on this cluster and that the context is the right one',
};

const LIST_IP_POOLS: Operation = {
  description: 'list ippools.crd.projectcalico.org',
  whenForbidden: 'the user needs list on ippools.crd.projectcalico.org (cluster scope)',
  whenNotFound: 'the IPPool CRD is not installed: check that Calico runs on this cluster',
};

/** Calico's objects as the cluster serves them, as plain JSON, for the change plan. */
export interface LiveCalicoState {
  calicoNode: Record<string, unknown>;
  calicoConfig: Record<string, unknown>;
  ipPools: Record<string, unknown>[];
}

/**
 * `snapshot --calico-state`: the calico-node DaemonSet, the calico-config ConfigMap and the
 * IPPools, read with GET requests only.
 */
export async function readLiveCalicoState(target: ClusterTarget, calicoNodeDaemonSet: V1DaemonSet): Promise<LiveCalicoState> {
  const client = await import('@kubernetes/client-node');
  const kubeConfig = loadKubeConfig(client, target);
  const server = kubeConfig.getCurrentCluster()?.server ?? 'unknown';
  const configMap = await attempt(client, READ_CALICO_CONFIG, server, () =>
    apiClient(client, kubeConfig, target, client.CoreV1Api).readNamespacedConfigMap({ namespace: CALICO_NODE_NAMESPACE, name: 'calico-config' }));
  const pools = await attempt(client, LIST_IP_POOLS, server, () =>
    apiClient(client, kubeConfig, target, client.CustomObjectsApi).listClusterCustomObject({ group: 'crd.projectcalico.org', version: 'v1', plural: 'ippools' })) as { items?: Record<string, unknown>[] };
  // The typed models hold Dates; their field names are the API's for these two kinds.
  const plain = (object: unknown, apiVersion: string, kind: string) => ({ apiVersion, kind, ...(JSON.parse(JSON.stringify(object)) as Record<string, unknown>) });
  return {
    calicoNode: plain(calicoNodeDaemonSet, 'apps/v1', 'DaemonSet'),
    calicoConfig: plain(configMap, 'v1', 'ConfigMap'),
    ipPools: (pools.items ?? []).map((pool) => ({ apiVersion: 'crd.projectcalico.org/v1', kind: 'IPPool', ...pool })),
  };
}

export async function readLiveClusterState(target: ClusterTarget): Promise<LiveClusterState> {
  const client = await import('@kubernetes/client-node');
  const kubeConfig = loadKubeConfig(client, target);
  const server = kubeConfig.getCurrentCluster()?.server ?? 'unknown';
  const nodes = await attempt(client, LIST_NODES, server, () => listAllNodes(apiClient(client, kubeConfig, target, client.CoreV1Api)));
  const calicoNodeDaemonSet = await attempt(client, READ_CALICO_NODE, server, () =>
    apiClient(client, kubeConfig, target, client.AppsV1Api).readNamespacedDaemonSet({ namespace: CALICO_NODE_NAMESPACE, name: CALICO_NODE_DAEMONSET }),
  );
  return { nodes, calicoNodeDaemonSet };
}

/**
 * An API client of `type` for the kubeconfig's cluster, as kubeConfig.makeApiClient builds it but
 * sending every request under the deadline (bounded-http.ts says why). (An httpApi given with a
 * single call is not used: the generated client sends with its configuration's.)
 */
function apiClient<T>(client: KubernetesClient, kubeConfig: KubeConfig, target: ClusterTarget, type: new (configuration: Configuration) => T): T {
  const server = kubeConfig.getCurrentCluster()?.server ?? '';
  return new type(client.createConfiguration({
    baseServer: new client.ServerConfiguration(server, {}),
    authMethods: { default: kubeConfig },
    httpApi: boundedHttpLibrary(client, target.requestTimeoutSeconds),
  }));
}

/** Where kubectl and the client library look when no --kubeconfig is given, in their order. */
export type DefaultKubeconfig =
  | { found: 'KUBECONFIG'; files: string }
  | { found: 'home'; file: string }
  | { found: 'in-cluster' }
  | { found: 'none'; lookedAt: string[] };

export const SERVICE_ACCOUNT_TOKEN = '/var/run/secrets/kubernetes.io/serviceaccount/token';

export function findDefaultKubeconfig(env: NodeJS.ProcessEnv, exists: (path: string) => boolean): DefaultKubeconfig {
  if (env.KUBECONFIG) return { found: 'KUBECONFIG', files: env.KUBECONFIG };
  const homeFile = env.HOME ? join(env.HOME, '.kube', 'config') : undefined;
  if (homeFile && exists(homeFile)) return { found: 'home', file: homeFile };
  if (exists(SERVICE_ACCOUNT_TOKEN)) return { found: 'in-cluster' };
  // Without this answer the library falls back to http://localhost:8080 and fails as "unreachable".
  return {
    found: 'none',
    lookedAt: ['--kubeconfig (not given)', 'KUBECONFIG (not set)', homeFile ? `${homeFile} (does not exist)` : '~/.kube/config (HOME is not set)', `${SERVICE_ACCOUNT_TOKEN} (not running in a pod)`],
  };
}

function loadKubeConfig(client: KubernetesClient, target: ClusterTarget): KubeConfig {
  const kubeConfig = new client.KubeConfig();
  const fallback = target.kubeconfigPath === undefined ? findDefaultKubeconfig(process.env, existsSync) : undefined;
  if (fallback?.found === 'none') {
    throw new SnapshotFailure(`no kubeconfig found; looked at ${fallback.lookedAt.join(', ')} — pass --kubeconfig PATH or set KUBECONFIG`);
  }
  const source = !fallback ? `kubeconfig ${target.kubeconfigPath}`
    : fallback.found === 'KUBECONFIG' ? `kubeconfig ${fallback.files} (from KUBECONFIG)`
    : fallback.found === 'home' ? `kubeconfig ${fallback.file}`
    : 'the in-cluster service account';
  // As kubectl does, a file of KUBECONFIG's list that does not exist, or holds nothing, is skipped.
  const files = !fallback ? [target.kubeconfigPath as string]
    : fallback.found === 'KUBECONFIG' ? fallback.files.split(delimiter).filter((file) => file !== '' && holdsAnything(file))
    : fallback.found === 'home' ? [fallback.file]
    : [];
  if (fallback?.found === 'KUBECONFIG' && files.length === 0) throw new SnapshotFailure(`none of the files in KUBECONFIG (${fallback.files}) exists and holds anything — set it to your kubeconfig, or pass --kubeconfig PATH`);
  try {
    if (files.length === 0) kubeConfig.loadFromDefault();
    else loadFiles(client, kubeConfig, files);
  } catch (error) {
    // The library reads an empty file, or one without its lists, as undefined and trips on it.
    const reason = error instanceof TypeError ? 'it is empty, or no kubeconfig' : oneLine(error);
    throw new SnapshotFailure(`cannot load ${source}: ${reason} — check that the file exists and is a kubeconfig`);
  }
  if (target.context !== undefined) {
    // The library accepts any name here and would fail later with a vague "No active cluster!".
    if (!kubeConfig.getContextObject(target.context)) {
      const known = kubeConfig.getContexts().map((context) => context.name).join(', ') || 'none';
      throw new SnapshotFailure(`context ${JSON.stringify(target.context)} not found in ${source} — known contexts: ${known}`);
    }
    kubeConfig.setCurrentContext(target.context);
  }
  if (!kubeConfig.getCurrentCluster()) {
    throw new SnapshotFailure(`${source} has no cluster for context ${JSON.stringify(kubeConfig.getCurrentContext() ?? '')} — pass --context or fix current-context`);
  }
  // The library sends the requests of a user it does not know without credentials.
  const userName = kubeConfig.getContextObject(kubeConfig.getCurrentContext())?.user;
  if (userName && !kubeConfig.getUser(userName)) {
    throw new SnapshotFailure(`${source}: context ${JSON.stringify(kubeConfig.getCurrentContext())} names the user ${JSON.stringify(userName)}, which it does not define — fix the context or add the user`);
  }
  readTokenFile(kubeConfig, files);
  talkPlainHttpToHttpServer(kubeConfig);
  return kubeConfig;
}

/**
 * kubectl talks plain HTTP to an `http://` server (`kubectl proxy`, a local test cluster); the
 * library refuses to unless the kubeconfig switches TLS verification off, which means nothing
 * without TLS. (A proxy-url takes the library's other way, which allows it.)
 */
function talkPlainHttpToHttpServer(kubeConfig: KubeConfig): void {
  const cluster = kubeConfig.getCurrentCluster();
  // The scheme in any case, as kubectl (and URL) read it; the library looks for `http:` only.
  if (!cluster || !/^http:/i.test(cluster.server)) return;
  const server = `http:${cluster.server.slice('http:'.length)}`;
  kubeConfig.clusters = kubeConfig.clusters.map((each) => (each === cluster ? { ...cluster, server, skipTLSVerify: true } : each));
}

/**
 * Whether a kubeconfig file of KUBECONFIG's list is to be loaded: it exists and holds more than
 * blank lines, comments or a null document. One that cannot be read otherwise (no permission, a
 * directory) is loaded, and fails there with its reason, as with kubectl.
 */
function holdsAnything(file: string): boolean {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'ENOENT';
  }
  try {
    return parse(text) != null;
  } catch {
    // Not YAML: the library says so.
    return true;
  }
}

/**
 * The kubeconfig `files` merged as kubectl merges them: the first file that names a cluster, user
 * or context, or sets current-context, wins (the library's own merge throws on a name met twice).
 */
function loadFiles(client: KubernetesClient, kubeConfig: KubeConfig, [first, ...rest]: readonly string[]): void {
  loadFile(kubeConfig, first as string);
  for (const file of rest) {
    const more = new client.KubeConfig();
    loadFile(more, file);
    for (const cluster of more.clusters) if (!kubeConfig.getCluster(cluster.name)) kubeConfig.addCluster(cluster);
    for (const user of more.users) if (!kubeConfig.getUser(user.name)) kubeConfig.addUser(user);
    for (const context of more.contexts) if (!kubeConfig.getContextObject(context.name)) kubeConfig.addContext(context);
    if (!kubeConfig.getCurrentContext()) kubeConfig.setCurrentContext(more.getCurrentContext());
  }
}

/**
 * One kubeconfig file, its exec plugins' commands given as relative paths resolved against its
 * directory, as kubectl resolves them (a bare name is looked up in PATH; the library leaves both
 * to the working directory).
 */
function loadFile(kubeConfig: KubeConfig, file: string): void {
  kubeConfig.loadFromFile(file);
  for (const user of kubeConfig.users) {
    const command: unknown = user.exec?.command;
    if (typeof command === 'string' && command.includes('/') && !isAbsolute(command)) user.exec.command = resolve(dirname(file), command);
  }
}

async function listAllNodes(core: CoreV1Api): Promise<V1Node[]> {
  const nodes: V1Node[] = [];
  const seenTokens = new Set<string>();
  let continueToken: string | undefined;
  do {
    const page = await core.listNode({ limit: NODE_PAGE_SIZE, _continue: continueToken });
    // A proxy or login page may answer 200 with something else; the guard must see the nodes.
    if (page.kind !== undefined && page.kind !== 'NodeList') {
      throw new SnapshotFailure(`cannot ${LIST_NODES.description}: the API server answered with a ${page.kind}, not a NodeList — check that the kubeconfig's server is the cluster's API server`);
    }
    for (const node of page.items) nodes.push(node);
    continueToken = page.metadata?._continue || undefined;
    const remaining = page.metadata?.remainingItemCount;
    if (continueToken === undefined && remaining) {
      throw new SnapshotFailure(`cannot ${LIST_NODES.description}: the API server said ${remaining} more nodes remain but gave no continue token to list them — the node list is incomplete; retry`);
    }
    if (seenTokens.size >= MAX_NODE_PAGES) {
      throw new SnapshotFailure(`cannot ${LIST_NODES.description}: the API server handed out continue tokens past ${MAX_NODE_PAGES} pages of ${NODE_PAGE_SIZE} — retry, or check proxies in front of it`);
    }
    // A proxy or server that hands out the same token again would make us loop forever.
    if (continueToken !== undefined && seenTokens.has(continueToken)) {
      throw new SnapshotFailure(`cannot ${LIST_NODES.description}: the API server repeated a continue token — retry, or check proxies in front of it`);
    }
    if (continueToken !== undefined) seenTokens.add(continueToken);
  } while (continueToken !== undefined);
  return nodes;
}

async function attempt<T>(client: KubernetesClient, operation: Operation, server: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof SnapshotFailure) throw error;
    throw new SnapshotFailure(`cannot ${operation.description}: ${describeError(client, operation, server, error)}`);
  }
}

function describeError(client: KubernetesClient, operation: Operation, server: string, error: unknown): string {
  if (error instanceof RequestFailure) return `${error.message} (${server}) — ${error.hint}`;
  // The answer came, but the library could not read it as what it asked for.
  if (error instanceof SyntaxError || error instanceof TypeError) {
    return `the answer from ${server} is not what a Kubernetes API server sends (${oneLine(error)}) — check that the kubeconfig's server is the cluster's API server, not a login page or a proxy`;
  }
  if (error instanceof client.ApiException) {
    const status = `${error.code} ${STATUS_CODES[error.code] ?? 'HTTP error'}`;
    const serverMessage = statusMessage(error.body);
    const answer = serverMessage === undefined ? status : `${status} (${serverMessage})`;
    return `${answer} — ${hintForStatus(operation, server, error.code)}`;
  }
  if (error instanceof ServerUnreachable && TLS_VERIFICATION.test(error.code ?? '')) {
    return `the API server at ${server} could not be verified (${oneLine(error)}) — check the kubeconfig's certificate-authority (or -data) for this cluster, and tls-server-name`;
  }
  if (error instanceof ServerUnreachable) {
    return `the API server at ${server} is unreachable (${oneLine(error)}) — check the server address, the network or VPN, and that the cluster is running`;
  }
  return `${oneLine(error)} — check the kubeconfig's server ${server} and its credentials`;
}

/** Node's codes for a server certificate it does not trust. */
const TLS_VERIFICATION = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER/;

function hintForStatus(operation: Operation, server: string, code: number): string {
  if (code === 401) return 'check the credentials of the kubeconfig user (an expired token?)';
  if (code === 403) return operation.whenForbidden;
  if (code === 404) return operation.whenNotFound;
  // Redirects are not followed (bounded-http.ts): an API server does not send them.
  if (code >= 300 && code < 400) return `${server} redirects elsewhere, as a login page or proxy would: give the kubeconfig the API server's own address`;
  if (code === 410) return 'the list expired between its pages (the cluster changed meanwhile): retry';
  if (code === 429) return 'the API server is overloaded: retry in a while';
  return `the API server at ${server} refused the request`;
}

/** The `message` of the v1 Status the API server sends with an error, if the body is one. */
function statusMessage(body: unknown): string | undefined {
  if (typeof body !== 'string') return undefined;
  try {
    const status: unknown = JSON.parse(body);
    const message = (status as { message?: unknown } | null)?.message;
    return typeof message === 'string' && message.trim() !== '' ? oneLine(message) : undefined;
  } catch {
    return undefined;
  }
}

function oneLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.replace(/\s+/g, ' ').trim();
}
