// What a pipeline applies: the function's output items less our inputs (they describe the
// cluster, they are not part of it), less the configuration of tools (Kptfile, a kustomization
// file) and less everything marked local-config, with the orchestration annotations (file
// paths, indexes, ids) taken off so only the objects remain.
import { isMap, isScalar, type YAMLMap } from 'yaml';
import { isKind, isRenderConfig, NETWORK_API_VERSION, SHOOT_API_VERSION } from '../inputs/classify.js';
import { NETWORK_CONFIG_API_VERSION } from '../inputs/schemas.js';
import { isSnapshotItem } from '../overlay/node-snapshot.js';
import { annotationOf, LOCAL_CONFIG_ANNOTATION } from '../plain-data.js';
import type { OutputObject } from './run-function.js';

/** API groups of tool configuration, which no cluster serves. */
const TOOL_GROUPS = ['kpt.dev', 'kustomize.config.k8s.io'];
/** Set by kpt, kustomize and this function to place objects in files; meaningless in a cluster. */
const ORCHESTRATION_ANNOTATIONS = ['config.kubernetes.io/path', 'config.kubernetes.io/index', 'config.k8s.io/id'];
const INTERNAL_ANNOTATION_PREFIX = 'internal.config.kubernetes.io/';

export function appliedObjects(items: readonly OutputObject[]): OutputObject[] {
  const applied = items.filter(({ object }) => !isOurInput(object) && !isToolConfig(object) && !isLocalConfig(object));
  return applied.map((output) => {
    if (!output.node) return { object: withoutOrchestrationAnnotations(output.object) };
    // An object we took annotations off is printed, no longer copied from its file.
    return removeOrchestrationAnnotations(output.node) ? { node: output.node, object: output.object } : output;
  });
}

function isOrchestrationAnnotation(key: string): boolean {
  return ORCHESTRATION_ANNOTATIONS.includes(key) || key.startsWith(INTERNAL_ANNOTATION_PREFIX);
}

/** A generated object (a plain value, not ours to change in place) less its orchestration annotations. */
function withoutOrchestrationAnnotations(object: Record<string, unknown>): Record<string, unknown> {
  const metadata = object.metadata as { annotations?: Record<string, unknown> } | undefined;
  if (!metadata?.annotations) return object;
  const kept = Object.entries(metadata.annotations).filter(([key]) => !isOrchestrationAnnotation(key));
  const { annotations: _, ...rest } = metadata;
  return { ...object, metadata: kept.length > 0 ? { ...rest, annotations: Object.fromEntries(kept) } : rest };
}

function isOurInput(object: Record<string, unknown>): boolean {
  return isKind(object, NETWORK_API_VERSION, 'Network')
    || isKind(object, NETWORK_CONFIG_API_VERSION, 'NetworkConfig')
    || isKind(object, SHOOT_API_VERSION, 'Shoot')
    || isRenderConfig(object)
    || isSnapshotItem(object);
}

function isToolConfig(object: Record<string, unknown>): boolean {
  return TOOL_GROUPS.some((group) => String(object.apiVersion).startsWith(`${group}/`));
}

/** As kustomize reads it: marked unless the value is "false". */
function isLocalConfig(object: Record<string, unknown>): boolean {
  const value = annotationOf(object, LOCAL_CONFIG_ANNOTATION);
  return value !== undefined && value !== 'false';
}

/** Whether there were any to remove. */
function removeOrchestrationAnnotations(node: YAMLMap): boolean {
  const metadata = node.get('metadata', true);
  const annotations = isMap(metadata) ? metadata.get('annotations', true) : undefined;
  if (!isMap(metadata) || !isMap(annotations)) return false;
  const before = annotations.items.length;
  annotations.items = annotations.items.filter((pair) => {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    return !isOrchestrationAnnotation(key);
  });
  // Only a map we emptied goes; one the user wrote empty stays as written.
  if (annotations.items.length === 0 && before > 0) metadata.delete('annotations');
  return annotations.items.length < before;
}
