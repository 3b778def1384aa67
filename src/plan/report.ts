// The change plan for people and bots: `render --plan` prints it as Markdown text for a
// pull-request comment, or with `--json` as one JSON document. Both are made from the function's
// results alone (the plan results carry the plan tag), so they say exactly what a render says.
import type { ResourceRef, Result } from '../krm/types.js';
import { PLAN_TAG } from './plan.js';

export interface PlanReport {
  /** The summary line; undefined when the function failed before it could plan. */
  summary?: string;
  transitions: Array<{ name: string; severity: Result['severity']; message: string; resourceRef?: ResourceRef }>;
  /** Every other result of the render (the overlay guard's, input errors). */
  otherResults: Result[];
  /** A destructive transition was refused: applying this change fails until it is acknowledged. */
  refused: boolean;
}

export function planReport(results: readonly Result[]): PlanReport {
  const tagged = results.filter((result) => result.tags?.[PLAN_TAG] !== undefined);
  const transitions = tagged.filter((result) => result.tags?.[PLAN_TAG] !== 'summary').map((result) => ({
    name: result.tags?.[PLAN_TAG] ?? '',
    severity: result.severity,
    message: result.message,
    ...(result.resourceRef ? { resourceRef: result.resourceRef } : {}),
  }));
  return {
    summary: tagged.find((result) => result.tags?.[PLAN_TAG] === 'summary')?.message,
    transitions,
    otherResults: results.filter((result) => result.tags?.[PLAN_TAG] === undefined),
    refused: transitions.some((transition) => transition.severity === 'error'),
  };
}

/** Input errors: the render failed for a reason other than a refused transition. */
export function hasInputErrors(report: PlanReport): boolean {
  return report.summary === undefined || report.otherResults.some((result) => result.severity === 'error');
}

export function planText(report: PlanReport): string {
  const lines = ['## Calico change plan', ''];
  lines.push(report.summary ?? 'no plan: the render failed before it could compare anything (see the errors below)', '');
  if (report.refused) lines.push('**Refused:** this change fails to render until each refused transition is acknowledged (see docs/change-plan.md).', '');
  for (const transition of report.transitions) {
    lines.push(`- **${transition.severity}** \`${transition.name}\`${subject(transition.resourceRef)}: ${transition.message}`);
  }
  const others = report.otherResults.filter((result) => result.severity !== 'info' || !/^rendered \d+ Calico objects/.test(result.message));
  if (others.length > 0) {
    if (report.transitions.length > 0) lines.push('');
    lines.push('Other results of the render:', '');
    for (const result of others) lines.push(`- **${result.severity}**${subject(result.resourceRef)}: ${result.message}`);
  }
  return `${lines.join('\n')}\n`;
}

export function planJson(report: PlanReport): string {
  return `${JSON.stringify({ summary: report.summary ?? null, refused: report.refused, transitions: report.transitions, otherResults: report.otherResults }, null, 2)}\n`;
}

function subject(ref: ResourceRef | undefined): string {
  if (!ref?.kind) return '';
  return ` (${ref.kind} ${ref.namespace ? `${ref.namespace}/` : ''}${ref.name ?? ''})`;
}
