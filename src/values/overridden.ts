// NetworkConfig settings the user gave that the extension replaces: the overlay block decides
// the pool mode and the backend, the Shoot's node CIDRs the address autodetection (compute.ts,
// preprocessNetworkConfig), and vxlan.enabled the IPAM type (the chart values, compute.ts). The
// rendered objects do not show that a setting had no effect, so each is said, as an info result:
// an edit that changes nothing should not look like a render that ignored it.
import type { NetworkConfig } from '../inputs/schemas.js';
import { vxlanPoolTakesCalicoIPAM } from './compute.js';

export interface OverriddenSetting {
  /** The field as the user wrote it, below the NetworkConfig (`ipv4.mode`, or the deprecated `ipip`). */
  field: string;
  given: string;
  used: string | undefined;
  why: string;
}

const BY_OVERLAY = 'the overlay block decides it (overlay.enabled), as in the extension';
const BY_IPV6_DEFAULT = 'without an overlay block, a cluster using IPv6 takes pool mode Never and backend none, as in the extension';
const BY_NODE_CIDRS = "the Shoot's node CIDRs decide it (spec.networking.nodes, status.networking.nodes), as in the extension";
const NO_IPV4 = 'the Network does not use IPv4';
const BY_VXLAN = 'vxlan.enabled takes calico-ipam for the IPv4 pool (utils.go), as in the extension';

/** `used`: the NetworkConfig after preprocessNetworkConfig, from `given` and the Shoot's facts. */
export function overriddenSettings(given: NetworkConfig | undefined, used: NetworkConfig): OverriddenSetting[] {
  if (!given) return [];
  const byPool = given.overlay ? BY_OVERLAY : BY_IPV6_DEFAULT;
  // The deprecated top-level fields stand for the ipv4 block's when there is none (compute.ts).
  const ipv4Mode = given.ipv4 ? { field: 'ipv4.mode', value: given.ipv4.mode } : { field: 'ipip', value: given.ipip };
  const ipv4Detection = given.ipv4 ? { field: 'ipv4.autoDetectionMethod', value: given.ipv4.autoDetectionMethod } : { field: 'ipAutodetectionMethod', value: given.ipAutodetectionMethod };
  const candidates = [
    { ...ipv4Mode, used: used.ipv4?.mode, why: byPool },
    { field: 'ipv6.mode', value: given.ipv6?.mode, used: used.ipv6?.mode, why: byPool },
    { field: 'backend', value: given.backend, used: used.backend, why: byPool },
    // Without IPv4 (IPv6 only) there is no ipv4 block to take the deprecated field.
    { ...ipv4Detection, used: used.ipv4?.autoDetectionMethod, why: used.ipv4 ? BY_NODE_CIDRS : NO_IPV4 },
    { field: 'ipv6.autoDetectionMethod', value: given.ipv6?.autoDetectionMethod, used: used.ipv6?.autoDetectionMethod, why: BY_NODE_CIDRS },
    { field: 'ipam.type', value: given.ipam?.type || undefined, used: vxlanPoolTakesCalicoIPAM(used) ? 'calico-ipam' : given.ipam?.type, why: BY_VXLAN },
  ];
  return candidates.filter(({ value, used: usedValue }) => value !== undefined && value !== usedValue)
    .map(({ field, value, used: usedValue, why }) => ({ field, given: value as string, used: usedValue, why }));
}
