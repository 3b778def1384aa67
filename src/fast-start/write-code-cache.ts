// `node dist/write-code-cache.mjs`: writes the V8 code caches of the bundle's scripts (load-core.ts
// says why). Run by the build (scripts/build.mjs, so `npm ci` writes them) and by the image build
// with the image's own Node. V8 caches the bytecode of every function compiled by the time a cache
// is taken, so each is taken after a warm-up of what it serves, and a render compiles little of
// its own; what the warm-up did not run is compiled when first used.
// - dist/core.cache, the core's for the KRM function: after its top level (its modules, the schemas
//   they build) and KRM renders of the bundled example and of an input with every option
//   (scripts/bench-inputs.mjs). Not after `render DIR` as well: the render command's code would
//   make the cache larger (360 KB instead of 330), which costs every start of the function reading
//   and deserialising it for code it never runs (about half a millisecond of a default render here).
// - dist/core.render.cache, the core's for the render command: the same after also `render DIR` of
//   the example package's two input files in a temporary directory (its answer discarded). Without
//   it, `render` would compile its own code at every run (about a millisecond here).
// - dist/yaml.cache, the yaml package's for both: after all that (`render DIR` reads and writes
//   the package with it; the KRM function needs it only for input in flow style, with anchors, ...).
// - dist/zod.cache, the zod package's for both: after renders of what zod judges, which none of
//   the above is (the generated parsers take them): a NetworkConfig and a snapshot it refuses.
import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Script } from 'node:vm';
import { codeCacheFile, CORE_FILE, startCore, YAML_FILE, ZOD_FILE, type BundleScript, type Command } from './load-core.js';

/** ResourceList texts to render once before the cache is taken, set by scripts/build.mjs. */
declare const WARM_UP_RESOURCE_LISTS: string[];
/** ResourceList texts zod judges, rendered once before its cache is taken. */
declare const WARM_UP_ZOD_RESOURCE_LISTS: string[];
/** The example package's input files (name to text), rendered once with `render DIR`. */
declare const WARM_UP_PACKAGE: Record<string, string>;

const binDirectory = dirname(fileURLToPath(import.meta.url));
const compiled = new Map<BundleScript, Script>();
const core = startCore(binDirectory, { read: () => undefined, compiled: (script) => compiled.set(script.script, script.compiled) });

/** Writes the cache of `script` for `command`, whole or not at all: a reader never sees half a cache. */
function writeCodeCache(script: BundleScript, command: Command): void {
  const compiledScript = compiled.get(script);
  if (!compiledScript) throw new Error(`the warm-up never loaded ${script}`);
  const cacheFile = codeCacheFile(binDirectory, script, command);
  const partial = `${cacheFile}.${process.pid}.tmp`;
  writeFileSync(partial, compiledScript.createCachedData());
  renameSync(partial, cacheFile);
}

for (const resourceList of WARM_UP_RESOURCE_LISTS) core.processResourceList(resourceList);
writeCodeCache(CORE_FILE, 'function');
const packageDirectory = mkdtempSync(join(tmpdir(), 'networking-calico-fn-warm-up-'));
try {
  for (const [name, text] of Object.entries(WARM_UP_PACKAGE)) writeFileSync(join(packageDirectory, name), text);
  await core.runRenderCommand([packageDirectory], { stdout: () => {}, stderr: () => {}, cwd: packageDirectory, env: {} });
} finally {
  rmSync(packageDirectory, { recursive: true, force: true });
}
writeCodeCache(CORE_FILE, 'render');
writeCodeCache(YAML_FILE, 'render');
for (const resourceList of WARM_UP_ZOD_RESOURCE_LISTS) core.processResourceList(resourceList);
writeCodeCache(ZOD_FILE, 'render');
