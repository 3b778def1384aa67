// `npm run bench`: start-up and scaling of the built function, measured against Node's own
// start-up (the floor we cannot beat) and kpt's, side by side in one run. Each workload runs
// after a warm-up, alternating with its floor, and reports medians, the ratio to the floor and
// the peak RSS. `--json` prints JSON instead of the table; `--quick` is the CI smoke run (few
// runs, small workloads). Not a test: it prints, and exits 0 unless a run fails.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { benchWorkloads } from './bench-inputs.mjs';

const REPO = new URL('..', import.meta.url).pathname;
const BIN = join(REPO, 'dist/networking-calico-fn.mjs');
const args = new Set(process.argv.slice(2));
const quick = args.has('--quick');
const asJson = args.has('--json');
const RUNS = quick ? 3 : 15;
const WARMUP = quick ? 1 : 2;

if (!existsSync(BIN)) {
  console.error('dist/networking-calico-fn.mjs is missing: run npm run build first');
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

/** Wall time in ms and peak RSS in MiB (when GNU time is there) of one run. */
function measure(command, commandArgs, stdinFile) {
  const input = stdinFile ? readFileSync(stdinFile) : undefined;
  const [file, argv] = gnuTime ? ['/usr/bin/time', ['-f', '%M', command, ...commandArgs]] : [command, commandArgs];
  const start = process.hrtime.bigint();
  const result = spawnSync(file, argv, { input, maxBuffer: 1 << 30, encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0) throw new Error(`${command} ${commandArgs.join(' ')} failed (${result.status}): ${result.stderr.slice(-500)}`);
  const rssKiB = gnuTime ? Number(result.stderr.trim().split('\n').pop()) : NaN;
  return { ms, rssMiB: rssKiB / 1024 };
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

// Through kpt: `kpt fn eval --exec` on a copy of the example package, against a `cat` function.
const kptThere = spawnSync('kpt', ['version'], { encoding: 'utf8' }).status === 0;
if (kptThere) {
  const packageDir = join(work, 'package');
  const fresh = () => {
    rmSync(packageDir, { recursive: true, force: true });
    cpSync(join(REPO, 'example'), packageDir, { recursive: true, filter: (path) => !path.includes('/calico') });
  };
  const kptEval = (exec, extra) => () => {
    fresh();
    return measure('kpt', ['fn', 'eval', packageDir, '--exec', exec, ...extra]);
  };
  const result = compare(kptEval(BIN, ['--fn-config', join(REPO, 'example/render-calico.yaml')]), kptEval('cat', []));
  rows.push({ workload: 'kpt-fn-eval (floor: kpt + cat)', inputMiB: NaN, ...result, ratio: result.ms / result.floorMs });
}

// ---- report -------------------------------------------------------------------------------

const byName = Object.fromEntries(rows.map((row) => [row.workload, row]));
const cost = (row) => row.ms - row.floorMs;
const targets = quick ? [] : [
  ['default render <= 1.5x node floor', byName.default?.ratio <= 1.5, `${byName.default?.ratio.toFixed(2)}x`],
  ['through kpt <= 1.3x kpt cat floor', rows.at(-1)?.ratio <= 1.3, kptThere ? `${rows.at(-1).ratio.toFixed(2)}x` : 'kpt missing'],
  ['compact 10,000 <= 1.5x default', byName['compact-10000']?.ms <= 1.5 * byName.default?.ms, `${(byName['compact-10000']?.ms / byName.default?.ms).toFixed(2)}x`],
  ['compact 50,000 < 2 s', byName['compact-50000']?.ms < 2000, `${byName['compact-50000']?.ms.toFixed(0)} ms`],
  ['5,000 full Nodes < 3 s', byName['nodes-list-5000']?.ms < 3000, `${byName['nodes-list-5000']?.ms.toFixed(0)} ms`],
  ['5,000 full Nodes < 500 MiB', byName['nodes-list-5000']?.peakRssMiB < 500, `${byName['nodes-list-5000']?.peakRssMiB.toFixed(0)} MiB`],
  ['linear: (10k - floor) / (1k - floor) <= 11', cost(byName['compact-10000']) / cost(byName['compact-1000']) <= 11, (cost(byName['compact-10000']) / cost(byName['compact-1000'])).toFixed(1)],
];

const machine = { node: process.version, cpus: cpus().length, cpuModel: cpus()[0]?.model, memoryGiB: Math.round(totalmem() / 2 ** 30), runs: RUNS, warmup: WARMUP };
if (asJson) {
  console.log(JSON.stringify({ machine, rows, targets: targets.map(([name, met, value]) => ({ name, met, value })) }, null, 2));
} else {
  console.log(`node ${machine.node}, ${machine.cpus} x ${machine.cpuModel}, ${machine.memoryGiB} GiB; ${RUNS} runs after ${WARMUP} warm-up, medians`);
  console.log('| workload | input MiB | median ms | floor ms | ratio | peak RSS MiB |');
  console.log('|---|---:|---:|---:|---:|---:|');
  for (const row of rows) {
    console.log(`| ${row.workload} | ${Number.isNaN(row.inputMiB) ? '' : row.inputMiB.toFixed(2)} | ${row.ms.toFixed(1)} | ${row.floorMs.toFixed(1)} | ${row.ratio.toFixed(2)} | ${Number.isNaN(row.peakRssMiB) ? 'n/a' : row.peakRssMiB.toFixed(0)} |`);
  }
  for (const [name, met, value] of targets) console.log(`${met ? 'MET ' : 'MISS'} ${name}: ${value}`);
}
