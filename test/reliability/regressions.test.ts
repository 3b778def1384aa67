// Regression tests for the defects the reliability tests found, one block per defect.
import test from 'ava';
import { conflistProblems } from '../support/cni-conflist.js';
import { isGenerated, outputParts, render, STACK_TRACE, type Item } from '../support/render-output.js';

const NETWORK = (overlay: string) => `
- apiVersion: extensions.gardener.cloud/v1alpha1
  kind: Network
  metadata: {name: calico-network, namespace: shoot--a--b}
  spec:
    type: calico
    podCIDR: 100.96.0.0/11
    serviceCIDR: 100.64.0.0/13
    providerConfig: {apiVersion: calico.networking.extensions.gardener.cloud/v1alpha1, kind: NetworkConfig, ${overlay}}`;

const RENDER_CONFIG = `
functionConfig:
  apiVersion: fn.networking-calico.gardener.cloud/v1alpha1
  kind: CalicoRenderConfig
  metadata: {name: render-calico}
  spec:
    crds: Skip
    shoot: {spec: {kubernetes: {version: "1.36.1"}}}`;

function resourceList(items: string, { overlay = 'overlay: {enabled: true}', functionConfig = RENDER_CONFIG } = {}): string {
  return `apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:${NETWORK(overlay)}${items}\n${functionConfig}\n`;
}

function messages(output: string | undefined): string {
  return outputParts(output ?? '').results.map((result) => `${result.severity}: ${result.message}`).join('\n');
}

test('a kpt key=value config cannot write to Object.prototype (`__proto__.polluted=yes`)', (t) => {
  const configMap = `
functionConfig:
  apiVersion: v1
  kind: ConfigMap
  metadata: {name: fn-config}
  data: {shoot.spec.kubernetes.version: "1.34.2", __proto__.polluted: "yes", spec.constructor.prototype.x: "1"}`;
  const outcome = render(resourceList('', { functionConfig: configMap }));
  t.is(outcome.exitCode, 1);
  t.regex(messages(outcome.stdout), /__proto__/);
  t.is(({} as Record<string, unknown>).polluted, undefined);
  t.is(({} as Record<string, unknown>).x, undefined);
});

for (const [title, node, path] of [
  ['metadata a number', '{apiVersion: v1, kind: Node, metadata: 5}', 'metadata'],
  ['annotations a string', '{apiVersion: v1, kind: Node, metadata: {name: a, annotations: "x"}}', 'metadata.annotations'],
  ['annotations a list', '{apiVersion: v1, kind: Node, metadata: {name: a, annotations: [1]}}', 'metadata.annotations'],
  ['a List whose metadata is a number', '{apiVersion: v1, kind: List, metadata: 3, items: [{kind: Node, metadata: {name: x}}]}', 'metadata'],
  ['a NodeConditionSnapshot with annotations a number', '{apiVersion: fn.networking-calico.gardener.cloud/v1alpha1, kind: NodeConditionSnapshot, metadata: {name: s, annotations: 7}, nodes: []}', 'metadata.annotations'],
] as const) {
  test(`a snapshot item with ${title}: an error result naming the field, not a crash`, (t) => {
    const outcome = render(resourceList(`\n- ${node}`));
    t.is(outcome.exitCode, 1);
    const [result] = outputParts(outcome.stdout ?? '').results as { field?: { path: string } }[];
    t.is(result?.field?.path, path);
  });
}

test('snapshot items with null or aliased metadata get local-config on a copy, the anchored original stays', (t) => {
  const items = `
- {apiVersion: v1, kind: ConfigMap, metadata: &shared {name: users-own, annotations: {team: a}}}
- {apiVersion: v1, kind: Node, metadata: *shared}
- {apiVersion: v1, kind: Node, metadata: {name: null-annotations, annotations: null}}`;
  const outcome = render(resourceList(items));
  t.is(outcome.exitCode, 0, messages(outcome.stdout));
  const kept = outputParts(outcome.stdout ?? '').items.filter((item) => !isGenerated(item));
  const annotationsOf = (item: Item | undefined) => (item?.metadata as { annotations?: Record<string, string> } | null)?.annotations;
  t.deepEqual(annotationsOf(kept[1]), { team: 'a' }, "the user's ConfigMap keeps its annotations only");
  for (const node of kept.slice(2)) t.is(annotationsOf(node)?.['config.kubernetes.io/local-config'], 'true');
});

test('a signed or zero-padded vethMTU renders as plain digits, so the CNI conflist stays JSON', (t) => {
  for (const mtu of ['+1440', '01440', '-0']) {
    const outcome = render(resourceList('', { overlay: `vethMTU: "${mtu}"` }));
    t.is(outcome.exitCode, 0, messages(outcome.stdout));
    const calicoConfig = outputParts(outcome.stdout ?? '').items.find((item) => (item.metadata as { name: string }).name === 'calico-config');
    const data = calicoConfig?.data as Record<string, string>;
    t.is(data.veth_mtu, mtu === '-0' ? '0' : '1440');
    t.deepEqual(conflistProblems(data.cni_network_config ?? '', data.veth_mtu ?? ''), []);
  }
});

// Found by a hostile review (ninth session): upstream's strconv.Atoi refuses what a 64-bit int does not hold.
test('a vethMTU beyond a 64-bit integer is an error naming the field, as upstream refuses it', (t) => {
  for (const [mtu, accepted] of [['9223372036854775807', true], ['9223372036854775808', false], ['99999999999999999999999', false], ['-9223372036854775809', false]] as const) {
    const outcome = render(resourceList('', { overlay: `vethMTU: "${mtu}"` }));
    t.is(outcome.exitCode, accepted ? 0 : 1, mtu);
    if (!accepted) t.regex(messages(outcome.stdout), new RegExp(`error: invalid value "${mtu}": MTU must be a whole number a 64-bit integer holds`));
  }
});

test('a podCIDR of a family the Network does not use is an error naming it, not an IPv4 pool of an IPv6 range', (t) => {
  const outcome = render(resourceList('').replace('podCIDR: 100.96.0.0/11', 'podCIDR: "2001:db8::/48"'));
  t.is(outcome.exitCode, 1);
  const [result] = outputParts(outcome.stdout ?? '').results as { message: string; field?: { path: string } }[];
  t.is(result?.field?.path, 'spec.podCIDR');
  t.is(result?.message, 'invalid value "2001:db8::/48": an IPv6 CIDR, but the Network\'s ipFamilies is ["IPv4"]');
});

test('nesting deep enough to overflow the printer is a clear error, not a crash', (t) => {
  const nested = (depth: number) => `\n- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: deep}\n  data: ${'['.repeat(depth)}${']'.repeat(depth)}`;
  t.is(render(resourceList(nested(200))).exitCode, 0);
  for (const depth of [300, 980, 5000]) {
    const outcome = render(resourceList(nested(depth)));
    t.is(outcome.exitCode, 1);
    t.is(outcome.stdout, undefined);
    t.regex(outcome.stderr ?? '', /nested more than 256 levels|not valid YAML/);
    t.notRegex(outcome.stderr ?? '', STACK_TRACE);
  }
});

const HELD_SWITCH = { overlay: 'overlay: {enabled: false}' };
const RUNNING_IPIP = `
- apiVersion: fn.networking-calico.gardener.cloud/v1alpha1
  kind: NodeConditionSnapshot
  metadata: {name: shoot-nodes}
  nodes: [{name: node-a, conditions: [{type: NetworkUnavailable, status: "False", reason: RouteCreated}]}]
  calicoNode: {overlay: ipip}`;
const NODE_A_WITHOUT_ROUTE = `
- {apiVersion: v1, kind: Node, metadata: {name: node-a}, status: {conditions: [{type: NetworkUnavailable, status: "True", reason: NoRouteCreated}]}}`;

test('a node listed twice, once without its route: the switch is held in either item order', (t) => {
  for (const items of [RUNNING_IPIP + NODE_A_WITHOUT_ROUTE, NODE_A_WITHOUT_ROUTE + RUNNING_IPIP]) {
    const outcome = render(resourceList(items, HELD_SWITCH));
    t.is(outcome.exitCode, 0);
    t.regex(messages(outcome.stdout), /warning: holding the overlay \(ipip\) on.*node-a \(NetworkUnavailable=True, NoRouteCreated\)/);
  }
});

const calicoNode = (felixSwitch: string) => `
- apiVersion: apps/v1
  kind: DaemonSet
  metadata: {name: calico-node, namespace: kube-system}
  spec: {template: {spec: {containers: [{name: calico-node, env: [{name: ${felixSwitch}, value: "true"}]}]}}}`;

test('calico-node DaemonSets that disagree on the running overlay: an error when a switch needs it, in either order', (t) => {
  const ipip = calicoNode('FELIX_IPINIPENABLED');
  const vxlan = calicoNode('FELIX_VXLANENABLED');
  for (const items of [ipip + vxlan, vxlan + ipip]) {
    const switching = render(resourceList(items, HELD_SWITCH));
    t.is(switching.exitCode, 1);
    t.regex(messages(switching.stdout), /2 kube-system\/calico-node DaemonSets that disagree on the running overlay \(ipip, vxlan\)/);
    t.is(render(resourceList(items)).exitCode, 0, 'with the overlay wanted on, what runs does not matter');
  }
  t.is(render(resourceList(ipip + ipip, HELD_SWITCH)).exitCode, 0, 'agreeing copies are fine');
});

// Found by a hostile review (tenth session): of a node's NetworkUnavailable conditions only the
// first counted, so a node reporting both RouteCreated and NoRouteCreated let the switch through
// when the friendlier entry came first, in the render and from a snapshot --from file alike.
test('a node listing NetworkUnavailable twice, once without its route: the switch is held in either entry order', (t) => {
  const routed = '{type: NetworkUnavailable, status: "False", reason: RouteCreated}';
  const unrouted = '{type: NetworkUnavailable, status: "True", reason: NoRouteCreated}';
  for (const conditions of [`${routed}, ${unrouted}`, `${unrouted}, ${routed}`]) {
    const asNode = `\n- {apiVersion: v1, kind: Node, metadata: {name: node-a}, status: {conditions: [${conditions}]}}`;
    const inSnapshot = RUNNING_IPIP.replace(`conditions: [${routed}]`, `conditions: [${conditions}]`);
    t.not(inSnapshot, RUNNING_IPIP);
    for (const items of [RUNNING_IPIP + asNode, inSnapshot]) {
      const outcome = render(resourceList(items, HELD_SWITCH));
      t.is(outcome.exitCode, 0);
      t.regex(messages(outcome.stdout), /warning: holding the overlay \(ipip\) on.*node-a \(NetworkUnavailable=True, NoRouteCreated\)/);
    }
  }
});

// Found by a hostile review (tenth session): a Node without a name (in a kubectl List, or an item
// of its own, as `render --snapshot` reads a List) was left out of the count without a word, so
// "all 2 nodes report RouteCreated" let the switch through on a three-node cluster.
test('a Node without a name in the node snapshot is an error naming it, never left out of the count', (t) => {
  const routedNode = (name: string) => `{apiVersion: v1, kind: Node, metadata: {name: ${name}}, status: {conditions: [{type: NetworkUnavailable, status: "False", reason: RouteCreated}]}}`;
  const nameless = '{apiVersion: v1, kind: Node, metadata: {}, status: {conditions: [{type: NetworkUnavailable, status: "True", reason: NoRouteCreated}]}}';
  const asList = `\n- {apiVersion: v1, kind: List, metadata: {name: nodes}, items: [${routedNode('node-a')}, ${nameless}]}`;
  const asItems = `\n- ${routedNode('node-a')}\n- ${nameless.replace('metadata: {}', 'metadata: {annotations: {a: b}}')}`;
  const nullMetadata = `\n- ${routedNode('node-a')}\n- ${nameless.replace('metadata: {}', 'metadata: null')}`;
  for (const [items, path] of [[asList, 'items[1].metadata.name'], [asItems, 'metadata.name'], [nullMetadata, 'metadata.name']] as const) {
    const outcome = render(resourceList(RUNNING_IPIP + items, HELD_SWITCH));
    t.is(outcome.exitCode, 1);
    const errors = (outputParts(outcome.stdout ?? '').results as { severity: string; message: string; field?: { path: string } }[]).filter((result) => result.severity === 'error');
    t.true(errors.some((error) => /a Node without a name: the guard must see every node/.test(error.message) && error.field?.path === path), JSON.stringify(errors));
  }
});

// Found by a hostile review (tenth session): a node without a tunnel address (a new one, or a list
// of some of the nodes) outranked a captured calico-node running IPIP: "nothing to switch", and
// the overlay went off without a look at the routes.
test('nodes without tunnel addresses do not outrank a calico-node DaemonSet running IPIP: the routes decide', (t) => {
  const newNode = '\n- {apiVersion: v1, kind: Node, metadata: {name: node-new, annotations: {x: y}}, status: {conditions: [{type: NetworkUnavailable, status: "True", reason: NoRouteCreated}]}}';
  const outcome = render(resourceList(calicoNode('FELIX_IPINIPENABLED') + newNode, HELD_SWITCH));
  t.is(outcome.exitCode, 0);
  t.regex(messages(outcome.stdout), /warning: holding the overlay \(ipip\) on.*node-new \(NetworkUnavailable=True, NoRouteCreated\)/);
  t.notRegex(messages(outcome.stdout), /nothing to switch/);
});
