// Writes the inputs of the change-plan golden cases (testdata/plan-*): each is a Network as it is
// now plus our previous render, made by rendering the Network as it was with the same function
// config. `tsx scripts/write-plan-goldens.ts`, then `UPDATE_GOLDEN=1 npx ava test/golden.test.ts`
// for the expectations (review the diff).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { processResourceList } from '../src/krm/process.js';
import { GENERATED_ANNOTATION } from '../src/emit/emit.js';

const TESTDATA = new URL('../testdata/', import.meta.url).pathname;
const NOW = new Date('2026-11-23T12:00:00Z');

interface PlanCase {
  name: string;
  readme: string;
  before: Record<string, unknown>;
  after: Record<string, unknown>;
  podCIDRBefore?: string;
  podCIDRAfter?: string;
  kubernetesVersion?: string;
  acknowledge?: string[];
  extraItems?: string;
}

const NODE_WITHOUT_ROUTE = `apiVersion: fn.networking-calico.gardener.cloud/v1alpha1
kind: NodeConditionSnapshot
metadata:
  name: shoot-nodes
capturedAt: "2026-11-23T11:50:00Z"
nodes:
- name: ip-10-250-0-12
  conditions: []
`;

const CASES: PlanCase[] = [
  {
    name: 'plan-held-switch-typha-change',
    readme: 'One plan for two changes: the overlay is switched off while a node has no route yet (the guard holds the switch: an info in the plan, the guard\'s own warning above it) and typha is turned off (an info: calico-node rolls for FELIX_TYPHAK8SSERVICENAME\'s ConfigMap key, typha\'s objects are removed).',
    before: { overlay: { enabled: true }, typha: { enabled: true } },
    after: { overlay: { enabled: false }, typha: { enabled: false } },
    kubernetesVersion: '1.36.1',
    extraItems: NODE_WITHOUT_ROUTE,
  },
  {
    name: 'plan-ipip-to-vxlan',
    readme: 'The overlay stays on and changes from IPIP to VXLAN: a warning (pods on nodes with different encapsulations cannot reach each other until calico-node has rolled everywhere), and one for the backend, which goes from bird to vxlan with it. The cluster runs calico-ipam before and after: with the default IPAM (host-local) the same change would also switch IPAM to calico-ipam, which the plan refuses until acknowledged.',
    before: { overlay: { enabled: true }, ipam: { type: 'calico-ipam' } },
    after: { overlay: { enabled: true }, vxlan: { enabled: true }, ipam: { type: 'calico-ipam' } },
  },
  {
    name: 'plan-mtu-change',
    readme: 'vethMTU changes: a warning that only new pods get the new MTU; existing pods keep theirs until restarted.',
    before: { overlay: { enabled: true } },
    after: { overlay: { enabled: true }, vethMTU: '1400' },
  },
  {
    name: 'plan-ipam-refused',
    readme: 'IPAM changes from calico-ipam to host-local on a running cluster: refused (an error, exit 1, items unchanged) with why it breaks running pods and the safe procedure. `plan-ipam-acknowledged` is the same change once acknowledged.',
    before: { overlay: { enabled: true }, ipam: { type: 'calico-ipam' } },
    after: { overlay: { enabled: true }, ipam: { type: 'host-local', cidr: 'usePodCIDR' } },
  },
  {
    name: 'plan-ipam-acknowledged',
    readme: 'The change of `plan-ipam-refused`, with `ipam-type-change` under spec.acknowledge: rendered, and the plan still shows the transition as a warning with its safe procedure.',
    before: { overlay: { enabled: true }, ipam: { type: 'calico-ipam' } },
    after: { overlay: { enabled: true }, ipam: { type: 'host-local', cidr: 'usePodCIDR' } },
    acknowledge: ['ipam-type-change'],
  },
  {
    name: 'plan-pool-cidr-refused',
    readme: 'The pod CIDR, and with it the IPPool\'s cidr, changes: refused, since Calico does not move a pool in place; the error names the migration through a second pool.',
    before: { overlay: { enabled: true } },
    after: { overlay: { enabled: true } },
    podCIDRBefore: '100.96.0.0/11',
    podCIDRAfter: '100.128.0.0/11',
  },
];

for (const planCase of CASES) {
  const dir = join(TESTDATA, planCase.name);
  mkdirSync(dir, { recursive: true });
  const version = planCase.kubernetesVersion ?? '1.34.2';
  const fnConfig = functionConfig(version, planCase.podCIDRAfter ?? '100.96.0.0/11', planCase.acknowledge);
  const previous = render(network(planCase.before, planCase.podCIDRBefore), functionConfig(version, planCase.podCIDRBefore ?? '100.96.0.0/11'));
  const resources = [stringify(network(planCase.after, planCase.podCIDRAfter)), ...(planCase.extraItems ? [planCase.extraItems] : []),
    ...previous.map((item, index) => `${index === 0 ? '# Our previous render, as the last kpt fn render left it in the package\n' : ''}${stringify(item)}`)];
  writeFileSync(join(dir, 'resources.yaml'), resources.join('---\n'));
  writeFileSync(join(dir, 'fn-config.yaml'), stringify(fnConfig));
  writeFileSync(join(dir, 'README.md'), `# ${planCase.name}\n\n${planCase.readme}\n\nThe input holds the Network as it is now and our previous render of it as it was (written by scripts/write-plan-goldens.ts).\n`);
}

function network(providerConfig: Record<string, unknown>, podCIDR = '100.96.0.0/11'): Record<string, unknown> {
  return {
    apiVersion: 'extensions.gardener.cloud/v1alpha1',
    kind: 'Network',
    metadata: { name: 'calico-network', namespace: 'shoot--core--test' },
    spec: {
      type: 'calico', podCIDR, serviceCIDR: '100.64.0.0/13',
      providerConfig: { apiVersion: 'calico.networking.extensions.gardener.cloud/v1alpha1', kind: 'NetworkConfig', ...providerConfig },
    },
  };
}

function functionConfig(version: string, podCIDR: string, acknowledge?: string[]): Record<string, unknown> {
  return {
    apiVersion: 'fn.networking-calico.gardener.cloud/v1alpha1',
    kind: 'CalicoRenderConfig',
    metadata: { name: 'render-calico' },
    spec: {
      crds: 'Skip',
      ...(acknowledge ? { acknowledge } : {}),
      shoot: { spec: { kubernetes: { version }, networking: { nodes: '10.250.0.0/16' } }, status: { networking: { nodes: ['10.250.0.0/16'], pods: [podCIDR] } } },
    },
  };
}

function render(item: Record<string, unknown>, fnConfig: Record<string, unknown>): Record<string, unknown>[] {
  const input = stringify({ apiVersion: 'config.kubernetes.io/v1', kind: 'ResourceList', items: [item], functionConfig: fnConfig });
  const outcome = processResourceList(input, { now: NOW });
  if (outcome.exitCode !== 0 || !outcome.stdout) throw new Error(`the previous render failed: ${outcome.stdout ?? outcome.stderr}`);
  const items = (parse(outcome.stdout) as { items: Array<Record<string, unknown>> }).items;
  return items.filter((object) => (object.metadata as { annotations?: Record<string, unknown> }).annotations?.[GENERATED_ANNOTATION] !== undefined);
}
