// A bad value in an optional part of our inputs gets a message that names its field, the value and
// what is allowed: the generated parsers leave it to zod (src/inputs/fast-parsers-source.ts),
// whose issues field-errors.ts words.
import test from 'ava';
import { readFileSync } from 'node:fs';
import { parse, stringify } from 'yaml';
import { classify } from '../../src/inputs/classify.js';
import { processResourceList } from '../../src/krm/process.js';
import type { InputItem } from '../../src/krm/types.js';

type Example = Record<string, unknown> & { spec: Record<string, unknown> & { providerConfig: Record<string, unknown> } };
const network = parse(readFileSync(new URL('../../example/network.yaml', import.meta.url), 'utf8')) as Example;
const config = parse(readFileSync(new URL('../../example/render-calico.yaml', import.meta.url), 'utf8')) as Example;
const itemsOf = (...objects: Record<string, unknown>[]): InputItem[] => objects.map((object, index) => ({ index, object }));

const IMAGE_REFERENCE = 'expected an image reference such as "registry.example.com/calico/node:v3.31.0", without spaces or control characters';

const badInputs: [string, 'network' | 'config' | 'configmap' | 'shoot', Record<string, unknown>, [string, string][]][] = [
  ['ipam: a field of the wrong type', 'network', { ipam: { type: 'calico-ipam', cidr: 5 } }, [
    ['spec.providerConfig.ipam.cidr', 'invalid value 5 for cidr: expected string, but the unquoted value was read as the number 5; write it in quotes, e.g. cidr: "5"'],
  ]],
  ['ipam: a misspelt field', 'network', { ipam: { tpye: 'host-local' } }, [
    ['spec.providerConfig.ipam.tpye', 'unknown field "tpye" (did you mean "type"?): not part of this API (fields are decoded strictly); allowed fields: type, cidr'],
  ]],
  ['ipam: not a map', 'network', { ipam: 'host-local' }, [
    ['spec.providerConfig.ipam', 'invalid value "host-local" for ipam: expected object'],
  ]],
  ['ipv6: an unsupported pool', 'network', { ipv6: { pool: 'ipipp' } }, [
    ['spec.providerConfig.ipv6.pool', 'unsupported value "ipipp" for pool (did you mean "ipip"?), supported values are ["ipip", "vxlan"]'],
    ['spec.providerConfig.ipv6', 'invalid value "a map": ipv6 configuration must not be specified if the Network does not use IPv6 (ipFamilies: ["IPv4"])'],
  ]],
  ['ipv6: a quoted boolean', 'network', { ipv6: { sourceNATEnabled: 'yes' } }, [
    ['spec.providerConfig.ipv6.sourceNATEnabled', 'invalid value "yes" for sourceNATEnabled: expected boolean'],
  ]],
  ['autoScaling: a quantity of the wrong type', 'network', { autoScaling: { mode: 'vpa', resources: { node: { cpu: true } } } }, [
    ['spec.providerConfig.autoScaling.resources.node.cpu', 'invalid value true for cpu: Invalid input'],
  ]],
  ['autoScaling: a misspelt field under resources', 'network', { autoScaling: { mode: 'vpa', resources: { nod: {} } } }, [
    ['spec.providerConfig.autoScaling.resources.nod', 'unknown field "nod" (did you mean "node"?): not part of this API (fields are decoded strictly); allowed fields: node, typha'],
  ]],
  ['multus: a misspelt field', 'network', { multus: { enabled: true, installCNIPlugin: true } }, [
    ['spec.providerConfig.multus.installCNIPlugin', 'unknown field "installCNIPlugin" (did you mean "installCNIPlugins"?): not part of this API (fields are decoded strictly); allowed fields: enabled, installCNIPlugins'],
  ]],
  ['featureGates: a quoted boolean', 'config', { featureGates: { SeamlessOverlaySwitch: 'false' } }, [
    ['spec.featureGates.SeamlessOverlaySwitch', 'invalid value "false" for SeamlessOverlaySwitch: expected boolean'],
  ]],
  ['featureGates: an unknown gate', 'config', { featureGates: { SeamlessOverlaySwich: true } }, [
    ['spec.featureGates.SeamlessOverlaySwich', 'unknown field "SeamlessOverlaySwich" (did you mean "SeamlessOverlaySwitch"?): not part of this API (fields are decoded strictly); allowed fields: NonPrivilegedCalicoNode, SeamlessOverlaySwitch'],
  ]],
  ['images: an unknown image', 'config', { images: { 'calico-nod': 'example.com/calico/node:v1' } }, [
    ['spec.images.calico-nod', 'unknown field "calico-nod": not part of this API (fields are decoded strictly)'],
  ]],
  ['images: an empty reference', 'config', { images: { 'calico-node': '' } }, [
    ['spec.images.calico-node', `invalid value "" for calico-node: ${IMAGE_REFERENCE}`],
  ]],
  // Found by a hostile review (ninth session): these rendered into the manifests.
  ['images: a reference with a newline', 'config', { images: { 'calico-node': 'x\ny' } }, [
    ['spec.images.calico-node', `invalid value "x\\ny" for calico-node: ${IMAGE_REFERENCE}`],
  ]],
  ['images: a reference with a space and a NUL', 'config', { images: { 'calico-cni': 'a b\u0000' } }, [
    ['spec.images.calico-cni', `invalid value "a b\\u0000" for calico-cni: ${IMAGE_REFERENCE}`],
  ]],
  ['ipv4: a __proto__ key, which zod drops without a word', 'network', JSON.parse('{"ipv4": {"__proto__": {"mode": "Never"}}}'), [
    ['spec.providerConfig.ipv4.__proto__', 'unknown field "__proto__": no field of this API has that name'],
  ]],
  ['images: a __proto__ key, which zod drops without a word', 'config', JSON.parse('{"images": {"__proto__": "x"}}'), [
    ['spec.images.__proto__', 'unknown field "__proto__": no field of this API has that name'],
  ]],
  ['overlaySwitch: a bad duration', 'config', { overlaySwitch: { maxSnapshotAge: '30x' } }, [
    ['spec.overlaySwitch.maxSnapshotAge', 'invalid value "30x" for maxSnapshotAge: expected a duration such as "30m" or "1h30m"'],
  ]],
  // Found by a hostile review (ninth session): it became an infinite age, so no snapshot was ever too old.
  ['overlaySwitch: a duration beyond what Go holds', 'config', { overlaySwitch: { maxSnapshotAge: `${'9'.repeat(400)}h` } }, [
    ['spec.overlaySwitch.maxSnapshotAge', `invalid value "${'9'.repeat(400)}h" for maxSnapshotAge: expected a duration such as "30m" or "1h30m"`],
  ]],
  ['overlaySwitch: an unsupported policy', 'config', { overlaySwitch: { admissionPolicy: 'emit' } }, [
    ['spec.overlaySwitch.admissionPolicy', 'unsupported value "emit" for admissionPolicy (did you mean "Emit"?), supported values are ["Emit", "Skip"]'],
  ]],
  ['overlaySwitch: a misspelt field', 'config', { overlaySwitch: { newcluster: true } }, [
    ['spec.overlaySwitch.newcluster', 'unknown field "newcluster" (did you mean "newCluster"?): not part of this API (fields are decoded strictly); allowed fields: maxSnapshotAge, admissionPolicy, newCluster'],
  ]],
  ['acknowledge: an unknown acknowledgement', 'config', { acknowledge: ['ipam-type-chnage'] }, [
    ['spec.acknowledge[0]', 'invalid value "ipam-type-chnage" for acknowledge[0]: unknown acknowledgement (did you mean "ipam-type-change"?), known ones are ipam-type-change, ip-pool-cidr-change, ip-pool-block-size-change, ipv4-pool-removal, ipv6-pool-removal'],
  ]],
  ['acknowledge: not a list', 'config', { acknowledge: 'ipam-type-change' }, [
    ['spec.acknowledge', 'invalid value "ipam-type-change" for acknowledge: expected array'],
  ]],
  ['kubeAPIServer: a quoted boolean', 'config', { shoot: { spec: { kubernetes: { version: '1.34.2', kubeAPIServer: { featureGates: { Foo: 'true' } } } } } }, [
    ['spec.shoot.spec.kubernetes.kubeAPIServer.featureGates.Foo', 'invalid value "true" for Foo: expected boolean'],
  ]],
  ['kubeAPIServer: a misspelt field', 'config', { shoot: { spec: { kubernetes: { version: '1.34.2', kubeAPIServer: { featuregates: {} } } } } }, [
    ['spec.shoot.spec.kubernetes.kubeAPIServer.featuregates', 'unknown field "featuregates" (did you mean "featureGates"?): not part of this API (fields are decoded strictly); allowed fields: featureGates, runtimeConfig'],
  ]],
  ['verticalPodAutoscaler: a misspelt field', 'config', { shoot: { spec: { kubernetes: { version: '1.34.2', verticalPodAutoscaler: { enable: true } } } } }, [
    ['spec.shoot.spec.kubernetes.verticalPodAutoscaler.enable', 'unknown field "enable" (did you mean "enabled"?): not part of this API (fields are decoded strictly); allowed fields: enabled'],
  ]],
  ['constraints: a condition without status', 'config', { shoot: { spec: { kubernetes: { version: '1.34.2' } }, status: { constraints: [{ type: 'DualStackNodesMigrationReady' }] } } }, [
    ['spec.shoot.status.constraints[0].status', 'required field is missing: expected string'],
  ]],
  ['ConfigMap: an unknown feature gate', 'configmap', { 'featureGates.SeamlessOverlaySwich': 'true', 'shoot.spec.kubernetes.version': '1.34.2' }, [
    ['data.featureGates.SeamlessOverlaySwich', 'unknown field "SeamlessOverlaySwich" (did you mean "SeamlessOverlaySwitch"?): not part of this API (fields are decoded strictly); allowed fields: NonPrivilegedCalicoNode, SeamlessOverlaySwitch'],
  ]],
  ['ConfigMap: a misspelt field under kubeAPIServer', 'configmap', { 'shoot.spec.kubernetes.kubeAPIServer.featuregates.Foo': 'true', 'shoot.spec.kubernetes.version': '1.34.2' }, [
    ['data.shoot.spec.kubernetes.kubeAPIServer.featuregates', 'unknown field "featuregates" (did you mean "featureGates"?): not part of this API (fields are decoded strictly); allowed fields: featureGates, runtimeConfig'],
  ]],
  ['Shoot item: a quoted boolean under kubeAPIServer', 'shoot', { spec: { kubernetes: { version: '1.34.2', kubeAPIServer: { runtimeConfig: { 'admissionregistration.k8s.io/v1beta1': 'true' } } } } }, [
    ['spec.kubernetes.kubeAPIServer.runtimeConfig.admissionregistration.k8s.io/v1beta1', 'invalid value "true" for admissionregistration.k8s.io/v1beta1: expected boolean'],
  ]],
  // Found by a hostile review (twelfth session): zod took a Map for a map, so this was typha off.
  ['typha: a YAML !!omap, read as a Map', 'network', { typha: new Map([['enabled', true]]) }, [
    ['spec.providerConfig.typha', 'invalid value a YAML !!omap (ordered map) for typha: write it as a plain map'],
  ]],
  ['featureGates: a YAML !!set, read as a Set', 'config', { featureGates: new Set(['SeamlessOverlaySwitch']) }, [
    ['spec.featureGates', 'invalid value a YAML !!set for featureGates: write it as a plain map'],
  ]],
  ['Shoot item: a condition of the wrong type', 'shoot', { status: { constraints: 'DualStackNodesMigrationReady' } }, [
    ['status.constraints', 'invalid value "DualStackNodesMigrationReady" for constraints: expected array'],
  ]],
];

for (const [name, where, value, expected] of badInputs) {
  test(`a bad value in an optional part gets its message and path: ${name}`, (t) => {
    const networkItem = structuredClone(network);
    const functionConfig = structuredClone(config);
    if (where === 'network') Object.assign(networkItem.spec.providerConfig, value);
    if (where === 'config') Object.assign(functionConfig.spec, value);
    const shoot = { apiVersion: 'core.gardener.cloud/v1beta1', kind: 'Shoot', metadata: { name: 'shoot' }, ...value };
    const result = classify(
      where === 'shoot' ? itemsOf(networkItem, shoot) : itemsOf(networkItem),
      where === 'configmap' ? { apiVersion: 'v1', kind: 'ConfigMap', data: value } : functionConfig,
    );
    t.deepEqual(result.ok ? [] : result.results.map((problem) => [problem.field?.path, problem.message]), expected);
  });
}

test('a YAML !!omap in the NetworkConfig text is refused by the function, not read as an empty map', (t) => {
  const plain = stringify({ apiVersion: 'config.kubernetes.io/v1', kind: 'ResourceList', items: [network], functionConfig: config });
  const text = plain.replace(/typha:\n( +)enabled: true\n/, 'typha: !!omap\n$1- enabled: true\n');
  t.not(text, plain);
  const outcome = processResourceList(text);
  t.is(outcome.exitCode, 1, outcome.stderr);
  t.regex(outcome.stdout ?? '', /invalid value a YAML !!omap \(ordered map\) for typha: write it as a plain map/);
});

// Found by a second review (twelfth session): the same misreading in a Shoot item and a snapshot,
// and an alias inside its own anchor, which ran the heap out.
const SHOOT = { apiVersion: 'core.gardener.cloud/v1beta1', kind: 'Shoot', metadata: { name: 'shoot' }, spec: { kubernetes: { version: '1.34.2', verticalPodAutoscaler: { enabled: true } } } };
const SNAPSHOT = {
  apiVersion: 'fn.networking-calico.gardener.cloud/v1alpha1', kind: 'NodeConditionSnapshot', metadata: { name: 'nodes' }, capturedAt: '2026-11-23T10:00:00Z',
  nodes: [{ name: 'node-a', conditions: [{ type: 'NetworkUnavailable', status: 'False', reason: 'RouteCreated' }], tunnelAddresses: { IPv4IPIPTunnelAddr: '10.0.0.1' } }],
};
const textCases: [string, Record<string, unknown>[], RegExp, string, RegExp][] = [
  ['a Shoot item\'s verticalPodAutoscaler as !!omap', [network, SHOOT], /verticalPodAutoscaler:\n( +)enabled: true\n/, 'verticalPodAutoscaler: !!omap\n$1- enabled: true\n',
    /invalid value a YAML !!omap \(ordered map\) for verticalPodAutoscaler: write it as a plain map/],
  ['a snapshot node\'s tunnelAddresses as !!omap', [network, SNAPSHOT], /tunnelAddresses:\n( +)IPv4IPIPTunnelAddr: 10.0.0.1\n/, 'tunnelAddresses: !!omap\n$1- IPv4IPIPTunnelAddr: 10.0.0.1\n',
    /invalid value a YAML !!omap \(ordered map\) for tunnelAddresses: write it as a plain map/],
  ['a snapshot\'s capturedAt as !!timestamp', [network, SNAPSHOT], /capturedAt: 2026-11-23T10:00:00Z\n/, 'capturedAt: !!timestamp 2026-11-23T10:00:00Z\n',
    /invalid value a YAML !!timestamp for capturedAt/],
  ['the whole embedded NetworkConfig as !!omap', [{ ...network, spec: { ...network.spec, providerConfig: undefined } }], /( +)serviceCIDR: (.*)\n/, '$1serviceCIDR: $2\n$1providerConfig: !!omap []\n',
    /invalid value a YAML !!omap \(ordered map\) for providerConfig: write it as a plain map/],
  ['a NetworkConfig block holding itself', [network], /typha:\n( +)enabled: true\n/, 'typha: &t\n$1enabled: true\n$1self: *t\n',
    /path: spec\.providerConfig\.typha\.self\n/],
  ['a function config map holding itself', [network], /kubeProxy:\n( +)enabled: true\n/, 'kubeProxy: &k\n$1enabled: true\n$1self: *k\n',
    /invalid value: it holds itself \(a YAML alias inside its own anchor\)/],
];
for (const [title, items, from, to, expected] of textCases) {
  test(`refused with its field named, not misread or run out of memory: ${title}`, (t) => {
    const plain = stringify({ apiVersion: 'config.kubernetes.io/v1', kind: 'ResourceList', items, functionConfig: config });
    const text = plain.replace(from, to);
    t.not(text, plain);
    const outcome = processResourceList(text);
    t.is(outcome.exitCode, 1, outcome.stderr);
    t.regex(outcome.stdout ?? '', expected);
  });
}
