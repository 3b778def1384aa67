import test from 'ava';
import { stringify } from 'yaml';
import type { KubernetesObject, V1Deployment, V1Service } from '@kubernetes/client-node';
import { buildTyphaObjects } from '../../src/objects/typha.js';
import type { VerticalPodAutoscaler } from '../../src/objects/vpa.js';
import { ipv4OverlayValues, valuesWith } from '../fixtures/values.js';
import { find, ids } from '../fixtures/objects.js';

const typhaContainer = (objects: KubernetesObject[]) => {
  const container = find<V1Deployment>(objects, 'Deployment', 'calico-typha-deploy').spec?.template.spec?.containers[0];
  if (!container) throw new Error('no typha container');
  return container;
};

const policy = 'NetworkPolicy/gardener.cloud--allow-from-calico-node';
const monitoringService = 'Service/calico-typha-monitoring';
const typhaCore = [
  'Deployment/calico-typha-deploy',
  'PodDisruptionBudget/calico-typha',
  'Service/calico-typha',
  'ServiceAccount/calico-typha',
];
const vpa = 'VerticalPodAutoscaler/calico-typha';

const presenceCases = [
  { title: 'typha on, monitoring on', values: ipv4OverlayValues, expected: [...typhaCore, policy, monitoringService] },
  {
    title: 'typha off: only the policy and the metrics Service remain',
    values: valuesWith({ typhaEnabled: false }),
    expected: [policy, monitoringService],
  },
  {
    title: 'monitoring off',
    values: valuesWith({ monitoring: { enabled: false } }),
    expected: [...typhaCore, policy],
  },
  {
    title: 'typha VPA',
    values: valuesWith({ autoscaling: { typhaVPA: true, nodeVPA: true } }),
    expected: [...typhaCore, policy, monitoringService, vpa],
  },
];

for (const { title, values, expected } of presenceCases) {
  test(`objects present: ${title}`, (t) => {
    t.deepEqual(ids(buildTyphaObjects(values)), [...expected].sort());
  });
}

const resourceCases = [
  { title: 'defaults', values: ipv4OverlayValues, requests: { cpu: '200m', memory: '100Mi' }, preserved: true },
  {
    title: 'static requests',
    values: valuesWith({
      autoscaling: { staticRequests: true, resourceRequests: { typha: { cpu: '300m', memory: '1Gi' } } },
    }),
    requests: { cpu: '300m', memory: '1Gi' },
    preserved: false,
  },
  {
    title: 'static requests with only memory',
    values: valuesWith({ autoscaling: { staticRequests: true, resourceRequests: { typha: { memory: '1Gi' } } } }),
    requests: { cpu: '200m', memory: '1Gi' },
    preserved: false,
  },
  {
    title: 'VPA requests are floors, not requests',
    values: valuesWith({
      autoscaling: { typhaVPA: true, resourceRequests: { typha: { cpu: '300m', memory: '1Gi' } } },
    }),
    requests: { cpu: '200m', memory: '100Mi' },
    preserved: true,
  },
];

for (const { title, values, requests, preserved } of resourceCases) {
  test(`typha requests: ${title}`, (t) => {
    const objects = buildTyphaObjects(values);
    t.deepEqual(typhaContainer(objects).resources, { requests });
    const annotations = find<V1Deployment>(objects, 'Deployment', 'calico-typha-deploy').metadata?.annotations;
    t.is(annotations?.['resources.gardener.cloud/preserve-resources'], preserved ? 'true' : undefined);
  });
}

const vpaFloorCases = [
  { title: 'no requests', typha: undefined, minAllowed: undefined },
  { title: 'empty requests', typha: {}, minAllowed: undefined },
  { title: 'cpu only', typha: { cpu: '250m' }, minAllowed: { cpu: '250m' } },
  { title: 'both', typha: { cpu: '250m', memory: '200Mi' }, minAllowed: { cpu: '250m', memory: '200Mi' } },
];

for (const { title, typha, minAllowed } of vpaFloorCases) {
  test(`typha VPA floor: ${title}`, (t) => {
    const values = valuesWith({ autoscaling: { typhaVPA: true } });
    values.autoscaling.resourceRequests = typha ? { typha } : {};
    const scaler = find<VerticalPodAutoscaler>(buildTyphaObjects(values), 'VerticalPodAutoscaler', 'calico-typha');
    t.deepEqual(scaler.spec.targetRef, { apiVersion: 'apps/v1', kind: 'Deployment', name: 'calico-typha-deploy' });
    t.deepEqual(scaler.spec.resourcePolicy.containerPolicies, [
      { containerName: '*', controlledValues: 'RequestsOnly', ...(minAllowed ? { minAllowed } : {}) },
    ]);
  });
}

const envCases = [
  {
    title: 'host-local IPAM, monitoring on',
    values: ipv4OverlayValues,
    present: ['USE_POD_CIDR', 'TYPHA_PROMETHEUSMETRICSENABLED', 'TYPHA_PROMETHEUSMETRICSPORT'],
    absent: [],
    ports: ['calico-typha', 'metrics'],
  },
  {
    title: 'calico IPAM, monitoring off',
    values: valuesWith({ ipam: { type: 'calico-ipam' }, monitoring: { enabled: false } }),
    present: [],
    absent: ['USE_POD_CIDR', 'TYPHA_PROMETHEUSMETRICSENABLED', 'TYPHA_PROMETHEUSMETRICSPORT'],
    ports: ['calico-typha'],
  },
];

for (const { title, values, present, absent, ports } of envCases) {
  test(`typha env and ports: ${title}`, (t) => {
    const container = typhaContainer(buildTyphaObjects(values));
    const names = (container.env ?? []).map((e) => e.name);
    for (const name of present) t.true(names.includes(name), name);
    for (const name of absent) t.false(names.includes(name), name);
    t.deepEqual(
      (container.ports ?? []).map((p) => p.name),
      ports,
    );
    t.is(container.env?.find((e) => e.name === 'TYPHA_SHUTDOWNTIMEOUTSECS')?.value, '300');
  });
}

test('metrics port follows the configured typha metrics port', (t) => {
  const objects = buildTyphaObjects(valuesWith({ monitoring: { typhaMetricsPort: 9999 } }));
  const container = typhaContainer(objects);
  t.deepEqual(container.ports?.[1], { containerPort: 9999, name: 'metrics', protocol: 'TCP' });
  t.deepEqual(container.env?.find((e) => e.name === 'TYPHA_PROMETHEUSMETRICSPORT'), {
    name: 'TYPHA_PROMETHEUSMETRICSPORT',
    value: '9999',
  });
  t.deepEqual(find<V1Service>(objects, 'Service', 'calico-typha-monitoring').spec, {
    ports: [{ port: 9999, targetPort: 9999 }],
    selector: { 'k8s-app': 'calico-typha' },
  });
});

test('typha deployment runs host-networked with the pinned image and its own account', (t) => {
  const objects = buildTyphaObjects(ipv4OverlayValues);
  const pod = find<V1Deployment>(objects, 'Deployment', 'calico-typha-deploy').spec?.template.spec;
  t.true(pod?.hostNetwork);
  t.is(pod?.terminationGracePeriodSeconds, 300);
  t.is(pod?.serviceAccountName, 'calico-typha');
  t.is(pod?.containers[0]?.image, ipv4OverlayValues.images['calico-typha']);
  t.deepEqual(find<V1Service>(objects, 'Service', 'calico-typha').spec?.ports, [
    { port: 5473, protocol: 'TCP', targetPort: 'calico-typha', name: 'calico-typha' },
  ]);
});

test('the policy lets calico-node reach typha on its port under the wire field name `from`', (t) => {
  const np = buildTyphaObjects(ipv4OverlayValues).find((o) => o.kind === 'NetworkPolicy');
  t.deepEqual(JSON.parse(JSON.stringify(np)).spec.ingress, [
    { from: [{ podSelector: { matchLabels: { 'k8s-app': 'calico-node' } } }], ports: [{ port: 5473, protocol: 'TCP' }] },
  ]);
});

test('the typha budget guards typha pods', (t) => {
  const pdb = find(buildTyphaObjects(ipv4OverlayValues), 'PodDisruptionBudget', 'calico-typha');
  t.deepEqual((pdb as { spec?: unknown }).spec, {
    maxUnavailable: 1,
    selector: { matchLabels: { 'k8s-app': 'calico-typha' } },
    unhealthyPodEvictionPolicy: 'AlwaysAllow',
  });
});

test('no two fields share one array or object, so YAML output carries no anchors', (t) => {
  const values = valuesWith({ autoscaling: { typhaVPA: true, resourceRequests: { typha: { cpu: '1' } } } });
  t.notRegex(stringify(buildTyphaObjects(values)), /[&*]a\d/);
});
