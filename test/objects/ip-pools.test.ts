import test from 'ava';
import { buildIPPools, type IPPool } from '../../src/objects/ip-pools.js';
import { ipv4OverlayValues, valuesWith } from '../fixtures/values.js';
import type { CalicoValues } from '../../src/values/types.js';

const V4_POOL_BASE = {
  allowedUses: ['Workload', 'Tunnel'],
  blockSize: 26,
  cidr: '100.96.0.0/11',
  natOutgoing: true,
  nodeSelector: 'all()',
} satisfies IPPool['spec'];

const ipv6Only = valuesWith({
  ipv4: { enabled: false },
  ipv6: { enabled: true, natOutgoing: true },
  cluster: { podCIDR: '2001:db8:1::/56', podCIDRv6: '2001:db8:1::/56', overlayEnabled: undefined },
});

interface Case {
  name: string;
  values: CalicoValues;
  pools: Record<string, IPPool['spec']>;
}

const cases: Case[] = [
  {
    name: 'overlay on with IP-in-IP',
    values: ipv4OverlayValues,
    pools: { 'default-ipv4-ippool': { ...V4_POOL_BASE, ipipMode: 'Always', vxlanMode: 'Never' } },
  },
  {
    name: 'overlay on with VXLAN',
    values: valuesWith({ cluster: { vxlanEnabled: true } }),
    pools: { 'default-ipv4-ippool': { ...V4_POOL_BASE, ipipMode: 'Never', vxlanMode: 'Always' } },
  },
  {
    name: 'overlay off with a node CIDR',
    values: valuesWith({ cluster: { overlayEnabled: false } }),
    pools: {
      'default-ipv4-ippool': { ...V4_POOL_BASE, ipipMode: 'Never', vxlanMode: 'Never' },
      'no-snat-for-node-cidr': { cidr: '10.250.0.0/16', disabled: true, disableBGPExport: true },
    },
  },
  {
    name: 'overlay off without a node CIDR',
    values: valuesWith({ cluster: { overlayEnabled: false, nodeCIDR: undefined } }),
    pools: { 'default-ipv4-ippool': { ...V4_POOL_BASE, ipipMode: 'Never', vxlanMode: 'Never' } },
  },
  {
    name: 'no overlay block',
    values: valuesWith({ cluster: { overlayEnabled: undefined } }),
    pools: {},
  },
  {
    name: 'IPv6 only, source NAT on',
    values: ipv6Only,
    pools: {
      'default-ipv6-ippool': {
        allowedUses: ['Workload', 'Tunnel'],
        blockSize: 122,
        cidr: '2001:db8:1::/56',
        ipipMode: 'Never',
        natOutgoing: true,
        nodeSelector: 'all()',
        vxlanMode: 'Never',
      },
    },
  },
  {
    name: 'IPv6 only, pod range not known yet',
    values: valuesWith({ cluster: { podCIDRv6: undefined }, ipv6: { natOutgoing: false } }, ipv6Only),
    pools: {
      'default-ipv6-ippool': {
        allowedUses: ['Workload', 'Tunnel'],
        blockSize: 122,
        cidr: '',
        ipipMode: 'Never',
        natOutgoing: false,
        nodeSelector: 'all()',
        vxlanMode: 'Never',
      },
    },
  },
  {
    name: 'dual-stack with the overlay on',
    values: valuesWith({ ipv6: { enabled: true }, cluster: { podCIDRv6: '2001:db8:2::/56' } }),
    pools: {
      'default-ipv4-ippool': { ...V4_POOL_BASE, ipipMode: 'Always', vxlanMode: 'Never' },
      'default-ipv6-ippool': {
        allowedUses: ['Workload', 'Tunnel'],
        blockSize: 122,
        cidr: '2001:db8:2::/56',
        ipipMode: 'Never',
        natOutgoing: false,
        nodeSelector: 'all()',
        vxlanMode: 'Never',
      },
    },
  },
  {
    name: 'dual-stack without an overlay block',
    values: valuesWith({ ipv6: { enabled: true }, cluster: { podCIDRv6: '2001:db8:2::/56', overlayEnabled: undefined } }),
    pools: {
      'default-ipv6-ippool': {
        allowedUses: ['Workload', 'Tunnel'],
        blockSize: 122,
        cidr: '2001:db8:2::/56',
        ipipMode: 'Never',
        natOutgoing: false,
        nodeSelector: 'all()',
        vxlanMode: 'Never',
      },
    },
  },
];

for (const { name, values, pools } of cases) {
  test(`IP pools: ${name}`, (t) => {
    const objects = buildIPPools(values) as IPPool[];
    t.deepEqual(
      objects.map((pool) => pool.metadata.name),
      Object.keys(pools),
    );
    for (const pool of objects) {
      t.is(pool.apiVersion, 'crd.projectcalico.org/v1');
      t.is(pool.kind, 'IPPool');
      t.deepEqual(pool.metadata, { name: pool.metadata.name }, 'cluster-scoped, no labels');
      t.deepEqual(pool.spec, pools[pool.metadata.name ?? '']);
    }
  });
}
