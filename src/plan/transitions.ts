// The table of Calico transitions a change plan names: what each does to a running cluster, how
// severe it is and what to do. The destructive ones carry the name under which the function
// config's spec.acknowledge lets them through. Sources for every fact: docs/change-plan.md.
import { canonicalCIDR } from '../inputs/net.js';
import type { Acknowledgement } from '../inputs/schemas.js';
import type { ResourceRef, Severity } from '../krm/types.js';
import { POD_POOL_NAMES } from '../objects/ip-pools.js';
import type { CalicoFacts, PoolFacts } from './facts.js';

export interface Detected {
  /** What changes, with the values before and after. */
  change: string;
  ref?: ResourceRef;
  /** Instead of the transition's own severity: a skipped Calico minor release, a held switch. */
  severity?: 'info' | 'warning';
  /** The change says all: the transition's impact and action do not apply (a held switch). */
  selfContained?: boolean;
}

export interface Transition {
  name: string;
  /** For a transition that is not destructive. */
  severity: Exclude<Severity, 'error'>;
  /** Destructive: refused unless acknowledged under this name. */
  acknowledge?: Acknowledgement;
  /** What it does to a running cluster. */
  impact: string;
  /** What the operator should do (for a destructive one: the documented safe procedure). */
  action: string;
  detect: (before: CalicoFacts, after: CalicoFacts) => Detected[];
}

export interface Classified {
  transition: Transition;
  detected: Detected;
  /** Severity after the refusal rule: error when destructive and not acknowledged. */
  severity: Severity;
}

const MAINTENANCE = 'apply it in a maintenance window and watch the calico-node roll-out';

export const TRANSITIONS: readonly Transition[] = [
  {
    name: 'overlay-switch',
    severity: 'warning',
    impact: 'pods move from the overlay to native routing: every node needs its cloud route, or cross-node pod traffic to it is cut; the overlay guard checks exactly that and holds the switch until it holds',
    action: 'see docs/overlay-switch.md: keep a fresh node snapshot in the input so the guard can let the switch through',
    detect: (before, after) => {
      if (before.overlay !== 'ipip' && before.overlay !== 'vxlan') return [];
      if (after.heldSwitch !== undefined) return [{ change: `overlay ${before.overlay} -> native routing held back by the overlay guard: the overlay stays on in this render and nothing moves yet; the guard's warning names the nodes without their route`, ref: after.calicoNodeRef, severity: 'info', selfContained: true }];
      if (after.overlay !== 'none') return [];
      // Not "let through by the guard": where the guard cannot run (no MutatingAdmissionPolicy API,
      // the gate off) the switch goes through directly, and the guard's own result says which.
      return [{ change: `overlay ${before.overlay} -> native routing in this render (the overlay guard's result says whether it checked every node's route first)`, ref: after.calicoNodeRef }];
    },
  },
  {
    name: 'encapsulation',
    severity: 'warning',
    impact: 'calico-node rolls node by node with the other tunnel (tunl0 for IPIP, vxlan.calico for VXLAN) and the IPPool switches its mode: while nodes run different encapsulations, pod traffic between them is interrupted',
    action: `${MAINTENANCE}; the interruption lasts until every calico-node runs the new encapsulation`,
    detect: (before, after) => {
      const on = (overlay: CalicoFacts['overlay']) => overlay === 'ipip' || overlay === 'vxlan';
      if (!on(before.overlay) || !on(after.overlay) || before.overlay === after.overlay) return [];
      return [{ change: `encapsulation ${label(before.overlay)} -> ${label(after.overlay)}`, ref: after.calicoNodeRef }];
    },
  },
  {
    name: 'ipv4-mode',
    severity: 'warning',
    impact: 'with CrossSubnet, traffic between nodes of one subnet leaves the tunnel and carries pod addresses natively: the network (cloud source/destination checks, security groups) must accept them; back to Always, all traffic is encapsulated again',
    action: 'make sure the nodes\' network accepts pod addresses within a subnet before going to CrossSubnet; apply it and watch cross-node pod traffic',
    detect: (before, after) => {
      const modes = ['Always', 'CrossSubnet'];
      const switched = (old: string | undefined, now: string | undefined) => old !== now && modes.includes(String(old)) && modes.includes(String(now));
      const pools = pairedPools(before, after).filter(([old, now]) => switched(old.encapsulationMode, now.encapsulationMode))
        .map(([old, now]) => ({ change: `IPPool ${now.name} mode ${old.encapsulationMode} -> ${now.encapsulationMode}`, ref: now.ref }));
      if (pools.length > 0 || !switched(before.ipv4PoolModeEnv, after.ipv4PoolModeEnv)) return pools;
      // No pool of ours: calico-node creates the pool from its env, once; a running pool keeps its mode.
      return [{ change: `ipv4 pool mode ${before.ipv4PoolModeEnv} -> ${after.ipv4PoolModeEnv} (calico-node's CALICO_IPV4POOL_* env, which it applies only when it creates the pool: change the running IPPool's mode to match)`, ref: after.calicoNodeRef }];
    },
  },
  {
    name: 'veth-mtu',
    severity: 'warning',
    impact: 'only new pods get the new MTU: existing pods keep the MTU of their veth until they are restarted, and pods with a larger MTU than the path can lose large packets',
    action: 'after calico-node has rolled, restart the workloads (roll their Deployments and StatefulSets) so every pod gets the new MTU',
    detect: (before, after) => changed(before.vethMTU, after.vethMTU) ? [{ change: `vethMTU ${mtu(before.vethMTU)} -> ${mtu(after.vethMTU)}`, ref: after.calicoConfigRef }] : [],
  },
  {
    name: 'ebpf-dataplane',
    severity: 'warning',
    impact: 'Felix switches between the iptables/nftables and the eBPF dataplane on each node as calico-node rolls: existing connections through services can be reset, and kube-proxy must be on or off to match',
    action: `${MAINTENANCE}; when turning eBPF on without kube-proxy, switch kube-proxy off only after every calico-node runs eBPF (and on again before turning eBPF off)`,
    detect: (before, after) => changed(before.bpf, after.bpf) ? [{ change: `eBPF dataplane ${onOff(before.bpf)} -> ${onOff(after.bpf)}`, ref: after.calicoNodeRef }] : [],
  },
  {
    name: 'typha',
    severity: 'info',
    impact: 'calico-node rolls to read the datastore through typha, or directly from the API server; no pod traffic is affected',
    action: 'nothing beyond the roll-out; without typha, large clusters put more load on the API server',
    detect: (before, after) => changed(before.typha, after.typha) ? [{ change: `typha ${onOff(before.typha)} -> ${onOff(after.typha)}`, ref: after.calicoConfigRef }] : [],
  },
  {
    name: 'backend',
    severity: 'warning',
    impact: 'the networking backend changes as calico-node rolls: leaving bird stops BGP and withdraws the routes it announced, so pod routes must then come from VXLAN or the cloud',
    action: `${MAINTENANCE}; check that pod routes exist on every node afterwards`,
    detect: (before, after) => changed(before.backend, after.backend) ? [{ change: `backend ${before.backend} -> ${after.backend}`, ref: after.calicoConfigRef }] : [],
  },
  {
    name: 'wireguard',
    severity: 'warning',
    impact: 'pod traffic between nodes gets encrypted (or no longer) once both ends run the new setting: during the roll-out nodes exchange keys and traffic between a pair can stall briefly; WireGuard also lowers the usable MTU',
    action: `${MAINTENANCE}; make sure UDP port 51820 is open between nodes before turning it on`,
    detect: (before, after) => {
      if (!before.wireguard || !after.wireguard) return [];
      const changes = (['ipv4', 'ipv6'] as const).filter((family) => before.wireguard![family] !== after.wireguard![family])
        .map((family) => `WireGuard (${family}) ${onOff(before.wireguard![family])} -> ${onOff(after.wireguard![family])}`);
      return changes.length > 0 ? [{ change: changes.join(', '), ref: after.calicoNodeRef }] : [];
    },
  },
  {
    name: 'ip-autodetection',
    severity: 'warning',
    impact: 'calico-node picks its node address anew: BGP peerings and tunnel endpoints follow it, and a wrong pick cuts pod traffic to that node',
    action: 'check the addresses calico-node chose (kubectl get nodes -o wide, the projectcalico.org/IPv4Address annotation) after the roll-out',
    detect: (before, after) => {
      if (!before.autodetection || !after.autodetection) return [];
      const changes = (['ipv4', 'ipv6'] as const).filter((family) => before.autodetection![family] !== after.autodetection![family])
        .map((family) => `${family} autodetection ${before.autodetection![family] ?? 'default'} -> ${after.autodetection![family] ?? 'default'}`);
      return changes.length > 0 ? [{ change: changes.join(', '), ref: after.calicoNodeRef }] : [];
    },
  },
  {
    name: 'dual-stack',
    severity: 'warning',
    impact: 'calico-node gets IPv6 and an IPv6 pool appears: existing pods stay IPv4-only until restarted, and every node needs an IPv6 address',
    action: 'make sure the nodes have IPv6 addresses; after the roll-out restart the workloads that need IPv6',
    detect: (before, after) => before.ipv6 === false && after.ipv6 === true ? [{ change: 'IPv4 -> dual-stack', ref: after.pools.find((pool) => pool.ipv6)?.ref ?? after.calicoNodeRef }] : [],
  },
  {
    name: 'images',
    severity: 'info',
    impact: 'the Calico pods roll with the new images',
    action: 'read the release notes of each Calico release between the two versions',
    detect: (before, after) => {
      const changes = Object.keys(after.images).filter((key) => before.images[key] !== undefined && before.images[key] !== after.images[key]).sort()
        .map((key) => `${key} ${before.images[key]} -> ${after.images[key]}`);
      if (changes.length === 0) return [];
      const version = versionChange(before.calicoVersion, after.calicoVersion);
      const change = `${version?.text ? `${version.text}; ` : ''}images ${changes.join(', ')}`;
      return [{ change, ref: after.calicoNodeRef, ...(version?.unusual ? { severity: 'warning' as const } : {}) }];
    },
  },
  {
    name: 'ipam-type',
    severity: 'warning',
    acknowledge: 'ipam-type-change',
    impact: 'running pods keep the addresses the old allocator gave them, which the new allocator does not know: it can give the same addresses to new pods, and pods end up with addresses from two allocators',
    action: 'drain and re-create the nodes one at a time after the change (or, for host-local -> calico-ipam, let each node\'s pods be re-created after calico-node rolled), so that every pod gets its address from the new allocator',
    detect: (before, after) => changed(before.ipamType, after.ipamType) ? [{ change: `IPAM ${before.ipamType} -> ${after.ipamType}`, ref: after.calicoConfigRef }] : [],
  },
  {
    name: 'ip-pool-cidr',
    severity: 'warning',
    acknowledge: 'ip-pool-cidr-change',
    impact: 'Calico does not move a pool in place: allocated blocks and the addresses of running pods stay in the old range, which then belongs to no pool (no NAT, no encapsulation), so those pods lose traffic',
    action: 'migrate with a second pool: create the pool with the new CIDR, disable the old one, re-create the pods, then delete the old pool (Calico\'s "migrate from one IP pool to another")',
    detect: (before, after) => poolFieldChanges(before, after, 'cidr'),
  },
  {
    name: 'ip-pool-block-size',
    severity: 'warning',
    acknowledge: 'ip-pool-block-size-change',
    impact: 'a pool\'s blockSize can only be set when the pool is created: changed in place, the existing blocks no longer match the pool and routes aggregated per block break',
    action: 'follow Calico\'s "change IP pool block size": create a temporary pool, disable and delete the pool, re-create the pods, create it again with the new block size, then remove the temporary pool',
    detect: (before, after) => poolFieldChanges(before, after, 'blockSize'),
  },
  {
    name: 'ipv4-pool-removal',
    severity: 'warning',
    acknowledge: 'ipv4-pool-removal',
    impact: 'pods keep their IPv4 addresses but the pool behind them is gone (a pruning applier deletes it): no new pod gets an address from it, and its NAT and encapsulation settings go with it',
    action: 'keep `overlay` in the NetworkConfig (without it no IPv4 pool is rendered and calico-node is left to create one at its next start); remove the pool only after moving the pods to another pool',
    detect: (before, after) => removedPodPool(before, after, 'ipv4'),
  },
  {
    name: 'ipv6-pool-removal',
    severity: 'warning',
    acknowledge: 'ipv6-pool-removal',
    impact: 'pods keep their IPv6 addresses but the pool behind them is gone: their IPv6 routes and NAT go, and dual-stack Services lose their IPv6 endpoints',
    action: 'first move Services and workloads to IPv4 only (ipFamilies), re-create the pods, then remove the pool',
    detect: (before, after) => removedPodPool(before, after, 'ipv6'),
  },
];

/**
 * Our pod pool of a family, there before and gone now. Only one we rendered: a live capture also
 * holds pools we never did (calico-node's own, under the same name, when we render none), which
 * nothing of ours removes.
 */
function removedPodPool(before: CalicoFacts, after: CalicoFacts, family: keyof typeof POD_POOL_NAMES): Detected[] {
  const name = POD_POOL_NAMES[family];
  const old = before.pools.find((pool) => pool.name === name);
  if (!old?.ours || after.pools.some((pool) => pool.name === name)) return [];
  return [{ change: `${family === 'ipv4' ? 'IPv4' : 'IPv6'} IPPool ${name} (${old.cidr}) removed`, ref: old.ref }];
}

export function classify(before: CalicoFacts, after: CalicoFacts, acknowledged: ReadonlySet<string>): Classified[] {
  return TRANSITIONS.flatMap((transition) => transition.detect(before, after).map((detected) => ({
    transition,
    detected,
    severity: transition.acknowledge && !acknowledged.has(transition.acknowledge) ? 'error' as const : detected.severity ?? transition.severity,
  })));
}

/** "Calico v3.29.2 -> v3.31.6 (skips minor release 3.30: ...)" when the calico/node tag changes. */
export function versionChange(before: string | undefined, after: string | undefined): { text: string; unusual: boolean } | undefined {
  if (!before || !after || before === after) return undefined;
  const parse = (tag: string) => tag.match(/^v?(\d+)\.(\d+)/)?.slice(1).map(Number) as [number, number] | undefined;
  const old = parse(before);
  const now = parse(after);
  let note = '';
  if (old && now && old[0] === now[0]) {
    if (now[1] < old[1]) note = ' (a downgrade: Calico does not support going back a minor release)';
    const skipped = Array.from({ length: Math.max(0, now[1] - old[1] - 1) }, (_, index) => `${now[0]}.${old[1] + index + 1}`);
    if (skipped.length > 0) note = ` (skips minor release${skipped.length > 1 ? 's' : ''} ${skipped.join(', ')}: read their release notes for upgrade steps)`;
  }
  return { text: `Calico ${before} -> ${after}${note}`, unusual: note !== '' };
}

/** A field Calico does not change in place, changed on a pool present before and after. */
function poolFieldChanges(before: CalicoFacts, after: CalicoFacts, field: 'cidr' | 'blockSize'): Detected[] {
  // A CIDR is the network it names, however it is spelt (2001:DB8:1::/48 is 2001:db8:1::/48).
  const value = (pool: PoolFacts) => (field === 'cidr' && pool.cidr !== undefined ? canonicalCIDR(pool.cidr) ?? pool.cidr : pool[field]);
  return pairedPools(before, after).filter(([old, now]) => changed(value(old), value(now)))
    .map(([old, now]) => ({ change: `IPPool ${now.name} ${field} ${old[field]} -> ${now[field]}`, ref: now.ref }));
}

/** Pools present before and after under the same name. */
function pairedPools(before: CalicoFacts, after: CalicoFacts): Array<[PoolFacts, PoolFacts]> {
  return after.pools.flatMap((now) => {
    const old = before.pools.find((pool) => pool.name === now.name);
    return old ? [[old, now] as [PoolFacts, PoolFacts]] : [];
  });
}

function changed<T>(before: T | undefined, after: T | undefined): boolean {
  return before !== undefined && after !== undefined && before !== after;
}

/** calico-config says 0 for an MTU calico-node detects itself. */
function mtu(value: string | undefined): string {
  return value === '0' ? '0 (auto-detected)' : String(value);
}

function onOff(value: boolean | undefined): string {
  return value ? 'on' : 'off';
}

function label(overlay: CalicoFacts['overlay']): string {
  return overlay === 'ipip' ? 'IPIP' : overlay === 'vxlan' ? 'VXLAN' : String(overlay);
}
