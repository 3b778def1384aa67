// The CustomResourceDefinitions Calico's components read and write. Upstream ships Calico's own,
// very large generated schemas; we declare the same kinds (same group, names, scope and version)
// with our own schemas: IPPool, which this function renders, is fully typed so a bad pool is
// rejected by the API server, every other kind keeps whatever fields it is given.
// Users who want upstream's exact schemas set `crds: Skip` and apply Calico's (docs/crds.md).
import type { V1CustomResourceDefinition } from '@kubernetes/client-node';
import { objectMeta, SYSTEM_COMPONENT } from './common.js';

/**
 * One OpenAPI schema node as it goes on the wire. (client-node's V1JSONSchemaProps spells the
 * `x-kubernetes-*` keys in its own camel case, which only its serializer translates.)
 */
export interface SchemaNode {
  type?: 'object' | 'array' | 'string' | 'integer' | 'boolean';
  description?: string;
  properties?: Record<string, SchemaNode>;
  items?: SchemaNode;
  enum?: string[];
  required?: string[];
  'x-kubernetes-preserve-unknown-fields'?: true;
}

export type CrdScope = 'Cluster' | 'Namespaced';

interface ApiGroup {
  group: string;
  version: string;
  annotations?: Record<string, string>;
}

const CALICO_API: ApiGroup = { group: 'crd.projectcalico.org', version: 'v1' };

// Calico implements the Kubernetes network-policy-api admin policies, and the chart installs
// their CRDs alongside its own. Groups under k8s.io must name the API review that approved them.
const NETWORK_POLICY_API: ApiGroup = {
  group: 'policy.networking.k8s.io',
  version: 'v1alpha1',
  annotations: { 'api-approved.kubernetes.io': 'https://github.com/kubernetes-sigs/network-policy-api/pull/30' },
};

export interface CrdKind {
  kind: string;
  plural: string;
  scope: CrdScope;
  api: ApiGroup;
  description: string;
  /** A status next to the spec: a plain field, or one written through the `/status` subresource. */
  status?: 'field' | 'subresource';
  shortNames?: string[];
  /** Omitted: the spec is an open object. */
  specSchema?: () => SchemaNode;
}

// Every CRD gets its own copy of each node: a node shared between places would print as a YAML
// anchor and alias, and a caller editing one CRD would silently edit others.
function openObject(): SchemaNode {
  return { type: 'object', 'x-kubernetes-preserve-unknown-fields': true };
}

function encapsulationMode(description: string): SchemaNode {
  return { type: 'string', description, enum: ['Always', 'CrossSubnet', 'Never'] };
}

// Typed after Calico's own IPPool API: the enums are the values Calico accepts, `required` as upstream.
function ipPoolSpec(): SchemaNode {
  return {
    type: 'object',
    required: ['cidr'],
    properties: {
      allowedUses: {
        type: 'array',
        description: 'What addresses from the pool may be used for.',
        items: { type: 'string', enum: ['Workload', 'Tunnel', 'LoadBalancer'] },
      },
      assignmentMode: {
        type: 'string',
        description: 'Automatic pools serve any request, Manual ones only requests that name them.',
        enum: ['Automatic', 'Manual'],
      },
      blockSize: { type: 'integer', description: 'Prefix length of the blocks handed to nodes.' },
      cidr: { type: 'string', description: 'The address range of the pool.' },
      disableBGPExport: { type: 'boolean', description: 'Keep the range out of BGP advertisements.' },
      disabled: { type: 'boolean', description: 'Never allocate from this pool.' },
      ipip: {
        type: 'object',
        description: 'Legacy IP-in-IP setting, kept for Calico\'s compatibility with its v1 API.',
        properties: { enabled: { type: 'boolean' }, mode: { type: 'string' } },
      },
      ipipMode: encapsulationMode('When to use IP-in-IP encapsulation.'),
      namespaceSelector: { type: 'string', description: 'Selector of the namespaces that may use the pool.' },
      'nat-outgoing': { type: 'boolean', description: 'Legacy spelling of natOutgoing, kept for the same reason.' },
      natOutgoing: { type: 'boolean', description: 'Masquerade traffic leaving the pool.' },
      nodeSelector: { type: 'string', description: 'Selector of the nodes that may use the pool.' },
      vxlanMode: encapsulationMode('When to use VXLAN encapsulation.'),
    },
  };
}

function calicoKind(kind: string, plural: string, scope: CrdScope, description: string, extra: Partial<CrdKind> = {}): CrdKind {
  return { kind, plural, scope, api: CALICO_API, description, ...extra };
}

/** Every kind the upstream chart defines a CRD for, with its scope. */
export const CALICO_CRD_KINDS: readonly CrdKind[] = [
  {
    kind: 'AdminNetworkPolicy',
    plural: 'adminnetworkpolicies',
    scope: 'Cluster',
    api: NETWORK_POLICY_API,
    description: 'Cluster administrator policy, evaluated before namespace network policies.',
    status: 'subresource',
    shortNames: ['anp'],
  },
  {
    kind: 'BaselineAdminNetworkPolicy',
    plural: 'baselineadminnetworkpolicies',
    scope: 'Cluster',
    api: NETWORK_POLICY_API,
    description: 'Cluster default policy, evaluated after namespace network policies.',
    status: 'subresource',
    shortNames: ['banp'],
  },
  calicoKind('BGPConfiguration', 'bgpconfigurations', 'Cluster', 'BGP settings for the whole cluster or one node.'),
  calicoKind('BGPFilter', 'bgpfilters', 'Cluster', 'Rules for which routes are imported from or exported to BGP peers.'),
  calicoKind('BGPPeer', 'bgppeers', 'Cluster', 'A BGP session between Calico nodes and another router.'),
  calicoKind('BlockAffinity', 'blockaffinities', 'Cluster', 'Binds an IPAM address block to a node.'),
  calicoKind('CalicoNodeStatus', 'caliconodestatuses', 'Cluster', 'Asks a node to report its BGP and routing state.', { status: 'field' }),
  calicoKind('ClusterInformation', 'clusterinformations', 'Cluster', 'Identity and readiness of the Calico datastore.'),
  calicoKind('FelixConfiguration', 'felixconfigurations', 'Cluster', 'Settings of Felix, the per-node dataplane agent.'),
  calicoKind('GlobalNetworkPolicy', 'globalnetworkpolicies', 'Cluster', 'A Calico policy that applies in every namespace and to host endpoints.'),
  calicoKind('GlobalNetworkSet', 'globalnetworksets', 'Cluster', 'Labelled address ranges that cluster-wide policies can select.'),
  calicoKind('HostEndpoint', 'hostendpoints', 'Cluster', 'A node interface protected by Calico policy.'),
  calicoKind('IPAMBlock', 'ipamblocks', 'Cluster', 'A block of pod addresses and what each is allocated to.'),
  calicoKind('IPAMConfig', 'ipamconfigs', 'Cluster', 'Settings of Calico IPAM.'),
  calicoKind('IPAMHandle', 'ipamhandles', 'Cluster', 'The addresses allocated under one handle, usually one pod.'),
  calicoKind('IPPool', 'ippools', 'Cluster', 'A pod address range, its encapsulation and its NAT behaviour.', { specSchema: ipPoolSpec }),
  calicoKind('IPReservation', 'ipreservations', 'Cluster', 'Addresses Calico IPAM must never allocate.'),
  calicoKind('KubeControllersConfiguration', 'kubecontrollersconfigurations', 'Cluster', 'Settings of calico-kube-controllers.', { status: 'field' }),
  calicoKind('NetworkPolicy', 'networkpolicies', 'Namespaced', 'A Calico policy for the workloads of one namespace.'),
  calicoKind('NetworkSet', 'networksets', 'Namespaced', 'Labelled address ranges that policies of one namespace can select.'),
  calicoKind('StagedGlobalNetworkPolicy', 'stagedglobalnetworkpolicies', 'Cluster', 'A global policy previewed but not enforced.'),
  calicoKind('StagedKubernetesNetworkPolicy', 'stagedkubernetesnetworkpolicies', 'Namespaced', 'A Kubernetes NetworkPolicy previewed but not enforced.'),
  calicoKind('StagedNetworkPolicy', 'stagednetworkpolicies', 'Namespaced', 'A namespaced Calico policy previewed but not enforced.'),
  calicoKind('Tier', 'tiers', 'Cluster', 'An ordered group of policies evaluated together.'),
];

function objectSchema(entry: CrdKind): SchemaNode {
  return {
    type: 'object',
    description: entry.description,
    properties: {
      apiVersion: { type: 'string' },
      kind: { type: 'string' },
      metadata: { type: 'object' },
      spec: entry.specSchema?.() ?? openObject(),
      ...(entry.status ? { status: openObject() } : {}),
    },
  };
}

function customResourceDefinition(entry: CrdKind): V1CustomResourceDefinition {
  const { api } = entry;
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: objectMeta(`${entry.plural}.${api.group}`, {
      namespaced: false,
      labels: { ...SYSTEM_COMPONENT },
      annotations: api.annotations && { ...api.annotations },
    }),
    spec: {
      group: api.group,
      names: {
        kind: entry.kind,
        listKind: `${entry.kind}List`,
        plural: entry.plural,
        singular: entry.kind.toLowerCase(),
        ...(entry.shortNames ? { shortNames: [...entry.shortNames] } : {}),
      },
      scope: entry.scope,
      versions: [
        {
          name: api.version,
          served: true,
          storage: true,
          schema: { openAPIV3Schema: objectSchema(entry) },
          ...(entry.status === 'subresource' ? { subresources: { status: {} } } : {}),
        },
      ],
    },
  };
}

export function buildCalicoCRDs(): V1CustomResourceDefinition[] {
  return CALICO_CRD_KINDS.map(customResourceDefinition);
}
