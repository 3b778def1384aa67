// Items the function does not own come back byte for byte, whatever else the input holds, on
// both parse paths: the same text (spelling, comments, quoting, escapes, line ends), so every
// reader (1.2 core, 1.1 as kubectl reads it, failsafe as written) sees the same values and
// annotations, including kpt's internal.config.kubernetes.io/* and config.k8s.io/id. Seeded
// fuzzing with a time budget: reproducible, and bounded in CI.
import test from 'ava';
import fc from 'fast-check';
import { isDeepStrictEqual } from 'node:util';
import { parseResourceList, writeUnchanged } from '../../src/krm/resource-list.js';
import { itemViews, viewsOfItem } from '../support/item-views.js';
import { outputParts, render } from '../support/render-output.js';
import { assemble, resourceListParts } from '../support/resource-list-arbitrary.js';
import { userItem, type UserItem } from '../support/user-item-arbitrary.js';

/** Where kpt and users put comments in an item: above it, inside it after `- `, after `key:`, after its last line. */
const decorated = (item: UserItem) => fc.record({
  head: fc.boolean(),
  inside: fc.boolean(),
  afterKey: fc.boolean(),
  trailing: fc.constantFrom('', '  # trailing at the item column\n', '    # b: "2"  <- disabled for now\n'),
}).map(({ head, inside, afterKey, trailing }) => {
  let text = item.text;
  if (inside) text = text.replace(/^- /, '- # kpt head comment\n  ');
  if (afterKey) text = text.replace('\n  metadata:\n', '\n  metadata: # kpt-merge: default/x\n');
  if (head) text = `# above the item\n${text}`;
  return { ...item, text: text + trailing };
});

/** A rendering input with several more of the user's items mixed in, in either parse path, with LF or CRLF line ends. */
const withUserItems = fc.tuple(
  resourceListParts(false),
  fc.integer({ min: 1, max: 4 }).chain((count) => fc.tuple(...Array.from({ length: count }, (_, index) => userItem(10 + index).chain(decorated)))),
  fc.constantFrom('text path', 'Document path'),
  fc.boolean(),
  fc.constantFrom('', '  '),
).chain(([parts, extra, path, crlf, indent]) => {
  // Items at column 0 as kpt writes them, or at column 2 as the yaml package does.
  const indented = (text: string) => text.replace(/^(?=.)/gm, indent);
  const userItems = extra.map((item) => ({ ...item, text: indented(item.text) }));
  return fc.shuffledSubarray([...parts.items.map(indented), ...userItems.map((item) => item.text)], { minLength: parts.items.length + extra.length }).map((items) => ({
    parts: { ...parts, items },
    userItems,
    path,
    crlf,
  }));
});

function inputOf({ parts, path, crlf }: { parts: Parameters<typeof assemble>[0]; path: string; crlf: boolean }): string {
  const text = assemble(parts);
  // A tag on apiVersion (the same value) sends the whole input to the yaml package.
  const forced = path === 'Document path' ? text.replace(/^apiVersion: /, 'apiVersion: !!str ') : text;
  return crlf ? forced.replace(/\n/g, '\r\n') : forced;
}

test("fuzz: the user's items come back byte for byte, with the same values to every reader, in rendering and in failing runs", (t) => {
  const counts = { rendered: 0, failed: 0, documentPath: 0 };
  fc.assert(fc.property(withUserItems, (sample) => {
    const input = inputOf(sample);
    const outcome = render(input);
    const output = outcome.stdout ?? '';
    if (outcome.stdout === undefined) throw new Error(`no ResourceList in answer: ${outcome.stderr}`);
    const lineEnd = sample.crlf ? '\r\n' : '\n';
    const before = itemViews(input);
    const after = itemViews(outputParts(output).keptText);
    for (const { name, text } of sample.userItems) {
      if (!output.includes(text.replace(/\n/g, lineEnd))) throw new Error(`${name} is not in the output byte for byte:\n${text}\n--- output ---\n${output.slice(0, 4000)}`);
      if (!isDeepStrictEqual(viewsOfItem(after, name), viewsOfItem(before, name))) throw new Error(`${name} reads differently after the run`);
    }
    if (outcome.exitCode === 0) counts.rendered += 1;
    else counts.failed += 1;
    if (sample.path === 'Document path') counts.documentPath += 1;
  }), { numRuns: 150, seed: 99, interruptAfterTimeLimit: 20_000, includeErrorInReport: true });
  t.true(counts.rendered > 0 && counts.documentPath > 0, JSON.stringify(counts));
});

test('fuzz: with nothing to change, the splicing writer gives back the input byte for byte on both parse paths', (t) => {
  let documentPath = 0;
  fc.assert(fc.property(withUserItems, (sample) => {
    const input = inputOf(sample);
    let parsed;
    try {
      parsed = parseResourceList(input);
    } catch {
      return;
    }
    if (parsed.source.document) documentPath += 1;
    const output = writeUnchanged(parsed, []);
    if (output !== input) throw new Error(`the identity splice changed the text:\n--- input\n${input.slice(0, 3000)}\n--- output\n${output.slice(0, 3000)}`);
  }), { numRuns: 150, seed: 4242, interruptAfterTimeLimit: 10_000, includeErrorInReport: true });
  t.true(documentPath > 0);
});
