// The only module that talks to an API server. It loads @kubernetes/client-node on demand, so the
// render path never pays for it, and turns every failure into one line that says what failed and
// what to check.
import type { CoreV1Api, KubeConfig, V1DaemonSet, V1Node } from '@kubernetes/client-node';
import { existsSync } from 'node:fs';
import { STATUS_CODES } from 'node:http';
import { join } from 'node:path';
import { SnapshotFailure } from './failure.js';

type KubernetesClient = typeof import('@kubernetes/client-node');

/** Where to find the cluster; both absent means the library's default (KUBECONFIG, ~/.kube/config). */
export interface ClusterTarget {
  kubeconfigPath?: string;
  context?: string;
}

export interface LiveClusterState {
  nodes: V1Node[];
  calicoNodeDaemonSet: V1DaemonSet;
}

export const CALICO_NODE_NAMESPACE = 'kube-system';
export const CALICO_NODE_DAEMONSET = 'calico-node';
/** Large clusters are listed in pages of this size, as kubectl does. */
export const NODE_PAGE_SIZE = 500;

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
    kubeConfig.makeApiClient(client.CoreV1Api).readNamespacedConfigMap({ namespace: CALICO_NODE_NAMESPACE, name: 'calico-config' }));
  const pools = await attempt(client, LIST_IP_POOLS, server, () =>
    kubeConfig.makeApiClient(client.CustomObjectsApi).listClusterCustomObject({ group: 'crd.projectcalico.org', version: 'v1', plural: 'ippools' })) as { items?: Record<string, unknown>[] };
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
  const nodes = await attempt(client, LIST_NODES, server, () => listAllNodes(kubeConfig.makeApiClient(client.CoreV1Api)));
  const calicoNodeDaemonSet = await attempt(client, READ_CALICO_NODE, server, () =>
    kubeConfig.makeApiClient(client.AppsV1Api).readNamespacedDaemonSet({ namespace: CALICO_NODE_NAMESPACE, name: CALICO_NODE_DAEMONSET }),
  );
  return { nodes, calicoNodeDaemonSet };
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
  try {
    if (target.kubeconfigPath === undefined) kubeConfig.loadFromDefault();
    else kubeConfig.loadFromFile(target.kubeconfigPath);
  } catch (error) {
    throw new SnapshotFailure(`cannot load ${source}: ${oneLine(error)} — check that the file exists and is a kubeconfig`);
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
  return kubeConfig;
}

async function listAllNodes(core: CoreV1Api): Promise<V1Node[]> {
  const nodes: V1Node[] = [];
  const seenTokens = new Set<string>();
  let continueToken: string | undefined;
  do {
    const page = await core.listNode({ limit: NODE_PAGE_SIZE, _continue: continueToken });
    nodes.push(...page.items);
    continueToken = page.metadata?._continue || undefined;
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
  if (error instanceof client.ApiException) {
    const status = `${error.code} ${STATUS_CODES[error.code] ?? 'HTTP error'}`;
    const serverMessage = statusMessage(error.body);
    const answer = serverMessage === undefined ? status : `${status} (${serverMessage})`;
    return `${answer} — ${hintForStatus(operation, server, error.code)}`;
  }
  if (error instanceof client.FetchError) {
    return `the API server at ${server} is unreachable (${oneLine(error)}) — check the server address, the network or VPN, and that the cluster is running`;
  }
  return `${oneLine(error)} — check the kubeconfig's server ${server} and its credentials`;
}

function hintForStatus(operation: Operation, server: string, code: number): string {
  if (code === 401) return 'check the credentials of the kubeconfig user (an expired token?)';
  if (code === 403) return operation.whenForbidden;
  if (code === 404) return operation.whenNotFound;
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
