// The overlay stage of the pipeline: reads the snapshot and the running state from the items,
// decides, and says what the values stage must render instead of the desired overlay, and what
// the calico-node DaemonSet must say about a held switch.
import type { RenderRequest } from '../inputs/classify.js';
import type { NetworkConfig } from '../inputs/schemas.js';
import type { InputItem, Result } from '../krm/types.js';
import { admissionPolicyApi, decideOverlaySwitch, type AdmissionPolicyApi } from './decide.js';
import { readNodeSnapshot } from './node-snapshot.js';
import { daemonSetEvidence, resolveRunningOverlay, type RunningOverlay } from './running-state.js';
import type { OverlayKind } from './snapshot-schema.js';

export interface OverlayStage {
  /** The NetworkConfig to render: the desired one, or with the overlay held. */
  networkConfig?: NetworkConfig;
  /** The MutatingAdmissionPolicy API to render the policy for, when it is wanted. */
  admissionPolicy?: AdmissionPolicyApi;
  /** While a switch is held: the value of the overlay-switch annotation on calico-node. */
  heldAnnotation?: string;
  /** Snapshot items, to be marked local-config. */
  snapshotItems: number[];
  results: Result[];
  failed: boolean;
}

export interface OverlayStageOptions {
  now: Date;
  /** `render --new-cluster`: the user declares that no calico-node runs yet. */
  declaredNewCluster?: boolean;
}

export function overlayStage(items: readonly InputItem[], request: RenderRequest, options: OverlayStageOptions): OverlayStage {
  const reading = readNodeSnapshot(items);
  if (reading.errors.length > 0) return { snapshotItems: reading.itemIndexes, results: reading.errors, failed: true };

  const desired = request.values.networkConfig;
  const desiredOverlayEnabled = desired?.overlay?.enabled ?? true;
  const daemonSets = daemonSetEvidence(items);
  // What runs now matters only to a switch off the overlay: copies that disagree fail only that.
  if ('severity' in daemonSets && !desiredOverlayEnabled) return { snapshotItems: reading.itemIndexes, results: [daemonSets], failed: true };
  const evidence = 'severity' in daemonSets ? {} : daemonSets;
  const declaredNewCluster = request.overlaySwitch.newCluster || options.declaredNewCluster === true;
  const running = resolveRunningOverlay({ ...evidence, snapshot: reading.snapshot, declaredNewCluster });
  const api = admissionPolicyApi(request.kubernetesVersion, request.kubeAPIServer);
  const decision = decideOverlaySwitch({
    seamlessOverlaySwitch: request.featureGates.SeamlessOverlaySwitch,
    admissionPolicyApi: api,
    kubernetesVersion: request.kubernetesVersion,
    desiredOverlayEnabled,
    configOverlay: desired?.vxlan?.enabled ? 'vxlan' : 'ipip',
    running,
    previousRender: evidence.previousRender,
    snapshot: reading.snapshot,
    maxSnapshotAge: request.overlaySwitch.maxSnapshotAge,
    now: options.now,
    networkRef: request.network,
  });
  const networkConfig = decision.hold ? withOverlayKept(desired ?? {}, decision.hold) : desired;
  const wantsPolicy = !desiredOverlayEnabled && api !== undefined && request.overlaySwitch.admissionPolicy === 'Emit';
  return {
    networkConfig,
    admissionPolicy: wantsPolicy ? api : undefined,
    heldAnnotation: decision.annotation,
    snapshotItems: reading.itemIndexes,
    results: declaredNewCluster ? [...decision.results, ...staleDeclaration(running, request)] : decision.results,
    failed: false,
  };
}

/** A new-cluster declaration left in place while the input shows a running calico-node. */
function staleDeclaration(running: RunningOverlay, request: RenderRequest): Result[] {
  if (running.state !== 'ipip' && running.state !== 'vxlan' && running.state !== 'released') return [];
  return [{
    severity: 'warning',
    message: `the cluster is declared new (overlaySwitch.newCluster or render --new-cluster), but ${running.by} shows calico-node running: the declaration is ignored; remove it, since wherever the input holds no evidence it would let the overlay be switched off without checking the routes`,
    resourceRef: request.network,
  }];
}

/** Everything as desired, except the overlay, which stays on. */
function withOverlayKept(config: NetworkConfig, overlay: OverlayKind): NetworkConfig {
  return { ...config, overlay: { enabled: true }, vxlan: { enabled: overlay === 'vxlan' } };
}
