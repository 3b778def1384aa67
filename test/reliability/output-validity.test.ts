// Every object the golden cases generate validates against the schema of its apiVersion/kind
// (kubernetes-models for built-in kinds, our CRDs for Calico's), and calico-config carries a CNI
// conflist a node can use. The validators themselves are shown to reject broken objects, so a
// passing run is not a validator that accepts everything.
import test from 'ava';
import { builtinProblems, typeKey, UNVALIDATED_KINDS } from '../support/builtin-validation.js';
import { conflistProblems } from '../support/cni-conflist.js';
import { customResourceProblems } from '../support/crd-validation.js';
import { goldenCases } from '../support/golden.js';
import { generatedObjectProblems } from '../support/output-validation.js';
import { isGenerated, itemsOf, render, type Item } from '../support/render-output.js';

const rendered = goldenCases().map((golden) => {
  const outcome = render(golden.input);
  return { name: golden.name, exitCode: outcome.exitCode, generated: itemsOf(outcome.stdout ?? '').filter(isGenerated) };
});

for (const golden of rendered.filter((candidate) => candidate.exitCode === 0)) {
  test(`golden ${golden.name}: every generated object validates`, (t) => {
    t.true(golden.generated.length > 0);
    t.deepEqual(golden.generated.flatMap(generatedObjectProblems), []);
  });
}

test('the kinds left unvalidated are exactly the ones no installed schema covers', (t) => {
  const generatedKinds = new Set(rendered.flatMap((golden) => golden.generated.map(typeKey)));
  const unvalidatedSeen = [...generatedKinds].filter((key) => UNVALIDATED_KINDS.has(key)).sort();
  // The golden cases exercise every one of them, so the list names no kind we never render.
  t.deepEqual(unvalidatedSeen, [
    'admissionregistration.k8s.io/v1 MutatingAdmissionPolicy',
    'admissionregistration.k8s.io/v1 MutatingAdmissionPolicyBinding',
    'admissionregistration.k8s.io/v1beta1 MutatingAdmissionPolicy',
    'admissionregistration.k8s.io/v1beta1 MutatingAdmissionPolicyBinding',
    'autoscaling.k8s.io/v1 VerticalPodAutoscaler',
  ]);
  t.true(generatedKinds.has('crd.projectcalico.org/v1 IPPool'));
  t.true(generatedKinds.has('apiextensions.k8s.io/v1 CustomResourceDefinition'));
});

function firstGenerated(apiVersionKind: string, name?: string): Item {
  for (const golden of rendered) {
    const found = golden.generated.find((item) => typeKey(item) === apiVersionKind && (!name || (item.metadata as { name: string }).name === name));
    if (found) return structuredClone(found);
  }
  throw new Error(`no golden case renders ${apiVersionKind}`);
}

test('the built-in validator rejects a wrong type, a missing required field and an unknown field', (t) => {
  const daemonSet = firstGenerated('apps/v1 DaemonSet', 'calico-node') as { spec: { template: { spec: { containers: Record<string, unknown>[] } } } };
  const container = daemonSet.spec.template.spec.containers[0] as Record<string, unknown>;
  container.securityContex = { privileged: true };
  container.ports = [{ containerPort: 'nine-thousand' }];
  delete (daemonSet.spec as Record<string, unknown>).selector;
  const problems = builtinProblems(daemonSet as unknown as Item).join('\n');
  t.regex(problems, /containerPort must be integer/);
  t.regex(problems, /must have required property selector/);
  t.regex(problems, /containers\.0\.securityContex: not in the schema/);
});

test('the CRD validator rejects an IPPool outside the emitted schema', (t) => {
  const pool = firstGenerated('crd.projectcalico.org/v1 IPPool') as { metadata: Record<string, unknown>; spec: Record<string, unknown> };
  pool.spec.assignmentMode = 'Sometimes';
  pool.spec.blockSize = '26';
  pool.spec.natOutgoin = true;
  delete pool.spec.cidr;
  pool.metadata.namespace = 'kube-system';
  const problems = customResourceProblems(pool as unknown as Item).join('\n');
  t.regex(problems, /\/spec\/assignmentMode must be equal to one of the allowed values/);
  t.regex(problems, /\/spec\/blockSize must be integer/);
  t.regex(problems, /natOutgoin/);
  t.regex(problems, /must have required property 'cidr'/);
  t.regex(problems, /cluster-scoped/);
});

test('the conflist check follows the CNI spec and install-cni substitution', (t) => {
  const configMap = firstGenerated('v1 ConfigMap', 'calico-config') as { data: Record<string, string> };
  const text = configMap.data.cni_network_config ?? '';
  t.deepEqual(conflistProblems(text, '1440'), []);
  t.deepEqual(conflistProblems(text, '0'), []);
  t.regex(conflistProblems(text, '+1440').join(), /not JSON/, 'a signed MTU is no JSON number');
  t.regex(conflistProblems(text.replace('"k8s-pod-network"', '"-pods"'), '0').join(), /not a valid network name/);
  t.regex(conflistProblems(text.replace('"0.3.1"', '"0.2.0"'), '0').join(), /configuration lists/);
  t.regex(conflistProblems(text.replace('"type": "portmap"', '"type": "../portmap"'), '0').join(), /plugins\[1\]: type/);
  t.regex(conflistProblems(text.replace('"nodename": "__KUBERNETES_NODE_NAME__"', '"nodename": "__NODE__"'), '0').join(), /__NODE__/);
});
