// How the bin ends when its own output cannot be written, or when Node cannot run the render to
// its end: a clear message (not "internal error, please report it": it is not one), a non-zero
// exit code, and never exit 0 without the output.
import test from 'ava';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resourceListFor } from '../support/golden.js';
import { BIN, REPO } from '../support/kpt.js';

const input = resourceListFor(join(REPO, 'testdata/default'));

/** The bin with its stdout redirected by the shell: `redirect` is e.g. `>/dev/full`. */
function runRedirected(redirect: string, args: string[] = []) {
  return spawnSync('bash', ['-c', `"$0" "$1" "\${@:2}" ${redirect}`, process.execPath, BIN, ...args], { input, encoding: 'utf8' });
}

for (const [what, redirect] of [['a full disk (ENOSPC)', '>/dev/full'], ['a read-only descriptor (EBADF)', '1</dev/null']] as const) {
  test(`KRM function: stdout on ${what} is a failure to write the output, not an internal error`, (t) => {
    const run = runRedirected(redirect);
    t.is(run.status, 1, run.stderr);
    t.notRegex(run.stderr, /internal error|please report/);
    t.regex(run.stderr, /stdout|standard output|output/);
  });
}

test('render: stdout on a full disk (ENOSPC) is a failure to write the output, not an internal error', (t) => {
  const run = runRedirected('>/dev/full', ['render', join(REPO, 'example')]);
  t.is(run.status, 1, run.stderr);
  t.notRegex(run.stderr, /internal error|please report/);
});

// With a very small stack Node ends the render in its promise machinery ("Exception in
// PromiseRejectCallback"): the main promise never settles, process.exitCode is never set, and
// the bin exits 0 having printed or written nothing. A GitOps pipeline then applies nothing (or
// prunes everything). Whatever ends the process before main() returns must not be exit 0.
for (const stackSize of [50, 55]) {
  test(`render with --stack-size=${stackSize}: no output never comes with exit code 0`, (t) => {
    const run = spawnSync(process.execPath, [`--stack-size=${stackSize}`, BIN, 'render', join(REPO, 'example')], { encoding: 'utf8' });
    if (run.stdout.length === 0) t.not(run.status, 0, `exit 0 with no output; stderr: ${run.stderr}`);
    else t.pass();
  });
}

test('render -o with --stack-size=50: an empty (never created) output directory never comes with exit code 0', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'ncfn-output-failures-'));
  try {
    const out = join(dir, 'out');
    const run = spawnSync(process.execPath, ['--stack-size=50', BIN, 'render', join(REPO, 'example'), '-o', out], { encoding: 'utf8' });
    const written = existsSync(out) ? readdirSync(out).length : 0;
    if (written === 0) t.not(run.status, 0, `exit 0 with nothing written; stderr: ${run.stderr}`);
    else t.pass();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

// Node's mkdir({ recursive: true }) loops forever when mkdir(2) says ENOENT under a parent that
// exists (/proc, /sys): render -o /proc/x spins at full CPU and never ends.
test('render -o under /proc ends with an error instead of spinning forever', (t) => {
  if (!existsSync('/proc/self')) return t.pass();
  const dir = mkdtempSync(join(tmpdir(), 'ncfn-output-failures-'));
  try {
    cpSync(join(REPO, 'example'), join(dir, 'example'), { recursive: true });
    const run = spawnSync(process.execPath, [BIN, 'render', join(dir, 'example'), '-o', '/proc/ncfn-output-failures'], { encoding: 'utf8', timeout: 15_000 });
    t.is(run.signal, null, 'killed after 15 s: it did not end');
    t.is(run.status, 1, run.stderr);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
