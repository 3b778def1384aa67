// Classifies the ResourceList items and validates them: which item is the Network, where the
// NetworkConfig is, which Shoot facts apply. Everything wrong is reported at once, each problem
// tied to its object and field; nothing is computed from invalid input.
import type { InputItem, ResourceRef, Result } from '../krm/types.js';
import { refOf } from '../krm/types.js';
import type { ValuesInput } from '../values/compute.js';
import { describeValue, fromZodIssues, listOf, structureErrors, type FieldError } from './field-errors.js';
import { parseDurationSeconds, type MaxSnapshotAge } from './duration.js';
import { readFunctionConfig } from './function-config.js';
import { cidrFamily, type IPFamily } from './net.js';
import {
  FN_API_VERSION, NETWORK_CONFIG_API_VERSION, networkConfigSchema, networkSpecSchema, shootFactsSchema,
  type NetworkConfig, type RenderConfigSpec, type ShootFacts,
} from './schemas.js';
import { fastParseNetworkConfig, fastParseNetworkSpec, fastParseShootFacts } from './fast-parsers.generated.js';
import { parseInput } from './parse-input.js';
import { validateNetworkConfig } from './validate-network-config.js';
import { withoutKnownNullFields } from './go-nulls.js';

import { isRecord } from '../plain-data.js';

export const NETWORK_API_VERSION = 'extensions.gardener.cloud/v1alpha1';
export const SHOOT_API_VERSION = 'core.gardener.cloud/v1beta1';

/** Everything the later stages need, validated. */
export interface RenderRequest {
  values: ValuesInput;
  kubernetesVersion: string;
  kubeAPIServer: { featureGates: Record<string, boolean>; runtimeConfig: Record<string, boolean> };
  featureGates: { NonPrivilegedCalicoNode: boolean; SeamlessOverlaySwitch: boolean };
  crds: 'Emit' | 'Skip';
  overlaySwitch: { maxSnapshotAge?: MaxSnapshotAge; admissionPolicy: 'Emit' | 'Skip'; newCluster: boolean };
  outputDir: string;
  /** spec.acknowledge: destructive transitions the change plan lets through. */
  acknowledge: string[];
  /** The Network item, for results that concern it. */
  network: ResourceRef;
  /** Where the NetworkConfig is (the Network, or an item of its own) and its fields' path prefix there. */
  networkConfigAt?: { ref: ResourceRef; prefix: string };
}

export type ClassifyResult = { ok: true; request: RenderRequest } | { ok: false; results: Result[] };

export const DEFAULT_OUTPUT_DIR = 'calico';

export function isKind(object: Record<string, unknown>, apiVersion: string, kind: string): boolean {
  return object.apiVersion === apiVersion && object.kind === kind;
}

/** kpt sends the config file both as functionConfig and, with `configPath`, as an item. */
export function isRenderConfig(object: Record<string, unknown>): boolean {
  return isKind(object, FN_API_VERSION, 'CalicoRenderConfig');
}

export function classify(items: readonly InputItem[], functionConfig: Record<string, unknown> | undefined): ClassifyResult {
  const results: Result[] = [];
  const fail = (ref: ResourceRef | undefined, errors: FieldError[]) => {
    for (const error of errors) results.push(errorResult(error, ref));
  };

  const renderConfigs = items.filter((item) => isRenderConfig(item.object));
  if (!functionConfig && renderConfigs.length > 1) {
    const names = renderConfigs.map((item) => refOf(item.object).name).join(', ');
    // Pointing at the second: with its file, the two can be told apart.
    results.push({ severity: 'error', message: `found ${renderConfigs.length} CalicoRenderConfig items (${names}): keep exactly one, or give the function config explicitly (kpt: configPath; render: --function-config FILE)`, resourceRef: refOf(renderConfigs[1]!.object) });
    return { ok: false, results };
  }
  const configSource = functionConfig ?? renderConfigs[0]?.object;
  const configRef = configSource ? refOf(configSource) : undefined;
  const config = readFunctionConfig(configSource);
  if (!config.ok) fail(configRef, config.errors);
  const spec: RenderConfigSpec = config.ok ? config.spec : {};
  const configPathPrefix = configSource?.kind === 'ConfigMap' ? 'data.' : 'spec.';

  const networks = items.filter((item) => isKind(item.object, NETWORK_API_VERSION, 'Network'));
  if (networks.length !== 1) {
    const found = networks.map((item) => refOf(item.object).name).join(', ');
    // A Network of another apiVersion is the likely reason none was found: name it.
    const lookalike = networks.length === 0 ? items.find((item) => item.object.kind === 'Network') : undefined;
    const lookalikeRef = lookalike && refOf(lookalike.object);
    results.push({
      severity: 'error',
      message: networks.length === 0
        ? `no Network (${NETWORK_API_VERSION}, kind Network) among the input items: the function renders Calico from exactly one Network${lookalikeRef ? `; Network ${lookalikeRef.name ?? ''} has apiVersion ${JSON.stringify(lookalike?.object.apiVersion ?? null)}` : ''}`
        : `found ${networks.length} Networks (${found}): the function renders Calico from exactly one Network per package`,
      ...(lookalikeRef ? { resourceRef: lookalikeRef } : {}),
    });
    return { ok: false, results };
  }
  const networkItem = networks[0] as InputItem;
  const networkRef = refOf(networkItem.object);
  const networkSpec = parseInput(fastParseNetworkSpec, networkSpecSchema, networkItem.object.spec ?? {});
  if (!networkSpec.success) {
    fail(networkRef, fromZodIssues(networkSpec.issues, 'spec'));
    return { ok: false, results };
  }
  const network = networkSpec.data;
  if (network.type !== 'calico') {
    fail(networkRef, [{ path: 'spec.type', message: `unsupported value ${describeValue(network.type)} for type, this function renders only "calico" Networks` }]);
  }
  const declaredFamilies = network.ipFamilies ?? ['IPv4'];
  for (const field of ['podCIDR', 'serviceCIDR'] as const) {
    const family = cidrFamily(network[field]);
    if (!family) fail(networkRef, [{ path: `spec.${field}`, message: `invalid value ${describeValue(network[field])}: must be a valid CIDR` }]);
    // The IP pools are built from podCIDR: one of a family the Network does not use cannot work.
    else if (field === 'podCIDR' && !declaredFamilies.includes(family)) fail(networkRef, [{ path: `spec.${field}`, message: `invalid value ${describeValue(network[field])}: an ${family} CIDR, but the Network's ipFamilies is ${listOf(declaredFamilies)}` }]);
  }
  if (new Set(declaredFamilies).size !== declaredFamilies.length) {
    fail(networkRef, [{ path: 'spec.ipFamilies', message: `invalid value ${listOf(declaredFamilies)}: ipFamilies cannot have duplicate entries` }]);
  }

  const shoot = shootFacts(items, spec, fail);
  const ipFamilies = effectiveIPFamilies(declaredFamilies, shoot);

  const networkConfig = locateNetworkConfig(items, networkItem, fail);
  if (networkConfig?.config) {
    fail(networkConfig.ref, validateNetworkConfig(networkConfig.config, ipFamilies, declaredFamilies, networkConfig.prefix));
  }

  const kubernetes = shoot?.spec?.kubernetes;
  const version = kubernetes?.version;
  if (!version && !configSource) {
    results.push({ severity: 'error', message: 'no function config: no CalicoRenderConfig among the input items and none given (kpt: configPath; render: the package\'s CalicoRenderConfig, or --function-config FILE, which also reads a ConfigMap), and no Shoot item gives spec.kubernetes.version, so the Shoot\'s Kubernetes version is unknown; see fn-config/ for one to start from' });
  } else if (!version && config.ok) {
    fail(configRef, [{ path: `${configPathPrefix}shoot.spec.kubernetes.version`, message: 'required field is missing: the Shoot\'s Kubernetes version (e.g. "1.34.2"), from the function config or a Shoot item' }]);
  }
  const kubeProxyEnabled = kubernetes?.kubeProxy?.enabled ?? true;
  const kubeProxyPath = `${configPathPrefix}shoot.spec.kubernetes.kubeProxy`;
  if (!kubeProxyEnabled && !networkConfig?.config?.ebpfDataplane?.enabled) {
    fail(configRef, [{ path: `${kubeProxyPath}.enabled`, message: 'invalid value false: disabling kube-proxy is forbidden with Calico unless the eBPF dataplane is on (ebpfDataplane.enabled: true in the NetworkConfig)' }]);
  }
  if (!kubeProxyEnabled && kubernetes?.kubeProxy?.mode) {
    fail(configRef, [{ path: `${kubeProxyPath}.mode`, message: `invalid value ${describeValue(kubernetes.kubeProxy.mode)}: kube-proxy mode must not be set if kube-proxy is disabled` }]);
  }

  const podCIDRs = [...(shoot?.status?.networking?.pods ?? [])];
  const nodeCIDRs = shoot?.status?.networking?.nodes ?? [];
  const nodesCIDR = shoot?.spec?.networking?.nodes;
  const shootStatusPath = `${configPathPrefix}shoot.status.networking`;
  podCIDRs.forEach((cidr, index) => {
    if (!cidrFamily(cidr)) fail(configRef, [{ path: `${shootStatusPath}.pods[${index}]`, message: `invalid value ${describeValue(cidr)}: must be a valid CIDR` }]);
  });
  nodeCIDRs.forEach((cidr, index) => {
    if (!cidrFamily(cidr)) fail(configRef, [{ path: `${shootStatusPath}.nodes[${index}]`, message: `invalid value ${describeValue(cidr)}: must be a valid CIDR` }]);
  });
  if (nodesCIDR !== undefined && !cidrFamily(nodesCIDR)) {
    fail(configRef, [{ path: `${configPathPrefix}shoot.spec.networking.nodes`, message: `invalid value ${describeValue(nodesCIDR)}: must be a valid CIDR` }]);
  }
  // An IPv6-only Network carries its v6 range in podCIDR; upstream reads it from the Shoot status only.
  if (!podCIDRs.some((cidr) => cidrFamily(cidr) === 'IPv6') && cidrFamily(network.podCIDR) === 'IPv6') podCIDRs.push(network.podCIDR);
  if (ipFamilies.includes('IPv6') && !podCIDRs.some((cidr) => cidrFamily(cidr) === 'IPv6')) {
    fail(configRef, [{ path: `${shootStatusPath}.pods`, message: 'IPv6 is in use but no IPv6 pod CIDR is known: list it in the Shoot status networking.pods' }]);
  }

  if (results.length > 0 || !version) return { ok: false, results };
  return {
    ok: true,
    request: {
      values: {
        podCIDR: network.podCIDR,
        ipFamilies,
        networkConfig: networkConfig?.config,
        kubeProxy: { enabled: kubeProxyEnabled, mode: kubernetes?.kubeProxy?.mode },
        wantsVPA: kubernetes?.verticalPodAutoscaler?.enabled === true,
        nonPrivilegedCalicoNode: spec.featureGates?.NonPrivilegedCalicoNode ?? false,
        nodesCIDR,
        nodeCIDRs,
        podCIDRs,
        imageOverrides: spec.images ?? {},
      },
      kubernetesVersion: version.replace(/^v/, ''),
      kubeAPIServer: {
        featureGates: kubernetes?.kubeAPIServer?.featureGates ?? {},
        runtimeConfig: kubernetes?.kubeAPIServer?.runtimeConfig ?? {},
      },
      featureGates: {
        NonPrivilegedCalicoNode: spec.featureGates?.NonPrivilegedCalicoNode ?? false,
        SeamlessOverlaySwitch: spec.featureGates?.SeamlessOverlaySwitch ?? true,
      },
      crds: spec.crds ?? 'Emit',
      overlaySwitch: {
        maxSnapshotAge: maxSnapshotAgeOf(spec.overlaySwitch?.maxSnapshotAge),
        admissionPolicy: spec.overlaySwitch?.admissionPolicy ?? 'Emit',
        newCluster: spec.overlaySwitch?.newCluster ?? false,
      },
      outputDir: (spec.outputDir ?? DEFAULT_OUTPUT_DIR).replace(/\/+$/, ''),
      acknowledge: [...new Set(spec.acknowledge ?? [])].sort(),
      network: networkRef,
      ...(networkConfig ? { networkConfigAt: { ref: networkConfig.ref, prefix: networkConfig.prefix } } : {}),
    },
  };
}

/** The schema has checked that the text parses. */
function maxSnapshotAgeOf(written: string | undefined): MaxSnapshotAge | undefined {
  const seconds = written === undefined ? undefined : parseDurationSeconds(written);
  return seconds === undefined || written === undefined ? undefined : { seconds, written };
}

function errorResult(error: FieldError, ref: ResourceRef | undefined): Result {
  // The path goes into field.path only: kpt prints it before the message, and so does render.
  const result: Result = { severity: 'error', message: error.message };
  if (ref) result.resourceRef = ref;
  if (error.path) result.field = { path: error.path };
  return result;
}

/** Upstream keeps only the first family while a dual-stack migration is not ready. */
function effectiveIPFamilies(declared: readonly IPFamily[], shoot: ShootFacts | undefined): IPFamily[] {
  const migration = shoot?.status?.constraints?.find((condition) => condition.type === 'DualStackNodesMigrationReady');
  return migration && migration.status !== 'True' ? declared.slice(0, 1) : [...declared];
}

/** The Shoot item's facts with the function config's `spec.shoot` laid over them. */
function shootFacts(
  items: readonly InputItem[],
  spec: RenderConfigSpec,
  fail: (ref: ResourceRef | undefined, errors: FieldError[]) => void,
): ShootFacts | undefined {
  const shoots = items.filter((item) => isKind(item.object, SHOOT_API_VERSION, 'Shoot'));
  if (shoots.length > 1) {
    fail(undefined, [{ path: '', message: `found ${shoots.length} Shoots (${shoots.map((item) => refOf(item.object).name).join(', ')}): give at most one Shoot per package` }]);
    return undefined;
  }
  let fromItem: ShootFacts = {};
  if (shoots[0]) {
    const parsed = parseInput(fastParseShootFacts, shootFactsSchema, shoots[0].object);
    if (!parsed.success) fail(refOf(shoots[0].object), fromZodIssues(parsed.issues, ''));
    else fromItem = parsed.data;
  }
  return deepMerge(fromItem, spec.shoot ?? {}) as ShootFacts;
}

function deepMerge(base: unknown, override: unknown): unknown {
  if (!isRecord(base) || !isRecord(override)) return override === undefined ? base : override;
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(override)) merged[key] = deepMerge(base[key], value);
  return merged;
}


interface LocatedNetworkConfig {
  config?: NetworkConfig;
  ref: ResourceRef;
  /** Where its fields live inside `ref`, for error paths. */
  prefix: string;
}

function locateNetworkConfig(
  items: readonly InputItem[],
  networkItem: InputItem,
  fail: (ref: ResourceRef | undefined, errors: FieldError[]) => void,
): LocatedNetworkConfig | undefined {
  const networkRef = refOf(networkItem.object);
  const embedded = (networkItem.object.spec as Record<string, unknown> | undefined)?.providerConfig;
  const separate = items.filter((item) => isKind(item.object, NETWORK_CONFIG_API_VERSION, 'NetworkConfig'));
  if (embedded != null && separate.length > 0) {
    fail(networkRef, [{ path: 'spec.providerConfig', message: `the NetworkConfig is given twice, embedded here and as item ${JSON.stringify(refOf(separate[0]!.object).name ?? '')}: keep exactly one` }]);
    return undefined;
  }
  if (separate.length > 1) {
    fail(undefined, [{ path: '', message: `found ${separate.length} NetworkConfig items: keep exactly one` }]);
    return undefined;
  }
  const located: LocatedNetworkConfig | undefined = embedded != null
    ? { ref: networkRef, prefix: 'spec.providerConfig' }
    : separate[0] ? { ref: refOf(separate[0].object), prefix: '' } : undefined;
  if (!located) return undefined;
  const raw = embedded != null ? embedded : stripObjectMeta(separate[0]!.object);
  const structural = structureErrors(raw, located.prefix);
  if (structural.length > 0) {
    fail(located.ref, structural);
    return undefined;
  }
  const parsed = parseInput(fastParseNetworkConfig, networkConfigSchema, raw, withoutKnownNullFields);
  if (parsed.success) return { ...located, config: parsed.data };
  const schema = networkConfigSchema();
  fail(located.ref, fromZodIssues(parsed.issues, located.prefix, schema));
  // When the shape is right and only values or extra keys are wrong, the semantic checks can
  // still run, so the user sees every problem at once, as upstream reports them.
  const shapeIsSound = parsed.issues.every((issue) => issue.code === 'invalid_value' || issue.code === 'unrecognized_keys');
  return shapeIsSound ? { ...located, config: withoutKnownNullFields(raw, schema) as NetworkConfig } : undefined;
}

/** A NetworkConfig kept as its own item has metadata (name, kpt annotations) that is not part of the API. */
function stripObjectMeta(object: Record<string, unknown>): Record<string, unknown> {
  const { metadata: _metadata, ...rest } = object;
  return rest;
}
