// Whole ResourceLists for the property tests: a Network, its NetworkConfig (embedded, as an item,
// absent, or both), the Shoot facts (function config, Shoot item, or a kpt key=value ConfigMap),
// node snapshots and a live calico-node, plus items of the user's. Kept as separate item texts so
// a test can reorder them.
import fc from 'fast-check';
import { stringify } from 'yaml';
import { inputArbitraries, rarely } from './input-arbitraries.js';
import { incompleteItem, userItem, type UserItem } from './user-item-arbitrary.js';

export interface ResourceListParts {
  /** Each item as a YAML block sequence entry. */
  items: string[];
  functionConfig?: string;
  /** Names of the items the function does not own: it must return them exactly as given. */
  untouchedItemNames: string[];
}

export function assemble(parts: Pick<ResourceListParts, 'items' | 'functionConfig'>): string {
  const functionConfig = parts.functionConfig === undefined ? '' : `functionConfig:\n${indent(parts.functionConfig)}`;
  return `apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n${parts.items.join('')}${functionConfig}`;
}

const FN_API_VERSION = 'fn.networking-calico.gardener.cloud/v1alpha1';
const NETWORK_CONFIG_TYPE = { apiVersion: 'calico.networking.extensions.gardener.cloud/v1alpha1', kind: 'NetworkConfig' };

function asItem(object: unknown): string {
  return stringify([object], { lineWidth: 0 });
}

function indent(text: string): string {
  return text.replace(/^(?=.)/gm, '  ');
}

/** kpt's `fn eval -- key=value` form: dotted paths under `spec`, values as YAML text. */
function asConfigMap(spec: Record<string, unknown>): Record<string, unknown> {
  const data: Record<string, string> = {};
  const walk = (value: unknown, path: string) => {
    if (typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length > 0) {
      for (const [key, child] of Object.entries(value)) walk(child, path ? `${path}.${key}` : key);
    } else if (path) {
      data[path] = typeof value === 'string' ? value : JSON.stringify(value) ?? 'null';
    }
  };
  walk(spec, '');
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'fn-config' }, data };
}

/** Valid field values with hostile=false; with hostile=true, any field may hold anything. */
export function resourceListParts(hostile: boolean): fc.Arbitrary<ResourceListParts> {
  const inputs = inputArbitraries(hostile);
  return fc.record({
    network: fc.record({ type: inputs.networkType, podCIDR: inputs.cidr, serviceCIDR: inputs.cidr, ipFamilies: inputs.ipFamilies }),
    config: fc.oneof({ weight: 8, arbitrary: inputs.networkConfig }, { weight: 1, arbitrary: fc.constant(undefined) }),
    configPlacement: hostile ? fc.oneof({ weight: 10, arbitrary: fc.constantFrom('embedded', 'item') }, { weight: 1, arbitrary: fc.constant('both') }) : fc.constantFrom('embedded', 'item'),
    shoot: inputs.shootFacts,
    shootPlacement: fc.constantFrom('function-config', 'function-config', 'shoot-item', 'config-map', 'config-item'),
    spec: inputs.renderSpec,
    cluster: inputs.clusterState,
    users: fc.integer({ min: 0, max: 2 }).chain((count) => fc.tuple(...Array.from({ length: count }, (_, index) => userItem(index)))),
    incomplete: rarely(incompleteItem, 6),
  }).map(toParts);
}

interface Drawn {
  network: { type: unknown; podCIDR: unknown; serviceCIDR: unknown; ipFamilies: unknown };
  config: Record<string, unknown> | undefined;
  configPlacement: string;
  shoot: Record<string, unknown>;
  shootPlacement: string;
  spec: Record<string, unknown>;
  cluster: Record<string, unknown>[];
  users: UserItem[];
  incomplete: UserItem | undefined;
}

function toParts({ network: networkSpec, config, configPlacement, shoot, shootPlacement, spec, cluster, users, incomplete }: Drawn): ResourceListParts {
  const { ipFamilies: families, ...rest } = networkSpec;
  const embedded = config && configPlacement !== 'item' ? { ...NETWORK_CONFIG_TYPE, ...config } : undefined;
  const items: string[] = [asItem({
    apiVersion: 'extensions.gardener.cloud/v1alpha1',
    kind: 'Network',
    metadata: { name: 'calico-network', namespace: 'shoot--core--test' },
    spec: { ...rest, ...(families ? { ipFamilies: families } : {}), ...(embedded ? { providerConfig: embedded } : {}) },
  })];
  if (config && configPlacement !== 'embedded') items.push(asItem({ ...NETWORK_CONFIG_TYPE, metadata: { name: 'network-config' }, ...config }));

  let functionConfig: Record<string, unknown> | undefined = { apiVersion: FN_API_VERSION, kind: 'CalicoRenderConfig', metadata: { name: 'render-calico' }, spec: { ...spec, shoot } };
  if (shootPlacement === 'shoot-item') {
    items.push(asItem({ apiVersion: 'core.gardener.cloud/v1beta1', kind: 'Shoot', metadata: { name: 'shoot' }, ...shoot }));
    functionConfig = Object.keys(spec).length > 0 ? { ...functionConfig, spec } : undefined;
  } else if (shootPlacement === 'config-map') {
    functionConfig = asConfigMap({ ...spec, shoot });
  } else if (shootPlacement === 'config-item') {
    // kpt render with configPath sends the config file as functionConfig and as an item.
    items.push(asItem(functionConfig));
  }
  items.push(...cluster.map(asItem));
  const userItems: UserItem[] = [...users, ...(incomplete ? [incomplete] : [])];
  items.push(...userItems.map((item) => item.text));
  return {
    items,
    functionConfig: functionConfig && stringify(functionConfig, { lineWidth: 0 }),
    untouchedItemNames: ['calico-network', 'network-config', 'shoot', 'render-calico', ...userItems.map((item) => item.name)],
  };
}
