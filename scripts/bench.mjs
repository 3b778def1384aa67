// `npm run bench`: start-up and scaling of the built function, measured against Node's own
// start-up (the floor we cannot beat) and kpt's, side by side in one run. Each workload runs
// after a warm-up, alternating with its floor, and reports medians, the ratio to the floor and
// the peak RSS. `--json` prints JSON instead of the table; `--quick` is the CI smoke run (few
// runs, small workloads). `--chart DIR --helm PATH` adds the peer row: `helm template` of the
// extension's chart (charts/internal/calico of gardener-extension-networking-calico, never
// committed here) with the example's values (scripts/bench-helm-values.yaml), alternating with
// our default render. Besides wall time each row reports the CPU time (user + sys) of the
// process, steadier than wall time on a loaded machine. Not a test: it prints, and exits 0
// unless a run fails.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { benchWorkloads } from './bench-inputs.mjs';

const REPO = new URL('..', import.meta.url).pathname;
const BIN = join(REPO, 'dist/networking-calico-fn.cjs');
const { values: options } = parseArgs({
  options: { quick: { type: 'boolean' }, json: { type: 'boolean' }, chart: { type: 'string' }, helm: { type: 'string' } },
});
const quick = options.quick ?? false;
const asJson = options.json ?? false;
const RUNS = quick ? 3 : 15;
const WARMUP = quick ? 1 : 2;

if (!existsSync(BIN)) {
  console.error('dist/networking-calico-fn.cjs is missing: run npm run build first');
  process.exit(1);
}
const work = mkdtempSync(join(tmpdir(), 'ncfn-bench-'));
process.on('exit', () => rmSync(work, { recursive: true, force: true }));

const sizes = quick ? { compact: [100, 1000, 2000], list: [200, 500] } : { compact: [1000, 10000, 50000], list: [2000, 5000] };
const workloads = benchWorkloads(sizes).map(([name, text]) => {
  const file = join(work, `${name}.yaml`);
  writeFileSync(file, text);
  return { name, file, bytes: text.length };
});

// ---- measuring ----------------------------------------------------------------------------

const gnuTime = spawnSync('/usr/bin/time', ['-f', '%M', 'true'], { encoding: 'utf8' }).status === 0;

/** Wall time in ms, and peak RSS in MiB and CPU time (user + sys, ms) when GNU time is there, of one run. */
function measure(command, commandArgs, stdinFile) {
  const input = stdinFile ? readFileSync(stdinFile) : undefined;
  const [file, argv] = gnuTime ? ['/usr/bin/time', ['-f', '%M %U %S', command, ...commandArgs]] : [command, commandArgs];
  const start = process.hrtime.bigint();
  const result = spawnSync(file, argv, { input, maxBuffer: 1 << 30, encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0) throw new Error(`${command} ${commandArgs.join(' ')} failed (${result.status}): ${result.stderr.slice(-500)}`);
  const [rssKiB, user, sys] = gnuTime ? result.stderr.trim().split('\n').pop().split(' ').map(Number) : [NaN, NaN, NaN];
  return { ms, rssMiB: rssKiB / 1024, cpuMs: (user + sys) * 1000 };
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Runs `subject` and `floor` alternately, so both see the same machine load. */
function compare(subject, floor) {
  for (let i = 0; i < WARMUP; i += 1) { subject(); floor(); }
  const subjectRuns = [];
  const floorRuns = [];
  for (let i = 0; i < RUNS; i += 1) { subjectRuns.push(subject()); floorRuns.push(floor()); }
  return {
    ms: median(subjectRuns.map((run) => run.ms)),
    floorMs: median(floorRuns.map((run) => run.ms)),
    cpuMs: median(subjectRuns.map((run) => run.cpuMs)),
    floorCpuMs: median(floorRuns.map((run) => run.cpuMs)),
    peakRssMiB: Math.max(...subjectRuns.map((run) => run.rssMiB)),
  };
}

const nodeFloor = (file) => () => measure(process.execPath, ['-e', 'process.stdin.resume(); process.stdin.on("end", () => {})'], file);
const fn = (file) => () => measure(process.execPath, [BIN], file);

const rows = [];
for (const workload of workloads) {
  const result = compare(fn(workload.file), nodeFloor(workload.file));
  rows.push({ workload: workload.name, inputMiB: workload.bytes / 2 ** 20, ...result, ratio: result.ms / result.floorMs });
}

// The peer: `helm template` of the chart this function replaces, with the example's values.
const defaultWorkload = workloads.find((workload) => workload.name === 'default');
const peerMissing = options.chart && options.helm ? undefined : 'helm template row left out: give --chart DIR (charts/internal/calico of gardener-extension-networking-calico) and --helm PATH';
if (!peerMissing) {
  const helmTemplate = () => measure(resolve(options.helm), ['template', 'calico', resolve(options.chart), '-f', join(REPO, 'scripts/bench-helm-values.yaml'), '--namespace', 'kube-system', '--kube-version', '1.34.2']);
  const result = compare(fn(defaultWorkload.file), helmTemplate);
  rows.push({ workload: 'default (floor: helm template)', inputMiB: NaN, ...result, ratio: result.ms / result.floorMs });
}

// The render command on the example package (its inputs only) against the KRM function on the
// same objects as a ResourceList: what reading files and writing the stream cost on top.
{
  const packageDir = join(work, 'render-package');
  cpSync(join(REPO, 'example'), packageDir, { recursive: true, filter: (path) => !path.includes('/calico') });
  const result = compare(() => measure(process.execPath, [BIN, 'render', packageDir]), fn(defaultWorkload.file));
  rows.push({ workload: 'render DIR (floor: the KRM function, default)', inputMiB: NaN, ...result, ratio: result.ms / result.floorMs });
}

// Through kpt: `kpt fn eval --exec` on a copy of the example package, against a `cat` function
// over a copy that already holds the rendered objects (example/calico): kpt then reads and writes
// the same files, so the difference is the function's own share.
const kptThere = spawnSync('kpt', ['version'], { encoding: 'utf8' }).status === 0;
if (kptThere) {
  const packageDir = join(work, 'package');
  const fresh = (withRendered) => {
    rmSync(packageDir, { recursive: true, force: true });
    cpSync(join(REPO, 'example'), packageDir, { recursive: true, filter: (path) => withRendered || !path.includes('/calico') });
  };
  const kptEval = (exec, extra, withRendered) => () => {
    fresh(withRendered);
    return measure('kpt', ['fn', 'eval', packageDir, '--exec', exec, ...extra]);
  };
  const result = compare(kptEval(BIN, ['--fn-config', join(REPO, 'example/render-calico.yaml')], false), kptEval('cat', [], true));
  rows.push({ workload: 'kpt-fn-eval (floor: kpt + cat)', inputMiB: NaN, ...result, ratio: result.ms / result.floorMs });
}
const kptRow = rows.find((row) => row.workload.startsWith('kpt-fn-eval'));
const helmRow = rows.find((row) => row.workload.includes('helm template'));

// ---- report -------------------------------------------------------------------------------

const byName = Object.fromEntries(rows.map((row) => [row.workload, row]));
const cost = (row) => row.ms - row.floorMs;
const targets = quick ? [] : [
  ['default render <= 1.0x helm template', helmRow?.ratio <= 1.0, helmRow ? `${helmRow.ratio.toFixed(2)}x (CPU ${(helmRow.cpuMs / helmRow.floorCpuMs).toFixed(2)}x)` : 'not measured (no --chart/--helm)'],
  ['default render <= 1.3x node floor', byName.default?.ratio <= 1.3, `${byName.default?.ratio.toFixed(2)}x (CPU ${(byName.default?.cpuMs / byName.default?.floorCpuMs).toFixed(2)}x)`],
  ['through kpt <= 1.3x kpt cat floor', kptRow?.ratio <= 1.3, kptRow ? `${kptRow.ratio.toFixed(2)}x` : 'kpt missing'],
  ['compact 10,000 <= 1.5x default', byName['compact-10000']?.ms <= 1.5 * byName.default?.ms, `${(byName['compact-10000']?.ms / byName.default?.ms).toFixed(2)}x`],
  ['compact 50,000 < 2 s', byName['compact-50000']?.ms < 2000, `${byName['compact-50000']?.ms.toFixed(0)} ms`],
  ['5,000 full Nodes < 3 s', byName['nodes-list-5000']?.ms < 3000, `${byName['nodes-list-5000']?.ms.toFixed(0)} ms`],
  ['5,000 full Nodes < 500 MiB', byName['nodes-list-5000']?.peakRssMiB < 500, `${byName['nodes-list-5000']?.peakRssMiB.toFixed(0)} MiB`],
  ['linear: (10k - floor) / (1k - floor) <= 11', cost(byName['compact-10000']) / cost(byName['compact-1000']) <= 11, (cost(byName['compact-10000']) / cost(byName['compact-1000'])).toFixed(1)],
];

// Node reads NODE_EXTRA_CA_CERTS at every start, before any JavaScript (on this project's machine
// a 200 KB bundle: about 45 ms of CPU in the floor and in every Node row alike, none in helm's).
const machine = { node: process.version, cpus: cpus().length, cpuModel: cpus()[0]?.model, memoryGiB: Math.round(totalmem() / 2 ** 30), runs: RUNS, warmup: WARMUP, nodeExtraCaCerts: process.env.NODE_EXTRA_CA_CERTS ?? null };
const cpu = (value) => (Number.isNaN(value) ? 'n/a' : value.toFixed(0));
if (asJson) {
  console.log(JSON.stringify({ machine, rows, peer: peerMissing ?? 'measured', targets: targets.map(([name, met, value]) => ({ name, met, value })) }, null, 2));
} else {
  console.log(`node ${machine.node}, ${machine.cpus} x ${machine.cpuModel}, ${machine.memoryGiB} GiB; ${RUNS} runs after ${WARMUP} warm-up, medians`);
  console.log(machine.nodeExtraCaCerts ? `NODE_EXTRA_CA_CERTS=${machine.nodeExtraCaCerts}: every Node start (the floor too) parses it first` : 'NODE_EXTRA_CA_CERTS is not set');
  console.log('| workload | input MiB | median ms | floor ms | ratio | CPU ms | floor CPU ms | peak RSS MiB |');
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
  for (const row of rows) {
    console.log(`| ${row.workload} | ${Number.isNaN(row.inputMiB) ? '' : row.inputMiB.toFixed(2)} | ${row.ms.toFixed(1)} | ${row.floorMs.toFixed(1)} | ${row.ratio.toFixed(2)} | ${cpu(row.cpuMs)} | ${cpu(row.floorCpuMs)} | ${Number.isNaN(row.peakRssMiB) ? 'n/a' : row.peakRssMiB.toFixed(0)} |`);
  }
  if (peerMissing) console.log(peerMissing);
  for (const [name, met, value] of targets) console.log(`${met ? 'MET ' : 'MISS'} ${name}: ${value}`);
}
