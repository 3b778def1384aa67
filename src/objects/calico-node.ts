// The calico-node DaemonSet: Felix (policy and routes) and, with backend bird, BIRD (BGP) on
// every node, plus the init containers preparing the host and the sidecars Gardener adds.
import type { V1Container, V1DaemonSet, V1EnvFromSource, V1EnvVar, V1Volume } from '@kubernetes/client-node';
import type { CalicoValues } from '../values/types.js';
import {
  contentChecksum,
  image,
  preserveResourcesAnnotations,
  TO_PUBLIC_NETWORKS_APISERVER_AND_DNS,
} from './common.js';
import { buildCalicoConfig, CALICO_CNI_CONFIG_FILE, CALICO_CONFIG_NAME } from './calico-config.js';
import { nodeAgentDaemonSet } from './node-agent.js';
import { env, envFromNodeName, hostPathVolume, mount, privileged } from './pod-spec.js';
import {
  CLEANUP_BIRD_ROUTES,
  ENSURE_NETWORK_UNAVAILABLE_CONDITION,
  LOG_MTU_ISSUES,
  SNAT_TO_UPSTREAM_DNS,
} from './node-scripts.js';

export const CALICO_NODE = 'calico-node';
/** The unprivileged calico-node runs as this user; hostpath-init hands it the host dirs. */
const UNPRIVILEGED_UID = 999;

export function buildCalicoNode(values: CalicoValues): V1DaemonSet {
  return nodeAgentDaemonSet({
    name: CALICO_NODE,
    annotations: preserveResourcesAnnotations(values),
    networkAccess: TO_PUBLIC_NETWORKS_APISERVER_AND_DNS,
    // Env references to calico-config are read only at container start: roll on change.
    podAnnotations: { 'checksum/configmap-calico': calicoConfigChecksum(values) },
    initContainers: initContainers(values),
    containers: containers(values),
    volumes: volumes(values),
  });
}

/** sha256 (hex) of the calico-config ConfigMap as we render it. */
export function calicoConfigChecksum(values: CalicoValues): string {
  return contentChecksum(buildCalicoConfig(values));
}

function initContainers(values: CalicoValues): V1Container[] {
  const nodeImage = image(values, 'calico-node');
  return [
    ...when(values.cluster.overlayEnabled === false, {
      name: 'cleanup-routes',
      image: nodeImage,
      command: ['sh', '-c', CLEANUP_BIRD_ROUTES],
      securityContext: privileged(),
    }),
    ...when(values.monitoring.enabled, {
      name: 'log-mtu-issues',
      image: nodeImage,
      command: ['/bin/sh', '-c', LOG_MTU_ISSUES],
      securityContext: privileged(),
    }),
    {
      name: 'install-cni',
      image: image(values, 'calico-cni'),
      command: ['/opt/cni/bin/install'],
      envFrom: [kubernetesServicesEndpoint()],
      env: [
        env('CNI_CONF_NAME', CALICO_CNI_CONFIG_FILE),
        envFromCalicoConfig('CNI_NETWORK_CONFIG', 'cni_network_config'),
        envFromNodeName('KUBERNETES_NODE_NAME'),
        envFromCalicoConfig('CNI_MTU', 'veth_mtu'),
        // Exit once installed instead of idling: this is an init container.
        env('SLEEP', 'false'),
      ],
      volumeMounts: [mount('cni-net-dir', '/host/etc/cni/net.d'), mount('cni-bin-dir', '/host/secondary-bin-dir')],
      securityContext: privileged(),
    },
    ...when(values.felix.bpfEnabled, {
      name: 'ebpf-bootstrap',
      image: nodeImage,
      command: ['calico-node', '-init', '-best-effort'],
      volumeMounts: [
        // Bidirectional so the bpffs and cgroup2 mounts made here reach the host and outlive
        // this container.
        { ...mount('sys-fs', '/sys/fs'), mountPropagation: 'Bidirectional' },
        { ...mount('var-run-calico', '/var/run/calico'), mountPropagation: 'Bidirectional' },
        // The host's PID 1 mount namespace, where the root cgroup2 gets mounted.
        mount('nodeproc', '/nodeproc', true),
      ],
      securityContext: privileged(),
    }),
    ...when(values.nonPrivileged, {
      name: 'hostpath-init',
      image: nodeImage,
      command: ['sh', '-c', 'calico-node -hostpath-init'],
      env: [env('NODE_USER_ID', String(UNPRIVILEGED_UID))],
      securityContext: { allowPrivilegeEscalation: false, runAsUser: 0 },
      volumeMounts: stateDirs(true).map((dir) => mount(dir.name, dir.path, false)),
    }),
  ];
}

function containers(values: CalicoValues): V1Container[] {
  const { monitoring } = values;
  return [
    ...when(values.cluster.snatToUpstreamDNSEnabled, snatToUpstreamDNSContainer(values)),
    ...when(values.backend !== 'none', networkUnavailableConditionEnsurer(values)),
    calicoNodeContainer(values),
    ...when(monitoring.enabled && values.birdExporterEnabled && !values.nonPrivileged, {
      name: 'bird-exporter',
      image: image(values, 'bird-exporter'),
      args: [
        '-format.new=true',
        '-bird.socket=/var/run/calico/bird.ctl',
        ...when(!values.ipv6.enabled, '-bird.ipv6=false'),
        `-web.listen-address=:${monitoring.birdMetricsPort}`,
      ],
      resources: { requests: { cpu: '10m', memory: '32Mi' } },
      volumeMounts: [mount('var-run-calico', '/var/run/calico', true)],
      ports: [{ containerPort: monitoring.birdMetricsPort, name: 'bird-metrics', protocol: 'TCP' }],
    }),
  ];
}

function snatToUpstreamDNSContainer(values: CalicoValues): V1Container {
  return {
    name: 'add-snat-rule-to-upstream-dns',
    image: image(values, 'calico-node'),
    imagePullPolicy: 'IfNotPresent',
    securityContext: values.nonPrivileged
      ? { privileged: false, allowPrivilegeEscalation: false, capabilities: { add: ['NET_ADMIN'] } }
      : privileged(),
    env: [env('POD_CIDR', values.cluster.podCIDR)],
    command: ['/bin/sh', '-c', SNAT_TO_UPSTREAM_DNS],
    volumeMounts: [mount('xtables-lock', '/run/xtables.lock', false)],
  };
}

function networkUnavailableConditionEnsurer(values: CalicoValues): V1Container {
  const { ipv4, ipv6 } = values;
  return {
    name: 'network-unavailable-condition-ensurer',
    image: image(values, 'calico-node'),
    imagePullPolicy: 'IfNotPresent',
    securityContext: { privileged: false, allowPrivilegeEscalation: false },
    env: [
      envFromCalicoConfig('CALICO_NETWORKING_BACKEND', 'calico_backend'),
      ipv4AddressEnv(values),
      ...envIfSet('IP_AUTODETECTION_METHOD', ipv4.enabled ? ipv4.autoDetectionMethod : undefined),
      ...when(ipv6.enabled, env('IP6', 'autodetect')),
      ...envIfSet('IP6_AUTODETECTION_METHOD', ipv6.enabled ? ipv6.autoDetectionMethod : undefined),
      // Only the condition is wanted here; pools are calico-node's business.
      env('NO_DEFAULT_POOLS', 'true'),
      envFromNodeName('NODENAME'),
    ],
    command: ['/bin/bash', '-c', ENSURE_NETWORK_UNAVAILABLE_CONDITION],
  };
}

function calicoNodeContainer(values: CalicoValues): V1Container {
  const { monitoring } = values;
  const birdProbes = values.backend === 'bird';
  return {
    name: CALICO_NODE,
    image: image(values, 'calico-node'),
    envFrom: [kubernetesServicesEndpoint()],
    ...(monitoring.enabled
      ? { ports: [{ containerPort: monitoring.felixMetricsPort, name: 'metrics', protocol: 'TCP' }] }
      : {}),
    env: calicoNodeEnv(values),
    securityContext: values.nonPrivileged
      ? {
          runAsUser: UNPRIVILEGED_UID,
          runAsGroup: 0,
          privileged: false,
          allowPrivilegeEscalation: false,
          capabilities: { add: ['NET_RAW', 'NET_ADMIN', 'NET_BIND_SERVICE'] },
        }
      : privileged(),
    resources: { requests: calicoNodeRequests(values) },
    lifecycle: { preStop: { exec: { command: ['/bin/calico-node', '-shutdown'] } } },
    livenessProbe: {
      exec: { command: ['/bin/calico-node', '-felix-live', ...when(birdProbes, '-bird-live')] },
      periodSeconds: 10,
      initialDelaySeconds: 10,
      failureThreshold: 6,
      timeoutSeconds: 10,
    },
    readinessProbe: {
      exec: { command: ['/bin/calico-node', '-felix-ready', ...when(birdProbes, '-bird-ready')] },
      periodSeconds: 10,
      timeoutSeconds: 10,
    },
    volumeMounts: [
      // calico-node maintains the CNI plugin's kubeconfig there.
      mount('cni-net-dir', '/host/etc/cni/net.d', false),
      mount('lib-modules', '/lib/modules', true),
      mount('xtables-lock', '/run/xtables.lock', false),
      ...stateDirs(values.nonPrivileged).map((dir) => mount(dir.name, dir.path, false)),
      mount('policysync', '/var/run/nodeagent'),
      ...when(values.felix.bpfEnabled, mount('bpffs', '/sys/fs/bpf')),
      mount('cni-log-dir', '/var/log/calico/cni', true),
    ],
  };
}

function calicoNodeEnv(values: CalicoValues): V1EnvVar[] {
  const { felix, ipv4, ipv6, monitoring, cluster } = values;
  const bool = (flag: boolean) => String(flag);
  return [
    // host-local IPAM hands out addresses from the node's spec.podCIDR.
    ...when(values.ipam.type === 'host-local', env('USE_POD_CIDR', 'true')),
    ...when(
      monitoring.enabled,
      env('FELIX_PROMETHEUSMETRICSENABLED', 'true'),
      env('FELIX_PROMETHEUSMETRICSPORT', String(monitoring.felixMetricsPort)),
    ),
    env('DATASTORE_TYPE', 'kubernetes'),
    envFromCalicoConfig('FELIX_TYPHAK8SSERVICENAME', 'typha_service_name'),
    env('WAIT_FOR_DATASTORE', 'true'),
    envFromNodeName('NODENAME'),
    envFromCalicoConfig('CALICO_NETWORKING_BACKEND', 'calico_backend'),
    env('CLUSTER_TYPE', 'k8s,bgp'),
    ipv4AddressEnv(values),
    ...when(
      ipv4.enabled,
      env(`CALICO_IPV4POOL_${ipv4.pool.toUpperCase()}`, ipv4.mode),
      env('CALICO_IPV4POOL_CIDR', cluster.podCIDR),
      ...envIfSet('IP_AUTODETECTION_METHOD', ipv4.autoDetectionMethod),
    ),
    ...when(
      ipv6.enabled,
      env('IP6', 'autodetect'),
      env(`CALICO_IPV6POOL_${ipv6.pool.toUpperCase()}`, ipv6.mode),
      env('CALICO_IPV6POOL_CIDR', cluster.podCIDRv6 ?? ''),
      ...envIfSet('IP6_AUTODETECTION_METHOD', ipv6.autoDetectionMethod),
      env('CALICO_IPV6POOL_NAT_OUTGOING', bool(ipv6.natOutgoing)),
      // Without IPv4 there is no address to derive the BGP router id from.
      env('CALICO_ROUTER_ID', 'hash'),
    ),
    env('FELIX_IPV6SUPPORT', bool(ipv6.enabled)),
    // IPIP, VXLAN and WireGuard devices all take the veth MTU.
    envFromCalicoConfig('FELIX_IPINIPMTU', 'veth_mtu'),
    envFromCalicoConfig('FELIX_VXLANMTU', 'veth_mtu'),
    envFromCalicoConfig('FELIX_WIREGUARDMTU', 'veth_mtu'),
    // Logs go to stdout only, so `kubectl logs` shows them.
    env('CALICO_DISABLE_FILE_LOGGING', 'true'),
    env('FELIX_DEFAULTENDPOINTTOHOSTACTION', 'ACCEPT'),
    ...when(!cluster.vxlanEnabled, env('FELIX_IPINIPENABLED', bool(felix.ipInIPEnabled))),
    env('FELIX_BPFENABLED', bool(felix.bpfEnabled)),
    // With eBPF beside a running kube-proxy both would serve healthz on 10256: move Felix's.
    // The misspelt name is what Calico releases before v3.30.5 read.
    ...when(
      felix.bpfEnabled && !felix.bpfKubeProxyIptablesCleanupEnabled,
      env('FELIX_BPFKUBEPROXYHEALTZPORT', '10257'),
      env('FELIX_BPFKUBEPROXYHEALTHZPORT', '10257'),
    ),
    env('FELIX_BPFKUBEPROXYIPTABLESCLEANUPENABLED', bool(felix.bpfKubeProxyIptablesCleanupEnabled)),
    env('FELIX_HEALTHENABLED', 'true'),
    // Keep SNAT source ports clear of the node's ephemeral range.
    env('FELIX_NATPORTRANGE', '32768:65535'),
    ...envIfSet('FELIX_SERVICELOOPPREVENTION', felix.serviceLoopPrevention),
    ...when(felix.nftablesEnabled, env('FELIX_NFTABLESMODE', 'Enabled')),
    // Felix appends its hooks to the kernel chains instead of inserting them first, so the
    // sidecar's masquerade rule at the top of POSTROUTING stays ahead of them.
    ...when(cluster.snatToUpstreamDNSEnabled, env('FELIX_CHAININSERTMODE', 'Append')),
    ...when(ipv4.wireguard, env('FELIX_WIREGUARDENABLED', 'true')),
    ...when(ipv6.wireguard, env('FELIX_WIREGUARDENABLEDV6', 'true')),
    // Service account tokens expire: calico-node keeps the CNI plugin's kubeconfig fresh.
    env('CALICO_MANAGE_CNI', 'true'),
    ...when(cluster.vxlanEnabled, env('CALICO_IPV4POOL_IPIP', 'Never'), env('FELIX_VXLANENABLED', 'true')),
  ];
}

/** User requests apply only when VPA or static requests manage them; otherwise the defaults. */
function calicoNodeRequests(values: CalicoValues): { cpu: string; memory: string } {
  const { staticRequests, nodeVPA, resourceRequests } = values.autoscaling;
  const userRequests = staticRequests || nodeVPA ? resourceRequests.node : undefined;
  return { cpu: userRequests?.cpu || '250m', memory: userRequests?.memory || '100Mi' };
}

function volumes(values: CalicoValues): V1Volume[] {
  return [
    hostPathVolume('lib-modules', '/lib/modules'),
    ...stateDirs(values.nonPrivileged).map((dir) => hostPathVolume(dir.name, dir.path, dir.type)),
    hostPathVolume('xtables-lock', '/run/xtables.lock', 'FileOrCreate'),
    ...when(
      values.felix.bpfEnabled,
      hostPathVolume('sys-fs', '/sys/fs/', 'DirectoryOrCreate'),
      hostPathVolume('bpffs', '/sys/fs/bpf', 'Directory'),
      hostPathVolume('nodeproc', '/proc'),
    ),
    hostPathVolume('cni-bin-dir', '/opt/cni/bin', 'DirectoryOrCreate'),
    hostPathVolume('cni-net-dir', '/etc/cni/net.d'),
    hostPathVolume('cni-log-dir', '/var/log/calico/cni'),
    // Per-pod Unix sockets for policy sync.
    hostPathVolume('policysync', '/var/run/nodeagent', 'DirectoryOrCreate'),
  ];
}

interface HostDir {
  name: string;
  path: string;
  type?: string;
}

/**
 * Host directories calico-node keeps state in. Privileged, it gets just its own (created on
 * demand). Unprivileged, it gets the parents, where hostpath-init creates and chowns its dirs.
 */
function stateDirs(nonPrivileged: boolean): HostDir[] {
  return nonPrivileged
    ? [
        { name: 'var-run', path: '/var/run' },
        { name: 'var-lib', path: '/var/lib' },
        { name: 'var-log', path: '/var/log' },
      ]
    : [
        { name: 'var-run-calico', path: '/var/run/calico', type: 'DirectoryOrCreate' },
        { name: 'var-lib-calico', path: '/var/lib/calico', type: 'DirectoryOrCreate' },
      ];
}

/** Lets eBPF mode point KUBERNETES_SERVICE_HOST/PORT at the API server directly, if provided. */
function kubernetesServicesEndpoint(): V1EnvFromSource {
  return { configMapRef: { name: 'kubernetes-services-endpoint', optional: true } };
}

/** The given items when `condition` holds, else none: for conditional entries in lists. */
function when<T>(condition: boolean, ...items: T[]): T[] {
  return condition ? items : [];
}

/** The variable when `value` is a non-empty string, else nothing. */
function envIfSet(name: string, value: string | undefined): V1EnvVar[] {
  return value ? [env(name, value)] : [];
}

function envFromCalicoConfig(name: string, key: string): V1EnvVar {
  return { name, valueFrom: { configMapKeyRef: { name: CALICO_CONFIG_NAME, key } } };
}

/** `IP`: autodetect the node's IPv4 address, or none on IPv6-only nodes. */
function ipv4AddressEnv(values: CalicoValues): V1EnvVar {
  return env('IP', values.ipv4.enabled ? 'autodetect' : 'none');
}
