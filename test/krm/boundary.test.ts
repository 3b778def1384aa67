// Regression tests for the hazards that rule out the kpt-functions TS SDK as our runtime (see
// README "Why not the kpt-functions SDK"): each would lose or corrupt a user's package.
import test from 'ava';
import { parse } from 'yaml';
import { processResourceList } from '../../src/krm/process.js';

const network = `
- apiVersion: extensions.gardener.cloud/v1alpha1
  kind: Network
  metadata: {name: calico-network, namespace: shoot--a--b}
  spec: {type: calico, podCIDR: 100.96.0.0/11, serviceCIDR: 100.64.0.0/13}`;

const functionConfig = `
functionConfig:
  apiVersion: fn.networking-calico.gardener.cloud/v1alpha1
  kind: CalicoRenderConfig
  metadata: {name: render-calico}
  spec: {shoot: {spec: {kubernetes: {version: "1.34.2"}}}, crds: Skip}`;

function resourceList(extraItems: string): string {
  return `apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:${network}${extraItems}\n${functionConfig}\n`;
}

test('untouched values keep their text: dates, quoting, version-like strings, yes/on', (t) => {
  const userItem = `
- apiVersion: v1
  kind: ConfigMap
  metadata:
    name: user-data
    namespace: default
    annotations:
      config.kubernetes.io/path: user/data.yaml
      internal.config.kubernetes.io/path: user/data.yaml
      config.kubernetes.io/index: '0'
      internal.config.kubernetes.io/seqindent: compact
      config.k8s.io/id: '7'
  data:
    created: 2026-01-01
    version: "1.20"
    single: 'quoted'
    answer: yes
    toggle: on
    octal: 0755`;
  const outcome = processResourceList(resourceList(userItem));
  t.is(outcome.exitCode, 0, outcome.stdout);
  const output = outcome.stdout ?? '';
  // The user's item comes back as the same text, line for line.
  for (const line of userItem.split('\n').filter((line) => line.trim() !== '')) {
    t.true(output.includes(line.replace(/^- /, '  ').trimEnd()) || output.includes(line.trimEnd()), `line kept: ${line}`);
  }
  const item = (parse(output) as { items: { metadata: { name: string } }[] }).items.find((candidate) => candidate.metadata.name === 'user-data');
  t.deepEqual((item as unknown as { data: Record<string, unknown> }).data, {
    created: '2026-01-01', version: '1.20', single: 'quoted', answer: 'yes', toggle: 'on', octal: 755,
  });
});

test('items that share kind, namespace and name are all kept', (t) => {
  const twin = `
- apiVersion: v1
  kind: ConfigMap
  metadata: {name: twin, namespace: default, annotations: {config.kubernetes.io/path: a.yaml}}
  data: {from: a}
- apiVersion: v1
  kind: ConfigMap
  metadata: {name: twin, namespace: default, annotations: {config.kubernetes.io/path: b.yaml}}
  data: {from: b}`;
  const outcome = processResourceList(resourceList(twin));
  t.is(outcome.exitCode, 0);
  const items = (parse(outcome.stdout ?? '') as { items: { metadata: { name: string }; data?: { from: string } }[] }).items;
  t.deepEqual(items.filter((item) => item.metadata.name === 'twin').map((item) => item.data?.from), ['a', 'b']);
});

test('results use the spec severities error, warning and info only', (t) => {
  for (const text of [resourceList(''), resourceList('\n- {apiVersion: extensions.gardener.cloud/v1alpha1, kind: Network, metadata: {name: second}, spec: {type: calico, podCIDR: 10.0.0.0/8, serviceCIDR: 10.1.0.0/16}}')]) {
    const results = (parse(processResourceList(text).stdout ?? '') as { results: { severity: string }[] }).results;
    t.true(results.length > 0);
    for (const result of results) t.true(['error', 'warning', 'info'].includes(result.severity), result.severity);
  }
});

test('empty stdin is an error, never an empty item list', (t) => {
  for (const text of ['', '   \n', '# only a comment\n']) {
    const outcome = processResourceList(text);
    t.is(outcome.exitCode, 1);
    t.is(outcome.stdout, undefined, 'no ResourceList is printed, so kpt cannot mistake it for "delete everything"');
    t.regex(outcome.stderr ?? '', /ResourceList/);
  }
});

test('an error answers with the input items unchanged and exit code 1', (t) => {
  const input = resourceList('\n- {apiVersion: extensions.gardener.cloud/v1alpha1, kind: Network, metadata: {name: second}, spec: {type: calico, podCIDR: 10.0.0.0/8, serviceCIDR: 10.1.0.0/16}}');
  const outcome = processResourceList(input);
  t.is(outcome.exitCode, 1);
  const before = parse(input) as { items: unknown[] };
  const after = parse(outcome.stdout ?? '') as { items: unknown[] };
  t.deepEqual(after.items, before.items);
});

test('not a ResourceList: a clear message and no output', (t) => {
  for (const [text, pattern] of [
    ['a: [', /not valid YAML/],
    ['- just\n- a list\n', /not a ResourceList/],
    ['kind: ResourceList\nitems: {a: 1}\n', /items must be a list/],
    ['kind: ResourceList\nitems:\n- 42\n', /items\[0\] is not a map/],
    ['a: 1\n---\nb: 2\n', /one YAML document/],
  ] as const) {
    const outcome = processResourceList(text);
    t.is(outcome.exitCode, 1, text);
    t.is(outcome.stdout, undefined);
    t.regex(outcome.stderr ?? '', pattern);
  }
});

test('the order of the input items does not change the generated output', (t) => {
  const extra = `
- apiVersion: v1
  kind: ConfigMap
  metadata: {name: other, namespace: default}
  data: {a: b}`;
  const generated = (text: string) =>
    (parse(processResourceList(text).stdout ?? '') as { items: { metadata: { annotations?: Record<string, string> } }[] }).items
      .filter((item) => item.metadata.annotations?.['fn.networking-calico.gardener.cloud/generated'] === 'true');
  const forward = `apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:${network}${extra}\n${functionConfig}\n`;
  const reverse = `apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:${extra}${network}\n${functionConfig}\n`;
  t.deepEqual(generated(reverse), generated(forward));
  t.true(generated(forward).length > 10);
});
