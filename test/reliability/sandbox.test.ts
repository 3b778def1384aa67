// The built bin touches nothing but its input. Every golden case runs through it under Node's
// permission model with read access to the bundle alone (dist/: the bin, its core and code cache; no other file, no child process, no
// worker; an attempt would end the run with ERR_ACCESS_DENIED) and with test/support/
// deny-network.mjs preloaded, which replaces every connection and name-resolution API with a
// stub that records the call. `render DIR` may read its package directory and nothing else.
import test from 'ava';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { goldenCases, readText } from '../support/golden.js';
import { BIN, REPO } from '../support/kpt.js';

const DENY_NETWORK = new URL('../support/deny-network.mjs', import.meta.url).pathname;
const CALLS_LINE = /^DENIED-NETWORK-CALLS (.*)$/m;
/** Node 20 knows the permission model as experimental, Node 22 by both names, Node 24 only as --permission. */
const PERMISSION = process.allowedNodeEnvironmentFlags.has('--permission') ? '--permission' : '--experimental-permission';
/** The built bundle: the bin and what it loads. */
const BUNDLE = join(REPO, 'dist');

/** The bin (or `-e` code) with fs reads limited to `readable` and the network stubs preloaded. */
function runSandboxed(args: string[], readable: string[], input = '') {
  const run = spawnSync(process.execPath, [
    PERMISSION,
    ...[DENY_NETWORK, ...readable].map((path) => `--allow-fs-read=${path}`),
    '--no-warnings',
    `--import=${DENY_NETWORK}`,
    ...args,
  ], { input, encoding: 'utf8', timeout: 30_000, maxBuffer: 64 * 1024 * 1024 });
  const calls = JSON.parse(CALLS_LINE.exec(run.stderr)?.[1] ?? 'null') as string[] | null;
  return { status: run.status, stdout: run.stdout, stderr: run.stderr.replace(CALLS_LINE, '').trim(), calls };
}

for (const golden of goldenCases()) {
  test(`golden ${golden.name}: rendered with no file read but the bundle and no network call`, (t) => {
    const run = runSandboxed([BIN], [BUNDLE], golden.input);
    const failed = /severity: error/.test(readText(golden.dir, 'results.yaml') ?? '');
    t.is(run.status, failed ? 1 : 0, run.stderr);
    t.is(run.stderr, '', 'no denied access, no other message');
    t.deepEqual(run.calls, []);
    t.is((parse(run.stdout) as { kind: string }).kind, 'ResourceList');
  });
}

test('render DIR reads its package directory only, and calls no network', (t) => {
  const golden = goldenCases().find((candidate) => candidate.name === 'dual-stack');
  if (!golden) throw new Error('golden case dual-stack is missing');
  const dir = mkdtempSync(join(tmpdir(), 'ncfn-sandbox-'));
  try {
    for (const file of ['resources.yaml', 'fn-config.yaml']) cpSync(join(golden.dir, file), join(dir, file));
    const run = runSandboxed([BIN, 'render', dir], [BUNDLE, dir]);
    t.is(run.status, 0, run.stderr);
    t.notRegex(run.stderr, /ERR_ACCESS_DENIED|denied/);
    t.deepEqual(run.calls, []);
    t.regex(run.stdout, /kind: DaemonSet/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the sandbox is real: reading another file, spawning a process and connecting all fail there', (t) => {
  const attempt = (code: string) => runSandboxed(['--input-type=module', '-e', code], []);
  t.regex(attempt("import { readFileSync } from 'node:fs'; readFileSync('/etc/hostname');").stderr, /ERR_ACCESS_DENIED/);
  t.regex(attempt("import { execSync } from 'node:child_process'; execSync('true');").stderr, /ERR_ACCESS_DENIED/);
  const network = attempt(`
    import net from 'node:net'; import { lookup } from 'node:dns'; import https from 'node:https';
    for (const call of [() => net.connect(443, 'example.com'), () => lookup('example.com', () => {}), () => https.get('https://example.com'), () => fetch('https://example.com')]) {
      try { call(); } catch {}
    }`);
  t.deepEqual(network.calls, ['net.connect', 'dns.lookup', 'https.get', 'fetch']);
});
