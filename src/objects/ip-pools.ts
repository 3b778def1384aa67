// Calico IP pools: the pod ranges, how traffic from them is encapsulated and whether it is
// masqueraded. calico-node runs with NO_DEFAULT_POOLS, so these are the only pools we declare; the
// IPv4 pool is declared only when the NetworkConfig says whether the overlay is on, so clusters
// without an `overlay` block keep whatever pools they already have.
import type { V1ObjectMeta } from '@kubernetes/client-node';
import type { CalicoValues } from '../values/types.js';
import { objectMeta, type Builder } from './common.js';

type EncapsulationMode = 'Always' | 'Never' | 'CrossSubnet';
type AllowedUse = 'Workload' | 'Tunnel' | 'LoadBalancer';

export interface IPPoolSpec {
  allowedUses?: AllowedUse[];
  blockSize?: number;
  cidr: string;
  disabled?: boolean;
  disableBGPExport?: boolean;
  ipipMode?: EncapsulationMode;
  natOutgoing?: boolean;
  nodeSelector?: string;
  vxlanMode?: EncapsulationMode;
}

export interface IPPool {
  apiVersion: 'crd.projectcalico.org/v1';
  kind: 'IPPool';
  metadata: V1ObjectMeta;
  spec: IPPoolSpec;
}

interface Encapsulation {
  ipipMode: EncapsulationMode;
  vxlanMode: EncapsulationMode;
}

const NO_ENCAPSULATION: Encapsulation = { ipipMode: 'Never', vxlanMode: 'Never' };

function ipPool(name: string, spec: IPPoolSpec): IPPool {
  return {
    apiVersion: 'crd.projectcalico.org/v1',
    kind: 'IPPool',
    metadata: objectMeta(name, { namespaced: false }),
    spec,
  };
}

/** The pools pods draw their addresses from, by family: the names upstream gives them. */
export const POD_POOL_NAMES = { ipv4: 'default-ipv4-ippool', ipv6: 'default-ipv6-ippool' } as const;

/** A pool pods on every node draw addresses from. */
function podPool(
  name: string,
  cidr: string,
  blockSize: number,
  natOutgoing: boolean,
  encapsulation: Encapsulation,
): IPPool {
  return ipPool(name, {
    allowedUses: ['Workload', 'Tunnel'],
    blockSize,
    cidr,
    ipipMode: encapsulation.ipipMode,
    natOutgoing,
    nodeSelector: 'all()',
    vxlanMode: encapsulation.vxlanMode,
  });
}

function ipv4Pools(values: CalicoValues): IPPool[] {
  const { overlayEnabled, vxlanEnabled, podCIDR, nodeCIDR } = values.cluster;
  if (overlayEnabled === undefined) return [];
  if (overlayEnabled) {
    const encapsulation: Encapsulation = vxlanEnabled
      ? { ipipMode: 'Never', vxlanMode: 'Always' }
      : { ipipMode: 'Always', vxlanMode: 'Never' };
    return [podPool(POD_POOL_NAMES.ipv4, podCIDR, 26, true, encapsulation)];
  }
  const pools = [podPool(POD_POOL_NAMES.ipv4, podCIDR, 26, true, NO_ENCAPSULATION)];
  // Without an overlay, node addresses must stay unmasqueraded; a disabled pool over the node
  // range tells Felix that traffic to it is "in-cluster" without ever allocating from it.
  if (nodeCIDR) {
    pools.push(ipPool('no-snat-for-node-cidr', { cidr: nodeCIDR, disabled: true, disableBGPExport: true }));
  }
  return pools;
}

function ipv6Pools(values: CalicoValues): IPPool[] {
  // The IPv6 pod range comes from the Shoot status and can be missing on a first pass; upstream
  // then renders an empty CIDR, and so do we.
  const cidr = values.cluster.podCIDRv6 ?? '';
  return [podPool(POD_POOL_NAMES.ipv6, cidr, 122, values.ipv6.natOutgoing, NO_ENCAPSULATION)];
}

export const buildIPPools: Builder = (values) => [
  ...(values.ipv4.enabled ? ipv4Pools(values) : []),
  ...(values.ipv6.enabled ? ipv6Pools(values) : []),
];
