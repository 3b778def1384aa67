// `node scripts/bench-phases.mjs [--runs N] [DIST]`: where the time of one default render goes,
// step by step, in wall time (medians of N processes): Node's start until our code runs, reading
// dist/core.cjs and its code cache, compiling the core with the cache, evaluating its modules
// (the schemas, ...), the render proper (processResourceList), and writing the answer with
// write(2). Each process is a small driver doing what the bin does (src/fast-start/load-core.ts),
// stamping process.uptime() between the steps; it gives the core yaml and zod packages that throw
// at their first use, since a default render never loads dist/yaml.cjs or dist/zod.cjs. DIST
// defaults to the built dist/.
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { benchWorkloads } from './bench-inputs.mjs';

const REPO = new URL('..', import.meta.url).pathname;
const { values, positionals } = parseArgs({ options: { runs: { type: 'string', default: '21' } }, allowPositionals: true });
const dist = resolve(positionals[0] ?? join(REPO, 'dist'));
const [, defaultText] = benchWorkloads({ compact: [], list: [] }).find(([name]) => name === 'default');

const DRIVER = `
const stamps = [['start', process.uptime()]];
const stamp = (name) => stamps.push([name, process.uptime()]);
const { readFileSync, writeSync } = require('node:fs');
const { Script } = require('node:vm');
const { createRequire } = require('node:module');
const dist = process.argv[1];
const coreFile = dist + '/core.cjs';
const source = readFileSync(coreFile, 'latin1');
const cachedData = readFileSync(dist + '/core.cache');
stamp('read core and cache');
const script = new Script(source, { filename: coreFile, cachedData });
if (script.cachedDataRejected) throw new Error('V8 rejected the code cache');
stamp('compile with the cache');
const module = { exports: {} };
const nodeRequire = createRequire(coreFile);
const unused = (name) => new Proxy({}, { get: () => { throw new Error('the default render used the ' + name + ' package'); } });
const packages = { yaml: unused('yaml'), 'zod/mini': unused('zod') };
script.runInThisContext()(module.exports, (id) => packages[id] ?? nodeRequire(id), module, coreFile, dist);
stamp('evaluate the modules');
const outcome = module.exports.processResourceList(readFileSync(0, 'utf8'));
stamp('render');
writeSync(1, outcome.stdout);
stamp('write the answer');
process.on('exit', () => writeSync(2, JSON.stringify(stamps)));
`;

const runs = Array.from({ length: Number(values.runs) }, () => {
  const run = spawnSync(process.execPath, ['-e', DRIVER, dist], { input: defaultText, encoding: 'utf8', maxBuffer: 1 << 26 });
  if (run.status !== 0) throw new Error(run.stderr);
  return JSON.parse(run.stderr);
});
const median = (numbers) => [...numbers].sort((a, b) => a - b)[Math.floor(numbers.length / 2)];
console.log(`${runs.length} runs, medians, wall ms; NODE_EXTRA_CA_CERTS ${process.env.NODE_EXTRA_CA_CERTS ? 'set' : 'not set'}`);
console.log(`Node's start until the driver runs: ${median(runs.map((stamps) => stamps[0][1] * 1000)).toFixed(1)}`);
for (let step = 1; step < runs[0].length; step += 1) {
  console.log(`${runs[0][step][0]}: ${median(runs.map((stamps) => (stamps[step][1] - stamps[step - 1][1]) * 1000)).toFixed(2)}`);
}
