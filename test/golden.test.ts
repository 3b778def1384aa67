// Runs every golden case in testdata/ through the function (the same path the bin takes); see
// test/support/golden.ts for the layout.
import test from 'ava';
import { parse } from 'yaml';
import { processResourceList } from '../src/krm/process.js';
import { answerFor, BASE_CASE, goldenCases, itemsExpectation, readText, writeText, yamlStream } from './support/golden.js';

const update = process.env.UPDATE_GOLDEN === '1';
/** Every case renders at this instant, so snapshot ages are reproducible. */
const NOW = { now: new Date('2026-11-23T12:00:00Z') };
const cases = goldenCases();
const base = cases.find((golden) => golden.name === BASE_CASE);
const baseItems = base ? answerFor(processResourceList(base.input, NOW).stdout ?? '').items : '';

for (const golden of cases) {
  test(`golden: ${golden.name}`, (t) => {
    const outcome = processResourceList(golden.input, NOW);
    t.truthy(outcome.stdout, outcome.stderr);
    const answer = answerFor(outcome.stdout ?? '');
    const failed = /severity: error/.test(answer.results);
    t.is(outcome.exitCode, failed ? 1 : 0, 'exit code 1 exactly when a result is an error');

    const expectedItems = failed ? undefined : itemsExpectation(golden.name, answer.items, baseItems);
    if (update) {
      writeText(golden.dir, 'results.yaml', answer.results);
      writeText(golden.dir, 'expected.yaml', expectedItems?.file === 'expected.yaml' ? expectedItems.text : undefined);
      writeText(golden.dir, 'expected.diff', expectedItems?.file === 'expected.diff' ? expectedItems.text : undefined);
    }
    t.is<string | undefined, string | undefined>(answer.results, readText(golden.dir, 'results.yaml'), 'results differ from results.yaml');
    if (expectedItems) {
      t.is<string | undefined, string | undefined>(expectedItems.text, readText(golden.dir, expectedItems.file), `output differs from ${expectedItems.file}`);
    } else {
      const given = (parse(golden.input) as { items: unknown[] }).items;
      t.is(answer.items, yamlStream(given), 'an error run returns the input items unchanged');
    }
  });
}
