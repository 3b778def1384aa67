// Input that is not a proper ResourceList, by hand and by fuzzing: the answer is a clear message
// on stderr with exit code 1 and nothing on stdout, or a ResourceList whose exit code matches its
// results. Never an exception out of the function, never a stack trace, never a hang.
import test from 'ava';
import fc from 'fast-check';
import { processResourceList } from '../../src/krm/process.js';
import { goldenCases } from '../support/golden.js';
import { outputParts, render, STACK_TRACE } from '../support/render-output.js';

const HEAD = 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\n';
const VALID = goldenCases().find((golden) => golden.name === 'default')?.input ?? '';

/** "Billion laughs": nine levels of nine aliases each, 9^9 strings once expanded. */
function aliasBomb(indent: string): string {
  const lines = [`${indent}l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]`];
  for (let level = 1; level < 9; level += 1) lines.push(`${indent}l${level}: &l${level} [${Array(9).fill(`*l${level - 1}`).join(', ')}]`);
  return lines.join('\n');
}

const REJECTED: [string, string, RegExp][] = [
  ['empty', '', /empty input/],
  ['not YAML', 'items: [\n', /not valid YAML/],
  ['tabs as indentation', '\t\titems: -\n', /not valid YAML/],
  ['NUL bytes', '\u0000\u0001\u0002', /not a ResourceList|not valid YAML/],
  ['a list', '- kind: ResourceList\n', /not a ResourceList/],
  ['a scalar', 'ResourceList\n', /not a ResourceList/],
  ['a map of another kind', 'apiVersion: v1\nkind: ConfigMap\n', /not a ResourceList/],
  ['items a map', `${HEAD}items: {a: 1}\n`, /items must be a list/],
  ['items a string', `${HEAD}items: abc\n`, /items must be a list/],
  ['an item that is a number', `${HEAD}items:\n- 42\n`, /items\[0\] is not a map/],
  ['an item that is a list', `${HEAD}items:\n- [a]\n`, /items\[0\] is not a map/],
  ['functionConfig a list', `${HEAD}items: []\nfunctionConfig: [1]\n`, /functionConfig must be a map/],
  ['a duplicate key', `${HEAD}kind: ResourceList\nitems: []\n`, /Map keys must be unique/],
  ['two documents', `${HEAD}items: []\n---\n${HEAD}items: []\n`, /one YAML document/],
  ['an alias bomb at the top', `${aliasBomb('')}\n${HEAD}items: []\n`, /resource exhaustion/],
  ['an alias bomb in an item', `${HEAD}items:\n- kind: ConfigMap\n  data:\n${aliasBomb('    ')}\n`, /resource exhaustion/],
  ['deep nesting', `${HEAD}items:\n- ${'{a: '.repeat(3000)}1${'}'.repeat(3000)}\n`, /nested more than 256 levels|nested too deeply to read/],
];

for (const [title, input, message] of REJECTED) {
  test(`rejected with a message: ${title}`, (t) => {
    const outcome = render(input);
    t.is(outcome.exitCode, 1);
    t.is(outcome.stdout, undefined, 'no ResourceList, so kpt cannot take it for "delete everything"');
    t.regex(outcome.stderr ?? '', message);
    t.notRegex(outcome.stderr ?? '', STACK_TRACE);
  });
}

// Regression: bytes that are not UTF-8 came back as U+FFFD, changing an item we do not own.
test('input that is not UTF-8 is refused, naming the line, not copied with its bytes replaced', (t) => {
  const latin1 = Buffer.concat([Buffer.from(`${HEAD}items:\n- apiVersion: v1\n  kind: ConfigMap\n  data:\n    city: M`), Buffer.from([0xfc]), Buffer.from('nchen\n')]);
  const outcome = processResourceList(latin1, { now: new Date('2026-11-23T12:00:00Z') });
  t.is(outcome.exitCode, 1);
  t.is(outcome.stdout, undefined);
  t.regex(outcome.stderr ?? '', /input is not UTF-8 at line 7: YAML is read as UTF-8/);
  t.is(processResourceList(Buffer.from(VALID), { now: new Date('2026-11-23T12:00:00Z') }).exitCode, 0, 'UTF-8 (the golden input has none but ASCII) is read');
  const utf8 = processResourceList(Buffer.from(`${VALID}`.replace('items:\n', 'items:\n  - {apiVersion: v1, kind: ConfigMap, metadata: {name: m}, data: {city: "München \uFFFD ✓"}}\n')), { now: new Date('2026-11-23T12:00:00Z') });
  t.true(utf8.stdout?.includes('city: "München \uFFFD ✓"'), utf8.stderr);
});

// Found by a hostile review (ninth session): "cannot be copied exactly: a block collection that does not start its own line".
test('a byte order mark before the ResourceList is read past: the answer is that of the input without it', (t) => {
  const now = { now: new Date('2026-11-23T12:00:00Z') };
  const withMark = processResourceList(Buffer.from(`\uFEFF${VALID}`), now);
  t.is(withMark.exitCode, 0, withMark.stderr);
  t.is(withMark.stdout, processResourceList(Buffer.from(VALID), now).stdout);
});

const ANSWERED: [string, string, RegExp][] = [
  ['no items at all', HEAD, /no Network/],
  ['items: null', `${HEAD}items: null\n`, /no Network/],
  ['items without kind or name', `${HEAD}items:\n- {metadata: {name: x}}\n- {kind: ConfigMap}\n- {}\n`, /no Network/],
  ['two Networks', VALID.replace('items:\n', `items:\n  - {apiVersion: extensions.gardener.cloud/v1alpha1, kind: Network, metadata: {name: twin}, spec: {type: calico, podCIDR: 10.0.0.0/8, serviceCIDR: 10.1.0.0/16}}\n`), /found 2 Networks/],
  ['two Shoots', VALID.replace('items:\n', `items:\n  - {apiVersion: core.gardener.cloud/v1beta1, kind: Shoot, metadata: {name: a}}\n  - {apiVersion: core.gardener.cloud/v1beta1, kind: Shoot, metadata: {name: a}}\n`), /found 2 Shoots/],
];

for (const [title, input, message] of ANSWERED) {
  test(`answered with error results, items unchanged: ${title}`, (t) => {
    const outcome = render(input);
    t.is(outcome.exitCode, 1);
    const parts = outputParts(outcome.stdout ?? '');
    t.regex(parts.results.map((result) => result.message).join('\n'), message);
    t.is(parts.generatedText, '');
  });
}

/** Every answer keeps the shape of the contract; returns how long it took. */
function expectWellFormedAnswer(input: string): number {
  const started = performance.now();
  const outcome = render(input);
  const elapsed = performance.now() - started;
  if (outcome.stdout === undefined) {
    if (outcome.exitCode !== 1 || !outcome.stderr) throw new Error(`no ResourceList and no message (exit ${outcome.exitCode})`);
  } else {
    const failed = outputParts(outcome.stdout).results.some((result) => result.severity === 'error');
    if (outcome.exitCode !== (failed ? 1 : 0)) throw new Error(`exit code ${outcome.exitCode} does not match the results`);
  }
  if (STACK_TRACE.test(`${outcome.stdout ?? ''}${outcome.stderr ?? ''}`)) throw new Error('a stack trace in the answer');
  return elapsed;
}

/** A valid ResourceList with a few random edits: cut, duplicated or replaced stretches of text. */
const mutatedInput = fc.array(fc.tuple(fc.nat({ max: VALID.length }), fc.nat({ max: 40 }), fc.oneof(fc.constant(''), fc.string({ maxLength: 8 }), fc.constantFrom('\n', ': ', '- ', '*a', '&a ', '{', '[', '"', '\t'))), { minLength: 1, maxLength: 4 })
  .map((edits) => edits.reduce((text, [at, length, insert]) => text.slice(0, at) + insert + text.slice(at + length), VALID));

const anyText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.jsonValue({ maxDepth: 4 }).map((value) => `${HEAD}items: ${JSON.stringify(value)}\n`),
  mutatedInput,
);

test('fuzzed text: an exception never escapes, every answer has the contract shape, none takes long', (t) => {
  let slowest = 0;
  fc.assert(fc.property(anyText, (input) => {
    slowest = Math.max(slowest, expectWellFormedAnswer(input));
  }), { numRuns: 600, seed: 31337, interruptAfterTimeLimit: 10_000, includeErrorInReport: true });
  t.true(slowest < 5_000, `slowest answer took ${Math.round(slowest)} ms`);
});
