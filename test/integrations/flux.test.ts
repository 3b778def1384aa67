// Flux (deploy/flux/): the CI workflow's render step, run as GitHub Actions runs it, produces a
// directory Flux's kustomize-controller can build; the Flux objects consume what it publishes.
import test from 'ava';
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { MANIFEST_FILE } from '../../src/render/output-dir.js';
import { snapshotFiles } from '../support/kpt.js';
import { assertOnlyAppliedObjects, verticallyAutoscaledRequests, BIN, nameOf, nodeSnapshot, objectsOfStream, REPO, run, temporaryDirectory, testNeeding, type KubernetesObject } from './helpers.js';

const kubectlTest = testNeeding('kubectl', ['version', '--client']);

const FLUX = join(REPO, 'deploy/flux');

interface Step { name?: string; uses?: string; run?: string }
const workflow = parse(readFileSync(join(FLUX, 'github-workflow.yaml'), 'utf8')) as {
  env: { ARTIFACT: string };
  jobs: Record<string, { steps: Step[] }>;
};
const steps = Object.values(workflow.jobs).flatMap((job) => job.steps);
const renderStep = steps.find((step) => /networking-calico-fn render /.test(step.run ?? '')) as Step;
const outputDir = /render \S+ -o (\S+)/.exec(renderStep.run ?? '')?.[1] ?? '';

/**
 * Runs the render step in a checkout of this repository, with the function installed on the
 * PATH as `npm install --global` installs it, in the shell GitHub Actions uses for `run`.
 */
async function runRenderStep(checkout: string, binDir: string) {
  mkdirSync(binDir);
  symlinkSync(BIN, join(binDir, 'networking-calico-fn'));
  const env = { ...process.env, PATH: `${binDir}:${dirname(process.execPath)}:${process.env.PATH ?? ''}` };
  return run('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', renderStep.run ?? ''], { cwd: checkout, env });
}

test('the workflow installs this package from its release tag (no registry package is published) and renders with -o', (t) => {
  const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { name: string; version: string };
  t.true(steps.some((step) => step.run?.includes(`npm install --global git+https://github.com/OWNER/${pkg.name}#v${pkg.version}`)), 'installs the released function');
  t.truthy(outputDir, 'renders into a directory');
});

kubectlTest('the render step writes a directory that is a valid Kustomization input, one object per file', async (t) => {
  const root = temporaryDirectory(t);
  const checkout = join(root, 'checkout');
  cpSync(join(REPO, 'example'), join(checkout, 'example'), { recursive: true });
  const result = await runRenderStep(checkout, join(root, 'bin'));
  t.is(result.status, 0, result.stderr);

  const rendered = join(checkout, outputDir);
  // The render's record of its files has no .yaml ending: kustomize-controller's generator and kubectl -f skip it.
  const files = [...snapshotFiles(rendered).keys()].filter((file) => file !== MANIFEST_FILE).sort();
  const names = new Set<string>();
  for (const file of files) {
    const objects = objectsOfStream(t, readFileSync(join(rendered, file), 'utf8'));
    t.is(objects.length, 1, `${file} holds one Kubernetes object`);
    assertOnlyAppliedObjects(t, objects);
    names.add(nameOf(objects[0] as KubernetesObject));
  }
  t.true(names.has('DaemonSet/kube-system/calico-node'));

  // What kustomize-controller does for an artifact without a kustomization.yaml.
  writeFileSync(join(rendered, 'kustomization.yaml'), `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n${files.map((file) => `- ${file}\n`).join('')}`);
  const built = await run('kubectl', ['kustomize', rendered]);
  t.is(built.status, 0, built.stderr);
  const builtNames = parseAllDocuments(built.stdout).map((document) => nameOf(document.toJS() as KubernetesObject));
  t.deepEqual([...builtNames].sort(), [...names].sort(), 'kustomize builds every object, once');
});

test('a failed render fails the step before anything exists to publish', async (t) => {
  const root = temporaryDirectory(t);
  const checkout = join(root, 'checkout');
  cpSync(join(REPO, 'example'), join(checkout, 'example'), { recursive: true });
  const network = join(checkout, 'example/network.yaml');
  writeFileSync(network, readFileSync(network, 'utf8').replace('backend: bird', 'backend: ospf'));
  const result = await runRenderStep(checkout, join(root, 'bin'));
  t.not(result.status, 0);
  t.regex(result.stderr, /spec\.providerConfig\.backend: unsupported value "ospf"/);
  t.false(readdirSync(checkout).includes(outputDir), 'no output directory');
});

test('the publish step pushes the rendered directory with source and revision, and Flux consumes exactly that artifact', (t) => {
  const publish = steps.find((step) => step.run?.includes('flux push artifact'))?.run ?? '';
  t.regex(publish, /flux push artifact "\$ARTIFACT:[^"]+"/);
  t.true(publish.includes(`--path=${outputDir}`), 'pushes what the render step wrote');
  t.regex(publish, /--source="[^"]+"/);
  t.regex(publish, /--revision="[^"]+@sha1:\$GITHUB_SHA"/);
  t.true(steps.findIndex((step) => step === renderStep) < steps.findIndex((step) => step.run === publish), 'renders before it publishes');

  const source = parse(readFileSync(join(FLUX, 'ocirepository.yaml'), 'utf8')) as KubernetesObject & { spec: { url: string; ref: { tag: string } } };
  const kustomization = parse(readFileSync(join(FLUX, 'flux-kustomization.yaml'), 'utf8')) as KubernetesObject & {
    spec: { sourceRef: { kind: string; name: string }; prune: boolean; path: string };
  };
  t.is(source.spec.url, workflow.env.ARTIFACT, 'the OCIRepository reads the workflow\'s artifact');
  t.true(publish.includes(`--tag ${source.spec.ref.tag}`), 'the tag Flux follows is the one the workflow moves');
  t.deepEqual(kustomization.spec.sourceRef, { kind: source.kind, name: source.metadata.name });
  t.is(kustomization.metadata.namespace, source.metadata.namespace);
  t.true(kustomization.spec.prune);
  t.is(kustomization.spec.path, './');
});

/** The checkout with the overlay turned off (Kubernetes 1.36: the guard is active) and a node snapshot in the package. */
function switchingCheckout(root: string): string {
  const checkout = join(root, 'checkout');
  cpSync(join(REPO, 'example'), join(checkout, 'example'), { recursive: true });
  const network = join(checkout, 'example/network.yaml');
  writeFileSync(network, readFileSync(network, 'utf8').replace(/overlay:\n(\s+)enabled: true/, 'overlay:\n$1enabled: false'));
  const config = join(checkout, 'example/render-calico.yaml');
  writeFileSync(config, readFileSync(config, 'utf8').replace('version: "1.34.2"', 'version: "1.36.1"').replace('outputDir: example/calico', 'outputDir: example/calico\n  overlaySwitch:\n    maxSnapshotAge: 30m'));
  // The CI checkout holds the package's inputs, not a kpt render of it.
  rmSync(join(checkout, 'example/calico'), { recursive: true, force: true });
  return checkout;
}


const OVERLAY_SWITCH = /fn\.networking-calico\.gardener\.cloud\/overlay-switch: "([^"]*)"/;

test('the render step holds a switch while a node has no route, with the annotation Flux applies; releases it once routed; and an old snapshot never reverts it', async (t) => {
  const root = temporaryDirectory(t);
  const checkout = switchingCheckout(root);
  const daemonSetFile = join(checkout, outputDir, 'kube-system/daemonset_calico-node.yaml');
  const fresh = new Date().toISOString().replace(/\.\d+Z$/, 'Z');

  writeFileSync(join(checkout, 'example/nodes.yaml'), nodeSnapshot(false, fresh));
  const held = await runRenderStep(checkout, join(root, 'bin'));
  t.is(held.status, 0, held.stderr);
  t.regex(held.stderr, /\[warning\] .*holding the overlay \(ipip\) on.*node-b \(NetworkUnavailable=True, NoRouteCreated\)/, 'in the CI log');
  t.regex(readFileSync(daemonSetFile, 'utf8'), /name: FELIX_IPINIPENABLED\n\s+value: "true"/);
  t.is(OVERLAY_SWITCH.exec(readFileSync(daemonSetFile, 'utf8'))?.[1], `held: evidence captured ${fresh}; 1 of 2 nodes lack a route: node-b`, 'in the artifact, so kubectl describe ds shows it');

  writeFileSync(join(checkout, 'example/nodes.yaml'), nodeSnapshot(true, fresh));
  const released = await runRenderStep(checkout, join(root, 'bin2'));
  t.is(released.status, 0, released.stderr);
  t.regex(released.stderr, /\[info\] .*all 2 nodes report .*switching the overlay \(ipip\) off/);
  t.regex(readFileSync(daemonSetFile, 'utf8'), /name: FELIX_IPINIPENABLED\n\s+value: "false"/);
  t.notRegex(readFileSync(daemonSetFile, 'utf8'), OVERLAY_SWITCH, 'gone once released');
  const afterRelease = snapshotFiles(join(checkout, outputDir));

  // The previous render stays in -o DIR (the workflow pulls the last artifact into it): an old
  // snapshot with a node without route, past maxSnapshotAge, changes nothing.
  writeFileSync(join(checkout, 'example/nodes.yaml'), nodeSnapshot(false, '2026-01-01T00:00:00Z'));
  const later = await runRenderStep(checkout, join(root, 'bin3'));
  t.is(later.status, 0, later.stderr);
  t.regex(later.stderr, /\[info\] .*the overlay stays off, released earlier/);
  t.deepEqual(snapshotFiles(join(checkout, outputDir)), afterRelease, 'no file changes: no flip');
});

test('the workflow restores the last published render into the output directory before it renders', (t) => {
  const pull = steps.findIndex((step) => /flux pull artifact "\$ARTIFACT:latest" --output (\S+)/.exec(step.run ?? '')?.[1] === outputDir);
  t.true(pull >= 0, 'pulls the last artifact into the render output directory');
  t.true(pull < steps.findIndex((step) => step === renderStep), 'before the render');
});

// Found in the eleventh session: the cluster-proportional vertical autoscalers set requests of
// calico-node and typha in the cluster; Flux applies with server-side apply and owns what the
// manifests hold, so each reconcile put the rendered requests back and calico-node rolled. The
// Kustomization's patches leave exactly those requests out of what Flux applies (a hostile review
// found the first patch too wide: calico-node's CPU request, which no autoscaler sets, was gone).
kubectlTest('the Flux Kustomization leaves exactly the requests the vertical autoscalers set to them, and changes nothing else', async (t) => {
  const kustomization = parse(readFileSync(join(FLUX, 'flux-kustomization.yaml'), 'utf8')) as { spec: { patches?: unknown[] } };
  const dir = temporaryDirectory(t);
  const files = readdirSync(join(REPO, 'example/calico')).filter((file) => file.endsWith('.yaml'));
  for (const file of files) cpSync(join(REPO, 'example/calico', file), join(dir, file));
  const build = async (patches: unknown[]) => {
    writeFileSync(join(dir, 'kustomization.yaml'), JSON.stringify({ apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources: files, patches }));
    const built = await run('kubectl', ['kustomize', dir]);
    t.is(built.status, 0, built.stderr);
    return new Map(parseAllDocuments(built.stdout).map((document) => document.toJS() as KubernetesObject).map((object) => [nameOf(object), object]));
  };
  const [plain, patched] = [await build([]), await build(kustomization.spec.patches ?? [])];
  type Container = { name: string; resources?: { requests?: Record<string, string> } };
  const containers = (objects: Map<string, KubernetesObject>, name: string) => (objects.get(name) as unknown as { spec: { template: { spec: { containers: Container[] } } } }).spec.template.spec.containers;
  const managed = verticallyAutoscaledRequests();
  t.is(managed.length, 2);
  const workloads = new Set<string>();
  for (const { kind, name, container, resources } of managed) {
    const workload = `${kind === 'daemonset' ? 'DaemonSet' : 'Deployment'}/kube-system/${name}`;
    workloads.add(workload);
    const requests = (objects: Map<string, KubernetesObject>) => containers(objects, workload).find((entry) => entry.name === container)?.resources?.requests ?? {};
    const expected = Object.fromEntries(Object.entries(requests(plain)).filter(([resource]) => !resources.includes(resource)));
    t.deepEqual(requests(patched), expected, `${workload} ${container}: the requests its autoscaler sets are left out, the others applied`);
    const others = (objects: Map<string, KubernetesObject>) => containers(objects, workload).filter((entry) => entry.name !== container);
    t.deepEqual(others(patched), others(plain), `${workload}: its other containers as rendered`);
  }
  const stripped = (objects: Map<string, KubernetesObject>) => JSON.stringify([...objects].map(([name, object]) => [name, workloads.has(name) ? name : object]));
  t.is(stripped(patched), stripped(plain), 'every other object as rendered');

  // autoScaling.mode static renders no preserve-resources: its requests are applied as rendered.
  // Without typha, the typha patch has nothing to patch and is no error.
  const daemonSet = join(dir, 'daemonset_calico-node.yaml');
  writeFileSync(daemonSet, readFileSync(daemonSet, 'utf8').replace(/\n {4}resources\.gardener\.cloud\/preserve-resources: "true"/, ''));
  files.splice(files.indexOf('deployment_calico-typha-deploy.yaml'), 1);
  const staticWithoutTypha = await build(kustomization.spec.patches ?? []);
  t.false(staticWithoutTypha.has('Deployment/kube-system/calico-typha-deploy'));
  t.deepEqual(containers(staticWithoutTypha, 'DaemonSet/kube-system/calico-node'), containers(plain, 'DaemonSet/kube-system/calico-node'));
});
