// Decides what the output holds: the user's items, less our previous render and any captured
// copy of an object we now generate, plus the generated objects with our ownership mark and a
// stable file path each. Pure: the KRM writer applies the plan.
import type { KubernetesObject } from '@kubernetes/client-node';
import { refOf, type InputItem } from '../krm/types.js';
import { isCapturedItem } from '../plan/previous-state.js';
import { annotationOf } from '../plain-data.js';

/** Marks an object as ours: the next render replaces every object that carries it. */
export const GENERATED_ANNOTATION = 'fn.networking-calico.gardener.cloud/generated';

const PATH_ANNOTATIONS = ['config.kubernetes.io/path', 'internal.config.kubernetes.io/path'] as const;
const INDEX_ANNOTATIONS = ['config.kubernetes.io/index', 'internal.config.kubernetes.io/index'] as const;

export interface EmitPlan {
  drop: Set<number>;
  append: KubernetesObject[];
}

/** Whether an object carries our ownership annotation: one we rendered (now, or in an earlier render). */
export function isGenerated(object: unknown): boolean {
  return annotationOf(object, GENERATED_ANNOTATION) !== undefined;
}

/**
 * An object of our previous render as we wrote it: generated, and not a live object captured from
 * the cluster (`snapshot --calico-state`), which carries the annotation once applied.
 */
export function isOurRender(object: Record<string, unknown>): boolean {
  return isGenerated(object) && !isCapturedItem(object);
}

export function planEmit(items: readonly InputItem[], generated: readonly KubernetesObject[], outputDir: string): EmitPlan {
  const generatedIdentities = new Set(generated.map((object) => identityOf(object)));
  const drop = new Set<number>();
  for (const item of items) {
    // A live capture (snapshot --calico-state) is the change plan's input, kept like a snapshot.
    if (isCapturedItem(item.object)) continue;
    if (isGenerated(item.object) || generatedIdentities.has(identityOf(item.object as KubernetesObject))) {
      drop.add(item.index);
    }
  }
  return { drop, append: generated.map((object) => withOwnership(object, outputDir)) };
}

/**
 * Group, kind, namespace and name: what makes two objects the same object in a cluster. A user's
 * item may hold anything there (`apiVersion: 5`); only strings count.
 */
export function identityOf(object: KubernetesObject): string {
  const { apiVersion = '', kind = '', namespace = '', name = '' } = refOf(object as unknown as Record<string, unknown>);
  const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
  return [group, kind, namespace, name].join('|');
}

/** One file per object: `<outputDir>/<kind>_<name>.yaml`, lower-case like kpt's own layouts. */
export function filePathOf(object: KubernetesObject, outputDir: string): string {
  const file = `${(object.kind ?? 'object').toLowerCase()}_${object.metadata?.name ?? 'unnamed'}.yaml`;
  return outputDir ? `${outputDir}/${file}` : file;
}

function withOwnership(object: KubernetesObject, outputDir: string): KubernetesObject {
  const path = filePathOf(object, outputDir);
  const annotations: Record<string, string> = { ...object.metadata?.annotations, [GENERATED_ANNOTATION]: 'true' };
  for (const key of PATH_ANNOTATIONS) annotations[key] = path;
  for (const key of INDEX_ANNOTATIONS) annotations[key] = '0';
  return { ...object, metadata: { ...object.metadata, annotations } };
}
