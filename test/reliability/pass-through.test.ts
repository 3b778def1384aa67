// Items the function does not own come back as they came, whatever else the input holds: same
// values to every YAML reader (1.2 core, 1.1 as kubectl reads it, failsafe as written), same
// annotations including kpt's internal.config.kubernetes.io/* and config.k8s.io/id, and every line
// in its original spelling (1.20, 0755, yes, on, dates, quoting, comments, anchors), except that
// escape sequences in double-quoted strings and the quoting of explicitly tagged scalars may
// change (same value, same type).
import test from 'ava';
import fc from 'fast-check';
import { isDeepStrictEqual } from 'node:util';
import { itemViews, viewsOfItem } from '../support/item-views.js';
import { outputParts, render } from '../support/render-output.js';
import { assemble, resourceListParts } from '../support/resource-list-arbitrary.js';
import { userItem } from '../support/user-item-arbitrary.js';

/** A rendering input with several more of the user's items mixed in. */
const withUserItems = fc.tuple(
  resourceListParts(false),
  fc.integer({ min: 1, max: 4 }).chain((count) => fc.tuple(...Array.from({ length: count }, (_, index) => userItem(10 + index)))),
).chain(([parts, extra]) => fc.shuffledSubarray([...parts.items, ...extra.map((item) => item.text)], { minLength: parts.items.length + extra.length }).map((items) => ({
  parts: { ...parts, items },
  userItems: extra,
})));

test("the user's items keep their values, annotations and spelling, in rendering and in failing runs", (t) => {
  let rendered = 0;
  fc.assert(fc.property(withUserItems, ({ parts, userItems }) => {
    const input = assemble(parts);
    const outcome = render(input);
    const { keptText } = outputParts(outcome.stdout ?? '');
    const before = itemViews(input);
    const after = itemViews(keptText);
    for (const { name, text } of userItems) {
      if (!isDeepStrictEqual(viewsOfItem(after, name), viewsOfItem(before, name))) throw new Error(`${name} reads differently after the run`);
      // Printed back node for node: every line as written, only the indentation may differ. The
      // exceptions, compared by the views above: escape sequences in double-quoted strings are
      // re-encoded (kpt's own writer does the same) and explicitly tagged scalars may gain quotes
      // (`!!str 5` -> `!!str "5"`); value and type stay.
      const respelled = (line: string) => /"[^"]*\\/.test(line) || /: !/.test(line);
      const missing = text.split('\n')
        .map((line) => line.replace(/^- /, '').trim())
        .filter((line) => line !== '' && !respelled(line) && !keptText.includes(line));
      if (missing.length > 0) throw new Error(`${name} lost these lines: ${missing.join(' | ')}\n${keptText}`);
    }
    if (outcome.exitCode === 0) rendered += 1;
  }), { numRuns: 80, seed: 99, interruptAfterTimeLimit: 10_000, includeErrorInReport: true });
  t.true(rendered > 0);
});
