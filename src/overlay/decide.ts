// The overlay guard: decides whether switching pods from the overlay (IPIP/VXLAN) to native
// routing may happen in this render, or must be held back until every node reports that its
// cloud route exists. Pure: the clock is an input.
import type { ResourceRef, Result } from '../krm/types.js';
import type { NodeRouteEvidence, NodeSnapshot } from './node-snapshot.js';
import type { OverlayState } from './snapshot-schema.js';

export type AdmissionPolicyApi = 'v1' | 'v1beta1' | 'v1alpha1';

export interface RunningOverlay {
  state: OverlayState | 'unknown';
  /** Where the state was read: the snapshot's calicoNode, or a calico-node DaemonSet item. */
  source?: 'snapshot' | 'daemonset';
}

export interface OverlayGuardInput {
  seamlessOverlaySwitch: boolean;
  /** The MutatingAdmissionPolicy API the cluster serves; undefined when it serves none. */
  admissionPolicyApi?: AdmissionPolicyApi;
  kubernetesVersion: string;
  desiredOverlayEnabled: boolean;
  running: RunningOverlay;
  snapshot?: NodeSnapshot;
  maxSnapshotAgeSeconds?: number;
  now: Date;
  /** Where results about the render as a whole point. */
  networkRef: ResourceRef;
}

export interface OverlayDecision {
  /** Set when the switch is held back: the overlay to keep, as it runs now. */
  hold?: 'ipip' | 'vxlan';
  results: Result[];
}

export const ROUTE_CREATED = 'RouteCreated';
const MAX_NAMED_NODES = 20;

export function decideOverlaySwitch(input: OverlayGuardInput): OverlayDecision {
  const { running } = input;
  if (input.desiredOverlayEnabled || running.state === 'none') return { results: [] };
  if (running.state === 'unknown') {
    return {
      results: [info(input, 'the running overlay state is unknown (no calicoNode.overlay in a NodeConditionSnapshot and no kube-system/calico-node DaemonSet in the input): treating this as a new cluster and rendering the overlay off directly')],
    };
  }
  if (!input.seamlessOverlaySwitch) {
    return { results: [info(input, `switching the overlay (${running.state}) off directly: the SeamlessOverlaySwitch feature gate is off, so no node routes are checked`)] };
  }
  if (!input.admissionPolicyApi) {
    return {
      results: [warning(input, `switching the overlay (${running.state}) off directly: the SeamlessOverlaySwitch guard needs the MutatingAdmissionPolicy API, which Kubernetes ${input.kubernetesVersion} serves only from 1.36 on, or with the kube-apiserver feature gate MutatingAdmissionPolicy plus runtimeConfig admissionregistration.k8s.io/v1beta1 (or v1alpha1); without it the extension switches directly too`)],
    };
  }

  const notReady = whyNotReady(input);
  if (notReady) return { hold: running.state, results: [notReady] };
  const count = input.snapshot?.nodes.length ?? 0;
  return { results: [info(input, `all ${count} nodes report NetworkUnavailable=False with reason RouteCreated: switching the overlay (${running.state}) off`)] };
}

/** A warning explaining the hold, or undefined when every node has its route. */
function whyNotReady(input: OverlayGuardInput): Result | undefined {
  const { snapshot, running } = input;
  const holding = `holding the overlay (${running.state}) on, everything else is rendered as asked`;
  if (!snapshot) {
    return warning(input, `${holding}: switching it off needs evidence that every node has its cloud route, and the input has no node snapshot (Node items, kubectl get nodes -o yaml, or a NodeConditionSnapshot from "networking-calico-fn snapshot")`);
  }
  const stale = staleness(input, snapshot);
  if (stale) return warning(input, `${holding}: ${stale}`, snapshot.snapshotRef);
  if (snapshot.nodes.length === 0) return warning(input, `${holding}: the node snapshot lists no nodes`, snapshot.snapshotRef);

  const pending = snapshot.nodes.filter((node) => !hasRoute(node));
  if (pending.length === 0) return undefined;
  const named = pending.slice(0, MAX_NAMED_NODES).map((node) => `${node.name} (${reasonNotReady(node)})`);
  const more = pending.length > MAX_NAMED_NODES ? ` and ${pending.length - MAX_NAMED_NODES} more` : '';
  const calicoReasons = pending.some((node) => isCalicoReason(node.networkUnavailable?.reason));
  const hint = calicoReasons && minorVersion(input.kubernetesVersion) < 36
    ? '. CalicoIsUp/CalicoIsDown are written by calico-node itself and are no route evidence; on Kubernetes < 1.36 the route controller may never overwrite them: make sure the MutatingAdmissionPolicy that keeps calico-node from writing NetworkUnavailable is deployed (rendered here unless overlaySwitch.admissionPolicy is Skip), then let the route controller set RouteCreated again'
    : '';
  const message = `${holding}: ${pending.length} of ${snapshot.nodes.length} nodes do not report NetworkUnavailable=False with reason RouteCreated: ${named.join(', ')}${more}${hint}`;
  return warning(input, message, pending[0]?.nodeRef ?? snapshot.snapshotRef);
}

export function hasRoute(node: NodeRouteEvidence): boolean {
  return node.networkUnavailable?.status === 'False' && node.networkUnavailable.reason === ROUTE_CREATED;
}

function reasonNotReady(node: NodeRouteEvidence): string {
  const condition = node.networkUnavailable;
  if (!condition) return 'no NetworkUnavailable condition';
  const reason = condition.reason ?? 'no reason';
  if (isCalicoReason(condition.reason)) return `${reason} from calico-node, not route evidence`;
  if (condition.status === 'True') return `NetworkUnavailable=True, ${reason}`;
  return `NetworkUnavailable=${condition.status}, ${reason}`;
}

function isCalicoReason(reason: string | undefined): boolean {
  return reason === 'CalicoIsUp' || reason === 'CalicoIsDown';
}

function staleness(input: OverlayGuardInput, snapshot: NodeSnapshot): string | undefined {
  if (input.maxSnapshotAgeSeconds === undefined) return undefined;
  if (!snapshot.capturedAt) return `overlaySwitch.maxSnapshotAge is set but the node snapshot has no capturedAt to judge its age (use a NodeConditionSnapshot)`;
  const ageSeconds = (input.now.getTime() - Date.parse(snapshot.capturedAt)) / 1000;
  if (ageSeconds <= input.maxSnapshotAgeSeconds) return undefined;
  return `the node snapshot was captured at ${snapshot.capturedAt}, more than overlaySwitch.maxSnapshotAge (${input.maxSnapshotAgeSeconds}s) ago: capture a fresh one`;
}

function minorVersion(version: string): number {
  return Number(version.split('.')[1] ?? 0);
}

function warning(input: OverlayGuardInput, message: string, ref?: ResourceRef): Result {
  return { severity: 'warning', message, resourceRef: ref ?? input.networkRef };
}

function info(input: OverlayGuardInput, message: string): Result {
  return { severity: 'info', message, resourceRef: input.networkRef };
}

/** The MutatingAdmissionPolicy API version the cluster serves, per upstream's availability rule. */
export function admissionPolicyApi(
  kubernetesVersion: string,
  kubeAPIServer: { featureGates: Record<string, boolean>; runtimeConfig: Record<string, boolean> },
): AdmissionPolicyApi | undefined {
  const [major = 0, minor = 0] = kubernetesVersion.split('.').map(Number);
  if (major > 1 || (major === 1 && minor >= 36)) return 'v1';
  if (kubeAPIServer.featureGates.MutatingAdmissionPolicy !== true) return undefined;
  if (kubeAPIServer.runtimeConfig['admissionregistration.k8s.io/v1beta1'] === true) return 'v1beta1';
  if (kubeAPIServer.runtimeConfig['admissionregistration.k8s.io/v1alpha1'] === true) return 'v1alpha1';
  return undefined;
}
