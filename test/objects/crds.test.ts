import test from 'ava';
import type { V1CustomResourceDefinition } from '@kubernetes/client-node';
import { CALICO_CRDS_JSON, CALICO_CRDS_SOURCE } from '../../src/objects/calico-crds.data.js';
import { buildCalicoCRDs, calicoCrdData, KIND_DESCRIPTIONS, type SchemaNode } from '../../src/objects/crds.js';
import { PINNED_IMAGES } from '../../src/values/images.js';

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

const crds = buildCalicoCRDs();

function rootSchema(crd: V1CustomResourceDefinition): SchemaNode {
  return crd.spec.versions[0]?.schema?.openAPIV3Schema as SchemaNode;
}

function crdOf(kind: string): V1CustomResourceDefinition {
  const crd = crds.find((candidate) => candidate.spec.names.kind === kind);
  if (!crd) throw new Error(`no ${kind} CRD`);
  return crd;
}

/** Every schema node with its path, depth first, through properties, items and map values. */
function* schemaNodes(node: SchemaNode, path = ''): Generator<[string, SchemaNode]> {
  yield [path, node];
  for (const [key, child] of Object.entries(node.properties ?? {})) yield* schemaNodes(child, `${path}.${key}`);
  if (node.items) yield* schemaNodes(node.items, `${path}[]`);
  if (typeof node.additionalProperties === 'object') yield* schemaNodes(node.additionalProperties, `${path}{}`);
}

test('one CRD for every kind upstream installs, with upstream scope', (t) => {
  const scopes = Object.fromEntries(crds.map((crd) => [crd.metadata?.name, crd.spec.scope]));
  t.deepEqual(scopes, UPSTREAM_CRDS);
});

test('the data comes from the Calico release of the pinned images', (t) => {
  t.is(PINNED_IMAGES['calico-node'], `quay.io/calico/node:${CALICO_CRDS_SOURCE.ref}`);
  t.regex(CALICO_CRDS_SOURCE.commit, /^[0-9a-f]{40}$/);
});

test('the data file is as the generator writes it (indented JSON, not edited by hand)', (t) => {
  t.is(CALICO_CRDS_JSON, JSON.stringify(JSON.parse(CALICO_CRDS_JSON), null, 1));
  const names = calicoCrdData().map((entry) => entry.name);
  t.deepEqual(names, [...names].sort(), 'sorted by name');
});

// The emitted CRDs are the generator's data plus only what we add: the Gardener label (as the
// chart has) and a description of each kind. Any other difference is drift.
test('emitted CRDs equal the generated data plus our label and kind descriptions', (t) => {
  const data = calicoCrdData();
  t.is(crds.length, data.length);
  for (const [index, crd] of crds.entries()) {
    const entry = data[index];
    const { description, ...root } = rootSchema(crd);
    t.is(description, KIND_DESCRIPTIONS[crd.spec.names.kind], crd.metadata?.name);
    const spec = { ...crd.spec, versions: crd.spec.versions.map((version) => ({ ...version, schema: { openAPIV3Schema: root } })) };
    t.deepEqual(
      { name: crd.metadata?.name, annotations: crd.metadata?.annotations, spec },
      { name: entry?.name, annotations: entry?.annotations, spec: entry?.spec },
    );
    t.deepEqual(crd.metadata?.labels, { 'gardener.cloud/role': 'system-component' });
    t.deepEqual(Object.keys(crd.metadata ?? {}).sort(), entry?.annotations ? ['annotations', 'labels', 'name'] : ['labels', 'name']);
  }
  t.deepEqual(Object.keys(KIND_DESCRIPTIONS).sort(), crds.map((crd) => crd.spec.names.kind).sort(), 'a description for every kind, and no other');
});

test('no upstream description text is carried, only our kind descriptions', (t) => {
  const described: string[] = [];
  for (const crd of crds) {
    for (const version of crd.spec.versions) {
      for (const [path, node] of schemaNodes(rootSchema(crd))) if (path !== '' && node.description !== undefined) described.push(`${crd.metadata?.name}${path}`);
      for (const column of version.additionalPrinterColumns ?? []) if (column.description !== undefined) described.push(`${crd.metadata?.name} column ${column.name}`);
    }
  }
  t.deepEqual(described, []);
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
    t.deepEqual(
      crd.spec.versions.map(({ name: version, served, storage }) => ({ version, served, storage })),
      [{ version: group === 'crd.projectcalico.org' ? 'v1' : 'v1alpha1', served: true, storage: true }],
    );
    // The API server refuses CRDs in *.k8s.io groups without an approval annotation.
    t.is(Boolean(crd.metadata?.annotations?.['api-approved.kubernetes.io']), group.endsWith('.k8s.io'));
  });

  // The rules of a structural schema the API server enforces when it accepts the CRD.
  test(`${name}: schema is structural`, (t) => {
    const problems: string[] = [];
    for (const [path, node] of schemaNodes(rootSchema(crd))) {
      const openOrIntOrString = node['x-kubernetes-preserve-unknown-fields'] || node['x-kubernetes-int-or-string'];
      if (!node.type && !openOrIntOrString) problems.push(`${path}: no type`);
      if (node.type === 'array' && !node.items) problems.push(`${path}: array without items`);
      if (node.properties && node.additionalProperties !== undefined) problems.push(`${path}: both properties and additionalProperties`);
      for (const field of node.required ?? []) if (!node.properties?.[field]) problems.push(`${path}: required ${field} is not a property`);
      for (const branch of [...(node.anyOf ?? []), ...(node.allOf ?? [])]) {
        if (branch.properties || branch.items || branch.additionalProperties !== undefined) problems.push(`${path}: a structure under anyOf/allOf`);
      }
    }
    t.deepEqual(problems, []);
    const root = rootSchema(crd);
    t.deepEqual(root.properties?.metadata, { type: 'object' }, 'metadata may not be restricted');
    t.truthy(root.properties?.spec);
  });
}

// Facts read from the upstream CRDs, spot-checked independently of the data file: each would
// break a user of the real API if it were lost.
test('upstream facts that matter to users hold', (t) => {
  const felix = rootSchema(crdOf('FelixConfiguration')).properties?.spec;
  t.true(Object.keys(felix?.properties ?? {}).length > 150, 'FelixConfiguration.spec is fully typed');
  t.is(felix?.properties?.bpfEnabled?.type, 'boolean');
  t.deepEqual(felix?.properties?.routeTableRange?.required, ['max', 'min']);
  t.true(felix?.properties?.natPortRange?.['x-kubernetes-int-or-string']);

  // IPPool: upstream has no enum on allowedUses, ipipMode or vxlanMode (Calico's own validation,
  // not the CRD, checks them); the API server must accept what upstream accepts.
  const pool = rootSchema(crdOf('IPPool')).properties?.spec;
  t.deepEqual(pool?.required, ['cidr']);
  t.deepEqual(pool?.properties?.allowedUses?.items, { type: 'string' });
  t.deepEqual(pool?.properties?.ipipMode, { type: 'string' });
  t.deepEqual(pool?.properties?.vxlanMode, { type: 'string' });
  t.deepEqual(pool?.properties?.assignmentMode?.enum, ['Automatic', 'Manual']);

  const bgp = rootSchema(crdOf('BGPConfiguration')).properties?.spec?.properties;
  t.is(bgp?.serviceLoadBalancerAggregation?.default, 'Enabled');
  t.deepEqual([bgp?.listenPort?.minimum, bgp?.listenPort?.maximum], [1, 65535]);

  const anp = crdOf('AdminNetworkPolicy');
  t.deepEqual(anp.spec.names.shortNames, ['anp']);
  t.deepEqual(anp.spec.versions[0]?.subresources, { status: {} });
  t.deepEqual(anp.spec.versions[0]?.additionalPrinterColumns?.map((column) => column.name), ['Priority', 'Age']);
  t.deepEqual(rootSchema(anp).properties?.spec?.required, ['priority', 'subject']);
  const banp = rootSchema(crdOf('BaselineAdminNetworkPolicy'));
  t.deepEqual(banp['x-kubernetes-validations']?.map((rule) => rule.rule), ["self.metadata.name == 'default'"]);
});

test('x-kubernetes-preserve-unknown-fields only where upstream has it (nowhere in v3.31.6)', (t) => {
  const open = crds.flatMap((crd) => [...schemaNodes(rootSchema(crd))].filter(([, node]) => node['x-kubernetes-preserve-unknown-fields']).map(([path]) => `${crd.metadata?.name}${path}`));
  t.deepEqual(open, []);
});

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
