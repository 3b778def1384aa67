// calico-node keeps the upstream privilege model (Gardener's calico-node chart): privileged where
// upstream is, the NonPrivilegedCalicoNode gate's uid 999 with three capabilities where the gate
// says so, and the gate overridden by the eBPF dataplane, which needs a privileged calico-node.
// No other generated workload is privileged or adds capabilities.
import test from 'ava';
import { parseDocument } from 'yaml';
import { goldenCases } from '../support/golden.js';
import { isGenerated, outputParts, render } from '../support/render-output.js';

interface SecurityContext {
  privileged?: boolean;
  runAsUser?: number;
  runAsGroup?: number;
  allowPrivilegeEscalation?: boolean;
  capabilities?: { add?: string[] };
}
interface Container { name: string; securityContext?: SecurityContext }

/** Upstream runs exactly these containers privileged (the multus ones as Multus's own manifest). */
const PRIVILEGED_UPSTREAM: Record<string, string[]> = {
  'calico-node': ['install-cni', 'cleanup-routes', 'log-mtu-issues', 'ebpf-bootstrap', 'calico-node', 'add-snat-rule-to-upstream-dns'],
  multus: ['install-multus-cni', 'install-cni-plugins', 'multus'],
};
const NON_PRIVILEGED_CALICO_NODE: SecurityContext = {
  runAsUser: 999,
  runAsGroup: 0,
  privileged: false,
  allowPrivilegeEscalation: false,
  capabilities: { add: ['NET_RAW', 'NET_ADMIN', 'NET_BIND_SERVICE'] },
};

/** `workload/container` -> its securityContext, for every generated Deployment and DaemonSet. */
function securityContexts(input: string): Map<string, SecurityContext> {
  const outcome = render(input);
  if (outcome.exitCode !== 0) throw new Error(`the input does not render: ${outcome.stdout ?? outcome.stderr}`);
  const workloads = outputParts(outcome.stdout ?? '').items.filter((item) => isGenerated(item) && ['DaemonSet', 'Deployment'].includes(item.kind as string));
  const contexts = new Map<string, SecurityContext>();
  for (const workload of workloads) {
    const pod = (workload as { spec: { template: { spec: { initContainers?: Container[]; containers: Container[] } } } }).spec.template.spec;
    for (const container of [...(pod.initContainers ?? []), ...pod.containers]) {
      contexts.set(`${(workload.metadata as { name: string }).name}/${container.name}`, container.securityContext ?? {});
    }
  }
  return contexts;
}

function privileged(contexts: Map<string, SecurityContext>): string[] {
  return [...contexts].filter(([, context]) => context.privileged === true).map(([name]) => name);
}

function goldenInput(name: string, edit: (document: ReturnType<typeof parseDocument>) => void = () => {}): string {
  const golden = goldenCases().find((candidate) => candidate.name === name);
  if (!golden) throw new Error(`golden case ${name} is missing`);
  const document = parseDocument(golden.input);
  edit(document);
  return document.toString();
}

const NETWORK_CONFIG = ['items', 0, 'spec', 'providerConfig'];
const GATE = ['functionConfig', 'spec', 'featureGates', 'NonPrivilegedCalicoNode'];

test('every golden case: only what upstream runs privileged is privileged, and only calico-node adds capabilities', (t) => {
  for (const golden of goldenCases()) {
    if (render(golden.input).exitCode !== 0) continue;
    const contexts = securityContexts(golden.input);
    for (const name of privileged(contexts)) {
      const [workload = '', container = ''] = name.split('/');
      t.true(PRIVILEGED_UPSTREAM[workload]?.includes(container) ?? false, `${golden.name}: ${name} is privileged`);
    }
    for (const [name, context] of contexts) {
      if (context.capabilities?.add) t.true(name.startsWith('calico-node/'), `${golden.name}: ${name} adds capabilities`);
      if (!name.startsWith('calico-node/') && !name.startsWith('multus/')) t.not(context.privileged, true, `${golden.name}: ${name}`);
    }
  }
});

test('default: calico-node and its host-preparing init containers run privileged, as upstream', (t) => {
  const contexts = securityContexts(goldenInput('default'));
  t.deepEqual(privileged(contexts), ['calico-node/log-mtu-issues', 'calico-node/install-cni', 'calico-node/calico-node']);
  t.deepEqual(contexts.get('calico-node/network-unavailable-condition-ensurer'), { privileged: false, allowPrivilegeEscalation: false });
});

test('NonPrivilegedCalicoNode: calico-node runs as uid 999 with NET_RAW, NET_ADMIN, NET_BIND_SERVICE; only init containers stay privileged', (t) => {
  const contexts = securityContexts(goldenInput('non-privileged'));
  t.deepEqual(contexts.get('calico-node/calico-node'), NON_PRIVILEGED_CALICO_NODE);
  t.deepEqual(privileged(contexts), ['calico-node/log-mtu-issues', 'calico-node/install-cni']);
  t.deepEqual(contexts.get('calico-node/hostpath-init'), { allowPrivilegeEscalation: false, runAsUser: 0 });
  t.false(contexts.has('calico-node/bird-exporter'), 'no bird-exporter without privileges');
});

test('NonPrivilegedCalicoNode with the overlay off: the SNAT sidecar gets NET_ADMIN instead of privileges', (t) => {
  const contexts = securityContexts(goldenInput('non-privileged', (document) => document.setIn([...NETWORK_CONFIG, 'overlay', 'enabled'], false)));
  t.deepEqual(contexts.get('calico-node/add-snat-rule-to-upstream-dns'), { privileged: false, allowPrivilegeEscalation: false, capabilities: { add: ['NET_ADMIN'] } });
  t.deepEqual(contexts.get('calico-node/calico-node'), NON_PRIVILEGED_CALICO_NODE);
  t.deepEqual(privileged(contexts), ['calico-node/cleanup-routes', 'calico-node/log-mtu-issues', 'calico-node/install-cni']);
});

for (const [name, gate] of [['ebpf-with-kube-proxy', false], ['ebpf-with-kube-proxy', true], ['ebpf-without-kube-proxy', true]] as const) {
  test(`eBPF dataplane (${name}${gate ? ', NonPrivilegedCalicoNode gate on' : ''}): calico-node and ebpf-bootstrap run privileged`, (t) => {
    const contexts = securityContexts(goldenInput(name, (document) => document.setIn(GATE, gate)));
    t.deepEqual(privileged(contexts), ['calico-node/log-mtu-issues', 'calico-node/install-cni', 'calico-node/ebpf-bootstrap', 'calico-node/calico-node']);
    t.false(contexts.has('calico-node/hostpath-init'));
  });
}
