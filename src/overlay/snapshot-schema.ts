// Our compact node-condition snapshot: what the `snapshot` command writes and the overlay
// guard reads. Only the NetworkUnavailable condition of each node matters to the decision.
import { z } from 'zod';
import { FN_API_VERSION } from '../inputs/schemas.js';

export const OVERLAY_STATES = ['ipip', 'vxlan', 'none'] as const;
export type OverlayState = (typeof OVERLAY_STATES)[number];

export const NODE_CONDITION_SNAPSHOT_KIND = 'NodeConditionSnapshot';

const conditionSchema = z.object({
  type: z.string(),
  status: z.string(),
  reason: z.string().optional(),
  message: z.string().optional(),
  lastTransitionTime: z.string().optional(),
});
export type NodeCondition = z.infer<typeof conditionSchema>;

export const NodeConditionSnapshotSchema = z.object({
  apiVersion: z.literal(FN_API_VERSION),
  kind: z.literal(NODE_CONDITION_SNAPSHOT_KIND),
  metadata: z.object({ name: z.string() }).passthrough(),
  capturedAt: z.iso.datetime({ offset: true }).optional(),
  nodes: z.array(z.object({ name: z.string().min(1), conditions: z.array(conditionSchema).optional() })),
  calicoNode: z.object({ overlay: z.enum(OVERLAY_STATES) }).optional(),
});
export type NodeConditionSnapshot = z.infer<typeof NodeConditionSnapshotSchema>;
