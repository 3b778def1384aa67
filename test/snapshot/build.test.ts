import test from 'ava';
import type { V1DaemonSet, V1Node } from '@kubernetes/client-node';
import { parse } from 'yaml';
import { nodeConditionSnapshotSchema } from '../../src/overlay/snapshot-schema.js';
import { buildNodeConditionSnapshot, snapshotToYaml } from '../../src/snapshot/build.js';
import { SnapshotFailure } from '../../src/snapshot/failure.js';
import { apiCalicoNodeDaemonSet } from './fixtures.js';

const identity = { name: 'shoot-nodes', capturedAt: new Date('2025-03-04T05:06:07.089Z') };
const ipipDaemonSet = apiCalicoNodeDaemonSet('ipip') as V1DaemonSet;

// What the client hands over after deserializing: condition times are Date objects.
const nodes: V1Node[] = [
  {
    metadata: { name: 'worker-2' },
    status: {
      conditions: [
        { type: 'Ready', status: 'True', reason: 'KubeletReady', lastTransitionTime: new Date('2025-01-01T00:00:00Z') },
        { type: 'NetworkUnavailable', status: 'False', reason: 'CalicoIsUp', message: 'Calico is running on this node', lastTransitionTime: new Date('2025-02-01T12:34:56Z') },
      ],
    },
  },
  { metadata: { name: 'worker-10' }, status: { conditions: [{ type: 'NetworkUnavailable', status: 'True', reason: '', message: '' }] } },
  { metadata: { name: 'Worker-upper' }, status: {} },
  { metadata: { name: 'worker-1' } },
];

test('keeps only NetworkUnavailable per node and gives the server time text back', (t) => {
  const snapshot = buildNodeConditionSnapshot({ nodes, calicoNodeDaemonSet: ipipDaemonSet }, identity);

  t.deepEqual(snapshot.nodes, [
    { name: 'Worker-upper', conditions: [], tunnelAddresses: {} },
    { name: 'worker-1', conditions: [], tunnelAddresses: {} },
    { name: 'worker-10', conditions: [{ type: 'NetworkUnavailable', status: 'True' }], tunnelAddresses: {} },
    {
      name: 'worker-2',
      conditions: [{ type: 'NetworkUnavailable', status: 'False', reason: 'CalicoIsUp', message: 'Calico is running on this node', lastTransitionTime: '2025-02-01T12:34:56Z' }],
      tunnelAddresses: {},
    },
  ]);
});

test('sorts by code unit, not by locale, so every machine prints the same order', (t) => {
  const names = buildNodeConditionSnapshot({ nodes, calicoNodeDaemonSet: ipipDaemonSet }, identity).nodes.map((node) => node.name);

  // localeCompare would put "Worker-upper" after the lower-case names.
  t.deepEqual(names, ['Worker-upper', 'worker-1', 'worker-10', 'worker-2']);
});

test('the result satisfies the snapshot schema the guard reads, also after a YAML round trip', (t) => {
  const snapshot = buildNodeConditionSnapshot({ nodes, calicoNodeDaemonSet: apiCalicoNodeDaemonSet('none') as V1DaemonSet }, identity);

  t.deepEqual(nodeConditionSnapshotSchema().parse(parse(snapshotToYaml(snapshot))), snapshot);
  t.is(snapshot.capturedAt, '2025-03-04T05:06:07.089Z');
  t.deepEqual(snapshot.calicoNode, { overlay: 'none' });
  t.deepEqual(snapshot.metadata, { name: 'shoot-nodes', annotations: { 'config.kubernetes.io/local-config': 'true' } });
});

test('the same nodes in another order give the same YAML', (t) => {
  const forward = snapshotToYaml(buildNodeConditionSnapshot({ nodes, calicoNodeDaemonSet: ipipDaemonSet }, identity));
  const backward = snapshotToYaml(buildNodeConditionSnapshot({ nodes: [...nodes].reverse(), calicoNodeDaemonSet: ipipDaemonSet }, identity));

  t.is(backward, forward);
});

test('long condition messages stay on one line', (t) => {
  const message = 'calico-node is not ready on this node yet and the route is missing '.repeat(4).trim();
  const yaml = snapshotToYaml(buildNodeConditionSnapshot({
    nodes: [{ metadata: { name: 'n' }, status: { conditions: [{ type: 'NetworkUnavailable', status: 'True', message }] } }],
    calicoNodeDaemonSet: ipipDaemonSet,
  }, identity));

  t.true(yaml.split('\n').some((line) => line.trim() === `message: ${message}`));
});

test('a node without a name is an error, not a silent gap in what the guard sees', (t) => {
  const error = t.throws(() => buildNodeConditionSnapshot({ nodes: [{ metadata: {} }], calicoNodeDaemonSet: ipipDaemonSet }, identity), { instanceOf: SnapshotFailure });

  t.regex(error?.message ?? '', /node without a name/);
});

test('a DaemonSet without the calico-node container is an error', (t) => {
  const error = t.throws(
    () => buildNodeConditionSnapshot({ nodes, calicoNodeDaemonSet: apiCalicoNodeDaemonSet('vxlan', 'calico-node-init') as V1DaemonSet }, identity),
    { instanceOf: SnapshotFailure },
  );

  t.regex(error?.message ?? '', /kube-system\/calico-node has no container named calico-node/);
});
