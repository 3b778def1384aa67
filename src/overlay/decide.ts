// The overlay guard: decides whether switching pods from the overlay (IPIP/VXLAN) to native
// routing may happen in this render, or must be held back until every node reports that its
// cloud route exists. Fails safe: when nothing in the input shows what runs, the overlay is held.
// Never reverts: once the input shows the switch was let through, it stays. Pure: the clock is
// an input.
import type { ResourceRef, Result } from '../krm/types.js';
import type { NodeRouteEvidence, NodeSnapshot } from './node-snapshot.js';
import type { RunningOverlay } from './running-state.js';
import type { OverlayKind, OverlayState } from './snapshot-schema.js';
import type { MaxSnapshotAge } from '../inputs/duration.js';

export type AdmissionPolicyApi = 'v1' | 'v1beta1' | 'v1alpha1';

export interface OverlayGuardInput {
  seamlessOverlaySwitch: boolean;
  /** The MutatingAdmissionPolicy API the cluster serves; undefined when it serves none. */
  admissionPolicyApi?: AdmissionPolicyApi;
  kubernetesVersion: string;
  desiredOverlayEnabled: boolean;
  /** The overlay the configuration itself selects (VXLAN when vxlan.enabled, else IPIP): what a fail-safe hold keeps. */
  configOverlay: OverlayKind;
  running: RunningOverlay;
  /** The overlay of our own previous render in the input, if there is one. */
  previousRender?: OverlayState;
  snapshot?: NodeSnapshot;
  /** overlaySwitch.maxSnapshotAge: its seconds, and its text as the user wrote it, for messages. */
  maxSnapshotAge?: MaxSnapshotAge;
  now: Date;
  /** Where results about the render as a whole point. */
  networkRef: ResourceRef;
}

export interface OverlayDecision {
  /** Set when the switch is held back: the overlay to keep. */
  hold?: OverlayKind;
  /** While held: the value of the overlay-switch annotation on the calico-node DaemonSet. */
  annotation?: string;
  results: Result[];
}

export const ROUTE_CREATED = 'RouteCreated';
/** How far a capture time may lie ahead of this machine's clock, as clocks of a cluster differ. */
export const CLOCK_SKEW_ALLOWANCE_SECONDS = 5 * 60;
const MAX_NAMED_NODES = 20;
const MAX_ANNOTATED_NODES = 5;

const SNAPSHOT_FORMS = 'a node snapshot: kubectl get nodes -o yaml (converted with "networking-calico-fn snapshot --from" for kpt), Node items, or a NodeConditionSnapshot from "networking-calico-fn snapshot"';
const NEW_CLUSTER_HINT = 'for a cluster that runs no Calico yet, declare it: spec.overlaySwitch.newCluster: true, "render --new-cluster", or a NodeConditionSnapshot with calicoNode.overlay: none';

export function decideOverlaySwitch(input: OverlayGuardInput): OverlayDecision {
  const { running } = input;
  if (input.desiredOverlayEnabled) {
    if (input.previousRender !== 'none') return { results: [] };
    return { results: [info(input, 're-enabling the overlay as asked: our previous render in the input has it off; turning the overlay on needs no node routes and is never held')] };
  }
  if (!input.seamlessOverlaySwitch || !input.admissionPolicyApi) return unguarded(input);

  if (running.state === 'released') {
    return { results: [info(input, `the overlay stays off, released earlier: ${running.by} already has it off. A node snapshot can hold a switch that has not started, never revert one`)] };
  }
  if (running.state === 'none') {
    if (!running.stillTunneled) return { results: [info(input, `nothing to switch, no overlay runs now (${running.by}): rendering the overlay off`)] };
    return {
      results: [warning(input, `rendering the overlay off: ${running.by} is none, so the switch was let through earlier, but ${running.stillTunneled.length} nodes still carry Calico tunnel addresses (${named(running.stillTunneled, MAX_NAMED_NODES)}): calico-node removes them as it rolls; if it does not, check calico-node on those nodes`, input.snapshot?.snapshotRef)],
    };
  }

  const failSafe = running.state === 'unknown';
  const overlay = failSafe ? input.configOverlay : running.state;
  const notReady = whyNotReady(input, overlay, failSafe);
  if (notReady) return { hold: overlay, annotation: notReady.annotation, results: [notReady.result] };
  const count = input.snapshot?.nodes.length ?? 0;
  const what = failSafe ? 'switching the overlay off (what runs now is unknown, but every node has its route)' : `switching the overlay (${overlay}) off`;
  return { results: [info(input, `all ${count} nodes report NetworkUnavailable=False with reason RouteCreated: ${what}${ageNotJudged(input)}`)] };
}

/** The guard is off or cannot work on this cluster: as the extension does. */
function unguarded(input: OverlayGuardInput): OverlayDecision {
  const { running } = input;
  if (running.state === 'released' || running.state === 'none') return { results: [] };
  if (running.state === 'unknown') {
    if (running.unclear) return { results: [warning(input, `the running overlay state is unknown (${running.unclear}): rendering the overlay off directly, as the extension does without the SeamlessOverlaySwitch guard`)] };
    return { results: [info(input, 'the running overlay state is unknown (no calicoNode.overlay or tunnel addresses in a node snapshot and no kube-system/calico-node DaemonSet in the input): treating this as a new cluster and rendering the overlay off directly')] };
  }
  if (!input.seamlessOverlaySwitch) {
    return { results: [info(input, `switching the overlay (${running.state}) off directly: the SeamlessOverlaySwitch feature gate is off, so no node routes are checked`)] };
  }
  return {
    results: [warning(input, `switching the overlay (${running.state}) off directly: the SeamlessOverlaySwitch guard needs the MutatingAdmissionPolicy API, which Kubernetes ${input.kubernetesVersion} serves only from 1.36 on, or with the kube-apiserver feature gate MutatingAdmissionPolicy plus runtimeConfig admissionregistration.k8s.io/v1beta1 (or v1alpha1); without it the extension switches directly too`)],
  };
}

/** The snapshot's age decides only where the input shows the switch has not started yet. */
function judgesAge(input: OverlayGuardInput): boolean {
  return input.maxSnapshotAge !== undefined && input.previousRender !== undefined;
}

function ageNotJudged(input: OverlayGuardInput): string {
  if (input.maxSnapshotAge === undefined || judgesAge(input)) return '';
  return ' (overlaySwitch.maxSnapshotAge is not applied: the input holds no previous render, and judging the age without one would let the output flip with the clock alone)';
}

interface Hold { result: Result; annotation: string }

/** The warning and annotation explaining the hold, or undefined when every node has its route. */
function whyNotReady(input: OverlayGuardInput, overlay: OverlayKind, failSafe: boolean): Hold | undefined {
  const { snapshot } = input;
  const unclear = input.running.state === 'unknown' ? input.running.unclear : undefined;
  const unknown = unclear ?? 'nothing in the input shows what calico-node runs now (no previous render, no calicoNode.overlay or tunnel addresses in a node snapshot)';
  const holding = failSafe
    ? `holding the overlay (${overlay}, as the configuration selects it) on, everything else is rendered as asked: ${unknown}, so the switch waits for route evidence`
    : `holding the overlay (${overlay}) on, everything else is rendered as asked`;
  const release = failSafe && !unclear ? `; ${NEW_CLUSTER_HINT}` : '';
  if (!snapshot) {
    return {
      result: warning(input, `${holding}: switching it off needs evidence that every node has its cloud route, and the input has no node snapshot. It is released by ${SNAPSHOT_FORMS}, in which every node reports NetworkUnavailable=False with reason RouteCreated${release}`),
      annotation: 'held: no node snapshot in the input, no node is known to have its route',
    };
  }
  const pending = snapshot.nodes.filter((node) => !hasRoute(node));
  // Facts of the input only, never the reason: a re-render of this output (which then holds our
  // previous render) may hold for another reason, and must give the same objects.
  const lacking = snapshot.nodes.length === 0
    ? 'the node snapshot lists no nodes'
    : `${pending.length} of ${snapshot.nodes.length} nodes lack a route${pending.length > 0 ? `: ${named(pending.map((node) => node.name), MAX_ANNOTATED_NODES)}` : ''}`;
  const annotation = `held: evidence captured ${snapshot.capturedAt ?? 'at an unknown time'}; ${lacking}`;
  const stale = judgesAge(input) ? staleness(input, snapshot) : undefined;
  if (stale) return { result: warning(input, `${holding}: ${stale}`, snapshot.snapshotRef), annotation };
  if (snapshot.nodes.length === 0) return { result: warning(input, `${holding}: the node snapshot lists no nodes${release}`, snapshot.snapshotRef), annotation };
  if (pending.length === 0) return undefined;
  const reasons = pending.slice(0, MAX_NAMED_NODES).map((node) => `${node.name} (${reasonNotReady(node)})`);
  const more = pending.length > MAX_NAMED_NODES ? ` and ${pending.length - MAX_NAMED_NODES} more` : '';
  const calicoReasons = pending.some((node) => isCalicoReason(node.networkUnavailable?.reason));
  const hint = calicoReasons && minorVersion(input.kubernetesVersion) < 36
    ? '. CalicoIsUp/CalicoIsDown are written by calico-node itself and are no route evidence; on Kubernetes < 1.36 the route controller may never overwrite them: make sure the MutatingAdmissionPolicy that keeps calico-node from writing NetworkUnavailable is deployed (rendered here unless overlaySwitch.admissionPolicy is Skip), then let the route controller set RouteCreated again'
    : '';
  const message = `${holding}: ${pending.length} of ${snapshot.nodes.length} nodes do not report NetworkUnavailable=False with reason RouteCreated: ${reasons.join(', ')}${more}${hint}${release}`;
  return { result: warning(input, message, pending[0]?.nodeRef ?? snapshot.snapshotRef), annotation };
}

function named(names: readonly string[], max: number): string {
  const more = names.length > max ? ` and ${names.length - max} more` : '';
  return `${names.slice(0, max).join(', ')}${more}`;
}

export function hasRoute(node: NodeRouteEvidence): boolean {
  return saysRouteCreated(node.networkUnavailable);
}

/** A NetworkUnavailable condition that is route evidence: False, with reason RouteCreated. */
export function saysRouteCreated(condition: NodeRouteEvidence['networkUnavailable']): boolean {
  return condition?.status === 'False' && condition.reason === ROUTE_CREATED;
}

function reasonNotReady(node: NodeRouteEvidence): string {
  const condition = node.networkUnavailable;
  if (!condition) return 'no NetworkUnavailable condition';
  const reason = condition.reason ?? 'no reason';
  if (isCalicoReason(condition.reason)) return `${reason} from calico-node, not route evidence`;
  return `NetworkUnavailable=${condition.status}, ${reason}`;
}

function isCalicoReason(reason: string | undefined): boolean {
  return reason === 'CalicoIsUp' || reason === 'CalicoIsDown';
}

function staleness(input: OverlayGuardInput, snapshot: NodeSnapshot): string | undefined {
  if (input.maxSnapshotAge === undefined) return undefined;
  if (!snapshot.capturedAt) return 'overlaySwitch.maxSnapshotAge is set but the node snapshot has no capturedAt (or condition heartbeats) to judge its age: capture one with "networking-calico-fn snapshot"';
  const ageSeconds = (input.now.getTime() - Date.parse(snapshot.capturedAt)) / 1000;
  // Later than now: a node's clock runs ahead (the kubelet stamps heartbeats with its own), or
  // capturedAt is wrong. Either way the snapshot's age is unknown, and may be any.
  if (ageSeconds < -CLOCK_SKEW_ALLOWANCE_SECONDS) {
    return `the node snapshot says it was captured at ${snapshot.capturedAt}, later than this render's clock (${input.now.toISOString()}) by more than ${CLOCK_SKEW_ALLOWANCE_SECONDS / 60} minutes: a node's clock runs ahead, or capturedAt is wrong, so its age cannot be judged against overlaySwitch.maxSnapshotAge (${input.maxSnapshotAge.written}): capture a fresh one with "networking-calico-fn snapshot", which stamps its own clock`;
  }
  if (ageSeconds <= input.maxSnapshotAge.seconds) return undefined;
  return `the node snapshot was captured at ${snapshot.capturedAt}, more than overlaySwitch.maxSnapshotAge (${input.maxSnapshotAge.written}) ago: capture a fresh one`;
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
