// `node dist/write-code-cache.mjs`: writes dist/core.cache, the V8 code cache of dist/core.cjs
// (load-core.ts says why). Run by the build (scripts/build.mjs, so `npm ci` writes it) and by the
// image build with the image's own Node. The cache is made after a warm-up: the core's top level
// (its modules, the schemas they build), KRM renders of the bundled example and of an input with
// every option (scripts/bench-inputs.mjs), and `render DIR` of the example package's two input
// files in a temporary directory (its answer discarded). V8 caches the bytecode of every function
// compiled by then, so a render compiles little of its own; what the warm-up does not run is
// compiled when first used.
import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CODE_CACHE_FILE, CORE_FILE, compileCore } from './load-core.js';

/** ResourceList texts to render once before the cache is taken, set by scripts/build.mjs. */
declare const WARM_UP_RESOURCE_LISTS: string[];
/** The example package's input files (name to text), rendered once with `render DIR`. */
declare const WARM_UP_PACKAGE: Record<string, string>;

const binDirectory = dirname(fileURLToPath(import.meta.url));
const compiled = compileCore(join(binDirectory, CORE_FILE));
const core = compiled.evaluate();
for (const resourceList of WARM_UP_RESOURCE_LISTS) core.processResourceList(resourceList);
const packageDirectory = mkdtempSync(join(tmpdir(), 'networking-calico-fn-warm-up-'));
try {
  for (const [name, text] of Object.entries(WARM_UP_PACKAGE)) writeFileSync(join(packageDirectory, name), text);
  await core.runRenderCommand([packageDirectory], { stdout: () => {}, stderr: () => {}, cwd: packageDirectory, env: {} });
} finally {
  rmSync(packageDirectory, { recursive: true, force: true });
}
const cacheFile = join(binDirectory, CODE_CACHE_FILE);
// Written whole or not at all: a reader never sees half a cache.
const partial = `${cacheFile}.${process.pid}.tmp`;
writeFileSync(partial, compiled.script.createCachedData());
renameSync(partial, cacheFile);
