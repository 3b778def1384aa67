// What overlay the running calico-node uses, read from its DaemonSet: the Felix switches our
// builder (and the extension's chart) set on the calico-node container.
import type { OverlayState } from './snapshot-schema.js';

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
