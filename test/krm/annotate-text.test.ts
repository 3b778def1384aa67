// Annotations set by inserting lines into an item's text: the value with the annotations set,
// and every other byte of the item kept; shapes the line editor does not cover are edited at the
// offsets of the yaml package's nodes (annotate-node.ts), which never re-prints the item either.
import test from 'ava';
import { parse } from 'yaml';
import { annotateEntryByNodes } from '../../src/krm/annotate-node.js';
import { annotateEntryText } from '../../src/krm/annotate-text.js';
import { parseBlockYaml } from '../../src/krm/block-yaml.js';
import { parseResourceList, writeResourceList } from '../../src/krm/resource-list.js';

const LOCAL_CONFIG = { 'config.kubernetes.io/local-config': 'true' };

/** The entry's value with the annotations set. */
function expectedValue(entryText: string, annotations: Record<string, string>): unknown {
  const [item] = parse(entryText) as Record<string, unknown>[];
  const metadata = (item?.metadata ?? {}) as Record<string, unknown>;
  return { ...item, metadata: { ...metadata, annotations: { ...((metadata.annotations ?? {}) as object), ...annotations } } };
}

function annotate(entryText: string, annotations: Record<string, string> = LOCAL_CONFIG): string | undefined {
  const parsed = parseBlockYaml(entryText) as Record<string, unknown>[] | undefined;
  // Outside the block subset the text path never gets the entry.
  if (!parsed) return undefined;
  return annotateEntryText(entryText, parsed[0] ?? {}, annotations);
}

/** True when `edited` is `original` with one run of text inserted. */
function isInsertion(original: string, edited: string): boolean {
  let prefix = 0;
  while (prefix < original.length && original[prefix] === edited[prefix]) prefix += 1;
  return edited.slice(prefix + edited.length - original.length) === original.slice(prefix);
}

const COVERED: [string, string][] = [
  ['annotations present', '- apiVersion: v1\n  kind: Node\n  metadata:\n    annotations:\n      a: b\n    name: n\n  status: {}\n'],
  ['annotations last in metadata, item at column 2', '  - kind: Node\n    metadata:\n      name: n\n      annotations:\n        a: b\n    spec: {}\n'],
  ['annotations ending in a kept literal block', '- kind: Node\n  metadata:\n    annotations:\n      note: |+\n        text\n\n\n  spec:\n    x: 1\n'],
  ['no annotations', '- apiVersion: v1\n  kind: List\n  items:\n  - kind: Node\n  metadata:\n    resourceVersion: ""\n'],
  ['no annotations, metadata last', '- kind: List\n  metadata:\n    resourceVersion: ""\n'],
  ['no metadata', '- kind: NodeConditionSnapshot\n  nodes:\n  - name: a\n'],
  ['metadata first on the dash line', '- metadata:\n    name: n\n  kind: Node\n'],
  ['kpt head comment', '- # a comment\n  # more\n  kind: Node\n  metadata:\n    name: n\n    annotations:\n      internal.config.kubernetes.io/path: nodes.yaml\n'],
  ['comments and blank lines inside', '# above\n- kind: Node\n\n  metadata: # here\n    # inside\n    name: n\n\n    annotations:\n      a: b # trailing\n    # after\n  spec: {}\n'],
  ['another annotation set to something else', '- kind: Node\n  metadata:\n    annotations:\n      other: "false"\n'],
  ['deep item column', '    - kind: Node\n      metadata:\n        name: n\n'],
];

for (const [name, entryText] of COVERED) {
  test(`inserts lines: ${name}`, (t) => {
    const edited = annotate(entryText);
    if (edited === undefined) return t.fail('not covered');
    t.true(isInsertion(entryText, edited), edited);
    t.deepEqual(parse(edited), [expectedValue(entryText, LOCAL_CONFIG)]);
  });
}

test('an annotation already set to the value leaves the text as it is', (t) => {
  const entryText = "- kind: Node\n  metadata:\n    annotations:\n      config.kubernetes.io/local-config: 'true'\n";
  t.is(annotate(entryText), entryText);
});

const LEFT_TO_THE_NODE_EDITOR: [string, string, string][] = [
  ['metadata null', '- kind: Node\n  metadata:\n  spec: {}\n', '- kind: Node\n  metadata: {"annotations":{"config.kubernetes.io/local-config":"true"}}\n  spec: {}\n'],
  ['metadata empty', '- kind: Node\n  metadata: {}\n', '- kind: Node\n  metadata: {"annotations": {"config.kubernetes.io/local-config":"true"}}\n'],
  ['annotations null', '- kind: Node\n  metadata:\n    annotations: ~ # none\n', '- kind: Node\n  metadata:\n    annotations: {"config.kubernetes.io/local-config":"true"} # none\n'],
  ['annotations empty', '- kind: Node\n  metadata:\n    annotations: {}\n', '- kind: Node\n  metadata:\n    annotations: {"config.kubernetes.io/local-config": "true"}\n'],
  ['the annotation set to another value', '- kind: Node\n  metadata:\n    annotations:\n      config.kubernetes.io/local-config: "false" # was\n', '- kind: Node\n  metadata:\n    annotations:\n      config.kubernetes.io/local-config: "true" # was\n'],
  ['metadata under a quoted key', '- kind: Node\n  "metadata":\n    name: n\n', '- kind: Node\n  "metadata":\n    name: n\n    annotations:\n      config.kubernetes.io/local-config: "true"\n'],
  ['flow metadata with a kpt comment after the item', '- {kind: Node, metadata: {name: n}}\n  # kept\n', '- {kind: Node, metadata: {name: n, "annotations": {"config.kubernetes.io/local-config":"true"}}}\n  # kept\n'],
];

for (const [name, entryText, expected] of LEFT_TO_THE_NODE_EDITOR) {
  test(`edited at node offsets, not re-printed: ${name}`, (t) => {
    t.is(annotate(entryText), undefined, 'the line editor leaves it');
    const edited = annotateEntryByNodes(entryText, LOCAL_CONFIG);
    t.is(edited, expected);
    t.deepEqual(parse(edited), [expectedValue(entryText, LOCAL_CONFIG)]);
  });
}

test('the text path edits an item the line editor cannot at node offsets, and keeps the rest', (t) => {
  const text = [
    'apiVersion: config.kubernetes.io/v1',
    'kind: ResourceList',
    'items:',
    '  - kind: Node # first',
    '    metadata: {}',
    '  - kind: Node',
    '    metadata:',
    '      name: b',
    '  - kind: ConfigMap # untouched',
    '    data:',
    '      a: "1"',
    '',
  ].join('\n');
  const input = parseResourceList(text);
  t.is(input.source.document, undefined, 'the text path reads it');
  const output = writeResourceList(input, { drop: new Set(), annotate: new Map([[0, LOCAL_CONFIG], [1, LOCAL_CONFIG]]), append: [{ kind: 'Generated' }] }, []);
  const items = (parse(output) as { items: { metadata?: { annotations?: unknown } }[] }).items;
  t.deepEqual(items.map((item) => item.metadata?.annotations), [LOCAL_CONFIG, LOCAL_CONFIG, undefined, undefined]);
  t.true(output.includes('  - kind: Node # first\n    metadata: {"annotations": {"config.kubernetes.io/local-config":"true"}}\n'));
  t.true(output.includes('  - kind: ConfigMap # untouched\n    data:\n      a: "1"\n  - kind: Generated\n'));
});
