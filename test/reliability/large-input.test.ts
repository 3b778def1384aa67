// Big input, run through the built bin in a child process whose heap is capped
// (--max-old-space-size) and whose run time is limited, so a failure cannot take the test run
// down with it: 100 MB is refused with a clear message before it is parsed; input just under the
// limit in the block style kpt writes, a few MB that only the yaml package reads (flow style), and
// one huge string render within the caps.
import test from 'ava';
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MAX_DOCUMENT_INPUT_BYTES, MAX_INPUT_BYTES } from '../../src/krm/resource-list.js';
import { BIN } from '../support/kpt.js';
import { BLOCK_FUNCTION_CONFIG, BLOCK_NETWORK_ITEM } from '../support/render-output.js';

const HEAD = 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\n';
const RENDERABLE = `${HEAD}functionConfig:
  apiVersion: fn.networking-calico.gardener.cloud/v1alpha1
  kind: CalicoRenderConfig
  metadata: {name: render-calico}
  spec: {crds: Skip, shoot: {spec: {kubernetes: {version: "1.34.2"}}}}
items:
- {apiVersion: extensions.gardener.cloud/v1alpha1, kind: Network, metadata: {name: calico-network}, spec: {type: calico, podCIDR: 100.96.0.0/11, serviceCIDR: 100.64.0.0/13}}
`;

/** The same, with no flow collection: the fast reader's subset. */
const RENDERABLE_BLOCK_STYLE = `${HEAD}${BLOCK_FUNCTION_CONFIG}items:\n${BLOCK_NETWORK_ITEM}`;

function runCapped(input: string, heapMiB: number) {
  // From a file, as a pipeline would hand it over: the child may stop reading early, which a
  // string written by spawnSync turns into a long stall on the writing side.
  const directory = mkdtempSync(join(tmpdir(), 'ncfn-large-'));
  const file = join(directory, 'input.yaml');
  writeFileSync(file, input);
  const stdin = openSync(file, 'r');
  try {
    const started = Date.now();
    const child = spawnSync(process.execPath, [`--max-old-space-size=${heapMiB}`, BIN], {
      stdio: [stdin, 'pipe', 'pipe'],
      encoding: 'utf8',
      timeout: 60_000,
      maxBuffer: 256 * 1024 * 1024,
    });
    return { ...child, seconds: (Date.now() - started) / 1000 };
  } finally {
    closeSync(stdin);
    rmSync(directory, { recursive: true, force: true });
  }
}

/** One Node as `kubectl get nodes -o yaml` lists it, about 4 KB. */
function kubectlNode(index: number): string {
  const images = Array.from({ length: 20 }, (_, image) =>
    `      - names: [europe-docker.pkg.dev/gardener-project/releases/image-${image}@sha256:${'ab'.repeat(32)}]\n        sizeBytes: ${100_000 + image}\n`).join('');
  return `  - apiVersion: v1
    kind: Node
    metadata:
      name: ip-10-250-${index >> 8}-${index & 255}
      labels: {kubernetes.io/arch: amd64, node.kubernetes.io/instance-type: m5.large, topology.kubernetes.io/zone: eu-west-1a}
      creationTimestamp: "2026-11-20T10:00:00Z"
    spec: {podCIDR: 100.96.${index & 255}.0/24, providerID: aws:///eu-west-1a/i-${index}}
    status:
      addresses: [{address: 10.250.0.${index & 255}, type: InternalIP}]
      allocatable: {cpu: 1920m, memory: 6962972Ki, pods: "110"}
      conditions:
      - {type: Ready, status: "True", reason: KubeletReady, lastHeartbeatTime: "2026-11-23T11:59:00Z"}
      - {type: NetworkUnavailable, status: "False", reason: RouteCreated, lastTransitionTime: "2026-11-20T10:01:00Z"}
      images:
${images}      nodeInfo: {architecture: amd64, kubeletVersion: v1.34.2, osImage: Garden Linux}
`;
}

test('100 MB of input: reading stops at the limit, refused before parsing with a clear message, in seconds, within a 256 MiB heap', (t) => {
  const item = '- {apiVersion: v1, kind: ConfigMap, metadata: {name: cm, namespace: default}, data: {a: "1.20", b: yes}}\n';
  const input = `${HEAD}items:\n${item.repeat(Math.ceil((100 * 1024 * 1024) / item.length))}`;
  t.true(MAX_INPUT_BYTES < input.length);
  const run = runCapped(input, 256);
  t.is(run.status, 1, run.stderr);
  t.is(run.stdout, '');
  t.regex(run.stderr, new RegExp(`^networking-calico-fn: input is at least 6[\\d.]+ MiB, more than the ${MAX_INPUT_BYTES / (1024 * 1024)} MiB this function reads`), run.stderr);
  t.true(run.seconds < 20, `${run.seconds} s`);
});

test('block-style input just under the size limit renders within a 1 GiB heap and a minute', (t) => {
  // About 190 bytes an item: fewer than the 500,000 items a ResourceList may hold.
  const item = '- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: cm\n    namespace: default\n    labels:\n      app.kubernetes.io/name: example\n  data:\n    a: "1.20"\n    b: yes\n    c: some longer value\n';
  const input = RENDERABLE_BLOCK_STYLE + item.repeat(Math.floor((MAX_INPUT_BYTES - 1024 * 1024) / item.length));
  const run = runCapped(input, 1024);
  t.is(run.status, 0, run.stderr);
  t.regex(run.stdout, /rendered \d+ Calico objects/);
  t.true(run.seconds < 60, `${run.seconds} s`);
});

test('defect 11: flow-style input just under its limit, under a 1 GiB heap, is refused with a message instead of a fatal out-of-memory', (t) => {
  const item = '- {apiVersion: v1, kind: ConfigMap, metadata: {name: cm}, data: {a: "1.20", b: yes}}\n';
  const input = `${HEAD}items:\n${item.repeat(Math.floor((MAX_DOCUMENT_INPUT_BYTES - 64 * 1024) / item.length))}`;
  const run = runCapped(input, 1024);
  t.is(run.status, 1, run.stderr);
  t.notRegex(run.stderr, /FATAL|out of memory/);
  t.regex(run.stderr, /needs about [\d.]+ MiB of memory, more than the [\d.]+ MiB heap of this process/);
});

test('defect 11: dense block-style input under a 512 MiB heap is refused while it is read, never a fatal out-of-memory', (t) => {
  const keys = Array.from({ length: 4_000_000 }, (_, index) => `    k${index}: v\n`).join('');
  const run = runCapped(`${HEAD}items:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: dense\n  data:\n${keys}`, 512);
  t.is(run.status, 1, run.stderr);
  t.notRegex(run.stderr, /FATAL|out of memory/);
  t.regex(run.stderr, /needs more memory than this process may use/);
});

test('defect 11: more than 500,000 items are refused before the spans of each are built', (t) => {
  const run = runCapped(`${HEAD}items:\n${'- a: b\n'.repeat(600_000)}`, 512);
  t.is(run.status, 1, run.stderr);
  t.regex(run.stderr, /more than 500,000 items/);
});

/** The benchmark's large-cluster inputs (scripts/bench-inputs.mjs): block style, as kpt sends them. */
async function benchInput(name: string): Promise<string> {
  const { benchWorkloads } = (await import(new URL('../../scripts/bench-inputs.mjs', import.meta.url).href)) as { benchWorkloads: (sizes: { compact: number[]; list: number[] }) => [string, string][] };
  const found = benchWorkloads({ compact: [50_000], list: [5_000] }).find(([workload]) => workload === name);
  if (!found) throw new Error(`no bench workload ${name}`);
  return found[1];
}

for (const name of ['compact-50000', 'nodes-list-5000']) {
  test(`small heap: the bench's ${name} under a 16, 32 or 48 MiB heap is refused with a message before it is read, never a V8 fatal out-of-memory`, async (t) => {
    const input = await benchInput(name);
    for (const heapMiB of [16, 32, 48]) {
      const run = runCapped(input, heapMiB);
      t.is(run.status, 1, `${heapMiB} MiB: ${run.stderr.slice(0, 300)}`);
      t.is(run.stdout, '');
      t.notRegex(run.stderr, /FATAL|out of memory/);
      t.regex(run.stderr, new RegExp(`needs about [\\d.]+ MiB of memory to read and answer, more than this process may use \\(a heap of ${heapMiB} MiB\\)`));
    }
  });
}

test('small heap: the bench\'s compact-50000 renders under a 96 MiB heap, which its estimate allows', async (t) => {
  const run = runCapped(await benchInput('compact-50000'), 96);
  t.is(run.status, 0, run.stderr.slice(0, 300));
  t.regex(run.stdout, /kind: ResourceList/);
});

test('a 4 MB kubectl Node list in flow style (only the yaml package reads it) renders within a 512 MiB heap and a minute', (t) => {
  const nodes = Array.from({ length: 1000 }, (_, index) => kubectlNode(index)).join('');
  const input = `${RENDERABLE}- apiVersion: v1\n  kind: List\n  items:\n${nodes}`;
  t.true(input.length > 4_000_000);
  const run = runCapped(input, 512);
  t.is(run.status, 0, run.stderr);
  t.is(run.stderr, '');
  t.regex(run.stdout, /rendered \d+ Calico objects/);
});

test('a single 6 MB string passes through unchanged within a 512 MiB heap', (t) => {
  const blob = 'x'.repeat(6 * 1024 * 1024);
  const run = runCapped(`${RENDERABLE}- {apiVersion: v1, kind: ConfigMap, metadata: {name: big}, data: {blob: "${blob}"}}\n`, 512);
  t.is(run.status, 0, run.stderr);
  t.true(run.stdout.includes(`blob: "${blob}"`));
});

test('an input stream that never ends: reading stops past the limit and the function exits with the size message', async (t) => {
  const child = spawn(process.execPath, [BIN], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
  child.stdin.on('error', () => {}); // the function closes its stdin when it stops reading
  const chunk = Buffer.alloc(1024 * 1024, 'a');
  const feed = setInterval(() => { if (!child.stdin.destroyed) child.stdin.write(chunk); }, 1);
  const timeout = setTimeout(() => child.kill(), 60_000);
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  clearInterval(feed);
  clearTimeout(timeout);
  t.is(code, 1, stderr);
  t.regex(stderr, /more than the \d+ MiB this function reads/);
});
