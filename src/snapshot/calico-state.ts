// `snapshot --calico-state`: Calico's live objects as items for the change plan's previous state.
// Each is marked local-config (nothing applies it) and with the capture time (the plan reads it
// as a live capture); what only the API server keeps (status, managedFields, uid, ...) is left
// out, so the file stays small and reviewable.
import { stringify } from 'yaml';
import { CAPTURED_ANNOTATION } from '../plan/previous-state.js';
import { compareCodeUnits, LOCAL_CONFIG_ANNOTATION } from '../plain-data.js';
import type { LiveCalicoState } from './cluster.js';

const SERVER_METADATA = ['managedFields', 'uid', 'resourceVersion', 'generation', 'creationTimestamp', 'selfLink'];
const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

export function capturedCalicoItems(state: LiveCalicoState, capturedAt: string): Record<string, unknown>[] {
  const pools = [...state.ipPools].sort((a, b) => compareCodeUnits(nameOf(a), nameOf(b)));
  return [state.calicoNode, state.calicoConfig, ...pools].map((object) => captured(object, capturedAt));
}

export function capturedItemsToYaml(items: readonly Record<string, unknown>[]): string {
  return items.map((item) => `---\n${stringify(item, { lineWidth: 0 })}`).join('');
}

function captured(object: Record<string, unknown>, capturedAt: string): Record<string, unknown> {
  const { status: _status, ...rest } = object;
  const metadata = { ...(object.metadata as Record<string, unknown> | undefined) };
  for (const key of SERVER_METADATA) delete metadata[key];
  const annotations = { ...(metadata.annotations as Record<string, string> | undefined) };
  delete annotations[LAST_APPLIED];
  metadata.annotations = { ...annotations, [LOCAL_CONFIG_ANNOTATION]: 'true', [CAPTURED_ANNOTATION]: capturedAt };
  return { ...rest, metadata };
}

function nameOf(object: Record<string, unknown>): string {
  return String((object.metadata as { name?: unknown } | undefined)?.name ?? '');
}
