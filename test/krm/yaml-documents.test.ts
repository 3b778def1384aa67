// Reading with the yaml package (src/krm/yaml-documents.ts): the one-pass unique-keys check
// against the package's own (the same documents refused, at the same first duplicate: the package
// reports an inner map's before the key it is the value of, we the first in document order); a
// map too wide for the package's quadratic check renders; a stack overflow is named as depth.
import test from 'ava';
import fc from 'fast-check';
import { parseAllDocuments, type Document, type EmptyStream } from 'yaml';
import { processResourceList } from '../../src/krm/process.js';
import { parseYamlDocuments } from '../../src/krm/yaml-documents.js';

/** Where each document's first duplicate key in document order starts, as the given parse reports it. */
function duplicateKeyPositions(documents: Document.Parsed[] | EmptyStream): (number | undefined)[] {
  if (!Array.isArray(documents)) return [];
  return documents.map((document) => {
    const starts = document.errors.filter((error) => error.code === 'DUPLICATE_KEY').map((error) => error.pos[0]);
    return starts.length > 0 ? Math.min(...starts) : undefined;
  });
}

const key = fc.constantFrom('a', 'b', '1', '"1"', "'a'", 'true', '~', 'null', '.nan', '? [x]', '? {y: 1}');
const value = fc.letrec<{ node: string }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom('1', 'x', '"s"', '[]'),
    fc.array(fc.tuple(key, tie('node')), { maxLength: 4 }).map((pairs) => `{${pairs.map(([name, inner]) => `${name.replace(/^\? /, '? ')}: ${inner}`).join(', ')}}`),
    fc.array(tie('node'), { maxLength: 3 }).map((items) => `[${items.join(', ')}]`),
  ),
}));
const blockMap = fc.array(fc.tuple(key.filter((name) => !name.startsWith('?')), value.node), { minLength: 1, maxLength: 6 })
  .map((pairs) => pairs.map(([name, inner]) => `${name}: ${inner}\n`).join(''));
const stream = fc.array(blockMap, { minLength: 1, maxLength: 3 }).map((documents) => documents.join('---\n'));

test('property: the same documents refused as by the yaml package, at the same first duplicate key', (t) => {
  fc.assert(fc.property(stream, fc.constantFrom('core', 'failsafe') as fc.Arbitrary<'core' | 'failsafe'>, (text, schema) => {
    const theirs = duplicateKeyPositions(parseAllDocuments(text, { schema, uniqueKeys: true }));
    const ours = duplicateKeyPositions(parseYamlDocuments(text, { schema }));
    t.deepEqual(ours, theirs, text);
  }), { numRuns: 2000 });
});

test('the duplicate is named, with its line and column', (t) => {
  const documents = parseYamlDocuments('a: 1\nb: {x: 1, x: 2}\na: 3\n', {});
  t.true(Array.isArray(documents));
  t.is((documents as Document.Parsed[])[0]?.errors[0]?.message, 'Map keys must be unique: "x" is given twice (line 2, column 11)');
});

// Regression: the yaml package compares each key with every earlier one of its map; a map of
// 150,000 keys (2.8 MiB) took over a minute. Read by the yaml package because it is in flow style.
test('a ConfigMap of 150,000 keys in flow style renders, and comes back byte for byte', (t) => {
  const data = Array.from({ length: 150_000 }, (_, index) => `k${index}: v${index}`).join(', ');
  const wide = `- {apiVersion: v1, kind: ConfigMap, metadata: {name: wide}, data: {${data}}}\n`;
  const network = '- {apiVersion: extensions.gardener.cloud/v1alpha1, kind: Network, metadata: {name: n, namespace: shoot--a--b}, spec: {type: calico, podCIDR: 100.96.0.0/11, serviceCIDR: 100.64.0.0/13}}\n';
  const config = 'functionConfig: {apiVersion: fn.networking-calico.gardener.cloud/v1alpha1, kind: CalicoRenderConfig, metadata: {name: c}, spec: {crds: Skip, shoot: {spec: {kubernetes: {version: 1.34.2}}}}}\n';
  const input = `apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n${network}${wide}${config}`;
  const outcome = processResourceList(input);
  t.is(outcome.exitCode, 0, outcome.stderr);
  t.true(outcome.stdout?.includes(wide));
});

// Regression: the yaml package's recursion overflowing the stack came out as "Maximum call stack
// size exceeded" at a position.
test('nesting that overflows the yaml package is named as too deep', (t) => {
  const documents = parseYamlDocuments(`a: ${'['.repeat(20_000)}${']'.repeat(20_000)}\n`, {}) as Document.Parsed[];
  const messages = documents.flatMap((document) => document.errors.map((error) => error.message));
  t.true(messages.length > 0);
  for (const message of messages) t.regex(message, /^nested too deeply to read \(far more than the 256 levels any Kubernetes object stays within\)/);
});

// Found by a hostile review (ninth session): the package's warning for a collection key went to stderr.
test('a collection key gives no warning on stderr', async (t) => {
  const warnings: unknown[] = [];
  const listener = (warning: unknown) => warnings.push(warning);
  process.on('warning', listener);
  const outcome = processResourceList('apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: c}\n  data: {? [a, b] : x}\n');
  // Warnings are emitted on the next tick.
  await new Promise((resolve) => setImmediate(resolve));
  process.off('warning', listener);
  t.is(outcome.exitCode, 1, 'no Network');
  t.deepEqual(warnings, []);
});
