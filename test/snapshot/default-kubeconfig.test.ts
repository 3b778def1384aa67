// Its own file: it sets KUBECONFIG, which is process-wide, and ava runs each file in its own process.
import test from 'ava';
import { parse } from 'yaml';
import { startFakeApiServer } from './fake-api-server.js';
import { apiCalicoNodeDaemonSet, apiNode, runSnapshot, temporaryDirectory, writeKubeconfig } from './fixtures.js';

test('without --kubeconfig the file named by KUBECONFIG is used', async (t) => {
  const server = await startFakeApiServer(t, { nodes: [apiNode('only-node')], calicoNodeDaemonSet: apiCalicoNodeDaemonSet('vxlan') });
  const kubeconfig = await writeKubeconfig(await temporaryDirectory(t), [{ name: 'from-env', server: server.url, token: 'env-token' }], 'from-env');
  const previous = process.env.KUBECONFIG;
  process.env.KUBECONFIG = kubeconfig;
  t.teardown(() => {
    if (previous === undefined) delete process.env.KUBECONFIG;
    else process.env.KUBECONFIG = previous;
  });

  const run = await runSnapshot([]);

  t.is(run.exitCode, 0, run.stderr);
  t.deepEqual((parse(run.stdout) as { nodes: unknown }).nodes, [{ name: 'only-node', conditions: [], tunnelAddresses: {} }]);
  t.true(server.requests.length === 2 && server.requests.every((request) => request.authorization === 'Bearer env-token'));
});
