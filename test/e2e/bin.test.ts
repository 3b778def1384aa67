// The built bin as a pipeline runs it: stdin in, stdout and the exit code out.
import test from 'ava';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { BIN, REPO } from '../support/kpt.js';
import { resourceListFor } from '../support/golden.js';

function runBin(stdin: string, args: string[] = []) {
  return spawnSync(process.execPath, [BIN, ...args], { input: stdin, encoding: 'utf8' });
}

test('renders a ResourceList from stdin, exit 0', (t) => {
  const result = runBin(resourceListFor(join(REPO, 'testdata/default')));
  t.is(result.status, 0, result.stderr);
  const output = parse(result.stdout) as { kind: string; items: { kind: string }[] };
  t.is(output.kind, 'ResourceList');
  t.true(output.items.some((item) => item.kind === 'DaemonSet'));
  t.is(result.stderr, '');
});

test('an invalid NetworkConfig: exit 1, error results on stdout, items unchanged, no stack trace', (t) => {
  const input = resourceListFor(join(REPO, 'testdata/error-invalid-network-config'));
  const result = runBin(input);
  t.is(result.status, 1);
  const output = parse(result.stdout) as { items: unknown[]; results: { severity: string }[] };
  t.deepEqual(output.items, (parse(input) as { items: unknown[] }).items);
  t.true(output.results.every((entry) => entry.severity === 'error'));
  t.notRegex(result.stdout + result.stderr, /\n\s+at /, 'no stack trace');
});

for (const [title, stdin] of [['empty', ''], ['not YAML', 'items: ['], ['not a ResourceList', 'apiVersion: v1\nkind: ConfigMap\n']] as const) {
  test(`malformed stdin (${title}): a clear message on stderr, non-zero exit, nothing on stdout`, (t) => {
    const result = runBin(stdin);
    t.not(result.status, 0);
    t.is(result.stdout, '');
    t.regex(result.stderr, /^networking-calico-fn: .*(ResourceList|YAML)/);
    t.notRegex(result.stderr, /\n\s+at /, 'no stack trace');
  });
}

test('unknown command: usage, exit 2', (t) => {
  const result = runBin('', ['frobnicate']);
  t.is(result.status, 2);
  t.regex(result.stderr, /unknown command "frobnicate"/);
});

test('the bin is what package.json names', (t) => {
  const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { bin: Record<string, string> };
  t.is(join(REPO, pkg.bin['networking-calico-fn'] ?? ''), BIN);
});
