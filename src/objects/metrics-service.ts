// The Service shape Prometheus scrapes a component's metrics through: calico-node (Felix and the
// BIRD exporter) and typha each get one per metrics port.
import type { V1Service } from '@kubernetes/client-node';
import { objectMeta } from './common.js';

/** A Service exposing `port` of the pods labelled `k8s-app: <app>` for Prometheus to scrape. */
export function metricsService(name: string, port: number, app: string): V1Service {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: objectMeta(name),
    spec: {
      ports: [{ port, targetPort: port }],
      selector: { 'k8s-app': app },
    },
  };
}
