// The disruption budget typha and kube-controllers share: one pod may go at a time, and pods
// that never became healthy may always be evicted so they cannot block a node drain.
import type { V1PodDisruptionBudget } from '@kubernetes/client-node';
import { objectMeta } from './common.js';

/** A budget named after the `k8s-app` it guards. */
export function podDisruptionBudget(app: string): V1PodDisruptionBudget {
  return {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: objectMeta(app, { labels: { 'k8s-app': app } }),
    spec: {
      maxUnavailable: 1,
      selector: { matchLabels: { 'k8s-app': app } },
      unhealthyPodEvictionPolicy: 'AlwaysAllow',
    },
  };
}
