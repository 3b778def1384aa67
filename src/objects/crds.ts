// The CustomResourceDefinitions Calico's components read and write, exactly as the extension's
// chart installs them for the pinned Calico version: the schemas, printer columns, subresources,
// names, scope and versions come from calico-crds.data.ts, which scripts/generate-crds.mjs derives
// from Calico's generated CRDs (docs/crds.md). We add only the Gardener label, the chart's too,
// and a one-line description of each kind for `kubectl explain`.
import type { V1CustomResourceDefinition, V1CustomResourceDefinitionSpec } from '@kubernetes/client-node';
import { CALICO_CRDS_PRINTED, calicoCrdsJson } from './calico-crds.assets.js';
import { printedStandIn } from '../printed-yaml.js';
import { builtOnFirstUse } from '../built-on-first-use.js';
import { objectMeta, SYSTEM_COMPONENT } from './common.js';

/**
 * One OpenAPI schema node as it goes on the wire: the keywords Calico's CRDs use. (client-node's
 * V1JSONSchemaProps spells the `x-kubernetes-*` keys in its own camel case, which only its
 * serializer translates.)
 */
export interface SchemaNode {
  type?: 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean';
  description?: string;
  format?: string;
  properties?: Record<string, SchemaNode>;
  additionalProperties?: SchemaNode | boolean;
  items?: SchemaNode;
  enum?: unknown[];
  required?: string[];
  default?: unknown;
  nullable?: boolean;
  pattern?: string;
  anyOf?: SchemaNode[];
  allOf?: SchemaNode[];
  'x-kubernetes-preserve-unknown-fields'?: true;
  'x-kubernetes-int-or-string'?: true;
  'x-kubernetes-validations'?: { rule: string; message?: string }[];
  [keyword: string]: unknown;
}

/** One CRD of the generated data: what upstream has, less its descriptions. */
export interface CrdData {
  name: string;
  annotations?: Record<string, string>;
  spec: V1CustomResourceDefinitionSpec;
}

/** Our own words for each kind, shown by `kubectl explain <kind>`. */
export const KIND_DESCRIPTIONS: Readonly<Record<string, string>> = {
  AdminNetworkPolicy: 'Cluster administrator policy, evaluated before namespace network policies.',
  BaselineAdminNetworkPolicy: 'Cluster default policy, evaluated after namespace network policies.',
  BGPConfiguration: 'BGP settings for the whole cluster or one node.',
  BGPFilter: 'Rules for which routes are imported from or exported to BGP peers.',
  BGPPeer: 'A BGP session between Calico nodes and another router.',
  BlockAffinity: 'Binds an IPAM address block to a node.',
  CalicoNodeStatus: 'Asks a node to report its BGP and routing state.',
  ClusterInformation: 'Identity and readiness of the Calico datastore.',
  FelixConfiguration: 'Settings of Felix, the per-node dataplane agent.',
  GlobalNetworkPolicy: 'A Calico policy that applies in every namespace and to host endpoints.',
  GlobalNetworkSet: 'Labelled address ranges that cluster-wide policies can select.',
  HostEndpoint: 'A node interface protected by Calico policy.',
  IPAMBlock: 'A block of pod addresses and what each is allocated to.',
  IPAMConfig: 'Settings of Calico IPAM.',
  IPAMHandle: 'The addresses allocated under one handle, usually one pod.',
  IPPool: 'A pod address range, its encapsulation and its NAT behaviour.',
  IPReservation: 'Addresses Calico IPAM must never allocate.',
  KubeControllersConfiguration: 'Settings of calico-kube-controllers.',
  NetworkPolicy: 'A Calico policy for the workloads of one namespace.',
  NetworkSet: 'Labelled address ranges that policies of one namespace can select.',
  StagedGlobalNetworkPolicy: 'A global policy previewed but not enforced.',
  StagedKubernetesNetworkPolicy: 'A Kubernetes NetworkPolicy previewed but not enforced.',
  StagedNetworkPolicy: 'A namespaced Calico policy previewed but not enforced.',
  Tier: 'An ordered group of policies evaluated together.',
};

/** The generated data, parsed afresh on every call: no node is shared between two CRDs or calls. */
export function calicoCrdData(): CrdData[] {
  return JSON.parse(calicoCrdsJson()) as CrdData[];
}

function withKindDescription(spec: V1CustomResourceDefinitionSpec): V1CustomResourceDefinitionSpec {
  const description = KIND_DESCRIPTIONS[spec.names.kind];
  if (!description) return spec;
  return {
    ...spec,
    versions: spec.versions.map((version) => {
      const root = version.schema?.openAPIV3Schema;
      return root ? { ...version, schema: { openAPIV3Schema: { description, ...root } } } : version;
    }),
  };
}

export function buildCalicoCRDs(): V1CustomResourceDefinition[] {
  if (CALICO_CRDS_PRINTED === undefined) return calicoCrdData().map(({ name, annotations, spec }) => crd(name, annotations, withKindDescription(spec)));
  // The bundle knows how each spec prints, and the printer copies that text: the data is parsed
  // only if something reads a spec, then once for all 24.
  const specs = builtOnFirstUse(() => new Map(calicoCrdData().map((data) => [data.name, withKindDescription(data.spec)])));
  return CALICO_CRDS_PRINTED.map(({ name, annotations, spec }) => crd(name, annotations, printedStandIn(spec, () => specs().get(name)!)));
}

function crd(name: string, annotations: Record<string, string> | undefined, spec: V1CustomResourceDefinitionSpec): V1CustomResourceDefinition {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: objectMeta(name, { namespaced: false, labels: { ...SYSTEM_COMPONENT }, annotations }),
    spec,
  };
}
