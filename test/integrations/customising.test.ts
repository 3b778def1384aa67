// docs/customising.md, run: a kpt mutator after ours patches generated objects and the result is
// the same on every render; Flux's Kustomization patches, built with kubectl's kustomize the way
// kustomize-controller builds a render -o artifact, change exactly the patched objects. The
// Kptfile and the patches are read from the doc, the package from docs/examples/customise/.
import { cpSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parse, parseAllDocuments, stringify } from 'yaml';
import { kptTest as kptTestFn, snapshotFiles } from '../support/kpt.js';
import { BIN, REPO, run, runBin, temporaryDirectory, testNeeding, type KubernetesObject } from './helpers.js';

const kptTest = kptTestFn();
const kubectlTest = testNeeding('kubectl', ['version', '--client']);
const DOC = readFileSync(join(REPO, 'docs/customising.md'), 'utf8');

/** The YAML block right after `<!-- marker -->` in the doc. */
function docBlock(marker: string): string {
  const block = new RegExp(`<!-- ${marker} -->\\n\`\`\`yaml\\n([\\s\\S]*?)\`\`\``).exec(DOC)?.[1];
  if (block === undefined) throw new Error(`docs/customising.md has no block marked <!-- ${marker} -->`);
  return block;
}

interface Deployed { metadata: { labels?: Record<string, string> }; spec: { template: { spec: { containers: { name: string; resources?: { requests?: Record<string, string> } }[]; tolerations?: { key?: string }[] } } } }

kptTest('kpt: a mutator after ours patches the generated objects, and the second render changes no file', async (t) => {
  const root = temporaryDirectory(t);
  mkdirSync(join(root, 'bin'));
  symlinkSync(BIN, join(root, 'bin/networking-calico-fn'));
  const env = { ...process.env, PATH: `${join(root, 'bin')}:${dirname(process.execPath)}:${process.env.PATH ?? ''}` };
  const kptfile = docBlock('Kptfile of docs/examples/customise');
  const packageWith = (name: string, text: string) => {
    const pkg = join(root, name);
    cpSync(join(REPO, 'docs/examples/customise'), pkg, { recursive: true });
    // The script's `yaml` package, as `npm install yaml` in the package would provide it, with the
    // two files that command writes beside it (found in the eleventh session: kpt read them as
    // package resources and failed, "resource must have `apiVersion`").
    symlinkSync(join(REPO, 'node_modules'), join(pkg, 'node_modules'));
    writeFileSync(join(pkg, 'package.json'), '{\n  "dependencies": {\n    "yaml": "^2.9.1"\n  }\n}\n');
    writeFileSync(join(pkg, 'package-lock.json'), '{\n  "name": "customised",\n  "lockfileVersion": 3,\n  "requires": true,\n  "packages": {}\n}\n');
    writeFileSync(join(pkg, 'Kptfile'), text);
    return pkg;
  };
  const customised = packageWith('customised', kptfile);
  const plain = packageWith('plain', kptfile.replace(/\n {2}- exec: \.\/patch-calico\.mjs\n/, '\n'));
  t.not(readFileSync(join(plain, 'Kptfile'), 'utf8'), kptfile, 'the plain package has our function only');

  for (const pkg of [plain, customised]) {
    const result = await run('kpt', ['fn', 'render', '--allow-exec', '--truncate-output=false'], { cwd: pkg, env, timeoutMs: 60_000 });
    t.is(result.status, 0, result.stderr);
  }
  const rendered = (pkg: string) => new Map([...snapshotFiles(join(pkg, 'calico'))]);
  const [before, after] = [rendered(plain), rendered(customised)];
  t.deepEqual([...after.keys()], [...before.keys()], 'the same files');
  const changed = [...after].filter(([file, text]) => before.get(file) !== text).map(([file]) => file).sort();
  t.deepEqual(changed, ['daemonset_calico-node.yaml', 'deployment_calico-typha-horizontal-autoscaler.yaml'], 'only the patched objects differ');

  const node = parse(after.get('daemonset_calico-node.yaml')!) as Deployed;
  t.is(node.metadata.labels?.['example.com/team'], 'network');
  t.is(node.spec.template.spec.containers.find((container) => container.name === 'calico-node')?.resources?.requests?.memory, '256Mi');
  const autoscaler = parse(after.get('deployment_calico-typha-horizontal-autoscaler.yaml')!) as Deployed;
  t.deepEqual(autoscaler.spec.template.spec.tolerations?.map((toleration) => toleration.key), ['example.com/system-pool']);

  for (const file of ['network.yaml', 'render-calico.yaml']) {
    t.is(readFileSync(join(customised, file), 'utf8'), readFileSync(join(REPO, 'docs/examples/customise', file), 'utf8'), `${file} comes back as written`);
  }

  const again = await run('kpt', ['fn', 'render', '--allow-exec'], { cwd: customised, env, timeoutMs: 60_000 });
  t.is(again.status, 0, again.stderr);
  t.deepEqual(rendered(customised), after, 'our function regenerates its objects and the mutator patches them again: the same files');
});

kubectlTest('Flux: the Kustomization\'s patches over render -o output change exactly the patched objects', async (t) => {
  const root = temporaryDirectory(t);
  const out = join(root, 'rendered');
  const rendered = await runBin(['render', 'example', '-o', out], { cwd: REPO });
  t.is(rendered.status, 0, rendered.stderr);
  const files = listManifests(out);
  const patches = (parse(docBlock('Flux Kustomization patches')) as { spec: { patches: unknown[] } }).spec.patches;

  // kustomize-controller's generated kustomization.yaml: every manifest file as a resource.
  const build = async (withPatches: boolean) => {
    writeFileSync(join(out, 'kustomization.yaml'), stringify({ apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources: files, ...(withPatches && { patches }) }));
    const result = await run('kubectl', ['kustomize', out]);
    t.is(result.status, 0, result.stderr);
    return new Map(parseAllDocuments(result.stdout).map((document) => {
      const object = document.toJS() as KubernetesObject;
      return [`${object.kind}/${object.metadata.namespace ?? ''}/${object.metadata.name}`, object];
    }));
  };
  const [plain, patched] = [await build(false), await build(true)];
  t.is(patched.size, files.length);
  const changed = [...patched].filter(([key, object]) => JSON.stringify(plain.get(key)) !== JSON.stringify(object)).map(([key]) => key).sort();
  t.deepEqual(changed, ['DaemonSet/kube-system/calico-node', 'Deployment/kube-system/calico-typha-horizontal-autoscaler']);
  t.is((patched.get('DaemonSet/kube-system/calico-node') as unknown as Deployed).metadata.labels?.['example.com/team'], 'network');
  const autoscaler = patched.get('Deployment/kube-system/calico-typha-horizontal-autoscaler') as unknown as Deployed;
  t.deepEqual(autoscaler.spec.template.spec.tolerations?.map((toleration) => toleration.key), ['example.com/system-pool']);
});

function listManifests(dir: string, relative = ''): string[] {
  return readdirSync(join(dir, relative), { withFileTypes: true }).flatMap((entry) => {
    const path = relative ? `${relative}/${entry.name}` : entry.name;
    if (entry.isDirectory()) return listManifests(dir, path);
    return /\.ya?ml$/.test(entry.name) && entry.name !== 'kustomization.yaml' ? [path] : [];
  }).sort();
}
