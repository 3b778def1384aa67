// `node scripts/bench-profile.mjs [--runs N]`: where the CPU time of one default render goes, by
// step, from V8's sampling profiler. Builds the bundle unminified into a temporary directory (the
// same code and caches, only with our functions' names; its answer is checked against dist/'s),
// profiles N renders of the bench's default workload (`node --cpu-prof`, a sample every 20 µs)
// and prints the milliseconds per render each step took, each sample counted once, in the
// deepest step on its stack. The profiler inflates every step, V8's deserialising of the code
// cache most (it logs each function it creates): compare shares, and wall times with
// bench-phases.mjs.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { benchWorkloads } from './bench-inputs.mjs';

const REPO = new URL('..', import.meta.url).pathname;
const { values } = parseArgs({ options: { runs: { type: 'string', default: '40' } } });
const runs = Number(values.runs);
const [, defaultText] = benchWorkloads({ compact: [], list: [] }).find(([name]) => name === 'default');

/** The steps, deepest first: a sample counts in the first whose function (module:name) is on its stack. */
const STEPS = [
  ['building the objects: the checksum annotations (JSON, SHA-256)', 'src/objects/common.ts:contentChecksum'],
  ['building the objects: the rest', 'src/objects/index.ts:buildObjects'],
  ['classifying and validating the inputs', 'src/inputs/classify.ts:classify'],
  ['the overlay guard', 'src/overlay/guard.ts:overlayStage'],
  ['computing the values', 'src/values/compute.ts:computeCalicoValues'],
  ['the emit plan', 'src/emit/emit.ts:planEmit'],
  ['the change plan', 'src/plan/plan.ts:changePlan'],
  ['reading the input (our block reader)', 'src/krm/resource-list.ts:parseResourceList'],
  ['printing the answer (our printer, the stored CRD specs copied)', 'src/krm/resource-list.ts:writeResourceList'],
  ['the render proper: the rest', 'src/krm/process.ts:processResourceList'],
  ['reading stdin, writing the answer', 'src/fast-start/core.ts:runKrmFunction'],
];
const CORE_EVALUATION = "evaluating the core's modules (their constants, ...)";
const COMPILING = 'compiling the core with its code cache (V8 deserialising it)';
const GARBAGE_COLLECTION = 'garbage collection';
const NODE = "Node's start, the bin and the rest (the floor has most of it)";
/** The core's code above its first module: the wrapper and esbuild's helpers. */
const CORE_WRAPPER = "the core's wrapper";

const work = mkdtempSync(join(tmpdir(), 'ncfn-profile-'));
try {
  const dist = join(work, 'dist');
  execFileSync(process.execPath, ['scripts/build.mjs', '--unminified', dist], { cwd: REPO, stdio: ['ignore', 'ignore', 'inherit'] });
  const answer = (bin) => spawnSync(process.execPath, [bin], { input: defaultText, maxBuffer: 1 << 26 }).stdout.toString();
  if (answer(join(dist, 'networking-calico-fn.cjs')) !== answer(join(REPO, 'dist/networking-calico-fn.cjs'))) {
    throw new Error('the unminified build answers differently from dist/: run `npm run build` first');
  }
  const profiles = join(work, 'profiles');
  for (let run = 0; run < runs; run += 1) {
    spawnSync(process.execPath, ['--cpu-prof', '--cpu-prof-interval', '20', '--cpu-prof-dir', profiles, join(dist, 'networking-calico-fn.cjs')], { input: defaultText, stdio: ['pipe', 'ignore', 'inherit'] });
  }
  const moduleAt = moduleLocator(readFileSync(join(dist, 'core.cjs'), 'latin1'));
  const totals = new Map([...STEPS.map(([step]) => [step, 0]), [CORE_EVALUATION, 0], [COMPILING, 0], [GARBAGE_COLLECTION, 0], [NODE, 0]]);
  const seen = new Set();
  const files = readdirSync(profiles);
  for (const file of files) {
    const profile = JSON.parse(readFileSync(join(profiles, file), 'utf8'));
    const names = new Map(profile.nodes.map((node) => [node.id, nameOf(node.callFrame, moduleAt)]));
    const parents = new Map(profile.nodes.flatMap((node) => (node.children ?? []).map((child) => [child, node.id])));
    profile.samples.forEach((sample, index) => {
      const stack = [];
      for (let id = sample; id !== undefined; id = parents.get(id)) stack.push(names.get(id));
      for (const name of stack) seen.add(name);
      const step = stepOf(stack);
      totals.set(step, totals.get(step) + (profile.timeDeltas[index + 1] ?? 0) / 1000);
    });
  }
  const missing = STEPS.filter(([, name]) => !seen.has(name)).map(([, name]) => name);
  if (missing.length > 0) throw new Error(`no sample names ${missing.join(', ')}: a step's function was renamed or moved; update STEPS`);
  const all = [...totals.values()].reduce((sum, ms) => sum + ms, 0);
  console.log(`${files.length} profiles of the default render, ms per render under the profiler; NODE_EXTRA_CA_CERTS ${process.env.NODE_EXTRA_CA_CERTS ? 'set' : 'not set'}`);
  console.log('| step | ms | share |\n|---|---:|---:|');
  for (const [step, ms] of totals) console.log(`| ${step} | ${(ms / files.length).toFixed(2)} | ${((100 * ms) / all).toFixed(0)}% |`);
  console.log(`| all | ${(all / files.length).toFixed(2)} | 100% |`);
} finally {
  rmSync(work, { recursive: true, force: true });
}

function stepOf(stack) {
  const found = STEPS.find(([, name]) => stack.includes(name));
  if (found) return found[0];
  if (stack[0] === ':(garbage collector)') return GARBAGE_COLLECTION;
  if (stack.some((name) => name.startsWith('src/') || name.startsWith('zod:') || name.startsWith(CORE_WRAPPER))) return CORE_EVALUATION;
  if (stack.includes('node:vm:Script')) return COMPILING;
  return NODE;
}

/** `module:function` for our code (the module from esbuild's `// src/...` comments), `url:function` otherwise. */
function nameOf({ url, functionName, lineNumber }, moduleAt) {
  if (url.endsWith('/core.cjs')) return `${moduleAt(lineNumber)}:${functionName}`;
  return `${url.replace(/^.*\//, '')}:${functionName}`;
}

/** The module of the core at a (0-based) line, from the comment esbuild writes above each module's code. */
function moduleLocator(source) {
  const starts = [];
  source.split('\n').forEach((line, index) => {
    const marker = /^\/\/ (?:.*\/)?(node_modules\/zod|src\/\S+)/.exec(line);
    if (marker) starts.push([index, marker[1] === 'node_modules/zod' ? 'zod' : marker[1]]);
  });
  return (line) => starts.findLast(([start]) => start <= line)?.[1] ?? CORE_WRAPPER;
}
