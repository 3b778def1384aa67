import test from 'ava';
import type { V1ClusterRole, V1ClusterRoleBinding, V1ServiceAccount } from '@kubernetes/client-node';
import { buildNodeRbac, buildTierGetterRbac } from '../../src/objects/node-rbac.js';
import { clusterRole, clusterRoleBinding, serviceAccount, serviceAccountSubject, userSubject } from '../../src/objects/rbac.js';
import { ipv4OverlayValues, valuesWith } from '../fixtures/values.js';
import { find } from '../fixtures/objects.js';

test('rbac helpers', (t) => {
  t.deepEqual(serviceAccount('x'), {
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: { name: 'x', namespace: 'kube-system' },
    automountServiceAccountToken: false,
  });
  t.deepEqual(clusterRole('r', [{ apiGroups: [''], resources: ['nodes'], verbs: ['get'] }]), {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    metadata: { name: 'r' },
    rules: [{ apiGroups: [''], resources: ['nodes'], verbs: ['get'] }],
  });
  t.deepEqual(clusterRole('r', [], { a: 'b' }).metadata, { name: 'r', labels: { a: 'b' } });
  t.deepEqual(clusterRoleBinding('b', 'r', [serviceAccountSubject('x'), userSubject('u')]), {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRoleBinding',
    metadata: { name: 'b' },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'r' },
    subjects: [
      { kind: 'ServiceAccount', name: 'x', namespace: 'kube-system' },
      { apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'u' },
    ],
  });
});

test('objects: calico-node trio, then the CNI plugin trio', (t) => {
  t.deepEqual(
    buildNodeRbac(ipv4OverlayValues).map((o) => `${o.kind}/${o.metadata?.name}`),
    [
      'ServiceAccount/calico-node',
      'ClusterRole/calico-node',
      'ClusterRoleBinding/calico-node',
      'ServiceAccount/calico-cni-plugin',
      'ClusterRole/calico-cni-plugin',
      'ClusterRoleBinding/calico-cni-plugin',
    ],
  );
  t.false(find<V1ServiceAccount>(buildNodeRbac(ipv4OverlayValues), 'ServiceAccount', 'calico-cni-plugin').automountServiceAccountToken);
});

const bindingCases = [
  { title: 'typha on', values: ipv4OverlayValues, subjects: ['calico-node', 'calico-typha'] },
  { title: 'typha off', values: valuesWith({ typhaEnabled: false }), subjects: ['calico-node'] },
];

for (const { title, values, subjects } of bindingCases) {
  test(`calico-node binding subjects: ${title}`, (t) => {
    const binding = find<V1ClusterRoleBinding>(buildNodeRbac(values), 'ClusterRoleBinding', 'calico-node');
    t.deepEqual(binding.subjects, subjects.map((name) => ({ kind: 'ServiceAccount', name, namespace: 'kube-system' })));
    t.deepEqual(binding.roleRef, { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'calico-node' });
  });
}

test('calico-node role: key grants', (t) => {
  const rules = find<V1ClusterRole>(buildNodeRbac(ipv4OverlayValues), 'ClusterRole', 'calico-node').rules ?? [];
  t.is(rules.length, 20);
  t.deepEqual(rules[0], {
    apiGroups: [''],
    resources: ['serviceaccounts/token'],
    resourceNames: ['calico-cni-plugin'],
    verbs: ['create'],
  });
  t.deepEqual(rules.find((r) => r.resources?.includes('nodes/status')), {
    apiGroups: [''],
    resources: ['nodes/status'],
    verbs: ['patch', 'update'],
  });
  const crdReads = rules.find((r) => r.apiGroups?.includes('crd.projectcalico.org') && r.verbs.join() === 'get,list,watch');
  t.is(crdReads?.resources?.length, 21);
  t.true(crdReads?.resources?.includes('tiers'));
  t.deepEqual(rules.at(-1), { apiGroups: ['apps'], resources: ['daemonsets'], verbs: ['get'] });
});

test('CNI plugin role', (t) => {
  const role = find<V1ClusterRole>(buildNodeRbac(ipv4OverlayValues), 'ClusterRole', 'calico-cni-plugin');
  t.deepEqual(role.rules, [
    { apiGroups: [''], resources: ['pods', 'nodes', 'namespaces'], verbs: ['get'] },
    { apiGroups: [''], resources: ['pods/status'], verbs: ['patch'] },
    {
      apiGroups: ['crd.projectcalico.org'],
      resources: ['blockaffinities', 'ipamblocks', 'ipamhandles', 'clusterinformations', 'ippools', 'ipreservations', 'ipamconfigs'],
      verbs: ['get', 'list', 'create', 'update', 'delete'],
    },
  ]);
});

test('tier getter grants kube-controller-manager read access to tiers', (t) => {
  const [role, binding] = buildTierGetterRbac() as [V1ClusterRole, V1ClusterRoleBinding];
  t.deepEqual(role.metadata, { name: 'calico-tier-getter' });
  t.deepEqual(role.rules, [{ apiGroups: ['projectcalico.org'], resources: ['tiers'], verbs: ['get'] }]);
  t.deepEqual(binding.roleRef, { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'calico-tier-getter' });
  t.deepEqual(binding.subjects, [
    { apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'system:kube-controller-manager' },
  ]);
});
