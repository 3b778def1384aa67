// Messages a user can act on (issue 14): results point at the file kpt read the item from, the
// field path is said once (in field.path, never again at the start of the message), and a version
// is read the same with or without the "v" the extension's semver parser accepts.
import test from 'ava';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { processResourceList } from '../../src/krm/process.js';
import type { Result } from '../../src/krm/types.js';
import { goldenCases, resourceListFor, TESTDATA } from '../support/golden.js';

const NOW = { now: new Date('2026-11-23T12:00:00Z') };

interface ResourceList { items: Record<string, any>[]; functionConfig?: Record<string, any>; results?: Result[] }

function run(list: ResourceList): ResourceList {
  const outcome = processResourceList(stringify(list), NOW);
  return parse(outcome.stdout ?? '') as ResourceList;
}

function caseInput(name: string): ResourceList {
  return parse(resourceListFor(join(TESTDATA, name))) as ResourceList;
}

function annotate(item: Record<string, any>, annotations: Record<string, string>): void {
  item.metadata = { ...item.metadata, annotations: { ...item.metadata?.annotations, ...annotations } };
}

test('a result about an item carries file {path, index} from kpt\'s internal path and index annotations', (t) => {
  const input = caseInput('error-invalid-network-config');
  annotate(input.items[0]!, { 'internal.config.kubernetes.io/path': 'shoots/network.yaml', 'internal.config.kubernetes.io/index': '2' });
  const results = run(input).results ?? [];
  t.true(results.length > 1);
  for (const result of results) t.deepEqual(result.file, { path: 'shoots/network.yaml', index: 2 }, result.message);
});

test('the legacy config.kubernetes.io/path annotation works too; without any, results carry no file', (t) => {
  const input = caseInput('error-config-typos');
  t.true((run(input).results ?? []).every((result) => result.file === undefined));
  input.items.push({ ...input.functionConfig!, metadata: { ...input.functionConfig!.metadata } });
  annotate(input.items.at(-1)!, { 'config.kubernetes.io/path': 'render-calico.yaml' });
  const results = run(input).results ?? [];
  t.true(results.length > 0);
  for (const result of results) t.deepEqual(result.file, { path: 'render-calico.yaml' });
});

test('the info result says "into <outputDir>/" only where the orchestrator writes files (kpt marks items with their path)', (t) => {
  const input = caseInput('default');
  const message = () => run(input).results?.find((result) => result.severity === 'info')?.message ?? '';
  t.regex(message(), /^rendered \d+ Calico objects for Kubernetes 1\.34\.2$/);
  annotate(input.items[0]!, { 'internal.config.kubernetes.io/path': 'network.yaml' });
  t.regex(message(), /^rendered \d+ Calico objects into calico\/ for Kubernetes 1\.34\.2$/);
});

// Regression: messages repeated field.path, so kpt printed `spec.crd: spec.crd: unknown field`.
test('no result message starts with its own field path (golden cases)', (t) => {
  let checked = 0;
  for (const golden of goldenCases()) {
    const results = parse(readFileSync(join(golden.dir, 'results.yaml'), 'utf8')) as Result[];
    for (const result of results.filter((candidate) => candidate.field?.path)) {
      checked += 1;
      t.false(result.message.startsWith(result.field!.path), `${golden.name}: ${result.message}`);
    }
  }
  t.true(checked > 20, `checked ${checked} results with a field path`);
});

test('"v1.34.2" and "1.34.2" render the same objects: the extension parses the version with semver, which takes the "v"', (t) => {
  const plain = caseInput('default');
  const prefixed = caseInput('default');
  prefixed.functionConfig!.spec.shoot.spec.kubernetes.version = 'v1.34.2';
  const [a, b] = [run(plain), run(prefixed)];
  t.deepEqual(b.items, a.items);
  t.deepEqual(b.results, a.results);
});

// Found in the eleventh session (a newcomer's first render): without a function config the error
// was a bare "spec.shoot.spec.kubernetes.version: required field is missing", naming no object
// and no file; two CalicoRenderConfig items made neither count, with the same message.
test('no function config, or two of them, is said as such, naming what was looked for', (t) => {
  const input = caseInput('default');
  delete input.functionConfig;
  const none = run(input).results ?? [];
  t.is(none.length, 1);
  t.regex(none[0]?.message ?? '', /^no function config: no CalicoRenderConfig among the input items and none given .*Shoot's Kubernetes version/);

  const config = caseInput('default').functionConfig!;
  input.items.push({ ...config, metadata: { name: 'first' } }, { ...config, metadata: { name: 'second' } });
  const two = run(input).results ?? [];
  t.is(two.length, 1);
  t.regex(two[0]?.message ?? '', /^found 2 CalicoRenderConfig items \(first, second\): keep exactly one/);
});

// Found in the eleventh session: a Network of another apiVersion was reported as "no Network".
test('a Network of another apiVersion is named as the reason no Network was found', (t) => {
  const input = caseInput('default');
  input.items[0]!.apiVersion = 'extensions.gardener.cloud/v1beta1';
  const results = run(input).results ?? [];
  t.is(results.length, 1);
  t.regex(results[0]?.message ?? '', /^no Network \(extensions\.gardener\.cloud\/v1alpha1, kind Network\) among the input items: .*; Network calico-network has apiVersion "extensions\.gardener\.cloud\/v1beta1"/);
  t.is(results[0]?.resourceRef?.apiVersion, 'extensions.gardener.cloud/v1beta1');
});

// Found in the eleventh session: ipv4.mode CrossSubnet beside an overlay block rendered exactly as
// Always, with no word; the overlay block decides it, as in the extension, and now says so.
test('a NetworkConfig setting the pre-processing replaces is named in an info result; one it keeps is not', (t) => {
  const input = caseInput('default');
  const network = input.items.find((item) => item.kind === 'Network')!;
  const infos = () => (run(input).results ?? []).filter((result) => / is not used, /.test(result.message));
  t.deepEqual(infos(), [], 'the bundled example: nothing replaced');
  network.spec.providerConfig.ipv4 = { ...network.spec.providerConfig.ipv4, mode: 'CrossSubnet', autoDetectionMethod: 'interface=eth0' };
  const found = infos().map((result) => [result.severity, result.field?.path, result.message]);
  t.deepEqual(found, [
    ['info', 'spec.providerConfig.ipv4.mode', '"CrossSubnet" is not used, "Always" is: the overlay block decides it (overlay.enabled), as in the extension'],
    ['info', 'spec.providerConfig.ipv4.autoDetectionMethod', `"interface=eth0" is not used, "cidr=10.250.0.0/16" is: the Shoot's node CIDRs decide it (spec.networking.nodes, status.networking.nodes), as in the extension`],
  ]);
});

// Found in the eleventh session: the CalicoRenderConfig's root took any key, so `sepc:` was
// dropped without a word and the render failed for a missing Kubernetes version instead.
test('an unknown field at the root of the CalicoRenderConfig is an error naming the nearest field', (t) => {
  const input = caseInput('default');
  const config = input.functionConfig!;
  config.sepc = config.spec;
  delete config.spec;
  const results = run(input).results ?? [];
  t.true(results.some((result) => result.field?.path === 'sepc' && /^unknown field "sepc" \(did you mean "spec"\?\)/.test(result.message)), JSON.stringify(results));
});

// Found by a hostile review (eleventh session): on an IPv6-only Network without node CIDRs the
// deprecated ipAutodetectionMethod was said to be decided by node CIDRs that do not exist.
test('a deprecated IPv4 field on an IPv6-only Network is said to be unused for want of IPv4', (t) => {
  const input = caseInput('ipv6');
  const network = input.items.find((item) => item.kind === 'Network')!;
  network.spec.providerConfig = { ...network.spec.providerConfig, ipAutodetectionMethod: 'interface=eth0' };
  delete input.functionConfig!.spec.shoot.spec.networking;
  delete input.functionConfig!.spec.shoot.status.networking.nodes;
  const results = (run(input).results ?? []).filter((result) => result.field?.path === 'spec.providerConfig.ipAutodetectionMethod');
  t.deepEqual(results.map((result) => result.message), ['"interface=eth0" is not used, none is: the Network does not use IPv4']);
});

// Noticed by a hostile review (eleventh session): vxlan.enabled replaces ipam.type host-local by
// calico-ipam (utils.go) without a word, which a change plan then refuses as an IPAM change.
test('ipam.type host-local beside vxlan.enabled is named as replaced by calico-ipam', (t) => {
  const input = caseInput('default');
  const network = input.items.find((item) => item.kind === 'Network')!;
  network.spec.providerConfig = { ...network.spec.providerConfig, vxlan: { enabled: true }, ipam: { type: 'host-local' } };
  const results = (run(input).results ?? []).filter((result) => result.field?.path === 'spec.providerConfig.ipam.type');
  t.deepEqual(results.map((result) => [result.severity, result.message]), [['info', '"host-local" is not used, "calico-ipam" is: vxlan.enabled takes calico-ipam for the IPv4 pool (utils.go), as in the extension']]);
});
