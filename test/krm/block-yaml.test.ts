// The block reader (src/krm/block-yaml.ts) against the yaml package: on anything it accepts it
// returns exactly what yaml.parse returns; everything else it refuses (undefined). And the text
// path of the KRM boundary answers as the yaml Document path does, keeping items byte for byte.
import test from 'ava';
import fc from 'fast-check';
import { isDeepStrictEqual } from 'node:util';
import { parse, stringify, type ToStringOptions } from 'yaml';
import { runFunction } from '../../src/fn.js';
import { parseBlockYaml, readBlockDocument } from '../../src/krm/block-yaml.js';
import { processResourceList } from '../../src/krm/process.js';
import { parseResourceList, writeResourceList } from '../../src/krm/resource-list.js';
import { goldenCases } from '../support/golden.js';

/** What the reader and yaml.parse make of the text; yaml.parse is asked only when the reader gave a value. */
function readBoth(text: string): { fast: unknown; slow: unknown } {
  const fast = parseBlockYaml(text);
  return { fast, slow: fast === undefined ? undefined : parse(text) };
}

// ---- random values printed by yaml.stringify ----------------------------------------------------

const trickyText = fc.constantFrom(
  '', ' ', 'a b', 'a: b', 'a:b', 'a:', 'a #b', 'a#b', '#x', '- a', '-a', '-', '--', '---', '...', '1', '-1', '+1', '-0', '1.0', '1.', '.5', '1e3', '1E-3', '0x1F', '0o17', '0755',
  '1_000', '.inf', '-.Inf', '.nan', '~', 'null', 'Null', 'NULL', 'true', 'False', 'yes', 'on', '2026-01-01', '1.20', '"q"', "'q'", "it's", 'a\\b', '\\"', 'tab\there', '{}', '[]',
  '{a: 1}', '[1]', '&a', '*a', '!x', '|', '>', '%x', '@x', '`x`', '?x', ':x', ',x', 'é ✓', '\u0085', '\u2028', '\ufeff', 'ctrl\u0001', 'cr\r', 'line1\nline2', 'line1\nline2\n',
  'line1\n\n', '\nstarts with newline', '  indented\nblock', 'trailing \nspace', 'white\n  \nspace', 'a\n# not a comment\n', 'x'.repeat(100), `${'word '.repeat(30)}end`,
);
const text = fc.oneof(trickyText, fc.string(), fc.string({ unit: fc.constantFrom(...'ab :-#\n\t"\'{}[],|>&*!%@`\\.0123456789eE+~'.split('')) }));
const key = fc.oneof(
  fc.constantFrom('a', 'metadata', 'config.kubernetes.io/path', '1', 'true', 'null', '~', 'a b', '-x', '__proto__', 'constructor', '<<', '...', '--- x', ' a', 'a ', 'a:b', 'a: b', '#a', 'a #b', 'x'.repeat(1100)),
  fc.string({ minLength: 1 }),
);
const leaf = fc.oneof(text, fc.integer(), fc.double(), fc.boolean(), fc.constant(null));
const { tree } = fc.letrec<{ tree: unknown }>((tie) => ({
  tree: fc.oneof({ depthSize: 'small' }, leaf, fc.array(tie('tree'), { maxLength: 4 }), fc.dictionary(key, tie('tree'), { maxKeys: 4 })),
}));
const root = fc.oneof(fc.dictionary(key, tree, { maxKeys: 6 }), fc.array(tree, { maxLength: 4 }));
const printOptions: fc.Arbitrary<ToStringOptions> = fc.record({
  indent: fc.constantFrom(2, 3, 4),
  indentSeq: fc.boolean(),
  lineWidth: fc.constantFrom(0, 20, 80),
  minContentWidth: fc.constantFrom(0, 20),
  defaultStringType: fc.constantFrom('PLAIN', 'QUOTE_DOUBLE', 'QUOTE_SINGLE', 'BLOCK_LITERAL', 'BLOCK_FOLDED'),
  defaultKeyType: fc.constantFrom(null, 'PLAIN', 'QUOTE_DOUBLE', 'QUOTE_SINGLE'),
  blockQuote: fc.constantFrom(true, false, 'literal' as const, 'folded' as const),
  collectionStyle: fc.constantFrom('any', 'block'),
});

test('on whatever yaml.stringify prints, the reader gives up or returns what yaml.parse returns', (t) => {
  let accepted = 0;
  fc.assert(
    fc.property(root, printOptions, (value, options) => {
      const { fast, slow } = readBoth(stringify(value, options));
      if (fast === undefined) return true;
      accepted += 1;
      return isDeepStrictEqual(fast, slow);
    }),
    { numRuns: 5_000, seed: 7 },
  );
  t.true(accepted > 1_000, `only ${accepted} of 5,000 documents were read: the property says little`);
});

const k8sWord = fc.stringMatching(/^[a-z0-9](?:[-a-z0-9./]{0,20}[a-z0-9])?$/);
const k8sText = fc.oneof(
  k8sWord,
  fc.constantFrom('True', 'False', '1.20', '0755', 'yes', '', '10.250.0.0/16', '2026-11-23T10:00:00Z', 'a b c', 'it\'s "quoted"', 'echo "hi"\nexit 0\n', 'one\ntwo', 'keep\n\n'),
);
const { k8sTree } = fc.letrec<{ k8sTree: unknown }>((tie) => ({
  k8sTree: fc.oneof(
    { depthSize: 'small' },
    k8sText, fc.integer(), fc.boolean(), fc.constant(null),
    fc.array(tie('k8sTree'), { maxLength: 4 }),
    fc.dictionary(k8sWord, tie('k8sTree'), { maxKeys: 5 }),
  ),
}));

test('Kubernetes-shaped values in the styles kpt, kubectl and yaml.stringify write are all read, exactly', (t) => {
  const styles: ToStringOptions[] = [{ lineWidth: 0, indentSeq: false }, { lineWidth: 0 }, { indentSeq: false }, {}];
  fc.assert(
    fc.property(fc.dictionary(k8sWord, k8sTree, { minKeys: 1, maxKeys: 6 }), fc.constantFrom(...styles), (value, options) => {
      const { fast, slow } = readBoth(stringify(value, options));
      return fast !== undefined && isDeepStrictEqual(fast, slow);
    }),
    { numRuns: 2_000, seed: 5 },
  );
  t.pass();
});

/** A Node as `kubectl get nodes -o yaml` lists it, abridged. */
function kubectlNode(name: string) {
  const condition = (type: string, status: string, reason: string) => ({ lastHeartbeatTime: '2026-11-23T09:59:00Z', message: `${reason} on ${name}`, reason, status, type });
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      annotations: { 'node.alpha.kubernetes.io/ttl': '0' },
      creationTimestamp: '2026-11-20T08:00:00Z',
      labels: { 'kubernetes.io/hostname': name, 'topology.kubernetes.io/zone': 'eu-west-1a' },
      name,
      resourceVersion: '100001',
    },
    spec: { podCIDR: '100.96.1.0/24', podCIDRs: ['100.96.1.0/24'] },
    status: {
      allocatable: { cpu: '3920m', memory: '14784320Ki', pods: '110' },
      conditions: [condition('NetworkUnavailable', 'False', 'RouteCreated'), condition('Ready', 'True', 'KubeletReady')],
      daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
      images: [{ names: ['registry.example.com/image@sha256:0123'], sizeBytes: 10000000 }],
    },
  };
}

test('kubectl get nodes -o yaml and our snapshot are read', (t) => {
  const list = { apiVersion: 'v1', items: [kubectlNode('a'), kubectlNode('b')], kind: 'List', metadata: { resourceVersion: '' } };
  const snapshot = {
    apiVersion: 'fn.networking-calico.gardener.cloud/v1alpha1',
    kind: 'NodeConditionSnapshot',
    metadata: { name: 'shoot-nodes', annotations: { 'config.kubernetes.io/local-config': 'true' } },
    capturedAt: '2026-11-23T10:00:00Z',
    nodes: [{ name: 'a', conditions: [{ type: 'NetworkUnavailable', status: 'False', reason: 'RouteCreated' }] }],
    calicoNode: { overlay: 'ipip' },
  };
  for (const options of [{ lineWidth: 0 }, { lineWidth: 0, indentSeq: false }]) {
    for (const value of [list, snapshot]) {
      const { fast, slow } = readBoth(stringify(value, options));
      t.deepEqual(fast, slow);
    }
  }
});

// ---- the subset, case by case -------------------------------------------------------------------

const ACCEPTED: [string, string][] = [
  ['compact sequence under a key', 'k:\n- a\n- b\n'],
  ['indented sequence under a key', 'k:\n  - a\n  - b\n'],
  ['maps in sequence entries', '- a: 1\n  b: 2\n-   c: 3\n    d: 4\n'],
  ['nested sequences', '- - a\n  - b\n- - - c\n'],
  ['empty entries and values', 'a:\nb: ~\nc:\n- \n-\n'],
  ['empty flow collections', 'a: {}\nb: []\nc:\n- {}\n- []\n'],
  ['comments everywhere', '# head\na: 1 # trailing\n  # indented\nb:\n# between\n- x # c\n- # head of a map\n  c: d\n# tail\n'],
  ['kpt head comments', 'items:\n- # The Network\n  # of a shoot\n  apiVersion: v1\n  kind: X\n'],
  ['blank lines', 'a: 1\n\n\nb:\n\n  c: 2\n'],
  ['core schema scalars', 'a: 0o17\nb: 0x1F\nc: +12\nd: 007\ne: 1.50\nf: 1e3\ng: .inf\nh: -.Inf\ni: .NaN\nj: yes\nk: True\nl: 1_000\nm: 2026-01-01\nn: -0\n'],
  ['plain scalars with indicators inside', 'a: b:c\nb: c#d\nc: e - f\nd: x "y"\ne: x, [y], {z}\nf: -x\ng: a?b\n'],
  ['quoted scalars', 'a: \'it\'\'s\'\nb: "tab\\t\\"q\\" \\\\ \\u00e9 \\/"\nc: "# not a comment" # a comment\n\'d e\': 1\n"f: g": 2\n'],
  ['literal blocks', 'a: |\n  x\n   y\n\n  z\nb: |-\n  x\nc: |+\n  x\n\n\nd: | # comment\n    deeper\n    # content, not a comment\n  # a comment after the block\n'],
  ['literal block leading and inner blank lines', 'a: |\n\n  x\n\n\n  y\n'],
  ['literal blocks in sequences', 'a:\n- |\n  x\n- |-\n   y\nk:\n  - |\n   z\n'],
  ['odd indentation', 'a:\n     b:\n        - c\n        -  d: 1\n           e: 2\n'],
  ['keys that are words of other types elsewhere', 'on: 1\nyes: 2\nNo: 3\n2026-01-01x: 4\n'],
  ['Unicode', 'é: ✓\nk: "\\u2603"\n'],
  ['__proto__ as an own key, as the yaml package sets it', 'x:\n  __proto__: 1\n'],
];

for (const [name, text] of ACCEPTED) {
  test(`reads: ${name}`, (t) => {
    const { fast, slow } = readBoth(text);
    t.not(fast, undefined, text);
    t.deepEqual(fast, slow);
  });
}

/** Each must make the reader give up: valid YAML it does not read, or YAML the yaml package rejects. */
const REFUSED: [string, string][] = [
  ['flow map with content', 'a: {b: 1}\n'],
  ['flow sequence with content', 'a: [1]\n'],
  ['flow map at the root', '{a: 1}\n'],
  ['anchor', 'a: &x 1\n'],
  ['alias', 'a: &x 1\nb: *x\n'],
  ['anchor on a map', 'a: &x\n  b: 1\n'],
  ['tag', 'a: !!str 1\n'],
  ['local tag', 'a: !thing 1\n'],
  ['folded block', 'a: >\n  x\n'],
  ['indentation indicator', 'a: |2\n   x\n'],
  ['indentation indicator with chomping', 'a: |-2\n   x\n'],
  ['empty literal block', 'a: |\nb: 1\n'],
  ['literal block not indented deeper than its key', 'a:\n  k: |\n  x\n'],
  ['literal block with a more indented blank line', 'a: |\n  x\n    \n  y\n'],
  ['literal block with a more indented leading blank line', 'a: |\n    \n  x\n'],
  ['multi-line plain scalar', 'a: b\n  c\n'],
  ['multi-line plain scalar in a sequence', '- a\n  b\n'],
  ['multi-line plain scalar after a blank line', 'a: b\n\n  c\n'],
  ['multi-line double-quoted scalar', 'a: "b\n  c"\n'],
  ['multi-line single-quoted scalar', "a: 'b\n  c'\n"],
  ['double-quoted line continuation', 'a: "b\\\n  c"\n'],
  ['YAML-only escape \\x', 'a: "\\x41"\n'],
  ['YAML-only escape \\N', 'a: "\\N"\n'],
  ['YAML-only escape \\0', 'a: "\\0"\n'],
  ['YAML-only escape \\e', 'a: "\\e"\n'],
  ['YAML-only escaped space', 'a: "\\ "\n'],
  ['short \\u escape', 'a: "\\u12"\n'],
  ['text after a quoted scalar', 'a: "b" c\n'],
  ['comment right after a quoted scalar', 'a: "b"#c\n'],
  ['tab in indentation', 'a:\n\tb: 1\n'],
  ['tab after a key', 'a:\tb\n'],
  ['tab in a plain scalar', 'a: b\tc\n'],
  ['tab on a blank line', 'a: 1\n\t\nb: 2\n'],
  ['complex key', '? a\n: b\n'],
  ['explicit key in a map', 'x: 1\n? y\n'],
  ['duplicate key', 'a: 1\na: 2\n'],
  ['duplicate key at the root of a document', 'kind: A\nitems:\nkind: B\n'],
  ['merge key', '<<: {a: 1}\n'],
  ['non-string key: int', '1: a\n'],
  ['non-string key: float', '1.0: a\n'],
  ['non-string key: bool', 'true: a\n'],
  ['non-string key: null', '~: a\n'],
  ['key with a space before its colon', 'a : b\n'],
  ['key over 1024 characters', `${'k'.repeat(1100)}: v\n`],
  ['directive', '%YAML 1.2\n---\na: 1\n'],
  ['document start', '---\na: 1\n'],
  ['document start inside', 'a: 1\n---\nb: 2\n'],
  ['document end', 'a: 1\n...\n'],
  ['document end with text', '... a: 1\n'],
  ['document start with text', '--- a: 1\n'],
  ['value after ": " holds ": "', 'a: b: c\n'],
  ['value ends with a colon', 'a: b:\n'],
  ['sequence entry as a value', 'a: - b\n'],
  ['reserved @', 'a: @b\n'],
  ['reserved backtick', 'a: `b`\n'],
  ['percent sign at the start', 'a: %b\n'],
  ['plain scalar starting with ?', 'a: ?b\n'],
  ['plain scalar starting with :', 'a: :b\n'],
  ['plain scalar starting with ,', 'a: ,b\n'],
  ['flow indicator closing', 'a: ]\n'],
  ['bad indentation of a key', 'a: 1\n b: 2\n'],
  ['bad indentation in a sequence', '- a: 1\n - b\n'],
  ['sequence entry at a map column', 'a: 1\n- b\n'],
  ['scalar where a map entry is due', 'a:\n  b\n'],
  ['scalar at the root', 'just text\n'],
  ['empty document', ''],
  ['no final newline', 'a: 1'],
  ['carriage returns', 'a: 1\r\nb: 2\r\n'],
  ['byte order mark', '\ufeffa: 1\n'],
  ['control character', 'a: b\u0007\n'],
  ['next line character', 'a: b\u0085c\n'],
  ['line separator', 'a: b\u2028c\n'],
  ['nesting beyond 100 levels', `${Array.from({ length: 120 }, (_, depth) => `${' '.repeat(depth)}a:`).join('\n')} 1\n`],
];

for (const [name, text] of REFUSED) {
  test(`refuses: ${name}`, (t) => {
    t.is(parseBlockYaml(text), undefined, text);
  });
}

// ---- ResourceList texts --------------------------------------------------------------------------

const KPT_STYLE = `apiVersion: config.kubernetes.io/v1
kind: ResourceList
items:
- # The Network of a Gardener shoot.
  # Second line.
  apiVersion: extensions.gardener.cloud/v1alpha1
  kind: Network
  metadata:
    name: calico-network
    annotations:
      config.kubernetes.io/index: '0'
      internal.config.kubernetes.io/path: 'network.yaml'
      internal.config.kubernetes.io/seqindent: 'compact'
  spec:
    ipFamilies:
    - IPv4
    script: |-
      echo "hi"
      exit 0
# about the next one
- apiVersion: v1
  kind: ConfigMap
  data: {}
# about functionConfig
functionConfig:
  apiVersion: v1
  kind: ConfigMap
`;

test('a kpt-style ResourceList is read with the text of each root entry and item', (t) => {
  const document = readBlockDocument(KPT_STYLE, 'items');
  if (!document) return t.fail('the reader gave up');
  t.deepEqual(document.entries.map((entry) => entry.key), ['apiVersion', 'kind', 'items', 'functionConfig']);
  const items = document.entries[2]?.sequence;
  t.is(items?.column, 0);
  const texts = items?.entries.map((entry) => KPT_STYLE.slice(entry.start, entry.end)) ?? [];
  t.true(texts[0]?.startsWith('- # The Network of a Gardener shoot.\n'));
  t.true(texts[0]?.endsWith('      exit 0\n'));
  t.is(texts[1], '# about the next one\n- apiVersion: v1\n  kind: ConfigMap\n  data: {}\n', 'comments above an item belong to it');
  t.true(KPT_STYLE.slice(document.entries[3]?.start, document.entries[3]?.end).startsWith('# about functionConfig\nfunctionConfig:\n'));
  t.is(document.end, KPT_STYLE.length);
  t.deepEqual(items?.entries.map((entry) => entry.value), (parse(KPT_STYLE) as { items: unknown[] }).items);
});

test('only the asked key gets entry texts, and only for a block sequence', (t) => {
  for (const [text, expected] of [
    ['kind: A\nitems: []\n', false],
    ['kind: A\nitems:\n', false],
    ['kind: A\nitems:\n  - a\n', true],
    ['kind: A\nother:\n- a\n', false],
  ] as const) {
    const document = readBlockDocument(text, 'items');
    t.is(document?.entries.some((entry) => entry.sequence !== undefined), expected, text);
  }
});

const NOW = { now: new Date('2026-11-23T12:00:00Z') };
/** The same ResourceList, with a tag on apiVersion (the same value): only the yaml package reads it. */
const forDocumentPath = (text: string) => text.replace(/^apiVersion: /m, 'apiVersion: !!str ');

for (const golden of goldenCases()) {
  test(`golden ${golden.name}: the text path answers as the Document path, keeping items byte for byte`, (t) => {
    t.not(readBlockDocument(golden.input, 'items'), undefined, 'golden inputs take the text path');
    const forced = forDocumentPath(golden.input);
    t.is(readBlockDocument(forced, 'items'), undefined, 'the tag sends the input to the yaml package');

    const fast = processResourceList(golden.input, NOW);
    const slow = processResourceList(forced, NOW);
    t.is(fast.exitCode, slow.exitCode);
    t.is(fast.stderr, slow.stderr);
    t.deepEqual(parse(fast.stdout ?? ''), parse(slow.stdout ?? ''));

    const input = parseResourceList(golden.input);
    const outcome = runFunction(input, NOW);
    const edits = outcome.edits ?? { drop: new Set<number>(), annotate: new Map(), append: [] };
    const output = writeResourceList(input, edits, outcome.results);
    const items = input.source.layout.items;
    const spans = items && 'sequence' in items ? items.sequence.entries : [];
    spans.forEach((span, index) => {
      if (edits.drop.has(index) || edits.annotate.has(index)) return;
      t.true(output.includes(golden.input.slice(span.start, span.end)), `item ${index} is kept byte for byte`);
    });
  });
}

test('ResourceLists in the block style are read beyond the size the yaml package is given', (t) => {
  const text = `apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: big\n  data:\n    blob: ${'x'.repeat(17 * 1024 * 1024)}\n`;
  const outcome = processResourceList(text);
  t.is(outcome.exitCode, 1);
  t.regex(outcome.stdout ?? '', /no Network/, 'read: the function itself answers');
  const refused = processResourceList(forDocumentPath(text));
  t.regex(refused.stderr ?? '', /above 8 MiB this function reads only the block-style YAML/);
});
