// Our input APIs as zod schemas; the TypeScript types are inferred from them, and
// `npm run schema` exports them as JSON Schema for editors. The NetworkConfig mirrors upstream's
// calico.networking.extensions.gardener.cloud/v1alpha1 types and is decoded strictly like
// upstream: an unknown field is an error, not silently ignored.
import { z } from 'zod';
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

const enabledFlag = z.strictObject({ enabled: z.boolean() });
/** A Kubernetes quantity as YAML gives it: `250m`, `"1Gi"` or a bare number. */
const quantity = z.union([z.string(), z.number()]);
const resourceList = z.record(z.string(), quantity);

export const NetworkConfigSchema = z.strictObject({
  apiVersion: z.literal(NETWORK_CONFIG_API_VERSION).optional(),
  kind: z.literal('NetworkConfig').optional(),
  backend: z.enum(BACKENDS).optional(),
  ipam: z.strictObject({ type: z.string(), cidr: z.string().optional() }).optional(),
  ipv4: z.strictObject({
    pool: z.enum(POOL_TYPES).optional(),
    mode: z.enum(POOL_MODES).optional(),
    autoDetectionMethod: z.string().optional(),
  }).optional(),
  ipv6: z.strictObject({
    pool: z.enum(POOL_TYPES).optional(),
    mode: z.enum(POOL_MODES).optional(),
    autoDetectionMethod: z.string().optional(),
    sourceNATEnabled: z.boolean().optional(),
  }).optional(),
  typha: enabledFlag.optional(),
  vethMTU: z.string().optional(),
  ebpfDataplane: enabledFlag.optional(),
  overlay: z.strictObject({ enabled: z.boolean(), createPodRoutes: z.boolean().optional() }).optional(),
  snatToUpstreamDNS: enabledFlag.optional(),
  autoScaling: z.strictObject({
    mode: z.string(),
    resources: z.strictObject({ node: resourceList.optional(), typha: resourceList.optional() }).optional(),
  }).optional(),
  vxlan: enabledFlag.optional(),
  ipip: z.enum(POOL_MODES).optional(),
  ipAutodetectionMethod: z.string().optional(),
  wireguardEncryption: z.boolean().optional(),
  birdExporter: enabledFlag.optional(),
  multus: z.strictObject({ enabled: z.boolean(), installCNIPlugins: z.boolean().optional() }).optional(),
  serviceLoopPrevention: z.string().optional(),
});
export type NetworkConfig = z.infer<typeof NetworkConfigSchema>;

/** The part of a Network we read; the rest of the object is the user's and passes through. */
export const NetworkSpecSchema = z.object({
  type: z.string(),
  podCIDR: z.string(),
  serviceCIDR: z.string(),
  ipFamilies: z.array(z.enum(IP_FAMILIES)).min(1).max(2).optional(),
  providerConfig: z.unknown().optional(),
});
export type NetworkSpec = z.infer<typeof NetworkSpecSchema>;

const conditionSchema = z.object({ type: z.string(), status: z.string() });

/** The Shoot fields upstream reads, in the Shoot's own shape. Other fields are ignored. */
export const ShootFactsSchema = z.object({
  spec: z.object({
    kubernetes: z.object({
      version: z.string().regex(/^v?\d+\.\d+(\.\d+)?([-+].*)?$/, 'expected a Kubernetes version such as "1.34.2"').optional(),
      kubeProxy: z.object({
        enabled: z.boolean().optional(),
        mode: z.enum(KUBE_PROXY_MODES).optional(),
      }).optional(),
      kubeAPIServer: z.object({
        featureGates: z.record(z.string(), z.boolean()).optional(),
        runtimeConfig: z.record(z.string(), z.boolean()).optional(),
      }).optional(),
      verticalPodAutoscaler: z.object({ enabled: z.boolean().optional() }).optional(),
    }).optional(),
    networking: z.object({ nodes: z.string().optional() }).optional(),
  }).optional(),
  status: z.object({
    networking: z.object({
      nodes: z.array(z.string()).optional(),
      pods: z.array(z.string()).optional(),
    }).optional(),
    constraints: z.array(conditionSchema).optional(),
  }).optional(),
});
export type ShootFacts = z.infer<typeof ShootFactsSchema>;

export const RenderConfigSpecSchema = z.strictObject({
  featureGates: z.strictObject({
    NonPrivilegedCalicoNode: z.boolean().optional(),
    SeamlessOverlaySwitch: z.boolean().optional(),
  }).optional(),
  shoot: ShootFactsSchema.optional(),
  images: z.partialRecord(z.enum(IMAGE_NAMES), z.string().min(1)).optional(),
  crds: z.enum(['Emit', 'Skip']).optional(),
  overlaySwitch: z.strictObject({
    maxSnapshotAge: z.string().refine((text) => parseDurationSeconds(text) !== undefined, 'expected a duration such as "30m" or "1h30m"').optional(),
    admissionPolicy: z.enum(['Emit', 'Skip']).optional(),
  }).optional(),
  outputDir: z.string().regex(/^(?!\/)(?!.*(^|\/)\.\.(\/|$)).+$/, 'expected a relative path inside the package').optional(),
});
export type RenderConfigSpec = z.infer<typeof RenderConfigSpecSchema>;

export const RenderConfigSchema = z.object({
  apiVersion: z.literal(FN_API_VERSION),
  kind: z.literal('CalicoRenderConfig'),
  metadata: z.object({ name: z.string() }).passthrough().optional(),
  spec: RenderConfigSpecSchema.optional(),
});
