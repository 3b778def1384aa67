// The hand-written check of snapshot nodes is a shortcut past the schema, never a looser rule:
// whatever it accepts, the schema accepts too.
import test from 'ava';
import fc from 'fast-check';
import * as z from 'zod/mini';
import { areWellFormedNodes, NodeConditionSnapshotSchema } from '../../src/overlay/snapshot-schema.js';

const nodesSchema = NodeConditionSnapshotSchema.def.shape.nodes;
const loose = fc.oneof(fc.string(), fc.constant(''), fc.constant(null), fc.constant(undefined), fc.integer(), fc.constant([]), fc.constant({}));
const condition = fc.record(
  { type: loose, status: loose, reason: loose, message: loose, lastTransitionTime: loose, extra: loose },
  { requiredKeys: [] },
);
const node = fc.oneof(fc.record({ name: loose, conditions: fc.oneof(loose, fc.array(fc.oneof(condition, loose), { maxLength: 3 })) }, { requiredKeys: [] }), loose);

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
});
