// kustomize (examples/kustomize/): the function fed exactly the ResourceLists that standalone
// `kustomize build --enable-alpha-plugins --enable-exec` sends (sigs.k8s.io/kustomize api
// fnplugin, kyaml runfn and runtimeutil), and what kubectl's embedded kustomize does instead.
import test from 'ava';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse, stringify } from 'yaml';
import { BIN, nameOf, objectsOfStream, ORCHESTRATION_ANNOTATION, REPO, run, runBin, testNeeding, type KubernetesObject } from './helpers.js';

const kubectlTest = testNeeding('kubectl', ['version', '--client']);

const EXAMPLE = join(REPO, 'examples/kustomize');
const read = (file: string) => parse(readFileSync(join(EXAMPLE, file), 'utf8')) as KubernetesObject;

const LOCAL_CONFIG = { 'config.kubernetes.io/local-config': 'true' };

/** kustomize's ResId annotation: sigs.k8s.io/yaml of {group, version, kind, name, namespace}, keys sorted. */
function kustomizeId(object: KubernetesObject): string {
  const [group, version] = object.apiVersion.includes('/') ? object.apiVersion.split('/') : ['', object.apiVersion];
  const id = { group, kind: object.kind, name: object.metadata.name, namespace: object.metadata.namespace, version };
  return stringify(Object.fromEntries(Object.entries(id).filter(([, value]) => value)));
}

/**
 * The annotations an input item carries when it reaches the function: kustomize's id, then
 * kyaml's reader index (legacy and internal), the pipeline's migration id, and the function
 * runner's ids for copying comments back. No path annotations: kustomize reads no files here.
 */
function asKustomizeSendsIt(object: KubernetesObject, position: number): KubernetesObject {
  const annotations = {
    ...object.metadata.annotations,
    'kustomize.config.k8s.io/id': kustomizeId(object),
    'config.kubernetes.io/index': String(position),
    'internal.config.kubernetes.io/index': String(position),
    'internal.config.kubernetes.io/annotations-migration-resource-id': String(position),
    'internal.config.kubernetes.io/id': String(position + 1),
    'config.k8s.io/id': String(position + 1),
  };
  return { ...object, metadata: { ...object.metadata, annotations } };
}

/** The function config as every invocation gets it: marked local-config by fnplugin. */
function functionConfig(): KubernetesObject {
  const config = read('render-calico.yaml');
  return { ...config, metadata: { ...config.metadata, annotations: { ...config.metadata.annotations, ...LOCAL_CONFIG } } };
}

function resourceList(items: KubernetesObject[]): string {
  return stringify({ apiVersion: 'config.kubernetes.io/v1', kind: 'ResourceList', items, functionConfig: functionConfig() });
}

test('the example\'s exec path is the built function, relative to the kustomization directory', (t) => {
  const spec = parse(functionConfig().metadata.annotations?.['config.kubernetes.io/function'] ?? '') as { exec: { path: string } };
  t.is(resolve(EXAMPLE, spec.exec.path), BIN);
  const kustomization = read('kustomization.yaml') as unknown as { resources: string[]; transformers: string[] };
  t.deepEqual(kustomization.transformers, ['render-calico.yaml']);
  t.deepEqual(kustomization.resources, ['network.yaml']);
});

test('as a transformer: the Network comes back as sent and the Calico objects are added, the same ones `render` prints', async (t) => {
  const network = asKustomizeSendsIt(read('network.yaml'), 0);
  const result = await runBin([], { input: resourceList([network]) });
  t.is(result.status, 0, result.stderr);
  const output = parse(result.stdout) as { items: KubernetesObject[] };
  const [first, ...generated] = output.items;
  t.deepEqual(first?.metadata.annotations, network.metadata.annotations, 'kustomize finds the Network again by its id annotations');

  const identities = generated.map((object) => `${object.apiVersion}|${nameOf(object)}`);
  t.is(new Set(identities).size, identities.length, 'no duplicates (kustomize rejects them)');
  t.true(generated.every((object) => object.metadata.annotations?.['kustomize.config.k8s.io/id'] === undefined), 'new resources, not changed ones');

  // What `kustomize build` then prints: local-config dropped, its and kyaml's bookkeeping
  // annotations removed (resource.BuildAnnotations).
  const printed = output.items
    .filter((object) => object.metadata.annotations?.['config.kubernetes.io/local-config'] !== 'true')
    .map((object) => {
      const annotations = Object.fromEntries(Object.entries(object.metadata.annotations ?? {}).filter(([key]) => !ORCHESTRATION_ANNOTATION.test(key)));
      return { ...object, metadata: { ...object.metadata, annotations } };
    });
  const rendered = await runBin(['render', EXAMPLE]);
  t.is(rendered.status, 0, rendered.stderr);
  const byName = (objects: KubernetesObject[]) => Object.fromEntries(objects.map((object) => [nameOf(object), object]));
  t.deepEqual(byName(printed), byName(objectsOfStream(t, rendered.stdout)));
});

test('as a generator it cannot work: kustomize sends only the function config, and the function asks for a Network', async (t) => {
  const result = await runBin([], { input: resourceList([asKustomizeSendsIt(functionConfig(), 0)]) });
  t.is(result.status, 1);
  const output = parse(result.stdout) as { results: { severity: string; message: string }[] };
  t.deepEqual(output.results.map((entry) => entry.severity), ['error']);
  t.regex(output.results[0]?.message ?? '', /no Network .* among the input items/);
});

kubectlTest('kubectl kustomize cannot run it: an error without plugins, and silently nothing with --enable-alpha-plugins', async (t) => {
  const plain = await run('kubectl', ['kustomize', EXAMPLE]);
  t.not(plain.status, 0);
  t.regex(plain.stderr, /external plugins disabled/);
  // kubectl has no --enable-exec: the exec function is skipped and the Network (local-config)
  // dropped, so the build is empty. Applied with pruning, that would remove Calico.
  const alpha = await run('kubectl', ['kustomize', '--enable-alpha-plugins', EXAMPLE]);
  t.is(alpha.status, 0, alpha.stderr);
  t.is(alpha.stdout.trim(), '');
});
