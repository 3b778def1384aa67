// Finds the node-condition snapshot among the items, in any of its three forms: v1 Node
// items, a v1 List/NodeList of Nodes (`kubectl get nodes -o yaml`), or our compact
// NodeConditionSnapshot. Read per node: its name, its NetworkUnavailable condition (route
// evidence) and Calico's tunnel addresses (overlay evidence); for the snapshot, when it was
// captured (a NodeConditionSnapshot's capturedAt, else the newest condition heartbeat of the
// Nodes, which the kubelet refreshes every few minutes).
import { fromZodIssues } from '../inputs/field-errors.js';
import { fastParseNodeConditionSnapshot } from '../inputs/fast-parsers.generated.js';
import { parseInput } from '../inputs/parse-input.js';
import { FN_API_VERSION } from '../inputs/schemas.js';
import { refOf, type InputItem, type ResourceRef, type Result } from '../krm/types.js';
import { hasRoute, saysRouteCreated } from './decide.js';
import {
  areWellFormedNodes, NODE_CONDITION_SNAPSHOT_KIND, nodeConditionSnapshotSchema, TUNNEL_ADDRESSES, TUNNEL_ANNOTATION_PREFIX,
  type NodeCondition, type OverlayKind, type OverlayState, type TunnelAddresses, type TunnelAddressName,
} from './snapshot-schema.js';
import { compareCodeUnits } from '../plain-data.js';

export interface NodeRouteEvidence {
  name: string;
  /** The node's NetworkUnavailable condition, if it has one. */
  networkUnavailable?: Pick<NodeCondition, 'status' | 'reason'>;
  /** Set when the snapshot gave the Node object itself. */
  nodeRef?: ResourceRef;
  /**
   * The overlays the node's Calico tunnel addresses prove (empty: it has none); undefined when
   * the snapshot did not record them (a hand-written Node without annotations, an older
   * NodeConditionSnapshot).
   */
  tunnels?: OverlayKind[];
}

export interface NodeSnapshot {
  nodes: NodeRouteEvidence[];
  capturedAt?: string;
  calicoNodeOverlay?: OverlayState;
  /** The compact snapshot item, for results that concern it. */
  snapshotRef?: ResourceRef;
}

export interface SnapshotReading {
  snapshot?: NodeSnapshot;
  /** Input items that make up the snapshot (marked local-config in the output). */
  itemIndexes: number[];
  errors: Result[];
}

/** Why a Node outside a list is refused as a snapshot file (snapshot --from, render --snapshot). */
export const SINGLE_NODE_REFUSED = 'a single Node (as kubectl get node NAME shows it), not the list of every node the guard must see: save kubectl get nodes -o yaml';

export function isSnapshotItem(object: Record<string, unknown>): boolean {
  return isNode(object) || isNodeList(object) || (object.apiVersion === FN_API_VERSION && object.kind === NODE_CONDITION_SNAPSHOT_KIND);
}

export function readNodeSnapshot(items: readonly InputItem[]): SnapshotReading {
  const byName = new Map<string, NodeRouteEvidence>();
  const itemIndexes: number[] = [];
  const errors: Result[] = [];
  let compact: Pick<NodeSnapshot, 'capturedAt' | 'calicoNodeOverlay' | 'snapshotRef'> | undefined;
  let heartbeat: string | undefined;

  for (const item of items) {
    const { object } = item;
    if (!isSnapshotItem(object)) continue;
    itemIndexes.push(item.index);
    const unmarkable = unmarkableMetadata(object);
    if (unmarkable) {
      errors.push(unmarkable);
    } else if (isNode(object)) {
      if (!addNode(byName, evidenceOfNode(object, true))) errors.push(namelessNode(object, 'metadata.name'));
      heartbeat = newest(heartbeat, newestHeartbeat(object));
    } else if (isNodeList(object)) {
      (object.items as Record<string, unknown>[]).forEach((node, index) => {
        if (!addNode(byName, evidenceOfNode(node, false))) errors.push(namelessNode(object, `items[${index}].metadata.name`));
        heartbeat = newest(heartbeat, newestHeartbeat(node));
      });
    } else {
      const ref = refOf(object);
      if (compact) {
        errors.push({ severity: 'error', message: 'found more than one NodeConditionSnapshot: keep the newest one only', resourceRef: ref });
        continue;
      }
      // Well-formed nodes are taken as they are, not copied (50,000 of them, say); the rest of the
      // item is parsed, by its generated parser or by zod, which judges the nodes too if they are not.
      const { nodes } = object;
      const nodesChecked = areWellFormedNodes(nodes);
      const parsed = parseInput(fastParseNodeConditionSnapshot, nodeConditionSnapshotSchema, nodesChecked ? { ...object, nodes: [] } : object);
      if (!parsed.success) {
        for (const error of fromZodIssues(parsed.issues, '', nodeConditionSnapshotSchema())) {
          errors.push({ severity: 'error', message: error.message, resourceRef: ref, field: { path: error.path } });
        }
        continue;
      }
      compact = { capturedAt: parsed.data.capturedAt, calicoNodeOverlay: parsed.data.calicoNode?.overlay, snapshotRef: ref };
      for (const node of nodesChecked ? nodes : parsed.data.nodes) {
        addNode(byName, { name: node.name, networkUnavailable: networkUnavailableOf(node.conditions), tunnels: node.tunnelAddresses && tunnelsOf(node.tunnelAddresses) });
      }
    }
  }
  if (itemIndexes.length === 0) return { itemIndexes, errors };
  const nodes = [...byName.values()].sort((a, b) => compareCodeUnits(a.name, b.name));
  // Node items seen next to a NodeConditionSnapshot are as old as their own heartbeats: the
  // snapshot counts as captured at the older of the two.
  const capturedAt = compact?.capturedAt && heartbeat ? oldest(compact.capturedAt, heartbeat) : compact?.capturedAt ?? heartbeat;
  return { snapshot: { nodes, ...compact, capturedAt }, itemIndexes, errors };
}

/**
 * Snapshot items leave with the local-config annotation, so their metadata and annotations must be
 * maps (null or absent are empty ones). An error result names any other value.
 */
function unmarkableMetadata(object: Record<string, unknown>): Result | undefined {
  const isMapOrNone = (value: unknown) => value == null || (typeof value === 'object' && !Array.isArray(value));
  const metadata = object.metadata as Record<string, unknown> | null | undefined;
  const path = !isMapOrNone(metadata) ? 'metadata' : !isMapOrNone(metadata?.annotations) ? 'metadata.annotations' : undefined;
  if (!path) return undefined;
  return {
    severity: 'error',
    message: `must be a map: node snapshot items are marked config.kubernetes.io/local-config in the output`,
    resourceRef: refOf(object),
    field: { path },
  };
}

function isNode(object: Record<string, unknown>): boolean {
  return object.apiVersion === 'v1' && object.kind === 'Node';
}

/** A List counts only when every entry is a Node: other Lists are the user's business. */
function isNodeList(object: Record<string, unknown>): boolean {
  if (object.apiVersion !== 'v1' || (object.kind !== 'List' && object.kind !== 'NodeList')) return false;
  const entries = object.items;
  return Array.isArray(entries) && entries.length > 0 && entries.every((entry) => {
    const node = entry as Record<string, unknown> | null;
    return node !== null && typeof node === 'object' && (node.kind === 'Node' || (object.kind === 'NodeList' && node.kind === undefined));
  });
}

function evidenceOfNode(node: Record<string, unknown>, standalone: boolean): NodeRouteEvidence {
  const ref = refOf({ apiVersion: 'v1', kind: 'Node', ...node });
  const conditions = (node.status as { conditions?: unknown } | undefined)?.conditions;
  const evidence: NodeRouteEvidence = { name: ref.name ?? '', networkUnavailable: networkUnavailableOf(conditions) };
  const tunnelAddresses = tunnelAddressesOfNode(node);
  if (tunnelAddresses) evidence.tunnels = tunnelsOf(tunnelAddresses);
  if (standalone) evidence.nodeRef = { apiVersion: 'v1', kind: 'Node', name: ref.name };
  return evidence;
}

/**
 * Calico's tunnel addresses from a Node's annotations. A Node of a real cluster always carries
 * annotations (the kubelet and the attach-detach controller set some): one without any is
 * hand-written, and tells nothing about tunnels.
 */
export function tunnelAddressesOfNode(node: Record<string, unknown>): TunnelAddresses | undefined {
  const annotations = (node.metadata as { annotations?: unknown } | undefined)?.annotations;
  if (!annotations || typeof annotations !== 'object' || Array.isArray(annotations)) return undefined;
  const addresses: TunnelAddresses = {};
  for (const name of Object.keys(TUNNEL_ADDRESSES) as TunnelAddressName[]) {
    const value = (annotations as Record<string, unknown>)[`${TUNNEL_ANNOTATION_PREFIX}${name}`];
    if (typeof value === 'string' && value !== '') addresses[name] = value;
  }
  return addresses;
}

function tunnelsOf(addresses: TunnelAddresses): OverlayKind[] {
  const kinds = (Object.keys(TUNNEL_ADDRESSES) as TunnelAddressName[]).filter((name) => addresses[name]).map((name) => TUNNEL_ADDRESSES[name]);
  return [...new Set(kinds)];
}

/**
 * A time as the API server writes it, and as a NodeConditionSnapshot's capturedAt must be: other
 * text Date.parse reads too ("0" is the year 2000) is no heartbeat.
 */
const RFC_3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** The newest lastHeartbeatTime among a Node's conditions. */
export function newestHeartbeat(node: Record<string, unknown>): string | undefined {
  const conditions = (node.status as { conditions?: unknown } | undefined)?.conditions;
  if (!Array.isArray(conditions)) return undefined;
  let found: string | undefined;
  for (const condition of conditions) {
    const time = (condition as { lastHeartbeatTime?: unknown } | null)?.lastHeartbeatTime;
    if (typeof time === 'string' && RFC_3339.test(time)) found = newest(found, time);
  }
  return found;
}

function newest(a: string | undefined, b: string | undefined): string | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return Date.parse(b) > Date.parse(a) ? b : a;
}

function oldest(a: string, b: string): string {
  return Date.parse(b) < Date.parse(a) ? b : a;
}

/**
 * The node's NetworkUnavailable condition. Listed more than once, the node has its route only if
 * every entry says so: the first that does not is kept, whatever the order of the entries.
 */
function networkUnavailableOf(conditions: unknown): NodeRouteEvidence['networkUnavailable'] {
  if (!Array.isArray(conditions)) return undefined;
  let kept: NodeRouteEvidence['networkUnavailable'];
  for (const entry of conditions) {
    const condition = entry as { type?: unknown; status?: unknown; reason?: unknown } | null;
    if (condition?.type !== 'NetworkUnavailable') continue;
    // A status that is no string is never "False", so never a route; in messages it shows as written.
    const status = typeof condition.status === 'string' ? condition.status : JSON.stringify(condition.status) ?? 'nothing';
    if (kept === undefined || saysRouteCreated(kept)) kept = { status, reason: typeof condition.reason === 'string' ? condition.reason : undefined };
  }
  return kept;
}

/**
 * A node named twice (in Node items and a NodeConditionSnapshot, say) has its route only if every
 * entry says so: the switch waits rather than trust the friendlier entry, whatever the item order.
 * False, and nothing added, when the node has no name.
 */
function addNode(byName: Map<string, NodeRouteEvidence>, evidence: NodeRouteEvidence): boolean {
  const known = byName.get(evidence.name);
  if (!evidence.name) return false;
  const kept = known && !hasRoute(known) ? known : evidence;
  // Likewise a tunnel address in any entry counts: the overlay may still run on that node.
  const tunnels = known?.tunnels || evidence.tunnels ? [...new Set([...(known?.tunnels ?? []), ...(evidence.tunnels ?? [])])] : undefined;
  byName.set(evidence.name, tunnels ? { ...kept, tunnels } : kept);
  return true;
}

/** The guard must count every node: a Node it cannot name makes the snapshot untrustworthy. */
function namelessNode(item: Record<string, unknown>, path: string): Result {
  return { severity: 'error', message: 'a Node without a name: the guard must see every node, so the node snapshot cannot be trusted', resourceRef: refOf(item), field: { path } };
}
