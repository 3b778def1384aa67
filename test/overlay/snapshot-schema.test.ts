// The hand-written check of snapshot nodes is a shortcut past the schema, never a looser rule:
// whatever it accepts, the schema accepts too.
import test from 'ava';
import fc from 'fast-check';
import * as z from 'zod/mini';
import { areWellFormedNodes, nodeConditionSnapshotSchema } from '../../src/overlay/snapshot-schema.js';

const nodesSchema = nodeConditionSnapshotSchema().def.shape.nodes;
const loose = fc.oneof(fc.string(), fc.constant(''), fc.constant(null), fc.constant(undefined), fc.integer(), fc.constant([]), fc.constant({}));
const condition = fc.record(
  { type: loose, status: loose, reason: loose, message: loose, lastTransitionTime: loose, extra: loose },
  { requiredKeys: [] },
);
const tunnelAddresses = fc.oneof(loose, fc.record({ IPv4IPIPTunnelAddr: loose, IPv4VXLANTunnelAddr: loose, IPv6VXLANTunnelAddr: loose, other: loose }, { requiredKeys: [] }));
const node = fc.oneof(
  fc.record({ name: loose, conditions: fc.oneof(loose, fc.array(fc.oneof(condition, loose), { maxLength: 3 })), tunnelAddresses, extra: loose }, { requiredKeys: [] }),
  loose,
);

test('nodes the shortcut accepts, the schema accepts', (t) => {
  let accepted = 0;
  fc.assert(
    fc.property(fc.oneof(fc.array(node, { maxLength: 3 }), loose), (nodes) => {
      if (!areWellFormedNodes(nodes)) return true;
      accepted += 1;
      return z.safeParse(nodesSchema, nodes).success;
    }),
    { numRuns: 5_000, seed: 3 },
  );
  t.true(accepted > 200, `only ${accepted} accepted: the property says little`);
});

test('the shape the snapshot command writes takes the shortcut', (t) => {
  t.true(areWellFormedNodes([{ name: 'a', conditions: [{ type: 'NetworkUnavailable', status: 'False', reason: 'RouteCreated', message: 'm', lastTransitionTime: '2026-11-23T10:00:00Z' }] }, { name: 'b' }]));
  t.false(areWellFormedNodes([{ name: '' }]));
  t.false(areWellFormedNodes([{ name: 'a', conditions: [{ type: 'NetworkUnavailable', status: 'False', reason: null }] }]));
  t.true(areWellFormedNodes([{ name: 'a', conditions: [], tunnelAddresses: {} }, { name: 'b', tunnelAddresses: { IPv4IPIPTunnelAddr: '100.96.0.1' } }]));
  t.false(areWellFormedNodes([{ name: 'a', tunnelAddresses: { IPv4IPIPTunnelAdr: '100.96.0.1' } }]), 'a misspelt key goes to the schema, which names it');
  t.false(areWellFormedNodes([{ name: 'a', condition: [] }]));
});
