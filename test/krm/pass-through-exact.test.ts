// Items we do not own come back byte for byte, on both parse paths: the regression tests of
// issue 10 (each names its defect). The Document path is forced by one flow collection in the
// Network item, as any real package has somewhere (`args: ["sh", "-c"]`).
import test from 'ava';
import { parse } from 'yaml';
import { parseResourceList, writeResourceList } from '../../src/krm/resource-list.js';
import { BLOCK_FUNCTION_CONFIG, BLOCK_NETWORK_ITEM, render, outputParts, STACK_TRACE } from '../support/render-output.js';

const NETWORK_BLOCK = BLOCK_NETWORK_ITEM.replace('  metadata:\n    name: calico-network\n', '  metadata:\n    name: calico-network\n    namespace: shoot--a--b\n');
/** The same Network, with one flow collection: only the yaml package reads the ResourceList. */
const NETWORK_FLOW = NETWORK_BLOCK.replace('    type: calico\n', '    type: calico\n    providerConfig: {apiVersion: calico.networking.extensions.gardener.cloud/v1alpha1, kind: NetworkConfig}\n');
const FUNCTION_CONFIG = BLOCK_FUNCTION_CONFIG;

const PATHS = { 'text path': NETWORK_BLOCK, 'Document path': NETWORK_FLOW } as const;

function resourceList(network: string, ...items: string[]): string {
  return `apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n${network}${items.join('')}${FUNCTION_CONFIG}`;
}

/** Renders and checks that every given item comes back as the same text. */
function assertKept(t: import('ava').ExecutionContext, input: string, items: readonly string[]): string {
  const outcome = render(input);
  t.is(outcome.exitCode, 0, outcome.stdout ?? outcome.stderr);
  const output = outcome.stdout ?? '';
  for (const item of items) t.true(output.includes(item), `kept byte for byte:\n${item}\n--- in ---\n${output.slice(0, 3000)}`);
  return output;
}

const KPT_MERGE = `- # kpt pkg get wrote this head comment
  apiVersion: apps/v1
  kind: Deployment
  metadata: # kpt-merge: default/web
    name: web # kpt-set: \${name}
    namespace: default
  spec:
    template:
      spec:
        containers:
        - name: web
          args: ["sh", "-c", "sleep 1"]
          image: nginx:1.27 # kpt-set: \${image}
  # the file's trailing comment
`;

for (const [path, network] of Object.entries(PATHS)) {
  test(`defect 1 (${path}): \`key: # comment\` comments stay on their line`, (t) => {
    assertKept(t, resourceList(network, KPT_MERGE), [KPT_MERGE]);
  });
}

const CONTROL_CHARACTERS = `- apiVersion: v1
  kind: ConfigMap
  metadata: {name: controls}
  data:
    del: "a\\x7fb"
    c1: "a\\x85b\\u0085c\\x9b"
    nel: "line\\Nbreak"
    bell: "\\a"
`;

test('defect 3: DEL, C1 controls and NEL stay escaped as written on the Document path', (t) => {
  const output = assertKept(t, resourceList(NETWORK_FLOW, CONTROL_CHARACTERS), [CONTROL_CHARACTERS]);
  t.notRegex(output, /[\u007f-\u009f]/, 'no raw control character in the output');
});

const WITH_TRAILING_COMMENT = `- apiVersion: v1
  kind: ConfigMap
  metadata:
    name: a
  data:
    a: "1"
    # b: "2"  <- disabled for now
`;
const PLAIN = `- apiVersion: v1
  kind: ConfigMap
  metadata:
    name: b
  data:
    c: "3"
`;
const PREVIOUS_RENDER = `- apiVersion: v1
  kind: ServiceAccount
  metadata:
    name: calico-old
    namespace: kube-system
    annotations:
      fn.networking-calico.gardener.cloud/generated: "true"
`;

for (const [path, network] of Object.entries(PATHS)) {
  test(`defect 4 (${path}): a comment after an item's last line stays with it, in any order, and when the next item is dropped`, (t) => {
    assertKept(t, resourceList(network, WITH_TRAILING_COMMENT, PLAIN), [WITH_TRAILING_COMMENT, PLAIN]);
    assertKept(t, resourceList(network, PLAIN, WITH_TRAILING_COMMENT), [WITH_TRAILING_COMMENT, PLAIN]);
    const output = assertKept(t, resourceList(network, WITH_TRAILING_COMMENT, PREVIOUS_RENDER), [WITH_TRAILING_COMMENT]);
    t.false(output.includes('calico-old'), 'our previous render is dropped');
  });
}

const MARKERS = `- apiVersion: v1
  kind: ConfigMap
  metadata:
    name: markers
  args:
  - __networking_calico_fn_generated_items__
  data:
    script: |
      results: __networking_calico_fn_results__
`;

for (const [path, network] of Object.entries(PATHS)) {
  test(`defect 13 (${path}): text that looks like an internal marker is the user's, untouched`, (t) => {
    const output = assertKept(t, resourceList(network, MARKERS), [MARKERS]);
    const { items, results } = outputParts(output);
    t.true(items.length > 5, 'the generated items are there');
    t.true(results.length > 0, 'the results are there');
  });
}

test('defect 14: `items: *all` is refused with a message instead of dropping every item', (t) => {
  const input = `apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nall: &all\n${NETWORK_BLOCK}items: *all\n${FUNCTION_CONFIG}`;
  const outcome = render(input);
  t.is(outcome.exitCode, 1);
  t.regex(outcome.stderr ?? '', /items is the alias \*all/);
});

const RESPELLED = `- apiVersion: v1
  kind: ConfigMap
  metadata:
    name: spelled
    annotations:
      created: 2001-12-14t21:59:43.10-05:00
  data:
    plain: this plain scalar
      goes on over
      three lines
    folded: >
      folded text
      over lines
    ? explicit
    : key
  list:
  - - compact
    - nested
  -   spaced: entry
`;

test('defect 15: multi-line plain and folded scalars, compact lists, `? k : v` and timestamps keep their spelling', (t) => {
  assertKept(t, resourceList(NETWORK_BLOCK, RESPELLED), [RESPELLED]);
});

test('defect 15: a CRLF file comes back with its CRLF line ends', (t) => {
  const input = resourceList(NETWORK_BLOCK, PLAIN, KPT_MERGE).replace(/\n/g, '\r\n');
  assertKept(t, input, [PLAIN.replace(/\n/g, '\r\n'), KPT_MERGE.replace(/\n/g, '\r\n')]);
});

for (const [path, network] of Object.entries(PATHS)) {
  test(`defect 5 (${path}): a pass-through item whose apiVersion, kind or name is not a string is kept, not a crash`, (t) => {
    const odd = `- apiVersion: 5\n  kind: [a]\n  metadata:\n    name: {x: 1}\n`;
    const outcome = render(resourceList(network, odd));
    t.notRegex(`${outcome.stderr ?? ''}${outcome.stdout ?? ''}`, STACK_TRACE);
    t.not(outcome.stdout, undefined);
    t.true((outcome.stdout ?? '').includes(odd) || outcome.exitCode === 1);
  });
}

test('defect 6: an alias into an item we drop is an error result with the input unchanged, not a crash', (t) => {
  const anchored = PREVIOUS_RENDER.replace('name: calico-old', 'name: &old calico-old');
  const user = `- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: *old\n`;
  const input = resourceList(NETWORK_BLOCK, anchored, user);
  const outcome = render(input);
  t.is(outcome.exitCode, 1);
  const { results, items } = outputParts(outcome.stdout ?? '');
  t.regex(results.map((result) => result.message).join('\n'), /anchor &old in it is used elsewhere/);
  t.deepEqual(items, (parse(input) as { items: unknown[] }).items, 'the input items, unchanged');
  t.true((outcome.stdout ?? '').startsWith(input.slice(0, input.indexOf('functionConfig:'))));
});

test('defect 6: an alias between two kept items stays as written', (t) => {
  const first = `- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: first\n  data: &data\n    a: "1"\n`;
  const second = `- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: second\n  data: *data\n`;
  assertKept(t, resourceList(NETWORK_BLOCK, first, second), [first, second]);
});

test('defect 7: a deeply nested compact sequence followed by more content is a clear error, not a crash', (t) => {
  const deep = `- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: deep\n  list:\n  - ${'- '.repeat(3000)}x\n`;
  const outcome = render(resourceList(NETWORK_BLOCK, deep, PLAIN));
  t.is(outcome.exitCode, 1);
  t.regex(outcome.stderr ?? '', /nested/);
  t.notRegex(outcome.stderr ?? '', STACK_TRACE);
});

test('a JSON ResourceList: items kept as written, a previous render dropped, ours and the results added as JSON, the old results replaced', (t) => {
  const user = '{\n    "apiVersion": "v1", "kind": "ConfigMap",\n    "metadata": {"name": "user"}, "data": {"a": "1.20"}\n  }';
  const input = `{"apiVersion": "config.kubernetes.io/v1", "kind": "ResourceList",
 "results": [{"message": "from before", "severity": "info"}],
 "items": [
  {"apiVersion": "extensions.gardener.cloud/v1alpha1", "kind": "Network", "metadata": {"name": "calico-network"}, "spec": {"type": "calico", "podCIDR": "100.96.0.0/11", "serviceCIDR": "100.64.0.0/13"}},
  {"apiVersion": "v1", "kind": "ServiceAccount", "metadata": {"name": "old", "annotations": {"fn.networking-calico.gardener.cloud/generated": "true"}}},
  ${user}
 ],
 "functionConfig": {"apiVersion": "fn.networking-calico.gardener.cloud/v1alpha1", "kind": "CalicoRenderConfig", "metadata": {"name": "r"}, "spec": {"crds": "Skip", "shoot": {"spec": {"kubernetes": {"version": "1.34.2"}}}}}
}
`;
  const output = assertKept(t, input, [user]);
  const parsed = JSON.parse(output) as { items: { metadata: { name: string } }[]; results: { message: string }[] };
  t.false(parsed.items.some((item) => item.metadata.name === 'old'));
  t.true(parsed.items.some((item) => item.metadata.name === 'calico-node'));
  t.false(parsed.results.some((result) => result.message === 'from before'));
});

test('items at column 2 (as the yaml package prints them) with comments after an item and above the next are read and kept', (t) => {
  const first = '  - # the first object\n    apiVersion: v1\n    kind: ConfigMap\n    metadata:\n      name: first\n    data:\n      a: "1"\n      # b: "2"  <- disabled for now\n';
  const second = '  # the second object\n  - apiVersion: v1\n    kind: ConfigMap\n    metadata:\n      name: second\n    data:\n      c: "3"\n        # deeper trailing comment\n';
  const network = NETWORK_FLOW.replace(/^(?=.)/gm, '  ');
  assertKept(t, `apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n${network}${first}${second}${FUNCTION_CONFIG}`, [first, second]);
});

for (const [name, text, expected] of [
  ['items: [] with a comment', 'kind: ResourceList\nitems: [] # none yet\nfunctionConfig: {}\n', 'kind: ResourceList\nitems: # none yet\n  - kind: Generated\nfunctionConfig: {}\n'],
  ['items null', 'kind: ResourceList\nitems:\nother: x\n', 'kind: ResourceList\nitems:\n  - kind: Generated\nother: x\n'],
  ['no items key', 'kind: ResourceList\n# the end\n', 'kind: ResourceList\n# the end\nitems:\n  - kind: Generated\n'],
  ['every item dropped', 'kind: ResourceList\nitems: # mine\n- kind: Old\n# after\nx: 1\n', 'kind: ResourceList\nitems: [] # mine\n# after\nx: 1\n'],
] as const) {
  test(`the writer adds our items where the input has none: ${name}`, (t) => {
    const append = name === 'every item dropped' ? [] : [{ kind: 'Generated' }];
    const drop = new Set(name === 'every item dropped' ? [0] : []);
    for (const input of [text, text.replace('kind: ResourceList', 'kind: !!str ResourceList')]) {
      const output = writeResourceList(parseResourceList(input), { drop, annotate: new Map(), append }, []);
      t.is(output, input === text ? expected : expected.replace('kind: ResourceList', 'kind: !!str ResourceList'));
    }
  });
}
