// `snapshot --calico-state` against the fake API server: the live calico-node DaemonSet, the
// calico-config ConfigMap and the IPPools recorded read-only as local-config items, and the
// change plan reading them as a live capture.
import test, { type ExecutionContext } from 'ava';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { CAPTURED_ANNOTATION } from '../../src/plan/previous-state.js';
import { capturedCalicoItems } from '../../src/snapshot/calico-state.js';
import { PLAN_TAG } from '../../src/plan/plan.js';
import { rendered, renderWith } from '../plan/render-twice.js';
import { CALICO_CONFIG_PATH, DAEMONSET_PATH, IP_POOLS_PATH, startFakeApiServer, type FakeApiOptions } from './fake-api-server.js';
import { apiNode, ready, runSnapshot, temporaryDirectory, writeKubeconfig } from './fixtures.js';

/** Our render of the default Network as a cluster serves it: with status and server metadata. */
function liveCluster(providerConfig: Record<string, unknown> = {}): FakeApiOptions {
  const objects = rendered({ providerConfig });
  const live = (kind: string, name: string) => {
    const object = objects.find((candidate) => candidate.kind === kind && (candidate.metadata as { name?: string }).name === name);
    if (!object) throw new Error(`no ${kind} ${name} in the render`);
    return { ...object, metadata: { ...(object.metadata as object), uid: '1f2e', resourceVersion: '99', managedFields: [{ manager: 'kubectl' }] }, status: { numberReady: 3 } };
  };
  return { nodes: [apiNode('node-a', [ready])], calicoNodeDaemonSet: live('DaemonSet', 'calico-node'), calicoConfig: live('ConfigMap', 'calico-config'), ipPools: [live('IPPool', 'default-ipv4-ippool')] };
}

async function capture(t: ExecutionContext, options: FakeApiOptions) {
  const server = await startFakeApiServer(t, options);
  const directory = await temporaryDirectory(t);
  const kubeconfig = await writeKubeconfig(directory, [{ name: 'shoot', server: server.url, token: 't0ken' }], 'shoot');
  const output = join(directory, 'snapshot.yaml');
  const run = await runSnapshot(['--kubeconfig', kubeconfig, '--calico-state', '-o', output]);
  return { server, run, text: await readFile(output, 'utf8').catch(() => '') };
}

test('records calico-node, calico-config and the IPPools as local-config items with the capture time', async (t) => {
  const { server, run, text } = await capture(t, liveCluster());
  t.is(run.exitCode, 0, run.stderr);
  t.regex(run.stderr, /and 3 Calico objects to /);
  t.deepEqual([...new Set(server.requests.map((request) => request.path))].sort(), ['/api/v1/nodes', CALICO_CONFIG_PATH, DAEMONSET_PATH, IP_POOLS_PATH].sort());
  const documents = parseAllDocuments(text).map((document) => document.toJS() as { kind: string; metadata: { name: string; annotations?: Record<string, string>; uid?: string; managedFields?: unknown }; status?: unknown });
  t.deepEqual(documents.map((document) => `${document.kind}/${document.metadata.name}`), ['NodeConditionSnapshot/shoot-nodes', 'DaemonSet/calico-node', 'ConfigMap/calico-config', 'IPPool/default-ipv4-ippool']);
  for (const item of documents.slice(1)) {
    t.is(item.metadata.annotations?.['config.kubernetes.io/local-config'], 'true');
    t.is(item.metadata.annotations?.[CAPTURED_ANNOTATION], '2025-03-04T05:06:07.089Z');
    t.is(item.status, undefined);
    t.is(item.metadata.uid, undefined);
    t.is(item.metadata.managedFields, undefined);
  }
});

test('the change plan compares with the live capture', async (t) => {
  const { text } = await capture(t, liveCluster({ vethMTU: '1300' }));
  const captured = parseAllDocuments(text).slice(1).map((document) => document.toJS() as Record<string, unknown>);
  const run = renderWith({ providerConfig: { vethMTU: '1400' } }, captured);
  t.is(run.exitCode, 0);
  t.regex(run.plan[0]?.message ?? '', /^change plan against the live capture of 2025-03-04T05:06:07\.089Z: 2 of the 3 captured objects changed/);
  t.regex(run.plan.find((result) => result.tags?.[PLAN_TAG] === 'veth-mtu')?.message ?? '', /^vethMTU 1300 -> 1400/);
});

test('a missing IPPool CRD fails the capture with one line naming it', async (t) => {
  const { run } = await capture(t, { ...liveCluster(), ipPools: undefined });
  t.is(run.exitCode, 1);
  t.regex(run.stderr, /cannot list ippools\.crd\.projectcalico\.org: 404 Not Found .* the IPPool CRD is not installed/);
  t.notRegex(run.stderr, /\n.+\n/);
});

test('IPPools are recorded in code-unit order of their names, the same under every locale', (t) => {
  const pool = (name: string) => ({ apiVersion: 'crd.projectcalico.org/v1', kind: 'IPPool', metadata: { name } });
  const object = (kind: string) => ({ kind, metadata: { name: kind.toLowerCase() } });
  const items = capturedCalicoItems({ calicoNode: object('DaemonSet'), calicoConfig: object('ConfigMap'), ipPools: ['b-pool', 'B-pool', 'a-pool', 'é-pool', 'z-pool'].map(pool) }, '2026-12-01T00:00:00Z');
  // A locale's collation would put 'B-pool' after 'a-pool' and 'é-pool' before 'z-pool'.
  t.deepEqual(items.slice(2).map((item) => (item.metadata as { name: string }).name), ['B-pool', 'a-pool', 'b-pool', 'z-pool', 'é-pool']);
});
