// Our compact node-condition snapshot: what the `snapshot` command writes and the overlay
// guard reads. Only the NetworkUnavailable condition of each node matters to the decision.
import * as z from 'zod/mini';
import { FN_API_VERSION } from '../inputs/schemas.js';

export const OVERLAY_STATES = ['ipip', 'vxlan', 'none'] as const;
export type OverlayState = (typeof OVERLAY_STATES)[number];

export const NODE_CONDITION_SNAPSHOT_KIND = 'NodeConditionSnapshot';

const conditionSchema = z.object({
  type: z.string(),
  status: z.string(),
  reason: z.optional(z.string()),
  message: z.optional(z.string()),
  lastTransitionTime: z.optional(z.string()),
});
export type NodeCondition = z.infer<typeof conditionSchema>;

export const NodeConditionSnapshotSchema = z.object({
  apiVersion: z.literal(FN_API_VERSION),
  kind: z.literal(NODE_CONDITION_SNAPSHOT_KIND),
  metadata: z.looseObject({ name: z.string() }),
  capturedAt: z.optional(z.iso.datetime({ offset: true, error: 'expected an RFC 3339 time such as "2026-11-23T10:00:00Z"' })),
  nodes: z.array(z.object({ name: z.string().check(z.minLength(1)), conditions: z.optional(z.array(conditionSchema)) })),
  calicoNode: z.optional(z.object({ overlay: z.enum(OVERLAY_STATES) })),
});
export type NodeConditionSnapshot = z.infer<typeof NodeConditionSnapshotSchema>;
