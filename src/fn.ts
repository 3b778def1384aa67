// The function as one pure transform: ResourceList in, ResourceList out. Stages in order:
// classify and validate -> compute the Calico values -> build the objects -> plan the output.
import type { KubernetesObject } from '@kubernetes/client-node';
import { planEmit } from './emit/emit.js';
import { classify, isRenderConfig } from './inputs/classify.js';
import type { ItemEdits, ParsedResourceList } from './krm/resource-list.js';
import type { Result } from './krm/types.js';
import { buildObjects } from './objects/index.js';
import { computeCalicoValues } from './values/compute.js';

export interface FunctionOutcome {
  /** null when the input must come back unchanged (there were errors). */
  edits: ItemEdits | null;
  results: Result[];
}

export function runFunction(input: Pick<ParsedResourceList, 'items' | 'functionConfig'>): FunctionOutcome {
  const classified = classify(input.items, input.functionConfig);
  if (!classified.ok) return { edits: null, results: classified.results };
  const { request } = classified;

  const values = computeCalicoValues(request.values);
  const objects: KubernetesObject[] = buildObjects(values, { crds: request.crds });
  const plan = planEmit(input.items.filter((item) => !isRenderConfig(item.object)), objects, request.outputDir);
  const results: Result[] = [{
    severity: 'info',
    message: `rendered ${objects.length} Calico objects into ${request.outputDir || '.'}/ for Kubernetes ${request.kubernetesVersion}`,
    resourceRef: request.network,
  }];
  return { edits: { drop: plan.drop, annotate: new Map(), append: plan.append }, results };
}
