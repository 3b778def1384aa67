import test from 'ava';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import type {
  V1ClusterRole,
  V1ClusterRoleBinding,
  V1CustomResourceDefinition,
  V1DaemonSet,
} from '@kubernetes/client-node';
import { buildMultusObjects } from '../../src/objects/multus.js';
import { valuesWith } from '../fixtures/values.js';
import { find, ids } from '../fixtures/objects.js';

const CRD = 'network-attachment-definitions.k8s.cni.cncf.io';
const multusIds = [
  'DaemonSet/multus',
  'ServiceAccount/multus',
  'ClusterRole/multus',
  'ClusterRoleBinding/multus',
  `CustomResourceDefinition/${CRD}`,
];

const multusOn = valuesWith({ multus: { enabled: true } });
const withPlugins = valuesWith({ multus: { enabled: true, installCNIPlugins: true } });

const presenceCases = [
  { title: 'multus off', values: valuesWith({ multus: { enabled: false } }), expected: [] },
  {
    title: 'plugin install alone does nothing',
    values: valuesWith({ multus: { installCNIPlugins: true } }),
    expected: [],
  },
  { title: 'multus on', values: multusOn, expected: multusIds },
  { title: 'multus on with CNI plugins', values: withPlugins, expected: multusIds },
];

for (const { title, values, expected } of presenceCases) {
  test(`objects present: ${title}`, (t) => {
    t.deepEqual(ids(buildMultusObjects(values)), [...expected].sort());
  });
}

const daemonSet = (values = multusOn) => find<V1DaemonSet>(buildMultusObjects(values), 'DaemonSet', 'multus');

const initContainerCases = [
  { title: 'multus only', values: multusOn, expected: ['install-multus-cni'] },
  { title: 'with CNI plugins', values: withPlugins, expected: ['install-multus-cni', 'install-cni-plugins'] },
];

for (const { title, values, expected } of initContainerCases) {
  test(`init containers: ${title}`, (t) => {
    const initContainers = daemonSet(values).spec?.template.spec?.initContainers ?? [];
    t.deepEqual(
      initContainers.map((c) => c.name),
      expected,
    );
    for (const container of initContainers) {
      t.deepEqual(container.volumeMounts, [{ name: 'cnibin', mountPath: '/host/opt/cni/bin' }]);
      t.deepEqual(container.securityContext, { privileged: true });
      t.deepEqual(container.resources, { requests: { cpu: '10m', memory: '15Mi' } });
    }
  });
}

test('the thin plugin is installed from the multus image', (t) => {
  const installer = daemonSet().spec?.template.spec?.initContainers?.[0];
  t.is(installer?.image, multusOn.images['multus-cni']);
  t.deepEqual(installer?.command, ['/install_multus']);
  t.deepEqual(installer?.args, ['--type', 'thin']);
});

test('the plugins installer runs a shell script in the cni-plugins image', (t) => {
  const installer = daemonSet(withPlugins).spec?.template.spec?.initContainers?.[1];
  t.is(installer?.image, withPlugins.images['cni-plugins']);
  t.deepEqual(installer?.command, ['/bin/sh']);
  t.is(installer?.args?.[0], '-c');
  t.is(installer?.args?.length, 2);
});

test('the plugins script copies regular files except the plugins Calico ships', (t) => {
  const script = daemonSet(withPlugins).spec?.template.spec?.initContainers?.[1]?.args?.[1] ?? '';
  const root = mkdtempSync(join(tmpdir(), 'multus-plugins-'));
  t.teardown(() => rmSync(root, { recursive: true, force: true }));
  const source = join(root, 'src');
  const target = join(root, 'bin');
  mkdirSync(join(source, 'subdir'), { recursive: true });
  mkdirSync(target);
  for (const name of ['bridge', 'macvlan', 'host-local', 'portmap', 'loopback', 'tuning', 'with space']) {
    writeFileSync(join(source, name), name);
  }
  writeFileSync(join(source, 'subdir', 'nested'), 'nested');
  symlinkSync('bridge', join(source, 'bridge-link'));
  const local = script.replaceAll('/usr/src/cni/bin', source).replaceAll('/host/opt/cni/bin', target);
  t.not(local, script, 'the script names the image and host directories');
  execFileSync('sh', ['-c', local]);
  t.deepEqual(readdirSync(target).sort(), ['bridge', 'macvlan', 'with space']);
});

test('the multus daemon wraps Calico’s config and waits for it', (t) => {
  const container = daemonSet().spec?.template.spec?.containers[0];
  t.is(container?.name, 'multus');
  t.is(container?.image, multusOn.images['multus-cni']);
  t.deepEqual(container?.command, ['/thin_entrypoint']);
  t.deepEqual(container?.args, [
    '--cleanup-config-on-exit',
    '--cni-bin-dir=/host/opt/cni/bin',
    '--cni-conf-dir=/host/etc/cni/net.d',
    '--cni-version=0.3.1',
    '--multus-autoconfig-dir=/host/etc/cni/net.d',
    '--multus-cni-conf-dir=/etc/cni/multus/net.d',
    '--multus-conf-file=auto',
    '--multus-log-file=/var/log/multus.log',
    '--multus-log-level=error',
    '--multus-log-to-stderr=true',
    '--multus-master-cni-file-name=10-calico.conflist',
    '--readiness-indicator-file=/etc/cni/net.d/10-calico.conflist',
  ]);
  t.deepEqual(container?.securityContext, { privileged: true });
  t.deepEqual(container?.resources, { requests: { cpu: '100m', memory: '200Mi' } });
  t.deepEqual(container?.env, [{ name: 'MULTUS_NODE_NAME', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } }]);
  t.deepEqual(container?.volumeMounts, [
    { name: 'cni', mountPath: '/host/etc/cni/net.d' },
    { name: 'cnibin', mountPath: '/host/opt/cni/bin' },
  ]);
});

test('the daemon set runs on every Linux node on the host network', (t) => {
  const ds = daemonSet();
  t.deepEqual(ds.metadata, {
    name: 'multus',
    namespace: 'kube-system',
    labels: {
      'k8s-app': 'multus',
      'gardener.cloud/role': 'system-component',
      'node.gardener.cloud/critical-component': 'true',
    },
  });
  t.is(ds.spec?.revisionHistoryLimit, 2);
  t.deepEqual(ds.spec?.selector, { matchLabels: { 'k8s-app': 'multus' } });
  t.deepEqual(ds.spec?.updateStrategy, { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 2 } });
  t.deepEqual(ds.spec?.template.metadata?.labels, {
    'node.gardener.cloud/critical-component': 'true',
    'networking.gardener.cloud/to-apiserver': 'allowed',
    'networking.gardener.cloud/to-dns': 'allowed',
    'k8s-app': 'multus',
    'gardener.cloud/role': 'system-component',
  });
  const pod = ds.spec?.template.spec;
  t.deepEqual(pod?.nodeSelector, { 'kubernetes.io/os': 'linux' });
  t.true(pod?.hostNetwork);
  t.deepEqual(pod?.tolerations, [
    { effect: 'NoSchedule', operator: 'Exists' },
    { effect: 'NoExecute', operator: 'Exists' },
  ]);
  t.is(pod?.serviceAccountName, 'multus');
  t.deepEqual(pod?.securityContext, { seccompProfile: { type: 'RuntimeDefault' } });
  t.is(pod?.terminationGracePeriodSeconds, 0);
  t.is(pod?.priorityClassName, 'system-node-critical');
  t.deepEqual(pod?.volumes, [
    { name: 'cni', hostPath: { path: '/etc/cni/net.d' } },
    { name: 'cnibin', hostPath: { path: '/opt/cni/bin' } },
  ]);
});

test('multus may manage attachment definitions, pods and events', (t) => {
  const objects = buildMultusObjects(multusOn);
  const role = find<V1ClusterRole>(objects, 'ClusterRole', 'multus');
  t.deepEqual(role.metadata, { name: 'multus' });
  t.deepEqual(role.rules, [
    { apiGroups: ['k8s.cni.cncf.io'], resources: ['*'], verbs: ['*'] },
    { apiGroups: [''], resources: ['pods', 'pods/status'], verbs: ['get', 'list', 'update', 'watch'] },
    { apiGroups: ['', 'events.k8s.io'], resources: ['events'], verbs: ['create', 'patch', 'update'] },
  ]);
  const binding = find<V1ClusterRoleBinding>(objects, 'ClusterRoleBinding', 'multus');
  t.deepEqual(binding.roleRef, { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'multus' });
  t.deepEqual(binding.subjects, [{ kind: 'ServiceAccount', name: 'multus', namespace: 'kube-system' }]);
  t.deepEqual(find(objects, 'ServiceAccount', 'multus'), {
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: { name: 'multus', namespace: 'kube-system' },
    automountServiceAccountToken: false,
  });
});

test('the attachment definition CRD: namespaced, v1, a CNI config string in its spec', (t) => {
  const crd = find<V1CustomResourceDefinition>(buildMultusObjects(multusOn), 'CustomResourceDefinition', CRD);
  t.is(crd.apiVersion, 'apiextensions.k8s.io/v1');
  t.deepEqual(crd.metadata, { name: CRD });
  t.is(crd.spec.group, 'k8s.cni.cncf.io');
  t.is(crd.spec.scope, 'Namespaced');
  t.deepEqual(crd.spec.names, {
    plural: 'network-attachment-definitions',
    singular: 'network-attachment-definition',
    kind: 'NetworkAttachmentDefinition',
    shortNames: ['net-attach-def'],
  });
  t.is(crd.spec.versions.length, 1);
  const version = crd.spec.versions[0];
  t.is(version?.name, 'v1');
  t.true(version?.served);
  t.true(version?.storage);
  const schema = version?.schema?.openAPIV3Schema;
  t.is(schema?.type, 'object');
  t.deepEqual(Object.keys(schema?.properties ?? {}), ['apiVersion', 'kind', 'metadata', 'spec']);
  t.deepEqual(schema?.properties?.metadata, { type: 'object' });
  t.is(schema?.properties?.spec?.type, 'object');
  t.is(schema?.properties?.spec?.properties?.config?.type, 'string');
  t.regex(schema?.description ?? '', /^Attaches pods to a further network through Multus/);
});

test('no two fields share one array or object, so YAML output carries no anchors', (t) => {
  t.notRegex(stringify(buildMultusObjects(withPlugins)), /[&*]a\d/);
});
