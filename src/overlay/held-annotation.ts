// Makes a held switch visible where the objects are applied: the calico-node DaemonSet carries
// the overlay-switch annotation on its own metadata (not the pod template, so no pod rolls for
// it) while the switch is held; when the switch is released the annotation is simply not
// rendered, and the next apply removes it. Runs after the builders, from the overlay decision.
import type { KubernetesObject } from '@kubernetes/client-node';

export const OVERLAY_SWITCH_ANNOTATION = 'fn.networking-calico.gardener.cloud/overlay-switch';

export function withHeldAnnotation(objects: readonly KubernetesObject[], value: string | undefined): KubernetesObject[] {
  if (value === undefined) return [...objects];
  return objects.map((object) => {
    const isCalicoNode = object.kind === 'DaemonSet' && object.metadata?.name === 'calico-node' && object.metadata.namespace === 'kube-system';
    if (!isCalicoNode) return object;
    return { ...object, metadata: { ...object.metadata, annotations: { ...object.metadata?.annotations, [OVERLAY_SWITCH_ANNOTATION]: value } } };
  });
}
