// The output is a pure function of the input, and a fixed point: rendering twice gives the same
// bytes, rendering the output again regenerates the same objects byte for byte (what a second
// `kpt fn render` or an Argo CD re-sync does), and the order of the input items changes nothing
// that is generated. The function reads block-style YAML with its own fast reader and anything
// else with the yaml package: both must read an input alike.
import test from 'ava';
import fc from 'fast-check';
import { isDeepStrictEqual } from 'node:util';
import { isGenerated, outputParts, render } from '../support/render-output.js';
import { assemble, resourceListParts } from '../support/resource-list-arbitrary.js';

const RUN = { numRuns: 100, interruptAfterTimeLimit: 12_000, includeErrorInReport: true };

/** An input and the same items in another order. */
const inputAndShuffle = resourceListParts(false).chain((parts) =>
  fc.tuple(fc.constant(parts), fc.shuffledSubarray(parts.items, { minLength: parts.items.length, maxLength: parts.items.length })));

function expectEqual(actual: string, expected: string, what: string): void {
  if (actual !== expected) throw new Error(`${what} differ:\n--- expected\n${expected.slice(0, 2000)}\n--- actual\n${actual.slice(0, 2000)}`);
}

test('same input, same output bytes; the output rendered again regenerates the same objects', (t) => {
  let rerendered = 0;
  fc.assert(fc.property(resourceListParts(false), (parts) => {
    const input = assemble(parts);
    const first = render(input);
    const again = render(input);
    expectEqual(again.stdout ?? again.stderr ?? '', first.stdout ?? first.stderr ?? '', 'two renders of one input');
    if (first.exitCode !== 0 || first.stdout === undefined) return;
    const second = render(first.stdout);
    if (second.exitCode !== 0 || second.stdout === undefined) throw new Error(`the output does not render again: ${second.stdout ?? second.stderr}`);
    expectEqual(outputParts(second.stdout).generatedText, outputParts(first.stdout).generatedText, 'generated objects of render(render(x)) and render(x)');
    rerendered += 1;
  }), { ...RUN, seed: 7 });
  t.true(rerendered > 0);
});

test('the order of the input items does not change the generated objects', (t) => {
  fc.assert(fc.property(inputAndShuffle, ([parts, shuffled]) => {
    const forward = render(assemble(parts));
    const reordered = render(assemble({ ...parts, items: shuffled }));
    if (forward.exitCode !== reordered.exitCode) throw new Error(`exit code ${forward.exitCode} became ${reordered.exitCode}`);
    if (forward.exitCode !== 0) return;
    expectEqual(outputParts(reordered.stdout ?? '').generatedText, outputParts(forward.stdout ?? '').generatedText, 'generated objects');
  }), { ...RUN, seed: 11 });
  t.pass();
});

/** An item only the yaml package reads (an anchor): the whole input then takes that path. */
const ANCHORED_ITEM = '- &elsewhere {apiVersion: v1, kind: ConfigMap, metadata: {name: read-by-the-yaml-package}}\n';

test('the fast block reader and the yaml package read an input alike: same generated objects', (t) => {
  fc.assert(fc.property(resourceListParts(false), (parts) => {
    const fast = render(assemble(parts));
    const full = render(assemble({ ...parts, items: [...parts.items, ANCHORED_ITEM] }));
    if (fast.exitCode !== full.exitCode) throw new Error(`exit code ${fast.exitCode} on one path, ${full.exitCode} on the other`);
    const generated = (output: string | undefined) => outputParts(output ?? '').items.filter(isGenerated);
    if (!isDeepStrictEqual(generated(fast.stdout), generated(full.stdout))) throw new Error('the generated objects differ between the two readers');
  }), { ...RUN, seed: 13 });
  t.pass();
});
