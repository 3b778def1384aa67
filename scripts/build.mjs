// Bundles the function and type-checks the sources. Seven outputs in dist/:
// - the bin (networking-calico-fn.cjs): dispatch only; CommonJS, since Node starts a CommonJS
//   main module without setting up its ES module loader (about 4 ms of CPU per start here);
// - the snapshot command (snapshot.mjs: node:http, the Kubernetes client), imported by that
//   command alone;
// - the core (core.cjs): the KRM function and the render command, one script so that V8 can take
//   a code cache for it, and its caches (core.cache for the KRM function, core.render.cache for
//   `render`; src/fast-start/ says why);
// - the yaml and zod packages (yaml.cjs, zod.cjs), each a script of its own with its own cache
//   (yaml.cache, zod.cache), which the core loads only when it first uses it: a default render
//   never does;
// - write-code-cache.mjs, which writes the caches: run here, and again by the image's own Node;
// - the Calico CRDs' bulk beside the core (calico-crds.json, calico-crd-specs.*.yaml), read when
//   first used (src/objects/calico-crds.assets.ts says why).
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { chmodSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { benchWorkloads } from './bench-inputs.mjs';
import { zodNamesUsedBy } from './zod-names.mjs';

// `--unminified DIR`: the same bundle, caches included, unminified into DIR, for profiles that
// name our functions (scripts/bench-profile.mjs).
const { values: options } = parseArgs({ options: { unminified: { type: 'string' } } });
const outdir = options.unminified ?? 'dist';
const bin = `${outdir}/networking-calico-fn.cjs`;
const { version } = JSON.parse(readFileSync('package.json', 'utf8'));

/** The exports of `entry`, a module of ours in TypeScript: bundled and run on the spot. */
async function importSources(entry) {
  const { outputFiles } = await build({ stdin: { contents: entry, resolveDir: '.', loader: 'ts' }, bundle: true, platform: 'node', format: 'esm', write: false, external: ['@kubernetes/client-node'], logLevel: 'warning' });
  return import(`data:text/javascript;base64,${Buffer.from(outputFiles[0].text).toString('base64')}`);
}
// The Calico CRDs' bulk (src/objects/calico-crds.assets.ts): the generated data as compact JSON,
// and each spec printed once here, by our printer from the data, instead of at every render
// (src/printed-yaml.ts), in both sequence styles: the function's answer indents sequences, `render`
// writes them compact, as kpt does. A bundle of the builders and the printer.
const crdAssets = await importSources(`import { buildCalicoCRDs, calicoCrdData } from './src/objects/crds.ts';
import { printedAhead } from './src/krm/emit-yaml.ts';
export const json = JSON.stringify(calicoCrdData());
export const crds = buildCalicoCRDs().map(({ metadata, spec }) => ({ name: metadata.name, annotations: metadata.annotations, spec: printedAhead(spec) }));`);
// How the loader expects each script of the bundle to be written, and which packages are scripts of their own (below).
const { SCRIPT_HEAD, SCRIPT_TAIL, PACKAGE_SCRIPTS } = await importSources(`export { SCRIPT_HEAD, SCRIPT_TAIL, PACKAGE_SCRIPTS } from './src/fast-start/load-core.ts';`);
/** `texts` joined by NUL, for a file the bundle reads as latin1 and splits at NUL: each text must be ASCII without NUL. */
function asciiJoinedByNul(file, texts) {
  for (const text of texts) if (!/^[\x01-\x7f]*$/.test(text)) throw new Error(`${file}: a text is not ASCII without NUL, which the bundle needs (it reads the file as latin1 and splits it at NUL)`);
  return texts.join('\0');
}
/** The files beside dist/core.cjs; the specs of a style in one file. */
const CRD_ASSET_FILES = Object.fromEntries(
  Object.entries({
    'calico-crds.json': [crdAssets.json],
    'calico-crd-specs.indented.yaml': crdAssets.crds.map(({ spec }) => spec.indented),
    'calico-crd-specs.compact.yaml': crdAssets.crds.map(({ spec }) => spec.compact),
  }).map(([file, texts]) => [file, asciiJoinedByNul(file, texts)]),
);
// The bundle's calico-crds.assets.ts: names and annotations inline, the texts read on first use
// from beside the core (its loader's wrapper gives the core __dirname), each file once. Each file's
// length is checked against what was written: a file cut short (a full disk, an interrupted copy)
// would otherwise print CRDs without their specs and exit 0.
const crdAssetLengths = Object.fromEntries(Object.entries(CRD_ASSET_FILES).map(([name, text]) => [name, text.length]));
const crdAssetsModule = {
  name: 'calico-crd-assets',
  setup(context) {
    context.onLoad({ filter: /calico-crds\.assets\.ts$/ }, ({ path }) => ({
      loader: 'ts',
      resolveDir: dirname(path),
      contents: `import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { builtOnFirstUse } from '../built-on-first-use.js';
import { installDamaged } from '../install-damaged.js';
const LENGTHS = ${JSON.stringify(crdAssetLengths)};
const read = (file) => {
  const path = join(__dirname, file);
  const text = readFileSync(path, 'latin1');
  if (text.length !== LENGTHS[file]) throw installDamaged(path, 'is ' + text.length + ' bytes, not the ' + LENGTHS[file] + ' the build wrote');
  return text;
};
export const calicoCrdsJson = builtOnFirstUse(() => read('calico-crds.json'));
const specs = {
  indented: builtOnFirstUse(() => read('calico-crd-specs.indented.yaml').split('\\0')),
  compact: builtOnFirstUse(() => read('calico-crd-specs.compact.yaml').split('\\0')),
};
export const CALICO_CRDS_PRINTED = ${JSON.stringify(crdAssets.crds.map(({ name, annotations }) => ({ name, annotations })))}.map((crd, index) => ({
  ...crd,
  spec: { get indented() { return specs.indented()[index]; }, get compact() { return specs.compact()[index]; } },
}));`,
    }));
  },
};
execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.json', '--noEmit'], { stdio: 'inherit' });
// No chunk of an earlier build stays behind.
rmSync(outdir, { recursive: true, force: true });
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  // The snapshot command loads the Kubernetes client lazily; it stays an external dependency.
  external: ['@kubernetes/client-node'],
  legalComments: 'none',
  // Less source for V8 to read at every start: start-up is most of a render.
  minify: options.unminified === undefined,
  // yaml's ESM build (the same code as its CommonJS one): tree-shakeable, and no require() shim.
  alias: { yaml: './node_modules/yaml/browser/index.js' },
  // `networking-calico-fn --version`, without reading package.json at run time.
  define: { PACKAGE_VERSION: JSON.stringify(version) },
  logLevel: 'warning',
  plugins: [crdAssetsModule],
};
// The bin. Its sources are ES modules: import.meta.url is given its CommonJS meaning.
await build({
  ...common,
  entryPoints: ['src/main.ts'],
  format: 'cjs',
  outfile: bin,
  banner: { js: "const importMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
  define: { ...common.define, 'import.meta.url': 'importMetaUrl' },
});
await build({ ...common, entryPoints: ['src/snapshot/command.ts'], format: 'esm', outfile: `${outdir}/snapshot.mjs` });
// The core as one script, so that V8 can take a code cache for it (src/fast-start/load-core.ts),
// without the packages that are scripts of their own: esbuild leaves `require("yaml")` at the top
// of each module that imports it, and reads the imported names off its answer where they are used,
// which the loader's stand-in needs: a name read when the core is evaluated would load the package
// at every start (test/e2e/start-up-modules.test.ts renders without yaml.cjs and zod.cjs). Without
// the alias, which would make yaml a path that `external` does not match.
// Each package from its ESM build, like the rest of the bundle. All in ASCII (esbuild escapes the
// rest), which the loader reads as latin1.
const core = await build({ ...common, entryPoints: ['src/fast-start/core.ts'], format: 'cjs', outfile: `${outdir}/core.cjs`, charset: 'ascii', alias: {}, external: [...common.external, ...Object.keys(PACKAGE_SCRIPTS)], metafile: true });
const coreSources = Object.keys(core.metafile.inputs).filter((file) => file.startsWith('src/'));
/**
 * What a package's script exports: all of yaml; of zod, only what the core's sources use, so that
 * its script holds just that (28 KB, not 430). A refused input is zod's only path, and valid input
 * never takes it, so a name missing here would fail only there: the names are read off the
 * sources' syntax, and any use of zod the build cannot read stops it.
 */
async function packageEntry(name) {
  if (name !== 'zod/mini') return `export * from ${JSON.stringify(common.alias[name] ?? name)};`;
  const exported = await import(name);
  const used = [...zodNamesUsedBy(coreSources)].sort();
  const unknown = used.filter((used) => !Object.hasOwn(exported, used));
  if (unknown.length > 0) throw new Error(`zod/mini exports no ${unknown.join(', ')}, which the sources use`);
  return `export { ${used.join(', ')} } from ${JSON.stringify(name)};`;
}

for (const [name, script] of Object.entries(PACKAGE_SCRIPTS)) {
  await build({ ...common, stdin: { contents: await packageEntry(name), resolveDir: '.' }, format: 'cjs', outfile: `${outdir}/${script}`, charset: 'ascii' });
}
// Each written as the function Node wraps a CommonJS module in: the loader compiles the text as it
// reads it (src/fast-start/load-core.ts), where a wrapper added at load time made V8 copy the
// whole text into one string again (the core's 179 KB, at every start).
for (const script of ['core.cjs', ...Object.values(PACKAGE_SCRIPTS)]) {
  const text = readFileSync(`${outdir}/${script}`);
  if (text.some((byte) => byte > 0x7f)) throw new Error(`${outdir}/${script} is not ASCII: src/fast-start/load-core.ts reads it as latin1`);
  writeFileSync(`${outdir}/${script}`, `${SCRIPT_HEAD}${text}${SCRIPT_TAIL}`);
}
// Their writer renders the bundled example and an input with every option, and `render`s the
// example package, before taking the caches; and, for zod's, renders what zod judges: inputs the
// generated parsers leave to it, a NetworkConfig with an unknown pool type and an overlay switch
// whose snapshot has a time without its offset.
const workloads = new Map(benchWorkloads({ compact: [3], list: [] }));
const warmUp = ['default', 'every-option'].map((name) => workloads.get(name));
/** `text` with `from` replaced by `to`, which it must hold. */
function changed(text, from, to) {
  if (!text.includes(from)) throw new Error(`a warm-up input zod refuses was not made: the bench's input holds no ${JSON.stringify(from)}`);
  return text.replace(from, to);
}
const zodWarmUp = [
  changed(workloads.get('default'), 'pool: ipip\n', 'pool: ipipp\n'),
  changed(workloads.get('compact-3'), 'capturedAt: 2026-11-23T10:00:00Z\n', 'capturedAt: 2026-11-23T10:00:00\n'),
];
await build({
  ...common,
  entryPoints: ['src/fast-start/write-code-cache.ts'],
  format: 'esm',
  outfile: `${outdir}/write-code-cache.mjs`,
  define: {
    ...common.define,
    WARM_UP_RESOURCE_LISTS: JSON.stringify(warmUp),
    WARM_UP_ZOD_RESOURCE_LISTS: JSON.stringify(zodWarmUp),
    WARM_UP_PACKAGE: JSON.stringify(Object.fromEntries(['network.yaml', 'render-calico.yaml'].map((name) => [name, readFileSync(`example/${name}`, 'utf8')]))),
  },
});
for (const [name, text] of Object.entries(CRD_ASSET_FILES)) writeFileSync(`${outdir}/${name}`, text, 'latin1');
chmodSync(bin, 0o755);
// The caches, written by the Node that runs this build (the image writes its own again).
execFileSync(process.execPath, [`${outdir}/write-code-cache.mjs`], { stdio: 'inherit' });
