// The Calico values: everything the object builders need, computed once from the inputs by
// `computeCalicoValues` (values/compute.ts) following upstream's pkg/charts/utils.go. Builders read
// these and nothing else, so every rendering decision traces back to one field here.

export type Backend = 'bird' | 'vxlan' | 'none';
export type PoolMode = 'Always' | 'Never' | 'CrossSubnet' | 'Off';
export type PoolType = 'ipip' | 'vxlan';
export type IpamType = 'host-local' | 'calico-ipam';
export type ServiceLoopPrevention = 'Disabled' | 'Drop' | 'Reject';

/** CPU and memory requests as Kubernetes quantity strings, either may be absent. */
export interface ResourceRequests {
  cpu?: string;
  memory?: string;
}

export interface ImageSet {
  'calico-node': string;
  'calico-cni': string;
  'calico-typha': string;
  'calico-kube-controllers': string;
  'calico-cpa': string;
  'calico-cpva': string;
  'bird-exporter': string;
  'multus-cni': string;
  'cni-plugins': string;
}
export type ImageName = keyof ImageSet;

export interface CalicoValues {
  backend: Backend;
  felix: {
    ipInIPEnabled: boolean;
    bpfEnabled: boolean;
    bpfKubeProxyIptablesCleanupEnabled: boolean;
    nftablesEnabled: boolean;
    serviceLoopPrevention?: ServiceLoopPrevention;
  };
  ipv4: {
    enabled: boolean;
    pool: PoolType;
    mode: PoolMode;
    autoDetectionMethod?: string;
    wireguard: boolean;
  };
  ipv6: {
    enabled: boolean;
    pool: PoolType;
    mode: PoolMode;
    autoDetectionMethod?: string;
    natOutgoing: boolean;
    wireguard: boolean;
  };
  ipam: {
    type: IpamType;
    /** "usePodCidr", "usePodCidrIPv6" or a CIDR; absent for dual-stack. */
    subnet?: string;
    /** Dual-stack only: one range set per family. */
    ranges?: { subnet: string }[][];
    assignIPv4: boolean;
    assignIPv6: boolean;
  };
  typhaEnabled: boolean;
  kubeControllersEnabled: boolean;
  /** "0" lets Calico auto-detect. Kept as the string the user wrote. */
  vethMTU: string;
  monitoring: {
    enabled: boolean;
    felixMetricsPort: number;
    typhaMetricsPort: number;
    birdMetricsPort: number;
  };
  /** calico-node runs as uid 999 with capabilities instead of privileged. */
  nonPrivileged: boolean;
  birdExporterEnabled: boolean;
  multus: { enabled: boolean; installCNIPlugins: boolean };
  cluster: {
    podCIDR: string;
    podCIDRv6?: string;
    nodeCIDR?: string;
    /** Tri-state like upstream: undefined when the NetworkConfig has no `overlay` block. */
    overlayEnabled?: boolean;
    /** Overlay on and VXLAN chosen as its encapsulation. */
    vxlanEnabled: boolean;
    /** Only ever true when the overlay is explicitly off. */
    snatToUpstreamDNSEnabled: boolean;
  };
  autoscaling: {
    /** VPA for calico-kube-controllers: whenever the Shoot wants VPA. */
    kubeControllersVPA: boolean;
    nodeVPA: boolean;
    typhaVPA: boolean;
    staticRequests: boolean;
    resourceRequests: { node?: ResourceRequests; typha?: ResourceRequests };
  };
  images: ImageSet;
}
