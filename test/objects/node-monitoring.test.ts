import test from 'ava';
import type { V1Service } from '@kubernetes/client-node';
import { metricsService } from '../../src/objects/metrics-service.js';
import { buildNodeMonitoring, buildNodeVPA } from '../../src/objects/node-monitoring.js';
import type { VerticalPodAutoscaler } from '../../src/objects/vpa.js';
import { ipv4OverlayValues, valuesWith } from '../fixtures/values.js';

const serviceCases = [
  { title: 'monitoring on', values: ipv4OverlayValues, expected: ['calico-felix-monitoring'] },
  {
    title: 'monitoring and bird exporter on',
    values: valuesWith({ birdExporterEnabled: true }),
    expected: ['calico-felix-monitoring', 'calico-bird-monitoring'],
  },
  {
    title: 'bird exporter on, non-privileged: the Service stays although the exporter does not run',
    values: valuesWith({ birdExporterEnabled: true, nonPrivileged: true }),
    expected: ['calico-felix-monitoring', 'calico-bird-monitoring'],
  },
  { title: 'monitoring off', values: valuesWith({ monitoring: { enabled: false }, birdExporterEnabled: true }), expected: [] },
];

for (const { title, values, expected } of serviceCases) {
  test(`services: ${title}`, (t) => {
    t.deepEqual(buildNodeMonitoring(values).map((o) => o.metadata?.name), expected);
  });
}

test('service ports and selector', (t) => {
  const [felix, bird] = buildNodeMonitoring(
    valuesWith({ birdExporterEnabled: true, monitoring: { felixMetricsPort: 9191, birdMetricsPort: 9194 } }),
  ) as [V1Service, V1Service];
  t.deepEqual(felix, {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'calico-felix-monitoring', namespace: 'kube-system' },
    spec: { ports: [{ port: 9191, targetPort: 9191 }], selector: { 'k8s-app': 'calico-node' } },
  });
  t.deepEqual(bird.spec?.ports, [{ port: 9194, targetPort: 9194 }]);
  t.deepEqual(metricsService('m', 1, 'app').spec?.selector, { 'k8s-app': 'app' });
});

const sidecarsOff = [
  { containerName: 'add-snat-rule-to-upstream-dns', mode: 'Off' },
  { containerName: 'network-unavailable-condition-ensurer', mode: 'Off' },
  { containerName: 'bird-exporter', mode: 'Off' },
];

const vpaCases = [
  { title: 'VPA off', values: ipv4OverlayValues, policies: undefined },
  {
    title: 'VPA without requests',
    values: valuesWith({ autoscaling: { nodeVPA: true } }),
    policies: [{ containerName: 'calico-node', controlledValues: 'RequestsOnly' }, ...sidecarsOff],
  },
  {
    title: 'VPA with both requests as floor',
    values: valuesWith({ autoscaling: { nodeVPA: true, resourceRequests: { node: { cpu: '300m', memory: '200Mi' } } } }),
    policies: [
      { containerName: 'calico-node', controlledValues: 'RequestsOnly', minAllowed: { cpu: '300m', memory: '200Mi' } },
      ...sidecarsOff,
    ],
  },
  {
    title: 'VPA with a cpu floor only',
    values: valuesWith({ autoscaling: { nodeVPA: true, resourceRequests: { node: { cpu: '300m' } } } }),
    policies: [{ containerName: 'calico-node', controlledValues: 'RequestsOnly', minAllowed: { cpu: '300m' } }, ...sidecarsOff],
  },
  {
    title: 'VPA with an empty request set',
    values: valuesWith({ autoscaling: { nodeVPA: true, resourceRequests: { node: {} } } }),
    policies: [{ containerName: 'calico-node', controlledValues: 'RequestsOnly' }, ...sidecarsOff],
  },
];

for (const { title, values, policies } of vpaCases) {
  test(`node VPA: ${title}`, (t) => {
    const objects = buildNodeVPA(values);
    if (!policies) {
      t.deepEqual(objects, []);
      return;
    }
    const [vpa] = objects as [VerticalPodAutoscaler];
    t.is(objects.length, 1);
    t.like(vpa, {
      apiVersion: 'autoscaling.k8s.io/v1',
      kind: 'VerticalPodAutoscaler',
      metadata: { name: 'calico-node', namespace: 'kube-system' },
    });
    t.deepEqual(vpa.spec.targetRef, { apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'calico-node' });
    t.deepEqual(vpa.spec.updatePolicy, { updateMode: 'InPlaceOrRecreate' });
    t.deepEqual(vpa.spec.resourcePolicy.containerPolicies, policies);
  });
}
