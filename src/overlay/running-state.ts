// What overlay calico-node runs now, from the evidence in the input, newest first: our own
// previous render with the overlay off (the switch was let through), the node snapshot (the
// DaemonSet's overlay as captured, Calico's tunnel addresses on the nodes), a calico-node
// DaemonSet in the input (our previous render, or a captured live object), and last an explicit
// declaration that the cluster runs no Calico yet.
import { refOf, type InputItem, type Result } from '../krm/types.js';
import { isGenerated } from '../emit/emit.js';
import { isKubeSystemObject } from '../plain-data.js';
import type { NodeSnapshot } from './node-snapshot.js';
import type { OverlayKind, OverlayState } from './snapshot-schema.js';

export type RunningOverlay =
  /** Our previous render in the input has the overlay off: the switch was let through. */
  | { state: 'released'; by: string }
  /** Nothing to switch: the overlay is off, or no calico-node runs yet. */
  | { state: 'none'; by: string; stillTunneled?: string[] }
  | { state: OverlayKind; by: string }
  | { state: 'unknown' };

export interface RunningEvidence {
  /** The overlay of our own previous render of calico-node in the input. */
  previousRender?: OverlayState;
  /** The overlay of the other kube-system/calico-node DaemonSets in the input (captured live). */
  captured?: OverlayState;
  snapshot?: NodeSnapshot;
  /** The user declared that no calico-node runs yet (a brand-new cluster). */
  declaredNewCluster: boolean;
}

export const PREVIOUS_RENDER = 'our previous render of DaemonSet kube-system/calico-node in the input';
const CAPTURED = 'the kube-system/calico-node DaemonSet in the input';

export function resolveRunningOverlay(evidence: RunningEvidence): RunningOverlay {
  const { previousRender, captured, snapshot } = evidence;
  if (previousRender === 'none') return { state: 'released', by: PREVIOUS_RENDER };
  const fromSnapshot = snapshot && overlayOfSnapshot(snapshot);
  if (fromSnapshot) return fromSnapshot;
  const daemonSet = previousRender ?? captured;
  if (daemonSet) return daemonSet === 'none' ? { state: 'none', by: CAPTURED } : { state: daemonSet, by: previousRender ? PREVIOUS_RENDER : CAPTURED };
  if (evidence.declaredNewCluster) return { state: 'none', by: 'declared new: spec.overlaySwitch.newCluster or render --new-cluster' };
  return { state: 'unknown' };
}

/**
 * The snapshot's word on the overlay. calicoNode.overlay is the live DaemonSet's: on means it
 * runs; none means calico-node was already switched (or never had an overlay), even while some
 * nodes still carry tunnel addresses during the roll-out. Without it, the tunnel addresses tell:
 * one node with one means the overlay still runs there; none on any node, all recorded, means
 * it runs nowhere.
 */
function overlayOfSnapshot(snapshot: NodeSnapshot): RunningOverlay | undefined {
  const tunneled = snapshot.nodes.filter((node) => node.tunnels && node.tunnels.length > 0);
  const declared = snapshot.calicoNodeOverlay;
  if (declared === 'ipip' || declared === 'vxlan') return { state: declared, by: "the node snapshot's calicoNode.overlay" };
  if (declared === 'none') {
    const running: RunningOverlay = { state: 'none', by: "the node snapshot's calicoNode.overlay" };
    return tunneled.length > 0 ? { ...running, stillTunneled: tunneled.map((node) => node.name) } : running;
  }
  if (tunneled.length > 0) {
    const state = tunneled.some((node) => node.tunnels?.includes('vxlan')) ? 'vxlan' : 'ipip';
    return { state, by: `Calico tunnel addresses on ${tunneled.length} of ${snapshot.nodes.length} nodes in the node snapshot` };
  }
  if (snapshot.nodes.length > 0 && snapshot.nodes.every((node) => node.tunnels !== undefined)) {
    return { state: 'none', by: `no Calico tunnel address on any of the ${snapshot.nodes.length} nodes in the node snapshot` };
  }
  return undefined;
}

/**
 * The overlay of each kind of calico-node DaemonSet in the input: ours (carrying our generated
 * annotation) and captured ones; an error result when those of one kind disagree, as picking
 * one would depend on the item order.
 */
export function daemonSetEvidence(items: readonly InputItem[]): Pick<RunningEvidence, 'previousRender' | 'captured'> | Result {
  const daemonSets = items.filter((item) => isKubeSystemObject(item.object, 'apps/v1', 'DaemonSet', 'calico-node'));
  const previousRender = agreedOverlay(daemonSets.filter((item) => isGenerated(item.object)));
  // Ours with the overlay off decides alone (the switch was let through); else all must agree.
  if (previousRender === 'none') return { previousRender };
  if (agreedOverlay(daemonSets) === null) {
    const states = new Set(daemonSets.map((item) => overlayOfCalicoNodeDaemonSet(item.object)).filter((state) => state !== undefined));
    return {
      severity: 'error',
      message: `found ${daemonSets.length} kube-system/calico-node DaemonSets that disagree on the running overlay (${[...states].sort().join(', ')}): keep only the one that runs, or give calicoNode.overlay in a NodeConditionSnapshot`,
      resourceRef: refOf(daemonSets[0]!.object),
    };
  }
  return { previousRender: previousRender ?? undefined, captured: agreedOverlay(daemonSets.filter((item) => !isGenerated(item.object))) ?? undefined };
}

/** The one overlay these DaemonSets agree on; undefined for none, null when they disagree. */
function agreedOverlay(daemonSets: readonly InputItem[]): OverlayState | undefined | null {
  const states = new Set(daemonSets.map((item) => overlayOfCalicoNodeDaemonSet(item.object)).filter((state) => state !== undefined));
  if (states.size > 1) return null;
  return [...states][0];
}

interface EnvVar { name?: unknown; value?: unknown }

/** `undefined` when the object does not look like a calico-node DaemonSet with that container. */
export function overlayOfCalicoNodeDaemonSet(daemonSet: unknown): OverlayState | undefined {
  const containers = (daemonSet as { spec?: { template?: { spec?: { containers?: unknown } } } })?.spec?.template?.spec?.containers;
  if (!Array.isArray(containers)) return undefined;
  const calicoNode = containers.find((container) => (container as { name?: unknown })?.name === 'calico-node') as { env?: unknown } | undefined;
  if (!calicoNode) return undefined;
  const env = Array.isArray(calicoNode.env) ? (calicoNode.env as EnvVar[]) : [];
  const isOn = (name: string) => env.some((variable) => variable?.name === name && String(variable.value).toLowerCase() === 'true');
  if (isOn('FELIX_VXLANENABLED')) return 'vxlan';
  if (isOn('FELIX_IPINIPENABLED')) return 'ipip';
  return 'none';
}
