// Renders a Network as it was, then as it is with the first render in the input: the change
// plan of the second render is what the plan tests look at.
import { parse, stringify } from 'yaml';
import { GENERATED_ANNOTATION } from '../../src/emit/emit.js';
import { processResourceList } from '../../src/krm/process.js';
import type { Result } from '../../src/krm/types.js';
import { PLAN_TAG } from '../../src/plan/plan.js';

export interface Side {
  providerConfig?: Record<string, unknown>;
  ipFamilies?: string[];
  podCIDRs?: string[];
  kubeProxyEnabled?: boolean;
  images?: Record<string, string>;
  acknowledge?: string[];
  kubernetesVersion?: string;
  nodesCIDR?: string;
}

export const NOW = { now: new Date('2026-11-23T12:00:00Z') };

export function resourceList(side: Side, extraItems: unknown[] = []): string {
  const pods = side.podCIDRs ?? ['100.96.0.0/11'];
  const nodes = side.nodesCIDR ?? '10.250.0.0/16';
  const network = {
    apiVersion: 'extensions.gardener.cloud/v1alpha1',
    kind: 'Network',
    metadata: { name: 'calico-network', namespace: 'shoot--core--test' },
    spec: {
      type: 'calico', podCIDR: pods[0], serviceCIDR: '100.64.0.0/13',
      ...(side.ipFamilies ? { ipFamilies: side.ipFamilies } : {}),
      providerConfig: { apiVersion: 'calico.networking.extensions.gardener.cloud/v1alpha1', kind: 'NetworkConfig', overlay: { enabled: true }, ...side.providerConfig },
    },
  };
  const functionConfig = {
    apiVersion: 'fn.networking-calico.gardener.cloud/v1alpha1',
    kind: 'CalicoRenderConfig',
    metadata: { name: 'render-calico' },
    spec: {
      crds: 'Skip',
      ...(side.images ? { images: side.images } : {}),
      ...(side.acknowledge ? { acknowledge: side.acknowledge } : {}),
      shoot: {
        spec: { kubernetes: { version: side.kubernetesVersion ?? '1.34.2', ...(side.kubeProxyEnabled === false ? { kubeProxy: { enabled: false } } : {}) }, networking: { nodes } },
        status: { networking: { nodes: pods.length > 1 ? [nodes, '2001:db8:2::/64'] : [nodes], pods } },
      },
    },
  };
  return stringify({ apiVersion: 'config.kubernetes.io/v1', kind: 'ResourceList', items: [network, ...extraItems], functionConfig }, { lineWidth: 0 });
}

/** Our generated objects from rendering `side`. */
export function rendered(side: Side): Record<string, unknown>[] {
  const outcome = processResourceList(resourceList(side), NOW);
  if (outcome.exitCode !== 0) throw new Error(`render failed: ${outcome.stdout ?? outcome.stderr}`);
  const items = (parse(outcome.stdout ?? '') as { items: Array<Record<string, unknown>> }).items;
  return items.filter((item) => (item.metadata as { annotations?: Record<string, unknown> }).annotations?.[GENERATED_ANNOTATION] !== undefined);
}

export interface PlanRun {
  exitCode: number;
  results: Result[];
  /** Results of the plan only (tagged). */
  plan: Result[];
}

export function renderTwice(before: Side, after: Side): PlanRun {
  return renderWith(after, rendered(before));
}

export function renderWith(side: Side, previous: unknown[]): PlanRun {
  const outcome = processResourceList(resourceList(side, previous), NOW);
  const results = ((parse(outcome.stdout ?? '') as { results?: Result[] }).results ?? []);
  return { exitCode: outcome.exitCode, results, plan: results.filter((result) => result.tags?.[PLAN_TAG] !== undefined) };
}
