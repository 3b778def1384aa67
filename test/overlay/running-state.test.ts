// Table-driven: what runs now, from each kind of evidence and their order (newest first).
import test from 'ava';
import type { InputItem } from '../../src/krm/types.js';
import { readNodeSnapshot, type NodeRouteEvidence, type NodeSnapshot } from '../../src/overlay/node-snapshot.js';
import { daemonSetEvidence, readCalicoNodeOverlay, resolveRunningOverlay, type RunningEvidence, type RunningOverlay } from '../../src/overlay/running-state.js';

const tunneled = (name: string, tunnels: NodeRouteEvidence['tunnels'] = ['ipip']): NodeRouteEvidence => ({ name, tunnels });
const snapshot = (nodes: NodeRouteEvidence[], calicoNodeOverlay?: NodeSnapshot['calicoNodeOverlay']): NodeSnapshot => ({ nodes, calicoNodeOverlay });
const none: RunningEvidence = { declaredNewCluster: false };

const rows: [string, RunningEvidence, RunningOverlay['state'], RegExp?][] = [
  ['nothing: unknown', none, 'unknown'],
  ['our previous render off: released, whatever the snapshot says', { ...none, previousRender: 'none', snapshot: snapshot([tunneled('a')], 'ipip') }, 'released', /our previous render/],
  ['snapshot calicoNode.overlay ipip beats our previous render on vxlan', { ...none, previousRender: 'vxlan', snapshot: snapshot([], 'ipip') }, 'ipip', /calicoNode\.overlay/],
  ['snapshot calicoNode.overlay none: nothing to switch', { ...none, previousRender: 'ipip', snapshot: snapshot([{ name: 'a', tunnels: [] }], 'none') }, 'none'],
  ['tunnel addresses on one node of two: the overlay still runs (mixed fleet)', { ...none, snapshot: snapshot([tunneled('a'), { name: 'b', tunnels: [] }]) }, 'ipip', /1 of 2 nodes/],
  ['a VXLAN tunnel address anywhere: vxlan', { ...none, snapshot: snapshot([tunneled('a'), tunneled('b', ['vxlan'])]) }, 'vxlan'],
  ['every node recorded, none tunneled: no overlay', { ...none, snapshot: snapshot([{ name: 'a', tunnels: [] }, { name: 'b', tunnels: [] }]) }, 'none', /no Calico tunnel address on any of the 2 nodes/],
  // Found by a hostile review (tenth session): nodes without tunnel addresses (new ones, or a list
  // of some of the nodes) outranked a DaemonSet running IPIP, and the overlay went off unchecked.
  ['none tunneled, but our previous render runs IPIP: the DaemonSet wins', { ...none, previousRender: 'ipip', snapshot: snapshot([{ name: 'a', tunnels: [] }, { name: 'b', tunnels: [] }]) }, 'ipip', /our previous render/],
  ['none tunneled, but a captured DaemonSet runs IPIP: the DaemonSet wins', { ...none, captured: 'ipip', snapshot: snapshot([{ name: 'a', tunnels: [] }]) }, 'ipip', /DaemonSet in the input/],
  ['none tunneled, but a DaemonSet that does not show its overlay: unknown', { ...none, unclear: 'why', snapshot: snapshot([{ name: 'a', tunnels: [] }]) }, 'unknown'],
  ['a node not recorded: the snapshot says nothing, the DaemonSet decides', { ...none, captured: 'ipip', snapshot: snapshot([{ name: 'a', tunnels: [] }, { name: 'b' }]) }, 'ipip', /DaemonSet in the input/],
  ['an empty snapshot says nothing', { ...none, snapshot: snapshot([]) }, 'unknown'],
  ['our previous render on', { ...none, previousRender: 'ipip' }, 'ipip', /our previous render/],
  ['a captured DaemonSet off', { ...none, captured: 'none' }, 'none'],
  ['declared new, nothing else: none', { declaredNewCluster: true }, 'none', /declared new/],
  ['declared new, but a snapshot shows tunnels: the evidence wins', { declaredNewCluster: true, snapshot: snapshot([tunneled('a')]) }, 'ipip'],
  ['a DaemonSet that does not show its overlay: unknown, even when declared new', { declaredNewCluster: true, unclear: 'why' }, 'unknown'],
  ['a DaemonSet that does not show its overlay, a snapshot that does: the snapshot decides', { ...none, unclear: 'why', snapshot: snapshot([tunneled('a')]) }, 'ipip'],
];
for (const [title, evidence, state, by] of rows) {
  test(`running overlay: ${title}`, (t) => {
    const running = resolveRunningOverlay(evidence);
    t.is(running.state, state);
    if (by) t.regex('by' in running ? running.by : '', by);
  });
}

test('calicoNode.overlay none while nodes still carry tunnel addresses: none, and the nodes are named', (t) => {
  const running = resolveRunningOverlay({ ...none, snapshot: snapshot([tunneled('b'), { name: 'a', tunnels: [] }], 'none') });
  t.deepEqual(running, { state: 'none', by: "the node snapshot's calicoNode.overlay", stillTunneled: ['b'] });
});

const daemonSet = (index: number, ipip: boolean, ours: boolean): InputItem => ({
  index,
  object: {
    apiVersion: 'apps/v1', kind: 'DaemonSet',
    metadata: { name: 'calico-node', namespace: 'kube-system', ...(ours && { annotations: { 'fn.networking-calico.gardener.cloud/generated': 'true' } }) },
    spec: { template: { spec: { containers: [{ name: 'calico-node', env: [{ name: 'FELIX_IPINIPENABLED', value: String(ipip) }] }] } } },
  },
});

const withEnv = (env: unknown): InputItem['object'] => ({
  apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'calico-node', namespace: 'kube-system' },
  spec: { template: { spec: { containers: [{ name: 'calico-node', env }] } } },
});
const ipipIs = (value: unknown) => [{ name: 'FELIX_IPINIPENABLED', value }];

// Regression: anything but the literal "true" read as no overlay, so a switch went through unguarded.
const daemonSetRows: [string, unknown, ReturnType<typeof readCalicoNodeOverlay>][] = [
  ['"true"', ipipIs('true'), 'ipip'],
  ['"1", as Felix reads it', ipipIs('1'), 'ipip'],
  ['"Yes"', ipipIs('Yes'), 'ipip'],
  ['"t"', ipipIs('t'), 'ipip'],
  ['"false"', ipipIs('false'), 'none'],
  ['"0"', ipipIs('0'), 'none'],
  ['"N"', ipipIs('N'), 'none'],
  ['VXLAN "y", IPIP unset', [{ name: 'FELIX_VXLANENABLED', value: 'y' }], 'vxlan'],
  ['VXLAN "false", IPIP "false"', [{ name: 'FELIX_VXLANENABLED', value: 'false' }, ...ipipIs('false')], 'none'],
  ['the last of two entries of one name counts', [...ipipIs('false'), ...ipipIs('true')], 'ipip'],
  ['"enabled": not a boolean to Felix', ipipIs('enabled'), { unclear: 'its FELIX_IPINIPENABLED is "enabled", which Felix does not read as a boolean' }],
  ['no value', [{ name: 'FELIX_IPINIPENABLED' }], { unclear: 'its FELIX_IPINIPENABLED is null, which Felix does not read as a boolean' }],
  ['valueFrom', [{ name: 'FELIX_IPINIPENABLED', valueFrom: { configMapKeyRef: { name: 'c', key: 'k' } } }], { unclear: 'its FELIX_IPINIPENABLED comes from valueFrom, not a value in the object' }],
  ['VXLAN unclear, IPIP off', [{ name: 'FELIX_VXLANENABLED', value: 'maybe' }, ...ipipIs('false')], { unclear: 'its FELIX_VXLANENABLED is "maybe", which Felix does not read as a boolean' }],
  ['no env', undefined, { unclear: 'it does not set FELIX_IPINIPENABLED (Felix then takes it from the IP pools)' }],
  ['envFrom only', [], { unclear: 'it does not set FELIX_IPINIPENABLED (Felix then takes it from the IP pools)' }],
  ['env not a list', 'x', { unclear: "its calico-node container's env is not a list" }],
  // A second hostile review: Felix reads its variables whatever their case.
  ['a lower-case felix_ipinipenabled after FELIX_IPINIPENABLED', [...ipipIs('false'), { name: 'felix_ipinipenabled', value: 'true' }], 'ipip'],
  ['a lower-case felix_vxlanenabled', [...ipipIs('false'), { name: 'felix_vxlanenabled', value: 'true' }], 'vxlan'],
];
for (const [title, env, expected] of daemonSetRows) {
  test(`calico-node DaemonSet overlay: ${title}`, (t) => {
    t.deepEqual(readCalicoNodeOverlay(withEnv(env)), expected);
  });
}

test('envFrom: the kubernetes-services-endpoint ConfigMap, as Calico takes it, is read past; any other source may set Felix\'s variables', (t) => {
  const withEnvFrom = (envFrom: unknown) => {
    const object = withEnv(ipipIs('false')) as { spec: { template: { spec: { containers: Record<string, unknown>[] } } } };
    object.spec.template.spec.containers[0]!.envFrom = envFrom;
    return readCalicoNodeOverlay(object);
  };
  t.is(withEnvFrom([{ configMapRef: { name: 'kubernetes-services-endpoint', optional: true } }]), 'none');
  t.deepEqual(withEnvFrom([{ configMapRef: { name: 'felix-extra' } }]), { unclear: 'its calico-node container takes variables from ConfigMap "felix-extra" (envFrom), which may set Felix\'s' });
  t.deepEqual(withEnvFrom([{ secretRef: { name: 's' } }]), { unclear: 'its calico-node container takes variables from Secret "s" (envFrom), which may set Felix\'s' });
  t.deepEqual(withEnvFrom([{ prefix: 'FELIX_', configMapRef: { name: 'kubernetes-services-endpoint' } }]), { unclear: 'its calico-node container takes variables from ConfigMap "kubernetes-services-endpoint" (envFrom), which may set Felix\'s' });
});

test('DaemonSets: a kube-system/calico-node without a calico-node container is no evidence, and no new cluster', (t) => {
  const object = withEnv(ipipIs('true')) as { spec: { template: { spec: { containers: { name: string }[] } } } };
  object.spec.template.spec.containers[0]!.name = 'calico';
  t.deepEqual(daemonSetEvidence([{ index: 0, object }]), { unclear: 'the kube-system/calico-node DaemonSet in the input does not show what calico-node runs: it has no container named calico-node' });
});

test('DaemonSets: ours with the overlay off does not decide alone next to one of ours that does not show it', (t) => {
  const ours = { index: 1, object: { ...withEnv([{ name: 'FELIX_IPINIPENABLED', valueFrom: {} }]), metadata: { name: 'calico-node', namespace: 'kube-system', annotations: { 'fn.networking-calico.gardener.cloud/generated': 'true' } } } };
  t.regex((daemonSetEvidence([daemonSet(0, false, true), ours]) as RunningEvidence).unclear ?? '', /^our previous render .* comes from valueFrom/);
});

test('DaemonSets: one that does not show its overlay, ours or captured, makes them no evidence', (t) => {
  const unclear = { index: 1, object: withEnv(ipipIs('1.0')) };
  t.deepEqual(daemonSetEvidence([unclear]), { unclear: 'the kube-system/calico-node DaemonSet in the input does not show what calico-node runs: its FELIX_IPINIPENABLED is "1.0", which Felix does not read as a boolean' });
  const ours = { index: 1, object: { ...withEnv(undefined), metadata: { name: 'calico-node', namespace: 'kube-system', annotations: { 'fn.networking-calico.gardener.cloud/generated': 'true' } } } };
  t.regex((daemonSetEvidence([daemonSet(0, true, false), ours]) as RunningEvidence).unclear ?? '', /^our previous render .* does not set FELIX_IPINIPENABLED/);
});

test('DaemonSets: ours and captured ones are told apart by our generated annotation', (t) => {
  t.deepEqual(daemonSetEvidence([daemonSet(0, true, true)]), { previousRender: 'ipip', captured: undefined });
  t.deepEqual(daemonSetEvidence([daemonSet(0, true, false)]), { previousRender: undefined, captured: 'ipip' });
  t.deepEqual(daemonSetEvidence([]), { previousRender: undefined, captured: undefined });
});

test('DaemonSets: ours with the overlay off decides alone; otherwise a disagreement is an error', (t) => {
  t.deepEqual(daemonSetEvidence([daemonSet(0, true, false), daemonSet(1, false, true)]), { previousRender: 'none' });
  const error = daemonSetEvidence([daemonSet(0, false, false), daemonSet(1, true, true)]);
  t.is('severity' in error ? error.severity : undefined, 'error');
});

test('Node items: tunnel addresses from the annotations; a Node without annotations is not recorded; capturedAt from the newest heartbeat', (t) => {
  const node = (name: string, annotations: Record<string, string> | undefined, heartbeat: string): InputItem['object'] => ({
    apiVersion: 'v1', kind: 'Node', metadata: { name, ...(annotations && { annotations }) },
    status: { conditions: [{ type: 'Ready', status: 'True', lastHeartbeatTime: heartbeat }] },
  });
  const reading = readNodeSnapshot([
    { index: 0, object: node('a', { 'projectcalico.org/IPv4IPIPTunnelAddr': '100.96.0.1', 'projectcalico.org/IPv6VXLANTunnelAddr': 'fd00::1' }, '2026-11-23T11:00:00Z') },
    { index: 1, object: node('b', { 'node.alpha.kubernetes.io/ttl': '0', 'projectcalico.org/IPv4IPIPTunnelAddr': '' }, '2026-11-23T11:30:00Z') },
    { index: 2, object: node('c', undefined, 'not a time') },
  ]);
  t.deepEqual(reading.snapshot?.nodes.map((entry) => [entry.name, entry.tunnels]), [['a', ['ipip', 'vxlan']], ['b', []], ['c', undefined]]);
  t.is(reading.snapshot?.capturedAt, '2026-11-23T11:30:00Z');
});

// Found by a hostile review (ninth session): it showed as "NetworkUnavailable=[object Object]".
test('a NetworkUnavailable status that is no string is no route, and shows as written', (t) => {
  const reading = readNodeSnapshot([{
    index: 0,
    object: { apiVersion: 'v1', kind: 'Node', metadata: { name: 'a' }, status: { conditions: [{ type: 'NetworkUnavailable', status: { value: 'False' }, reason: 'RouteCreated' }] } },
  }]);
  t.deepEqual(reading.snapshot?.nodes[0]?.networkUnavailable, { status: '{"value":"False"}', reason: 'RouteCreated' });
});

test('a NodeConditionSnapshot with an unknown field is an error naming the path and the allowed fields', (t) => {
  const reading = readNodeSnapshot([{
    index: 0,
    object: {
      apiVersion: 'fn.networking-calico.gardener.cloud/v1alpha1', kind: 'NodeConditionSnapshot', metadata: { name: 's' },
      nodes: [{ name: 'a', tunnelAdresses: {} }],
    },
  }]);
  t.is(reading.errors.length, 1);
  t.is(reading.errors[0]?.field?.path, 'nodes[0].tunnelAdresses');
  t.regex(reading.errors[0]?.message ?? '', /^unknown field "tunnelAdresses" \(did you mean "tunnelAddresses"\?\).*allowed fields: name, conditions, tunnelAddresses$/);
});
