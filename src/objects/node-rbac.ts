// API access for calico-node, for the CNI plugin it runs on each node (which gets its own
// account: calico-node mints tokens for it), and for kube-controller-manager's garbage collector,
// which must read Calico tiers.
import type { KubernetesObject, V1PolicyRule } from '@kubernetes/client-node';
import type { CalicoValues } from '../values/types.js';
import { accountWithClusterRole, clusterRole, clusterRoleBinding, userSubject } from './rbac.js';

const CNI_PLUGIN = 'calico-cni-plugin';
const CALICO_NODE = 'calico-node';
const TIER_GETTER = 'calico-tier-getter';
const CALICO_CRDS = 'crd.projectcalico.org';

/** SA, ClusterRole and binding for calico-node, then the same for the CNI plugin. */
export function buildNodeRbac(values: CalicoValues): KubernetesObject[] {
  // Typha serves calico-node's watches, so it runs with calico-node's permissions.
  const typhaAccount = values.typhaEnabled ? ['calico-typha'] : [];
  return [
    ...accountWithClusterRole(CALICO_NODE, CALICO_NODE_RULES, typhaAccount),
    ...accountWithClusterRole(CNI_PLUGIN, CNI_PLUGIN_RULES),
  ];
}

/** Lets kube-controller-manager read tiers, which it needs to garbage-collect tiered policies. */
export function buildTierGetterRbac(): KubernetesObject[] {
  return [
    clusterRole(TIER_GETTER, [{ apiGroups: ['projectcalico.org'], resources: ['tiers'], verbs: ['get'] }]),
    clusterRoleBinding(TIER_GETTER, TIER_GETTER, [userSubject('system:kube-controller-manager')]),
  ];
}

/** A fresh list per rule: a shared array would serialize as a YAML alias. */
function ipamReadWrite(): string[] {
  return ['get', 'list', 'create', 'update', 'delete'];
}

const CNI_PLUGIN_RULES: V1PolicyRule[] = [
  { apiGroups: [''], resources: ['pods', 'nodes', 'namespaces'], verbs: ['get'] },
  { apiGroups: [''], resources: ['pods/status'], verbs: ['patch'] },
  {
    apiGroups: [CALICO_CRDS],
    resources: [
      'blockaffinities',
      'ipamblocks',
      'ipamhandles',
      'clusterinformations',
      'ippools',
      'ipreservations',
      'ipamconfigs',
    ],
    verbs: ipamReadWrite(),
  },
];

// Kept rule for rule as Calico's own manifest grants them, so upgrades compare one to one.
const CALICO_NODE_RULES: V1PolicyRule[] = [
  // Minting tokens for the CNI plugin's kubeconfig.
  { apiGroups: [''], resources: ['serviceaccounts/token'], resourceNames: [CNI_PLUGIN], verbs: ['create'] },
  { apiGroups: [''], resources: ['pods', 'nodes', 'namespaces'], verbs: ['get'] },
  { apiGroups: ['discovery.k8s.io'], resources: ['endpointslices'], verbs: ['watch', 'list'] },
  // Service IP advertisement and finding typha.
  { apiGroups: [''], resources: ['endpoints', 'services'], verbs: ['watch', 'list', 'get'] },
  { apiGroups: [''], resources: ['configmaps'], verbs: ['get'] },
  // Clearing NetworkUnavailable and storing Calico's node annotations.
  { apiGroups: [''], resources: ['nodes/status'], verbs: ['patch', 'update'] },
  { apiGroups: ['networking.k8s.io'], resources: ['networkpolicies'], verbs: ['watch', 'list'] },
  {
    apiGroups: ['policy.networking.k8s.io'],
    resources: ['adminnetworkpolicies', 'baselineadminnetworkpolicies'],
    verbs: ['watch', 'list'],
  },
  { apiGroups: [''], resources: ['pods', 'namespaces', 'serviceaccounts'], verbs: ['list', 'watch'] },
  { apiGroups: [''], resources: ['pods/status'], verbs: ['patch'] },
  {
    apiGroups: [CALICO_CRDS],
    resources: [
      'globalfelixconfigs',
      'felixconfigurations',
      'bgppeers',
      'bgpfilters',
      'globalbgpconfigs',
      'bgpconfigurations',
      'ippools',
      'ipreservations',
      'ipamblocks',
      'globalnetworkpolicies',
      'stagedglobalnetworkpolicies',
      'globalnetworksets',
      'networkpolicies',
      'stagednetworkpolicies',
      'stagedkubernetesnetworkpolicies',
      'networksets',
      'clusterinformations',
      'hostendpoints',
      'blockaffinities',
      'caliconodestatuses',
      'tiers',
    ],
    verbs: ['get', 'list', 'watch'],
  },
  // Default tiers, pools and config objects are created at startup.
  { apiGroups: [CALICO_CRDS], resources: ['tiers'], verbs: ['create'] },
  {
    apiGroups: [CALICO_CRDS],
    resources: ['ippools', 'felixconfigurations', 'clusterinformations'],
    verbs: ['create', 'update'],
  },
  { apiGroups: [CALICO_CRDS], resources: ['caliconodestatuses'], verbs: ['update'] },
  { apiGroups: [''], resources: ['nodes'], verbs: ['get', 'list', 'watch'] },
  // Only upgrades from Calico v2.6 need these.
  { apiGroups: [CALICO_CRDS], resources: ['bgpconfigurations', 'bgppeers'], verbs: ['create', 'update'] },
  // IPAM allocations by the CNI plugin.
  { apiGroups: [CALICO_CRDS], resources: ['blockaffinities', 'ipamblocks', 'ipamhandles'], verbs: ipamReadWrite() },
  { apiGroups: [CALICO_CRDS], resources: ['ipamconfigs'], verbs: ['get', 'create'] },
  // confd aggregates routes from block affinities.
  { apiGroups: [CALICO_CRDS], resources: ['blockaffinities'], verbs: ['watch'] },
  // Migration from host-local IPAM inspects daemonsets.
  { apiGroups: ['apps'], resources: ['daemonsets'], verbs: ['get'] },
];
