// What overlay calico-node runs now, from the evidence in the input, newest first: our own
// previous render with the overlay off (the switch was let through), the node snapshot (the
// DaemonSet's overlay as captured, Calico's tunnel addresses on the nodes), a calico-node
// DaemonSet in the input (our previous render, or a captured live object), and last an explicit
// declaration that the cluster runs no Calico yet.
import { refOf, type InputItem, type Result } from '../krm/types.js';
import { isOurRender } from '../emit/emit.js';
import { isKubeSystemObject } from '../plain-data.js';
import type { NodeSnapshot } from './node-snapshot.js';
import type { OverlayKind, OverlayState } from './snapshot-schema.js';

export type RunningOverlay =
  /** Our previous render in the input has the overlay off: the switch was let through. */
  | { state: 'released'; by: string }
  /** Nothing to switch: the overlay is off, or no calico-node runs yet. */
  | { state: 'none'; by: string; stillTunneled?: string[] }
  | { state: OverlayKind; by: string }
  /** Nothing in the input shows what runs; `unclear` says why, when a calico-node DaemonSet is there but does not show it. */
  | { state: 'unknown'; unclear?: string };

export interface RunningEvidence {
  /** The overlay of our own previous render of calico-node in the input. */
  previousRender?: OverlayState;
  /** The overlay of the other kube-system/calico-node DaemonSets in the input (captured live). */
  captured?: OverlayState;
  /** Why a kube-system/calico-node DaemonSet in the input does not show what runs: it is then no evidence. */
  unclear?: string;
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
  if (evidence.unclear) return { state: 'unknown', unclear: evidence.unclear };
  const daemonSet = previousRender ?? captured;
  if (daemonSet) return daemonSet === 'none' ? { state: 'none', by: CAPTURED } : { state: daemonSet, by: previousRender ? PREVIOUS_RENDER : CAPTURED };
  // Below a DaemonSet: nodes without tunnel addresses may be new ones, or not all of the cluster's.
  const untunneled = snapshot && noTunnelAnywhere(snapshot);
  if (untunneled) return untunneled;
  if (evidence.declaredNewCluster) return { state: 'none', by: 'declared new: spec.overlaySwitch.newCluster or render --new-cluster' };
  return { state: 'unknown' };
}

/**
 * The snapshot's word on the overlay. calicoNode.overlay is the live DaemonSet's: on means it
 * runs; none means calico-node was already switched (or never had an overlay), even while some
 * nodes still carry tunnel addresses during the roll-out. Without it, one node with a tunnel
 * address means the overlay still runs there.
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
  return undefined;
}

/** No tunnel address on any node, each recorded: no overlay runs, unless a DaemonSet says otherwise. */
function noTunnelAnywhere(snapshot: NodeSnapshot): RunningOverlay | undefined {
  if (snapshot.nodes.length > 0 && snapshot.nodes.every((node) => node.tunnels !== undefined && node.tunnels.length === 0)) {
    return { state: 'none', by: `no Calico tunnel address on any of the ${snapshot.nodes.length} nodes in the node snapshot` };
  }
  return undefined;
}

/**
 * The overlay of each kind of calico-node DaemonSet in the input: ours (carrying our generated
 * annotation) and captured ones; an error result when those of one kind disagree, as picking
 * one would depend on the item order. One that does not show its overlay makes them no evidence.
 */
export function daemonSetEvidence(items: readonly InputItem[]): Pick<RunningEvidence, 'previousRender' | 'captured' | 'unclear'> | Result {
  const daemonSets: ReadDaemonSet[] = items
    .filter((item) => isKubeSystemObject(item.object, 'apps/v1', 'DaemonSet', 'calico-node'))
    .map((item) => ({ item, overlay: readCalicoNodeOverlay(item.object) ?? { unclear: 'it has no container named calico-node' } }));
  const ours = daemonSets.filter(({ item }) => isOurRender(item.object));
  const previousRender = agreedOverlay(ours);
  // Ours with the overlay off decides alone (the switch was let through), unless one of ours does
  // not show what it runs; else all must agree.
  if (previousRender === 'none' && ours.every(({ overlay }) => typeof overlay === 'string')) return { previousRender };
  const unclear = daemonSets.find((daemonSet) => typeof daemonSet.overlay === 'object');
  if (unclear) {
    const which = isOurRender(unclear.item.object) ? PREVIOUS_RENDER : CAPTURED;
    return { unclear: `${which} does not show what calico-node runs: ${(unclear.overlay as { unclear: string }).unclear}` };
  }
  if (agreedOverlay(daemonSets) === null) {
    return {
      severity: 'error',
      message: `found ${daemonSets.length} kube-system/calico-node DaemonSets that disagree on the running overlay (${[...clearOverlays(daemonSets)].sort().join(', ')}): keep only the one that runs, or give calicoNode.overlay in a NodeConditionSnapshot`,
      resourceRef: refOf(daemonSets[0]!.item.object),
    };
  }
  return { previousRender: previousRender ?? undefined, captured: agreedOverlay(daemonSets.filter(({ item }) => !isOurRender(item.object))) ?? undefined };
}

interface ReadDaemonSet { item: InputItem; overlay: DaemonSetOverlay }

function clearOverlays(daemonSets: readonly ReadDaemonSet[]): Set<OverlayState> {
  return new Set(daemonSets.map(({ overlay }) => overlay).filter((overlay) => typeof overlay === 'string'));
}

/** The one overlay these DaemonSets clearly agree on; undefined for none, null when they disagree. */
function agreedOverlay(daemonSets: readonly ReadDaemonSet[]): OverlayState | undefined | null {
  const states = clearOverlays(daemonSets);
  if (states.size > 1) return null;
  return [...states][0];
}

interface EnvVar { name?: unknown; value?: unknown }

/** What a calico-node DaemonSet shows of its overlay: the overlay, or why it does not show it. */
export type DaemonSetOverlay = OverlayState | { unclear: string };

/**
 * The overlay a calico-node DaemonSet runs, read as Felix reads its environment; `undefined` when
 * the object does not look like a calico-node DaemonSet with that container. Unclear unless each
 * variable is absent or a literal Felix reads as a boolean, FELIX_IPINIPENABLED is set (unset,
 * Felix takes it from the IP pools) and no envFrom but Calico's kubernetes-services-endpoint
 * could set either: the DaemonSet alone does not say then.
 */
export function readCalicoNodeOverlay(daemonSet: unknown): DaemonSetOverlay | undefined {
  const containers = (daemonSet as { spec?: { template?: { spec?: { containers?: unknown } } } })?.spec?.template?.spec?.containers;
  if (!Array.isArray(containers)) return undefined;
  const calicoNode = containers.find((container) => (container as { name?: unknown })?.name === 'calico-node') as { env?: unknown } | undefined;
  if (!calicoNode) return undefined;
  if (calicoNode.env !== undefined && calicoNode.env !== null && !Array.isArray(calicoNode.env)) return { unclear: 'its calico-node container\'s env is not a list' };
  const env = (calicoNode.env ?? []) as EnvVar[];
  const otherSource = envSourcesBesidesServiceEndpoint((calicoNode as { envFrom?: unknown }).envFrom);
  if (otherSource) return { unclear: `its calico-node container takes variables from ${otherSource} (envFrom), which may set Felix's` };
  const vxlan = felixBoolean(env, 'FELIX_VXLANENABLED');
  const ipip = felixBoolean(env, 'FELIX_IPINIPENABLED');
  if (vxlan === true) return 'vxlan';
  if (ipip === true) return 'ipip';
  const unclear = [vxlan, ipip].find((value) => typeof value === 'string');
  if (typeof unclear === 'string') return { unclear };
  if (ipip === undefined) return { unclear: 'it does not set FELIX_IPINIPENABLED (Felix then takes it from the IP pools)' };
  return 'none';
}

/** The overlay a calico-node DaemonSet clearly runs; `undefined` when it is not one or does not show it. */
export function overlayOfCalicoNodeDaemonSet(daemonSet: unknown): OverlayState | undefined {
  const overlay = readCalicoNodeOverlay(daemonSet);
  return typeof overlay === 'string' ? overlay : undefined;
}

/**
 * What an envFrom list reads besides the kubernetes-services-endpoint ConfigMap that Calico's
 * manifests (ours too) take the API server's address from; undefined when nothing else.
 */
function envSourcesBesidesServiceEndpoint(envFrom: unknown): string | undefined {
  if (envFrom === undefined || envFrom === null) return undefined;
  if (!Array.isArray(envFrom)) return 'an envFrom that is not a list';
  type EnvFromSource = { configMapRef?: { name?: unknown }; secretRef?: { name?: unknown }; prefix?: unknown } | null;
  const other = (envFrom as EnvFromSource[]).find((source) => {
    const { configMapRef, prefix, ...rest } = source ?? {};
    return configMapRef?.name !== 'kubernetes-services-endpoint' || (prefix !== undefined && prefix !== '') || Object.keys(rest).length > 0;
  });
  if (other === undefined) return undefined;
  if (other?.configMapRef) return `ConfigMap ${JSON.stringify(other.configMapRef.name ?? null)}`;
  if (other?.secretRef) return `Secret ${JSON.stringify(other.secretRef.name ?? null)}`;
  return 'a source other than the kubernetes-services-endpoint ConfigMap';
}

// Felix's boolean parameters (felix/config/param_types.go), case-insensitive.
const FELIX_TRUE = new Set(['true', '1', 'yes', 'y', 't']);
const FELIX_FALSE = new Set(['false', '0', 'no', 'n', 'f']);

/** The variable's value as Felix reads it: a boolean, `undefined` when unset, or why it is unclear. */
function felixBoolean(env: readonly EnvVar[], name: string): boolean | undefined | string {
  // Felix reads its variables whatever their case (felix/config/env_var_loader.go); of several
  // entries, the last counts.
  const variable = env.filter((entry) => typeof entry?.name === 'string' && entry.name.toUpperCase() === name).at(-1) as (EnvVar & { valueFrom?: unknown }) | undefined;
  if (variable === undefined) return undefined;
  if (variable.valueFrom !== undefined) return `its ${String(variable.name)} comes from valueFrom, not a value in the object`;
  const text = typeof variable.value === 'string' ? variable.value.toLowerCase() : undefined;
  if (text !== undefined && FELIX_TRUE.has(text)) return true;
  if (text !== undefined && FELIX_FALSE.has(text)) return false;
  return `its ${String(variable.name)} is ${JSON.stringify(variable.value ?? null)}, which Felix does not read as a boolean`;
}
