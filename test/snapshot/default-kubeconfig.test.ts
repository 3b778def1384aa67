// Its own file: it sets KUBECONFIG, which is process-wide, and ava runs each file in its own process.
import test from 'ava';
import { parse } from 'yaml';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { closedPort, startFakeApiServer } from './fake-api-server.js';
import { apiCalicoNodeDaemonSet, apiNode, runSnapshot, temporaryDirectory, writeKubeconfig } from './fixtures.js';

test.serial('without --kubeconfig the file named by KUBECONFIG is used', async (t) => {
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

// Found by a hostile review (tenth session): a file of KUBECONFIG's list that did not exist failed
// the command, where kubectl skips it; and a later file's current-context won over the first's.
test.serial('KUBECONFIG with several files: missing and empty ones are skipped, and the first current-context and the first of each name win, as with kubectl', async (t) => {
  const server = await startFakeApiServer(t, { nodes: [apiNode('only-node')], calicoNodeDaemonSet: apiCalicoNodeDaemonSet('vxlan') });
  const first = await writeKubeconfig(await temporaryDirectory(t), [{ name: 'first', server: server.url, token: 'first-token' }], 'first');
  // The same cluster, user and context names as the first: kubectl takes the first file's.
  const second = await writeKubeconfig(await temporaryDirectory(t), [{ name: 'second', server: `http://127.0.0.1:${await closedPort()}`, token: 'second-token' }, { name: 'first', server: `http://127.0.0.1:${await closedPort()}`, token: 'other-token' }], 'second');
  const missing = join(await temporaryDirectory(t), 'missing');
  // Found by a hostile review (tenth session): an empty file in the list failed the command too.
  const empty = join(await temporaryDirectory(t), 'empty');
  await writeFile(empty, '');
  const comments = join(await temporaryDirectory(t), 'comments');
  await writeFile(comments, '\n# nothing here yet\n  \n---\n');
  const previous = process.env.KUBECONFIG;
  process.env.KUBECONFIG = [missing, empty, comments, first, second].join(':');
  t.teardown(() => {
    if (previous === undefined) delete process.env.KUBECONFIG;
    else process.env.KUBECONFIG = previous;
  });

  const run = await runSnapshot([]);

  t.is(run.exitCode, 0, run.stderr);
  t.true(server.requests.length === 2 && server.requests.every((request) => request.authorization === 'Bearer first-token'));
  // Found by a hostile review (tenth session): one that cannot be read (a directory, no permission)
  // was skipped too, and the snapshot came from the next file's cluster; kubectl fails.
  const directory = await temporaryDirectory(t);
  process.env.KUBECONFIG = [directory, first].join(':');
  const unreadable = await runSnapshot([]);
  t.is(unreadable.exitCode, 1);
  t.true(unreadable.stderr.includes(`cannot load kubeconfig ${directory}:${first} (from KUBECONFIG): EISDIR`), unreadable.stderr);
  process.env.KUBECONFIG = missing;
  const none = await runSnapshot([]);
  t.is(none.exitCode, 1);
  t.true(none.stderr.includes(`none of the files in KUBECONFIG (${missing}) exists and holds anything`), none.stderr);
});
