// Random inputs, valid and hostile: random NetworkConfigs, Shoot facts, function configs (our
// CalicoRenderConfig, a Shoot item, kpt's key=value ConfigMap), node snapshots in all three forms
// and a live calico-node. Whatever comes in, the function keeps its contract
// (test/support/render-contract.ts): error results with the items unchanged, or valid output with
// every item not ours unchanged; it never throws and never prints a stack trace.
import test from 'ava';
import fc from 'fast-check';
import { assertContract } from '../support/render-contract.js';
import { assemble, resourceListParts } from '../support/resource-list-arbitrary.js';

/** Fixed seeds keep CI reproducible; the time limit keeps the suite within its budget on slow machines. */
const RUN = { numRuns: 200, interruptAfterTimeLimit: 12_000, includeErrorInReport: true };

test('valid field values: the contract holds, and most inputs render', (t) => {
  const exitCodes: number[] = [];
  fc.assert(fc.property(resourceListParts(false), (parts) => {
    exitCodes.push(assertContract(assemble(parts), parts.untouchedItemNames));
  }), { ...RUN, seed: 20261123 });
  // The validity checks only bite on rendered output: most valid-value inputs must render.
  t.true(exitCodes.filter((code) => code === 0).length > exitCodes.length / 3, `${exitCodes.filter((code) => code === 0).length} of ${exitCodes.length} rendered`);
});

test('hostile field values: the contract holds', (t) => {
  fc.assert(fc.property(resourceListParts(true), (parts) => {
    assertContract(assemble(parts), parts.untouchedItemNames);
  }), { ...RUN, seed: 4242 });
  t.pass();
});
