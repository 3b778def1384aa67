// Shapes shared by the component builders. A builder is a pure function of the Calico values;
// it returns plain objects typed with @kubernetes/client-node's interfaces (type-only imports,
// so they cost nothing at run time).
import type { KubernetesObject, V1ObjectMeta, V1Toleration } from '@kubernetes/client-node';
import type { CalicoValues, ImageName } from '../values/types.js';
import { sha256Hex } from './sha256.js';

export const NAMESPACE = 'kube-system';

export type Builder = (values: CalicoValues) => KubernetesObject[];

/** Labels every Gardener system component carries. */
export const SYSTEM_COMPONENT = { 'gardener.cloud/role': 'system-component' } as const;

/**
 * Pod labels Gardener's network policies read: a shoot's system pods may send only the traffic
 * their labels allow. Every component here talks to the API server and resolves names.
 */
export const TO_APISERVER_AND_DNS = {
  'networking.gardener.cloud/to-apiserver': 'allowed',
  'networking.gardener.cloud/to-dns': 'allowed',
} as const;

/** The same, plus traffic leaving the cluster; the public-networks label comes first on the wire. */
export const TO_PUBLIC_NETWORKS_APISERVER_AND_DNS = {
  'networking.gardener.cloud/to-public-networks': 'allowed',
  ...TO_APISERVER_AND_DNS,
} as const;

interface MetaOptions {
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  /** Cluster-scoped objects (ClusterRole, CRD, IPPool, ...) pass false. */
  namespaced?: boolean;
}

export function objectMeta(name: string, options: MetaOptions = {}): V1ObjectMeta {
  const meta: V1ObjectMeta = { name };
  if (options.namespaced !== false) meta.namespace = NAMESPACE;
  if (options.labels) meta.labels = options.labels;
  if (options.annotations) meta.annotations = options.annotations;
  return meta;
}

/**
 * Annotations for a workload whose requests VPA or a proportional autoscaler may own: unless the
 * user fixed static requests, Gardener must not reset the requests on every reconcile.
 */
export function preserveResourcesAnnotations(values: CalicoValues): Record<string, string> | undefined {
  return values.autoscaling.staticRequests ? undefined : { 'resources.gardener.cloud/preserve-resources': 'true' };
}

/**
 * Tolerations for pods that must run on every node whatever its taints (pod networking cannot
 * wait for a node to be cleared). Fresh per call: a shared list would print as a YAML alias.
 */
export function tolerateEveryTaint(): V1Toleration[] {
  return [
    { effect: 'NoSchedule', operator: 'Exists' },
    { effect: 'NoExecute', operator: 'Exists' },
  ];
}

export function image(values: CalicoValues, name: ImageName): string {
  return values.images[name];
}

/** Drops entries whose value is undefined, so optional fields never print as `null`. */
export function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/**
 * The pod-template annotation value that rolls a workload when the config it mounts changes
 * (what the chart's `checksum/...` annotations do): a sha256 of the object's content.
 */
export function contentChecksum(object: object): string {
  return sha256Hex(JSON.stringify(object));
}
