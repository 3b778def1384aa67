// `node scripts/bench-instructions.mjs [--runs N] [BIN ...]`: instructions executed by one default
// render (the bundled example as a ResourceList on stdin), counted by valgrind's callgrind, for
// each bin given (default: the built one) and for Node's floor (start, read stdin, exit). Unlike
// wall time, the count hardly moves with the load of a shared machine (about 1% between runs),
// so it shows what one change does. Slow: about 30 s a run.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { benchWorkloads } from './bench-inputs.mjs';

const REPO = new URL('..', import.meta.url).pathname;
const { values, positionals } = parseArgs({ options: { runs: { type: 'string', default: '3' } }, allowPositionals: true });
const bins = positionals.length > 0 ? positionals : [join(REPO, 'dist/networking-calico-fn.cjs')];
if (spawnSync('valgrind', ['--version']).status !== 0) {
  console.error('valgrind is missing (apt-get install valgrind)');
  process.exit(1);
}
const work = mkdtempSync(join(tmpdir(), 'ncfn-instructions-'));
process.on('exit', () => rmSync(work, { recursive: true, force: true }));
const input = join(work, 'default.yaml');
const [, defaultText] = benchWorkloads({ compact: [], list: [] }).find(([name]) => name === 'default');
writeFileSync(input, defaultText);

function instructions(nodeArgs) {
  const result = spawnSync('sh', ['-c', `valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" < '${input}' > /dev/null`, 'sh', process.execPath, ...nodeArgs], { encoding: 'utf8' });
  const refs = /refs:\s+([\d,]+)/.exec(result.stderr)?.[1];
  if (!refs) throw new Error(`callgrind gave no count: ${result.stderr.slice(-300)}`);
  return Number(refs.replaceAll(',', ''));
}

const median = (numbers) => [...numbers].sort((a, b) => a - b)[Math.floor(numbers.length / 2)];
const subjects = [['node floor', ['-e', 'process.stdin.resume()']], ...bins.map((bin) => [bin, [bin]])];
for (const [name, nodeArgs] of subjects) {
  const counts = Array.from({ length: Number(values.runs) }, () => instructions(nodeArgs));
  console.log(`${(median(counts) / 1e6).toFixed(0)}M instructions (median of ${counts.length}: ${counts.map((count) => (count / 1e6).toFixed(0)).join(', ')})  ${name}`);
}
