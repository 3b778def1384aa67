// What a render makes Node load beyond its own start. Start-up is most of a render (BENCHMARKS.md),
// and each of these modules cost every render time that nothing on its path needs:
// - node:crypto (OpenSSL and some twenty modules): the checksum annotations have their own SHA-256;
// - node:v8: loaded when a large input first asks for the heap figures (src/krm/heap.ts);
// - net and stream: standard output and error are written with write(2) (src/cli/standard-streams.ts).
// Nor does it read more of the Calico CRDs' bulk, kept beside the core (src/objects/calico-crds.assets.ts),
// than the specs printed in the style it prints: the data is read only for a change plan and for flow-style output (which prints the specs as JSON). And the
// yaml and zod packages, each a script of its own (dist/yaml.cjs, dist/zod.cjs,
// src/fast-start/load-core.ts): the KRM function renders the bundled example without them, with our
// own block reader and printer and the parsers generated from our schemas.
// The bin runs as kpt and Argo CD run it: stdin, stdout and stderr pipes.
import test, { type ExecutionContext } from 'ava';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { stringify, parse } from 'yaml';
import { SCRIPT_HEAD, SCRIPT_TAIL, YAML_FILE, ZOD_FILE, codeCacheFile } from '../../src/fast-start/load-core.js';
import { BIN, REPO } from '../support/kpt.js';
import { run as runProcess } from '../integrations/helpers.js';

const NOT_LOADED = ['crypto', 'v8', 'net', 'stream'];

const work = mkdtempSync(join(tmpdir(), 'ncfn-start-up-'));
test.after.always(() => rmSync(work, { recursive: true, force: true }));
const PRELOAD = join(work, 'record-modules.cjs');
writeFileSync(PRELOAD, "process.on('exit', () => require('fs').writeFileSync(process.env.RECORD_MODULES, process.moduleLoadList.join('\\n')));\n");

/** The public built-in modules the bin loaded: `NativeModule crypto` -> `crypto`. */
function modulesLoaded(args: string[], input = ''): string[] {
  const record = join(work, 'modules.txt');
  const run = spawnSync(process.execPath, ['--require', PRELOAD, BIN, ...args], { input, encoding: 'utf8', env: { ...process.env, RECORD_MODULES: record }, maxBuffer: 1 << 26 });
  if (run.status !== 0) throw new Error(`the bin failed: ${run.stderr}`);
  return readFileSync(record, 'utf8').split('\n').filter((line) => line.startsWith('NativeModule ')).map((line) => line.slice('NativeModule '.length));
}

const example = (file: string) => parse(readFileSync(join(REPO, 'example', file), 'utf8')) as unknown;
const resourceList = stringify({ apiVersion: 'config.kubernetes.io/v1', kind: 'ResourceList', items: [example('network.yaml')], functionConfig: example('render-calico.yaml') });
const examplePackage = join(work, 'package');
cpSync(join(REPO, 'example'), examplePackage, { recursive: true, filter: (path) => !path.includes(`${join('example', 'calico')}`) });

const renders: [string, () => string[]][] = [
  ['the KRM function, the bundled example', () => modulesLoaded([], resourceList)],
  ['render DIR to stdout', () => modulesLoaded(['render', examplePackage])],
  ['render DIR -o OUT', () => modulesLoaded(['render', examplePackage, '-o', join(work, 'out')])],
];

for (const [name, run] of renders) {
  test(`${name} loads none of ${NOT_LOADED.join(', ')}`, (t) => {
    const loaded = run();
    t.true(loaded.includes('vm'), 'the record holds the modules the bin loaded');
    t.deepEqual(NOT_LOADED.filter((module) => loaded.includes(module)), []);
  });
}

/** A copy of dist/ without `files`: whatever the bin runs from it cannot have read them. */
function distWithout(files: string[]): string {
  const dist = mkdtempSync(join(work, 'dist-'));
  cpSync(join(REPO, 'dist'), dist, { recursive: true, filter: (path) => !files.some((file) => path.endsWith(`/${file}`)) });
  return join(dist, 'networking-calico-fn.cjs');
}

const CRD_DATA = 'calico-crds.json';
const SPECS = { indented: 'calico-crd-specs.indented.yaml', compact: 'calico-crd-specs.compact.yaml' };

const bulkReads: [string, string[], string[]][] = [
  ['the KRM function reads the indented specs only', [CRD_DATA, SPECS.compact], []],
  ['render DIR reads the compact specs only', [CRD_DATA, SPECS.indented], ['render', examplePackage]],
];

for (const [name, missing, args] of bulkReads) {
  test(`a first render: ${name}`, async (t) => {
    const full = await runProcess(process.execPath, [BIN, ...args], { input: resourceList });
    const without = await runProcess(process.execPath, [distWithout(missing), ...args], { input: resourceList });
    t.is(full.status, 0, full.stderr);
    t.true(full.stdout.includes('kind: CustomResourceDefinition'), 'the render holds the CRDs');
    t.is(without.status, 0, without.stderr);
    t.is(without.stdout, full.stdout);
  });
}

test('the core carries none of the CRD bulk: it is not in the script V8 deserialises at every start', (t) => {
  const core = readFileSync(join(REPO, 'dist', 'core.cjs'), 'latin1');
  const bulk = (file: string) => readFileSync(join(REPO, 'dist', file), 'latin1');
  const texts = [bulk(CRD_DATA), ...bulk(SPECS.indented).split('\0'), ...bulk(SPECS.compact).split('\0')];
  t.is(texts.length, 49);
  // The start of each text, as it would stand in a string literal of the script.
  for (const text of texts) t.false(core.includes(JSON.stringify(text.slice(0, 400)).slice(1, -1)), text.slice(0, 60));
});

/** A copy of dist/ without the packages' scripts and their caches: nothing of them can be loaded. */
const binWithoutPackages = distWithout(([YAML_FILE, ZOD_FILE] as const).flatMap((script) => [script, basename(codeCacheFile(join(REPO, 'dist'), script, 'function'))]));

test('the KRM function renders the bundled example without the yaml and zod packages: the same answer', (t) => {
  const [full, without] = [BIN, binWithoutPackages].map((bin) => spawnSync(process.execPath, [bin], { input: resourceList, encoding: 'utf8', maxBuffer: 1 << 26 }));
  t.is(without?.status, 0, without?.stderr);
  t.is(without?.stderr, '');
  t.is(without?.stdout, full?.stdout);
});

// What makes the test above able to fail: the copy lacks what a user of either package needs.
// A script missing from the install is named as damage, not as an internal error (it was, before
// the twelfth session).
test('render DIR reads the package with the yaml package: without its script it fails', (t) => {
  const render = spawnSync(process.execPath, [binWithoutPackages, 'render', examplePackage], { encoding: 'utf8' });
  assertDamagedInstall(t, render, `${YAML_FILE} is missing`);
});

/** The bundled example with a NetworkConfig value the generated parsers leave to zod, which refuses it. */
const refusedResourceList = resourceList.replace('pool: ipip\n', 'pool: ipipp\n');

test('an input zod refuses is judged by the zod package: without its script it fails', (t) => {
  t.not(refusedResourceList, resourceList);
  const render = spawnSync(process.execPath, [binWithoutPackages], { input: refusedResourceList, encoding: 'utf8' });
  assertDamagedInstall(t, render, `${ZOD_FILE} is missing`);
});

/**
 * A copy of dist/ with `file` made into `damaged(its contents)`: an install damaged on its way (a
 * full disk, an interrupted copy) or left half upgraded.
 */
function distWith(file: string, damaged: (contents: Buffer) => Buffer | string): string {
  const dist = mkdtempSync(join(work, 'dist-damaged-'));
  cpSync(join(REPO, 'dist'), dist, { recursive: true });
  writeFileSync(join(dist, file), damaged(readFileSync(join(dist, file))));
  return join(dist, 'networking-calico-fn.cjs');
}

/** Named as damaged, with what to do: never an internal error to report (exit code 2). */
function assertDamagedInstall(t: ExecutionContext, render: { status: number | null; stdout: string; stderr: string }, file: string): void {
  t.is(render.status, 1, render.stderr);
  t.is(render.stdout, '');
  t.true(render.stderr.includes(file), render.stderr);
  t.regex(render.stderr, /the install is damaged; reinstall/);
  t.false(render.stderr.includes('internal error'), render.stderr);
}

// Each file with the command that reads it: the KRM function the indented specs, render DIR the
// compact ones, and render DIR of the example with its previous render (a change plan) the data.
const bulkReaders: [string, string[]][] = [
  [SPECS.indented, []],
  [SPECS.compact, ['render', examplePackage]],
  [CRD_DATA, ['render', join(REPO, 'example')]],
];

/** Ways a file arrives cut short. */
const cuts = [
  ['empty', () => Buffer.alloc(0)],
  ['cut in half', (contents: Buffer) => contents.subarray(0, contents.length >> 1)],
  ['one byte short', (contents: Buffer) => contents.subarray(0, -1)],
] as const;

for (const [file, args] of bulkReaders) {
  for (const [cut, damaged] of cuts) {
    test(`${file} ${cut}: the render fails, names the file, and prints nothing`, async (t) => {
      const render = await runProcess(process.execPath, [distWith(file, damaged), ...args], { input: resourceList });
      assertDamagedInstall(t, render, file);
    });
  }
}

// The bundle's scripts damaged the same ways: the KRM function on input in flow style loads the core
// and yaml, on an input zod refuses the core and zod.
const flowResourceList = JSON.stringify(parse(resourceList));

/** Besides the cuts: what a script of another build, or a file blanked in place, looks like. */
const scriptDamages = [
  ...cuts,
  // The previous version's script, as it was written then: not wrapped (a half-done upgrade).
  ['not wrapped', (contents: Buffer) => contents.subarray(SCRIPT_HEAD.length, -SCRIPT_TAIL.length)],
  // Its length kept: V8 would take the code cache for it.
  ['blanked to its length', (contents: Buffer) => ' '.repeat(contents.length)],
] as const;

// Each script with an input that loads it.
const scriptReaders: [string, string][] = [['core.cjs', flowResourceList], [YAML_FILE, flowResourceList], [ZOD_FILE, refusedResourceList]];

for (const [file, input] of scriptReaders) {
  for (const [damage, damaged] of scriptDamages) {
    test(`${file} ${damage}: the render fails, names the file, and prints nothing`, async (t) => {
      const render = await runProcess(process.execPath, [distWith(file, damaged)], { input });
      assertDamagedInstall(t, render, file);
    });
  }
}
