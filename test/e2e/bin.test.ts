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

test('--version prints the package version, exit 0', (t) => {
  const { version } = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { version: string };
  for (const flag of ['--version', 'version']) {
    const result = runBin('', [flag]);
    t.is(result.status, 0, result.stderr);
    t.is(result.stdout, `networking-calico-fn ${version}\n`);
  }
});

test('help prints the overview; help COMMAND is COMMAND --help', (t) => {
  const overview = runBin('', ['help']);
  t.is(overview.status, 0);
  t.regex(overview.stdout, /^usage:\n/);
  t.regex(overview.stdout, /help \[COMMAND\]/);
  t.is(runBin('', ['--help']).stdout, overview.stdout);
  for (const command of ['render', 'snapshot']) {
    const viaHelp = runBin('', ['help', command]);
    t.is(viaHelp.status, 0, viaHelp.stderr);
    t.regex(viaHelp.stdout, new RegExp(`^usage: networking-calico-fn ${command} `));
    t.is(viaHelp.stdout, runBin('', [command, '--help']).stdout);
  }
});

for (const [args, message] of [
  [['rendr'], /unknown command "rendr" \(did you mean "render"\?\)/],
  [['help', 'snapshto'], /no help for "snapshto" \(did you mean "snapshot"\?\)/],
  [['render', '.', '--snapshots', 'x'], /render: unknown option --snapshots \(did you mean "--snapshot"\?\)\nusage: networking-calico-fn render DIR/],
  [['render', '.', '--snapshot'], /render: Option '--snapshot <value>' argument missing\nusage: networking-calico-fn render DIR/],
] as const) {
  test(`usage error ${JSON.stringify(args)}: names the word, suggests, shows that command's usage, exit 2`, (t) => {
    const result = runBin('', [...args]);
    t.is(result.status, 2);
    t.is(result.stdout, '');
    t.regex(result.stderr, message);
  });
}
