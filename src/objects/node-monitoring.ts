// How calico-node is observed and sized: Services for scraping Felix's and the BIRD exporter's
// metrics, and the VerticalPodAutoscaler when VPA manages calico-node's requests.
import type { KubernetesObject } from '@kubernetes/client-node';
import type { CalicoValues } from '../values/types.js';
import { metricsService } from './metrics-service.js';
import { autoscalingOffPolicy, requestsOnlyPolicy, verticalPodAutoscaler } from './vpa.js';

/** The metrics Services, each only when its metrics are served. */
export function buildNodeMonitoring(values: CalicoValues): KubernetesObject[] {
  const { monitoring } = values;
  if (!monitoring.enabled) return [];
  return [
    metricsService('calico-felix-monitoring', monitoring.felixMetricsPort, 'calico-node'),
    ...(values.birdExporterEnabled
      ? [metricsService('calico-bird-monitoring', monitoring.birdMetricsPort, 'calico-node')]
      : []),
  ];
}

/** The calico-node VPA when values.autoscaling.nodeVPA; it leaves the small sidecars alone. */
export function buildNodeVPA(values: CalicoValues): KubernetesObject[] {
  if (!values.autoscaling.nodeVPA) return [];
  return [
    verticalPodAutoscaler({
      name: 'calico-node',
      targetKind: 'DaemonSet',
      targetName: 'calico-node',
      containerPolicies: [
        requestsOnlyPolicy('calico-node', values.autoscaling.resourceRequests.node),
        autoscalingOffPolicy('add-snat-rule-to-upstream-dns'),
        autoscalingOffPolicy('network-unavailable-condition-ensurer'),
        autoscalingOffPolicy('bird-exporter'),
      ],
    }),
  ];
}
