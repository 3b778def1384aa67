// Table-driven: every rule of the overlay guard, with the decision and the result it must give.
import test from 'ava';
import type { Severity } from '../../src/krm/types.js';
import { admissionPolicyApi, decideOverlaySwitch, type AdmissionPolicyApi, type OverlayGuardInput } from '../../src/overlay/decide.js';
import type { NodeRouteEvidence, NodeSnapshot } from '../../src/overlay/node-snapshot.js';

const routed = (name: string): NodeRouteEvidence => ({ name, networkUnavailable: { status: 'False', reason: 'RouteCreated' } });
const readySnapshot: NodeSnapshot = { nodes: [routed('a'), routed('b')], capturedAt: '2026-11-23T11:50:00Z' };

const base: OverlayGuardInput = {
  seamlessOverlaySwitch: true,
  admissionPolicyApi: 'v1',
  kubernetesVersion: '1.36.0',
  desiredOverlayEnabled: false,
  configOverlay: 'ipip',
  running: { state: 'ipip', by: 'the calico-node DaemonSet' },
  previousRender: 'ipip',
  snapshot: readySnapshot,
  now: new Date('2026-11-23T12:00:00Z'),
  networkRef: { kind: 'Network', name: 'calico-network' },
};

interface Row {
  title: string;
  input: Partial<OverlayGuardInput>;
  hold: 'ipip' | 'vxlan' | undefined;
  /** Severity and a pattern of the first result; undefined when there must be none. */
  result?: [Severity, RegExp];
}

const unknown = { state: 'unknown' } as const;
const rows: Row[] = [
  { title: 'all nodes ready: switch, info names the count', input: {}, hold: undefined, result: ['info', /all 2 nodes report .*RouteCreated: switching the overlay \(ipip\) off$/] },
  { title: 'overlay wanted on: never held, nothing said', input: { desiredOverlayEnabled: true, snapshot: undefined }, hold: undefined },
  { title: 'overlay wanted on after our render had it off: re-enabling as asked', input: { desiredOverlayEnabled: true, previousRender: 'none', running: { state: 'released', by: 'x' } }, hold: undefined, result: ['info', /^re-enabling the overlay as asked/] },
  { title: 'already native: nothing to switch', input: { running: { state: 'none', by: 'the snapshot' }, snapshot: undefined }, hold: undefined, result: ['info', /^nothing to switch, no overlay runs now \(the snapshot\)/] },
  { title: 'released earlier: stays off, never "holding"', input: { running: { state: 'released', by: 'our previous render' }, previousRender: 'none', snapshot: { nodes: [{ name: 'b' }] } }, hold: undefined, result: ['info', /^the overlay stays off, released earlier: our previous render already has it off/] },
  { title: 'released earlier with a stale snapshot: stays off', input: { running: { state: 'released', by: 'our previous render' }, previousRender: 'none', maxSnapshotAge: { seconds: 60, written: '60s' } }, hold: undefined, result: ['info', /released earlier/] },
  { title: 'DaemonSet off but nodes still tunneled: off, warning names them', input: { running: { state: 'none', by: "the node snapshot's calicoNode.overlay", stillTunneled: ['a'] } }, hold: undefined, result: ['warning', /, but 1 nodes still carry Calico tunnel addresses \(a\)/] },
  { title: 'unknown running state, no snapshot: fail-safe hold of the configured overlay', input: { running: unknown, previousRender: undefined, snapshot: undefined }, hold: 'ipip', result: ['warning', /holding the overlay \(ipip, as the configuration selects it\) on.*no node snapshot\. It is released by a node snapshot.*newCluster: true/] },
  { title: 'unknown running state, VXLAN configured: fail-safe hold keeps VXLAN', input: { running: unknown, configOverlay: 'vxlan', snapshot: undefined }, hold: 'vxlan', result: ['warning', /holding the overlay \(vxlan, as the configuration selects it\)/] },
  { title: 'unknown running state, a node without route: fail-safe hold', input: { running: unknown, snapshot: { nodes: [routed('a'), { name: 'b' }] } }, hold: 'ipip', result: ['warning', /1 of 2 nodes .*b \(no NetworkUnavailable condition\); for a cluster that runs no Calico yet/] },
  { title: 'unknown running state, every node routed: switch', input: { running: unknown }, hold: undefined, result: ['info', /all 2 nodes .*what runs now is unknown, but every node has its route/] },
  { title: 'gate off: switch directly, info', input: { seamlessOverlaySwitch: false, snapshot: undefined }, hold: undefined, result: ['info', /feature gate is off/] },
  { title: 'gate off, unknown state: as before, direct', input: { seamlessOverlaySwitch: false, running: unknown, snapshot: undefined }, hold: undefined, result: ['info', /running overlay state is unknown/] },
  { title: 'no MAP API: warning, switch directly', input: { admissionPolicyApi: undefined, kubernetesVersion: '1.34.2', snapshot: undefined }, hold: undefined, result: ['warning', /switching the overlay \(ipip\) off directly.*1\.34\.2/] },
  { title: 'no MAP API, unknown state: as before, direct', input: { admissionPolicyApi: undefined, running: unknown, snapshot: undefined }, hold: undefined, result: ['info', /treating this as a new cluster/] },
  { title: 'no snapshot: held', input: { snapshot: undefined }, hold: 'ipip', result: ['warning', /holding the overlay \(ipip\) on.*no node snapshot/] },
  { title: 'empty snapshot: held', input: { snapshot: { nodes: [] } }, hold: 'ipip', result: ['warning', /lists no nodes/] },
  { title: 'missing condition: held, named', input: { snapshot: { nodes: [routed('a'), { name: 'b' }] } }, hold: 'ipip', result: ['warning', /1 of 2 nodes.*: b \(no NetworkUnavailable condition\)$/] },
  { title: 'NoRouteCreated: held with the reason', input: { snapshot: { nodes: [{ name: 'b', networkUnavailable: { status: 'True', reason: 'NoRouteCreated' } }] } }, hold: 'ipip', result: ['warning', /b \(NetworkUnavailable=True, NoRouteCreated\)/] },
  { title: 'CalicoIsUp on 1.36: held, not route evidence, no < 1.36 hint', input: { snapshot: { nodes: [{ name: 'b', networkUnavailable: { status: 'False', reason: 'CalicoIsUp' } }] } }, hold: 'ipip', result: ['warning', /b \(CalicoIsUp from calico-node, not route evidence\)$/] },
  { title: 'CalicoIsDown on 1.35 with MAP gates: held with the hint', input: { admissionPolicyApi: 'v1beta1', kubernetesVersion: '1.35.1', snapshot: { nodes: [{ name: 'b', networkUnavailable: { status: 'True', reason: 'CalicoIsDown' } }] } }, hold: 'ipip', result: ['warning', /Kubernetes < 1\.36 the route controller may never overwrite/] },
  { title: 'VXLAN running: held as VXLAN', input: { running: { state: 'vxlan', by: 'the snapshot' }, snapshot: { nodes: [{ name: 'b' }] } }, hold: 'vxlan', result: ['warning', /holding the overlay \(vxlan\) on/] },
  { title: 'stale snapshot with our previous render still on: held', input: { maxSnapshotAge: { seconds: 300, written: '300s' } }, hold: 'ipip', result: ['warning', /captured at 2026-11-23T11:50:00Z, more than overlaySwitch.maxSnapshotAge \(300s\)/] },
  { title: 'stale snapshot without a previous render: age not judged, no clock flip', input: { maxSnapshotAge: { seconds: 300, written: '300s' }, previousRender: undefined }, hold: undefined, result: ['info', /all 2 nodes .*maxSnapshotAge is not applied: the input holds no previous render/] },
  { title: 'fresh enough snapshot: switch', input: { maxSnapshotAge: { seconds: 600, written: '600s' } }, hold: undefined, result: ['info', /all 2 nodes/] },
  { title: 'max age without capturedAt: held', input: { maxSnapshotAge: { seconds: 600, written: '600s' }, snapshot: { nodes: [routed('a')] } }, hold: 'ipip', result: ['warning', /no capturedAt/] },
];

for (const row of rows) {
  test(row.title, (t) => {
    const decision = decideOverlaySwitch({ ...base, ...row.input });
    t.is(decision.hold, row.hold);
    t.is(decision.annotation?.startsWith('held'), row.hold ? true : undefined, 'the annotation exactly while held');
    if (!row.result) return t.deepEqual(decision.results, []);
    t.is(decision.results.length, 1);
    t.is(decision.results[0]?.severity, row.result[0]);
    t.regex(decision.results[0]?.message ?? '', row.result[1]);
  });
}

test('at most 20 nodes are named, the rest counted', (t) => {
  const nodes = Array.from({ length: 23 }, (_, index) => ({ name: `node-${String(index).padStart(2, '0')}` }));
  const message = decideOverlaySwitch({ ...base, snapshot: { nodes } }).results[0]?.message ?? '';
  t.true(message.includes('node-19 (no NetworkUnavailable condition)'));
  t.false(message.includes('node-20'));
  t.regex(message, /and 3 more$/);
});

test('the warning points at the first pending Node when the snapshot gave Node objects', (t) => {
  const nodeRef = { apiVersion: 'v1', kind: 'Node', name: 'b' };
  const result = decideOverlaySwitch({ ...base, snapshot: { nodes: [routed('a'), { name: 'b', nodeRef }] } }).results[0];
  t.deepEqual(result?.resourceRef, nodeRef);
});

const apiRows: [string, string, Record<string, boolean>, Record<string, boolean>, AdmissionPolicyApi | undefined][] = [
  ['1.36 serves v1', '1.36.0', {}, {}, 'v1'],
  ['2.0 serves v1', '2.0.0', {}, {}, 'v1'],
  ['1.34 without gates: none', '1.34.2', {}, {}, undefined],
  ['1.34 gate without runtimeConfig: none', '1.34.2', { MutatingAdmissionPolicy: true }, {}, undefined],
  ['1.34 runtimeConfig without gate: none', '1.34.2', {}, { 'admissionregistration.k8s.io/v1beta1': true }, undefined],
  ['1.34 gate + v1beta1', '1.34.2', { MutatingAdmissionPolicy: true }, { 'admissionregistration.k8s.io/v1beta1': true }, 'v1beta1'],
  ['1.32 gate + v1alpha1', '1.32.0', { MutatingAdmissionPolicy: true }, { 'admissionregistration.k8s.io/v1alpha1': true }, 'v1alpha1'],
  ['both enabled: the newer v1beta1', '1.33.0', { MutatingAdmissionPolicy: true }, { 'admissionregistration.k8s.io/v1alpha1': true, 'admissionregistration.k8s.io/v1beta1': true }, 'v1beta1'],
];
for (const [title, version, featureGates, runtimeConfig, expected] of apiRows) {
  test(`MutatingAdmissionPolicy API: ${title}`, (t) => {
    t.is(admissionPolicyApi(version, { featureGates, runtimeConfig }), expected);
  });
}
