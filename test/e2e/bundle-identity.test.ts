// The bundle (dist/, what every install runs) answers byte for byte what the sources answer, on
// every golden input, on each way it can start: with its V8 code cache (src/fast-start/), with the
// cache rejected (what another Node version gets: here V8 flags that differ from the writer's,
// which make V8 refuse the cache the same way), and with no cache at all; and `render DIR` on each
// golden package and the example, which prints sequences compact, from the other stored text.
// What the build does ahead of time (the CRD specs printed once in both sequence styles,
// src/printed-yaml.ts; the code cache) changes no output; the debug variable's notice shows
// which start each run took.
import test from 'ava';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CODE_CACHE_FILE, DEBUG_VARIABLE } from '../../src/fast-start/load-core.js';
import { processResourceList } from '../../src/krm/process.js';
import { runRenderCommand } from '../../src/render/command.js';
import { goldenCases } from '../support/golden.js';
import { BIN, REPO } from '../support/kpt.js';
import { run, type Run } from '../integrations/helpers.js';

/** The answer, less what depends on the clock (a snapshot's age in a result message). */
const timeless = (text: string) => text.replace(/captured .*? ago/g, 'captured <age> ago');

/** A copy of dist/ without the code cache, as an install whose cache was never written. */
const uncached = mkdtempSync(join(tmpdir(), 'ncfn-uncached-'));
cpSync(join(REPO, 'dist'), uncached, { recursive: true, filter: (path) => !path.endsWith(CODE_CACHE_FILE) });
const UNCACHED_BIN = join(uncached, 'networking-calico-fn.cjs');
test.after.always(() => rmSync(uncached, { recursive: true, force: true }));

const starts = [
  { name: 'code cache', nodeArgs: [], bin: BIN, notice: /code cache .* used/ },
  // --no-opt only turns off V8's optimising compiler; V8 refuses a cache written without it.
  { name: 'cache rejected', nodeArgs: ['--no-opt'], bin: BIN, notice: /V8 rejected .*core\.cache/ },
  { name: 'no cache', nodeArgs: [], bin: UNCACHED_BIN, notice: /core\.cache is missing/ },
];

for (const golden of goldenCases()) {
  test(`bundle = sources on every start: ${golden.name}`, async (t) => {
    const sources = processResourceList(golden.input, { now: new Date() });
    for (const start of starts) {
      const bundle = await runBin(start.nodeArgs, start.bin, golden.input);
      t.is(bundle.status, sources.exitCode, start.name);
      t.is(timeless(bundle.stdout), timeless(sources.stdout ?? ''), start.name);
      t.regex(bundle.stderr, start.notice, start.name);
    }
  });
}

/** The golden packages (inputs only) and the example (with its previous render in calico/). */
const packages = [
  ...goldenCases().map((golden) => ({ name: golden.name, files: ['resources.yaml', 'fn-config.yaml'].map((file) => join(golden.dir, file)).filter(existsSync) })),
  { name: 'example', files: ['network.yaml', 'render-calico.yaml', 'calico'].map((file) => join(REPO, 'example', file)) },
];

// `render DIR` runs from the same core: with the cache and without it, it answers what the
// sources answer.
for (const { name, files } of packages) {
  test(`bundle = sources through render DIR, with and without the code cache: ${name}`, async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'ncfn-render-identity-'));
    t.teardown(() => rmSync(dir, { recursive: true, force: true }));
    for (const file of files) cpSync(file, join(dir, file.slice(file.lastIndexOf('/') + 1)), { recursive: true });
    let stdout = '';
    const status = await runRenderCommand([dir], { cwd: dir, env: {}, stdout: (text) => { stdout += text; }, stderr: () => undefined });
    const [cached, withoutCache] = await Promise.all([runBin([], BIN, '', ['render', dir]), runBin([], UNCACHED_BIN, '', ['render', dir])]);
    for (const [start, bundle] of [['code cache', cached], ['no cache', withoutCache]] as const) {
      t.is(bundle.status, status, start);
      t.is(bundle.stdout, stdout, start);
    }
    t.regex(cached.stderr, /code cache .* used/);
    t.regex(withoutCache.stderr, /core\.cache is missing/);
  });
}

/** The bin as `node [nodeArgs] bin [args]`, with the debug notice on. */
function runBin(nodeArgs: string[], bin: string, input: string, args: string[] = []): Promise<Run> {
  return run(process.execPath, [...nodeArgs, bin, ...args], { input, env: { ...process.env, [DEBUG_VARIABLE]: '1' }, timeoutMs: 120_000 });
}
