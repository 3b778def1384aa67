// The cluster-proportional autoscalers that size typha and calico-node from the node count when
// neither VPA nor static requests do: one horizontal (typha replicas) and two vertical (typha and
// calico-node requests). All three are the same shape: a single-replica Deployment reading its
// scaling table from a ConfigMap, with its own ServiceAccount and RBAC.
import type {
  KubernetesObject,
  V1ConfigMap,
  V1Container,
  V1Deployment,
  V1PodSecurityContext,
  V1PolicyRule,
  V1Volume,
} from '@kubernetes/client-node';
import type { CalicoValues, ImageName } from '../values/types.js';
import {
  type Builder,
  image,
  NAMESPACE,
  objectMeta,
  TO_PUBLIC_NETWORKS_APISERVER_AND_DNS,
} from './common.js';
import { accountWithClusterRole, role, roleBinding, serviceAccountSubject } from './rbac.js';

/** The vertical autoscaler reads its table from this directory, where the ConfigMap is mounted. */
const CONFIG_DIR = '/etc/config';

/**
 * The two autoscaler programs. The horizontal one reads its ConfigMap through the API (hence a
 * Role on config maps); the vertical one reads it as a mounted file. Each image runs as its own
 * non-root user.
 */
interface Tool {
  image: ImageName;
  securityContext: V1PodSecurityContext;
  command(scaler: Autoscaler): string[];
  mountsConfig: boolean;
}

// Tools and autoscalers are made fresh per call, so no two rendered objects share a nested
// object (which would print as YAML aliases, and change together if one were edited).
function horizontalTool(): Tool {
  return {
    image: 'calico-cpa',
    securityContext: {
      supplementalGroups: [65532],
      fsGroup: 65532,
      runAsUser: 65532,
      runAsNonRoot: true,
      seccompProfile: { type: 'RuntimeDefault' },
    },
    command: (scaler) => [
      '/cluster-proportional-autoscaler',
      `--namespace=${NAMESPACE}`,
      `--configmap=${scaler.name}`,
      `--target=${scaler.target}`,
      '--logtostderr=true',
      '--v=2',
    ],
    mountsConfig: false,
  };
}

function verticalTool(): Tool {
  return {
    image: 'calico-cpva',
    securityContext: {
      runAsUser: 65534,
      runAsNonRoot: true,
      supplementalGroups: [1],
      fsGroup: 1,
      seccompProfile: { type: 'RuntimeDefault' },
    },
    command: (scaler) => [
      '/cpvpa',
      `--target=${scaler.target}`,
      `--namespace=${NAMESPACE}`,
      '--logtostderr=true',
      '--poll-period-seconds=30',
      '--v=2',
      `--config-file=${CONFIG_DIR}/${scaler.config.key}`,
    ],
    mountsConfig: true,
  };
}

interface Autoscaler {
  /** Name of the Deployment and its ConfigMap. */
  name: string;
  /** The pods' `k8s-app` label. */
  app: string;
  serviceAccountName: string;
  tool: Tool;
  /** `<kind>/<name>` of the workload it scales. */
  target: string;
  /**
   * The ConfigMap's one entry, and the sha256 of the ConfigMap as built (contentChecksum), which
   * rolls the Deployment when the table changes. The ConfigMap depends on nothing a render is
   * given, so its checksum is written here instead of hashed at every render (our SHA-256 in the
   * interpreter costs a start about 0.1 ms a ConfigMap); a test holds each to its ConfigMap.
   */
  config: { key: string; text: string; checksum: string };
  clusterRules: V1PolicyRule[];
  /** Rules scoped to kube-system, bound through a Role. */
  namespaceRules?: V1PolicyRule[];
  priorityClassName: string;
  /**
   * The typha autoscalers are marked as Gardener's (`origin` label) and replaced rather than
   * left stuck when an update touches an immutable field; the calico-node one is neither.
   */
  gardenerOwned: boolean;
}

const TYPHA_DEPLOYMENT = 'deployment/calico-typha-deploy';

/** Typha replicas by node count: [nodes, replicas] steps. Cores do not matter. */
const TYPHA_REPLICA_LADDER: Record<string, [number, number][]> = {
  coresToReplicas: [],
  nodesToReplicas: [
    [1, 1],
    [2, 2],
    [100, 3],
    [250, 4],
    [500, 5],
    [1000, 6],
    [1500, 7],
    [2000, 8],
  ],
};

/** Typha requests: base plus one step per 17 nodes, capped. */
const TYPHA_REQUESTS_TABLE = {
  'calico-typha': {
    requests: {
      cpu: { base: '180m', step: '140m', nodesPerStep: 17, max: '1000m' },
      memory: { base: '180Mi', step: '70Mi', nodesPerStep: 17, max: '2000Mi' },
    },
  },
};

/** calico-node memory: base plus one step per 10 nodes, capped. CPU stays as the DaemonSet sets it. */
const NODE_REQUESTS_TABLE = {
  'calico-node': {
    requests: {
      memory: { base: '50Mi', step: '50Mi', nodesPerStep: 10, max: '1400Mi' },
    },
  },
};

function typhaHorizontal(): Autoscaler {
  return {
    name: 'calico-typha-horizontal-autoscaler',
    app: 'calico-typha-horizontal-autoscaler',
    serviceAccountName: 'typha-cpha',
    tool: horizontalTool(),
    target: TYPHA_DEPLOYMENT,
    config: { key: 'ladder', text: ladderJson(TYPHA_REPLICA_LADDER), checksum: '68a9dbc038e4b62bb7566ec661f1b4ea9944c9ffd1167cd23ddd898918cff107' },
    clusterRules: [{ apiGroups: [''], resources: ['nodes'], verbs: ['list', 'watch', 'get'] }],
    namespaceRules: [
      { apiGroups: [''], resources: ['configmaps'], verbs: ['get'] },
      { apiGroups: ['apps', 'extensions'], resources: ['deployments/scale'], verbs: ['get', 'update'] },
    ],
    priorityClassName: 'gardener-shoot-system-800',
    gardenerOwned: true,
  };
}

function typhaVertical(): Autoscaler {
  return {
    name: 'calico-typha-vertical-autoscaler',
    app: 'calico-typha-vertical-autoscaler',
    serviceAccountName: 'typha-cpva',
    tool: verticalTool(),
    target: TYPHA_DEPLOYMENT,
    config: { key: 'typha-autoscaler', text: JSON.stringify(TYPHA_REQUESTS_TABLE, null, 2), checksum: '9a4fc6103f8b60e9fd388e3ce1f695d8c410144f4abeba5c435b4b7fdc3e26b5' },
    clusterRules: [
      { apiGroups: [''], resources: ['nodes'], verbs: ['list'] },
      { apiGroups: ['apps', 'extensions'], resources: ['deployments'], verbs: ['patch'] },
    ],
    priorityClassName: 'gardener-shoot-system-800',
    gardenerOwned: true,
  };
}

function nodeVertical(): Autoscaler {
  return {
    name: 'calico-node-vertical-autoscaler',
    app: 'calico-node-autoscaler',
    serviceAccountName: 'calico-node-cpva',
    tool: verticalTool(),
    target: 'daemonset/calico-node',
    config: { key: 'node-autoscaler', text: JSON.stringify(NODE_REQUESTS_TABLE, null, 2), checksum: '05e9c50af51650ca490ff4168015971dab54feefd313eb3dc682f1f0007d1178' },
    clusterRules: [
      { apiGroups: [''], resources: ['nodes'], verbs: ['list'] },
      { apiGroups: ['apps', 'extensions'], resources: ['deployments', 'daemonsets'], verbs: ['patch'] },
    ],
    priorityClassName: 'system-cluster-critical',
    gardenerOwned: false,
  };
}

export const buildAutoscalerObjects: Builder = (values) => {
  const scalers: Autoscaler[] = [];
  if (values.typhaEnabled) {
    scalers.push(typhaHorizontal());
    if (!verticalScalingTakenOver(values, values.autoscaling.typhaVPA)) scalers.push(typhaVertical());
  }
  if (!verticalScalingTakenOver(values, values.autoscaling.nodeVPA)) scalers.push(nodeVertical());
  return scalers.flatMap((scaler) => autoscalerObjects(scaler, values));
};

/** VPA or fixed requests own the requests, so a proportional vertical autoscaler would fight them. */
function verticalScalingTakenOver(values: CalicoValues, vpa: boolean): boolean {
  return vpa || values.autoscaling.staticRequests;
}

function autoscalerObjects(scaler: Autoscaler, values: CalicoValues): KubernetesObject[] {
  const account = scaler.serviceAccountName;
  const objects: KubernetesObject[] = [
    configMap(scaler),
    deployment(scaler, values),
    ...accountWithClusterRole(account, scaler.clusterRules),
  ];
  if (scaler.namespaceRules) {
    objects.push(role(account, scaler.namespaceRules), roleBinding(account, account, [serviceAccountSubject(account)]));
  }
  return objects;
}

function configMap(scaler: Autoscaler): V1ConfigMap {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: objectMeta(scaler.name),
    data: { [scaler.config.key]: scaler.config.text },
  };
}

function deployment(scaler: Autoscaler, values: CalicoValues): V1Deployment {
  const { tool } = scaler;
  const container: V1Container = {
    image: image(values, tool.image),
    name: 'autoscaler',
    command: tool.command(scaler),
    securityContext: { allowPrivilegeEscalation: false },
    resources: { requests: { cpu: '10m', memory: '50Mi' } },
  };
  const volumes: V1Volume[] = [];
  if (tool.mountsConfig) {
    container.volumeMounts = [{ name: 'config', mountPath: CONFIG_DIR }];
    volumes.push({ name: 'config', configMap: { name: scaler.name } });
  }
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: objectMeta(scaler.name, {
      labels: { 'k8s-app': scaler.app },
      annotations: scaler.gardenerOwned ? { 'resources.gardener.cloud/delete-on-invalid-update': 'true' } : undefined,
    }),
    spec: {
      revisionHistoryLimit: 2,
      replicas: 1,
      selector: { matchLabels: { 'k8s-app': scaler.app } },
      template: {
        metadata: {
          // The program reads its table only at start: roll the pod when the table changes.
          annotations: { [`checksum/configmap-${scaler.name}`]: scaler.config.checksum },
          labels: {
            ...TO_PUBLIC_NETWORKS_APISERVER_AND_DNS,
            ...(scaler.gardenerOwned ? { origin: 'gardener' } : {}),
            'k8s-app': scaler.app,
          },
        },
        spec: {
          priorityClassName: scaler.priorityClassName,
          // The node's resolver: cluster DNS needs the pod network these autoscalers help run.
          dnsPolicy: 'Default',
          securityContext: tool.securityContext,
          containers: [container],
          ...(volumes.length > 0 ? { volumes } : {}),
          serviceAccountName: scaler.serviceAccountName,
        },
      },
    },
  };
}

/**
 * The horizontal autoscaler's ladder as JSON, one step per line. The program accepts any JSON
 * layout; this one is the chart's, so the ConfigMap reads the same as the extension's.
 */
function ladderJson(ladder: Record<string, [number, number][]>): string {
  const fields = Object.entries(ladder).map(([key, steps]) =>
    steps.length === 0
      ? `  "${key}": []`
      : `  "${key}":\n  [\n${steps.map(([from, to]) => `    [${from}, ${to}]`).join(',\n')}\n  ]`,
  );
  return `{\n${fields.join(',\n')}\n}`;
}
