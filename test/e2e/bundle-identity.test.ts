// The bundle (dist/, what every install runs) answers byte for byte what the sources answer, on
// every golden input: what the build does ahead of time (the CRD specs printed once,
// src/printed-yaml.ts) changes no output.
import test from 'ava';
import { spawn } from 'node:child_process';
import { processResourceList } from '../../src/krm/process.js';
import { goldenCases } from '../support/golden.js';
import { BIN } from '../support/kpt.js';

/** The answer, less what depends on the clock (a snapshot's age in a result message). */
const timeless = (text: string) => text.replace(/captured .*? ago/g, 'captured <age> ago');

for (const golden of goldenCases()) {
  test(`bundle = sources: ${golden.name}`, async (t) => {
    const bundle = await runBin(golden.input);
    const sources = processResourceList(golden.input, { now: new Date() });
    t.is(bundle.status, sources.exitCode);
    t.is(timeless(bundle.stdout), timeless(sources.stdout ?? ''));
  });
}

function runBin(input: string): Promise<{ status: number | null; stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN], { stdio: ['pipe', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => { stdout += chunk; });
    child.on('error', reject).on('close', (status) => resolve({ status, stdout }));
    child.stdin.end(input);
  });
}
