// What the extension's decoder takes, we take, and render alike (found in the eleventh session by
// comparing with the extension): Go leaves a missing `enabled` false and a missing IPAM `type`
// empty, reads `null` as absent, and overwrites `ipv6.mode` for every cluster that uses IPv6, so a
// NetworkConfig that works with the extension must not fail here. Each row renders exactly as its
// explicit spelling.
import test from 'ava';
import { parse } from 'yaml';
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

// Found by a hostile review (eleventh session): nulls were dropped everywhere before the strict
// check, so a misspelt field with a null value passed without a word, and a null request in
// autoScaling.resources vanished; upstream's strict decoder refuses the first, and reads the
// second as a zero quantity, which its validation refuses.
const REFUSED: Array<[title: string, providerConfig: Record<string, unknown>, path: string, message: RegExp]> = [
  ['a misspelt top-level field with a null value', { bakend: null }, 'spec.providerConfig.bakend', /^unknown field "bakend" \(did you mean "backend"\?\)/],
  ['a misspelt nested field with a null value', { typha: { enabeld: null } }, 'spec.providerConfig.typha.enabeld', /^unknown field "enabeld" \(did you mean "enabled"\?\)/],
  ['a null request in autoScaling.resources', { autoScaling: { mode: 'static', resources: { node: { cpu: null } } } }, 'spec.providerConfig.autoScaling.resources.node.cpu', /null/],
];

for (const [title, providerConfig, path, message] of REFUSED) {
  test(`refused as upstream refuses it: ${title}`, (t) => {
    const outcome = processResourceList(resourceList({ providerConfig }), NOW);
    t.is(outcome.exitCode, 1);
    const results = (parse(outcome.stdout ?? '') as { results: { message: string; field?: { path: string } }[] }).results;
    t.true(results.some((result) => result.field?.path === path && message.test(result.message)), JSON.stringify(results));
  });
}
