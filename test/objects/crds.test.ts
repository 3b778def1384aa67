import test from 'ava';
import type { V1CustomResourceDefinition } from '@kubernetes/client-node';
import { buildCalicoCRDs, CALICO_CRD_KINDS, type SchemaNode } from '../../src/objects/crds.js';
import { buildIPPools } from '../../src/objects/ip-pools.js';
import { valuesWith } from '../fixtures/values.js';

// Written from the file names and `spec.group`/`spec.scope` of upstream's
// charts/internal/calico/templates/custom-resource-definition/*.yaml.
const UPSTREAM_CRDS: Record<string, 'Cluster' | 'Namespaced'> = {
  'adminnetworkpolicies.policy.networking.k8s.io': 'Cluster',
  'baselineadminnetworkpolicies.policy.networking.k8s.io': 'Cluster',
  'bgpconfigurations.crd.projectcalico.org': 'Cluster',
  'bgpfilters.crd.projectcalico.org': 'Cluster',
  'bgppeers.crd.projectcalico.org': 'Cluster',
  'blockaffinities.crd.projectcalico.org': 'Cluster',
  'caliconodestatuses.crd.projectcalico.org': 'Cluster',
  'clusterinformations.crd.projectcalico.org': 'Cluster',
  'felixconfigurations.crd.projectcalico.org': 'Cluster',
  'globalnetworkpolicies.crd.projectcalico.org': 'Cluster',
  'globalnetworksets.crd.projectcalico.org': 'Cluster',
  'hostendpoints.crd.projectcalico.org': 'Cluster',
  'ipamblocks.crd.projectcalico.org': 'Cluster',
  'ipamconfigs.crd.projectcalico.org': 'Cluster',
  'ipamhandles.crd.projectcalico.org': 'Cluster',
  'ippools.crd.projectcalico.org': 'Cluster',
  'ipreservations.crd.projectcalico.org': 'Cluster',
  'kubecontrollersconfigurations.crd.projectcalico.org': 'Cluster',
  'networkpolicies.crd.projectcalico.org': 'Namespaced',
  'networksets.crd.projectcalico.org': 'Namespaced',
  'stagedglobalnetworkpolicies.crd.projectcalico.org': 'Cluster',
  'stagedkubernetesnetworkpolicies.crd.projectcalico.org': 'Namespaced',
  'stagednetworkpolicies.crd.projectcalico.org': 'Namespaced',
  'tiers.crd.projectcalico.org': 'Cluster',
};

// Upstream's kinds whose schema has a top-level status, and whether it is a subresource.
const WITH_STATUS: Record<string, boolean> = {
  AdminNetworkPolicy: true,
  BaselineAdminNetworkPolicy: true,
  CalicoNodeStatus: false,
  KubeControllersConfiguration: false,
};

const crds = buildCalicoCRDs();

function rootSchema(crd: V1CustomResourceDefinition): SchemaNode {
  return crd.spec.versions[0]?.schema?.openAPIV3Schema as SchemaNode;
}

function ippoolCRD(): V1CustomResourceDefinition {
  const crd = crds.find((candidate) => candidate.metadata?.name === 'ippools.crd.projectcalico.org');
  if (!crd) throw new Error('no IPPool CRD');
  return crd;
}

test('one CRD for every kind upstream installs, with upstream scope', (t) => {
  const scopes = Object.fromEntries(crds.map((crd) => [crd.metadata?.name, crd.spec.scope]));
  t.deepEqual(scopes, UPSTREAM_CRDS);
  t.deepEqual(
    CALICO_CRD_KINDS.map((entry) => `${entry.plural}.${entry.api.group}`).sort(),
    Object.keys(UPSTREAM_CRDS).sort(),
  );
});

for (const crd of crds) {
  const name = crd.metadata?.name ?? '';
  test(`${name}: names and versions are consistent`, (t) => {
    const { group, names } = crd.spec;
    t.is(crd.apiVersion, 'apiextensions.k8s.io/v1');
    t.is(crd.kind, 'CustomResourceDefinition');
    t.is(name, `${names.plural}.${group}`);
    t.is(names.listKind, `${names.kind}List`);
    t.is(names.singular, names.kind.toLowerCase());
    t.is(crd.metadata?.namespace, undefined);
    t.deepEqual(crd.metadata?.labels, { 'gardener.cloud/role': 'system-component' });
    t.deepEqual(
      crd.spec.versions.map(({ name: version, served, storage }) => ({ version, served, storage })),
      [{ version: group === 'crd.projectcalico.org' ? 'v1' : 'v1alpha1', served: true, storage: true }],
    );
    // The API server refuses CRDs in *.k8s.io groups without an approval annotation.
    t.is(
      Boolean(crd.metadata?.annotations?.['api-approved.kubernetes.io']),
      group.endsWith('.k8s.io'),
    );
  });

  test(`${name}: schema is structural`, (t) => {
    const problems: string[] = [];
    const walk = (node: SchemaNode, path: string): void => {
      if (!node.type && !node['x-kubernetes-preserve-unknown-fields']) problems.push(`${path}: no type`);
      if (node['x-kubernetes-preserve-unknown-fields'] && node.type !== 'object') problems.push(`${path}: open non-object`);
      if (node.type === 'array' && !node.items) problems.push(`${path}: array without items`);
      for (const field of node.required ?? []) {
        if (!node.properties?.[field]) problems.push(`${path}: required ${field} is not a property`);
      }
      for (const [key, child] of Object.entries(node.properties ?? {})) walk(child, `${path}.${key}`);
      if (node.items) walk(node.items, `${path}[]`);
    };
    const root = rootSchema(crd);
    walk(root, '');
    t.deepEqual(problems, []);
    t.deepEqual(root.properties?.metadata, { type: 'object' }, 'metadata may not be restricted');
    t.truthy(root.properties?.spec);
  });

  test(`${name}: status as upstream`, (t) => {
    const kind = crd.spec.names.kind;
    t.is(Boolean(rootSchema(crd).properties?.status), kind in WITH_STATUS);
    t.is(Boolean(crd.spec.versions[0]?.subresources?.status), WITH_STATUS[kind] === true);
  });
}

test('no object is shared, so the output has no YAML aliases', (t) => {
  const seen = new Set<object>();
  const shared: string[] = [];
  const walk = (value: unknown, path: string): void => {
    if (value === null || typeof value !== 'object') return;
    if (seen.has(value)) shared.push(path);
    seen.add(value);
    for (const [key, child] of Object.entries(value)) walk(child, `${path}.${key}`);
  };
  walk([...buildCalicoCRDs(), ...buildCalicoCRDs()], '');
  t.deepEqual(shared, []);
});

test('only IPPool has a typed spec', (t) => {
  const typed = crds
    .filter((crd) => !rootSchema(crd).properties?.spec?.['x-kubernetes-preserve-unknown-fields'])
    .map((crd) => crd.spec.names.kind);
  t.deepEqual(typed, ['IPPool']);
  const spec = rootSchema(ippoolCRD()).properties?.spec;
  t.deepEqual(spec?.required, ['cidr']);
  t.deepEqual(spec?.properties?.ipipMode?.enum?.slice().sort(), ['Always', 'CrossSubnet', 'Never']);
  t.deepEqual(spec?.properties?.vxlanMode?.enum?.slice().sort(), ['Always', 'CrossSubnet', 'Never']);
  t.deepEqual(spec?.properties?.assignmentMode?.enum?.slice().sort(), ['Automatic', 'Manual']);
  t.deepEqual(spec?.properties?.allowedUses?.items?.enum?.slice().sort(), ['LoadBalancer', 'Tunnel', 'Workload']);
  t.is(spec?.properties?.blockSize?.type, 'integer');
});

// Just enough of the API server's checks (types, enums, required, unknown fields) to tell
// whether our IPPools fit our IPPool schema.
function violations(schema: SchemaNode, value: unknown, path = ''): string[] {
  if (schema['x-kubernetes-preserve-unknown-fields']) return [];
  const actual = Array.isArray(value) ? 'array' : Number.isInteger(value) ? 'integer' : typeof value;
  if (actual !== schema.type) return [`${path}: ${actual}, want ${schema.type}`];
  if (schema.enum && !schema.enum.includes(value as string)) return [`${path}: ${String(value)} not in enum`];
  if (Array.isArray(value)) return value.flatMap((item, i) => violations(schema.items ?? {}, item, `${path}[${i}]`));
  // An object without properties is free-form here; the API server checks metadata itself.
  if (schema.type !== 'object' || !schema.properties) return [];
  const object = value as Record<string, unknown>;
  const missing = (schema.required ?? []).filter((key) => !(key in object)).map((key) => `${path}.${key}: required`);
  const fields = Object.entries(object).flatMap(([key, child]) => {
    const childSchema = schema.properties?.[key];
    return childSchema ? violations(childSchema, child, `${path}.${key}`) : [`${path}.${key}: unknown field`];
  });
  return [...missing, ...fields];
}

const renderedPools = [
  ...buildIPPools(valuesWith({})),
  ...buildIPPools(valuesWith({ cluster: { vxlanEnabled: true } })),
  ...buildIPPools(valuesWith({ cluster: { overlayEnabled: false } })),
  ...buildIPPools(valuesWith({ ipv6: { enabled: true, natOutgoing: true }, cluster: { podCIDRv6: '2001:db8::/56' } })),
];

test('every rendered IPPool fits the IPPool schema', (t) => {
  t.is(renderedPools.length, 6);
  const schema = rootSchema(ippoolCRD());
  for (const pool of renderedPools) t.deepEqual(violations(schema, pool), [], pool.metadata?.name);
});

test('the IPPool schema rejects bad pools', (t) => {
  const schema = rootSchema(ippoolCRD());
  const pool = { apiVersion: 'crd.projectcalico.org/v1', kind: 'IPPool', metadata: { name: 'p' } };
  t.deepEqual(violations(schema, { ...pool, spec: { ipipMode: 'always' } }), [
    '.spec.cidr: required',
    '.spec.ipipMode: always not in enum',
  ]);
  t.deepEqual(violations(schema, { ...pool, spec: { cidr: '10.0.0.0/8', blockSize: '26', natOutgoin: true } }), [
    '.spec.blockSize: string, want integer',
    '.spec.natOutgoin: unknown field',
  ]);
  t.deepEqual(violations(schema, { ...pool, spec: { cidr: '10.0.0.0/8', allowedUses: ['Workload', 'Pods'] } }), [
    '.spec.allowedUses[1]: Pods not in enum',
  ]);
});
