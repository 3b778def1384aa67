// Inputs of the benchmark (scripts/bench.mjs), as ResourceList texts: the bundled example, a
// NetworkConfig with every option on, and overlay switches pending on large clusters, with the
// snapshot as a compact NodeConditionSnapshot or as `kubectl get nodes -o yaml` prints it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';

const REPO = new URL('..', import.meta.url).pathname;
const exampleNetwork = readFileSync(join(REPO, 'example/network.yaml'), 'utf8');
const exampleConfig = readFileSync(join(REPO, 'example/render-calico.yaml'), 'utf8');

/**
 * As kpt sends it: block style, sequences compact (their dashes in the key's column, items at column
 * 0), and no anchors where an object is both an item and the functionConfig.
 */
export function resourceList(items, functionConfig) {
  return stringify({ apiVersion: 'config.kubernetes.io/v1', kind: 'ResourceList', items, functionConfig }, { lineWidth: 0, aliasDuplicateObjects: false, indentSeq: false });
}

const network = parse(exampleNetwork);
const config = parse(exampleConfig);

function networkWith(providerConfig, ipFamilies = ['IPv4']) {
  return { ...network, spec: { ...network.spec, ipFamilies, providerConfig: { apiVersion: network.spec.providerConfig.apiVersion, kind: 'NetworkConfig', ...providerConfig } } };
}

const switchNetwork = networkWith({ overlay: { enabled: false } });
const switchConfig = { ...config, spec: { ...config.spec, shoot: { spec: { kubernetes: { version: '1.36.1' }, networking: { nodes: '10.250.0.0/16' } } } } };
const runningIpip = {
  apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'calico-node', namespace: 'kube-system' },
  spec: { template: { spec: { containers: [{ name: 'calico-node', env: [{ name: 'FELIX_IPINIPENABLED', value: 'true' }] }] } } },
};

const nodeName = (index) => `ip-10-250-${Math.floor(index / 250)}-${index % 250}`;

export function compactSnapshot(count) {
  const nodes = Array.from({ length: count }, (_, index) => ({
    name: nodeName(index),
    conditions: [{ type: 'NetworkUnavailable', status: index === count - 1 ? 'True' : 'False', reason: index === count - 1 ? 'NoRouteCreated' : 'RouteCreated', message: 'route state', lastTransitionTime: '2026-11-23T10:00:00Z' }],
  }));
  return { apiVersion: 'fn.networking-calico.gardener.cloud/v1alpha1', kind: 'NodeConditionSnapshot', metadata: { name: 'shoot-nodes' }, capturedAt: '2026-11-23T10:00:00Z', nodes, calicoNode: { overlay: 'ipip' } };
}

/** A Node as `kubectl get nodes -o yaml` prints it, with the usual bulk. */
function realisticNode(index) {
  const name = nodeName(index);
  const condition = (type, status, reason) => ({ type, status, reason, message: `${reason} on ${name}`, lastHeartbeatTime: '2026-11-23T09:59:00Z', lastTransitionTime: '2026-11-20T08:00:00Z' });
  return {
    apiVersion: 'v1', kind: 'Node',
    metadata: {
      name, uid: `7d3c1e2a-0000-4000-8000-${String(index).padStart(12, '0')}`, resourceVersion: String(100000 + index), creationTimestamp: '2026-11-20T08:00:00Z',
      labels: {
        'beta.kubernetes.io/arch': 'amd64', 'beta.kubernetes.io/instance-type': 'm6i.xlarge', 'beta.kubernetes.io/os': 'linux',
        'kubernetes.io/arch': 'amd64', 'kubernetes.io/hostname': name, 'kubernetes.io/os': 'linux', 'node.kubernetes.io/instance-type': 'm6i.xlarge',
        'topology.kubernetes.io/region': 'eu-west-1', 'topology.kubernetes.io/zone': `eu-west-1${'abc'[index % 3]}`, 'worker.gardener.cloud/pool': 'worker-a',
      },
      annotations: { 'node.alpha.kubernetes.io/ttl': '0', 'volumes.kubernetes.io/controller-managed-attach-detach': 'true' },
    },
    spec: { podCIDR: `100.96.${index % 256}.0/24`, podCIDRs: [`100.96.${index % 256}.0/24`], providerID: `aws:///eu-west-1a/i-0${index.toString(16).padStart(16, '0')}` },
    status: {
      addresses: [{ type: 'InternalIP', address: `10.250.${Math.floor(index / 250)}.${index % 250}` }, { type: 'Hostname', address: name }, { type: 'InternalDNS', address: `${name}.eu-west-1.compute.internal` }],
      allocatable: { cpu: '3920m', 'ephemeral-storage': '48294789041', memory: '14784320Ki', pods: '110' },
      capacity: { cpu: '4', 'ephemeral-storage': '50620216Ki', memory: '15935296Ki', pods: '110' },
      conditions: [
        condition('NetworkUnavailable', index === 0 ? 'False' : 'False', index === 0 ? 'CalicoIsUp' : 'RouteCreated'),
        condition('MemoryPressure', 'False', 'KubeletHasSufficientMemory'),
        condition('DiskPressure', 'False', 'KubeletHasNoDiskPressure'),
        condition('PIDPressure', 'False', 'KubeletHasSufficientPID'),
        condition('Ready', 'True', 'KubeletReady'),
      ],
      daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
      images: Array.from({ length: 8 }, (_, image) => ({ names: [`registry.example.com/image-${image}@sha256:${'0'.repeat(63)}${image}`, `registry.example.com/image-${image}:v1.${image}.0`], sizeBytes: 10_000_000 + image })),
      nodeInfo: {
        architecture: 'amd64', bootID: `b-${index}`, containerRuntimeVersion: 'containerd://2.1.4', kernelVersion: '6.12.30-cloud-amd64', kubeProxyVersion: 'v1.34.2',
        kubeletVersion: 'v1.34.2', machineID: `m-${index}`, operatingSystem: 'linux', osImage: 'Garden Linux 1877.3', systemUUID: `ec2-${index}`,
      },
    },
  };
}

export function kubectlNodeList(count) {
  return { apiVersion: 'v1', kind: 'List', metadata: { resourceVersion: '' }, items: Array.from({ length: count }, (_, index) => realisticNode(index)) };
}

const everyOption = networkWith({
  overlay: { enabled: true }, birdExporter: { enabled: true }, multus: { enabled: true, installCNIPlugins: true }, wireguardEncryption: true,
  autoScaling: { mode: 'vpa', resources: { node: { cpu: '100m', memory: '200Mi' }, typha: { cpu: '150m', memory: '250Mi' } } },
  serviceLoopPrevention: 'Drop', vethMTU: '1440',
}, ['IPv4', 'IPv6']);
const everyOptionConfig = {
  ...config,
  spec: { ...config.spec, shoot: { spec: { kubernetes: { version: '1.34.2', verticalPodAutoscaler: { enabled: true } }, networking: { nodes: '10.250.0.0/16' } }, status: { networking: { nodes: ['10.250.0.0/16', '2001:db8:2::/64'], pods: ['100.96.0.0/11', '2001:db8:1::/48'] } } } },
};


/** [name, ResourceList text] for every workload, at the given sizes. */
export function benchWorkloads(sizes) {
  return [
    ['default', resourceList([network, config], config)],
    ['every-option', resourceList([everyOption, everyOptionConfig], everyOptionConfig)],
    ...sizes.compact.map((count) => [`compact-${count}`, resourceList([switchNetwork, runningIpip, compactSnapshot(count)], switchConfig)]),
    ...sizes.list.map((count) => [`nodes-list-${count}`, resourceList([switchNetwork, runningIpip, kubectlNodeList(count)], switchConfig)]),
  ];
}
