// The overlay stage of the pipeline: reads the snapshot and the running state from the items,
// decides, and says what the values stage must render instead of the desired overlay.
import type { RenderRequest } from '../inputs/classify.js';
import { isKind } from '../inputs/classify.js';
import type { NetworkConfig } from '../inputs/schemas.js';
import { refOf, type InputItem, type Result } from '../krm/types.js';
import { admissionPolicyApi, decideOverlaySwitch, type AdmissionPolicyApi, type RunningOverlay } from './decide.js';
import { readNodeSnapshot, type NodeSnapshot } from './node-snapshot.js';
import { overlayOfCalicoNodeDaemonSet } from './running-state.js';

export interface OverlayStage {
  /** The NetworkConfig to render: the desired one, or with the overlay held as it runs. */
  networkConfig?: NetworkConfig;
  /** The MutatingAdmissionPolicy API to render the policy for, when it is wanted. */
  admissionPolicy?: AdmissionPolicyApi;
  /** Snapshot items, to be marked local-config. */
  snapshotItems: number[];
  results: Result[];
  failed: boolean;
}

export function overlayStage(items: readonly InputItem[], request: RenderRequest, now: Date): OverlayStage {
  const reading = readNodeSnapshot(items);
  if (reading.errors.length > 0) return { snapshotItems: reading.itemIndexes, results: reading.errors, failed: true };

  const desired = request.values.networkConfig;
  const desiredOverlayEnabled = desired?.overlay?.enabled ?? true;
  // What runs now matters only to a switch off the overlay.
  const running = desiredOverlayEnabled ? { state: 'unknown' as const } : runningOverlay(items, reading.snapshot);
  if ('severity' in running) return { snapshotItems: reading.itemIndexes, results: [running], failed: true };
  const api = admissionPolicyApi(request.kubernetesVersion, request.kubeAPIServer);
  const decision = decideOverlaySwitch({
    seamlessOverlaySwitch: request.featureGates.SeamlessOverlaySwitch,
    admissionPolicyApi: api,
    kubernetesVersion: request.kubernetesVersion,
    desiredOverlayEnabled,
    running,
    snapshot: reading.snapshot,
    maxSnapshotAgeSeconds: request.overlaySwitch.maxSnapshotAgeSeconds,
    now,
    networkRef: request.network,
  });
  const networkConfig = decision.hold ? withOverlayKept(desired ?? {}, decision.hold) : desired;
  const wantsPolicy = !desiredOverlayEnabled && api !== undefined && request.overlaySwitch.admissionPolicy === 'Emit';
  return {
    networkConfig,
    admissionPolicy: wantsPolicy ? api : undefined,
    snapshotItems: reading.itemIndexes,
    results: decision.results,
    failed: false,
  };
}

/**
 * The snapshot's word first (it saw the cluster), then the calico-node DaemonSets in the package;
 * an error result when those disagree, as picking one would depend on the item order.
 */
function runningOverlay(items: readonly InputItem[], snapshot: NodeSnapshot | undefined): RunningOverlay | Result {
  if (snapshot?.calicoNodeOverlay) return { state: snapshot.calicoNodeOverlay, source: 'snapshot' };
  const daemonSets = items.filter((item) =>
    isKind(item.object, 'apps/v1', 'DaemonSet') &&
    (item.object.metadata as { name?: unknown; namespace?: unknown } | undefined)?.name === 'calico-node' &&
    ['kube-system', undefined].includes((item.object.metadata as { namespace?: string }).namespace));
  const states = new Set(daemonSets.map((item) => overlayOfCalicoNodeDaemonSet(item.object)).filter((state) => state !== undefined));
  if (states.size > 1) {
    return {
      severity: 'error',
      message: `found ${daemonSets.length} kube-system/calico-node DaemonSets that disagree on the running overlay (${[...states].sort().join(', ')}): keep only the one that runs, or give calicoNode.overlay in a NodeConditionSnapshot`,
      resourceRef: refOf(daemonSets[0]!.object),
    };
  }
  const [state] = states;
  return state ? { state, source: 'daemonset' } : { state: 'unknown' };
}

/** Everything as desired, except the overlay, which stays as it runs now. */
function withOverlayKept(config: NetworkConfig, overlay: 'ipip' | 'vxlan'): NetworkConfig {
  return { ...config, overlay: { enabled: true }, vxlan: { enabled: overlay === 'vxlan' } };
}
