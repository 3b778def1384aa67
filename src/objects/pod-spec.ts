// Small pieces of pod specs the node agents (calico-node, Multus) share. Each call builds a fresh
// object: one object referenced twice in the output would serialize as a YAML anchor and alias.
import type { V1EnvVar, V1SecurityContext, V1Volume, V1VolumeMount } from '@kubernetes/client-node';

export function privileged(): V1SecurityContext {
  return { privileged: true };
}

export function env(name: string, value: string): V1EnvVar {
  return { name, value };
}

/** The name of the node the pod runs on, through the downward API. */
export function envFromNodeName(name: string): V1EnvVar {
  return { name, valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } };
}

/** `readOnly` appears in the output only when given. */
export function mount(name: string, mountPath: string, readOnly?: boolean): V1VolumeMount {
  return readOnly === undefined ? { name, mountPath } : { name, mountPath, readOnly };
}

export function hostPathVolume(name: string, path: string, type?: string): V1Volume {
  return { name, hostPath: type ? { path, type } : { path } };
}
