// One row per transition of the change plan: the cluster as it was, the change, and what the plan
// must say about it (its name, severity and the words that carry its meaning).
import test from 'ava';
import { PLAN_TAG } from '../../src/plan/plan.js';
import { TRANSITIONS } from '../../src/plan/transitions.js';
import { rendered, renderTwice, renderWith, type Side } from './render-twice.js';

interface Row {
  name: string;
  before: Side;
  after: Side;
  tag: string;
  severity: 'info' | 'warning' | 'error';
  message: RegExp;
}

const CALICO_IPAM = { ipam: { type: 'calico-ipam' } };
const DUAL_STACK: Side = { ipFamilies: ['IPv4', 'IPv6'], podCIDRs: ['100.96.0.0/11', '2001:db8:1::/48'] };

const ROWS: Row[] = [
  { name: 'overlay switch held (no node evidence)', before: { kubernetesVersion: '1.36.1' }, after: { kubernetesVersion: '1.36.1', providerConfig: { overlay: { enabled: false } } }, tag: 'overlay-switch', severity: 'info', message: /^overlay ipip -> native routing held back by the overlay guard/ },
  { name: 'overlay switch let through (no guard before Kubernetes 1.36)', before: {}, after: { providerConfig: { overlay: { enabled: false } } }, tag: 'overlay-switch', severity: 'warning', message: /^overlay ipip -> native routing in this render \(the overlay guard's result says whether it checked every node's route first\): .*every node needs its cloud route/ },
  { name: 'IPIP -> VXLAN', before: { providerConfig: CALICO_IPAM }, after: { providerConfig: { ...CALICO_IPAM, vxlan: { enabled: true } } }, tag: 'encapsulation', severity: 'warning', message: /^encapsulation IPIP -> VXLAN: .*pod traffic between them is interrupted/ },
  { name: 'VXLAN -> IPIP', before: { providerConfig: { ...CALICO_IPAM, vxlan: { enabled: true } } }, after: { providerConfig: CALICO_IPAM }, tag: 'encapsulation', severity: 'warning', message: /^encapsulation VXLAN -> IPIP/ },
  { name: 'ipv4.mode Always -> CrossSubnet', before: { providerConfig: { overlay: undefined, ipv4: { mode: 'Always' } } }, after: { providerConfig: { overlay: undefined, ipv4: { mode: 'CrossSubnet' } } }, tag: 'ipv4-mode', severity: 'warning', message: /^ipv4 pool mode Always -> CrossSubnet \(calico-node's CALICO_IPV4POOL_\* env, .*source\/destination checks/ },
  { name: 'ipv4.mode CrossSubnet -> Always', before: { providerConfig: { overlay: undefined, ipv4: { mode: 'CrossSubnet' } } }, after: { providerConfig: { overlay: undefined, ipv4: { mode: 'Always' } } }, tag: 'ipv4-mode', severity: 'warning', message: /mode CrossSubnet -> Always/ },
  { name: 'vethMTU', before: {}, after: { providerConfig: { vethMTU: '1400' } }, tag: 'veth-mtu', severity: 'warning', message: /^vethMTU 0 \(auto-detected\) -> 1400: .*existing pods keep the MTU of their veth until they are restarted/ },
  { name: 'eBPF on', before: {}, after: { providerConfig: { ebpfDataplane: { enabled: true } } }, tag: 'ebpf-dataplane', severity: 'warning', message: /^eBPF dataplane off -> on: .*kube-proxy/ },
  { name: 'eBPF off', before: { providerConfig: { ebpfDataplane: { enabled: true } } }, after: {}, tag: 'ebpf-dataplane', severity: 'warning', message: /^eBPF dataplane on -> off/ },
  { name: 'typha off', before: {}, after: { providerConfig: { typha: { enabled: false } } }, tag: 'typha', severity: 'info', message: /^typha on -> off: .*no pod traffic is affected/ },
  { name: 'typha on', before: { providerConfig: { typha: { enabled: false } } }, after: {}, tag: 'typha', severity: 'info', message: /^typha off -> on/ },
  { name: 'backend bird -> none', before: { providerConfig: { overlay: undefined } }, after: { providerConfig: { overlay: undefined, backend: 'none' } }, tag: 'backend', severity: 'warning', message: /^backend bird -> none: .*withdraws the routes/ },
  { name: 'WireGuard on', before: {}, after: { providerConfig: { wireguardEncryption: true } }, tag: 'wireguard', severity: 'warning', message: /^WireGuard \(ipv4\) off -> on, WireGuard \(ipv6\) off -> on: .*51820/ },
  { name: 'node-CIDR autodetection', before: {}, after: { nodesCIDR: '10.251.0.0/16' }, tag: 'ip-autodetection', severity: 'warning', message: /^ipv4 autodetection cidr=10\.250\.0\.0\/16 -> cidr=10\.251\.0\.0\/16: .*a wrong pick cuts pod traffic/ },
  { name: 'IPv4 -> dual-stack', before: {}, after: DUAL_STACK, tag: 'dual-stack', severity: 'warning', message: /^IPv4 -> dual-stack: .*existing pods stay IPv4-only until restarted/ },
  { name: 'image change', before: {}, after: { images: { 'calico-node': 'quay.io/calico/node:v3.31.7' } }, tag: 'images', severity: 'info', message: /^Calico v3\.31\.6 -> v3\.31\.7; images calico-node\/calico-node quay\.io\/calico\/node:v3\.31\.6 -> quay\.io\/calico\/node:v3\.31\.7/ },
  { name: 'skipped minor versions', before: { images: { 'calico-node': 'quay.io/calico/node:v3.28.2' } }, after: {}, tag: 'images', severity: 'warning', message: /^Calico v3\.28\.2 -> v3\.31\.6 \(skips minor releases 3\.29, 3\.30: read their release notes/ },
  { name: 'IPAM host-local -> calico-ipam refused', before: {}, after: { providerConfig: CALICO_IPAM }, tag: 'ipam-type', severity: 'error', message: /^refused: IPAM host-local -> calico-ipam: .*Safe procedure: .*list "ipam-type-change" under spec\.acknowledge/ },
  { name: 'IPAM acknowledged', before: {}, after: { providerConfig: CALICO_IPAM, acknowledge: ['ipam-type-change'] }, tag: 'ipam-type', severity: 'warning', message: /^IPAM host-local -> calico-ipam \(acknowledged: spec\.acknowledge lists "ipam-type-change"\)/ },
  { name: 'pool cidr refused', before: {}, after: { podCIDRs: ['100.128.0.0/11'] }, tag: 'ip-pool-cidr', severity: 'error', message: /^refused: IPPool default-ipv4-ippool cidr 100\.96\.0\.0\/11 -> 100\.128\.0\.0\/11: Calico does not move a pool in place.*"ip-pool-cidr-change"/ },
  { name: 'IPv6 pool removed from dual-stack refused', before: DUAL_STACK, after: {}, tag: 'ipv6-pool-removal', severity: 'error', message: /^refused: IPv6 IPPool default-ipv6-ippool \(2001:db8:1::\/48\) removed/ },
  // Found by a hostile review (tenth session): without `overlay` no IPv4 pool object is rendered,
  // and the IPv6 pool's removal was judged only next to one; dropping `overlay` dropped the IPv4
  // pool without a word.
  { name: 'IPv6 pool removed, no IPv4 pool object before (no overlay block) refused', before: { ...DUAL_STACK, providerConfig: { overlay: undefined } }, after: { providerConfig: { overlay: undefined } }, tag: 'ipv6-pool-removal', severity: 'error', message: /^refused: IPv6 IPPool default-ipv6-ippool \(2001:db8:1::\/48\) removed/ },
  { name: 'IPv4 pool removed (overlay block dropped) refused', before: {}, after: { providerConfig: { overlay: undefined } }, tag: 'ipv4-pool-removal', severity: 'error', message: /^refused: IPv4 IPPool default-ipv4-ippool \(100\.96\.0\.0\/11\) removed: .*list "ipv4-pool-removal" under spec\.acknowledge/ },
];

for (const row of ROWS) {
  test(`transition: ${row.name}`, (t) => {
    const run = renderTwice(row.before, row.after);
    const found = run.plan.filter((result) => result.tags?.[PLAN_TAG] === row.tag);
    t.is(found.length, 1, JSON.stringify(run.plan.map((result) => result.message), null, 1));
    t.is(found[0]?.severity, row.severity);
    t.regex(found[0]?.message ?? '', row.message);
    t.truthy(found[0]?.resourceRef?.kind, 'points at the object it concerns');
    t.is(run.exitCode, row.severity === 'error' ? 1 : 0);
  });
}

/** The previous render with its IPPool edited: our renders never change blockSize, a cluster may have another. */
function withPoolBlockSize(objects: Record<string, unknown>[], blockSize: number): Record<string, unknown>[] {
  return objects.map((object) => object.kind === 'IPPool' ? { ...object, spec: { ...(object.spec as object), blockSize } } : object);
}

test('transition: IPPool blockSize change refused, then acknowledged', (t) => {
  const previous = withPoolBlockSize(rendered({}), 24);
  const refused = renderWith({}, previous).plan.filter((result) => result.tags?.[PLAN_TAG] === 'ip-pool-block-size');
  t.is(refused.length, 1);
  t.is(refused[0]?.severity, 'error');
  t.regex(refused[0]?.message ?? '', /^refused: IPPool default-ipv4-ippool blockSize 24 -> 26: a pool's blockSize can only be set when the pool is created.*"ip-pool-block-size-change"/);
  t.like(refused[0]?.resourceRef, { kind: 'IPPool', name: 'default-ipv4-ippool' });
  const acknowledged = renderWith({ acknowledge: ['ip-pool-block-size-change'] }, previous);
  t.is(acknowledged.exitCode, 0);
  t.is(acknowledged.plan.find((result) => result.tags?.[PLAN_TAG] === 'ip-pool-block-size')?.severity, 'warning');
});

test('every transition of the table has a row', (t) => {
  const covered = new Set([...ROWS.map((row) => row.tag), 'ip-pool-block-size']);
  t.deepEqual(TRANSITIONS.map((transition) => transition.name).filter((name) => !covered.has(name)), []);
});

test('an unchanged render classifies nothing and says nobody rolls', (t) => {
  const run = renderTwice({}, {});
  t.is(run.plan.length, 1);
  t.is(run.plan[0]?.message, 'change plan against our previous render: 0 added, 0 changed, 0 removed; calico-node does not roll; typha does not roll; kube-controllers does not roll; no transition classified');
});

test('the same input and previous state give the same plan', (t) => {
  const first = renderTwice({}, { providerConfig: { vethMTU: '1400', typha: { enabled: false } } });
  const second = renderTwice({}, { providerConfig: { vethMTU: '1400', typha: { enabled: false } } });
  t.deepEqual(first.results, second.results);
});

test('a refused transition leaves the items unchanged and fails the render', (t) => {
  const run = renderTwice({}, { providerConfig: CALICO_IPAM });
  t.is(run.exitCode, 1);
  t.false(run.results.some((result) => /rendered \d+ Calico objects/.test(result.message)));
});

// Found by a hostile review (tenth session): the IPAM type was found by a pattern that stopped at
// the first `}`, so a nested object before "type" in the previous conflist hid an IPAM change.
test('an IPAM change is found when the previous conflist has a nested object before the ipam type', (t) => {
  const previous = rendered({}).map((object) => {
    const data = (object as { data?: Record<string, string> }).data;
    if (object.kind !== 'ConfigMap' || !data?.cni_network_config) return object;
    const conflist = data.cni_network_config.replace('"type": "host-local",', '"ranges": [[{"subnet": "usePodCidr"}]],\n        "type": "host-local",');
    t.not(conflist, data.cni_network_config);
    return { ...object, data: { ...data, cni_network_config: conflist } };
  });
  const found = renderWith({ providerConfig: CALICO_IPAM }, previous).plan.filter((result) => result.tags?.[PLAN_TAG] === 'ipam-type');
  t.is(found.length, 1);
  t.regex(found[0]?.message ?? '', /^refused: IPAM host-local -> calico-ipam/);
});

// Found by a hostile review (tenth session): a live IPv6 pool we never rendered counted as removed.
test('a pool of the live capture that we never rendered is not "removed"', (t) => {
  const foreign = { apiVersion: 'crd.projectcalico.org/v1', kind: 'IPPool', metadata: { name: 'team-b-ipv6', annotations: { 'fn.networking-calico.gardener.cloud/captured-at': '2026-11-23T11:55:00Z', 'config.kubernetes.io/local-config': 'true' } }, spec: { cidr: 'fd00:10::/64', disabled: true } };
  const ours = rendered(DUAL_STACK).filter((object) => object.kind === 'IPPool').map((pool) => ({ ...pool, metadata: { ...(pool.metadata as object), annotations: foreign.metadata.annotations } }));
  t.is(ours.length, 2);
  const run = renderWith(DUAL_STACK, [...ours, foreign]);
  t.regex(run.plan[0]?.message ?? '', /^change plan against the live capture/);
  t.deepEqual(run.plan.filter((result) => result.severity === 'error').map((result) => result.message), []);
  t.is(run.exitCode, 0);
});

// Found by a hostile review (tenth session): CIDRs were compared as text, so a pool spelt
// 2001:0db8:0001::/48 in the cluster was "changed" to 2001:db8:1::/48 and the render refused.
test('a pool CIDR spelt differently but naming the same network is no change', (t) => {
  const spelt = rendered(DUAL_STACK).map((object) => object.kind === 'IPPool' && (object.spec as { cidr?: string }).cidr === '2001:db8:1::/48'
    ? { ...object, spec: { ...(object.spec as object), cidr: '2001:0DB8:0001:0::/48' } } : object);
  t.true(spelt.some((object) => (object.spec as { cidr?: string } | undefined)?.cidr === '2001:0DB8:0001:0::/48'));
  const run = renderWith(DUAL_STACK, spelt);
  t.deepEqual(run.plan.filter((result) => result.tags?.[PLAN_TAG] === 'ip-pool-cidr'), []);
  t.is(run.exitCode, 0);
  const moved = renderWith({ ...DUAL_STACK, podCIDRs: ['100.96.0.0/11', '2001:db8:2::/48'] }, spelt).plan.filter((result) => result.tags?.[PLAN_TAG] === 'ip-pool-cidr');
  t.regex(moved[0]?.message ?? '', /^refused: IPPool default-ipv6-ippool cidr 2001:0DB8:0001:0::\/48 -> 2001:db8:2::\/48/);
});

// Found by a hostile review (tenth session): a map where a string belongs showed as [object Object].
test('a value that is a map where a string belongs shows as written in the plan', (t) => {
  const previous = rendered({}).map((object) => object.kind === 'ConfigMap' && (object as { data?: { veth_mtu?: string } }).data?.veth_mtu !== undefined
    ? { ...object, data: { ...(object as { data: object }).data, veth_mtu: { auto: true } } } : object);
  const found = renderWith({}, previous).plan.find((result) => result.tags?.[PLAN_TAG] === 'veth-mtu');
  t.regex(found?.message ?? '', /^vethMTU \{"auto":true\} -> 0 \(auto-detected\)/);
});

// Found by a hostile review (tenth session): without `overlay` we render no IPv4 pool and
// calico-node creates one of the same name, so every live capture held a default-ipv4-ippool that
// we never rendered, and every render against it was refused as a pool removal.
test('a pod pool of the live capture that calico-node made (no generated annotation) is not "removed"; one we rendered is', (t) => {
  const captured = (annotations: Record<string, string>) => ({ apiVersion: 'crd.projectcalico.org/v1', kind: 'IPPool', metadata: { name: 'default-ipv4-ippool', annotations: { 'fn.networking-calico.gardener.cloud/captured-at': '2026-11-23T11:55:00Z', 'config.kubernetes.io/local-config': 'true', ...annotations } }, spec: { cidr: '100.96.0.0/11', blockSize: 26, ipipMode: 'Always', natOutgoing: true } });
  const noOverlay: Side = { providerConfig: { overlay: undefined } };
  const calicoNodes = renderWith(noOverlay, [captured({})]);
  t.is(calicoNodes.exitCode, 0, JSON.stringify(calicoNodes.plan.map((result) => result.message)));
  t.deepEqual(calicoNodes.plan.filter((result) => result.tags?.[PLAN_TAG] === 'ipv4-pool-removal'), []);
  const ours = renderWith(noOverlay, [captured({ 'fn.networking-calico.gardener.cloud/generated': 'true' })]);
  t.regex(ours.plan.find((result) => result.tags?.[PLAN_TAG] === 'ipv4-pool-removal')?.message ?? '', /^refused: IPv4 IPPool default-ipv4-ippool \(100\.96\.0\.0\/11\) removed/);
  // Found by a hostile review (tenth session): a stale capture of calico-node's pool stood for the
  // pool of our previous render, and its removal went through.
  const stale = renderWith(noOverlay, [...rendered({}), captured({})]);
  t.is(stale.exitCode, 1);
  t.regex(stale.plan.find((result) => result.tags?.[PLAN_TAG] === 'ipv4-pool-removal')?.message ?? '', /^refused: IPv4 IPPool default-ipv4-ippool \(100\.96\.0\.0\/11\) removed/);
});

// Noticed in the tenth session: calico-node takes CALICO_NETWORKING_BACKEND from calico-config
// (valueFrom), and a live capture of the DaemonSet alone was read as the backend "<from {...}>",
// a "backend <from ...> -> bird" warning on an unchanged cluster.
test('an env variable taken from a ConfigMap is read from that ConfigMap, and is no change when the ConfigMap is not there to read', (t) => {
  const capture = { 'fn.networking-calico.gardener.cloud/captured-at': '2026-11-23T11:55:00Z', 'config.kubernetes.io/local-config': 'true' };
  const captured = (kinds: string[]) => rendered({}).filter((object) => kinds.includes(String(object.kind)))
    .map((object): Record<string, unknown> => ({ ...object, metadata: { ...(object.metadata as object), annotations: capture } }));
  const alone = renderWith({}, captured(['DaemonSet']));
  t.is(alone.exitCode, 0);
  t.deepEqual(alone.plan.filter((result) => result.tags?.[PLAN_TAG] === 'backend'), []);
  const withConfig = captured(['DaemonSet', 'ConfigMap']).map((object) => object.kind === 'ConfigMap' && (object as { data?: { calico_backend?: string } }).data?.calico_backend !== undefined
    ? { ...object, data: { ...(object as { data: object }).data, calico_backend: 'vxlan' } } : object);
  t.regex(renderWith({}, withConfig).plan.find((result) => result.tags?.[PLAN_TAG] === 'backend')?.message ?? '', /^backend vxlan -> bird/);
});
