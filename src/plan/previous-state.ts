// Where the change plan's previous state comes from, in this order: a live capture of Calico's
// objects (`snapshot --calico-state`), our own previous render in the input (generated-annotated
// items: a kpt package, or what `render -o DIR` read from DIR). Without either, this is a first
// render.
import type { KubernetesObject } from '@kubernetes/client-node';
import { identityOf, isOurRender } from '../emit/emit.js';
import { refOf, type InputItem, type Result } from '../krm/types.js';
import type { Comparison } from './diff.js';
import { stringOrUndefined, type PlainObject } from './facts.js';
import { annotationOf, LOCAL_CONFIG_ANNOTATION } from '../plain-data.js';

/** Set by `snapshot --calico-state` on each object it captured: the capture time. */
export const CAPTURED_ANNOTATION = 'fn.networking-calico.gardener.cloud/captured-at';

export interface PreviousState {
  /** Said in the plan: where the previous state was read. */
  source: string;
  comparison: Comparison;
  objects: PlainObject[];
  /** Of `objects` next to a live capture, how many came from our previous render, which fills in what the capture lacks. */
  fromRender: number;
  /** The IPPools our previous render in the input holds, by name, also where a capture stands for them. */
  ourPools: Set<string>;
}

export function previousState(items: readonly InputItem[]): PreviousState | undefined {
  const captured = items.filter((item) => isCapturedItem(item.object));
  const rendered = firstOfEach(items.filter((item) => isOurRender(item.object)));
  const ourPools = new Set(rendered.filter((object) => object.kind === 'IPPool').map((pool) => String((pool.metadata as { name?: unknown } | undefined)?.name)));
  if (captured.length > 0) {
    const times = [...new Set(captured.map((item) => annotation(item.object, CAPTURED_ANNOTATION)))].sort();
    const live = firstOfEach(captured);
    // A capture of some objects only (hand-made, or cut down) must not hide what our previous
    // render shows of the others: an IPPool's CIDR, say.
    const identities = new Set(live.map((object) => identityOf(object as KubernetesObject)));
    const filling = rendered.filter((object) => !identities.has(identityOf(object as KubernetesObject)));
    return { source: `the live capture of ${times.join(', ')}`, comparison: 'live', objects: [...live, ...filling], fromRender: filling.length, ourPools };
  }
  if (rendered.length > 0) return { source: 'our previous render', comparison: 'render', objects: rendered, fromRender: 0, ourPools };
  return undefined;
}

/**
 * An object `snapshot --calico-state` captured: its capture time, and local-config (so nothing
 * applies it). One with the first and not the second is refused (capturesWithoutLocalConfig).
 */
export function isCapturedItem(object: Record<string, unknown>): boolean {
  return annotation(object, CAPTURED_ANNOTATION) !== undefined && annotation(object, LOCAL_CONFIG_ANNOTATION) === 'true';
}

/**
 * Items that carry a capture time without local-config "true": neither a capture (it would be
 * applied next to ours) nor surely our previous render (a capture whose local-config was lost).
 * Taken for either, it could hide our previous render or release the overlay switch: an error.
 */
export function capturesWithoutLocalConfig(items: readonly InputItem[]): Result[] {
  return items.filter((item) => annotation(item.object, CAPTURED_ANNOTATION) !== undefined && !isCapturedItem(item.object)).map((item) => ({
    severity: 'error',
    message: `carries ${CAPTURED_ANNOTATION} but not ${LOCAL_CONFIG_ANNOTATION}: "true": a live capture needs both (snapshot --calico-state writes both); add local-config "true", or remove the capture time if this is no capture`,
    resourceRef: refOf(item.object),
  }));
}

/** One object per identity, the first in the input: the package's own before one read from DIR. */
function firstOfEach(items: readonly InputItem[]): PlainObject[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const identity = identityOf(item.object as KubernetesObject);
    if (seen.has(identity)) return false;
    seen.add(identity);
    return true;
  }).map((item) => item.object);
}

function annotation(object: Record<string, unknown>, key: string): string | undefined {
  return stringOrUndefined(annotationOf(object, key));
}
