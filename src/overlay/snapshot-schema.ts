// Our compact node-condition snapshot: what the `snapshot` command writes and the overlay
// guard reads. Only the NetworkUnavailable condition of each node matters to the decision.
import * as z from 'zod/mini';
import { FN_API_VERSION } from '../inputs/schemas.js';
import { isRecord } from '../plain-data.js';

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

const OPTIONAL_CONDITION_FIELDS = ['reason', 'message', 'lastTransitionTime'] as const;

/**
 * Whether NodeConditionSnapshotSchema accepts these `nodes`, checked by hand: the schema takes
 * about 2 µs a node (0.1 s for 50,000). A shortcut only: what this refuses, the schema judges.
 */
export function areWellFormedNodes(nodes: unknown): nodes is NodeConditionSnapshot['nodes'] {
  return Array.isArray(nodes) && nodes.every((node) =>
    isRecord(node) && typeof node.name === 'string' && node.name !== '' &&
    (node.conditions === undefined || (Array.isArray(node.conditions) && node.conditions.every(isWellFormedCondition))));
}

function isWellFormedCondition(condition: unknown): boolean {
  return isRecord(condition) && typeof condition.type === 'string' && typeof condition.status === 'string' &&
    OPTIONAL_CONDITION_FIELDS.every((field) => condition[field] === undefined || typeof condition[field] === 'string');
}

