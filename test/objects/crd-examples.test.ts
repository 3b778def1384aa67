// Custom resources as users write them (our own equivalents of the examples in Calico's and
// network-policy-api's reference docs) validate against the CRDs we emit; broken ones are refused
// with the error the API server would give (see test/support/crd-validation.ts for what is checked).
import test from 'ava';
import { buildIPPools } from '../../src/objects/ip-pools.js';
import { customResourceProblems } from '../support/crd-validation.js';
import { valuesWith } from '../fixtures/values.js';

const CALICO = 'crd.projectcalico.org/v1';
const POLICY_API = 'policy.networking.k8s.io/v1alpha1';

function resource(apiVersion: string, kind: string, name: string, spec: unknown, namespace?: string): Record<string, unknown> {
  return { apiVersion, kind, metadata: { name, ...(namespace ? { namespace } : {}) }, spec };
}

const policyRules = {
  ingress: [
    {
      action: 'Allow',
      protocol: 'TCP',
      source: { selector: "role == 'frontend'", namespaceSelector: 'projectcalico.org/name == "shop"' },
      destination: { ports: [8080, '9000:9100', 'metrics'] },
    },
    { action: 'Allow', protocol: 'ICMP', icmp: { type: 8 } },
    { action: 'Deny', protocol: 6, source: { nets: ['10.0.0.0/8'], notNets: ['10.1.0.0/16'] } },
  ],
  egress: [
    { action: 'Allow', protocol: 'UDP', destination: { selector: "k8s-app == 'kube-dns'", ports: [53] } },
    { action: 'Allow', destination: { services: { name: 'kubernetes', namespace: 'default' } } },
    { action: 'Log', http: { methods: ['GET'], paths: [{ prefix: '/api' }] } },
    { action: 'Pass' },
  ],
};

const VALID: Record<string, Record<string, unknown>> = {
  FelixConfiguration: resource(CALICO, 'FelixConfiguration', 'default', {
    logSeverityScreen: 'Info',
    reportingInterval: '0s',
    bpfEnabled: false,
    bpfLogLevel: 'off',
    ipipEnabled: true,
    vxlanEnabled: false,
    wireguardEnabled: true,
    wireguardMTU: 1400,
    prometheusMetricsEnabled: true,
    prometheusMetricsPort: 9091,
    healthPort: 9099,
    chainInsertMode: 'Append',
    iptablesBackend: 'NFT',
    nftablesMode: 'Auto',
    serviceLoopPrevention: 'Drop',
    natPortRange: '32768:65535',
    kubeNodePortRanges: ['30000:32767', 31000],
    failsafeInboundHostPorts: [{ protocol: 'tcp', port: 22 }, { protocol: 'udp', port: 68, net: '0.0.0.0/0' }],
    routeTableRange: { min: 1, max: 250 },
    healthTimeoutOverrides: [{ name: 'InternalDataplaneMainLoop', timeout: '90s' }],
    bpfConntrackTimeouts: { tcpEstablished: '1h', udpTimeout: 'Auto' },
    iptablesMarkMask: 4294901760,
    logActionRateLimit: '10/second',
    featureGates: 'BPFConnectTimeLoadBalancingWorkaround=enabled',
  }),
  GlobalNetworkPolicy: resource(CALICO, 'GlobalNetworkPolicy', 'allow-dns', {
    tier: 'default',
    order: 100.5,
    selector: 'all()',
    types: ['Ingress', 'Egress'],
    doNotTrack: false,
    applyOnForward: true,
    ...policyRules,
  }),
  NetworkPolicy: resource(CALICO, 'NetworkPolicy', 'default.frontend', { tier: 'default', order: 10, selector: "app == 'shop'", ...policyRules }, 'shop'),
  StagedGlobalNetworkPolicy: resource(CALICO, 'StagedGlobalNetworkPolicy', 'default.deny-all', { stagedAction: 'Set', selector: 'all()', types: ['Ingress'] }),
  StagedNetworkPolicy: resource(
    CALICO,
    'StagedNetworkPolicy',
    'default.try-out',
    { stagedAction: 'Set', tier: 'default', selector: "app == 'shop'", types: ['Ingress'], ingress: policyRules.ingress },
    'shop',
  ),
  StagedKubernetesNetworkPolicy: resource(
    CALICO,
    'StagedKubernetesNetworkPolicy',
    'try-out',
    { stagedAction: 'Set', podSelector: { matchLabels: { app: 'shop' } }, policyTypes: ['Ingress'], ingress: [{ from: [{ podSelector: {} }], ports: [{ port: 80, protocol: 'TCP' }] }] },
    'shop',
  ),
  Tier: resource(CALICO, 'Tier', 'security', { order: 100, defaultAction: 'Deny' }),
  BGPPeer: resource(CALICO, 'BGPPeer', 'rack1-tor', {
    peerIP: '192.0.2.1',
    asNumber: 64512,
    nodeSelector: "rack == 'rack-1'",
    keepOriginalNextHop: true,
    password: { secretKeyRef: { name: 'bgp-secrets', key: 'rack1' } },
    filters: ['export-only-pods'],
    reversePeering: 'Manual',
  }),
  BGPConfiguration: resource(CALICO, 'BGPConfiguration', 'default', {
    logSeverityScreen: 'Info',
    nodeToNodeMeshEnabled: false,
    asNumber: 63400,
    listenPort: 179,
    serviceClusterIPs: [{ cidr: '10.96.0.0/12' }],
    communities: [{ name: 'bgp-large-community', value: '63400:300:100' }],
    prefixAdvertisements: [{ cidr: '172.16.0.0/16', communities: ['bgp-large-community', '63400:120'] }],
  }),
  BGPFilter: resource(CALICO, 'BGPFilter', 'export-only-pods', {
    exportV4: [{ action: 'Accept', matchOperator: 'In', cidr: '100.96.0.0/11' }, { action: 'Reject' }],
  }),
  IPPool: resource(CALICO, 'IPPool', 'every-field', {
    cidr: '100.96.0.0/11',
    blockSize: 26,
    ipipMode: 'CrossSubnet',
    vxlanMode: 'Never',
    natOutgoing: true,
    'nat-outgoing': true,
    disabled: false,
    disableBGPExport: true,
    nodeSelector: 'all()',
    namespaceSelector: "team == 'a'",
    allowedUses: ['Workload', 'Tunnel'],
    assignmentMode: 'Automatic',
    ipip: { enabled: true, mode: 'always' },
  }),
  IPReservation: resource(CALICO, 'IPReservation', 'gateways', { reservedCIDRs: ['100.96.0.1/32', '100.96.0.128/25'] }),
  GlobalNetworkSet: resource(CALICO, 'GlobalNetworkSet', 'blocked', { nets: ['198.51.100.0/24', '2001:db8::/32'] }),
  NetworkSet: resource(CALICO, 'NetworkSet', 'partners', { nets: ['203.0.113.0/24'] }, 'shop'),
  HostEndpoint: resource(CALICO, 'HostEndpoint', 'node1-eth0', {
    node: 'node1',
    interfaceName: 'eth0',
    expectedIPs: ['10.250.0.5'],
    profiles: ['projectcalico-default-allow'],
    ports: [{ name: 'ssh', port: 22, protocol: 'TCP' }],
  }),
  KubeControllersConfiguration: resource(CALICO, 'KubeControllersConfiguration', 'default', {
    logSeverityScreen: 'Info',
    healthChecks: 'Enabled',
    prometheusMetricsPort: 9094,
    controllers: { node: { reconcilerPeriod: '5m', syncLabels: 'Enabled', hostEndpoint: { autoCreate: 'Disabled' } }, loadBalancer: { assignIPs: 'RequestedServicesOnly' } },
  }),
  IPAMConfig: resource(CALICO, 'IPAMConfig', 'default', { strictAffinity: false, autoAllocateBlocks: true, maxBlocksPerHost: 4 }),
  AdminNetworkPolicy: resource(POLICY_API, 'AdminNetworkPolicy', 'cluster-control', {
    priority: 34,
    subject: { namespaces: {} },
    ingress: [
      { name: 'allow-monitoring', action: 'Allow', from: [{ namespaces: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } }] },
      { name: 'deny-all', action: 'Deny', from: [{ namespaces: {} }], ports: [{ portNumber: { port: 5432, protocol: 'TCP' } }, { portRange: { start: 8000, end: 9000 } }] },
    ],
    egress: [
      { name: 'pass-dns', action: 'Pass', to: [{ pods: { namespaceSelector: {}, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } } }], ports: [{ namedPort: 'dns' }] },
      { name: 'deny-metadata', action: 'Deny', to: [{ networks: ['169.254.169.254/32', 'fd00:ec2::254/128'] }] },
      { name: 'allow-nodes', action: 'Allow', to: [{ nodes: { matchExpressions: [{ key: 'node-role.kubernetes.io/control-plane', operator: 'Exists' }] } }] },
    ],
  }),
  BaselineAdminNetworkPolicy: resource(POLICY_API, 'BaselineAdminNetworkPolicy', 'default', {
    subject: { namespaces: { matchLabels: { tenant: 'a' } } },
    ingress: [{ name: 'default-deny', action: 'Deny', from: [{ namespaces: {} }] }],
  }),
};

for (const [kind, object] of Object.entries(VALID)) {
  test(`a valid ${kind} is accepted`, (t) => {
    t.deepEqual(customResourceProblems(object), []);
  });
}

test('status fields kubectl and Calico write are accepted where upstream declares a status', (t) => {
  const nodeStatus = {
    ...resource(CALICO, 'CalicoNodeStatus', 'node1-status', { node: 'node1', classes: ['Agent', 'BGP', 'Routes'], updatePeriodSeconds: 10 }),
    status: { lastUpdated: '2026-11-23T10:00:00Z', agent: { birdV4: { state: 'Ready', version: 'v0.3.3', routerID: '10.250.0.5' } } },
  };
  t.deepEqual(customResourceProblems(nodeStatus), []);
  t.notDeepEqual(customResourceProblems({ ...nodeStatus, status: { lastUpdated: 'yesterday' } }), [], 'date-time format is checked');
});

test('every IPPool this function renders is accepted', (t) => {
  const pools = [
    ...buildIPPools(valuesWith({})),
    ...buildIPPools(valuesWith({ cluster: { vxlanEnabled: true } })),
    ...buildIPPools(valuesWith({ cluster: { overlayEnabled: false } })),
    ...buildIPPools(valuesWith({ ipv6: { enabled: true, natOutgoing: true }, cluster: { podCIDRv6: '2001:db8::/56' } })),
  ];
  t.is(pools.length, 6);
  for (const pool of pools) t.deepEqual(customResourceProblems(pool as unknown as Record<string, unknown>), [], pool.metadata?.name);
});

/** Sets `path` (dot separated, numbers index lists) in a deep copy of `object`; undefined deletes. */
function changed(object: Record<string, unknown>, path: string, value: unknown): Record<string, unknown> {
  const copy = structuredClone(object);
  const keys = path.split('.');
  let node = copy as Record<string, unknown>;
  for (const key of keys.slice(0, -1)) node = node[key] as Record<string, unknown>;
  const last = keys[keys.length - 1] as string;
  if (value === undefined) delete node[last];
  else node[last] = value;
  return copy;
}

function valid(kind: string): Record<string, unknown> {
  const object = VALID[kind];
  if (!object) throw new Error(`no valid ${kind}`);
  return object;
}

// Each case: the broken object and a part of the problem the API server would report (ajv
// reports an int-or-string mismatch once per branch of its anyOf, the API server once).
const INVALID: [string, Record<string, unknown>, RegExp][] = [
  ['wrong type: a boolean as a string', changed(valid('FelixConfiguration'), 'spec.bpfEnabled', 'false'), /\/spec\/bpfEnabled must be boolean/],
  ['wrong type: a port as a string', changed(valid('FelixConfiguration'), 'spec.prometheusMetricsPort', '9091'), /\/spec\/prometheusMetricsPort must be integer/],
  ['unknown enum value', changed(valid('FelixConfiguration'), 'spec.nftablesMode', 'On'), /\/spec\/nftablesMode must be equal to one of the allowed values/],
  ['pattern (Go (?i) syntax, case-insensitive)', changed(valid('FelixConfiguration'), 'spec.iptablesBackend', 'nftables'), /\/spec\/iptablesBackend must match pattern/],
  ['duration pattern', changed(valid('FelixConfiguration'), 'spec.reportingInterval', '10 minutes'), /\/spec\/reportingInterval must match pattern/],
  ['missing required field in a list item', changed(valid('FelixConfiguration'), 'spec.routeTableRange', { min: 1 }), /\/spec\/routeTableRange must have required property 'max'/],
  ['unknown field (pruned, refused under strict field validation)', changed(valid('FelixConfiguration'), 'spec.bpfEnable', true), /\/spec must NOT have additional properties .*bpfEnable/],
  ['missing rule action', changed(valid('GlobalNetworkPolicy'), 'spec.ingress.0.action', undefined), /\/spec\/ingress\/0 must have required property 'action'/],
  ['int-or-string port as a boolean', changed(valid('GlobalNetworkPolicy'), 'spec.ingress.0.destination.ports', [true]), /\/spec\/ingress\/0\/destination\/ports\/0 must be integer/],
  ['order as a string', changed(valid('GlobalNetworkPolicy'), 'spec.order', '100'), /\/spec\/order must be number/],
  ['Tier default action', changed(valid('Tier'), 'spec.defaultAction', 'Allow'), /\/spec\/defaultAction must be equal to one of the allowed values/],
  ['BGPPeer AS number as a string', changed(valid('BGPPeer'), 'spec.asNumber', '64512'), /\/spec\/asNumber must be integer/],
  ['BGPPeer secret without key', changed(valid('BGPPeer'), 'spec.password.secretKeyRef', { name: 'bgp-secrets' }), /secretKeyRef must have required property 'key'/],
  ['BGP listen port out of range', changed(valid('BGPConfiguration'), 'spec.listenPort', 70000), /\/spec\/listenPort must be <= 65535/],
  ['BGP community value', changed(valid('BGPConfiguration'), 'spec.communities.0.value', 'large'), /\/spec\/communities\/0\/value must match pattern/],
  ['IPPool without cidr', changed(valid('IPPool'), 'spec.cidr', undefined), /\/spec must have required property 'cidr'/],
  ['IPPool assignment mode', changed(valid('IPPool'), 'spec.assignmentMode', 'Auto'), /\/spec\/assignmentMode must be equal to one of the allowed values/],
  ['IPPool block size as a string', changed(valid('IPPool'), 'spec.blockSize', '26'), /\/spec\/blockSize must be integer/],
  ['KubeControllersConfiguration without controllers', changed(valid('KubeControllersConfiguration'), 'spec.controllers', undefined), /\/spec must have required property 'controllers'/],
  ['ANP without subject', changed(valid('AdminNetworkPolicy'), 'spec.subject', undefined), /\/spec must have required property 'subject'/],
  ['ANP priority out of range', changed(valid('AdminNetworkPolicy'), 'spec.priority', 1001), /\/spec\/priority must be <= 1000/],
  ['ANP action', changed(valid('AdminNetworkPolicy'), 'spec.ingress.0.action', 'Reject'), /\/spec\/ingress\/0\/action must be equal to one of the allowed values/],
  ['ANP peer with two selectors', changed(valid('AdminNetworkPolicy'), 'spec.ingress.0.from.0.pods', { namespaceSelector: {}, podSelector: {} }), /\/spec\/ingress\/0\/from\/0 must NOT have more than 1 properties/],
  ['ANP empty peer list', changed(valid('AdminNetworkPolicy'), 'spec.egress.1.to', []), /\/spec\/egress\/1\/to must NOT have fewer than 1 items/],
  // The CEL rules (x-kubernetes-validations), through their translations in crd-validation.ts.
  ['CEL: an IPv4 address embedded in an IPv6 one', changed(valid('AdminNetworkPolicy'), 'spec.egress.1.to.0.networks', ['::ffff:10.0.0.1/128']), /\/spec\/egress\/1\/to\/0\/networks\/0 CIDR must be either an IPv4 or IPv6 address/],
  [
    'CEL: named ports with a networks peer',
    changed(valid('AdminNetworkPolicy'), 'spec.egress.1.ports', [{ namedPort: 'http' }]),
    /networks\/nodes peer cannot be set with namedPorts/,
  ],
  ['CEL: a baseline policy not named default', changed(valid('BaselineAdminNetworkPolicy'), 'metadata.name', 'tenant-a'), /Only one baseline admin network policy/],
];

for (const [name, object, expected] of INVALID) {
  test(`refused: ${name}`, (t) => {
    const problems = customResourceProblems(object);
    t.regex(problems.join('\n'), expected);
    t.true(problems.every((problem) => problem.startsWith(problems[0]?.split(' ')[0] ?? '')), `one place only: ${problems.join('\n')}`);
  });
}

test('nothing stricter than upstream: what Calico validates itself the CRD lets through', (t) => {
  // Upstream's IPPool CRD has no enum on these (Calico's admission checks them): ours must not either.
  t.deepEqual(customResourceProblems(changed(valid('IPPool'), 'spec.allowedUses', ['LoadBalancer', 'SomethingNew'])), []);
  t.deepEqual(customResourceProblems(changed(valid('IPPool'), 'spec.ipipMode', 'always')), []);
  // Nor on a policy rule's action.
  t.deepEqual(customResourceProblems(changed(valid('GlobalNetworkPolicy'), 'spec.ingress.0.action', 'allow')), []);
});

test('defaults apply before validation, as in the API server: a port without its defaulted protocol is valid', (t) => {
  const anp = changed(valid('AdminNetworkPolicy'), 'spec.ingress.1.ports', [{ portNumber: { port: 5432 } }]);
  t.deepEqual(customResourceProblems(anp), []);
  t.deepEqual((anp.spec as { ingress: { ports: unknown[] }[] }).ingress[1]?.ports, [{ portNumber: { port: 5432 } }], 'the object itself is left as it was');
});

test('scope: namespaced kinds need a namespace, cluster-scoped ones refuse one', (t) => {
  t.deepEqual(customResourceProblems(changed(valid('NetworkPolicy'), 'metadata.namespace', undefined)), [
    '.metadata.namespace: crd.projectcalico.org/v1 NetworkPolicy is namespaced',
  ]);
  t.deepEqual(customResourceProblems(changed(valid('Tier'), 'metadata.namespace', 'shop')), ['.metadata.namespace: crd.projectcalico.org/v1 Tier is cluster-scoped']);
});
