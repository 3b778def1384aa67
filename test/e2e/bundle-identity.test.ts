// The bundle (dist/, what every install runs) answers byte for byte what the sources answer, on
// every golden input and on inputs only the yaml package reads (the pass-through corpus: flow
// style, anchors, comments), on each way it can start: with its V8 code caches
// (src/fast-start/), with the caches rejected (what another Node version gets: here V8 flags that
// differ from the writer's, which make V8 refuse a cache the same way), and with no cache at all;
// and `render DIR` on each golden package, the example and the corpus, which prints sequences
// compact, from the other stored text. What the build does ahead of time (the CRD specs printed
// once in both sequence styles, src/printed-yaml.ts; the code caches; the yaml and zod packages in
// scripts of their own, dist/yaml.cjs and dist/zod.cjs, loaded at their first use) changes no output; the debug variable's
// notices show which start each run took, one for each script it loaded.
import test from 'ava';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEBUG_VARIABLE } from '../../src/fast-start/load-core.js';
import { processResourceList } from '../../src/krm/process.js';
import { runRenderCommand } from '../../src/render/command.js';
import { goldenCases } from '../support/golden.js';
import { BIN, REPO } from '../support/kpt.js';
import { BLOCK_FUNCTION_CONFIG, BLOCK_NETWORK_ITEM } from '../support/render-output.js';
import { run, type Run } from '../integrations/helpers.js';

/** The answer, less what depends on the clock (a snapshot's age in a result message). */
const timeless = (text: string) => text.replace(/captured .*? ago/g, 'captured <age> ago');

/** A copy of dist/ without the code caches, as an install whose caches were never written. */
const uncached = mkdtempSync(join(tmpdir(), 'ncfn-uncached-'));
cpSync(join(REPO, 'dist'), uncached, { recursive: true, filter: (path) => !path.endsWith('.cache') });
const UNCACHED_BIN = join(uncached, 'networking-calico-fn.cjs');
test.after.always(() => rmSync(uncached, { recursive: true, force: true }));

/** Each start, and the debug notice it gives for a cache file (as a regular expression). */
const starts = [
  { name: 'code cache', nodeArgs: [], bin: BIN, notice: (cache: string) => `code cache \\S*/${cache} used` },
  // --no-opt only turns off V8's optimising compiler; V8 refuses a cache written without it.
  { name: 'cache rejected', nodeArgs: ['--no-opt'], bin: BIN, notice: (cache: string) => `V8 rejected \\S*/${cache} ` },
  { name: 'no cache', nodeArgs: [], bin: UNCACHED_BIN, notice: (cache: string) => `\\S*/${cache} is missing` },
];
type Start = (typeof starts)[number];

const NOTICE = 'networking-calico-fn: notice: ';

/** The notices of a start that loaded the core with `coreCache`, then the packages of `packageCaches`, nothing else. */
function notices(start: Start, coreCache: 'core.cache' | 'core.render.cache', packageCaches: string[]): RegExp {
  const line = (cache: string) => `${NOTICE}${start.notice(cache.replaceAll('.', '\\.'))}[^\\n]*\\n`;
  return new RegExp(`^${[coreCache, ...packageCaches].map(line).join('')}$`);
}

/** The debug notices among the run's standard error (where `render` also reports). */
const noticesOf = (bundle: Run) => bundle.stderr.split('\n').filter((line) => line.startsWith(NOTICE)).map((line) => `${line}\n`).join('');

/** The caches of the packages (scripts of their own) the run's notices name, in their order. */
const PACKAGE_CACHES = ['yaml.cache', 'zod.cache'];
const packagesLoaded = (bundle: Run) => noticesOf(bundle).split('\n').flatMap((line) => PACKAGE_CACHES.filter((cache) => line.includes(`/${cache}`)));

/** The corpus's files as ResourceLists: each file's objects as items after a Network, their text as written. */
const CORPUS = join(REPO, 'test/fixtures/pass-through-corpus');
const corpusFiles = readdirSync(CORPUS).filter((name) => name.endsWith('.yaml'));
const corpusInputs = corpusFiles.map((file) => ({ name: `corpus ${file}`, input: resourceListOf(readFileSync(join(CORPUS, file), 'utf8')) }));

function resourceListOf(stream: string): string {
  const items = stream.split(/^---\r?\n/m).filter((document) => document.trim() !== '').map((document) => document.replace(/^(?=[^\r\n])/gm, '  ').replace(/^ {2}/, '- '));
  return `apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n${BLOCK_NETWORK_ITEM}${items.join('')}${BLOCK_FUNCTION_CONFIG}`;
}

/** The inputs that loaded each package, on some start. */
const packageUsers = new Map(PACKAGE_CACHES.map((cache) => [cache, new Set<string>()]));

for (const { name, input } of [...goldenCases(), ...corpusInputs]) {
  test(`bundle = sources on every start: ${name}`, async (t) => {
    const sources = processResourceList(input, { now: new Date() });
    for (const start of starts) {
      const bundle = await runBin(start.nodeArgs, start.bin, input);
      t.is(bundle.status, sources.exitCode, start.name);
      t.is(timeless(bundle.stdout), timeless(sources.stdout ?? ''), start.name);
      t.regex(noticesOf(bundle), notices(start, 'core.cache', packagesLoaded(bundle)), start.name);
      for (const cache of packagesLoaded(bundle)) packageUsers.get(cache)?.add(name);
    }
  });
}

// Without this, the cases above could all run on the core alone. (Block style, comments included,
// is our block reader's: the corpus's trailing-comments.yaml does not need the package.)
test.after('the corpus inputs with flow style, anchors, and comments among flow lists went through the yaml package on every start', (t) => {
  const through = ['flow-collections.yaml', 'anchors.yaml', 'kpt-pkg-get.yaml'].map((file) => `corpus ${file}`);
  t.deepEqual(through.filter((name) => !packageUsers.get('yaml.cache')?.has(name)), []);
});

// Likewise for zod: inputs it refuses ran through its script; valid ones, a snapshot's included,
// never load it, and the bundled example needed neither package.
test.after('inputs zod refuses went through the zod package; valid ones, a snapshot included, did not load it', (t) => {
  t.deepEqual(['error-unknown-field', 'error-bad-snapshot'].filter((name) => !packageUsers.get('zod.cache')?.has(name)), []);
  t.false(packageUsers.get('zod.cache')?.has('switch-all-ready'));
  t.deepEqual(PACKAGE_CACHES.filter((cache) => packageUsers.get(cache)?.has('default')), []);
});

/** The golden packages (inputs only), the example (with its previous render in calico/), and the example with the corpus. */
const example = ['network.yaml', 'render-calico.yaml', 'calico'].map((file) => join(REPO, 'example', file));
const packages = [
  ...goldenCases().map((golden) => ({ name: golden.name, files: ['resources.yaml', 'fn-config.yaml'].map((file) => join(golden.dir, file)).filter(existsSync) })),
  { name: 'example', files: example },
  { name: 'example and the corpus', files: [...example, ...corpusFiles.map((file) => join(CORPUS, file))] },
];

// `render DIR` runs from the same core (with its cache warmed for it), and always reads the package
// with the yaml package: on every start it answers what the sources answer.
for (const { name, files } of packages) {
  test(`bundle = sources through render DIR on every start: ${name}`, async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'ncfn-render-identity-'));
    t.teardown(() => rmSync(dir, { recursive: true, force: true }));
    for (const file of files) cpSync(file, join(dir, file.slice(file.lastIndexOf('/') + 1)), { recursive: true });
    let stdout = '';
    const status = await runRenderCommand([dir], { cwd: dir, env: {}, stdout: (text) => { stdout += text; }, stderr: () => undefined });
    const bundles = await Promise.all(starts.map((start) => runBin(start.nodeArgs, start.bin, '', ['render', dir])));
    for (const [index, start] of starts.entries()) {
      const bundle = bundles[index] as Run;
      t.is(bundle.status, status, start.name);
      t.is(bundle.stdout, stdout, start.name);
      t.regex(noticesOf(bundle), notices(start, 'core.render.cache', packagesLoaded(bundle)), start.name);
      t.true(packagesLoaded(bundle).includes('yaml.cache'), `${start.name}: render DIR reads the package with the yaml package`);
    }
  });
}

/** The bin as `node [nodeArgs] bin [args]`, with the debug notice on. */
function runBin(nodeArgs: string[], bin: string, input: string, args: string[] = []): Promise<Run> {
  return run(process.execPath, [...nodeArgs, bin, ...args], { input, env: { ...process.env, [DEBUG_VARIABLE]: '1' }, timeoutMs: 120_000 });
}
