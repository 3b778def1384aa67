// Our YAML printer: what it writes reads back as the same data, in YAML 1.2 and in YAML 1.1.
import test from 'ava';
import fc from 'fast-check';
import { parse } from 'yaml';
import { parseBlockYaml } from '../../src/krm/block-yaml.js';
import { printedAhead, toYaml } from '../../src/krm/emit-yaml.js';
import { hasYaml11Form } from '../../src/krm/scalars.js';
import { numberish } from '../support/scalar-arbitraries.js';

const tricky = fc.constantFrom(
  '', ' ', 'Off', 'on', 'yes', 'null', '~', '0755', '1.20', '1e3', '2026-01-01', '-c', '- a', 'a: b', 'a #b', '#x', '*', '&a', '!x',
  '|', '>', '"q"', "'q'", '%x', '@x', '`x`', 'a:', 'trailing ', ' leading', 'tab\there', 'k8s,bgp', '32768:65535', '190:20:30',
  'line1\nline2', 'line1\nline2\n', 'line1\n\n', '\nstarts with newline', '  indented\nblock', 'unicode ✓ ü', 'ctrl\u0001char', '{"a": 1}', '[1, 2]',
);
const text = fc.oneof(tricky, fc.string(), fc.string({ unit: fc.constantFrom(...'ab :-#\n\t"\'{}[],'.split('')) }));
const key = fc.oneof(fc.constantFrom('a', 'two\nlines', 'config.kubernetes.io/path', 'admissionregistration.k8s.io/v1beta1', 'on', '1', 'a b', '-x'), fc.string({ minLength: 1 }));
const leaf = fc.oneof(text, fc.integer(), fc.boolean(), fc.constant(null));
const { tree } = fc.letrec<{ tree: unknown }>((tie) => ({
  tree: fc.oneof({ depthSize: 'small' }, leaf, fc.array(tie('tree'), { maxLength: 4 }), fc.dictionary(key, tie('tree'), { maxKeys: 4 })),
}));

/**
 * When a one-line string is printed plain: the rule as regular expressions, which the printer
 * tests in a cheaper order (twelfth session); the bytes it prints must not change.
 */
function plainByRule(line: string): boolean {
  return /^(?:[A-Za-z0-9_./$(]|-[^\s])/.test(line) && !/: | #|:$|\s$|[\u0000-\u001f\u007f-\u009f\u2028\u2029\ufeff]/.test(line) &&
    !/^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|0o[0-7]+|0x[0-9a-fA-F]+|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)|~|[Nn]ull|NULL|[Tt]rue|TRUE|[Ff]alse|FALSE)$/.test(line) &&
    !hasYaml11Form(line);
}

test('a one-line string is printed plain exactly when the rule says so', (t) => {
  const yamlish = fc.string({ unit: fc.constantFrom(...'0123456789.:_+-eExXbBoOnNyYsStTfFlLuUaAiI~ #$(/'.split('')), maxLength: 10 });
  fc.assert(
    fc.property(fc.oneof(tricky, fc.string({ maxLength: 8 }), yamlish, numberish).filter((line) => !line.includes('\n')), (line) => {
      return (toYaml(line) === `${line}\n`) === plainByRule(line);
    }),
    { numRuns: 50_000 },
  );
  t.pass();
});

test('round-trips through the YAML 1.2 and 1.1 readers', (t) => {
  fc.assert(
    fc.property(fc.dictionary(key, tree, { maxKeys: 5 }), (value) => {
      const printed = toYaml(value);
      t.deepEqual(parse(printed), value, printed);
      t.deepEqual(parse(printed, { version: '1.1' }), value, printed);
    }),
    { numRuns: 3_000, seed: 11 },
  );
});

test('stays in the block subset: our own reader reads it back, at any column', (t) => {
  fc.assert(
    fc.property(fc.dictionary(key, tree, { minKeys: 1, maxKeys: 5 }), fc.constantFrom(0, 2, 4), (value, indent) => {
      // Document markers at the start of a key are the one thing the reader leaves to the yaml package.
      if (/(?:^|\n) *(?:- )*"?(?:---|\.\.\.)/.test(toYaml(value))) return;
      const printed = toYaml(value, indent);
      t.deepEqual(parseBlockYaml(printed), value, printed);
    }),
    { numRuns: 3_000, seed: 12 },
  );
});

// Deep nesting: lists of lists (`- - - x`), maps opened on a dash line, literal blocks many
// columns in, every level's lines in their place.
const deep = fc.letrec<{ node: unknown }>((tie) => ({
  node: fc.oneof({ depthSize: 'large', maxDepth: 12 }, leaf, fc.array(tie('node'), { minLength: 1, maxLength: 3 }), fc.dictionary(key, tie('node'), { minKeys: 1, maxKeys: 3 })),
})).node;

test('deeply nested data round-trips, in both sequence styles and at any column', (t) => {
  fc.assert(
    fc.property(fc.dictionary(key, deep, { minKeys: 1, maxKeys: 3 }), fc.constantFrom(0, 2, 6), (value, indent) => {
      const indented = toYaml(value, indent);
      t.deepEqual(parse(indented), value, indented);
      t.deepEqual(parse(indented, { version: '1.1' }), value, indented);
      const compact = toYaml(value, indent, 'compact');
      t.deepEqual(parse(compact), value, compact);
      if (!/(?:^|\n) *(?:- )*"?(?:---|\.\.\.)/.test(toYaml(value))) t.deepEqual(parseBlockYaml(indented), value, indented);
    }),
    { numRuns: 1_000, seed: 19 },
  );
});

test('escapes what YAML wants escaped and JSON leaves raw; spaces-only lines are no literal block', (t) => {
  const value = { a: 'x\u2028y', b: 'x\u0085', c: '\u007f', d: 'line\n\u2029\n', e: 'a\n  \nb', f: '\ufeffbom', g: 'c1\u0090' };
  const printed = toYaml(value);
  t.false(/[\u007f-\u009f\u2028\u2029\ufeff]/.test(printed), printed);
  t.deepEqual(parseBlockYaml(printed), value);
  t.deepEqual(parse(printed), value);
});

test('prints lists of objects the way the yaml package does', (t) => {
  t.is(toYaml({ items: [{ a: 1, b: [1, 2] }, []], empty: {} }), 'items:\n  - a: 1\n    b:\n      - 1\n      - 2\n  - []\nempty: {}\n');
});

test('compact sequences: the dashes in the key\'s column, as kpt writes files', (t) => {
  t.is(toYaml({ items: [{ a: 1, b: [1, 2] }, []], empty: {} }, 0, 'compact'), 'items:\n- a: 1\n  b:\n  - 1\n  - 2\n- []\nempty: {}\n');
  fc.assert(
    fc.property(fc.dictionary(key, tree, { maxKeys: 5 }), (value) => {
      const printed = toYaml(value, 0, 'compact');
      t.deepEqual(parse(printed), value, printed);
    }),
    { numRuns: 1_000, seed: 17 },
  );
});

test('a key with a line break is double-quoted: a literal block is no key', (t) => {
  const value = { 'two\nlines': 1, 'ends\n': { inner: 'x\ny' }, list: [{ 'a\nb': 'c' }] };
  for (const indent of [0, 2]) {
    const printed = toYaml(value, indent);
    t.deepEqual(parse(printed), value, printed);
    t.deepEqual(parse(printed, { version: '1.1' }), value, printed);
    t.deepEqual(parseBlockYaml(printed), value, printed);
  }
  t.is(toYaml({ 'a\nb': 1 }), '"a\\nb": 1\n');
});

test('multi-line text becomes a literal block with the right chomping', (t) => {
  t.is(toYaml({ s: 'a\nb' }), 's: |-\n  a\n  b\n');
  t.is(toYaml({ s: 'a\nb\n' }), 's: |\n  a\n  b\n');
});

test('a value printed ahead of time prints as it would have, at any column and nesting, in either sequence style', async (t) => {
  const { withPrintedYaml } = await import('../../src/printed-yaml.js');
  const nested = fc.dictionary(key, tree, { minKeys: 1, maxKeys: 5 });
  fc.assert(
    fc.property(nested, fc.constantFrom(0, 2, 4, 6), fc.constantFrom('map', 'list', 'root'), fc.constantFrom('indented' as const, 'compact' as const), (value, indent, where, style) => {
      const plain = structuredClone(value);
      const known = withPrintedYaml(structuredClone(value), printedAhead(value));
      const wrap = (inner: unknown) => (where === 'map' ? { spec: inner, other: 'x' } : where === 'list' ? [inner, 'y'] : inner);
      t.is(toYaml(wrap(known), indent, style), toYaml(wrap(plain), indent, style));
    }),
    { numRuns: 1_000, seed: 13 },
  );
});

test('a printed stand-in prints its text without building its object, and reads as that object', async (t) => {
  const { printedStandIn } = await import('../../src/printed-yaml.js');
  const maps = fc.dictionary(key, tree, { minKeys: 0, maxKeys: 5 });
  fc.assert(
    fc.property(maps, fc.constantFrom(0, 2, 4, 6), fc.constantFrom('map', 'list', 'root'), fc.constantFrom('indented' as const, 'compact' as const), (value, indent, where, style) => {
      let builds = 0;
      const standIn = printedStandIn(printedAhead(value), () => {
        builds += 1;
        return structuredClone(value);
      });
      const wrap = (inner: unknown) => (where === 'map' ? { spec: inner, other: 'x' } : where === 'list' ? [inner, 'y'] : inner);
      const printed = toYaml(wrap(standIn), indent, style);
      const unbuilt = builds === 0;
      return printed === toYaml(wrap(value), indent, style) && unbuilt && JSON.stringify(standIn) === JSON.stringify(value) && Object.keys(standIn).join() === Object.keys(value).join() && builds === 1;
    }),
    { numRuns: 500, seed: 17 },
  );
  t.pass();
});

test('a printed stand-in cannot be changed: its text would no longer be true', async (t) => {
  const { printedStandIn } = await import('../../src/printed-yaml.js');
  const standIn = printedStandIn<Record<string, unknown>>({ indented: 'a: 1', compact: 'a: 1' }, () => ({ a: 1 }));
  t.throws(() => { standIn.a = 2; }, { instanceOf: TypeError });
  t.throws(() => { delete standIn.a; }, { instanceOf: TypeError });
  t.is(standIn.a, 1);
});
