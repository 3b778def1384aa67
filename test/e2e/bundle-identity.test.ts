// The bundle (dist/, what every install runs) answers byte for byte what the sources answer, on
// every golden input, on each way it can start: with its V8 code cache (src/fast-start/), with the
// cache rejected (what another Node version gets: here V8 flags that differ from the writer's,
// which make V8 refuse the cache the same way), and with no cache at all. What the build does
// ahead of time (the CRD specs printed once, src/printed-yaml.ts; the code cache) changes no
// output; the debug variable's notice shows which start each run took.
import test from 'ava';
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CODE_CACHE_FILE, DEBUG_VARIABLE } from '../../src/fast-start/load-core.js';
import { processResourceList } from '../../src/krm/process.js';
import { goldenCases } from '../support/golden.js';
import { BIN, REPO } from '../support/kpt.js';

/** The answer, less what depends on the clock (a snapshot's age in a result message). */
const timeless = (text: string) => text.replace(/captured .*? ago/g, 'captured <age> ago');

/** A copy of dist/ without the code cache, as an install whose cache was never written. */
const uncached = mkdtempSync(join(tmpdir(), 'ncfn-uncached-'));
cpSync(join(REPO, 'dist'), uncached, { recursive: true, filter: (path) => !path.endsWith(CODE_CACHE_FILE) });
test.after.always(() => rmSync(uncached, { recursive: true, force: true }));

const starts = [
  { name: 'code cache', nodeArgs: [], bin: BIN, notice: /code cache .* used/ },
  // --no-opt only turns off V8's optimising compiler; V8 refuses a cache written without it.
  { name: 'cache rejected', nodeArgs: ['--no-opt'], bin: BIN, notice: /V8 rejected .*core\.cache/ },
  { name: 'no cache', nodeArgs: [], bin: join(uncached, 'networking-calico-fn.cjs'), notice: /core\.cache is missing/ },
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

// `render DIR` runs from the same core: on each golden package (its input files alone), the
// start without a cache answers what the cached start answers.
for (const golden of goldenCases()) {
  test(`render DIR answers the same with and without the code cache: ${golden.name}`, async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'ncfn-render-start-'));
    t.teardown(() => rmSync(dir, { recursive: true, force: true }));
    for (const file of ['resources.yaml', 'fn-config.yaml']) cpSync(join(golden.dir, file), join(dir, file));
    const [cached, withoutCache] = await Promise.all([runBin([], BIN, '', ['render', dir]), runBin([], join(uncached, 'networking-calico-fn.cjs'), '', ['render', dir])]);
    t.is(cached.status, withoutCache.status);
    t.is(cached.stdout, withoutCache.stdout);
    t.regex(cached.stderr, /code cache .* used/);
    t.regex(withoutCache.stderr, /core\.cache is missing/);
  });
}

function runBin(nodeArgs: string[], bin: string, input: string, args: string[] = []): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...nodeArgs, bin, ...args], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, [DEBUG_VARIABLE]: '1' } });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => { stdout += chunk; });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => { stderr += chunk; });
    child.on('error', reject).on('close', (status) => resolve({ status, stdout, stderr }));
    child.stdin.end(input);
  });
}
