// Turns node facts into a NodeConditionSnapshot: what the API server returned (`snapshot`), or a
// saved `kubectl get nodes -o yaml|json` (`snapshot --from`). Pure (the clock comes in as a
// value), so the same cluster state always gives the same bytes.
import type { V1Node, V1NodeCondition } from '@kubernetes/client-node';
import { stringify } from 'yaml';
import { FN_API_VERSION } from '../inputs/schemas.js';
import { tunnelAddressesOfNode } from '../overlay/node-snapshot.js';
import { readCalicoNodeOverlay } from '../overlay/running-state.js';
import {
  NODE_CONDITION_SNAPSHOT_KIND, type NodeCondition, type NodeConditionSnapshot, type OverlayState,
} from '../overlay/snapshot-schema.js';
import { CALICO_NODE_DAEMONSET, CALICO_NODE_NAMESPACE, type LiveClusterState } from './cluster.js';
import { SnapshotFailure } from './failure.js';
import { compareCodeUnits, LOCAL_CONFIG_ANNOTATION } from '../plain-data.js';

export const DEFAULT_SNAPSHOT_NAME = 'shoot-nodes';
/** The only condition the overlay-switch guard decides on. */
export const GUARDED_CONDITION_TYPE = 'NetworkUnavailable';

export interface SnapshotIdentity {
  name: string;
  capturedAt: Date;
}

export type SnapshotNode = NodeConditionSnapshot['nodes'][number];

export function buildNodeConditionSnapshot(state: LiveClusterState, identity: SnapshotIdentity): NodeConditionSnapshot {
  const overlay = calicoNodeOverlay(state.calicoNodeDaemonSet);
  const nodes = state.nodes.map(liveNodeEntry);
  if (nodes.length === 0) throw new SnapshotFailure('the API server listed no node — check that the context is the right cluster');
  const twice = nameListedTwice(nodes);
  if (twice !== undefined) throw new SnapshotFailure(`the API server listed node ${twice} twice — the node list cannot be trusted`);
  return snapshotOf(nodes, { name: identity.name, capturedAt: identity.capturedAt.toISOString(), overlay });
}

/** The first node name listed twice, if any: which entry holds the truth cannot be told. */
export function nameListedTwice(nodes: readonly SnapshotNode[]): string | undefined {
  const names = new Set<string>();
  for (const { name } of nodes) {
    if (names.has(name)) return name;
    names.add(name);
  }
  return undefined;
}

/**
 * The overlay the calico-node DaemonSet shows, for calicoNode.overlay; `undefined` when it does
 * not show it (a value from valueFrom, say): the snapshot then leaves it out, and the nodes'
 * tunnel addresses tell the guard what runs.
 */
export function calicoNodeOverlay(daemonSet: unknown): OverlayState | undefined {
  const overlay = readCalicoNodeOverlay(daemonSet);
  if (overlay === undefined) throw notCalicoNode();
  return typeof overlay === 'string' ? overlay : undefined;
}

/** The snapshot document; `overlay` only when a calico-node DaemonSet was seen. */
export function snapshotOf(nodes: SnapshotNode[], identity: { name: string; capturedAt: string; overlay?: OverlayState }): NodeConditionSnapshot {
  const snapshot: NodeConditionSnapshot = {
    apiVersion: FN_API_VERSION,
    kind: NODE_CONDITION_SNAPSHOT_KIND,
    // local-config: a snapshot lives next to manifests but must never be applied to a cluster.
    metadata: { name: identity.name, annotations: { [LOCAL_CONFIG_ANNOTATION]: 'true' } },
    capturedAt: identity.capturedAt,
    nodes: [...nodes].sort((a, b) => compareCodeUnits(a.name, b.name)),
  };
  if (identity.overlay) snapshot.calicoNode = { overlay: identity.overlay };
  return snapshot;
}

function notCalicoNode(): SnapshotFailure {
  return new SnapshotFailure(
    `DaemonSet ${CALICO_NODE_NAMESPACE}/${CALICO_NODE_DAEMONSET} has no container named calico-node — check that it is the Calico that Gardener deploys`,
  );
}

export function snapshotToYaml(snapshot: NodeConditionSnapshot): string {
  // No line folding: a long condition message stays on one line, which keeps diffs readable.
  return stringify(snapshot, { lineWidth: 0 });
}

function liveNodeEntry(node: V1Node): SnapshotNode {
  const name = node.metadata?.name;
  // The guard must see every node; silently dropping one could let an unsafe switch through.
  if (!name) throw new SnapshotFailure('the API server returned a node without a name — the node list cannot be trusted');
  const conditions = (node.status?.conditions ?? []).filter((condition) => condition.type === GUARDED_CONDITION_TYPE);
  // A live Node is complete: no annotations means no tunnel address.
  const tunnelAddresses = tunnelAddressesOfNode({ metadata: { annotations: node.metadata?.annotations ?? {} } }) ?? {};
  return { name, conditions: conditions.map(liveCondition), tunnelAddresses };
}

function liveCondition(condition: V1NodeCondition): NodeCondition {
  // A status that is no string (a JSON false from a broken server) is written as text, as --from
  // does: never "False", so never a route, and a snapshot the render reads.
  const entry: NodeCondition = { type: condition.type, status: String(condition.status) };
  // The API omits empty strings (omitempty), so an empty value means the same as an absent one.
  if (condition.reason) entry.reason = condition.reason;
  if (condition.message) entry.message = condition.message;
  if (condition.lastTransitionTime) entry.lastTransitionTime = kubernetesTime(condition.lastTransitionTime);
  return entry;
}

/**
 * The client parses condition times into Dates; metav1.Time is RFC 3339 with whole seconds in UTC,
 * so dropping the milliseconds gives back exactly the text the API server sent.
 */
function kubernetesTime(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
