// Its own file: it sets HOME and KUBECONFIG, which are process-wide, and ava runs each file in its
// own process. Regression: with no kubeconfig anywhere the client library fell back to
// http://localhost:8080 and the command said the API server there was unreachable.
import test from 'ava';
import { existsSync } from 'node:fs';
import { mkdir, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import { findDefaultKubeconfig, SERVICE_ACCOUNT_TOKEN } from '../../src/snapshot/cluster.js';
import { startFakeApiServer } from './fake-api-server.js';
import { apiCalicoNodeDaemonSet, apiNode, assertOneLineFailure, runSnapshot, temporaryDirectory, writeKubeconfig } from './fixtures.js';

function withEnvironment(t: import('ava').ExecutionContext, values: Record<string, string | undefined>): void {
  const previous = Object.fromEntries(Object.keys(values).map((name) => [name, process.env[name]]));
  const assign = (entries: Record<string, string | undefined>) => {
    for (const [name, value] of Object.entries(entries)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  };
  assign(values);
  t.teardown(() => assign(previous));
}

test('the lookup order: KUBECONFIG, then ~/.kube/config, then the in-cluster service account; else where it looked', (t) => {
  const none = () => false;
  t.deepEqual(findDefaultKubeconfig({ KUBECONFIG: '/a:/b', HOME: '/home/u' }, none), { found: 'KUBECONFIG', files: '/a:/b' });
  t.deepEqual(findDefaultKubeconfig({ HOME: '/home/u' }, (path) => path === '/home/u/.kube/config'), { found: 'home', file: '/home/u/.kube/config' });
  t.deepEqual(findDefaultKubeconfig({ HOME: '/home/u', KUBECONFIG: '' }, (path) => path === SERVICE_ACCOUNT_TOKEN), { found: 'in-cluster' });
  t.deepEqual(findDefaultKubeconfig({ HOME: '/home/u' }, none), {
    found: 'none',
    lookedAt: ['--kubeconfig (not given)', 'KUBECONFIG (not set)', '/home/u/.kube/config (does not exist)', `${SERVICE_ACCOUNT_TOKEN} (not running in a pod)`],
  });
});

test.serial('no kubeconfig at all: one line saying none was found and where the command looked', async (t) => {
  if (existsSync(SERVICE_ACCOUNT_TOKEN)) return t.pass('running in a pod: the in-cluster service account is a kubeconfig');
  const home = await temporaryDirectory(t);
  withEnvironment(t, { HOME: home, KUBECONFIG: undefined });
  const run = await runSnapshot([]);
  assertOneLineFailure(t, run);
  t.is(run.stderr, `networking-calico-fn snapshot: no kubeconfig found; looked at --kubeconfig (not given), KUBECONFIG (not set), ${join(home, '.kube/config')} (does not exist), ${SERVICE_ACCOUNT_TOKEN} (not running in a pod) — pass --kubeconfig PATH or set KUBECONFIG\n`);
});

test.serial('~/.kube/config is used when KUBECONFIG is not set', async (t) => {
  const server = await startFakeApiServer(t, { nodes: [apiNode('home-node')], calicoNodeDaemonSet: apiCalicoNodeDaemonSet('ipip') });
  const home = await temporaryDirectory(t);
  await mkdir(join(home, '.kube'));
  await rename(await writeKubeconfig(home, [{ name: 'home', server: server.url, token: 'home-token' }], 'home'), join(home, '.kube/config'));
  withEnvironment(t, { HOME: home, KUBECONFIG: undefined });
  const run = await runSnapshot([]);
  t.is(run.exitCode, 0, run.stderr);
  t.deepEqual((parse(run.stdout) as { nodes: { name: string }[] }).nodes.map((node) => node.name), ['home-node']);
});
