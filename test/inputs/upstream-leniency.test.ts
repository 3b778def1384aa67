// What the extension's decoder takes, we take, and render alike (found in the eleventh session by
// comparing with the extension): Go leaves a missing `enabled` false and a missing IPAM `type`
// empty, reads `null` as absent, and overwrites `ipv6.mode` for every cluster that uses IPv6, so a
// NetworkConfig that works with the extension must not fail here. Each row renders exactly as its
// explicit spelling.
import test from 'ava';
import { processResourceList } from '../../src/krm/process.js';
import { NOW, rendered, resourceList, type Side } from '../plan/render-twice.js';

const DUAL_STACK: Side = { ipFamilies: ['IPv4', 'IPv6'], podCIDRs: ['100.96.0.0/11', '2001:db8:1::/48'] };

const ROWS: Array<[title: string, lenient: Side, explicit: Side]> = [
  ['overlay: {} is the overlay off', { providerConfig: { overlay: {} } }, { providerConfig: { overlay: { enabled: false } } }],
  ['typha: {} is typha off', { providerConfig: { typha: {} } }, { providerConfig: { typha: { enabled: false } } }],
  ['vxlan: {} is vxlan off', { providerConfig: { vxlan: {} } }, { providerConfig: { vxlan: { enabled: false } } }],
  ['snatToUpstreamDNS: {} is off', { providerConfig: { overlay: { enabled: false }, snatToUpstreamDNS: {} } }, { providerConfig: { overlay: { enabled: false }, snatToUpstreamDNS: { enabled: false } } }],
  ['ebpfDataplane: {} is off', { providerConfig: { ebpfDataplane: {} } }, { providerConfig: { ebpfDataplane: { enabled: false } } }],
  ['birdExporter: {} is off', { providerConfig: { birdExporter: {} } }, { providerConfig: { birdExporter: { enabled: false } } }],
  ['multus: {installCNIPlugins: true} is multus off', { providerConfig: { multus: { installCNIPlugins: true } } }, { providerConfig: { multus: { enabled: false, installCNIPlugins: true } } }],
  ['ipam without type is host-local', { providerConfig: { ipam: { cidr: '100.96.0.0/12' } } }, { providerConfig: { ipam: { type: 'host-local', cidr: '100.96.0.0/12' } } }],
  ['typha: null is no typha block', { providerConfig: { typha: null } }, {}],
  ['overlay: {enabled: null} is the overlay off', { providerConfig: { overlay: { enabled: null } } }, { providerConfig: { overlay: { enabled: false } } }],
  ['ipv4: null, backend: null are absent', { providerConfig: { ipv4: null, backend: null } }, {}],
  ['ipv6.mode: Off on a dual-stack Network is overwritten as every ipv6.mode', { ...DUAL_STACK, providerConfig: { ipv6: { mode: 'Off' } } }, { ...DUAL_STACK, providerConfig: { ipv6: {} } }],
];

for (const [title, lenient, explicit] of ROWS) {
  test(title, (t) => {
    const outcome = processResourceList(resourceList({ ...lenient, kubernetesVersion: '1.34.2' }), NOW);
    t.is(outcome.exitCode, 0, outcome.stdout);
    t.deepEqual(rendered(lenient), rendered(explicit));
  });
}
