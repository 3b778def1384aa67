import test from 'ava';
import { stringify } from 'yaml';
import type { KubernetesObject, V1ClusterRole, V1ClusterRoleBinding, V1Deployment } from '@kubernetes/client-node';
import { buildKubeControllersObjects } from '../../src/objects/kube-controllers.js';
import type { VerticalPodAutoscaler } from '../../src/objects/vpa.js';
import { ipv4OverlayValues, valuesWith } from '../fixtures/values.js';
import { ids } from '../fixtures/objects.js';

const APP = 'calico-kube-controllers';
function find<T extends KubernetesObject>(objects: KubernetesObject[], kind: string): T {
  const found = objects.find((o) => o.kind === kind && o.metadata?.name === APP);
  if (!found) throw new Error(`${kind}/${APP} not rendered`);
  return found as T;
}

const core = ['ClusterRole', 'ClusterRoleBinding', 'Deployment', 'PodDisruptionBudget', 'ServiceAccount'].map(
  (kind) => `${kind}/${APP}`,
);

const presenceCases = [
  { title: 'enabled', values: ipv4OverlayValues, expected: core },
  {
    title: 'enabled with VPA',
    values: valuesWith({ autoscaling: { kubeControllersVPA: true } }),
    expected: [...core, `VerticalPodAutoscaler/${APP}`],
  },
  {
    // Backend none turns kube-controllers off in the values; VPA wishes do not bring it back.
    title: 'backend none',
    values: valuesWith({ backend: 'none', kubeControllersEnabled: false, autoscaling: { kubeControllersVPA: true } }),
    expected: [],
  },
  { title: 'disabled', values: valuesWith({ kubeControllersEnabled: false }), expected: [] },
];

for (const { title, values, expected } of presenceCases) {
  test(`objects present: ${title}`, (t) => {
    t.deepEqual(ids(buildKubeControllersObjects(values)), [...expected].sort());
  });
}

test('the VPA scales the deployment by requests only, without a floor', (t) => {
  const objects = buildKubeControllersObjects(
    valuesWith({ autoscaling: { kubeControllersVPA: true, resourceRequests: { typha: { cpu: '1' }, node: { cpu: '1' } } } }),
  );
  const scaler = find<VerticalPodAutoscaler>(objects, 'VerticalPodAutoscaler');
  t.deepEqual(scaler.spec, {
    targetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: APP },
    updatePolicy: { updateMode: 'InPlaceOrRecreate' },
    resourcePolicy: { containerPolicies: [{ containerName: '*', controlledValues: 'RequestsOnly' }] },
  });
});

const requestCases = [
  { title: 'defaults', values: ipv4OverlayValues },
  {
    title: 'static requests do not apply',
    values: valuesWith({ autoscaling: { staticRequests: true, resourceRequests: { typha: { cpu: '1', memory: '1Gi' } } } }),
  },
];

for (const { title, values } of requestCases) {
  test(`kube-controllers requests: ${title}`, (t) => {
    const deployment = find<V1Deployment>(buildKubeControllersObjects(values), 'Deployment');
    t.deepEqual(deployment.spec?.template.spec?.containers[0]?.resources, { requests: { cpu: '10m', memory: '50Mi' } });
  });
}

test('a single instance, recreated, resolving DNS through the node', (t) => {
  const deployment = find<V1Deployment>(buildKubeControllersObjects(ipv4OverlayValues), 'Deployment');
  t.is(deployment.spec?.replicas, 1);
  t.deepEqual(deployment.spec?.strategy, { type: 'Recreate' });
  const pod = deployment.spec?.template.spec;
  t.is(pod?.dnsPolicy, 'Default');
  t.is(pod?.serviceAccountName, APP);
  const container = pod?.containers[0];
  t.is(container?.image, ipv4OverlayValues.images['calico-kube-controllers']);
  t.deepEqual(container?.env, [
    { name: 'ENABLED_CONTROLLERS', value: 'node,loadbalancer' },
    { name: 'DATASTORE_TYPE', value: 'kubernetes' },
  ]);
  t.deepEqual(container?.livenessProbe?.exec?.command, ['/usr/bin/check-status', '-l']);
  t.deepEqual(container?.readinessProbe?.exec?.command, ['/usr/bin/check-status', '-r']);
});

test('the role is bound to the kube-controllers account and may update service status', (t) => {
  const objects = buildKubeControllersObjects(ipv4OverlayValues);
  const binding = find<V1ClusterRoleBinding>(objects, 'ClusterRoleBinding');
  t.deepEqual(binding.roleRef, { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: APP });
  t.deepEqual(binding.subjects, [{ kind: 'ServiceAccount', name: APP, namespace: 'kube-system' }]);
  const role = find<V1ClusterRole>(objects, 'ClusterRole');
  t.is(role.metadata?.namespace, undefined);
  t.deepEqual(role.rules?.find((r) => r.resources?.includes('services/status'))?.verbs, ['get', 'list', 'update', 'watch']);
  t.is(role.rules?.length, 10);
});

test('the budget guards kube-controllers pods', (t) => {
  const pdb = find(buildKubeControllersObjects(ipv4OverlayValues), 'PodDisruptionBudget');
  t.deepEqual((pdb as { metadata?: unknown; spec?: unknown }).metadata, {
    name: APP,
    namespace: 'kube-system',
    labels: { 'k8s-app': APP },
  });
  t.deepEqual((pdb as { spec?: unknown }).spec, {
    maxUnavailable: 1,
    selector: { matchLabels: { 'k8s-app': APP } },
    unhealthyPodEvictionPolicy: 'AlwaysAllow',
  });
});

test('no two fields share one array or object, so YAML output carries no anchors', (t) => {
  const objects = buildKubeControllersObjects(valuesWith({ autoscaling: { kubeControllersVPA: true } }));
  t.notRegex(stringify(objects), /[&*]a\d/);
});
