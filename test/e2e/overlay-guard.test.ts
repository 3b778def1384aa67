// The overlay guard through the real kpt binary, scenario by scenario, in a package of its own
// (Kptfile with `exec:` the built bin, the example's Network with the overlay turned off,
// Kubernetes 1.36 so the guard is active). kpt refuses a v1 List item, so the saved
// `kubectl get nodes -o yaml` goes in through `snapshot --from`, as docs/overlay-switch.md says.
import type { ExecutionContext } from 'ava';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { BIN, kpt, kptTest as kptTestFn, REPO, snapshotFiles, userKptfile } from '../support/kpt.js';

const kptTest = kptTestFn();
const DAEMONSET = 'calico/daemonset_calico-node.yaml';
const ANNOTATION = 'fn.networking-calico.gardener.cloud/overlay-switch';

function overlayOffPackage(t: ExecutionContext, overlaySwitch = ''): string {
  const dir = mkdtempSync(join(tmpdir(), 'ncfn-guard-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'Kptfile'), userKptfile(BIN));
  const network = readFileSync(join(REPO, 'example/network.yaml'), 'utf8');
  writeFileSync(join(dir, 'network.yaml'), network.replace(/overlay:\n(\s+)enabled: true/, 'overlay:\n$1enabled: false'));
  const config = readFileSync(join(REPO, 'example/render-calico.yaml'), 'utf8')
    .replace('version: "1.34.2"', 'version: "1.36.1"')
    .replace('outputDir: example/calico', `outputDir: calico${overlaySwitch ? `\n  overlaySwitch:\n${overlaySwitch}` : ''}`);
  writeFileSync(join(dir, 'render-calico.yaml'), config);
  return dir;
}

function render(t: ExecutionContext, dir: string): string {
  const result = kpt(dir, ['fn', 'render', '--allow-exec', '--truncate-output=false']);
  t.is(result.status, 0, result.stderr);
  return result.stdout + result.stderr;
}

const daemonSet = (dir: string) => readFileSync(join(dir, DAEMONSET), 'utf8');
const ipip = (dir: string) => /name: FELIX_IPINIPENABLED\n\s+value: "(\w+)"/.exec(daemonSet(dir))?.[1];
const annotation = (dir: string) => new RegExp(`${ANNOTATION}: "([^"]*)"`).exec(daemonSet(dir))?.[1];

/** `kubectl get nodes -o yaml` of three nodes: [route created, IPIP tunnel address] each. */
function kubectlNodes(nodes: [boolean, boolean][], heartbeat = '2026-11-23T11:55:00Z'): string {
  return stringify({
    apiVersion: 'v1',
    kind: 'List',
    metadata: { resourceVersion: '' },
    items: nodes.map(([route, tunnel], index) => ({
      apiVersion: 'v1',
      kind: 'Node',
      metadata: {
        name: `node-${index}`,
        annotations: { 'node.alpha.kubernetes.io/ttl': '0', ...(tunnel && { 'projectcalico.org/IPv4IPIPTunnelAddr': `100.96.${index}.0` }) },
      },
      status: {
        conditions: [
          { type: 'NetworkUnavailable', status: route ? 'False' : 'True', reason: route ? 'RouteCreated' : 'NoRouteCreated', lastHeartbeatTime: '2026-11-23T10:00:00Z' },
          { type: 'Ready', status: 'True', reason: 'KubeletReady', lastHeartbeatTime: heartbeat },
        ],
      },
    })),
  });
}

/** Saves the list and converts it into the package's nodes.yaml, the documented kpt flow. */
function captureNodes(dir: string, list: string): void {
  writeFileSync(join(dir, 'kubectl-nodes.yaml'), list);
  execFileSync(process.execPath, [BIN, 'snapshot', '--from', join(dir, 'kubectl-nodes.yaml'), '-o', join(dir, 'nodes.yaml')]);
  rmSync(join(dir, 'kubectl-nodes.yaml'));
}

kptTest('kpt refuses a kubectl List item, which is why the kpt flow converts it with snapshot --from', (t) => {
  const dir = overlayOffPackage(t);
  writeFileSync(join(dir, 'nodes.yaml'), kubectlNodes([[true, true]]));
  const result = kpt(dir, ['fn', 'render', '--allow-exec']);
  t.not(result.status, 0);
  t.regex(result.stderr, /resource must have `metadata.name`/);
});

kptTest('a switch through kpt: fail-safe hold, held by a converted kubectl list, released, and a stale snapshot never reverts it', (t) => {
  const dir = overlayOffPackage(t, '    maxSnapshotAge: 30m');

  // No evidence at all: held as the configuration's overlay, and it says what would release it.
  t.regex(render(t, dir), /\[warning\].*holding the overlay \(ipip, as the configuration selects it\) on.*It is released by a node snapshot/);
  t.is(ipip(dir), 'true');
  t.is(annotation(dir), 'held: no node snapshot in the input, no node is known to have its route');

  // kubectl get nodes -o yaml with Calico's tunnel addresses, 2 of 3 nodes without a route,
  // captured now (so maxSnapshotAge does not decide): the routes hold it.
  captureNodes(dir, kubectlNodes([[true, true], [false, true], [false, true]], new Date().toISOString().replace(/\.\d+Z$/, 'Z')));
  const held = render(t, dir);
  t.regex(held, /\[warning\].*holding the overlay \(ipip\) on.*2 of 3 nodes do not report.*node-1 \(NetworkUnavailable=True, NoRouteCreated\), node-2/);
  t.is(ipip(dir), 'true');
  t.regex(annotation(dir) ?? '', /^held: evidence captured \S+; 2 of 3 nodes lack a route: node-1, node-2$/);
  t.notRegex(readFileSync(join(dir, DAEMONSET), 'utf8').split('template:')[1] ?? '', new RegExp(ANNOTATION), 'not on the pod template: no pod rolls for it');

  // Every node routed, captured now: released, the annotation is gone.
  const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  captureNodes(dir, kubectlNodes([[true, true], [true, true], [true, true]], now));
  t.regex(render(t, dir), /\[info\].*all 3 nodes report NetworkUnavailable=False with reason RouteCreated: switching the overlay \(ipip\) off/);
  t.is(ipip(dir), 'false');
  t.is(annotation(dir), undefined);
  const released = snapshotFiles(join(dir, 'calico'));

  // The old pending snapshot comes back (a stalled job, a revert of the snapshot commit), now
  // older than maxSnapshotAge: the overlay stays off, nothing changes.
  captureNodes(dir, kubectlNodes([[true, true], [false, true], [false, true]], '2026-01-01T00:00:00Z'));
  const later = render(t, dir);
  t.regex(later, /\[info\].*the overlay stays off, released earlier/);
  t.notRegex(later, /holding/);
  t.deepEqual(snapshotFiles(join(dir, 'calico')), released, 'no file changes: no flip');
});

kptTest('a mixed fleet through kpt: one node still carries a tunnel address, one has no route: held', (t) => {
  const dir = overlayOffPackage(t);
  captureNodes(dir, kubectlNodes([[true, true], [true, false], [false, false]]));
  t.regex(render(t, dir), /\[warning\].*holding the overlay \(ipip\) on.*1 of 3 nodes .*node-2/);
  t.is(ipip(dir), 'true');
  t.is(annotation(dir), 'held: evidence captured 2026-11-23T11:55:00Z; 1 of 3 nodes lack a route: node-2');
});

kptTest('a new cluster declared through kpt: the overlay is off in the first render, an info says why', (t) => {
  const dir = overlayOffPackage(t, '    newCluster: true');
  t.regex(render(t, dir), /\[info\].*nothing to switch, no overlay runs now \(declared new/);
  t.is(ipip(dir), 'false');
  t.is(annotation(dir), undefined);
});
