// `snapshot --from FILE`: a saved `kubectl get nodes -o yaml|json` converted offline. The round
// trip: rendering with the converted snapshot decides exactly as rendering with the list itself.
import test from 'ava';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { nodeConditionSnapshotSchema } from '../../src/overlay/snapshot-schema.js';
import { snapshotFromText } from '../../src/snapshot/from-file.js';
import { copyExampleInputs, runBin } from '../integrations/helpers.js';
import { assertOneLineFailure, runSnapshot as runSnapshotAt, temporaryDirectory } from './fixtures.js';

/** The files here were saved on 2026-11-23: the command runs after that, as a heartbeat later than its clock is refused. */
const AFTER_THE_CAPTURE = () => new Date('2026-11-23T13:00:00Z');
const runSnapshot = (argv: string[]) => runSnapshotAt(argv, AFTER_THE_CAPTURE);

function kubectlNode(name: string, route: boolean, tunnel: string | undefined, heartbeat: string): object {
  const annotations: Record<string, string> = { 'node.alpha.kubernetes.io/ttl': '0', 'projectcalico.org/IPv4Address': '10.250.0.1/16' };
  if (tunnel) annotations['projectcalico.org/IPv4IPIPTunnelAddr'] = tunnel;
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, annotations, labels: { 'kubernetes.io/hostname': name } },
    status: {
      conditions: [
        route
          ? { type: 'NetworkUnavailable', status: 'False', reason: 'RouteCreated', message: 'RouteController created a route', lastHeartbeatTime: '2026-11-23T10:00:00Z', lastTransitionTime: '2026-11-23T10:00:00Z' }
          : { type: 'NetworkUnavailable', status: 'True', reason: 'NoRouteCreated', message: 'RouteController failed to create a route', lastHeartbeatTime: '2026-11-23T10:05:00Z', lastTransitionTime: '2026-11-23T10:05:00Z' },
        { type: 'Ready', status: 'True', reason: 'KubeletReady', lastHeartbeatTime: heartbeat, lastTransitionTime: '2026-11-23T09:00:00Z' },
      ],
    },
  };
}

const list = {
  apiVersion: 'v1',
  kind: 'List',
  metadata: { resourceVersion: '' },
  items: [
    kubectlNode('node-c', false, '100.96.3.0', '2026-11-23T11:58:00Z'),
    kubectlNode('node-a', true, '100.96.1.0', '2026-11-23T11:59:30Z'),
    kubectlNode('node-b', false, undefined, '2026-11-23T11:57:00Z'),
  ],
};

const expectedNodes = [
  { name: 'node-a', conditions: [{ type: 'NetworkUnavailable', status: 'False', reason: 'RouteCreated', message: 'RouteController created a route', lastTransitionTime: '2026-11-23T10:00:00Z' }], tunnelAddresses: { IPv4IPIPTunnelAddr: '100.96.1.0' } },
  { name: 'node-b', conditions: [{ type: 'NetworkUnavailable', status: 'True', reason: 'NoRouteCreated', message: 'RouteController failed to create a route', lastTransitionTime: '2026-11-23T10:05:00Z' }], tunnelAddresses: {} },
  { name: 'node-c', conditions: [{ type: 'NetworkUnavailable', status: 'True', reason: 'NoRouteCreated', message: 'RouteController failed to create a route', lastTransitionTime: '2026-11-23T10:05:00Z' }], tunnelAddresses: { IPv4IPIPTunnelAddr: '100.96.3.0' } },
];

for (const [form, text] of [['-o yaml', stringify(list)], ['-o json', JSON.stringify(list, null, 4)]] as const) {
  test(`kubectl get nodes ${form}: the newest heartbeat as capturedAt, NetworkUnavailable and the tunnel addresses per node`, async (t) => {
    const dir = await temporaryDirectory(t);
    await writeFile(join(dir, 'nodes'), text);
    const run = await runSnapshot(['--from', join(dir, 'nodes'), '--name', 'shoot-a']);
    t.is(run.exitCode, 0, run.stderr);
    const snapshot = nodeConditionSnapshotSchema().parse(parse(run.stdout));
    t.is(snapshot.metadata.name, 'shoot-a');
    t.is(snapshot.capturedAt, '2026-11-23T11:59:30Z');
    t.is(snapshot.calicoNode, undefined, 'a node list says nothing about the DaemonSet');
    t.deepEqual(snapshot.nodes, expectedNodes);
  });
}

// Found by a hostile review (tenth session): a node whose clock ran ahead (a heartbeat in 2099)
// made the snapshot "captured at 2099", fresh for any overlaySwitch.maxSnapshotAge.
test('a heartbeat later than the clock (beyond 5 minutes of skew) is refused, naming the node; --captured-at settles it', async (t) => {
  const dir = await temporaryDirectory(t);
  const ahead = { ...list, items: [...list.items, kubectlNode('node-d', true, undefined, '2099-01-01T00:00:00Z')] };
  await writeFile(join(dir, 'nodes.yaml'), stringify(ahead));
  const refused = await runSnapshot(['--from', join(dir, 'nodes.yaml')]);
  assertOneLineFailure(t, refused);
  t.regex(refused.stderr, /the newest heartbeat of node node-d, 2099-01-01T00:00:00Z, is later than this machine's clock \(2026-11-23T13:00:00\.000Z\) by more than 5 minutes: its clock runs ahead, so the file cannot tell when it was captured: pass --captured-at TIME/);
  const settled = await runSnapshot(['--from', join(dir, 'nodes.yaml'), '--captured-at', '2026-11-23T12:00:00Z']);
  t.is(settled.exitCode, 0, settled.stderr);
  t.is(nodeConditionSnapshotSchema().parse(parse(settled.stdout)).capturedAt, '2026-11-23T12:00:00Z');
  const skewed = await runSnapshotAt(['--from', join(dir, 'nodes.yaml')], () => new Date('2026-11-23T11:56:00Z'));
  t.regex(skewed.stderr, /the newest heartbeat of node node-d, 2099/, 'the test clock');
  await writeFile(join(dir, 'nodes.yaml'), stringify(list));
  const withinSkew = await runSnapshotAt(['--from', join(dir, 'nodes.yaml')], () => new Date('2026-11-23T11:56:00Z'));
  t.is(withinSkew.exitCode, 0, 'node-a\'s heartbeat at 11:59:30 is 3.5 minutes ahead: within the allowance');
});

test('--captured-at wins over the heartbeats; a NodeList of kind-less items and a calico-node DaemonSet are read', async (t) => {
  const dir = await temporaryDirectory(t);
  const nodeList = { apiVersion: 'v1', kind: 'NodeList', items: list.items.map((node) => {
    const { apiVersion: _apiVersion, kind: _kind, ...rest } = node as Record<string, unknown>;
    return rest;
  }) };
  const daemonSet = {
    apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'calico-node', namespace: 'kube-system' },
    spec: { template: { spec: { containers: [{ name: 'calico-node', env: [{ name: 'FELIX_IPINIPENABLED', value: 'true' }] }] } } },
  };
  await writeFile(join(dir, 'nodes.yaml'), `${stringify(nodeList)}---\n${stringify(daemonSet)}`);
  const run = await runSnapshot(['--from', join(dir, 'nodes.yaml'), '--captured-at', '2026-11-23T12:00:00+01:00']);
  t.is(run.exitCode, 0, run.stderr);
  const snapshot = nodeConditionSnapshotSchema().parse(parse(run.stdout));
  t.is(snapshot.capturedAt, '2026-11-23T12:00:00+01:00');
  t.deepEqual(snapshot.calicoNode, { overlay: 'ipip' });
  t.deepEqual(snapshot.nodes, expectedNodes);
});

test('a calico-node DaemonSet that does not show its overlay (valueFrom) leaves calicoNode.overlay out, where "1" reads as ipip', async (t) => {
  const dir = await temporaryDirectory(t);
  const withIpip = (variable: Record<string, unknown>) => stringify({
    apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'calico-node', namespace: 'kube-system' },
    spec: { template: { spec: { containers: [{ name: 'calico-node', env: [{ name: 'FELIX_IPINIPENABLED', ...variable }] }] } } },
  });
  const snapshotWith = async (variable: Record<string, unknown>) => {
    await writeFile(join(dir, 'nodes.yaml'), `${stringify(list)}---\n${withIpip(variable)}`);
    const run = await runSnapshot(['--from', join(dir, 'nodes.yaml')]);
    t.is(run.exitCode, 0, run.stderr);
    return nodeConditionSnapshotSchema().parse(parse(run.stdout));
  };
  t.is((await snapshotWith({ valueFrom: { configMapKeyRef: { name: 'c', key: 'k' } } })).calicoNode, undefined);
  t.deepEqual((await snapshotWith({ value: '1' })).calicoNode, { overlay: 'ipip' });
});

test('-o - writes the snapshot to stdout, not to a file named "-"', async (t) => {
  const dir = await temporaryDirectory(t);
  await writeFile(join(dir, 'nodes.yaml'), stringify(list));
  const run = await runSnapshot(['--from', join(dir, 'nodes.yaml'), '-o', '-']);
  t.is(run.exitCode, 0, run.stderr);
  t.regex(run.stdout, /^apiVersion: fn\.networking-calico\.gardener\.cloud\/v1alpha1\nkind: NodeConditionSnapshot\n/);
  t.false(existsSync('-'));
});

for (const [title, text, args, message] of [
  ['no Node at all', 'apiVersion: v1\nkind: List\nitems: []\n', [], /holds no Node: expected the output of kubectl get nodes/],
  ['an object that is no Node', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n', [], /v1 ConfigMap is not a Node/],
  ['no heartbeat and no --captured-at', 'apiVersion: v1\nkind: List\nitems: [{apiVersion: v1, kind: Node, metadata: {name: a}}]\n', [], /no condition carries a lastHeartbeatTime .*pass --captured-at/],
  // Found by a hostile review (tenth session): any text Date.parse reads ("0" is the year 2000)
  // became capturedAt, which the render then refused.
  ['heartbeats that are no RFC 3339 time', 'apiVersion: v1\nkind: List\nitems: [{apiVersion: v1, kind: Node, metadata: {name: a}, status: {conditions: [{type: Ready, status: "True", lastHeartbeatTime: "2026-12-02 05:40:00"}, {type: NetworkUnavailable, status: "False", lastHeartbeatTime: "0"}]}}]\n', [], /no condition carries a lastHeartbeatTime \(an RFC 3339 time, as the API server writes it\) to tell when it was captured: pass --captured-at TIME/],
  ['a node without a name', 'apiVersion: v1\nkind: List\nitems: [{apiVersion: v1, kind: Node, metadata: {}}]\n', ['--captured-at', '2026-11-23T10:00:00Z'], /a Node without metadata\.name/],
  // Found by a hostile review (tenth session): kubectl get node NAME was taken for the whole cluster.
  ['a single Node, not a list', 'apiVersion: v1\nkind: Node\nmetadata: {name: a}\n', ['--captured-at', '2026-11-23T10:00:00Z'], /nodes\.yaml, document 1: a single Node \(as kubectl get node NAME shows it\), not the list of every node the guard must see: save kubectl get nodes -o yaml/],
  ['not YAML', 'items: [\n', [], /is not valid YAML or JSON/],
  // Found by a hostile review (tenth session): "v1 undefined is not a Node" for kubectl output cut short.
  ['an item without a kind', 'apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Node\n  metadata: {name: a}\n- metadata: {name: b}\n', ['--captured-at', '2026-11-23T10:00:00Z'], /an object without a kind \(a file cut short\?\) is not a Node/],
] as const) {
  test(`--from refuses ${title} with one line`, async (t) => {
    const dir = await temporaryDirectory(t);
    await writeFile(join(dir, 'nodes.yaml'), text);
    const run = await runSnapshot(['--from', join(dir, 'nodes.yaml'), ...args]);
    assertOneLineFailure(t, run);
    t.regex(run.stderr, message);
  });
}

// Found by a hostile review (tenth session): a UTF-16 file (PowerShell's >) was "not a Kubernetes object".
test('--from refuses a file that is not UTF-8, naming the line and how to save it', async (t) => {
  const dir = await temporaryDirectory(t);
  await writeFile(join(dir, 'nodes.yaml'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(stringify(list), 'utf16le')]));
  const run = await runSnapshot(['--from', join(dir, 'nodes.yaml')]);
  assertOneLineFailure(t, run);
  t.regex(run.stderr, /nodes\.yaml is not UTF-8 at line 1: save kubectl's output as UTF-8 \(in PowerShell: \| Out-File -Encoding utf8\)/);
});

// Found by a hostile review (ninth session): 'a b' and 300 characters were written as metadata.name.
test('--name that is no Kubernetes object name is a usage error naming it', async (t) => {
  for (const name of ['a b', 'A', 'x'.repeat(300)]) {
    const run = await runSnapshot(['--from', 'x.yaml', '--name', name]);
    t.is(run.exitCode, 2);
    t.true(run.stderr.includes(`--name ${JSON.stringify(name)}: expected a Kubernetes object name`), run.stderr);
  }
});

test('--from with --kubeconfig, or --captured-at without --from, is a usage error', async (t) => {
  t.is((await runSnapshot(['--from', 'x.yaml', '--kubeconfig', 'k'])).exitCode, 2);
  t.is((await runSnapshot(['--captured-at', '2026-11-23T10:00:00Z'])).exitCode, 2);
  t.is((await runSnapshot(['--from', 'x.yaml', '--captured-at', 'yesterday'])).exitCode, 2);
});

test('round trip: render decides the same with the converted snapshot as with the kubectl list, held with the annotation', async (t) => {
  const dir = await temporaryDirectory(t);
  const pkg = join(dir, 'pkg');
  await mkdir(pkg);
  copyExampleInputs(pkg);
  const network = join(pkg, 'network.yaml');
  await writeFile(network, (await readFile(network, 'utf8')).replace(/overlay:\n(\s+)enabled: true/, 'overlay:\n$1enabled: false'));
  const config = join(pkg, 'render-calico.yaml');
  await writeFile(config, (await readFile(config, 'utf8')).replace('version: "1.34.2"', 'version: "1.36.1"'));
  await writeFile(join(dir, 'nodes.yaml'), stringify(list));
  const converted = await runBin(['snapshot', '--from', join(dir, 'nodes.yaml'), '-o', join(dir, 'snapshot.yaml')]);
  t.is(converted.status, 0, converted.stderr);
  t.regex(converted.stderr, /wrote 3 nodes \(2 with Calico tunnel addresses, captured at 2026-11-23T11:59:30Z\)/);

  const fromList = await runBin(['render', pkg, '--snapshot', join(dir, 'nodes.yaml')]);
  const fromSnapshot = await runBin(['render', pkg, '--snapshot', join(dir, 'snapshot.yaml')]);
  t.is(fromList.status, 0, fromList.stderr);
  t.is(fromSnapshot.status, 0, fromSnapshot.stderr);
  t.is(fromSnapshot.stdout, fromList.stdout, 'the same objects');
  t.regex(fromSnapshot.stdout, /fn\.networking-calico\.gardener\.cloud\/overlay-switch: "held: evidence captured 2026-11-23T11:59:30Z; 2 of 3 nodes lack a route: node-b, node-c"/);
  const warning = (stderr: string) => /holding the overlay \(ipip\) on.*/.exec(stderr)?.[0];
  t.truthy(warning(fromList.stderr));
  t.is(warning(fromSnapshot.stderr), warning(fromList.stderr), 'the same warning');
});

test('a List of 150,000 Nodes converts without overflowing the stack (no push of a spread list)', (t) => {
  const items = Array.from({ length: 150_000 }, (_, index) => `{"kind":"Node","metadata":{"name":"n${index}"}}`);
  const text = `{"apiVersion":"v1","kind":"List","items":[${items.join(',')}]}`;
  const snapshot = snapshotFromText(text, 'nodes.json', { name: 'shoot-nodes', capturedAt: '2026-11-23T10:00:00Z', now: new Date('2026-11-23T10:00:00Z') });
  t.is(snapshot.nodes.length, 150_000);
});

// Found in the eleventh session: a missing file was "cannot read nope.yaml: ENOENT", a code, not words.
test('a file that is not there, or is a directory, is said in words, through snapshot --from and render --snapshot', async (t) => {
  const directory = await temporaryDirectory(t);
  const missing = join(directory, 'nope.yaml');
  const fromFile = await runSnapshotAt(['--from', missing]);
  assertOneLineFailure(t, fromFile);
  t.true(fromFile.stderr.includes(`cannot read ${missing}: no such file (ENOENT)`), fromFile.stderr);
  const fromDirectory = await runSnapshotAt(['--from', directory]);
  t.true(fromDirectory.stderr.includes(`cannot read ${directory}: it is a directory (EISDIR)`), fromDirectory.stderr);

  const pkg = join(directory, 'pkg');
  await mkdir(pkg);
  copyExampleInputs(pkg);
  const render = await runBin(['render', pkg, '--snapshot', missing]);
  t.is(render.status, 1);
  t.true(render.stderr.includes(`cannot read ${missing}: no such file (ENOENT)`), render.stderr);
});

// Found by a hostile review (eleventh session): /dev/zero as an input file hung the command (its
// size says 0, its reading never ends).
test('a device given as an input file is refused at once', async (t) => {
  const fromDevice = await runSnapshotAt(['--from', '/dev/zero']);
  assertOneLineFailure(t, fromDevice);
  t.true(fromDevice.stderr.includes('cannot read /dev/zero: it is a device, not a file'), fromDevice.stderr);
  const pkg = join(await temporaryDirectory(t), 'pkg');
  await mkdir(pkg);
  copyExampleInputs(pkg);
  for (const flag of ['--snapshot', '--function-config']) {
    const render = await runBin(['render', pkg, flag, '/dev/zero'], { timeoutMs: 20_000 });
    t.is(render.status, 1, flag);
    t.true(render.stderr.includes('cannot read /dev/zero: it is a device, not a file'), render.stderr);
  }
});
