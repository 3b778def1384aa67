// fast-check arbitraries for the function's inputs: NetworkConfigs, Shoot facts, function configs
// and node snapshots. `inputArbitraries(false)` draws valid values for every field (combinations
// may still be rejected, e.g. an ipv6 block on an IPv4 Network); `inputArbitraries(true)` now and
// then puts a wrong type, an unknown value or an unknown key into any field. Each yields plain
// values; resource-list-arbitrary.ts puts them into a ResourceList.
import fc from 'fast-check';
import { AUTOSCALING_MODES, BACKENDS, IMAGE_NAMES, IPAM_TYPES, KUBE_PROXY_MODES, POOL_MODES, POOL_TYPES, SERVICE_LOOP_PREVENTION } from '../../src/inputs/schemas.js';
import { NOW } from './render-output.js';

/** A value of the wrong kind for almost any field. */
const junk: fc.Arbitrary<unknown> = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.string({ unit: 'grapheme', maxLength: 6 }),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string({ maxLength: 4 }), { maxLength: 2 }),
  fc.dictionary(fc.string({ maxLength: 6 }), fc.string({ maxLength: 4 }), { maxKeys: 2 }),
);

/** `arbitrary`'s value in about one case out of `every`, else undefined. */
export function rarely<T>(arbitrary: fc.Arbitrary<T>, every: number): fc.Arbitrary<T | undefined> {
  return fc.oneof({ weight: every - 1, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary });
}

export interface InputArbitraries {
  cidr: fc.Arbitrary<unknown>;
  ipFamilies: fc.Arbitrary<unknown>;
  networkType: fc.Arbitrary<unknown>;
  networkConfig: fc.Arbitrary<Record<string, unknown>>;
  shootFacts: fc.Arbitrary<Record<string, unknown>>;
  /** CalicoRenderConfig `spec` without the Shoot facts. */
  renderSpec: fc.Arbitrary<Record<string, unknown>>;
  /** What the cluster runs now and what its nodes report: zero or more of the snapshot forms. */
  clusterState: fc.Arbitrary<Record<string, unknown>[]>;
}

export function inputArbitraries(hostile: boolean): InputArbitraries {
  /** `valid`, or in hostile mode now and then anything. */
  const mostly = <T>(valid: fc.Arbitrary<T>): fc.Arbitrary<unknown> =>
    hostile ? fc.oneof({ weight: 10, arbitrary: valid }, { weight: 1, arbitrary: junk }) : valid;
  /** One of `valid`, or in hostile mode now and then one of `invalid`. */
  const validOrNot = <T>(valid: readonly T[], invalid: readonly T[]): fc.Arbitrary<T> =>
    hostile ? fc.oneof({ weight: 10, arbitrary: fc.constantFrom(...valid) }, { weight: 1, arbitrary: fc.constantFrom(...invalid) }) : fc.constantFrom(...valid);
  /** Keys optional unless `required`; in hostile mode now and then an extra key no schema knows. */
  const partial = <T extends Record<string, fc.Arbitrary<unknown>>>(model: T, required: Extract<keyof T, string>[] = []) =>
    fc.tuple(fc.record(model, { requiredKeys: required }), hostile ? rarely(fc.tuple(fc.constantFrom('unknownField', 'Enabled', 'ipv4Pool'), junk), 30) : fc.constant(undefined))
      .map(([record, extra]): Record<string, unknown> => (extra ? { ...record, [extra[0]]: extra[1] } : record));

  const enabled = mostly(partial({ enabled: mostly(fc.boolean()) }, ['enabled']));
  const cidr = validOrNot(
    ['100.96.0.0/11', '10.0.0.0/16', '10.250.0.0/16', '192.168.0.0/24', '2001:db8:1::/64', '2001:db8:2::/48', 'fd00:10::/56'],
    ['10.0.0.0', '10.0.0.0/33', '300.1.1.1/8', '::/129', 'usePodCidr', ''],
  );
  const autoDetection = validOrNot(
    ['first-found', 'kubernetes-internal-ip', 'interface=eth.*', 'skip-interface=docker.*', 'can-reach=8.8.8.8', 'can-reach=example.com', 'cidr=10.0.0.0/8,192.168.0.0/16'],
    ['', 'interface=([', 'cidr=10.0.0.0', 'first-found=x', 'can-reach=', 'nonsense'],
  );
  const quantity = validOrNot<string | number>(['250m', '1', '100Mi', '1Gi', '1.5', '1e3', 2], ['0', '-1', 'abc', 0, -2]);
  const resources = mostly(partial({ cpu: quantity, memory: quantity }));
  const familyBlock = (withSourceNAT: boolean) => mostly(partial({
    pool: mostly(fc.constantFrom(...POOL_TYPES)),
    mode: mostly(fc.constantFrom(...POOL_MODES)),
    autoDetectionMethod: autoDetection,
    ...(withSourceNAT ? { sourceNATEnabled: mostly(fc.boolean()) } : {}),
  }));

  const networkConfig = partial({
    backend: mostly(fc.constantFrom(...BACKENDS)),
    ipam: mostly(partial({ type: validOrNot([...IPAM_TYPES, ''], ['Calico-IPAM', 'dhcp']), cidr: fc.oneof(cidr, fc.constant('usePodCidr')) }, ['type'])),
    // A family block must match the Network's families: present now and then only.
    ipv4: rarely(familyBlock(false), 4),
    ipv6: rarely(familyBlock(true), 4),
    typha: enabled,
    // "+1440" and "01440" are whole numbers to upstream's validation (Go's strconv.Atoi).
    vethMTU: mostly(validOrNot(['0', '1440', '1500', '9001', '+1440', '01440'], ['-1', '', 'abc', '1e3'])),
    ebpfDataplane: enabled,
    overlay: mostly(partial({ enabled: mostly(fc.boolean()), createPodRoutes: mostly(fc.boolean()) }, ['enabled'])),
    snatToUpstreamDNS: enabled,
    autoScaling: mostly(partial({ mode: validOrNot(AUTOSCALING_MODES, ['VPA', '']), resources: mostly(partial({ node: resources, typha: resources })) }, ['mode'])),
    vxlan: enabled,
    ipip: mostly(fc.constantFrom(...POOL_MODES)),
    ipAutodetectionMethod: autoDetection,
    wireguardEncryption: mostly(fc.boolean()),
    birdExporter: enabled,
    multus: mostly(partial({ enabled: mostly(fc.boolean()), installCNIPlugins: mostly(fc.boolean()) }, ['enabled'])),
    serviceLoopPrevention: validOrNot(SERVICE_LOOP_PREVENTION, ['drop', 'Accept']),
  });

  const kubernetesVersion = validOrNot(['1.27.3', '1.30.0', '1.32.1', '1.33.0', '1.34.2', '1.35.0', '1.36.1', 'v1.34.2', '1.37.0-alpha.1'], ['', '1', 'latest', '1.x']);
  const shootFacts = fc.record({
    spec: fc.record({
      kubernetes: fc.record({
        version: mostly(kubernetesVersion),
        // kube-proxy off is valid only with the eBPF dataplane.
        kubeProxy: mostly(partial({ enabled: mostly(validOrNot([true], [false])), mode: mostly(fc.constantFrom(...KUBE_PROXY_MODES)) })),
        kubeAPIServer: partial({
          featureGates: mostly(partial({ MutatingAdmissionPolicy: mostly(fc.boolean()) })),
          runtimeConfig: mostly(partial({ 'admissionregistration.k8s.io/v1beta1': fc.boolean(), 'admissionregistration.k8s.io/v1alpha1': fc.boolean() })),
        }),
        verticalPodAutoscaler: mostly(partial({ enabled: mostly(fc.boolean()) })),
      }, { requiredKeys: ['version'] }),
      networking: partial({ nodes: cidr }),
    }, { requiredKeys: ['kubernetes'] }),
    status: partial({
      networking: partial({
        nodes: fc.oneof(fc.array(cidr, { maxLength: 2 }), fc.constant(['10.250.0.0/16', '2001:db8:1::/64'])),
        pods: fc.oneof(fc.array(cidr, { maxLength: 2 }), fc.constant(['100.96.0.0/11', '2001:db8:2::/48'])),
      }),
      constraints: fc.array(fc.record({ type: fc.constant('DualStackNodesMigrationReady'), status: fc.constantFrom('True', 'False') }), { maxLength: 1 }),
    }),
  }, { requiredKeys: ['spec'] });

  const renderSpec = partial({
    featureGates: mostly(partial({ NonPrivilegedCalicoNode: mostly(fc.boolean()), SeamlessOverlaySwitch: mostly(fc.boolean()) })),
    images: mostly(fc.dictionary(fc.constantFrom(...IMAGE_NAMES), fc.constantFrom('registry.example/calico/node:v3.31.6', 'example.com/x@sha256:0123'), { maxKeys: 2 })),
    crds: mostly(fc.constantFrom('Emit', 'Skip')),
    overlaySwitch: mostly(partial({
      maxSnapshotAge: mostly(validOrNot(['30m', '1h30m', '10s', '0s'], ['soon', '5'])),
      admissionPolicy: mostly(fc.constantFrom('Emit', 'Skip')),
    })),
    outputDir: mostly(validOrNot(['calico', 'deploy/calico/', '.', 'a b'], ['../up', '/abs', ''])),
  });

  const condition = fc.record({
    type: fc.constant('NetworkUnavailable'),
    status: fc.constantFrom('True', 'False', 'Unknown'),
    reason: fc.constantFrom('RouteCreated', 'NoRouteCreated', 'CalicoIsUp', 'CalicoIsDown'),
  }, { requiredKeys: ['type', 'status'] });
  // Few names, so the snapshot forms often name the same node.
  const nodeName = fc.integer({ min: 0, max: 5 }).map((index) => `node-${index}`);
  // The function annotates snapshot items (local-config), so their metadata must take one.
  const metadataNamed = (name: fc.Arbitrary<string>) => name.chain((value) => hostile
    ? fc.oneof({ weight: 6, arbitrary: fc.constant({ name: value }) }, { weight: 1, arbitrary: junk.map((annotations) => ({ name: value, annotations })) }, { weight: 1, arbitrary: junk })
    : fc.constant({ name: value }));
  const compactSnapshot = fc.record({
    apiVersion: fc.constant('fn.networking-calico.gardener.cloud/v1alpha1'),
    kind: fc.constant('NodeConditionSnapshot'),
    metadata: metadataNamed(fc.constant('shoot-nodes')),
    capturedAt: mostly(fc.integer({ min: -120, max: 600 }).map((minutesAgo) => new Date(NOW.getTime() - minutesAgo * 60_000).toISOString())),
    nodes: fc.array(fc.record({ name: nodeName, conditions: fc.array(condition, { maxLength: 1 }) }), { maxLength: 4 }),
    calicoNode: fc.record({ overlay: mostly(fc.constantFrom('ipip', 'vxlan', 'none')) }),
  }, { requiredKeys: ['apiVersion', 'kind', 'metadata', 'nodes'] });
  const nodeObject = fc.record({ metadata: metadataNamed(nodeName), conditions: fc.array(condition, { maxLength: 1 }) })
    .map(({ metadata, conditions }) => ({ apiVersion: 'v1', kind: 'Node', metadata, status: { conditions } }));
  const nodeList = fc.record({ metadata: mostly(fc.constant({})), items: fc.array(nodeObject, { minLength: 1, maxLength: 3 }) })
    .map(({ metadata, items }) => ({ apiVersion: 'v1', kind: 'List', metadata, items }));
  // calico-node as it runs (a captured live object or our previous render), by its Felix switches.
  const liveCalicoNode = fc.constantFrom('FELIX_IPINIPENABLED', 'FELIX_VXLANENABLED', 'NONE').map((switchOn) => ({
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: 'calico-node', namespace: 'kube-system' },
    spec: { template: { spec: { containers: [{ name: 'calico-node', env: [{ name: switchOn, value: 'true' }] }] } } },
  }));
  const clusterState = fc.tuple(
    rarely(compactSnapshot, 2),
    fc.oneof({ weight: 3, arbitrary: fc.constant([]) }, { weight: 1, arbitrary: fc.array(nodeObject, { maxLength: 2 }) }),
    rarely(nodeList, 5),
    // Now and then two: our previous render and a captured live object, say.
    fc.oneof({ weight: 3, arbitrary: fc.constant([]) }, { weight: 2, arbitrary: fc.array(liveCalicoNode, { minLength: 1, maxLength: 1 }) }, { weight: 1, arbitrary: fc.array(liveCalicoNode, { minLength: 2, maxLength: 2 }) }),
  ).map(([compact, nodes, list, daemonSets]): Record<string, unknown>[] => [compact, ...nodes, list, ...daemonSets].filter((item) => item !== undefined));

  return {
    cidr,
    ipFamilies: fc.constantFrom(undefined, undefined, ['IPv4'], ['IPv6'], ['IPv4', 'IPv6'], ['IPv6', 'IPv4']).chain((families) =>
      hostile ? fc.oneof({ weight: 10, arbitrary: fc.constant(families) }, { weight: 1, arbitrary: fc.constantFrom(['IPv4', 'IPv4'], [], ['ipv4']) }) : fc.constant(families)),
    networkType: mostly(fc.constant('calico')),
    networkConfig,
    shootFacts,
    renderSpec,
    clusterState,
  };
}
