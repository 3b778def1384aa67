// The DaemonSet shape of the node agents, calico-node and Multus: one host-networked pod on every
// Linux node, without which the node cannot network pods. Their critical-component label makes
// Gardener keep other pods off a new node until the agents are ready.
import type { V1Container, V1DaemonSet, V1Volume } from '@kubernetes/client-node';
import { objectMeta, SYSTEM_COMPONENT, tolerateEveryTaint } from './common.js';

const CRITICAL_COMPONENT = { 'node.gardener.cloud/critical-component': 'true' } as const;

export interface NodeAgentOptions {
  /** Name of the DaemonSet, of its ServiceAccount and its pods' `k8s-app` label. */
  name: string;
  /** The DaemonSet's own annotations, if any. */
  annotations?: Record<string, string>;
  /** The network-policy labels for the traffic the pods send (see common.ts). */
  networkAccess: Record<string, string>;
  /** Pod-template annotations, if any (checksums that roll the pods). */
  podAnnotations?: Record<string, string>;
  initContainers: V1Container[];
  containers: V1Container[];
  volumes: V1Volume[];
}

export function nodeAgentDaemonSet(options: NodeAgentOptions): V1DaemonSet {
  const { name } = options;
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: objectMeta(name, {
      labels: { 'k8s-app': name, ...SYSTEM_COMPONENT, ...CRITICAL_COMPONENT },
      annotations: options.annotations,
    }),
    spec: {
      revisionHistoryLimit: 2,
      selector: { matchLabels: { 'k8s-app': name } },
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 2 } },
      template: {
        metadata: {
          labels: { ...CRITICAL_COMPONENT, ...options.networkAccess, 'k8s-app': name, ...SYSTEM_COMPONENT },
          ...(options.podAnnotations ? { annotations: options.podAnnotations } : {}),
        },
        spec: {
          nodeSelector: { 'kubernetes.io/os': 'linux' },
          hostNetwork: true,
          // Every node needs its agent, whatever its taints.
          tolerations: tolerateEveryTaint(),
          serviceAccountName: name,
          securityContext: { seccompProfile: { type: 'RuntimeDefault' } },
          // Without its agent a node cannot network new pods: replace the pod without delay.
          terminationGracePeriodSeconds: 0,
          priorityClassName: 'system-node-critical',
          initContainers: options.initContainers,
          containers: options.containers,
          volumes: options.volumes,
        },
      },
    },
  };
}
