// Turns what the API server returned into a NodeConditionSnapshot. Pure (the clock comes in as a
// value), so the same cluster state always gives the same bytes.
import type { V1Node, V1NodeCondition } from '@kubernetes/client-node';
import { stringify } from 'yaml';
import { FN_API_VERSION } from '../inputs/schemas.js';
import { overlayOfCalicoNodeDaemonSet } from '../overlay/running-state.js';
import { NODE_CONDITION_SNAPSHOT_KIND, type NodeCondition, type NodeConditionSnapshot } from '../overlay/snapshot-schema.js';
import { CALICO_NODE_DAEMONSET, CALICO_NODE_NAMESPACE, type LiveClusterState } from './cluster.js';
import { SnapshotFailure } from './failure.js';
import { compareCodeUnits } from '../plain-data.js';

export const DEFAULT_SNAPSHOT_NAME = 'shoot-nodes';
/** The only condition the overlay-switch guard decides on. */
const GUARDED_CONDITION_TYPE = 'NetworkUnavailable';

export interface SnapshotIdentity {
  name: string;
  capturedAt: Date;
}

export function buildNodeConditionSnapshot(state: LiveClusterState, identity: SnapshotIdentity): NodeConditionSnapshot {
  const overlay = overlayOfCalicoNodeDaemonSet(state.calicoNodeDaemonSet);
  if (overlay === undefined) {
    throw new SnapshotFailure(
      `DaemonSet ${CALICO_NODE_NAMESPACE}/${CALICO_NODE_DAEMONSET} has no container named calico-node — check that it is the Calico that Gardener deploys`,
    );
  }
  return {
    apiVersion: FN_API_VERSION,
    kind: NODE_CONDITION_SNAPSHOT_KIND,
    // local-config: a snapshot lives next to manifests but must never be applied to a cluster.
    metadata: { name: identity.name, annotations: { 'config.kubernetes.io/local-config': 'true' } },
    capturedAt: identity.capturedAt.toISOString(),
    calicoNode: { overlay },
    nodes: state.nodes.map(nodeEntry).sort((a, b) => compareCodeUnits(a.name, b.name)),
  };
}

export function snapshotToYaml(snapshot: NodeConditionSnapshot): string {
  // No line folding: a long condition message stays on one line, which keeps diffs readable.
  return stringify(snapshot, { lineWidth: 0 });
}

function nodeEntry(node: V1Node): { name: string; conditions: NodeCondition[] } {
  const name = node.metadata?.name;
  // The guard must see every node; silently dropping one could let an unsafe switch through.
  if (!name) throw new SnapshotFailure('the API server returned a node without a name — the node list cannot be trusted');
  const conditions = (node.status?.conditions ?? []).filter((condition) => condition.type === GUARDED_CONDITION_TYPE);
  return { name, conditions: conditions.map(snapshotCondition) };
}

function snapshotCondition(condition: V1NodeCondition): NodeCondition {
  const entry: NodeCondition = { type: condition.type, status: condition.status };
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

