import test, { type ExecutionContext } from 'ava';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import { nodeConditionSnapshotSchema, type NodeConditionSnapshot } from '../../src/overlay/snapshot-schema.js';
import { createServer as createNetServer, type AddressInfo, type Socket } from 'node:net';
import { runBin } from '../integrations/helpers.js';
import { REPO } from '../support/kpt.js';
import { DAEMONSET_PATH, closedPort, startFakeApiServer, type FakeApiOptions } from './fake-api-server.js';
import {
  FIXED_CLOCK, apiCalicoNodeDaemonSet, apiNode, assertOneLineFailure, networkUnavailable, ready, runSnapshot,
  temporaryDirectory, writeKubeconfig,
} from './fixtures.js';

const TOKEN = 'test-token-0123456789';

/** A fake cluster and a kubeconfig for it, in a fresh directory. */
async function cluster(t: ExecutionContext, options: FakeApiOptions) {
  const server = await startFakeApiServer(t, options);
  const directory = await temporaryDirectory(t);
  const kubeconfig = await writeKubeconfig(directory, [{ name: 'shoot', server: server.url, token: TOKEN }], 'shoot');
  return { server, directory, kubeconfig };
}

function parseSnapshot(text: string): NodeConditionSnapshot {
  return nodeConditionSnapshotSchema().parse(parse(text));
}

const smallCluster: FakeApiOptions = {
  nodes: [apiNode('node-b', [ready, networkUnavailable('False')]), apiNode('node-a', [ready])],
  calicoNodeDaemonSet: apiCalicoNodeDaemonSet('ipip'),
};

test('lists every node across pages with limit=500 and the continue tokens the server handed out', async (t) => {
  const names = Array.from({ length: 1201 }, (_, index) => `node-${String(index).padStart(4, '0')}`);
  // Served in an order unlike the sorted output, so the sort is exercised too.
  const served = [...names].reverse();
  const { server, kubeconfig } = await cluster(t, { nodes: served.map((name) => apiNode(name)), calicoNodeDaemonSet: apiCalicoNodeDaemonSet('ipip') });

  const run = await runSnapshot(['--kubeconfig', kubeconfig]);

  t.is(run.exitCode, 0, run.stderr);
  const nodeRequests = server.requests.filter((request) => request.path === '/api/v1/nodes');
  t.is(nodeRequests.length, 3);
  t.deepEqual(nodeRequests.map((request) => request.query.get('limit')), ['500', '500', '500']);
  t.is(server.issuedContinueTokens.length, 2);
  t.deepEqual(nodeRequests.map((request) => request.query.get('continue')), [null, ...server.issuedContinueTokens]);
  const snapshot = parseSnapshot(run.stdout);
  t.deepEqual(snapshot.nodes.map((node) => node.name), names);
  t.true(snapshot.nodes.every((node) => Array.isArray(node.conditions) && node.conditions.length === 0));
});

test('sends the bearer token of the kubeconfig user on every request', async (t) => {
  const { server, kubeconfig } = await cluster(t, smallCluster);

  const run = await runSnapshot(['--kubeconfig', kubeconfig]);

  t.is(run.exitCode, 0, run.stderr);
  t.deepEqual(server.requests.map((request) => request.path), ['/api/v1/nodes', DAEMONSET_PATH]);
  t.true(server.requests.every((request) => request.authorization === `Bearer ${TOKEN}`));
});

// Found by a hostile review (tenth session): kubectl's tokenFile was ignored (the client library
// reads only token-file), so the requests went out with no token; a missing file said nothing.
test('a kubeconfig user with tokenFile sends the token of that file (relative to the kubeconfig), and a missing one is named', async (t) => {
  const { server, directory, kubeconfig } = await cluster(t, smallCluster);
  const withTokenFile = (await readFile(kubeconfig, 'utf8')).replace(`token: ${TOKEN}`, 'tokenFile: secrets/token');
  t.regex(withTokenFile, /tokenFile: secrets\/token/);
  await writeFile(kubeconfig, withTokenFile);
  await mkdir(join(directory, 'secrets'));
  const missing = await runSnapshot(['--kubeconfig', kubeconfig]);
  assertOneLineFailure(t, missing);
  t.true(missing.stderr.includes(`cannot read the tokenFile ${join(directory, 'secrets/token')} of kubeconfig user shoot-user: ENOENT`), missing.stderr);
  t.is(server.requests.length, 0, 'nothing sent without the token');
  await writeFile(join(directory, 'secrets/token'), '');
  const empty = await runSnapshot(['--kubeconfig', kubeconfig]);
  assertOneLineFailure(t, empty);
  t.true(empty.stderr.includes(`the tokenFile ${join(directory, 'secrets/token')} of kubeconfig user shoot-user is empty`), empty.stderr);
  await writeFile(join(directory, 'secrets/token'), `${TOKEN}\n`);
  const run = await runSnapshot(['--kubeconfig', kubeconfig]);
  t.is(run.exitCode, 0, run.stderr);
  t.true(server.requests.length > 0 && server.requests.every((request) => request.authorization === `Bearer ${TOKEN}`));
});

// Found by a hostile review (tenth session): an empty kubeconfig said "Cannot read properties of
// undefined (reading 'clusters')"; a context naming an unknown user sent requests without credentials.
test('an empty kubeconfig, or a context whose user it does not define, is refused naming it', async (t) => {
  const { directory, kubeconfig } = await cluster(t, smallCluster);
  const empty = join(directory, 'empty');
  await writeFile(empty, '');
  const emptyRun = await runSnapshot(['--kubeconfig', empty]);
  assertOneLineFailure(t, emptyRun);
  t.true(emptyRun.stderr.includes(`cannot load kubeconfig ${empty}: it is empty, or no kubeconfig — check that the file exists and is a kubeconfig`), emptyRun.stderr);
  await writeFile(kubeconfig, (await readFile(kubeconfig, 'utf8')).replace('user: shoot-user', 'user: nobody'));
  const unknownUser = await runSnapshot(['--kubeconfig', kubeconfig]);
  assertOneLineFailure(t, unknownUser);
  t.regex(unknownUser.stderr, /context "shoot" names the user "nobody", which it does not define — fix the context or add the user/);
});

// Found by a hostile review (tenth session): a JSON false as a condition's status was written as
// a boolean, a snapshot the render then refused.
test('a condition status that is no string is written as text, never as a route', async (t) => {
  const node = { metadata: { name: 'node-a' }, status: { conditions: [{ type: 'NetworkUnavailable', status: false, reason: 'RouteCreated' }] } };
  const { kubeconfig } = await cluster(t, { nodes: [node], calicoNodeDaemonSet: apiCalicoNodeDaemonSet('ipip') });
  const run = await runSnapshot(['--kubeconfig', kubeconfig]);
  t.is(run.exitCode, 0, run.stderr);
  t.deepEqual(parseSnapshot(run.stdout).nodes[0]?.conditions, [{ type: 'NetworkUnavailable', status: 'false', reason: 'RouteCreated' }]);
});

// TLS through the sender of ours (bounded-http.ts), with the kubeconfig's CA; found by a hostile
// review (tenth session): an untrusted certificate read as "unreachable ... check the network or VPN".
test('over TLS: the kubeconfig CA is trusted, an unknown certificate is named as such', async (t) => {
  const tls = { cert: await readFile(join(REPO, 'test/fixtures/tls/server.crt'), 'utf8'), key: await readFile(join(REPO, 'test/fixtures/tls/server.key'), 'utf8') };
  const server = await startFakeApiServer(t, { ...smallCluster, tls });
  const directory = await temporaryDirectory(t);
  const kubeconfig = (ca: string) => `apiVersion: v1
kind: Config
clusters: [{name: c, cluster: {server: "${server.url}"${ca}}}]
users: [{name: u, user: {token: ${TOKEN}}}]
contexts: [{name: x, context: {cluster: c, user: u}}]
current-context: x
`;
  await writeFile(join(directory, 'trusted'), kubeconfig(`, certificate-authority-data: ${Buffer.from(tls.cert).toString('base64')}`));
  await writeFile(join(directory, 'untrusted'), kubeconfig(''));
  const trusted = await runSnapshot(['--kubeconfig', join(directory, 'trusted')]);
  t.is(trusted.exitCode, 0, trusted.stderr);
  t.is(parseSnapshot(trusted.stdout).nodes.length, 2);
  const untrusted = await runSnapshot(['--kubeconfig', join(directory, 'untrusted')]);
  assertOneLineFailure(t, untrusted);
  t.regex(untrusted.stderr, /cannot list nodes: the API server at https:\/\/127\.0\.0\.1:\d+ could not be verified \(self-signed certificate\) — check the kubeconfig's certificate-authority \(or -data\) for this cluster/);
});

// Found by a hostile review (tenth session): an exec plugin's command given as a relative path
// was looked up from the working directory; kubectl resolves it against the kubeconfig's.
test('an exec plugin given as a relative path is run from the kubeconfig directory, as kubectl does', async (t) => {
  const { server, directory, kubeconfig } = await cluster(t, smallCluster);
  await mkdir(join(directory, 'bin'));
  await writeFile(join(directory, 'bin/credentials.sh'), `#!/bin/sh\necho '{"apiVersion": "client.authentication.k8s.io/v1", "kind": "ExecCredential", "status": {"token": "exec-token"}}'\n`, { mode: 0o755 });
  await writeFile(kubeconfig, (await readFile(kubeconfig, 'utf8')).replace(`token: ${TOKEN}`, 'exec: {apiVersion: client.authentication.k8s.io/v1, command: ./bin/credentials.sh}'));
  t.not(process.cwd(), directory);
  const run = await runSnapshot(['--kubeconfig', kubeconfig]);
  t.is(run.exitCode, 0, run.stderr);
  t.true(server.requests.length > 0 && server.requests.every((request) => request.authorization === 'Bearer exec-token'));
});

test('keeps only the NetworkUnavailable condition, with the fields the server sent, and the Calico tunnel addresses', async (t) => {
  const { kubeconfig } = await cluster(t, {
    nodes: [
      apiNode('worker-up', [ready, networkUnavailable('False', '2025-02-01T12:34:56Z'), { type: 'MemoryPressure', status: 'False' }], {
        'projectcalico.org/IPv4IPIPTunnelAddr': '100.96.0.1', 'projectcalico.org/IPv4Address': '10.250.0.5/16', 'node.alpha.kubernetes.io/ttl': '0',
      }),
      apiNode('worker-new', [networkUnavailable('True', '2025-03-04T05:05:00Z'), ready]),
      apiNode('worker-bare', [{ type: 'NetworkUnavailable', status: 'Unknown' }]),
      apiNode('worker-no-condition', [ready]),
      apiNode('worker-no-status'),
    ],
    calicoNodeDaemonSet: apiCalicoNodeDaemonSet('vxlan'),
  });

  const run = await runSnapshot(['--kubeconfig', kubeconfig]);

  t.is(run.exitCode, 0, run.stderr);
  t.deepEqual(parseSnapshot(run.stdout).nodes, [
    { name: 'worker-bare', conditions: [{ type: 'NetworkUnavailable', status: 'Unknown' }], tunnelAddresses: {} },
    { name: 'worker-new', conditions: [{ type: 'NetworkUnavailable', status: 'True', reason: 'NoRouteCreated', message: 'Node created without a route', lastTransitionTime: '2025-03-04T05:05:00Z' }], tunnelAddresses: {} },
    { name: 'worker-no-condition', conditions: [], tunnelAddresses: {} },
    { name: 'worker-no-status', conditions: [], tunnelAddresses: {} },
    {
      name: 'worker-up',
      conditions: [{ type: 'NetworkUnavailable', status: 'False', reason: 'CalicoIsUp', message: 'Calico is running on this node', lastTransitionTime: '2025-02-01T12:34:56Z' }],
      tunnelAddresses: { IPv4IPIPTunnelAddr: '100.96.0.1' },
    },
  ]);
});

for (const overlay of ['ipip', 'vxlan', 'none'] as const) {
  test(`reads overlay ${overlay} from the env of the live calico-node DaemonSet`, async (t) => {
    const { kubeconfig } = await cluster(t, { ...smallCluster, calicoNodeDaemonSet: apiCalicoNodeDaemonSet(overlay) });

    const run = await runSnapshot(['--kubeconfig', kubeconfig]);

    t.is(run.exitCode, 0, run.stderr);
    t.deepEqual(parseSnapshot(run.stdout).calicoNode, { overlay });
  });
}

test('writes a local-config NodeConditionSnapshot with the injected capture time', async (t) => {
  const { kubeconfig } = await cluster(t, smallCluster);

  const run = await runSnapshot(['--kubeconfig', kubeconfig, '--name', 'before-switch']);

  t.is(run.exitCode, 0, run.stderr);
  t.is(run.stderr, '');
  const document = parse(run.stdout) as Record<string, unknown>;
  t.is(document.apiVersion, 'fn.networking-calico.gardener.cloud/v1alpha1');
  t.is(document.kind, 'NodeConditionSnapshot');
  t.deepEqual(document.metadata, { name: 'before-switch', annotations: { 'config.kubernetes.io/local-config': 'true' } });
  t.is(document.capturedAt, '2025-03-04T05:06:07.089Z');
  // Quoted: a bare true would be a boolean, and annotations must be strings.
  t.regex(run.stdout, /config\.kubernetes\.io\/local-config: "true"/);
});

test('names the snapshot shoot-nodes by default', async (t) => {
  const { kubeconfig } = await cluster(t, smallCluster);

  const run = await runSnapshot(['--kubeconfig', kubeconfig]);

  t.is(parseSnapshot(run.stdout).metadata.name, 'shoot-nodes');
});

test('gives the same bytes for the same cluster state, whatever order the server lists nodes in', async (t) => {
  const nodes = [apiNode('c', [networkUnavailable('True')]), apiNode('a', [ready]), apiNode('b', [networkUnavailable('False')])];
  const first = await cluster(t, { nodes, calicoNodeDaemonSet: apiCalicoNodeDaemonSet('ipip') });
  const second = await cluster(t, { nodes: [...nodes].reverse(), calicoNodeDaemonSet: apiCalicoNodeDaemonSet('ipip') });

  const runs = [
    await runSnapshot(['--kubeconfig', first.kubeconfig]),
    await runSnapshot(['--kubeconfig', first.kubeconfig]),
    await runSnapshot(['--kubeconfig', second.kubeconfig]),
  ];

  t.deepEqual(runs.map((run) => run.exitCode), [0, 0, 0]);
  t.is(runs[1]?.stdout, runs[0]?.stdout);
  t.is(runs[2]?.stdout, runs[0]?.stdout);
  t.deepEqual(parseSnapshot(runs[0]?.stdout ?? '').nodes.map((node) => node.name), ['a', 'b', 'c']);
});

test('--context selects the cluster and user of that context instead of current-context', async (t) => {
  const current = await startFakeApiServer(t, smallCluster);
  const chosen = await startFakeApiServer(t, { ...smallCluster, calicoNodeDaemonSet: apiCalicoNodeDaemonSet('vxlan') });
  const kubeconfig = await writeKubeconfig(await temporaryDirectory(t), [
    { name: 'garden-dev', server: current.url, token: 'dev-token' },
    { name: 'shoot-prod', server: chosen.url, token: 'prod-token' },
  ], 'garden-dev');

  const run = await runSnapshot(['--kubeconfig', kubeconfig, '--context', 'shoot-prod']);

  t.is(run.exitCode, 0, run.stderr);
  t.is(parseSnapshot(run.stdout).calicoNode?.overlay, 'vxlan');
  t.deepEqual(current.requests, []);
  t.is(chosen.requests.length, 2);
  t.true(chosen.requests.every((request) => request.authorization === 'Bearer prod-token'));
});

test('without --context the current-context is used', async (t) => {
  const current = await startFakeApiServer(t, smallCluster);
  const other = await startFakeApiServer(t, smallCluster);
  const kubeconfig = await writeKubeconfig(await temporaryDirectory(t), [
    { name: 'other', server: other.url, token: 'other-token' },
    { name: 'current', server: current.url, token: 'current-token' },
  ], 'current');

  const run = await runSnapshot(['--kubeconfig', kubeconfig]);

  t.is(run.exitCode, 0, run.stderr);
  t.deepEqual(other.requests, []);
  t.true(current.requests.length > 0 && current.requests.every((request) => request.authorization === 'Bearer current-token'));
});

test('an unknown --context fails before any request and lists the known contexts', async (t) => {
  const { server, kubeconfig } = await cluster(t, smallCluster);

  const run = await runSnapshot(['--kubeconfig', kubeconfig, '--context', 'prod']);

  assertOneLineFailure(t, run);
  t.regex(run.stderr, /context "prod" not found in kubeconfig .*known contexts: shoot/);
  t.deepEqual(server.requests, []);
});

test('a missing kubeconfig file is reported by path', async (t) => {
  const missing = join(await temporaryDirectory(t), 'no-such-kubeconfig');

  const run = await runSnapshot(['--kubeconfig', missing]);

  assertOneLineFailure(t, run);
  t.true(run.stderr.includes(`cannot load kubeconfig ${missing}`), run.stderr);
});

test('401 on the node list says to check the credentials', async (t) => {
  const { kubeconfig } = await cluster(t, { ...smallCluster, nodeListStatus: 401 });

  const run = await runSnapshot(['--kubeconfig', kubeconfig]);

  assertOneLineFailure(t, run);
  t.regex(run.stderr, /cannot list nodes: 401 Unauthorized — check the credentials/);
});

test('403 on the node list names the missing permission and the server message', async (t) => {
  const { server, kubeconfig } = await cluster(t, { ...smallCluster, nodeListStatus: 403 });

  const run = await runSnapshot(['--kubeconfig', kubeconfig]);

  assertOneLineFailure(t, run);
  t.regex(run.stderr, /cannot list nodes: 403 Forbidden \(nodes is forbidden: User "viewer" cannot list resource "nodes".*\) — the user needs list on nodes/);
  // Nothing else is asked once the nodes cannot be read.
  t.deepEqual(server.requests.map((request) => request.path), ['/api/v1/nodes']);
});

test('404 on the calico-node DaemonSet names it and says what to check', async (t) => {
  const { kubeconfig } = await cluster(t, { nodes: smallCluster.nodes });

  const run = await runSnapshot(['--kubeconfig', kubeconfig]);

  assertOneLineFailure(t, run);
  t.regex(run.stderr, /cannot read DaemonSet kube-system\/calico-node: 404 Not Found \(daemonsets\.apps "calico-node" not found\) — it does not exist: check that Calico runs on this cluster/);
});

test('a DaemonSet without a calico-node container is refused', async (t) => {
  const { kubeconfig } = await cluster(t, { ...smallCluster, calicoNodeDaemonSet: apiCalicoNodeDaemonSet('ipip', 'cilium-agent') });

  const run = await runSnapshot(['--kubeconfig', kubeconfig]);

  assertOneLineFailure(t, run);
  t.regex(run.stderr, /has no container named calico-node/);
});

test('an http:// server is spoken to in plain HTTP, as kubectl does (kubectl proxy), with or without insecure-skip-tls-verify', async (t) => {
  const server = await startFakeApiServer(t, smallCluster);
  const directory = await temporaryDirectory(t);
  // The scheme in capitals too (found by a hostile review): kubectl takes it.
  for (const [name, url, insecure] of [['plain', server.url, ''], ['insecure', server.url, '    insecure-skip-tls-verify: true\n'], ['capitals', server.url.replace(/^http:/, 'HTTP:'), '']]) {
    const kubeconfig = join(directory, `kubeconfig-${name}`);
    await writeFile(kubeconfig, `apiVersion: v1
kind: Config
clusters:
- name: proxy
  cluster:
    server: ${url}
${insecure}contexts:
- name: proxy
  context: {cluster: proxy}
current-context: proxy
`);
    const run = await runSnapshot(['--kubeconfig', kubeconfig]);
    t.is(run.exitCode, 0, run.stderr);
    t.is(parseSnapshot(run.stdout).nodes.length, 2);
  }
});

test('an unreachable API server is reported with its address', async (t) => {
  const port = await closedPort();
  const kubeconfig = await writeKubeconfig(await temporaryDirectory(t), [{ name: 'gone', server: `http://127.0.0.1:${port}`, token: TOKEN }], 'gone');

  const run = await runSnapshot(['--kubeconfig', kubeconfig]);

  assertOneLineFailure(t, run);
  t.regex(run.stderr, new RegExp(`cannot list nodes: the API server at http://127\\.0\\.0\\.1:${port} is unreachable \\(.*ECONNREFUSED.*\\) — check the server address`));
});

test('a server that repeats a continue token is not followed forever', async (t) => {
  const { server, kubeconfig } = await cluster(t, {
    nodes: Array.from({ length: 1500 }, (_, index) => apiNode(`node-${index}`)),
    calicoNodeDaemonSet: apiCalicoNodeDaemonSet('ipip'),
    repeatContinueToken: true,
  });

  const run = await runSnapshot(['--kubeconfig', kubeconfig]);

  assertOneLineFailure(t, run);
  t.regex(run.stderr, /repeated a continue token/);
  t.is(server.requests.length, 2);
});

// Found by a hostile review (tenth session): no request had a deadline, so a server that never
// answered, or stopped in the middle of an answer, held the command forever (or ended it with exit
// 2 and no word); answers that were no NodeList, or an incomplete one, were written as the nodes;
// unique continue tokens were followed without end.
for (const [answer, message] of [
  ['hang', /cannot list nodes: the API server did not answer within 1 s \(--request-timeout\) \(http:\/\/127\.0\.0\.1:\d+\) — retry, check the network and proxies, or allow more time with --request-timeout/],
  ['stall-body', /cannot list nodes: the API server did not answer within 1 s/],
  ['cut-short', /cannot list nodes: the API server closed the connection before its answer was whole/],
  ['pod-list', /cannot list nodes: the API server answered with a PodList, not a NodeList/],
  ['no-continue', /cannot list nodes: the API server said 5 more nodes remain but gave no continue token to list them — the node list is incomplete/],
  ['endless-pages', /cannot list nodes: the API server handed out continue tokens past 1000 pages of 500/],
  ['redirect', /cannot list nodes: 302 Found — http:\/\/127\.0\.0\.1:\d+ redirects elsewhere, as a login page or proxy would/],
  ['login-page', /cannot list nodes: the answer from http:\/\/127\.0\.0\.1:\d+ is not what a Kubernetes API server sends \(.*\) — check that the kubeconfig's server is the cluster's API server, not a login page or a proxy/],
] as const) {
  test(`a node list answered ${answer}: exit 1 with one line saying so, nothing written`, async (t) => {
    const { kubeconfig } = await cluster(t, { ...smallCluster, nodeListAnswer: answer });
    const run = await runSnapshot(['--kubeconfig', kubeconfig, '--request-timeout', '1s']);
    assertOneLineFailure(t, run);
    t.regex(run.stderr, message);
  });
}

// Found by a hostile review (tenth session): through a proxy-url (HTTP CONNECT or SOCKS) that
// never answers, the deadline destroyed a request that had no socket yet: nothing settled, and the
// proxy's socket kept the process alive forever.
for (const scheme of ['http', 'socks5']) {
  test(`a ${scheme} proxy that never answers: the bin exits 1 at the deadline with one line`, async (t) => {
    const held: Socket[] = [];
    const proxy = createNetServer((socket) => held.push(socket));
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    t.teardown(() => new Promise<void>((resolve) => {
      for (const socket of held) socket.destroy();
      proxy.close(() => resolve());
    }));
    const directory = await temporaryDirectory(t);
    await writeFile(join(directory, 'kubeconfig'), `apiVersion: v1
kind: Config
clusters: [{name: c, cluster: {server: "https://127.0.0.1:6443", insecure-skip-tls-verify: true, proxy-url: "${scheme}://127.0.0.1:${(proxy.address() as AddressInfo).port}"}}]
users: [{name: u, user: {token: ${TOKEN}}}]
contexts: [{name: x, context: {cluster: c, user: u}}]
current-context: x
`);
    const started = Date.now();
    const run = await runBin(['snapshot', '--kubeconfig', join(directory, 'kubeconfig'), '--request-timeout', '1s'], { timeoutMs: 20_000 });
    t.is(run.status, 1, run.stderr);
    t.true(Date.now() - started < 10_000, 'ended at the deadline, not killed');
    t.regex(run.stderr, /^networking-calico-fn snapshot: cannot list nodes: the API server did not answer within 1 s \(--request-timeout\)[^\n]*\n$/);
  });
}

test('--request-timeout takes a duration above 0 and at most 24h, and only for a live cluster', async (t) => {
  for (const value of ['0s', 'soon', '25h']) {
    const run = await runSnapshot(['--request-timeout', value]);
    t.is(run.exitCode, 2);
    t.true(run.stderr.includes(`--request-timeout ${JSON.stringify(value)}: expected a duration above 0 and at most 24h`), run.stderr);
  }
  t.is((await runSnapshot(['--from', 'x.yaml', '--request-timeout', '5s'])).exitCode, 2);
});

// Found by a hostile review (tenth session): the live snapshot wrote a node named twice, and an
// empty node list, where --from refuses both.
for (const [title, nodes, message] of [
  ['a node twice', [apiNode('node-a', [ready]), apiNode('node-a', [ready, networkUnavailable('False')])], /the API server listed node node-a twice — the node list cannot be trusted/],
  ['no node', [], /the API server listed no node — check that the context is the right cluster/],
] as const) {
  test(`a node list with ${title} is refused with one line`, async (t) => {
    const { kubeconfig } = await cluster(t, { nodes: [...nodes], calicoNodeDaemonSet: apiCalicoNodeDaemonSet('ipip') });
    const run = await runSnapshot(['--kubeconfig', kubeconfig]);
    assertOneLineFailure(t, run);
    t.regex(run.stderr, message);
  });
}

test('-o writes the same snapshot as stdout mode and leaves no temporary file', async (t) => {
  const { directory, kubeconfig } = await cluster(t, smallCluster);
  const output = join(directory, 'snapshot.yaml');
  await writeFile(output, 'old content\n');

  const toStdout = await runSnapshot(['--kubeconfig', kubeconfig]);
  const toFile = await runSnapshot(['--kubeconfig', kubeconfig, '-o', output]);

  t.is(toFile.exitCode, 0, toFile.stderr);
  t.is(toFile.stdout, '');
  t.regex(toFile.stderr, /wrote 2 nodes \(overlay ipip, 0 with Calico tunnel addresses, captured at 2025-03-04T05:06:07\.089Z\) to .*snapshot\.yaml/);
  t.is(await readFile(output, 'utf8'), toStdout.stdout);
  t.deepEqual((await readdir(directory)).sort(), ['kubeconfig', 'snapshot.yaml']);
});

for (const [failure, options] of [
  ['403 on nodes', { ...smallCluster, nodeListStatus: 403 }],
  ['404 on the DaemonSet', { nodes: smallCluster.nodes }],
] as const) {
  test(`${failure}: an existing -o file stays untouched and no file is added`, async (t) => {
    const { directory, kubeconfig } = await cluster(t, options);
    const existing = join(directory, 'existing.yaml');
    await writeFile(existing, 'previous snapshot\n');
    const fresh = join(directory, 'fresh.yaml');

    const overExisting = await runSnapshot(['--kubeconfig', kubeconfig, '-o', existing]);
    const toFresh = await runSnapshot(['--kubeconfig', kubeconfig, '--output', fresh]);

    assertOneLineFailure(t, overExisting);
    assertOneLineFailure(t, toFresh);
    t.is(await readFile(existing, 'utf8'), 'previous snapshot\n');
    t.deepEqual((await readdir(directory)).sort(), ['existing.yaml', 'kubeconfig']);
  });
}

// Found in the eleventh session: the docs' `snapshot -o snapshots/shoot.yaml` failed in a fresh
// checkout, after the cluster was read; `render -o` makes its directories.
test('an -o path in a missing directory is written, its directories made; one under a file fails with exit 1 and a clear message', async (t) => {
  const { server, directory, kubeconfig } = await cluster(t, smallCluster);
  const output = join(directory, 'snapshots', 'shoot', 'snapshot.yaml');
  const written = await runSnapshot(['--kubeconfig', kubeconfig, '-o', output]);
  t.is(written.exitCode, 0, written.stderr);
  t.is(parseSnapshot(await readFile(output, 'utf8')).nodes.length, 2);

  const underFile = join(directory, 'kubeconfig', 'snapshot.yaml');
  const asked = server.requests.length;
  const run = await runSnapshot(['--kubeconfig', kubeconfig, '-o', underFile]);
  assertOneLineFailure(t, run);
  // In words, and before the cluster is asked (found by a hostile review).
  t.true(run.stderr.includes(`cannot write ${underFile}: cannot make its directory: something that is no directory is in the way (EEXIST)`), run.stderr);
  t.is(server.requests.length, asked, 'no request: the output path fails first');
  t.deepEqual((await readdir(directory)).sort(), ['kubeconfig', 'snapshots']);
});

test('an unknown flag prints the usage and exits 2 without contacting a cluster', async (t) => {
  const { server, kubeconfig } = await cluster(t, smallCluster);

  const run = await runSnapshot(['--kubeconfig', kubeconfig, '--namespace', 'kube-system']);

  t.is(run.exitCode, 2);
  t.is(run.stdout, '');
  t.regex(run.stderr, /unknown option --namespace\n/);
  t.regex(run.stderr, /usage: networking-calico-fn snapshot \[--kubeconfig PATH\]/);
  t.deepEqual(server.requests, []);
});

for (const argv of [['stray-argument'], ['--context'], ['-o', ''], ['--name=']]) {
  test(`bad arguments ${JSON.stringify(argv)} exit 2 with the usage`, async (t) => {
    const run = await runSnapshot(argv);

    t.is(run.exitCode, 2);
    t.regex(run.stderr, /usage: networking-calico-fn snapshot/);
  });
}

test('--help prints the usage on stdout and exits 0', async (t) => {
  const run = await runSnapshot(['--help']);

  t.is(run.exitCode, 0);
  t.regex(run.stdout, /^usage: networking-calico-fn snapshot/);
  t.is(run.stderr, '');
});

test('the clock is read once, before the cluster is asked', async (t) => {
  const { server, kubeconfig } = await cluster(t, smallCluster);
  const requestsSeenAtEachRead: number[] = [];

  const run = await runSnapshot(['--kubeconfig', kubeconfig], () => {
    requestsSeenAtEachRead.push(server.requests.length);
    return FIXED_CLOCK();
  });

  t.is(run.exitCode, 0, run.stderr);
  t.deepEqual(requestsSeenAtEachRead, [0]);
});
