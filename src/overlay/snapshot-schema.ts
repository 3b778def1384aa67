// Our compact node-condition snapshot: what the `snapshot` command writes and the overlay
// guard reads. Per node, the NetworkUnavailable condition (route evidence) and Calico's tunnel
// addresses (overlay evidence); for the cluster, the overlay of the live calico-node DaemonSet.
// Strict: an unknown field is an error, a typo must not silently drop evidence.
import * as z from 'zod/mini';
import { builtOnFirstUse } from '../built-on-first-use.js';
import { FN_API_VERSION } from '../inputs/schemas.js';
import { isPlainRecord } from '../plain-data.js';

export const OVERLAY_STATES = ['ipip', 'vxlan', 'none'] as const;
export type OverlayState = (typeof OVERLAY_STATES)[number];
export type OverlayKind = Exclude<OverlayState, 'none'>;

export const NODE_CONDITION_SNAPSHOT_KIND = 'NodeConditionSnapshot';

/**
 * The Node annotations calico-node keeps while an IPIP/VXLAN pool that selects the node is enabled
 * (libcalico-go's Kubernetes datastore stores Calico's node spec there; see docs/overlay-switch.md).
 * Key: the short name a NodeConditionSnapshot uses; value: the overlay it proves.
 */
export const TUNNEL_ADDRESSES = {
  IPv4IPIPTunnelAddr: 'ipip',
  IPv4VXLANTunnelAddr: 'vxlan',
  IPv6VXLANTunnelAddr: 'vxlan',
} as const satisfies Record<string, OverlayKind>;
export type TunnelAddressName = keyof typeof TUNNEL_ADDRESSES;
export const TUNNEL_ANNOTATION_PREFIX = 'projectcalico.org/';

const CONDITION_FIELDS = ['reason', 'message', 'lastTransitionTime', 'lastHeartbeatTime'] as const;

/** Built on first use: a render reads a snapshot only when one is given. */
export const nodeConditionSnapshotSchema = builtOnFirstUse(() => z.strictObject({
  apiVersion: z.literal(FN_API_VERSION),
  kind: z.literal(NODE_CONDITION_SNAPSHOT_KIND),
  metadata: z.looseObject({ name: z.string() }),
  capturedAt: z.optional(z.iso.datetime({ offset: true, error: 'expected an RFC 3339 time such as "2026-11-23T10:00:00Z"' })),
  nodes: z.array(z.strictObject({
    name: z.string().check(z.minLength(1)),
    conditions: z.optional(z.array(z.strictObject({
      type: z.string(),
      status: z.string(),
      reason: z.optional(z.string()),
      message: z.optional(z.string()),
      lastTransitionTime: z.optional(z.string()),
      lastHeartbeatTime: z.optional(z.string()),
    }))),
    /** Present (possibly empty) when the snapshot recorded the node's tunnel addresses. */
    tunnelAddresses: z.optional(z.strictObject({
      IPv4IPIPTunnelAddr: z.optional(z.string()),
      IPv4VXLANTunnelAddr: z.optional(z.string()),
      IPv6VXLANTunnelAddr: z.optional(z.string()),
    })),
  })),
  calicoNode: z.optional(z.strictObject({ overlay: z.enum(OVERLAY_STATES) })),
}));
export type NodeConditionSnapshot = z.infer<ReturnType<typeof nodeConditionSnapshotSchema>>;
type SnapshotNode = NodeConditionSnapshot['nodes'][number];
export type NodeCondition = NonNullable<SnapshotNode['conditions']>[number];
export type TunnelAddresses = NonNullable<SnapshotNode['tunnelAddresses']>;

const NODE_FIELDS = new Set(['name', 'conditions', 'tunnelAddresses']);
const CONDITION_KEYS = new Set<string>(['type', 'status', ...CONDITION_FIELDS]);
const TUNNEL_KEYS = new Set<string>(Object.keys(TUNNEL_ADDRESSES));

/**
 * Whether nodeConditionSnapshotSchema accepts these `nodes`, checked by hand, so that they are
 * taken as they are: zod takes about 2 µs a node (0.1 s for 50,000), and it and the generated
 * parser (inputs/fast-parsers-source.ts) copy each. A shortcut only: what this refuses, the schema judges.
 */
export function areWellFormedNodes(nodes: unknown): nodes is NodeConditionSnapshot['nodes'] {
  return Array.isArray(nodes) && nodes.every((node) =>
    isPlainRecord(node) && Object.keys(node).every((key) => NODE_FIELDS.has(key)) &&
    typeof node.name === 'string' && node.name !== '' &&
    (node.conditions === undefined || (Array.isArray(node.conditions) && node.conditions.every(isWellFormedCondition))) &&
    (node.tunnelAddresses === undefined || isStringMap(node.tunnelAddresses, TUNNEL_KEYS)));
}

function isWellFormedCondition(condition: unknown): boolean {
  return isPlainRecord(condition) && typeof condition.type === 'string' && typeof condition.status === 'string' &&
    isStringMap(condition, CONDITION_KEYS);
}

function isStringMap(value: unknown, keys: ReadonlySet<string>): boolean {
  return isPlainRecord(value) && Object.entries(value).every(([key, entry]) => keys.has(key) && (entry === undefined || typeof entry === 'string'));
}
