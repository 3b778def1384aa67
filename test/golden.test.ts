// Runs every golden case in testdata/ through the function (the same path the bin takes).
import test from 'ava';
import { processResourceList } from '../src/krm/process.js';
import { answerFor, goldenCases, readExpected, writeExpected } from './support/golden.js';

const update = process.env.UPDATE_GOLDEN === '1';

for (const golden of goldenCases()) {
  test(`golden: ${golden.name}`, (t) => {
    const outcome = processResourceList(golden.input);
    t.truthy(outcome.stdout, outcome.stderr);
    const answer = answerFor(outcome.stdout ?? '');
    const hasError = /severity: error/.test(answer.results);
    t.is(outcome.exitCode, hasError ? 1 : 0, 'exit code 1 exactly when a result is an error');
    if (update) writeExpected(golden.dir, answer);
    const expected = readExpected(golden.dir);
    if (!expected) return t.fail(`no expected.yaml/results.yaml in ${golden.dir}: run UPDATE_GOLDEN=1 npm test and review them`);
    t.is(answer.results, expected.results, 'results differ');
    t.is(answer.items, expected.items, 'output items differ');
  });
}
