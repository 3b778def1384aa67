import test from 'ava';
import { join } from 'node:path';
import { parse } from 'yaml';
import { processResourceList } from '../../src/krm/process.js';
import {
  buildCalicoConfig,
  CNI_PLACEHOLDERS,
  cniNetworkConfig,
  substituteCniPlaceholders,
} from '../../src/objects/calico-config.js';
import type { CalicoValues } from '../../src/values/types.js';
import { ipv4OverlayValues, valuesWith } from '../fixtures/values.js';
import { readText, resourceListFor, TESTDATA, writeText } from '../support/golden.js';

const samples = { mtu: 1440, nodeName: 'node-a', kubeconfig: '/etc/cni/net.d/calico-kubeconfig' };

interface CalicoPlugin {
  type: string;
  nodename: string;
  mtu: number;
  ipam: Record<string, unknown>;
  kubernetes: { kubeconfig: string };
}

function parsed(values: CalicoValues): { name: string; cniVersion: string; plugins: [CalicoPlugin, object] } {
  return JSON.parse(substituteCniPlaceholders(cniNetworkConfig(values), samples));
}

test('ConfigMap shape and data keys', (t) => {
  const configMap = buildCalicoConfig(ipv4OverlayValues);
  t.like(configMap, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'calico-config', namespace: 'kube-system' } });
  t.deepEqual(Object.keys(configMap.data ?? {}), ['typha_service_name', 'calico_backend', 'veth_mtu', 'cni_network_config']);
  t.is(configMap.data?.cni_network_config, cniNetworkConfig(ipv4OverlayValues));
});

const dataCases = [
  { title: 'defaults', values: ipv4OverlayValues, data: { typha_service_name: 'calico-typha', calico_backend: 'bird', veth_mtu: '0' } },
  {
    title: 'typha off, vxlan, explicit MTU',
    values: valuesWith({ typhaEnabled: false, backend: 'vxlan', vethMTU: '1400' }),
    data: { typha_service_name: 'none', calico_backend: 'vxlan', veth_mtu: '1400' },
  },
  { title: 'backend none', values: valuesWith({ backend: 'none' }), data: { calico_backend: 'none' } },
];

for (const { title, values, data } of dataCases) {
  test(`data: ${title}`, (t) => {
    t.like(buildCalicoConfig(values).data, data);
  });
}

test('the MTU placeholder stands unquoted where a number goes', (t) => {
  const text = cniNetworkConfig(ipv4OverlayValues);
  t.regex(text, /"mtu": __CNI_MTU__,/);
  t.throws(() => JSON.parse(text));
  t.true(text.includes(`"nodename": "${CNI_PLACEHOLDERS.nodeName}"`));
  t.true(text.includes(`"kubeconfig": "${CNI_PLACEHOLDERS.kubeconfig}"`));
  t.true(text.startsWith('{\n  "name": "k8s-pod-network",'), 'two-space indent');
});

test('after substitution the config is the calico + portmap conflist', (t) => {
  t.deepEqual(parsed(ipv4OverlayValues), {
    name: 'k8s-pod-network',
    cniVersion: '0.3.1',
    plugins: [
      {
        type: 'calico',
        log_level: 'error',
        log_file_path: '/var/log/calico/cni/cni.log',
        datastore_type: 'kubernetes',
        nodename: 'node-a',
        mtu: 1440,
        ipam: { type: 'host-local', subnet: 'usePodCidr', assign_ipv4: 'true', assign_ipv6: 'false' },
        policy: { type: 'k8s' },
        kubernetes: { kubeconfig: '/etc/cni/net.d/calico-kubeconfig' },
      },
      { type: 'portmap', snat: true, capabilities: { portMappings: true } },
    ],
  });
});

const ipamCases = [
  {
    title: 'calico IPAM with a CIDR subnet',
    values: valuesWith({ ipam: { type: 'calico-ipam', subnet: '100.96.0.0/11' } }),
    ipam: { type: 'calico-ipam', subnet: '100.96.0.0/11', assign_ipv4: 'true', assign_ipv6: 'false' },
  },
  {
    title: 'dual-stack ranges, no subnet',
    values: valuesWith({
      ipam: { subnet: undefined, ranges: [[{ subnet: 'usePodCidrIPv6' }], [{ subnet: 'usePodCidr' }]], assignIPv6: true },
    }),
    ipam: {
      type: 'host-local',
      ranges: [[{ subnet: 'usePodCidrIPv6' }], [{ subnet: 'usePodCidr' }]],
      assign_ipv4: 'true',
      assign_ipv6: 'true',
    },
  },
  {
    title: 'IPv6 only',
    values: valuesWith({ ipam: { subnet: 'usePodCidrIPv6', assignIPv4: false, assignIPv6: true } }),
    ipam: { type: 'host-local', subnet: 'usePodCidrIPv6', assign_ipv4: 'false', assign_ipv6: 'true' },
  },
];

for (const { title, values, ipam } of ipamCases) {
  test(`ipam: ${title}`, (t) => {
    t.deepEqual(parsed(values).plugins[0].ipam, ipam);
  });
}

// The conflist text of four golden cases, byte for byte: each case's cni_network_config.conflist
// is the text the extension's chart writes for the same configuration (compared with
// `helm template` of charts/internal/calico, see docs/crds.md); UPDATE_GOLDEN=1 rewrites them.
const CONFLIST_CASES = ['default', 'ipam-calico', 'ipv6', 'dual-stack'];
const CONFLIST_FILE = 'cni_network_config.conflist';

for (const name of CONFLIST_CASES) {
  test(`golden conflist: ${name}`, (t) => {
    const dir = join(TESTDATA, name);
    const outcome = processResourceList(resourceListFor(dir), { now: new Date('2026-11-23T12:00:00Z') });
    const items = (parse(outcome.stdout ?? '') as { items: { kind: string; metadata: { name: string }; data?: Record<string, string> }[] }).items;
    const text = items.find((item) => item.kind === 'ConfigMap' && item.metadata.name === 'calico-config')?.data?.cni_network_config;
    if (process.env.UPDATE_GOLDEN === '1') writeText(dir, CONFLIST_FILE, text);
    t.is(text, readText(dir, CONFLIST_FILE));
  });
}

test('the chart layout: portmap capabilities on one line, ranges as compact JSON, no trailing newline', (t) => {
  const dualStack = cniNetworkConfig(valuesWith({ ipam: { subnet: undefined, ranges: [[{ subnet: 'usePodCidrIPv6' }], [{ subnet: 'usePodCidr' }]], assignIPv6: true } }));
  t.true(dualStack.includes('\n      "capabilities": {"portMappings": true}\n'));
  t.true(dualStack.includes('\n        "ranges": [[{"subnet":"usePodCidrIPv6"}],[{"subnet":"usePodCidr"}]],\n'));
  t.false(dualStack.includes('"subnet": '), 'no single subnet next to ranges');
  t.true(dualStack.endsWith('\n  ]\n}'));
});
