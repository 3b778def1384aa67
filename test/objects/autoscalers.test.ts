import test from 'ava';
import { stringify } from 'yaml';
import type {
  V1ClusterRole,
  V1ClusterRoleBinding,
  V1ConfigMap,
  V1Deployment,
  V1Role,
  V1RoleBinding,
} from '@kubernetes/client-node';
import { buildAutoscalerObjects } from '../../src/objects/autoscalers.js';
import { contentChecksum } from '../../src/objects/common.js';
import { ipv4OverlayValues, valuesWith } from '../fixtures/values.js';
import { find, ids } from '../fixtures/objects.js';

const all = buildAutoscalerObjects(ipv4OverlayValues);

/** The objects one autoscaler brings: Deployment and ConfigMap `name`, RBAC `account`. */
function scalerIds(name: string, account: string, withRole = false): string[] {
  return [
    `ConfigMap/${name}`,
    `Deployment/${name}`,
    `ServiceAccount/${account}`,
    `ClusterRole/${account}`,
    `ClusterRoleBinding/${account}`,
    ...(withRole ? [`Role/${account}`, `RoleBinding/${account}`] : []),
  ];
}

const typhaHorizontal = scalerIds('calico-typha-horizontal-autoscaler', 'typha-cpha', true);
const typhaVertical = scalerIds('calico-typha-vertical-autoscaler', 'typha-cpva');
const nodeVertical = scalerIds('calico-node-vertical-autoscaler', 'calico-node-cpva');

const presenceCases = [
  {
    title: 'typha on, proportional scaling',
    values: ipv4OverlayValues,
    expected: [...typhaHorizontal, ...typhaVertical, ...nodeVertical],
  },
  {
    title: 'typha VPA replaces only typha’s vertical autoscaler',
    values: valuesWith({ autoscaling: { typhaVPA: true } }),
    expected: [...typhaHorizontal, ...nodeVertical],
  },
  {
    title: 'node VPA replaces only calico-node’s vertical autoscaler',
    values: valuesWith({ autoscaling: { nodeVPA: true } }),
    expected: [...typhaHorizontal, ...typhaVertical],
  },
  {
    title: 'VPA for both: only typha’s replica count stays proportional',
    values: valuesWith({ autoscaling: { nodeVPA: true, typhaVPA: true } }),
    expected: typhaHorizontal,
  },
  {
    title: 'static requests: no vertical autoscaler',
    values: valuesWith({ autoscaling: { staticRequests: true } }),
    expected: typhaHorizontal,
  },
  { title: 'typha off', values: valuesWith({ typhaEnabled: false }), expected: nodeVertical },
  {
    title: 'typha off with static requests: nothing',
    values: valuesWith({ typhaEnabled: false, autoscaling: { staticRequests: true } }),
    expected: [],
  },
  {
    title: 'typha off with node VPA: nothing',
    values: valuesWith({ typhaEnabled: false, autoscaling: { nodeVPA: true } }),
    expected: [],
  },
];

for (const { title, values, expected } of presenceCases) {
  test(`objects present: ${title}`, (t) => {
    t.deepEqual(ids(buildAutoscalerObjects(values)), [...expected].sort());
  });
}

const deploymentCases = [
  {
    name: 'calico-typha-horizontal-autoscaler',
    app: 'calico-typha-horizontal-autoscaler',
    account: 'typha-cpha',
    image: ipv4OverlayValues.images['calico-cpa'],
    command: [
      '/cluster-proportional-autoscaler',
      '--namespace=kube-system',
      '--configmap=calico-typha-horizontal-autoscaler',
      '--target=deployment/calico-typha-deploy',
      '--logtostderr=true',
      '--v=2',
    ],
    runAs: { user: 65532, group: 65532 },
    priorityClassName: 'gardener-shoot-system-800',
    gardenerOwned: true,
    mountsConfig: false,
  },
  {
    name: 'calico-typha-vertical-autoscaler',
    app: 'calico-typha-vertical-autoscaler',
    account: 'typha-cpva',
    image: ipv4OverlayValues.images['calico-cpva'],
    command: [
      '/cpvpa',
      '--target=deployment/calico-typha-deploy',
      '--namespace=kube-system',
      '--logtostderr=true',
      '--poll-period-seconds=30',
      '--v=2',
      '--config-file=/etc/config/typha-autoscaler',
    ],
    runAs: { user: 65534, group: 1 },
    priorityClassName: 'gardener-shoot-system-800',
    gardenerOwned: true,
    mountsConfig: true,
  },
  {
    name: 'calico-node-vertical-autoscaler',
    app: 'calico-node-autoscaler',
    account: 'calico-node-cpva',
    image: ipv4OverlayValues.images['calico-cpva'],
    command: [
      '/cpvpa',
      '--target=daemonset/calico-node',
      '--namespace=kube-system',
      '--logtostderr=true',
      '--poll-period-seconds=30',
      '--v=2',
      '--config-file=/etc/config/node-autoscaler',
    ],
    runAs: { user: 65534, group: 1 },
    priorityClassName: 'system-cluster-critical',
    gardenerOwned: false,
    mountsConfig: true,
  },
];

for (const c of deploymentCases) {
  test(`${c.name}: one replica of ${c.command[0]} under ${c.account}`, (t) => {
    const deployment = find<V1Deployment>(all, 'Deployment', c.name);
    t.deepEqual(deployment.metadata, {
      name: c.name,
      namespace: 'kube-system',
      labels: { 'k8s-app': c.app },
      ...(c.gardenerOwned ? { annotations: { 'resources.gardener.cloud/delete-on-invalid-update': 'true' } } : {}),
    });
    t.is(deployment.spec?.replicas, 1);
    t.is(deployment.spec?.revisionHistoryLimit, 2);
    t.deepEqual(deployment.spec?.selector, { matchLabels: { 'k8s-app': c.app } });
    const template = deployment.spec?.template;
    t.deepEqual(template?.metadata?.labels, {
      'networking.gardener.cloud/to-public-networks': 'allowed',
      'networking.gardener.cloud/to-apiserver': 'allowed',
      'networking.gardener.cloud/to-dns': 'allowed',
      ...(c.gardenerOwned ? { origin: 'gardener' } : {}),
      'k8s-app': c.app,
    });
    const config = find<V1ConfigMap>(all, 'ConfigMap', c.name);
    // The checksum is written in autoscalers.ts, not computed at each render: after a change of the table, write the new one there.
    t.deepEqual(template?.metadata?.annotations, { [`checksum/configmap-${c.name}`]: contentChecksum(config) }, 'config.checksum in src/objects/autoscalers.ts is not the ConfigMap\'s');
    const pod = template?.spec;
    t.is(pod?.serviceAccountName, c.account);
    t.is(pod?.priorityClassName, c.priorityClassName);
    t.is(pod?.dnsPolicy, 'Default');
    t.deepEqual(pod?.securityContext, {
      runAsUser: c.runAs.user,
      fsGroup: c.runAs.group,
      supplementalGroups: [c.runAs.group],
      runAsNonRoot: true,
      seccompProfile: { type: 'RuntimeDefault' },
    });
    t.is(pod?.containers.length, 1);
    const container = pod?.containers[0];
    t.is(container?.name, 'autoscaler');
    t.is(container?.image, c.image);
    t.deepEqual(container?.command, c.command);
    t.deepEqual(container?.securityContext, { allowPrivilegeEscalation: false });
    t.deepEqual(container?.resources, { requests: { cpu: '10m', memory: '50Mi' } });
    if (c.mountsConfig) {
      t.deepEqual(container?.volumeMounts, [{ name: 'config', mountPath: '/etc/config' }]);
      t.deepEqual(pod?.volumes, [{ name: 'config', configMap: { name: c.name } }]);
    } else {
      t.is(container?.volumeMounts, undefined);
      t.is(pod?.volumes, undefined);
    }
  });
}

test('typha replicas follow the node-count ladder, laid out as the chart writes it', (t) => {
  const config = find<V1ConfigMap>(all, 'ConfigMap', 'calico-typha-horizontal-autoscaler');
  t.deepEqual(config.metadata, { name: 'calico-typha-horizontal-autoscaler', namespace: 'kube-system' });
  t.deepEqual(Object.keys(config.data ?? {}), ['ladder']);
  const ladder = config.data?.ladder ?? '';
  t.deepEqual(JSON.parse(ladder), {
    coresToReplicas: [],
    nodesToReplicas: [
      [1, 1],
      [2, 2],
      [100, 3],
      [250, 4],
      [500, 5],
      [1000, 6],
      [1500, 7],
      [2000, 8],
    ],
  });
  t.true(ladder.startsWith('{\n  "coresToReplicas": [],\n  "nodesToReplicas":\n  [\n    [1, 1],\n    [2, 2],\n'));
  t.true(ladder.endsWith('    [2000, 8]\n  ]\n}'));
});

const requestTableCases = [
  {
    name: 'calico-typha-vertical-autoscaler',
    key: 'typha-autoscaler',
    table: {
      'calico-typha': {
        requests: {
          cpu: { base: '180m', step: '140m', nodesPerStep: 17, max: '1000m' },
          memory: { base: '180Mi', step: '70Mi', nodesPerStep: 17, max: '2000Mi' },
        },
      },
    },
  },
  {
    name: 'calico-node-vertical-autoscaler',
    key: 'node-autoscaler',
    table: { 'calico-node': { requests: { memory: { base: '50Mi', step: '50Mi', nodesPerStep: 10, max: '1400Mi' } } } },
  },
];

for (const { name, key, table } of requestTableCases) {
  test(`${name}: the requests table as two-space indented JSON`, (t) => {
    const config = find<V1ConfigMap>(all, 'ConfigMap', name);
    t.deepEqual(Object.keys(config.data ?? {}), [key]);
    t.is(config.data?.[key], JSON.stringify(table, null, 2));
  });
}

const clusterRuleCases = [
  { account: 'typha-cpha', rules: [{ apiGroups: [''], resources: ['nodes'], verbs: ['list', 'watch', 'get'] }] },
  {
    account: 'typha-cpva',
    rules: [
      { apiGroups: [''], resources: ['nodes'], verbs: ['list'] },
      { apiGroups: ['apps', 'extensions'], resources: ['deployments'], verbs: ['patch'] },
    ],
  },
  {
    account: 'calico-node-cpva',
    rules: [
      { apiGroups: [''], resources: ['nodes'], verbs: ['list'] },
      { apiGroups: ['apps', 'extensions'], resources: ['deployments', 'daemonsets'], verbs: ['patch'] },
    ],
  },
];

for (const { account, rules } of clusterRuleCases) {
  test(`${account}: its cluster role is bound to its own account`, (t) => {
    const role = find<V1ClusterRole>(all, 'ClusterRole', account);
    t.deepEqual(role.metadata, { name: account });
    t.deepEqual(role.rules, rules);
    const binding = find<V1ClusterRoleBinding>(all, 'ClusterRoleBinding', account);
    t.deepEqual(binding.roleRef, { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: account });
    t.deepEqual(binding.subjects, [{ kind: 'ServiceAccount', name: account, namespace: 'kube-system' }]);
    t.deepEqual(find(all, 'ServiceAccount', account), {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name: account, namespace: 'kube-system' },
      automountServiceAccountToken: false,
    });
  });
}

test('the horizontal autoscaler may read its config map and scale deployments in kube-system', (t) => {
  const role = find<V1Role>(all, 'Role', 'typha-cpha');
  t.deepEqual(role, {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'Role',
    metadata: { name: 'typha-cpha', namespace: 'kube-system' },
    rules: [
      { apiGroups: [''], resources: ['configmaps'], verbs: ['get'] },
      { apiGroups: ['apps', 'extensions'], resources: ['deployments/scale'], verbs: ['get', 'update'] },
    ],
  });
  t.deepEqual(find<V1RoleBinding>(all, 'RoleBinding', 'typha-cpha'), {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'RoleBinding',
    metadata: { name: 'typha-cpha', namespace: 'kube-system' },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'typha-cpha' },
    subjects: [{ kind: 'ServiceAccount', name: 'typha-cpha', namespace: 'kube-system' }],
  });
});

test('images come from the values', (t) => {
  const objects = buildAutoscalerObjects(
    valuesWith({ images: { 'calico-cpa': 'example.org/cpa:1', 'calico-cpva': 'example.org/cpva:2' } }),
  );
  const imageOf = (name: string) =>
    find<V1Deployment>(objects, 'Deployment', name).spec?.template.spec?.containers[0]?.image;
  t.is(imageOf('calico-typha-horizontal-autoscaler'), 'example.org/cpa:1');
  t.is(imageOf('calico-typha-vertical-autoscaler'), 'example.org/cpva:2');
  t.is(imageOf('calico-node-vertical-autoscaler'), 'example.org/cpva:2');
});

test('no two fields share one array or object, so YAML output carries no anchors', (t) => {
  t.notRegex(stringify(all), /[&*]a\d/);
});
