// `networking-calico-fn render DIR` through the built bin: what reaches stdout (only objects to
// apply, spelled as written), what reaches stderr, exit codes, and `-o DIR`. Serial: each test
// runs several renders, and overlapping them only makes every one slower.
import test from 'ava';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { MANIFEST_FILE, RENDERED_FILE_HEADER } from '../../src/render/output-dir.js';
import { snapshotFiles } from '../support/kpt.js';
import {
  assertOnlyAppliedObjects, copyExampleInputs, nameOf, objectsOfStream, REPO, runBin, temporaryDirectory, withoutFileAnnotations, type KubernetesObject,
} from './helpers.js';

const GENERATED = 'fn.networking-calico.gardener.cloud/generated';

function renderedCount(stderr: string): number {
  return Number(/rendered (\d+) Calico objects/.exec(stderr)?.[1]);
}

/** A package with every kind of file and object `render` must tell apart. */
function writeMixedPackage(dir: string): void {
  copyExampleInputs(dir);
  mkdirSync(join(dir, 'app'));
  writeFileSync(join(dir, 'app/widget.yaml'), `# a user object, passed on as written
apiVersion: example.com/v1
kind: Widget
metadata:
  name: spelled
  namespace: team
spec:
  mode: 0755
  version: 1.20
  enabled: yes
  created: 2026-01-01
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: local-only
  annotations:
    config.kubernetes.io/local-config: "true"
data: {a: b}
`);
  writeFileSync(join(dir, 'list.yaml'), `apiVersion: v1
kind: List
items:
- {apiVersion: v1, kind: ConfigMap, metadata: {name: listed-a, namespace: team}}
- {apiVersion: v1, kind: ConfigMap, metadata: {name: listed-b, namespace: team}}
`);
  writeFileSync(join(dir, 'extra.json'), '{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "json-config", "namespace": "team"}, "data": {"port": "8080"}}\n');
  writeFileSync(join(dir, 'shoot-nodes.yaml'), `apiVersion: fn.networking-calico.gardener.cloud/v1alpha1
kind: NodeConditionSnapshot
metadata: {name: shoot-nodes}
nodes:
- name: node-a
  conditions: [{type: NetworkUnavailable, status: "False", reason: RouteCreated}]
`);
  writeFileSync(join(dir, 'kustomization.yaml'), 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [list.yaml]\n');
  writeFileSync(join(dir, 'Kptfile'), 'apiVersion: kpt.dev/v1\nkind: Kptfile\nmetadata: {name: mixed}\n');
  writeFileSync(join(dir, '.krmignore'), '# not package content\nignored/\nnotes.yaml\n');
  mkdirSync(join(dir, 'ignored'));
  writeFileSync(join(dir, 'ignored/broken.yaml'), 'items: [\n');
  writeFileSync(join(dir, 'notes.yaml'), 'just: notes\n');
  mkdirSync(join(dir, '.github/workflows'), { recursive: true });
  writeFileSync(join(dir, '.github/workflows/ci.yml'), 'on: push\n');
  mkdirSync(join(dir, 'nested'));
  writeFileSync(join(dir, 'nested/.krmignore'), '*.yaml\n!keep.yaml\n');
  writeFileSync(join(dir, 'nested/keep.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: nested-kept, namespace: team}\n');
  writeFileSync(join(dir, 'nested/drop.yaml'), 'not: [valid\n');
}

test.serial('stdout holds exactly the objects to apply: generated ones and the user\'s, spelled as written', async (t) => {
  const dir = temporaryDirectory(t);
  writeMixedPackage(dir);
  const result = await runBin(['render', dir]);
  t.is(result.status, 0, result.stderr);

  const objects = objectsOfStream(t, result.stdout);
  assertOnlyAppliedObjects(t, objects);
  const users = objects.filter((object) => object.metadata.annotations?.[GENERATED] === undefined);
  t.deepEqual(users.map(nameOf), ['Widget/team/spelled', 'ConfigMap/team/json-config', 'ConfigMap/team/listed-a', 'ConfigMap/team/listed-b', 'ConfigMap/team/nested-kept'],
    'the user\'s objects in file order (hidden, ignored, local-config, input and tool files left out; the List unwrapped)');
  t.is(objects.length - users.length, renderedCount(result.stderr), 'every generated object');
  t.regex(result.stdout, /mode: 0755\n {2}version: 1\.20\n {2}enabled: yes\n {2}created: 2026-01-01\n/, 'values keep their spelling (YAML 1.1 readers see octal, a version, a bool, a date)');
  // It wrote nothing under the config's outputDir (example/calico), so it does not say so.
  t.regex(result.stderr, /^\[info\] Network shoot--core--example\/calico-network \(.*\/network\.yaml\): rendered \d+ Calico objects for Kubernetes 1\.34\.2$/m);
});

test.serial('the generated objects are exactly what kpt fn render writes into the package', async (t) => {
  const result = await runBin(['render', 'example'], { cwd: REPO });
  t.is(result.status, 0, result.stderr);
  const byName = new Map(objectsOfStream(t, result.stdout).map((object) => [nameOf(object), object]));
  const committed = snapshotFiles(join(REPO, 'example/calico'));
  t.is(byName.size, committed.size);
  for (const [file, text] of committed) {
    const object = parse(text) as KubernetesObject;
    t.deepEqual(byName.get(nameOf(object)), withoutFileAnnotations(object), file);
  }
});

test.serial('an error result: exit 1, nothing on stdout, the field and the file on stderr', async (t) => {
  const root = temporaryDirectory(t);
  const dir = join(root, 'pkg');
  mkdirSync(dir);
  copyExampleInputs(dir);
  const network = join(dir, 'network.yaml');
  writeFileSync(network, readFileSync(network, 'utf8').replace('backend: bird', 'backend: ospf'));
  const result = await runBin(['render', 'pkg'], { cwd: root });
  t.is(result.status, 1);
  t.is(result.stdout, '');
  // kpt's order: the object, its file, the field path (once: messages no longer start with it), the message.
  t.regex(result.stderr, /^\[error\] Network shoot--core--example\/calico-network \(pkg\/network\.yaml\) spec\.providerConfig\.backend: unsupported value "ospf" for backend, supported values are/m);
  t.is(result.stderr.split('spec.providerConfig.backend').length, 2, 'the field path appears once');
});

for (const [title, file, text, message] of [
  ['invalid YAML', 'broken.yaml', 'items: [\n', /broken\.yaml is not valid YAML/],
  ['not a Kubernetes object', 'values.yaml', 'replicas: 1\n', /values\.yaml is not a Kubernetes object .*\.krmignore/],
  ['a List of something else', 'list.yaml', 'apiVersion: v1\nkind: List\nitems: [1, 2]\n', /list\.yaml, List item 0 is not a Kubernetes object/],
] as const) {
  test.serial(`a package file that is ${title}: exit 1 naming the file, nothing on stdout`, async (t) => {
    const dir = temporaryDirectory(t);
    copyExampleInputs(dir);
    writeFileSync(join(dir, file), text);
    const result = await runBin(['render', dir]);
    t.is(result.status, 1);
    t.is(result.stdout, '');
    t.regex(result.stderr, message);
    t.notRegex(result.stderr, /\n\s+at /, 'no stack trace');
  });
}

for (const [title, args] of [['no DIR', ['render']], ['two DIRs', ['render', 'a', 'b']], ['an unknown flag', ['render', '.', '--frobnicate']]] as const) {
  test.serial(`usage error (${title}): exit 2 with the usage`, async (t) => {
    const result = await runBin(args);
    t.is(result.status, 2);
    t.is(result.stdout, '');
    t.regex(result.stderr, /usage: networking-calico-fn render DIR/);
  });
}

// Found by a review (tenth session): `render ""` (an unset "$DIR") rendered the working directory.
test.serial('usage error (an empty DIR): exit 2, the working directory is not rendered in its place', async (t) => {
  const dir = temporaryDirectory(t);
  copyExampleInputs(dir);
  const result = await runBin(['render', ''], { cwd: dir });
  t.is(result.status, 2);
  t.is(result.stdout, '');
  t.regex(result.stderr, /the package directory DIR is empty: give its path, e\.g\. \. for the working directory\nusage: networking-calico-fn render DIR/);
});

test.serial('--function-config: a file outside the package, or a ConfigMap inside it, which is never applied', async (t) => {
  const root = temporaryDirectory(t);
  mkdirSync(join(root, 'pkg'));
  cpSync(join(REPO, 'example/network.yaml'), join(root, 'pkg/network.yaml'));
  cpSync(join(REPO, 'example/render-calico.yaml'), join(root, 'render-calico.yaml'));
  const outside = await runBin(['render', 'pkg', '--function-config', 'render-calico.yaml'], { cwd: root });
  t.is(outside.status, 0, outside.stderr);
  t.true(objectsOfStream(t, outside.stdout).some((object) => object.kind === 'CustomResourceDefinition'), 'the CalicoRenderConfig applies (crds: Emit)');

  writeFileSync(join(root, 'pkg/fn-config.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: fn-config}\ndata:\n  shoot.spec.kubernetes.version: "1.34.2"\n  crds: Skip\n');
  const inside = await runBin(['render', 'pkg', '--function-config', 'pkg/fn-config.yaml'], { cwd: root });
  t.is(inside.status, 0, inside.stderr);
  const objects = objectsOfStream(t, inside.stdout);
  t.false(objects.some((object) => object.metadata.name === 'fn-config'), 'the function config is an input, not an object');
  t.false(objects.some((object) => object.kind === 'CustomResourceDefinition'), 'the ConfigMap config applies (crds: Skip)');
});

test.serial('--snapshot refuses a file that holds anything but a node-condition snapshot', async (t) => {
  const root = temporaryDirectory(t);
  mkdirSync(join(root, 'pkg'));
  copyExampleInputs(join(root, 'pkg'));
  writeFileSync(join(root, 'nodes.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: stray}\n');
  const result = await runBin(['render', 'pkg', '--snapshot', 'nodes.yaml'], { cwd: root });
  t.is(result.status, 1);
  t.is(result.stdout, '');
  t.regex(result.stderr, /ConfigMap stray is not part of a node-condition snapshot/);
});

test.serial('-o DIR: one file per object under a stable name, rewritten only when it changes, stale files removed', async (t) => {
  const root = temporaryDirectory(t);
  const pkg = join(root, 'pkg');
  mkdirSync(pkg);
  copyExampleInputs(pkg);
  const out = join(root, 'rendered');
  const render = () => runBin(['render', 'pkg', '-o', 'rendered'], { cwd: root });

  const first = await render();
  t.is(first.status, 0, first.stderr);
  t.is(first.stdout, '', 'with -o nothing goes to stdout');
  const files = snapshotFiles(out);
  t.true(files.delete(MANIFEST_FILE), 'what the render wrote is recorded');
  t.is(files.size, renderedCount(first.stderr));
  t.true(files.has('kube-system/daemonset_calico-node.yaml'), 'namespaced objects in a directory per namespace');
  t.true(files.has('customresourcedefinition_ippools.crd.projectcalico.org.yaml'), 'cluster-scoped objects at the top');
  for (const [path, text] of files) {
    t.true(text.startsWith(RENDERED_FILE_HEADER), `${path} says where it comes from`);
    const objects = objectsOfStream(t, text);
    t.is(objects.length, 1, `${path} holds one object`);
    assertOnlyAppliedObjects(t, objects);
  }

  writeFileSync(join(out, 'README.md'), 'notes\n');
  writeFileSync(join(out, 'kube-system/custom.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: custom, namespace: kube-system}\n');
  const second = await render();
  t.is(second.status, 0, second.stderr);
  t.regex(second.stderr, new RegExp(`0 written, ${files.size} unchanged, 0 removed`));

  const network = join(pkg, 'network.yaml');
  writeFileSync(network, readFileSync(network, 'utf8').replace(/typha:\n(\s+)enabled: true/, 'typha:\n$1enabled: false'));
  const third = await render();
  t.is(third.status, 0, third.stderr);
  const after = snapshotFiles(out);
  t.false(after.has('kube-system/deployment_calico-typha-deploy.yaml'), 'the typha Deployment is gone');
  t.regex(third.stderr, /[1-9]\d* removed/);
  t.is(after.get('README.md'), 'notes\n', 'files we did not write stay');
  t.true(after.has('kube-system/custom.yaml'));
});

test.serial('-o DIR on an error result leaves the directory untouched', async (t) => {
  const dir = temporaryDirectory(t);
  copyExampleInputs(dir);
  const out = temporaryDirectory(t);
  t.is((await runBin(['render', dir, '-o', out])).status, 0);
  const before = snapshotFiles(out);
  const network = join(dir, 'network.yaml');
  writeFileSync(network, readFileSync(network, 'utf8').replace('backend: bird', 'backend: ospf'));
  const failed = await runBin(['render', dir, '-o', out]);
  t.is(failed.status, 1);
  t.deepEqual(snapshotFiles(out), before);
});

test.serial('-o DIR: objects that differ only in API group get the group in their file name; one object twice, or a name that is a path, is an error', async (t) => {
  const dir = temporaryDirectory(t);
  copyExampleInputs(dir);
  const policy = (apiVersion: string) => `apiVersion: ${apiVersion}\nkind: NetworkPolicy\nmetadata: {name: deny-all, namespace: team}\n`;
  writeFileSync(join(dir, 'policies.yaml'), `${policy('networking.k8s.io/v1')}---\n${policy('crd.projectcalico.org/v1')}`);
  const out = join(temporaryDirectory(t), 'out');
  const result = await runBin(['render', dir, '-o', out]);
  t.is(result.status, 0, result.stderr);
  t.true(existsSync(join(out, 'team/networkpolicy.networking.k8s.io_deny-all.yaml')));
  t.true(existsSync(join(out, 'team/networkpolicy.crd.projectcalico.org_deny-all.yaml')));

  writeFileSync(join(dir, 'policies.yaml'), `${policy('crd.projectcalico.org/v1')}---\n${policy('crd.projectcalico.org/v1')}`);
  const twice = await runBin(['render', dir, '-o', out]);
  t.is(twice.status, 1);
  t.regex(twice.stderr, /holds crd\.projectcalico\.org\/v1 NetworkPolicy team\/deny-all twice/);

  writeFileSync(join(dir, 'policies.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x, namespace: ../../escape}\n');
  const escaping = await runBin(['render', dir, '-o', out]);
  t.is(escaping.status, 1);
  t.regex(escaping.stderr, /must not be paths/);
});

test.serial('-o DIR: only our own calico-node render in DIR counts as the previous render; the first render fails safe', async (t) => {
  const dir = temporaryDirectory(t);
  const pkg = join(dir, 'pkg');
  mkdirSync(pkg);
  copyExampleInputs(pkg);
  writeFileSync(join(pkg, 'network.yaml'), readFileSync(join(pkg, 'network.yaml'), 'utf8').replace(/overlay:\n(\s+)enabled: true/, 'overlay:\n$1enabled: false'));
  writeFileSync(join(pkg, 'render-calico.yaml'), readFileSync(join(pkg, 'render-calico.yaml'), 'utf8').replace('version: "1.34.2"', 'version: "1.36.1"'));
  // A file of someone else's in DIR, under the name ours would have, saying the overlay is off.
  const out = join(dir, 'out');
  mkdirSync(join(out, 'kube-system'), { recursive: true });
  writeFileSync(join(out, 'kube-system/daemonset_calico-node.yaml'), `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: calico-node, namespace: kube-system}
spec: {template: {spec: {containers: [{name: calico-node, env: [{name: FELIX_IPINIPENABLED, value: "false"}]}]}}}
`);
  // Whether -o may replace that file is another matter; here: it is no evidence of a release.
  const first = await runBin(['render', pkg, '-o', out]);
  t.regex(first.stderr, /holding the overlay \(ipip, as the configuration selects it\) on/, 'a file without our generated annotation is not our previous render');

  rmSync(join(out, 'kube-system/daemonset_calico-node.yaml'));
  const held = await runBin(['render', pkg, '-o', out]);
  t.is(held.status, 0, held.stderr);
  t.regex(readFileSync(join(out, 'kube-system/daemonset_calico-node.yaml'), 'utf8'), /overlay-switch: "held: no node snapshot/);
  const declared = await runBin(['render', pkg, '-o', join(dir, 'new'), '--new-cluster']);
  t.is(declared.status, 0, declared.stderr);
  t.regex(declared.stderr, /\[info\] .*nothing to switch, no overlay runs now \(declared new/);
  t.regex(readFileSync(join(dir, 'new/kube-system/daemonset_calico-node.yaml'), 'utf8'), /name: FELIX_IPINIPENABLED\n\s+value: "false"/);
});

// Found in the eleventh session: the function gives a package item an annotation (local-config
// on a node snapshot that lacks it), and an item with an empty `annotations:` (a null, where the
// KRM path sets it fine) ended render with an internal error.
test('an item with an empty annotations: or metadata key that the function annotates renders', async (t) => {
  const dir = temporaryDirectory(t);
  copyExampleInputs(dir);
  const snapshot = (metadata: string) => `apiVersion: fn.networking-calico.gardener.cloud/v1alpha1
kind: NodeConditionSnapshot
metadata:
${metadata}
capturedAt: 2026-12-02T08:00:00Z
nodes:
  - name: node-a
    conditions: []
`;
  for (const metadata of ['  name: shoot-nodes\n  annotations:', '  name: shoot-nodes\n  annotations: ~', '  annotations:\n  name: shoot-nodes']) {
    writeFileSync(join(dir, 'snapshot.yaml'), snapshot(metadata));
    const run = await runBin(['render', dir]);
    t.is(run.status, 0, run.stderr);
    t.is(renderedCount(run.stderr), 64);
    t.notRegex(run.stderr, /internal error/);
  }
});
