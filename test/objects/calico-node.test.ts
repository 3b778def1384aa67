import test from 'ava';
import { createHash } from 'node:crypto';
import { stringify } from 'yaml';
import type { KubernetesObject, V1Container, V1DaemonSet } from '@kubernetes/client-node';
import { buildCalicoConfig } from '../../src/objects/calico-config.js';
import { buildCalicoNode } from '../../src/objects/calico-node.js';
import { buildNodeObjects } from '../../src/objects/node.js';
import {
  CLEANUP_BIRD_ROUTES,
  ENSURE_NETWORK_UNAVAILABLE_CONDITION,
  LOG_MTU_ISSUES,
  SNAT_TO_UPSTREAM_DNS,
} from '../../src/objects/node-scripts.js';
import type { CalicoValues } from '../../src/values/types.js';
import { ipv4OverlayValues, valuesWith } from '../fixtures/values.js';

const podSpec = (values: CalicoValues) => {
  const spec = buildCalicoNode(values).spec?.template.spec;
  if (!spec) throw new Error('no pod spec');
  return spec;
};
const names = (items: { name: string }[] | undefined) => (items ?? []).map((item) => item.name);

function container(values: CalicoValues, name: string): V1Container {
  const spec = podSpec(values);
  const found = [...(spec.initContainers ?? []), ...spec.containers].find((c) => c.name === name);
  if (!found) throw new Error(`container ${name} not rendered`);
  return found;
}

/** Plain env values by name; references render as `ref:<key>`. */
function envOf(values: CalicoValues, name = 'calico-node'): Record<string, string> {
  return Object.fromEntries(
    (container(values, name).env ?? []).map((e) => [
      e.name,
      e.value ?? `ref:${e.valueFrom?.configMapKeyRef?.key ?? e.valueFrom?.fieldRef?.fieldPath}`,
    ]),
  );
}

const overlayOff = valuesWith({
  backend: 'none',
  felix: { ipInIPEnabled: false },
  ipv4: { mode: 'Never' },
  kubeControllersEnabled: false,
  cluster: { overlayEnabled: false, snatToUpstreamDNSEnabled: true },
});
const vxlan = valuesWith({
  backend: 'vxlan',
  ipv4: { pool: 'vxlan', mode: 'Always' },
  ipam: { type: 'calico-ipam' },
  cluster: { vxlanEnabled: true },
});
const dualStack = valuesWith({
  ipv6: { enabled: true, autoDetectionMethod: 'cidr=2001:db8::/64', natOutgoing: true },
  ipam: { subnet: undefined, ranges: [[{ subnet: 'usePodCidrIPv6' }], [{ subnet: 'usePodCidr' }]], assignIPv6: true },
  cluster: { podCIDRv6: '2001:db8:1::/48' },
});
const ipv6Only = valuesWith({
  ipv4: { enabled: false, autoDetectionMethod: undefined },
  ipv6: { enabled: true, mode: 'Never' },
  ipam: { subnet: 'usePodCidrIPv6', assignIPv4: false, assignIPv6: true },
  cluster: { podCIDR: '2001:db8:1::/48', podCIDRv6: '2001:db8:1::/48' },
});
const ebpf = valuesWith({ felix: { bpfEnabled: true } });
const ebpfWithoutKubeProxy = valuesWith({ felix: { bpfEnabled: true, bpfKubeProxyIptablesCleanupEnabled: true } });
const nonPrivileged = valuesWith({ nonPrivileged: true, birdExporterEnabled: true });
const birdExporter = valuesWith({ birdExporterEnabled: true });
const monitoringOff = valuesWith({ monitoring: { enabled: false }, birdExporterEnabled: true });

const containerCases = [
  {
    title: 'overlay on',
    values: ipv4OverlayValues,
    init: ['log-mtu-issues', 'install-cni'],
    main: ['network-unavailable-condition-ensurer', 'calico-node'],
  },
  {
    title: 'overlay off, backend none',
    values: overlayOff,
    init: ['cleanup-routes', 'log-mtu-issues', 'install-cni'],
    main: ['add-snat-rule-to-upstream-dns', 'calico-node'],
  },
  {
    title: 'eBPF',
    values: ebpf,
    init: ['log-mtu-issues', 'install-cni', 'ebpf-bootstrap'],
    main: ['network-unavailable-condition-ensurer', 'calico-node'],
  },
  {
    title: 'non-privileged: hostpath-init, and no bird exporter even when enabled',
    values: nonPrivileged,
    init: ['log-mtu-issues', 'install-cni', 'hostpath-init'],
    main: ['network-unavailable-condition-ensurer', 'calico-node'],
  },
  {
    title: 'bird exporter',
    values: birdExporter,
    init: ['log-mtu-issues', 'install-cni'],
    main: ['network-unavailable-condition-ensurer', 'calico-node', 'bird-exporter'],
  },
  {
    title: 'monitoring off: no MTU logging, no bird exporter',
    values: monitoringOff,
    init: ['install-cni'],
    main: ['network-unavailable-condition-ensurer', 'calico-node'],
  },
];

for (const { title, values, init, main } of containerCases) {
  test(`containers: ${title}`, (t) => {
    const spec = podSpec(values);
    t.deepEqual(names(spec.initContainers), init);
    t.deepEqual(names(spec.containers), main);
  });
}

test('scripts and commands of the helper containers', (t) => {
  t.deepEqual(container(overlayOff, 'cleanup-routes').command, ['sh', '-c', CLEANUP_BIRD_ROUTES]);
  t.deepEqual(container(overlayOff, 'cleanup-routes').securityContext, { privileged: true });
  t.deepEqual(container(ipv4OverlayValues, 'log-mtu-issues').command, ['/bin/sh', '-c', LOG_MTU_ISSUES]);
  t.deepEqual(container(overlayOff, 'add-snat-rule-to-upstream-dns').command, ['/bin/sh', '-c', SNAT_TO_UPSTREAM_DNS]);
  t.deepEqual(container(ipv4OverlayValues, 'network-unavailable-condition-ensurer').command, [
    '/bin/bash',
    '-c',
    ENSURE_NETWORK_UNAVAILABLE_CONDITION,
  ]);
  t.deepEqual(container(ebpf, 'ebpf-bootstrap').command, ['calico-node', '-init', '-best-effort']);
  t.deepEqual(container(nonPrivileged, 'hostpath-init').command, ['sh', '-c', 'calico-node -hostpath-init']);
  t.deepEqual(container(ipv4OverlayValues, 'install-cni').command, ['/opt/cni/bin/install']);
});

test('images', (t) => {
  t.is(container(ipv4OverlayValues, 'install-cni').image, ipv4OverlayValues.images['calico-cni']);
  t.is(container(ipv4OverlayValues, 'calico-node').image, ipv4OverlayValues.images['calico-node']);
  t.is(container(overlayOff, 'cleanup-routes').image, ipv4OverlayValues.images['calico-node']);
  t.is(container(birdExporter, 'bird-exporter').image, ipv4OverlayValues.images['bird-exporter']);
});

test('install-cni env reads the CNI config and MTU from calico-config', (t) => {
  t.deepEqual(envOf(ipv4OverlayValues, 'install-cni'), {
    CNI_CONF_NAME: '10-calico.conflist',
    CNI_NETWORK_CONFIG: 'ref:cni_network_config',
    KUBERNETES_NODE_NAME: 'ref:spec.nodeName',
    CNI_MTU: 'ref:veth_mtu',
    SLEEP: 'false',
  });
});

const envCases: { title: string; values: CalicoValues; present: Record<string, string>; absent: string[] }[] = [
  {
    title: 'IPv4 ipip overlay with host-local IPAM',
    values: ipv4OverlayValues,
    present: {
      USE_POD_CIDR: 'true',
      FELIX_PROMETHEUSMETRICSENABLED: 'true',
      FELIX_PROMETHEUSMETRICSPORT: '9091',
      IP: 'autodetect',
      CALICO_IPV4POOL_IPIP: 'Always',
      CALICO_IPV4POOL_CIDR: '100.96.0.0/11',
      IP_AUTODETECTION_METHOD: 'cidr=10.250.0.0/16',
      FELIX_IPV6SUPPORT: 'false',
      FELIX_IPINIPENABLED: 'true',
      FELIX_BPFENABLED: 'false',
      FELIX_BPFKUBEPROXYIPTABLESCLEANUPENABLED: 'false',
      FELIX_TYPHAK8SSERVICENAME: 'ref:typha_service_name',
      FELIX_VXLANMTU: 'ref:veth_mtu',
      CALICO_MANAGE_CNI: 'true',
    },
    absent: [
      'IP6',
      'FELIX_VXLANENABLED',
      'FELIX_CHAININSERTMODE',
      'FELIX_NFTABLESMODE',
      'FELIX_SERVICELOOPPREVENTION',
      'FELIX_WIREGUARDENABLED',
      'FELIX_BPFKUBEPROXYHEALTHZPORT',
    ],
  },
  {
    title: 'VXLAN overlay with calico IPAM',
    values: vxlan,
    present: { CALICO_IPV4POOL_VXLAN: 'Always', CALICO_IPV4POOL_IPIP: 'Never', FELIX_VXLANENABLED: 'true' },
    absent: ['FELIX_IPINIPENABLED', 'USE_POD_CIDR'],
  },
  {
    title: 'overlay off with SNAT to upstream DNS',
    values: overlayOff,
    present: { CALICO_IPV4POOL_IPIP: 'Never', FELIX_IPINIPENABLED: 'false', FELIX_CHAININSERTMODE: 'Append' },
    absent: ['FELIX_VXLANENABLED'],
  },
  {
    title: 'dual-stack',
    values: dualStack,
    present: {
      IP: 'autodetect',
      IP6: 'autodetect',
      CALICO_IPV6POOL_VXLAN: 'Never',
      CALICO_IPV6POOL_CIDR: '2001:db8:1::/48',
      IP6_AUTODETECTION_METHOD: 'cidr=2001:db8::/64',
      CALICO_IPV6POOL_NAT_OUTGOING: 'true',
      CALICO_ROUTER_ID: 'hash',
      FELIX_IPV6SUPPORT: 'true',
    },
    absent: [],
  },
  {
    title: 'IPv6 only: no IPv4 pool',
    values: ipv6Only,
    present: { IP: 'none', IP6: 'autodetect', CALICO_IPV6POOL_NAT_OUTGOING: 'false' },
    absent: ['CALICO_IPV4POOL_IPIP', 'CALICO_IPV4POOL_CIDR', 'IP_AUTODETECTION_METHOD', 'IP6_AUTODETECTION_METHOD'],
  },
  {
    title: 'eBPF beside kube-proxy moves the healthz port',
    values: ebpf,
    present: {
      FELIX_BPFENABLED: 'true',
      FELIX_BPFKUBEPROXYHEALTZPORT: '10257',
      FELIX_BPFKUBEPROXYHEALTHZPORT: '10257',
    },
    absent: [],
  },
  {
    title: 'eBPF without kube-proxy',
    values: ebpfWithoutKubeProxy,
    present: { FELIX_BPFENABLED: 'true', FELIX_BPFKUBEPROXYIPTABLESCLEANUPENABLED: 'true' },
    absent: ['FELIX_BPFKUBEPROXYHEALTZPORT', 'FELIX_BPFKUBEPROXYHEALTHZPORT'],
  },
  {
    title: 'nftables, service loop prevention, wireguard',
    values: valuesWith({
      felix: { nftablesEnabled: true, serviceLoopPrevention: 'Drop' },
      ipv4: { wireguard: true },
      ipv6: { wireguard: true },
    }),
    present: {
      FELIX_NFTABLESMODE: 'Enabled',
      FELIX_SERVICELOOPPREVENTION: 'Drop',
      FELIX_WIREGUARDENABLED: 'true',
      FELIX_WIREGUARDENABLEDV6: 'true',
    },
    absent: [],
  },
  {
    title: 'monitoring off',
    values: monitoringOff,
    present: {},
    absent: ['FELIX_PROMETHEUSMETRICSENABLED', 'FELIX_PROMETHEUSMETRICSPORT'],
  },
];

for (const { title, values, present, absent } of envCases) {
  test(`calico-node env: ${title}`, (t) => {
    const env = envOf(values);
    for (const [name, value] of Object.entries(present)) t.is(env[name], value, name);
    for (const name of absent) t.false(name in env, name);
  });
}

test('the pool mode env follows the pool type, and vxlan also pins ipip to Never', (t) => {
  const poolEnv = (values: CalicoValues) =>
    (container(values, 'calico-node').env ?? []).filter((e) => e.name.startsWith('CALICO_IPV4POOL_'));
  t.deepEqual(poolEnv(ipv4OverlayValues), [
    { name: 'CALICO_IPV4POOL_IPIP', value: 'Always' },
    { name: 'CALICO_IPV4POOL_CIDR', value: '100.96.0.0/11' },
  ]);
  t.deepEqual(poolEnv(vxlan), [
    { name: 'CALICO_IPV4POOL_VXLAN', value: 'Always' },
    { name: 'CALICO_IPV4POOL_CIDR', value: '100.96.0.0/11' },
    { name: 'CALICO_IPV4POOL_IPIP', value: 'Never' },
  ]);
});

const ensurerCases = [
  {
    title: 'IPv4',
    values: ipv4OverlayValues,
    env: {
      CALICO_NETWORKING_BACKEND: 'ref:calico_backend',
      IP: 'autodetect',
      IP_AUTODETECTION_METHOD: 'cidr=10.250.0.0/16',
      NO_DEFAULT_POOLS: 'true',
      NODENAME: 'ref:spec.nodeName',
    },
  },
  {
    title: 'IPv6 only',
    values: ipv6Only,
    env: {
      CALICO_NETWORKING_BACKEND: 'ref:calico_backend',
      IP: 'none',
      IP6: 'autodetect',
      NO_DEFAULT_POOLS: 'true',
      NODENAME: 'ref:spec.nodeName',
    },
  },
  {
    title: 'dual-stack',
    values: dualStack,
    env: {
      CALICO_NETWORKING_BACKEND: 'ref:calico_backend',
      IP: 'autodetect',
      IP_AUTODETECTION_METHOD: 'cidr=10.250.0.0/16',
      IP6: 'autodetect',
      IP6_AUTODETECTION_METHOD: 'cidr=2001:db8::/64',
      NO_DEFAULT_POOLS: 'true',
      NODENAME: 'ref:spec.nodeName',
    },
  },
];

for (const { title, values, env } of ensurerCases) {
  test(`network-unavailable-condition-ensurer env: ${title}`, (t) => {
    t.deepEqual(envOf(values, 'network-unavailable-condition-ensurer'), env);
    const ensurer = container(values, 'network-unavailable-condition-ensurer');
    t.deepEqual(ensurer.securityContext, { privileged: false, allowPrivilegeEscalation: false });
    t.is(ensurer.imagePullPolicy, 'IfNotPresent');
  });
}

test('probes check BIRD only with the bird backend', (t) => {
  const probes = (values: CalicoValues) => {
    const node = container(values, 'calico-node');
    return [node.livenessProbe?.exec?.command, node.readinessProbe?.exec?.command];
  };
  t.deepEqual(probes(ipv4OverlayValues), [
    ['/bin/calico-node', '-felix-live', '-bird-live'],
    ['/bin/calico-node', '-felix-ready', '-bird-ready'],
  ]);
  t.deepEqual(probes(overlayOff), [
    ['/bin/calico-node', '-felix-live'],
    ['/bin/calico-node', '-felix-ready'],
  ]);
  t.deepEqual(probes(vxlan), [
    ['/bin/calico-node', '-felix-live'],
    ['/bin/calico-node', '-felix-ready'],
  ]);
  const node = container(ipv4OverlayValues, 'calico-node');
  t.like(node.livenessProbe, { periodSeconds: 10, initialDelaySeconds: 10, failureThreshold: 6, timeoutSeconds: 10 });
  t.like(node.readinessProbe, { periodSeconds: 10, timeoutSeconds: 10 });
  t.deepEqual(node.lifecycle, { preStop: { exec: { command: ['/bin/calico-node', '-shutdown'] } } });
});

test('privileged vs non-privileged security contexts and host dirs', (t) => {
  t.deepEqual(container(ipv4OverlayValues, 'calico-node').securityContext, { privileged: true });
  t.deepEqual(container(nonPrivileged, 'calico-node').securityContext, {
    runAsUser: 999,
    runAsGroup: 0,
    privileged: false,
    allowPrivilegeEscalation: false,
    capabilities: { add: ['NET_RAW', 'NET_ADMIN', 'NET_BIND_SERVICE'] },
  });
  const nonPrivilegedOverlayOff = valuesWith({ nonPrivileged: true }, overlayOff);
  t.deepEqual(container(overlayOff, 'add-snat-rule-to-upstream-dns').securityContext, { privileged: true });
  t.deepEqual(container(nonPrivilegedOverlayOff, 'add-snat-rule-to-upstream-dns').securityContext, {
    privileged: false,
    allowPrivilegeEscalation: false,
    capabilities: { add: ['NET_ADMIN'] },
  });
  const hostpathInit = container(nonPrivileged, 'hostpath-init');
  t.deepEqual(hostpathInit.securityContext, { allowPrivilegeEscalation: false, runAsUser: 0 });
  t.deepEqual(hostpathInit.env, [{ name: 'NODE_USER_ID', value: '999' }]);
  t.deepEqual(names(hostpathInit.volumeMounts), ['var-run', 'var-lib', 'var-log']);

  t.deepEqual(names(container(ipv4OverlayValues, 'calico-node').volumeMounts), [
    'cni-net-dir',
    'lib-modules',
    'xtables-lock',
    'var-run-calico',
    'var-lib-calico',
    'policysync',
    'cni-log-dir',
  ]);
  t.deepEqual(names(container(nonPrivileged, 'calico-node').volumeMounts), [
    'cni-net-dir',
    'lib-modules',
    'xtables-lock',
    'var-run',
    'var-lib',
    'var-log',
    'policysync',
    'cni-log-dir',
  ]);
});

const volumeCases = [
  {
    title: 'privileged',
    values: ipv4OverlayValues,
    volumes: ['lib-modules', 'var-run-calico', 'var-lib-calico', 'xtables-lock', 'cni-bin-dir', 'cni-net-dir', 'cni-log-dir', 'policysync'],
  },
  {
    title: 'non-privileged',
    values: nonPrivileged,
    volumes: ['lib-modules', 'var-run', 'var-lib', 'var-log', 'xtables-lock', 'cni-bin-dir', 'cni-net-dir', 'cni-log-dir', 'policysync'],
  },
  {
    title: 'eBPF',
    values: ebpf,
    volumes: [
      'lib-modules',
      'var-run-calico',
      'var-lib-calico',
      'xtables-lock',
      'sys-fs',
      'bpffs',
      'nodeproc',
      'cni-bin-dir',
      'cni-net-dir',
      'cni-log-dir',
      'policysync',
    ],
  },
];

for (const { title, values, volumes } of volumeCases) {
  test(`volumes: ${title}`, (t) => {
    t.deepEqual(names(podSpec(values).volumes), volumes);
  });
}

test('volume details', (t) => {
  const volume = (values: CalicoValues, name: string) => podSpec(values).volumes?.find((v) => v.name === name);
  t.deepEqual(volume(ipv4OverlayValues, 'var-run-calico')?.hostPath, { path: '/var/run/calico', type: 'DirectoryOrCreate' });
  t.deepEqual(volume(nonPrivileged, 'var-run')?.hostPath, { path: '/var/run' });
  t.deepEqual(volume(ipv4OverlayValues, 'xtables-lock')?.hostPath, { path: '/run/xtables.lock', type: 'FileOrCreate' });
  t.deepEqual(volume(ebpf, 'sys-fs')?.hostPath, { path: '/sys/fs/', type: 'DirectoryOrCreate' });
  t.deepEqual(volume(ebpf, 'bpffs')?.hostPath, { path: '/sys/fs/bpf', type: 'Directory' });
  t.deepEqual(volume(ebpf, 'nodeproc')?.hostPath, { path: '/proc' });
  t.deepEqual(volume(ipv4OverlayValues, 'policysync')?.hostPath, { path: '/var/run/nodeagent', type: 'DirectoryOrCreate' });
  t.true(container(ebpf, 'calico-node').volumeMounts?.some((m) => m.name === 'bpffs' && m.mountPath === '/sys/fs/bpf'));
  t.deepEqual(container(ebpf, 'ebpf-bootstrap').volumeMounts, [
    { name: 'sys-fs', mountPath: '/sys/fs', mountPropagation: 'Bidirectional' },
    { name: 'var-run-calico', mountPath: '/var/run/calico', mountPropagation: 'Bidirectional' },
    { name: 'nodeproc', mountPath: '/nodeproc', readOnly: true },
  ]);
});

const resourceCases: { title: string; values: CalicoValues; requests: object; preserved: boolean }[] = [
  { title: 'defaults', values: ipv4OverlayValues, requests: { cpu: '250m', memory: '100Mi' }, preserved: true },
  {
    title: 'user requests ignored without VPA or static requests',
    values: valuesWith({ autoscaling: { resourceRequests: { node: { cpu: '1', memory: '1Gi' } } } }),
    requests: { cpu: '250m', memory: '100Mi' },
    preserved: true,
  },
  {
    title: 'static requests',
    values: valuesWith({ autoscaling: { staticRequests: true, resourceRequests: { node: { cpu: '500m', memory: '300Mi' } } } }),
    requests: { cpu: '500m', memory: '300Mi' },
    preserved: false,
  },
  {
    title: 'VPA with only a memory floor',
    values: valuesWith({ autoscaling: { nodeVPA: true, resourceRequests: { node: { memory: '200Mi' } } } }),
    requests: { cpu: '250m', memory: '200Mi' },
    preserved: true,
  },
];

for (const { title, values, requests, preserved } of resourceCases) {
  test(`calico-node resources: ${title}`, (t) => {
    t.deepEqual(container(values, 'calico-node').resources, { requests });
    const annotations = buildCalicoNode(values).metadata?.annotations;
    t.is(annotations?.['resources.gardener.cloud/preserve-resources'], preserved ? 'true' : undefined);
  });
}

test('bird exporter', (t) => {
  const exporter = container(birdExporter, 'bird-exporter');
  t.deepEqual(exporter.args, [
    '-format.new=true',
    '-bird.socket=/var/run/calico/bird.ctl',
    '-bird.ipv6=false',
    '-web.listen-address=:9094',
  ]);
  t.deepEqual(exporter.ports, [{ containerPort: 9094, name: 'bird-metrics', protocol: 'TCP' }]);
  t.deepEqual(exporter.resources, { requests: { cpu: '10m', memory: '32Mi' } });
  t.deepEqual(exporter.volumeMounts, [{ name: 'var-run-calico', mountPath: '/var/run/calico', readOnly: true }]);
  const withIPv6 = container(valuesWith({ birdExporterEnabled: true }, dualStack), 'bird-exporter');
  t.false(withIPv6.args?.includes('-bird.ipv6=false'));
});

test('felix metrics port only with monitoring', (t) => {
  t.deepEqual(container(ipv4OverlayValues, 'calico-node').ports, [
    { containerPort: 9091, name: 'metrics', protocol: 'TCP' },
  ]);
  t.is(container(monitoringOff, 'calico-node').ports, undefined);
});

test('DaemonSet metadata and pod-level fields', (t) => {
  const daemonSet = buildCalicoNode(ipv4OverlayValues);
  t.like(daemonSet, { apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'calico-node', namespace: 'kube-system' } });
  t.deepEqual(daemonSet.metadata?.labels, {
    'k8s-app': 'calico-node',
    'gardener.cloud/role': 'system-component',
    'node.gardener.cloud/critical-component': 'true',
  });
  t.deepEqual(daemonSet.spec?.updateStrategy, { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 2 } });
  t.is(daemonSet.spec?.revisionHistoryLimit, 2);
  t.deepEqual(daemonSet.spec?.template.metadata?.labels, {
    'node.gardener.cloud/critical-component': 'true',
    'networking.gardener.cloud/to-public-networks': 'allowed',
    'networking.gardener.cloud/to-apiserver': 'allowed',
    'networking.gardener.cloud/to-dns': 'allowed',
    'k8s-app': 'calico-node',
    'gardener.cloud/role': 'system-component',
  });
  const spec = podSpec(ipv4OverlayValues);
  t.like(spec, {
    hostNetwork: true,
    serviceAccountName: 'calico-node',
    terminationGracePeriodSeconds: 0,
    priorityClassName: 'system-node-critical',
    nodeSelector: { 'kubernetes.io/os': 'linux' },
    securityContext: { seccompProfile: { type: 'RuntimeDefault' } },
  });
  t.deepEqual(spec.tolerations, [
    { effect: 'NoSchedule', operator: 'Exists' },
    { effect: 'NoExecute', operator: 'Exists' },
  ]);
});

test('the config checksum is the sha256 of the rendered calico-config and follows its changes', (t) => {
  const checksum = (values: CalicoValues) =>
    buildCalicoNode(values).spec?.template.metadata?.annotations?.['checksum/configmap-calico'];
  const expected = createHash('sha256').update(JSON.stringify(buildCalicoConfig(ipv4OverlayValues))).digest('hex');
  t.is(checksum(ipv4OverlayValues), expected);
  t.not(checksum(valuesWith({ vethMTU: '1400' })), expected);
  t.not(checksum(valuesWith({ typhaEnabled: false })), expected);
});

test('the rendered YAML has no anchors or aliases', (t) => {
  for (const values of [ipv4OverlayValues, overlayOff, ebpf, nonPrivileged, birdExporter]) {
    const yaml = buildNodeObjects(values).map((object) => stringify(object)).join('---\n');
    t.notRegex(yaml, /[&*]a\d+\b/);
  }
});

const objectId = (o: KubernetesObject) => `${o.kind}/${o.metadata?.name}`;

const builderCases = [
  {
    title: 'defaults',
    values: ipv4OverlayValues,
    expected: [
      'ConfigMap/calico-config',
      'DaemonSet/calico-node',
      'ServiceAccount/calico-node',
      'ClusterRole/calico-node',
      'ClusterRoleBinding/calico-node',
      'ServiceAccount/calico-cni-plugin',
      'ClusterRole/calico-cni-plugin',
      'ClusterRoleBinding/calico-cni-plugin',
      'ClusterRole/calico-tier-getter',
      'ClusterRoleBinding/calico-tier-getter',
      'Service/calico-felix-monitoring',
    ],
  },
  {
    title: 'bird exporter and VPA',
    values: valuesWith({ birdExporterEnabled: true, autoscaling: { nodeVPA: true } }),
    expected: [
      'ConfigMap/calico-config',
      'DaemonSet/calico-node',
      'ServiceAccount/calico-node',
      'ClusterRole/calico-node',
      'ClusterRoleBinding/calico-node',
      'ServiceAccount/calico-cni-plugin',
      'ClusterRole/calico-cni-plugin',
      'ClusterRoleBinding/calico-cni-plugin',
      'ClusterRole/calico-tier-getter',
      'ClusterRoleBinding/calico-tier-getter',
      'Service/calico-felix-monitoring',
      'Service/calico-bird-monitoring',
      'VerticalPodAutoscaler/calico-node',
    ],
  },
];

for (const { title, values, expected } of builderCases) {
  test(`buildNodeObjects order: ${title}`, (t) => {
    t.deepEqual(buildNodeObjects(values).map(objectId), expected);
  });
}

test('buildNodeObjects returns the same DaemonSet as buildCalicoNode', (t) => {
  const daemonSet = buildNodeObjects(ipv4OverlayValues).find((o) => o.kind === 'DaemonSet') as V1DaemonSet;
  t.deepEqual(daemonSet, buildCalicoNode(ipv4OverlayValues));
});
