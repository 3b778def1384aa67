// The change-plan stage: after the objects are built, compares them with the previous state and
// says what the change does: one summary result, one result per classified transition. A
// destructive transition that spec.acknowledge does not list is an error: the render fails.
import type { KubernetesObject } from '@kubernetes/client-node';
import type { InputItem, ResourceRef, Result } from '../krm/types.js';
import { diffObjects, type ObjectDiff, type Roll } from './diff.js';
import { factsOf, type PlainObject } from './facts.js';
import { previousState, type PreviousState } from './previous-state.js';
import { classify, type Classified } from './transitions.js';

/** Tags every plan result, so `render --plan` can pick them out: `summary` or the transition's name. */
export const PLAN_TAG = 'fn.networking-calico.gardener.cloud/plan';

export interface PlanInput {
  items: readonly InputItem[];
  objects: readonly KubernetesObject[];
  acknowledge: readonly string[];
  networkRef: ResourceRef;
}

export interface PlanOutcome {
  results: Result[];
  /** A destructive transition was refused. */
  refused: boolean;
}

const ROLLING = [['calico-node', 'calico-node'], ['calico-typha-deploy', 'typha'], ['calico-kube-controllers', 'kube-controllers']] as const;

export function changePlan(input: PlanInput): PlanOutcome {
  const previous = previousState(input.items);
  const summary = (message: string): Result => ({ severity: 'info', message, resourceRef: input.networkRef, tags: { [PLAN_TAG]: 'summary' } });
  if (!previous) {
    return {
      results: [summary('change plan: first render: no live capture and no previous render in the input or in render -o DIR, so nothing is compared and no transition is classified')],
      refused: false,
    };
  }
  const next = input.objects as unknown as PlainObject[];
  const diff = diffObjects(previous.objects, next, previous.comparison);
  const acknowledged = new Set(input.acknowledge);
  const classified = classify(factsOf(previous.objects, previous.ourPools), factsOf(next), acknowledged);
  const results = [summary(summaryText(previous, diff, classified)), ...classified.map(transitionResult)];
  const used = new Set(classified.map((entry) => entry.transition.acknowledge));
  for (const name of [...acknowledged].sort()) {
    if (used.has(name as never)) continue;
    results.push({
      severity: 'warning',
      message: `spec.acknowledge lists "${name}", but this render has no such transition: remove it, or it will let the next one through unreviewed`,
      resourceRef: input.networkRef,
      tags: { [PLAN_TAG]: 'unused-acknowledgement' },
    });
  }
  return { results, refused: classified.some((entry) => entry.severity === 'error') };
}

function summaryText({ source, comparison, objects: compared, fromRender }: PreviousState, diff: ObjectDiff, classified: readonly Classified[]): string {
  const captured = compared.length - fromRender;
  const objects = comparison === 'render'
    ? `${diff.added.length} added, ${diff.changed.length} changed, ${diff.removed.length} removed`
    : fromRender === 0
      ? `${diff.changed.length} of the ${captured} captured objects changed (objects not captured are not compared)`
      : `${diff.changed.length} of ${compared.length} objects changed (${captured} captured; ${fromRender} not captured, read from our previous render)`;
  const rolls = ROLLING.map(([workload, label]) => {
    const named = (refs: readonly { name?: string; kind?: string }[]) => refs.some((ref) => ref.name === workload && ref.kind !== undefined && ['DaemonSet', 'Deployment'].includes(ref.kind));
    if (named(diff.added)) return `${label} is added`;
    if (named(diff.removed)) return `${label} is removed`;
    return rollText(label, diff.rolls.find((roll) => roll.workload === workload));
  });
  const transitions = classified.length === 0 ? 'no transition classified' : `${classified.length} transition${classified.length > 1 ? 's' : ''}: ${classified.map((entry) => entry.transition.name).join(', ')}`;
  return `change plan against ${source}: ${objects}; ${rolls.join('; ')}; ${transitions}`;
}

function rollText(label: string, roll: Roll | undefined): string {
  if (!roll) return `${label} does not roll`;
  const why = [
    roll.env.length > 0 ? `env ${capped(roll.env)}` : '',
    roll.images.length > 0 ? `images ${capped(roll.images)}` : '',
    roll.volumes.length > 0 ? `volumes ${capped(roll.volumes)}` : '',
    roll.annotations.length > 0 ? `pod annotations ${capped(roll.annotations)}` : '',
    roll.otherPodFields ? 'other pod template fields' : '',
  ].filter((part) => part !== '');
  return `${label} rolls (${why.join('; ')})`;
}

const MAX_LISTED = 8;

function capped(names: readonly string[]): string {
  const more = names.length > MAX_LISTED ? ` and ${names.length - MAX_LISTED} more` : '';
  return `${names.slice(0, MAX_LISTED).join(', ')}${more}`;
}

function transitionResult(entry: Classified): Result {
  const { transition, detected, severity } = entry;
  const ack = transition.acknowledge;
  const message = detected.selfContained ? detected.change : severity === 'error'
    ? `refused: ${detected.change}: ${transition.impact}. Safe procedure: ${transition.action}. Once it is followed, list "${ack}" under spec.acknowledge in the function config to let this change through`
    : ack
      ? `${detected.change} (acknowledged: spec.acknowledge lists "${ack}"): ${transition.impact}. Safe procedure: ${transition.action}`
      : `${detected.change}: ${transition.impact}. What to do: ${transition.action}`;
  return { severity, message, ...(detected.ref ? { resourceRef: detected.ref } : {}), tags: { [PLAN_TAG]: transition.name } };
}
