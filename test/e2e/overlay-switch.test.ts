// The overlay switch through kpt, rendering in place as an operator would: the overlay is
// turned off while a node has no route, the switch is held across re-renders, and goes through
// once a fresh snapshot shows every route; after that re-rendering is stable.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { kpt, kptTest as kptTestFn, packageCopy, snapshotFiles } from '../support/kpt.js';

const kptTest = kptTestFn();

function snapshotYaml(secondNodeReason: string, secondNodeStatus: string): string {
  return `apiVersion: fn.networking-calico.gardener.cloud/v1alpha1
kind: NodeConditionSnapshot
metadata:
  name: shoot-nodes
capturedAt: "2026-11-23T10:00:00Z"
nodes:
- name: node-a
  conditions:
  - {type: NetworkUnavailable, status: "False", reason: RouteCreated}
- name: node-b
  conditions:
  - {type: NetworkUnavailable, status: "${secondNodeStatus}", reason: ${secondNodeReason}}
`;
}

kptTest('a held switch stays held on re-render and goes through with a ready snapshot', (t) => {
  const dir = packageCopy();
  try {
    const example = join(dir, 'example');
    const daemonSet = () => readFileSync(join(example, 'calico/daemonset_calico-node.yaml'), 'utf8');
    const render = () => {
      const result = kpt(dir, ['fn', 'render', '--allow-exec', '--truncate-output=false']);
      t.is(result.status, 0, result.stderr);
      return result.stdout + result.stderr;
    };
    t.regex(daemonSet(), /name: FELIX_IPINIPENABLED\n\s+value: "true"/, 'the example starts with IPIP');

    // Kubernetes 1.36 serves the MutatingAdmissionPolicy API, so the guard is active.
    const config = join(example, 'render-calico.yaml');
    writeFileSync(config, readFileSync(config, 'utf8').replace('version: "1.34.2"', 'version: "1.36.1"'));
    const network = join(example, 'network.yaml');
    writeFileSync(network, readFileSync(network, 'utf8').replace(/overlay:\n(\s+)enabled: true/, 'overlay:\n$1enabled: false'));
    writeFileSync(join(example, 'nodes.yaml'), snapshotYaml('NoRouteCreated', 'True'));

    const held = render();
    t.regex(held, /\[warning\].*holding the overlay \(ipip\) on.*node-b \(NetworkUnavailable=True, NoRouteCreated\)/);
    t.regex(daemonSet(), /name: FELIX_IPINIPENABLED\n\s+value: "true"/, 'held: calico-node keeps IPIP');
    t.regex(readFileSync(join(example, 'nodes.yaml'), 'utf8'), /config.kubernetes.io\/local-config: "true"/, 'the snapshot is marked local-config');
    const afterHold = snapshotFiles(example);

    t.regex(render(), /holding the overlay/, 'the same snapshot holds again');
    t.deepEqual(snapshotFiles(example), afterHold, 'and the package does not change');

    writeFileSync(join(example, 'nodes.yaml'), snapshotYaml('RouteCreated', 'False'));
    t.regex(render(), /\[info\].*all 2 nodes report NetworkUnavailable=False with reason RouteCreated/);
    t.regex(daemonSet(), /name: FELIX_IPINIPENABLED\n\s+value: "false"/, 'switched: IPIP off');
    t.regex(readFileSync(join(example, 'calico/ippool_default-ipv4-ippool.yaml'), 'utf8'), /ipipMode: Never/);
    const afterSwitch = snapshotFiles(example);

    t.notRegex(render(), /holding|warning/);
    t.deepEqual(snapshotFiles(example), afterSwitch, 'stable after the switch');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
