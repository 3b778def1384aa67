// Computes the Calico values from validated inputs with upstream's rules: the actuator's
// pre-processing (pkg/controller/actuator_reconcile.go) and then the chart values
// (pkg/charts/utils.go). This is the one place where each Felix/IPAM/pool decision is made.
import { canonicalQuantity } from './canonical-quantity.js';
import { cidrFamily, isIPv4MappedCIDR, type IPFamily } from '../inputs/net.js';
import type { NetworkConfig } from '../inputs/schemas.js';
import { PINNED_IMAGES } from './images.js';
import type { Backend, CalicoValues, ImageSet, PoolMode, ResourceRequests } from './types.js';

/** The validated facts the values depend on (see inputs/classify.ts). */
export interface ValuesInput {
  podCIDR: string;
  ipFamilies: readonly IPFamily[];
  /** As the user wrote it, or undefined when the Network has none. */
  networkConfig?: NetworkConfig;
  kubeProxy: { enabled: boolean; mode?: 'IPTables' | 'IPVS' | 'NFTables' };
  wantsVPA: boolean;
  nonPrivilegedCalicoNode: boolean;
  /** Shoot `spec.networking.nodes`. */
  nodesCIDR?: string;
  /** Shoot `status.networking.nodes`. */
  nodeCIDRs: readonly string[];
  /** Shoot `status.networking.pods`. */
  podCIDRs: readonly string[];
  imageOverrides: Partial<ImageSet>;
}

export function computeCalicoValues(input: ValuesInput): CalicoValues {
  const config = preprocessNetworkConfig(input);
  const usesIPv4 = input.ipFamilies.includes('IPv4');
  const usesIPv6 = input.ipFamilies.includes('IPv6');
  const overlay = input.networkConfig?.overlay;

  const values = baseValues(input, usesIPv4, usesIPv6);
  mergeNetworkConfig(values, config, usesIPv4, usesIPv6);

  values.cluster.overlayEnabled = overlay?.enabled;
  values.cluster.vxlanEnabled = overlay?.enabled === true && config.vxlan?.enabled === true;
  values.cluster.snatToUpstreamDNSEnabled = overlay?.enabled === false && (config.snatToUpstreamDNS?.enabled ?? true);
  values.autoscaling = autoscaling(config, input.wantsVPA, values.typhaEnabled);
  return values;
}

/**
 * The actuator's steps before the chart values: deprecated aliases (our deliberate deviation,
 * see REFERENCE.md step 7), empty family blocks, node-CIDR autodetection and the overlay's pool
 * mode and backend. Returns a new config; the input is not touched.
 */
export function preprocessNetworkConfig(input: ValuesInput): NetworkConfig {
  const config: NetworkConfig = structuredClone(input.networkConfig ?? {});
  const usesIPv4 = input.ipFamilies.includes('IPv4');
  const usesIPv6 = input.ipFamilies.includes('IPv6');

  if (!config.ipv4 && usesIPv4 && (config.ipip !== undefined || config.ipAutodetectionMethod !== undefined)) {
    config.ipv4 = { mode: config.ipip, autoDetectionMethod: config.ipAutodetectionMethod };
  }
  if (usesIPv4) config.ipv4 ??= {};
  if (usesIPv6) config.ipv6 ??= {};

  if (input.nodesCIDR) {
    if (config.ipv4) config.ipv4.autoDetectionMethod = `cidr=${input.nodesCIDR}`;
    if (input.nodeCIDRs.length > 0) {
      const byFamily = (family: IPFamily) => input.nodeCIDRs.filter((cidr) => cidrFamily(cidr) === family);
      if (config.ipv4) config.ipv4.autoDetectionMethod = cidrAutodetection(byFamily('IPv4'));
      if (config.ipv6) config.ipv6.autoDetectionMethod = cidrAutodetection(byFamily('IPv6'));
    }
  }

  const setPoolMode = (mode: PoolMode) => {
    const block = usesIPv6 ? config.ipv6 : config.ipv4;
    if (block) block.mode = mode;
    config.backend = mode === 'Never' ? 'none' : 'bird';
  };
  if (config.overlay?.enabled === true) {
    setPoolMode('Always');
    if (config.vxlan?.enabled) config.backend = 'vxlan';
  } else if (config.overlay?.enabled === false) {
    setPoolMode('Never');
    if (config.overlay.createPodRoutes) config.backend = 'bird';
  } else if (usesIPv6) {
    setPoolMode('Never');
  }
  return config;
}

/** utils.go: with an ipv4 block, vxlan.enabled makes the IPv4 pool a VXLAN one, on calico-ipam whatever ipam.type says. */
export function vxlanPoolTakesCalicoIPAM(config: NetworkConfig): boolean {
  return config.ipv4 !== undefined && config.vxlan?.enabled === true;
}

/** `cidr=a,b` for the given CIDRs; undefined (no autodetection env) when there are none. */
function cidrAutodetection(cidrs: readonly string[]): string | undefined {
  return cidrs.length > 0 ? `cidr=${cidrs.join(',')}` : undefined;
}

function baseValues(input: ValuesInput, usesIPv4: boolean, usesIPv6: boolean): CalicoValues {
  const kubeProxyEnabled = input.kubeProxy.enabled;
  return {
    backend: 'bird',
    felix: {
      ipInIPEnabled: !usesIPv6,
      bpfEnabled: false,
      bpfKubeProxyIptablesCleanupEnabled: !kubeProxyEnabled,
      nftablesEnabled: kubeProxyEnabled && input.kubeProxy.mode === 'NFTables',
    },
    ipv4: { enabled: usesIPv4, pool: 'ipip', mode: 'Always', wireguard: false },
    ipv6: { enabled: usesIPv6, pool: 'vxlan', mode: 'Never', natOutgoing: false, wireguard: false },
    ipam: {
      type: 'host-local',
      ...(usesIPv4 && usesIPv6
        ? { ranges: [[{ subnet: 'usePodCidrIPv6' }], [{ subnet: 'usePodCidr' }]] }
        : usesIPv6 ? { subnet: 'usePodCidrIPv6' } : { subnet: 'usePodCidr' }),
      assignIPv4: usesIPv4,
      assignIPv6: usesIPv6,
    },
    typhaEnabled: true,
    kubeControllersEnabled: true,
    vethMTU: '0',
    monitoring: { enabled: true, felixMetricsPort: 9091, typhaMetricsPort: 9093, birdMetricsPort: 9094 },
    nonPrivileged: input.nonPrivilegedCalicoNode,
    birdExporterEnabled: false,
    multus: { enabled: false, installCNIPlugins: false },
    cluster: {
      podCIDR: input.podCIDR,
      // The last IPv6 one, as utils.go's loop over the Shoot's pod CIDRs leaves it (Go counts an
      // IPv4-mapped network as IPv4).
      podCIDRv6: input.podCIDRs.filter((cidr) => cidrFamily(cidr) === 'IPv6' && !isIPv4MappedCIDR(cidr)).at(-1),
      nodeCIDR: input.nodesCIDR,
      vxlanEnabled: false,
      snatToUpstreamDNSEnabled: false,
    },
    autoscaling: { kubeControllersVPA: false, nodeVPA: false, typhaVPA: false, staticRequests: false, resourceRequests: {} },
    images: { ...PINNED_IMAGES, ...input.imageOverrides },
  };
}

/** utils.go's mergeCalicoValuesWithConfig, in its order: later steps override earlier ones. */
function mergeNetworkConfig(values: CalicoValues, config: NetworkConfig, usesIPv4: boolean, usesIPv6: boolean): void {
  if (config.serviceLoopPrevention) {
    values.felix.serviceLoopPrevention = config.serviceLoopPrevention as CalicoValues['felix']['serviceLoopPrevention'];
  }
  const wireguard = config.wireguardEncryption === true;
  values.ipv4.wireguard = wireguard;
  values.ipv6.wireguard = wireguard;
  if (wireguard) values.ipv6.natOutgoing = true;

  if (config.backend) values.backend = config.backend as Backend;
  if (values.backend === 'none') {
    values.kubeControllersEnabled = false;
    values.felix.ipInIPEnabled = false;
    values.ipv4.mode = 'Never';
  }
  if (config.overlay?.enabled === false) {
    values.felix.ipInIPEnabled = false;
    values.ipv4.mode = 'Never';
  }
  if (config.ebpfDataplane?.enabled) {
    values.felix.bpfEnabled = true;
    values.nonPrivileged = false;
  }

  if (config.ipam?.type) values.ipam.type = config.ipam.type as CalicoValues['ipam']['type'];
  if (values.ipam.type === 'host-local' && config.ipam?.cidr !== undefined && !(usesIPv4 && usesIPv6)) {
    values.ipam.subnet = config.ipam.cidr;
  }

  if (config.ipv4) {
    if (vxlanPoolTakesCalicoIPAM(config)) {
      values.ipv4.pool = 'vxlan';
      values.ipv4.mode = 'Always';
      values.ipam.type = 'calico-ipam';
    }
    if (config.ipv4.pool) values.ipv4.pool = config.ipv4.pool;
    if (config.ipv4.mode) values.ipv4.mode = config.ipv4.mode;
    if (config.ipv4.autoDetectionMethod !== undefined) values.ipv4.autoDetectionMethod = config.ipv4.autoDetectionMethod || undefined;
  }
  if (config.ipv6) {
    if (config.ipv6.pool) values.ipv6.pool = config.ipv6.pool;
    if (config.ipv6.mode) values.ipv6.mode = config.ipv6.mode;
    if (config.ipv6.autoDetectionMethod !== undefined) values.ipv6.autoDetectionMethod = config.ipv6.autoDetectionMethod || undefined;
    if (config.ipv6.sourceNATEnabled !== undefined) values.ipv6.natOutgoing = config.ipv6.sourceNATEnabled;
  }

  if (config.typha) values.typhaEnabled = config.typha.enabled;
  // Canonical digits: install-cni puts the MTU into the CNI conflist as a JSON number, where the
  // "+1440" and "01440" that validation (like upstream's strconv.Atoi) accepts are not JSON.
  if (config.vethMTU !== undefined) values.vethMTU = config.vethMTU.replace(/^[+-]?0*(?=\d)/, '');
  if (config.birdExporter) values.birdExporterEnabled = config.birdExporter.enabled;
  if (config.multus) {
    values.multus.enabled = config.multus.enabled;
    values.multus.installCNIPlugins = config.multus.installCNIPlugins ?? false;
  }
}

function autoscaling(config: NetworkConfig, wantsVPA: boolean, typhaEnabled: boolean): CalicoValues['autoscaling'] {
  const mode = config.autoScaling?.mode;
  const requests = () => ({
    node: resourceRequests(config.autoScaling?.resources?.node),
    typha: resourceRequests(config.autoScaling?.resources?.typha),
  });
  const result: CalicoValues['autoscaling'] = {
    kubeControllersVPA: wantsVPA,
    nodeVPA: false,
    typhaVPA: false,
    staticRequests: false,
    resourceRequests: {},
  };
  if (mode === 'vpa' && wantsVPA) {
    result.nodeVPA = true;
    result.typhaVPA = typhaEnabled;
    result.resourceRequests = dropEmpty(requests());
  } else if (mode === 'static') {
    result.staticRequests = true;
    result.resourceRequests = dropEmpty(requests());
  }
  return result;
}

function resourceRequests(list: Record<string, string | number> | undefined): ResourceRequests | undefined {
  if (!list) return undefined;
  const requests: ResourceRequests = {};
  // As the extension's resource.Quantity values marshal: canonical (1000m is 1).
  if (list.cpu !== undefined) requests.cpu = canonicalQuantity(String(list.cpu));
  if (list.memory !== undefined) requests.memory = canonicalQuantity(String(list.memory));
  return requests;
}

function dropEmpty(requests: { node?: ResourceRequests; typha?: ResourceRequests }) {
  return Object.fromEntries(Object.entries(requests).filter(([, value]) => value !== undefined));
}
