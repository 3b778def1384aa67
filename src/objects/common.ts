// Shapes shared by the component builders. A builder is a pure function of the Calico values;
// it returns plain objects typed with @kubernetes/client-node's interfaces (type-only imports,
// so they cost nothing at run time).
import { createHash } from 'node:crypto';
import type { KubernetesObject, V1ObjectMeta } from '@kubernetes/client-node';
import type { CalicoValues, ImageName } from '../values/types.js';

export const NAMESPACE = 'kube-system';

export type Builder = (values: CalicoValues) => KubernetesObject[];

/** Labels every Gardener system component carries. */
export const SYSTEM_COMPONENT = { 'gardener.cloud/role': 'system-component' } as const;

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
  return createHash('sha256').update(JSON.stringify(object)).digest('hex');
}
