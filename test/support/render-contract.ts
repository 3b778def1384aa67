// What every run of the function owes its caller, whatever the input: either error results, exit
// code 1 and the input items exactly as given, or exit code 0 and output in which every generated
// object validates and every item of the user's comes back unchanged. Never a stack trace.
import { isDeepStrictEqual } from 'node:util';
import { itemViews, viewsOfItem } from './item-views.js';
import { generatedObjectProblems } from './output-validation.js';
import { isGenerated, outputParts, render, STACK_TRACE } from './render-output.js';

const SEVERITIES = ['error', 'warning', 'info'];

/** Every way the answer to `input` breaks the contract; empty when it keeps it. */
function outputViolations(input: string, output: string, exitCode: number, untouchedItemNames: readonly string[]): string[] {
  const violations: string[] = [];
  if (STACK_TRACE.test(output)) violations.push('a stack trace in the output');
  const { items, results, keptText } = outputParts(output);
  for (const result of results) if (!SEVERITIES.includes(result.severity)) violations.push(`severity ${result.severity}`);
  const failed = results.some((result) => result.severity === 'error');
  if (exitCode !== (failed ? 1 : 0)) violations.push(`exit code ${exitCode} with${failed ? '' : 'out'} error results`);

  const before = itemViews(input);
  // Only the kept items: the generated ones are checked against their schemas instead.
  const after = itemViews(keptText);
  if (failed) {
    if (items.some(isGenerated) || !isDeepStrictEqual(after, before)) violations.push('an error run changed the input items');
    return violations;
  }
  for (const problem of items.filter(isGenerated).flatMap(generatedObjectProblems)) violations.push(problem);
  for (const name of untouchedItemNames) {
    if (!isDeepStrictEqual(viewsOfItem(after, name), viewsOfItem(before, name))) violations.push(`item ${name}, not ours, changed`);
  }
  return violations;
}

/** For fast-check: throws the violations, so the counterexample report names them; else the exit code. */
export function assertContract(input: string, untouchedItemNames: readonly string[]): number {
  const outcome = render(input);
  const violations = outcome.stdout === undefined
    ? [`no ResourceList answered a ResourceList input (stderr: ${outcome.stderr ?? ''})`]
    : outputViolations(input, outcome.stdout, outcome.exitCode, untouchedItemNames);
  if (violations.length > 0) throw new Error(violations.join('\n'));
  return outcome.exitCode;
}
