// The function as one pure transform: ResourceList in, ResourceList out. Stages in order:
// classify and validate -> overlay guard -> compute the Calico values -> build the objects ->
// mark a held overlay switch on calico-node -> the change plan (previous state against the new
// objects; a refused destructive transition fails the render) -> plan the output; every result
// about an input item then names the item's file.
import type { KubernetesObject } from '@kubernetes/client-node';
import { planEmit } from './emit/emit.js';
import { classify, isRenderConfig, type RenderRequest } from './inputs/classify.js';
import type { ItemEdits, ParsedResourceList } from './krm/resource-list.js';
import type { InputItem, Result } from './krm/types.js';
import { buildObjects } from './objects/index.js';
import { overlayStage } from './overlay/guard.js';
import { withHeldAnnotation } from './overlay/held-annotation.js';
import { changePlan } from './plan/plan.js';
import { capturesWithoutLocalConfig } from './plan/previous-state.js';
import { LOCAL_CONFIG_ANNOTATION } from './plain-data.js';
import { itemFile, withFiles } from './result-files.js';
import { computeCalicoValues, preprocessNetworkConfig } from './values/compute.js';
import { overriddenSettings } from './values/overridden.js';

export interface FunctionOutcome {
  /** null when the input must come back unchanged (there were errors). */
  edits: ItemEdits | null;
  results: Result[];
}

export interface FunctionOptions {
  /** The clock, injectable so tests are deterministic. */
  now: Date;
  /** `render --new-cluster`: the user declares that no calico-node runs yet. */
  declaredNewCluster?: boolean;
}

const LOCAL_CONFIG = { [LOCAL_CONFIG_ANNOTATION]: 'true' };

export function runFunction(input: Pick<ParsedResourceList, 'items' | 'functionConfig'>, options: FunctionOptions): FunctionOutcome {
  const outcome = transform(input, options);
  return { ...outcome, results: withFiles(outcome.results, input.items) };
}

function transform(input: Pick<ParsedResourceList, 'items' | 'functionConfig'>, options: FunctionOptions): FunctionOutcome {
  const classified = classify(input.items, input.functionConfig);
  if (!classified.ok) return { edits: null, results: classified.results };
  const { request } = classified;
  const halfCaptured = capturesWithoutLocalConfig(input.items);
  if (halfCaptured.length > 0) return { edits: null, results: halfCaptured };

  const overlay = overlayStage(input.items, request, options);
  if (overlay.failed) return { edits: null, results: overlay.results };

  const values = computeCalicoValues({ ...request.values, networkConfig: overlay.networkConfig });
  const built = buildObjects(values, { crds: request.crds, admissionPolicy: overlay.admissionPolicy });
  const objects: KubernetesObject[] = withHeldAnnotation(built, overlay.heldAnnotation);
  const changes = changePlan({ items: input.items, objects, acknowledge: request.acknowledge, networkRef: request.network });
  if (changes.refused) return { edits: null, results: [...overlay.results, ...changes.results] };
  const plan = planEmit(input.items.filter((item) => !isRenderConfig(item.object)), objects, request.outputDir);
  const results: Result[] = [
    ...overlay.results,
    ...overriddenResults(request),
    {
      severity: 'info',
      message: `rendered ${objects.length} Calico objects${writesFiles(input.items) ? ` into ${request.outputDir || '.'}/` : ''} for Kubernetes ${request.kubernetesVersion}`,
      resourceRef: request.network,
    },
    ...changes.results,
  ];
  const annotate = new Map(overlay.snapshotItems.map((index) => [index, LOCAL_CONFIG]));
  return { edits: { drop: plan.drop, annotate, append: plan.append }, results };
}

/** An info for each NetworkConfig setting the user gave that the extension's rules replace (the guard's own hold aside). */
function overriddenResults(request: RenderRequest): Result[] {
  const at = request.networkConfigAt;
  if (!at) return [];
  return overriddenSettings(request.values.networkConfig, preprocessNetworkConfig(request.values)).map(({ field, given, used, why }) => ({
    severity: 'info',
    message: `${JSON.stringify(given)} is not used, ${used === undefined ? 'none' : JSON.stringify(used)} is: ${why}`,
    resourceRef: at.ref,
    field: { path: at.prefix ? `${at.prefix}.${field}` : field },
  }));
}

/**
 * Only kpt writes the generated objects to files under outputDir, and it is the orchestrator that
 * marks items with their files; kustomize and `render` (stdout or its own -o) do not.
 */
function writesFiles(items: readonly InputItem[]): boolean {
  return items.some((item) => itemFile(item) !== undefined);
}
