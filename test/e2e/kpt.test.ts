// End-to-end through the real kpt binary, on a copy of the repository's own package (Kptfile,
// example/ and the built bin).
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEBUG_VARIABLE } from '../../src/fast-start/load-core.js';
import { readBlockDocument } from '../../src/krm/block-yaml.js';
import { BIN, kpt, kptTest as kptTestFn, packageCopy, REPO, snapshotFiles as snapshot } from '../support/kpt.js';

const kptTest = kptTestFn();

kptTest('kpt fn render renders the bundled example as committed, and a second render changes nothing', (t) => {
  const dir = packageCopy();
  try {
    rmSync(join(dir, 'example/calico'), { recursive: true, force: true });
    const first = kpt(dir, ['fn', 'render', '--allow-exec']);
    t.is(first.status, 0, first.stderr);
    const rendered = snapshot(join(dir, 'example'));
    t.deepEqual(rendered, snapshot(join(REPO, 'example')), 'example/ in the repository is what the function renders (re-run kpt fn render --allow-exec and commit)');
    t.true([...rendered.keys()].some((path) => path === 'calico/daemonset_calico-node.yaml'));

    const second = kpt(dir, ['fn', 'render', '--allow-exec']);
    t.is(second.status, 0, second.stderr);
    t.deepEqual(snapshot(join(dir, 'example')), rendered, 'the second render leaves every file as it was');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

kptTest('kpt fn render runs the exec function from its code cache (the debug notice says so), with the committed result', (t) => {
  const dir = packageCopy();
  try {
    rmSync(join(dir, 'example/calico'), { recursive: true, force: true });
    const render = kpt(dir, ['fn', 'render', '--allow-exec'], { ...process.env, [DEBUG_VARIABLE]: '1' });
    t.is(render.status, 0, render.stderr);
    t.regex(render.stdout + render.stderr, /notice: code cache \S*dist\/core\.cache used/);
    t.deepEqual(snapshot(join(dir, 'example')), snapshot(join(REPO, 'example')));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

kptTest('kpt hands the package over in the block style that the function reads without the yaml package', (t) => {
  const dir = packageCopy();
  try {
    const source = kpt(dir, ['fn', 'source', '.', '--fn-config', 'example/render-calico.yaml']);
    t.is(source.status, 0, source.stderr);
    t.regex(source.stdout, /^- # /m, 'with head comments inside items, as kpt writes them');
    const items = readBlockDocument(source.stdout, 'items')?.entries.find((entry) => entry.key === 'items')?.sequence;
    t.true((items?.entries.length ?? 0) > 60, 'read by the block reader: every item of the package');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

kptTest('kpt fn render keeps comments and formatting of the user files', (t) => {
  const dir = packageCopy();
  try {
    const networkFile = join(dir, 'example/network.yaml');
    const original = readFileSync(networkFile, 'utf8').replace('  podCIDR:', '  # the pod range of the shoot\n  podCIDR:');
    writeFileSync(networkFile, original);
    const result = kpt(dir, ['fn', 'render', '--allow-exec']);
    t.is(result.status, 0, result.stderr);
    t.is(readFileSync(networkFile, 'utf8'), original);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

kptTest('an invalid NetworkConfig fails the pipeline, names the field and leaves the package untouched', (t) => {
  const dir = packageCopy();
  try {
    const networkFile = join(dir, 'example/network.yaml');
    writeFileSync(networkFile, readFileSync(networkFile, 'utf8').replace('backend: bird', 'backend: ospf'));
    const before = snapshot(join(dir, 'example'));
    const results = mkdtempSync(join(tmpdir(), 'ncfn-results-'));
    const result = kpt(dir, ['fn', 'render', '--allow-exec', '--truncate-output=false', '--results-dir', results]);
    t.not(result.status, 0);
    // kpt prints the field path before the message; the message no longer repeats it.
    t.regex(result.stdout + result.stderr, /\[error\] extensions\.gardener\.cloud\/v1alpha1\/Network\/shoot--core--example\/calico-network spec\.providerConfig\.backend: unsupported value "ospf"/);
    t.notRegex(result.stdout + result.stderr, /backend: spec\.providerConfig\.backend/);
    // kpt 1.0.0-beta.56 does not print a result's file on the terminal; it keeps it in --results-dir.
    const written = readFileSync(join(results, 'results.yaml'), 'utf8');
    rmSync(results, { recursive: true, force: true });
    t.regex(written, /field:\n\s+path: spec\.providerConfig\.backend\n\s+file:\n\s+path: example\/network\.yaml\n/);
    t.deepEqual(snapshot(join(dir, 'example')), before);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

kptTest('kpt fn render --results-dir writes the results file', (t) => {
  const dir = packageCopy();
  const results = mkdtempSync(join(tmpdir(), 'ncfn-results-'));
  try {
    const result = kpt(dir, ['fn', 'render', '--allow-exec', '--results-dir', results]);
    t.is(result.status, 0, result.stderr);
    const text = readFileSync(join(results, 'results.yaml'), 'utf8');
    t.regex(text, /kind: FunctionResultList/);
    t.regex(text, /rendered \d+ Calico objects into example\/calico\/ for Kubernetes/, 'kpt writes the files under outputDir, and the info result says so');
  } finally {
    rmSync(dir, { recursive: true, force: true });
    rmSync(results, { recursive: true, force: true });
  }
});

kptTest('kpt fn eval --exec with a config file, and with -- key=value', (t) => {
  for (const mode of ['config file', 'key=value'] as const) {
    const dir = mkdtempSync(join(tmpdir(), 'ncfn-eval-'));
    try {
      cpSync(join(REPO, 'example/network.yaml'), join(dir, 'network.yaml'));
      const config = join(REPO, 'example/render-calico.yaml');
      const args = mode === 'config file'
        ? ['fn', 'eval', dir, '--exec', BIN, '--fn-config', config]
        : ['fn', 'eval', dir, '--exec', BIN, '--', 'shoot.spec.kubernetes.version=1.34.2', 'outputDir=calico', 'crds=Skip'];
      const result = spawnSync('kpt', args, { encoding: 'utf8' });
      t.is(result.status, 0, `${mode}: ${result.stderr}`);
      const outputDir = mode === 'config file' ? join(dir, 'example/calico') : join(dir, 'calico');
      t.true(existsSync(join(outputDir, 'daemonset_calico-node.yaml')), `${mode}: calico-node rendered`);
      t.is(existsSync(join(outputDir, 'customresourcedefinition_ippools.crd.projectcalico.org.yaml')), mode === 'config file', `${mode}: CRDs follow the crds setting`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
});
