// The VerticalPodAutoscaler shape calico-node, typha and kube-controllers share: resize in place
// where possible, touch requests only, and optionally never go below the user's requests.
import type { KubernetesObject, V1ObjectMeta } from '@kubernetes/client-node';
import type { ResourceRequests } from '../values/types.js';
import { compact, objectMeta } from './common.js';

/** One entry of `spec.resourcePolicy.containerPolicies`; `containerName` may be `*`. */
export interface VPAContainerPolicy {
  containerName: string;
  controlledValues?: 'RequestsOnly' | 'RequestsAndLimits';
  mode?: 'Auto' | 'Off';
  minAllowed?: ResourceRequests;
}

/** autoscaling.k8s.io/v1 VerticalPodAutoscaler, only the fields Calico uses. */
export interface VerticalPodAutoscaler extends KubernetesObject {
  apiVersion: 'autoscaling.k8s.io/v1';
  kind: 'VerticalPodAutoscaler';
  metadata: V1ObjectMeta;
  spec: {
    targetRef: { apiVersion: string; kind: string; name: string };
    updatePolicy: { updateMode: 'InPlaceOrRecreate' };
    resourcePolicy: { containerPolicies: VPAContainerPolicy[] };
  };
}

export interface VPAOptions {
  /** The VPA's own name. */
  name: string;
  /** Kind of the apps/v1 workload it scales. */
  targetKind: 'DaemonSet' | 'Deployment';
  targetName: string;
  containerPolicies: VPAContainerPolicy[];
}

export function verticalPodAutoscaler(options: VPAOptions): VerticalPodAutoscaler {
  return {
    apiVersion: 'autoscaling.k8s.io/v1',
    kind: 'VerticalPodAutoscaler',
    metadata: objectMeta(options.name),
    spec: {
      targetRef: { apiVersion: 'apps/v1', kind: options.targetKind, name: options.targetName },
      updatePolicy: { updateMode: 'InPlaceOrRecreate' },
      resourcePolicy: { containerPolicies: options.containerPolicies },
    },
  };
}

/**
 * A policy letting VPA scale the container's requests (never limits). The user's requests, when
 * any are given, become the floor (`minAllowed`); an empty request set means no floor at all.
 */
export function requestsOnlyPolicy(containerName: string, floor?: ResourceRequests): VPAContainerPolicy {
  const minAllowed = floor && compact({ cpu: floor.cpu || undefined, memory: floor.memory || undefined });
  const hasFloor = minAllowed !== undefined && Object.keys(minAllowed).length > 0;
  return { containerName, controlledValues: 'RequestsOnly', ...(hasFloor ? { minAllowed } : {}) };
}

/** A policy keeping VPA away from a container (sidecars whose usage is negligible). */
export function autoscalingOffPolicy(containerName: string): VPAContainerPolicy {
  return { containerName, mode: 'Off' };
}
