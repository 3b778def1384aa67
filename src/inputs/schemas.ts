// Our input APIs as zod schemas; the TypeScript types are inferred from them, and
// `npm run schema` exports them as JSON Schema for editors. The NetworkConfig mirrors upstream's
// calico.networking.extensions.gardener.cloud/v1alpha1 types and is decoded strictly like
// upstream: an unknown field is an error, not silently ignored.
// zod/mini: the same schemas at a fraction of zod's start-up cost, which every render pays.
import * as z from 'zod/mini';
import { builtOnFirstUse } from '../built-on-first-use.js';
import { didYouMean } from '../nearest-name.js';
import { parseDurationSeconds } from './duration.js';

export const NETWORK_CONFIG_API_VERSION = 'calico.networking.extensions.gardener.cloud/v1alpha1';
export const FN_API_VERSION = 'fn.networking-calico.gardener.cloud/v1alpha1';

export const BACKENDS = ['bird', 'none', 'vxlan'] as const;
export const POOL_TYPES = ['ipip', 'vxlan'] as const;
export const POOL_MODES = ['Always', 'Never', 'CrossSubnet', 'Off'] as const;
export const IPAM_TYPES = ['calico-ipam', 'host-local'] as const;
export const AUTOSCALING_MODES = ['cluster-proportional', 'vpa', 'static'] as const;
export const SERVICE_LOOP_PREVENTION = ['Disabled', 'Drop', 'Reject'] as const;
export const KUBE_PROXY_MODES = ['IPTables', 'IPVS', 'NFTables'] as const;
export const IP_FAMILIES = ['IPv4', 'IPv6'] as const;
export const IMAGE_NAMES = [
  'calico-node', 'calico-cni', 'calico-typha', 'calico-kube-controllers', 'calico-cpa',
  'calico-cpva', 'bird-exporter', 'multus-cni', 'cni-plugins',
] as const;

/** `enabled` as upstream's Go decoder leaves it when missing (or null): false. */
const enabledField = () => z._default(z.boolean(), false);
const enabledFlag = () => z.strictObject({ enabled: enabledField() });
/** Resource to Kubernetes quantity as YAML gives it: `250m`, `"1Gi"` or a bare number. */
const resourceList = () => z.record(z.string(), z.union([z.string(), z.number()]));

// Each schema is built at its first use: zod does a schema's work where it is declared, and a
// valid input, what a render mostly gets, is parsed by the parsers generated from these schemas
// (fast-parsers.generated.ts) without building them.
export const networkConfigSchema = builtOnFirstUse(() => z.strictObject({
  apiVersion: z.optional(z.literal(NETWORK_CONFIG_API_VERSION)),
  kind: z.optional(z.literal('NetworkConfig')),
  backend: z.optional(z.enum(BACKENDS)),
  // A missing type is Go's empty string: the default, host-local.
  ipam: z.optional(z.strictObject({ type: z._default(z.string(), ''), cidr: z.optional(z.string()) })),
  ipv4: z.optional(z.strictObject({
    pool: z.optional(z.enum(POOL_TYPES)),
    mode: z.optional(z.enum(POOL_MODES)),
    autoDetectionMethod: z.optional(z.string()),
  })),
  ipv6: z.optional(z.strictObject({
    pool: z.optional(z.enum(POOL_TYPES)),
    mode: z.optional(z.enum(POOL_MODES)),
    autoDetectionMethod: z.optional(z.string()),
    sourceNATEnabled: z.optional(z.boolean()),
  })),
  typha: z.optional(enabledFlag()),
  vethMTU: z.optional(z.string()),
  ebpfDataplane: z.optional(enabledFlag()),
  overlay: z.optional(z.strictObject({ enabled: enabledField(), createPodRoutes: z.optional(z.boolean()) })),
  snatToUpstreamDNS: z.optional(enabledFlag()),
  autoScaling: z.optional(z.strictObject({
    mode: z.string(),
    resources: z.optional(z.strictObject({ node: z.optional(resourceList()), typha: z.optional(resourceList()) })),
  })),
  vxlan: z.optional(enabledFlag()),
  ipip: z.optional(z.enum(POOL_MODES)),
  ipAutodetectionMethod: z.optional(z.string()),
  wireguardEncryption: z.optional(z.boolean()),
  birdExporter: z.optional(enabledFlag()),
  multus: z.optional(z.strictObject({ enabled: enabledField(), installCNIPlugins: z.optional(z.boolean()) })),
  serviceLoopPrevention: z.optional(z.string()),
}));
export type NetworkConfig = z.infer<ReturnType<typeof networkConfigSchema>>;

/** The part of a Network we read; the rest of the object is the user's and passes through. */
export const networkSpecSchema = builtOnFirstUse(() => z.object({
  type: z.string(),
  podCIDR: z.string(),
  serviceCIDR: z.string(),
  ipFamilies: z.optional(z.array(z.enum(IP_FAMILIES)).check(z.minLength(1), z.maxLength(2))),
  providerConfig: z.optional(z.unknown()),
}));
export type NetworkSpec = z.infer<ReturnType<typeof networkSpecSchema>>;

/**
 * The Shoot fields upstream reads, in the Shoot's own shape. As a Shoot item, the rest of the
 * Shoot is ignored (`object`); in the function config's `spec.shoot`, which holds nothing else,
 * an unknown field is a typo (`strictObject`) and an error.
 */
function shootFactsSchemaWith(object: typeof z.object) {
  return object({
    spec: z.optional(object({
      kubernetes: z.optional(object({
        version: z.optional(z.string().check(z.regex(/^v?\d+\.\d+(\.\d+)?([-+].*)?$/, 'expected a Kubernetes version such as "1.34.2"'))),
        kubeProxy: z.optional(object({
          enabled: z.optional(z.boolean()),
          mode: z.optional(z.enum(KUBE_PROXY_MODES)),
        })),
        kubeAPIServer: z.optional(object({
          featureGates: z.optional(z.record(z.string(), z.boolean())),
          runtimeConfig: z.optional(z.record(z.string(), z.boolean())),
        })),
        verticalPodAutoscaler: z.optional(object({ enabled: z.optional(z.boolean()) })),
      })),
      networking: z.optional(object({ nodes: z.optional(z.string()) })),
    })),
    status: z.optional(object({
      networking: z.optional(object({
        nodes: z.optional(z.array(z.string())),
        pods: z.optional(z.array(z.string())),
      })),
      constraints: z.optional(z.array(z.object({ type: z.string(), status: z.string() }))),
    })),
  });
}
export const shootFactsSchema = builtOnFirstUse(() => shootFactsSchemaWith(z.object));
export type ShootFacts = z.infer<ReturnType<typeof shootFactsSchema>>;

/**
 * The destructive Calico transitions the change plan refuses unless spec.acknowledge lists them
 * (docs/change-plan.md).
 */
export const ACKNOWLEDGEMENTS = ['ipam-type-change', 'ip-pool-cidr-change', 'ip-pool-block-size-change', 'ipv4-pool-removal', 'ipv6-pool-removal'] as const;
export type Acknowledgement = (typeof ACKNOWLEDGEMENTS)[number];

// The schemas' refinements are named functions, so that the generated parsers call the same ones
// (fast-parsers-source.ts).
export function isAcknowledgement(name: string): boolean {
  return (ACKNOWLEDGEMENTS as readonly string[]).includes(name);
}

export function isDuration(text: string): boolean {
  return parseDurationSeconds(text) !== undefined;
}

function acknowledgementSchema() {
  return z.string().check(z.refine(isAcknowledgement, {
    error: (issue) => `unknown acknowledgement${didYouMean(String(issue.input), ACKNOWLEDGEMENTS)}, known ones are ${ACKNOWLEDGEMENTS.join(', ')}`,
  }));
}

export const renderConfigSpecSchema = builtOnFirstUse(() => z.strictObject({
  featureGates: z.optional(z.strictObject({
    NonPrivilegedCalicoNode: z.optional(z.boolean()),
    SeamlessOverlaySwitch: z.optional(z.boolean()),
  })),
  shoot: z.optional(shootFactsSchemaWith(z.strictObject as typeof z.object)),
  images: z.optional(z.partialRecord(z.enum(IMAGE_NAMES), z.string().check(z.regex(/^[^\s\u0000-\u001f\u007f-\u009f]+$/, 'expected an image reference such as "registry.example.com/calico/node:v3.31.0", without spaces or control characters')))),
  crds: z.optional(z.enum(['Emit', 'Skip'])),
  overlaySwitch: z.optional(z.strictObject({
    maxSnapshotAge: z.optional(z.string().check(z.refine(isDuration, 'expected a duration such as "30m" or "1h30m"'))),
    admissionPolicy: z.optional(z.enum(['Emit', 'Skip'])),
    /**
     * Declares that no calico-node runs yet, so a first render may have the overlay off without
     * node evidence. Any evidence in the input wins over it; remove it once the cluster runs.
     */
    newCluster: z.optional(z.boolean()),
  })),
  /** Destructive transitions of the change plan to let through, once their safe procedure is followed. */
  acknowledge: z.optional(z.array(acknowledgementSchema())),
  outputDir: z.optional(z.string().check(z.regex(/^(?!\/)(?!.*(^|\/)\.\.(\/|$)).+$/, 'expected a relative path inside the package'))),
}));
export type RenderConfigSpec = z.infer<ReturnType<typeof renderConfigSpecSchema>>;

export const renderConfigSchema = builtOnFirstUse(() => z.strictObject({
  apiVersion: z.literal(FN_API_VERSION),
  kind: z.literal('CalicoRenderConfig'),
  metadata: z.optional(z.looseObject({ name: z.string() })),
  spec: z.optional(renderConfigSpecSchema()),
}));
export type RenderConfig = z.infer<ReturnType<typeof renderConfigSchema>>;

/**
 * The parameters of the Argo CD config management plugin, as ARGOCD_APP_PARAMETERS holds them:
 * [{"name": "...", "string": "..."}, {"name": "...", "array": [...]}, ...] (render/argocd-parameters.ts).
 */
export const argoCdParametersSchema = builtOnFirstUse(() => z.array(z.object({
  name: z.string(),
  string: z.optional(z.string()),
  array: z.optional(z.array(z.string())),
  map: z.optional(z.record(z.string(), z.string())),
})));
export type ArgoCdParameters = z.infer<ReturnType<typeof argoCdParametersSchema>>;
