// Peak memory and time of one render per input shape and size, for docs/guarantees.md: each run
// is a fresh `node dist/networking-calico-fn.cjs` with the input on stdin from a file, as a
// pipeline runs it, measured by /usr/bin/time -v (maximum resident set size, wall clock).
// Usage: node scripts/measure-memory.mjs [MiB ...]   (default: 4 8 16 32 63)
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';

const REPO = new URL('..', import.meta.url).pathname;
const BIN = join(REPO, 'dist/networking-calico-fn.cjs');
// The Network and function config every input starts with; the items follow at column 0.
const HEAD = stringify({
  apiVersion: 'config.kubernetes.io/v1',
  kind: 'ResourceList',
  functionConfig: { apiVersion: 'fn.networking-calico.gardener.cloud/v1alpha1', kind: 'CalicoRenderConfig', metadata: { name: 'render-calico' }, spec: { crds: 'Skip', shoot: { spec: { kubernetes: { version: '1.34.2' } } } } },
  items: [{ apiVersion: 'extensions.gardener.cloud/v1alpha1', kind: 'Network', metadata: { name: 'calico-network' }, spec: { type: 'calico', podCIDR: '100.96.0.0/11', serviceCIDR: '100.64.0.0/13' } }],
}, { indentSeq: false });

const blockNode = (index) => `- apiVersion: v1
  kind: Node
  metadata:
    name: ip-10-250-${index >> 8}-${index & 255}
    labels:
      kubernetes.io/arch: amd64
      topology.kubernetes.io/zone: eu-west-1a
  spec:
    podCIDR: 100.96.${index & 255}.0/24
  status:
    conditions:
    - type: Ready
      status: "True"
      reason: KubeletReady
    - type: NetworkUnavailable
      status: "False"
      reason: RouteCreated
    images:
${Array.from({ length: 20 }, (_, image) => `    - names:\n      - europe-docker.pkg.dev/gardener-project/releases/image-${image}@sha256:${'ab'.repeat(32)}\n      sizeBytes: ${100_000 + image}\n`).join('')}`;

const SHAPES = {
  'block, tiny ConfigMaps': () => '- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: cm\n  data:\n    a: "1.20"\n    b: yes\n',
  'block, kubectl Nodes (~3 KB)': blockNode,
  'flow, tiny ConfigMaps': () => '- {apiVersion: v1, kind: ConfigMap, metadata: {name: cm}, data: {a: "1.20", b: yes}}\n',
  'flow, kubectl Nodes (~3 KB)': (index) => `- ${JSON.stringify({ apiVersion: 'v1', kind: 'Node', metadata: { name: `n${index}`, labels: { a: 'b' } }, status: { conditions: [{ type: 'NetworkUnavailable', status: 'False', reason: 'RouteCreated' }], images: Array.from({ length: 20 }, (_, image) => ({ names: [`image-${image}@sha256:${'ab'.repeat(32)}`], sizeBytes: image })) } })}\n`,
};

function inputOf(shape, mebibytes) {
  const target = mebibytes * 1024 * 1024 - HEAD.length - 4096;
  const parts = [HEAD];
  let size = HEAD.length;
  for (let index = 0; size < target; index++) {
    const item = SHAPES[shape](index);
    if (size + item.length > target) break;
    parts.push(item);
    size += item.length;
  }
  return parts.join('');
}

function measure(input) {
  const directory = mkdtempSync(join(tmpdir(), 'ncfn-measure-'));
  const file = join(directory, 'input.yaml');
  writeFileSync(file, input);
  const stdin = openSync(file, 'r');
  try {
    const run = spawnSync('/usr/bin/time', ['-v', process.execPath, BIN], { stdio: [stdin, 'ignore', 'pipe'], encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    const peak = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(run.stderr)?.[1]) / 1024;
    const [, minutes, seconds] = /Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\d+):([\d.]+)/.exec(run.stderr) ?? [];
    const exit = Number(/Exit status: (\d+)/.exec(run.stderr)?.[1] ?? run.status);
    const fatal = /FATAL ERROR|heap out of memory/.test(run.stderr);
    return { peakMiB: Math.round(peak), seconds: Number(minutes) * 60 + Number(seconds), exit, fatal, message: run.stderr.split('\n').find((line) => line.startsWith('networking-calico-fn')) ?? '' };
  } finally {
    closeSync(stdin);
    rmSync(directory, { recursive: true, force: true });
  }
}

const sizes = process.argv.slice(2).map(Number);
for (const shape of Object.keys(SHAPES)) {
  for (const mebibytes of sizes.length > 0 ? sizes : [4, 8, 16, 32, 63]) {
    const result = measure(inputOf(shape, mebibytes));
    console.log(`${shape.padEnd(30)} ${String(mebibytes).padStart(3)} MiB: exit ${result.exit}, peak ${String(result.peakMiB).padStart(5)} MiB, ${result.seconds.toFixed(1).padStart(5)} s${result.fatal ? ' FATAL' : ''} ${result.message.slice(0, 90)}`);
  }
}
